//! Part-of-speech tagger: a greedy left-to-right averaged perceptron predicting UPOS and
//! XPOS jointly, with the tags each word was seen with in training as a feature of the word
//! and of its right neighbours (a cheap look-ahead).

use crate::binio::{Reader, Writer};
use crate::perceptron::{feat, feat2, feat3, hash_str, IdMap, Model, Trainer};
use crate::NlpError;

/// Precomputed hashes of one word's lexical properties.
#[derive(Clone, Copy, Default)]
pub(crate) struct Lex {
    pub form: u64,
    pub lower: u64,
    pub suf: [u64; 5],
    pub pre: [u64; 3],
    pub shape: u64,
    pub flags: u64,
    /// Hash of the set of tags seen with this word in training (0 when unseen).
    pub amb: u64,
    /// Cluster-like backoff: the lowercased word when frequent, else its shape.
    pub cls: u64,
}

const NONE: u64 = 0x6e6f6e65;

pub(crate) fn shape_of(w: &str) -> String {
    let mut out = String::new();
    let mut last = ' ';
    let mut run = 0;
    for ch in w.chars() {
        let c = if ch.is_uppercase() {
            'X'
        } else if ch.is_lowercase() {
            'x'
        } else if ch.is_ascii_digit() {
            'd'
        } else {
            ch
        };
        if c == last {
            run += 1;
            if run >= 3 {
                continue;
            }
        } else {
            run = 0;
        }
        last = c;
        out.push(c);
    }
    out
}

fn flags_of(w: &str) -> u64 {
    let mut f = 0u64;
    if w.chars().any(|c| c.is_ascii_digit()) {
        f |= 1;
    }
    if w.contains('-') {
        f |= 2;
    }
    if w.chars().next().is_some_and(|c| c.is_uppercase()) {
        f |= 4;
    }
    if w.chars().all(|c| !c.is_lowercase()) && w.chars().any(|c| c.is_uppercase()) {
        f |= 8;
    }
    if w.contains('.') {
        f |= 16;
    }
    if w.chars().all(|c| !c.is_alphanumeric()) {
        f |= 32;
    }
    f
}

fn suffix(w: &str, n: usize) -> &str {
    match w.char_indices().rev().nth(n.saturating_sub(1)) {
        Some((i, _)) => &w[i..],
        None => w,
    }
}

fn prefix(w: &str, n: usize) -> &str {
    match w.char_indices().nth(n) {
        Some((i, _)) => &w[..i],
        None => w,
    }
}

/// The lexicon: which tags each training word took; frequent words keep their identity.
pub struct Lexicon {
    amb: IdMap<u64>,
    frequent: IdMap<()>,
}

impl Lexicon {
    pub(crate) fn lex(&self, w: &str) -> Lex {
        let lower = w.to_lowercase();
        let lh = hash_str(&lower);
        let mut suf = [0u64; 5];
        for (i, s) in suf.iter_mut().enumerate() {
            *s = hash_str(suffix(&lower, i + 1));
        }
        let mut pre = [0u64; 3];
        for (i, p) in pre.iter_mut().enumerate() {
            *p = hash_str(prefix(&lower, i + 1));
        }
        let fh = hash_str(w);
        let shape = hash_str(&shape_of(w));
        let amb = self.amb.get(&fh).or_else(|| self.amb.get(&lh)).copied().unwrap_or(0);
        let cls = if self.frequent.contains_key(&lh) { lh } else { shape };
        Lex { form: fh, lower: lh, suf, pre, shape, flags: flags_of(w), amb, cls }
    }
}

pub struct Tagger {
    pub(crate) lexicon: Lexicon,
    /// Joint tags, `UPOS\tXPOS`.
    tags: Vec<String>,
    pub(crate) model: Model,
}

