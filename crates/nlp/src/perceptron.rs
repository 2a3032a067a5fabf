//! Averaged multiclass perceptron over hashed sparse features.
//!
//! Features are 64-bit hashes; each feature keeps weights only for the classes it was ever
//! updated for, so a model with many classes stays small.

use crate::binio::{Reader, Writer};
use crate::NlpError;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Stable string hash (FNV-1a with a final mix): feature keys must not change between builds.
pub fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    fmix(h)
}

/// Combines two hashes.
#[inline]
pub fn mix(a: u64, b: u64) -> u64 {
    fmix(a.rotate_left(23) ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

#[inline]
fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

/// Feature key for template `t` over values.
#[inline]
pub fn feat(t: u64, a: u64) -> u64 {
    mix(t.wrapping_add(0x51ed_270b), a)
}
#[inline]
pub fn feat2(t: u64, a: u64, b: u64) -> u64 {
    mix(feat(t, a), b)
}
#[inline]
pub fn feat3(t: u64, a: u64, b: u64, c: u64) -> u64 {
    mix(feat2(t, a, b), c)
}

/// Keys are already hashes: hash them as they are.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);
impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}
pub type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

#[derive(Clone, Copy)]
struct Slot {
    class: u16,
    w: f32,
    total: f64,
    stamp: u32,
}

/// Perceptron under training.
pub struct Trainer {
    n_classes: usize,
    weights: IdMap<Vec<Slot>>,
    step: u32,
}

impl Trainer {
    pub fn new(n_classes: usize) -> Trainer {
        Trainer { n_classes, weights: IdMap::default(), step: 1 }
    }

    /// Adds the (current, not averaged) scores of `feats` to `scores`.
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        for f in feats {
            if let Some(slots) = self.weights.get(f) {
                for s in slots {
                    if let Some(x) = scores.get_mut(s.class as usize) {
                        *x += s.w;
                    }
                }
            }
        }
    }

    /// One training instance seen (advances the averaging clock).
    pub fn tick(&mut self) {
        self.step += 1;
    }

    /// Moves weights toward `truth` and away from `guess`.
    pub fn update(&mut self, feats: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        let step = self.step;
        for f in feats {
            let slots = self.weights.entry(*f).or_default();
            for (class, delta) in [(truth, 1.0f32), (guess, -1.0f32)] {
                let class = class as u16;
                let slot = match slots.iter_mut().position(|s| s.class == class) {
                    Some(i) => &mut slots[i],
                    None => {
                        slots.push(Slot { class, w: 0.0, total: 0.0, stamp: step });
                        let last = slots.len() - 1;
                        &mut slots[last]
                    }
                };
                slot.total += f64::from(slot.w) * f64::from(step - slot.stamp);
                slot.stamp = step;
                slot.w += delta;
            }
        }
    }

    /// The averaged model; weights whose magnitude is below `min_abs` are dropped.
    pub fn average(&self, min_abs: f32) -> Model {
        let step = self.step;
        let mut entries: Vec<(u32, Vec<(u16, f32)>)> = Vec::with_capacity(self.weights.len());
        for (k, slots) in &self.weights {
            let mut row = Vec::new();
            for s in slots {
                let total = s.total + f64::from(s.w) * f64::from(step - s.stamp);
                let avg = (total / f64::from(step)) as f32;
                if avg.abs() >= min_abs {
                    row.push((s.class, avg));
                }
            }
            if !row.is_empty() {
                row.sort_by_key(|r| r.0);
                entries.push(((*k >> 32) as u32, row));
            }
        }
        entries.sort_by_key(|e| e.0);
        Model::from_rows(self.n_classes, entries)
    }
}

/// A trained, frozen perceptron: an open-addressing table from feature key to its sparse row.
pub struct Model {
    n_classes: usize,
    /// Table slots: key (0 = empty), row start, row length.
    keys: Vec<u32>,
    rows: Vec<(u32, u32)>,
    mask: usize,
    classes: Vec<u16>,
    weights: Vec<f32>,
}

impl Model {
    /// Rows are keyed by the top 32 bits of the feature hash: collisions among a few million
    /// features are rare and harmless, and the model file halves.
    fn from_rows(n_classes: usize, rows: Vec<(u32, Vec<(u16, f32)>)>) -> Model {
        let cap = (rows.len() * 2).next_power_of_two().max(16);
        let mut m = Model {
            n_classes,
            keys: vec![0; cap],
            rows: vec![(0, 0); cap],
            mask: cap - 1,
            classes: Vec::new(),
            weights: Vec::new(),
        };
        for (k, row) in rows {
            let start = m.classes.len() as u32;
            for (c, w) in &row {
                m.classes.push(*c);
                m.weights.push(*w);
            }
            m.insert(k, (start, row.len() as u32));
        }
        m
    }

