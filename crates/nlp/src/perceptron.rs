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

/// A trained, frozen perceptron: an open-addressing table from feature key to its sparse row
/// of 16-bit weights. Scores are integers (weights times a per-model scale).
pub struct Model {
    n_classes: usize,
    /// Table slots: [key (0 = empty), row start << 8 | row length].
    slots: Vec<[u32; 2]>,
    mask: usize,
    /// Row entries: weight (i16) << 16 | class.
    entries: Vec<u32>,
}

#[inline]
fn slot_of(key: u32, mask: usize) -> usize {
    (key.wrapping_mul(0x9e37_79b1) as usize) & mask
}

#[inline]
fn key_of(feature: u64) -> u32 {
    ((feature >> 32) as u32).max(1)
}

impl Model {
    fn with_capacity(n_classes: usize, n_rows: usize, n_entries: usize) -> Model {
        let cap = (n_rows * 2).next_power_of_two().max(16);
        Model { n_classes, slots: vec![[0, 0]; cap], mask: cap - 1, entries: Vec::with_capacity(n_entries) }
    }

    /// Rows are keyed by the top 32 bits of the feature hash: collisions among a few million
    /// features are rare and harmless, and the table halves.
    fn from_rows(n_classes: usize, rows: Vec<(u32, Vec<(u16, f32)>)>) -> Model {
        let max = rows.iter().flat_map(|r| r.1.iter()).fold(0f32, |m, x| m.max(x.1.abs())).max(1e-6);
        let scale = 32767.0 / max;
        let n_entries = rows.iter().map(|r| r.1.len()).sum();
        let mut m = Model::with_capacity(n_classes, rows.len(), n_entries);
        for (k, row) in rows {
            let q: Vec<(u8, i16)> =
                row.iter().map(|(c, w)| (*c as u8, (w * scale).round() as i16)).filter(|(_, w)| *w != 0).collect();
            m.push_row(k, &q);
        }
        m
    }

    fn push_row(&mut self, key: u32, row: &[(u8, i16)]) {
        if row.is_empty() || self.entries.len() >= (1 << 24) {
            return;
        }
        let start = self.entries.len() as u32;
        let len = row.len().min(255);
        for (c, w) in &row[..len] {
            self.entries.push((u32::from(*w as u16) << 16) | u32::from(*c));
        }
        let key = key.max(1);
        let mut i = slot_of(key, self.mask);
        while self.slots[i][0] != 0 && self.slots[i][0] != key {
            i = (i + 1) & self.mask;
        }
        self.slots[i] = [key, (start << 8) | len as u32];
    }

    #[inline]
    fn meta(&self, feature: u64) -> u32 {
        let key = key_of(feature);
        let mut i = slot_of(key, self.mask);
        loop {
            let Some(slot) = self.slots.get(i) else { return 0 };
            if slot[0] == key {
                return slot[1];
            }
            if slot[0] == 0 {
                return 0;
            }
            i = (i + 1) & self.mask;
        }
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    pub fn n_features(&self) -> usize {
        self.slots.iter().filter(|k| k[0] != 0).count()
    }

    fn rows(&self) -> Vec<(u32, Vec<(u8, i16)>)> {
        let mut rows: Vec<(u32, Vec<(u8, i16)>)> = self
            .slots
            .iter()
            .filter(|s| s[0] != 0)
            .map(|s| {
                let (start, len) = ((s[1] >> 8) as usize, (s[1] & 0xff) as usize);
                let row = self.entries[start..start + len]
                    .iter()
                    .map(|e| ((*e & 0xff) as u8, (*e >> 16) as u16 as i16))
                    .collect();
                (s[0], row)
            })
            .collect();
        rows.sort_by_key(|r| r.0);
        rows
    }

    /// Drops weights smaller in magnitude than `min_abs` (in quantised units out of 32767).
    pub fn prune(&mut self, min_abs: i16) {
        let rows = self.rows();
        let mut m = Model::with_capacity(self.n_classes, rows.len(), self.entries.len());
        for (k, row) in rows {
            let row: Vec<(u8, i16)> =
                row.into_iter().filter(|(_, w)| w.unsigned_abs() >= min_abs.unsigned_abs()).collect();
            m.push_row(k, &row);
        }
        *self = m;
    }

    /// Adds the scores of `feats` to `scores` (length `n_classes`).
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [i32]) {
        // Resolve every row first: the table lookups are independent, so their cache misses
        // overlap instead of queueing behind the additions.
        let mut metas = [0u32; 64];
        for chunk in feats.chunks(64) {
            for (m, f) in metas.iter_mut().zip(chunk) {
                *m = self.meta(*f);
            }
            for m in &metas[..chunk.len()] {
                let (start, len) = ((m >> 8) as usize, (m & 0xff) as usize);
                if let Some(row) = self.entries.get(start..start + len) {
                    for e in row {
                        if let Some(x) = scores.get_mut((*e & 0xff) as usize) {
                            *x += i32::from((*e >> 16) as u16 as i16);
                        }
                    }
                }
            }
        }
    }

    pub fn write(&self, w: &mut Writer) {
        w.u32(self.n_classes as u32);
        let rows = self.rows();
        w.u32(rows.len() as u32);
        w.u32(rows.iter().map(|r| r.1.len() as u32).sum());
        let mut prev = 0u32;
        for (k, row) in rows {
            w.varint(k - prev);
            prev = k;
            w.u8(row.len() as u8);
            for (c, x) in row {
                w.u8(c);
                w.i16(x);
            }
        }
    }

    pub fn read(r: &mut Reader) -> Result<Model, NlpError> {
        let n_classes = r.u32()? as usize;
        if n_classes > 256 {
            return Err(NlpError::Model("too many classes".into()));
        }
        let n = r.u32()? as usize;
        let n_entries = r.u32()? as usize;
        let mut m = Model::with_capacity(n_classes, n.min(1 << 24), n_entries.min(1 << 24));
        let mut key = 0u32;
        let mut row = Vec::with_capacity(256);
        for _ in 0..n {
            key = key.wrapping_add(r.varint()?);
            let len = r.u8()? as usize;
            row.clear();
            for _ in 0..len {
                let c = r.u8()?;
                let x = r.i16()?;
                if c as usize >= n_classes {
                    return Err(NlpError::Model("class index out of range".into()));
                }
                row.push((c, x));
            }
            m.push_row(key, &row);
        }
        Ok(m)
    }
}