fn features(lex: &[Lex], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    out.clear();
    let get = |j: isize| -> Option<&Lex> {
        if j < 0 {
            None
        } else {
            lex.get(j as usize)
        }
    };
    let w = &lex[i];
    let m1 = get(i as isize - 1);
    let m2 = get(i as isize - 2);
    let n1 = get(i as isize + 1);
    let n2 = get(i as isize + 2);
    let lw = |l: Option<&Lex>| l.map_or(NONE, |l| l.lower);
    let la = |l: Option<&Lex>| l.map_or(NONE, |l| l.amb);
    out.push(feat(1, 0));
    out.push(feat(2, w.form));
    out.push(feat(3, w.lower));
    for (k, s) in w.suf.iter().enumerate() {
        out.push(feat(10 + k as u64, *s));
    }
    for (k, p) in w.pre.iter().enumerate() {
        out.push(feat(20 + k as u64, *p));
    }
    out.push(feat(30, w.shape));
    out.push(feat(31, w.flags));
    out.push(feat(32, w.amb));
    out.push(feat2(33, w.amb, w.suf[2]));
    out.push(feat(40, p1));
    out.push(feat2(41, p1, p2));
    out.push(feat2(42, p1, w.lower));
    out.push(feat2(43, p1, w.amb));
    out.push(feat(44, p2));
    out.push(feat(50, lw(m1)));
    out.push(feat(51, lw(m2)));
    out.push(feat(52, lw(n1)));
    out.push(feat(53, lw(n2)));
    out.push(feat(54, la(n1)));
    out.push(feat(55, la(n2)));
    out.push(feat2(56, la(n1), w.amb));
    out.push(feat2(57, la(n1), la(n2)));
    out.push(feat2(58, w.lower, lw(n1)));
    out.push(feat2(59, lw(m1), w.lower));
    out.push(feat3(60, p1, w.amb, la(n1)));
    out.push(feat(61, n1.map_or(NONE, |l| l.suf[2])));
    out.push(feat(62, m1.map_or(NONE, |l| l.suf[2])));
    out.push(feat(63, n1.map_or(NONE, |l| l.shape)));
    out.push(feat(64, m1.map_or(NONE, |l| l.shape)));
    out.push(feat2(65, w.shape, n1.map_or(NONE, |l| l.shape)));
    out.push(feat2(66, w.cls, n1.map_or(NONE, |l| l.cls)));
    out.push(feat2(67, m1.map_or(NONE, |l| l.cls), w.cls));
    out.push(feat2(68, p1, w.suf[1]));
    out.push(feat2(69, w.flags, w.suf[2]));
    out.push(feat2(70, w.flags, u64::from(i == 0)));
    out.push(feat3(71, w.amb, u64::from(i == 0), w.flags & 4));
    out.push(feat2(72, w.suf[2], lw(n1)));
    out.push(feat2(73, p1, la(n1)));
    out.push(feat2(74, w.pre[1], w.suf[1]));
    out.push(feat2(75, w.amb, lw(m1)));
    out.push(feat2(76, w.amb, lw(n1)));
}

impl Tagger {
    pub fn tags(&self) -> &[String] {
        &self.tags
    }

    pub(crate) fn tag_lex(&self, lex: &[Lex]) -> Vec<usize> {
        let mut out = Vec::with_capacity(lex.len());
        let mut feats = Vec::with_capacity(64);
        let mut scores = vec![0i32; self.tags.len()];
        let (mut p1, mut p2) = (NONE, NONE);
        for i in 0..lex.len() {
            features(lex, i, p1, p2, &mut feats);
            scores.iter_mut().for_each(|s| *s = 0);
            self.model.score(&feats, &mut scores);
            let best = argmax(&scores);
            out.push(best);
            p2 = p1;
            p1 = best as u64 + 1;
        }
        out
    }

    pub fn split(&self, t: usize) -> (&str, &str) {
        let s = self.tags.get(t).map_or("X\tXX", |s| s.as_str());
        s.split_once('\t').unwrap_or((s, s))
    }

    pub fn write(&self, w: &mut Writer) {
        w.strs(&self.tags);
        w.u32(self.lexicon.amb.len() as u32);
        let mut amb: Vec<_> = self.lexicon.amb.iter().collect();
        amb.sort();
        for (k, v) in amb {
            w.u64(*k);
            w.u64(*v);
        }
        let mut fr: Vec<_> = self.lexicon.frequent.keys().collect();
        fr.sort();
        w.u32(fr.len() as u32);
        for k in fr {
            w.u64(*k);
        }
        self.model.write(w);
    }

    pub fn read(r: &mut Reader) -> Result<Tagger, NlpError> {
        let tags = r.strs()?;
        let n = r.u32()? as usize;
        let mut amb = IdMap::default();
        for _ in 0..n {
            let k = r.u64()?;
            amb.insert(k, r.u64()?);
        }
        let n = r.u32()? as usize;
        let mut frequent = IdMap::default();
        for _ in 0..n {
            frequent.insert(r.u64()?, ());
        }
        let model = Model::read(r)?;
        if model.n_classes() != tags.len() {
            return Err(NlpError::Model("tagger classes do not match its tag list".into()));
        }
        Ok(Tagger { lexicon: Lexicon { amb, frequent }, tags, model })
    }
}

pub(crate) fn argmax<T: PartialOrd + Copy>(scores: &[T]) -> usize {
    let mut best = 0;
    let Some(&first) = scores.first() else { return 0 };
    let mut bs = first;
    for (i, s) in scores.iter().enumerate() {
        if *s > bs {
            bs = *s;
            best = i;
        }
    }
    best
}

/// A training sentence: forms and joint tags.
pub struct TagExample {
    pub forms: Vec<String>,
    pub tags: Vec<String>,
}