    fn insert(&mut self, key: u32, row: (u32, u32)) {
        let key = key.max(1);
        let mut i = (key.wrapping_mul(0x9e37_79b1) as usize) & self.mask;
        while self.keys[i] != 0 && self.keys[i] != key {
            i = (i + 1) & self.mask;
        }
        self.keys[i] = key;
        self.rows[i] = row;
    }

    #[inline]
    fn row(&self, feature: u64) -> Option<(u32, u32)> {
        let key = ((feature >> 32) as u32).max(1);
        let mut i = (key.wrapping_mul(0x9e37_79b1) as usize) & self.mask;
        loop {
            let k = *self.keys.get(i)?;
            if k == key {
                return self.rows.get(i).copied();
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Drops weights smaller in magnitude than `min_abs`.
    pub fn prune(&mut self, min_abs: f32) {
        let mut rows = Vec::new();
        for i in 0..self.keys.len() {
            if self.keys[i] == 0 {
                continue;
            }
            let (start, len) = self.rows[i];
            let row: Vec<(u16, f32)> = (start..start + len)
                .map(|j| (self.classes[j as usize], self.weights[j as usize]))
                .filter(|(_, w)| w.abs() >= min_abs)
                .collect();
            if !row.is_empty() {
                rows.push((self.keys[i], row));
            }
        }
        *self = Model::from_rows(self.n_classes, rows);
    }

    pub fn n_features(&self) -> usize {
        self.keys.iter().filter(|k| **k != 0).count()
    }

    /// Adds the scores of `feats` to `scores` (length `n_classes`).
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        for f in feats {
            if let Some((start, len)) = self.row(*f) {
                let (s, e) = (start as usize, (start + len) as usize);
                if let (Some(cs), Some(ws)) = (self.classes.get(s..e), self.weights.get(s..e)) {
                    for (c, w) in cs.iter().zip(ws) {
                        if let Some(x) = scores.get_mut(*c as usize) {
                            *x += *w;
                        }
                    }
                }
            }
        }
    }

    /// Serialises: weights are quantised to 16 bits.
    pub fn write(&self, w: &mut Writer) {
        w.u32(self.n_classes as u32);
        let max = self.weights.iter().fold(0f32, |m, x| m.max(x.abs())).max(1e-6);
        let scale = max / 32767.0;
        w.f32(scale);
        let mut live: Vec<usize> = (0..self.keys.len()).filter(|&i| self.keys[i] != 0 && self.rows[i].1 > 0).collect();
        live.sort_by_key(|&i| self.keys[i]);
        w.u32(live.len() as u32);
        let mut prev = 0u32;
        for &i in &live {
            let (start, len) = self.rows[i];
            w.varint(self.keys[i] - prev);
            prev = self.keys[i];
            w.u8(len.min(255) as u8);
            let len = len.min(255);
            for j in start..start + len {
                w.u8(self.classes[j as usize] as u8);
                w.i16((self.weights[j as usize] / scale).round() as i16);
            }
        }
    }

    /// The first model format (64-bit keys); kept only to convert old files.
    pub fn read_legacy(r: &mut Reader) -> Result<Model, NlpError> {
        let n_classes = r.u32()? as usize;
        let scale = r.f32()?;
        let n = r.u32()? as usize;
        let mut rows = Vec::with_capacity(n.min(1 << 24));
        for _ in 0..n {
            let key = r.u64()?;
            let len = r.u16()? as usize;
            let mut row = Vec::with_capacity(len);
            for _ in 0..len {
                let c = u16::from(r.u8()?);
                let q = r.i16()?;
                row.push((c, f32::from(q) * scale));
            }
            rows.push(((key >> 32) as u32, row));
        }
        Ok(Model::from_rows(n_classes, rows))
    }

    pub fn read(r: &mut Reader) -> Result<Model, NlpError> {
        let n_classes = r.u32()? as usize;
        let scale = r.f32()?;
        let n = r.u32()? as usize;
        let mut rows = Vec::with_capacity(n.min(1 << 24));
        let mut key = 0u32;
        for _ in 0..n {
            key = key.wrapping_add(r.varint()?);
            let len = r.u8()? as usize;
            let mut row = Vec::with_capacity(len);
            for _ in 0..len {
                let c = u16::from(r.u8()?);
                let q = r.i16()?;
                if c as usize >= n_classes {
                    return Err(NlpError::Model("class index out of range".into()));
                }
                row.push((c, f32::from(q) * scale));
            }
            rows.push((key, row));
        }
        Ok(Model::from_rows(n_classes, rows))
    }
}