/// Trains the tagger; `dev` picks the epoch. `log` receives progress lines.
pub fn train(
    train: &[TagExample],
    dev: &[TagExample],
    epochs: usize,
    min_weight: f32,
    log: &mut dyn FnMut(String),
) -> Tagger {
    let mut tags: Vec<String> = train.iter().flat_map(|s| s.tags.iter().cloned()).collect();
    tags.sort();
    tags.dedup();
    let tag_index = |t: &str| tags.binary_search_by(|x| x.as_str().cmp(t)).ok();
    // Lexicon: the tags each form and lowercased form took, per fold of the training data, so
    // that training sentences see the ambiguity classes of the *other* folds and meet unknown
    // words as often as new text does.
    const FOLDS: usize = 10;
    let mut seen: Vec<IdMap<u128>> = vec![IdMap::default(); FOLDS];
    let mut counts: IdMap<usize> = IdMap::default();
    for (si, s) in train.iter().enumerate() {
        for (f, t) in s.forms.iter().zip(&s.tags) {
            let Some(ti) = tag_index(t) else { continue };
            let bit = 1u128 << (ti % 128);
            for key in [hash_str(f), hash_str(&f.to_lowercase())] {
                *seen[si % FOLDS].entry(key).or_default() |= bit;
            }
            *counts.entry(hash_str(&f.to_lowercase())).or_default() += 1;
        }
    }
    let amb_hash = |bits: u128| crate::perceptron::mix(0x616d62 ^ bits as u64, (bits >> 64) as u64);
    let mut amb = IdMap::default();
    for fold in &seen {
        for (k, bits) in fold {
            *amb.entry(*k).or_insert(0u128) |= *bits;
        }
    }
    let amb: IdMap<u64> = amb.into_iter().map(|(k, b)| (k, amb_hash(b))).collect();
    let frequent: IdMap<()> = counts.into_iter().filter(|(_, c)| *c >= 5).map(|(k, _)| (k, ())).collect();
    let lexicon = Lexicon { amb, frequent };
    let held_out_amb = |si: usize, key: u64| -> u64 {
        let bits = seen
            .iter()
            .enumerate()
            .filter(|(f, _)| *f != si % FOLDS)
            .fold(0u128, |b, (_, m)| b | m.get(&key).copied().unwrap_or(0));
        if bits == 0 {
            0
        } else {
            amb_hash(bits)
        }
    };
    let train_lex: Vec<Vec<Lex>> = train
        .iter()
        .enumerate()
        .map(|(si, s)| {
            s.forms
                .iter()
                .map(|f| {
                    let mut l = lexicon.lex(f);
                    let a = held_out_amb(si, l.form);
                    l.amb = if a != 0 { a } else { held_out_amb(si, l.lower) };
                    l
                })
                .collect()
        })
        .collect();
    let lex_of = |s: &TagExample| -> Vec<Lex> { s.forms.iter().map(|f| lexicon.lex(f)).collect() };
    let gold: Vec<Vec<usize>> =
        train.iter().map(|s| s.tags.iter().map(|t| tag_index(t).unwrap_or(0)).collect()).collect();
    let dev_lex: Vec<Vec<Lex>> = dev.iter().map(lex_of).collect();

    let mut trainer = Trainer::new(tags.len());
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = crate::Rng(0x5eed);
    let mut best: Option<(f64, Model)> = None;
    let mut feats = Vec::with_capacity(64);
    let mut scores = vec![0f32; tags.len()];
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        let (mut n, mut ok) = (0usize, 0usize);
        for &si in &order {
            let lex = &train_lex[si];
            let (mut p1, mut p2) = (NONE, NONE);
            // the index is the features' position, not only an index into `lex`
            #[allow(clippy::needless_range_loop)]
            for i in 0..lex.len() {
                features(lex, i, p1, p2, &mut feats);
                scores.iter_mut().for_each(|s| *s = 0.0);
                trainer.score(&feats, &mut scores);
                let guess = argmax(&scores);
                let truth = gold[si][i];
                trainer.update(&feats, truth, guess);
                trainer.tick();
                n += 1;
                ok += usize::from(guess == truth);
                p2 = p1;
                p1 = guess as u64 + 1;
            }
        }
        let model = trainer.average(min_weight);
        let tagger = Tagger {
            lexicon: Lexicon { amb: IdMap::default(), frequent: IdMap::default() },
            tags: tags.clone(),
            model,
        };
        let (mut dn, mut dok) = (0usize, 0usize);
        for (s, lex) in dev.iter().zip(&dev_lex) {
            for (t, g) in tagger.tag_lex(lex).iter().zip(&s.tags) {
                dn += 1;
                dok += usize::from(tags.get(*t).is_some_and(|x| x == g));
            }
        }
        let acc = dok as f64 / dn.max(1) as f64;
        log(format!(
            "tagger epoch {}: train {:.4} dev {:.4} ({} features)",
            epoch + 1,
            ok as f64 / n.max(1) as f64,
            acc,
            tagger.model.n_features()
        ));
        // Without dev data every epoch scores 0, and the last one is kept.
        if best.as_ref().is_none_or(|b| acc > b.0 || dev.is_empty()) {
            best = Some((acc, tagger.model));
        }
    }
    let model = best.map(|b| b.1).unwrap_or_else(|| trainer.average(min_weight));
    Tagger { lexicon, tags, model }
}
