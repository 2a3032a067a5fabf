//! Sentence splitter: a perceptron deciding, after each word, whether a sentence ends there.
//! A blank line always ends a sentence; a single line break is strong evidence the model
//! learns (headlines and bylines lack a final period).

use crate::binio::{Reader, Writer};
use crate::perceptron::{feat, feat2, feat3, hash_str, Model, Trainer};
use crate::tagger::shape_of;
use crate::tokenize::Span;
use crate::NlpError;

pub struct SentenceSplitter {
    pub(crate) model: Model,
}

fn features(text: &str, words: &[Span], i: usize, out: &mut Vec<u64>) {
    out.clear();
    let form = |j: usize| words.get(j).map_or("<END>", |s| text.get(s.start..s.end).unwrap_or(""));
    let w = form(i);
    let lw = hash_str(&w.to_lowercase());
    let prev = if i == 0 { "<START>" } else { form(i - 1) };
    let next = form(i + 1);
    let next2 = form(i + 2);
    let nl_next = words.get(i + 1).map_or(3, |s| u64::from(s.newlines_before.min(2)));
    let glued = words.get(i + 1).is_some_and(|s| s.start == words[i].end);
    let next_first = next.chars().next().map_or(0u64, |c| {
        if c.is_uppercase() {
            1
        } else if c.is_lowercase() {
            2
        } else if c.is_ascii_digit() {
            3
        } else {
            4 + u64::from(c as u32 % 64)
        }
    });
    let ws = hash_str(&shape_of(w));
    let ns = hash_str(&shape_of(next));
    let ln = hash_str(&next.to_lowercase());
    let lp = hash_str(&prev.to_lowercase());
    let len = w.chars().count().min(6) as u64;
    out.push(feat(1, 0));
    out.push(feat(2, lw));
    out.push(feat(3, ln));
    out.push(feat(4, lp));
    out.push(feat(5, ws));
    out.push(feat(6, ns));
    out.push(feat(7, nl_next));
    out.push(feat(8, next_first));
    out.push(feat2(9, lw, next_first));
    out.push(feat2(10, lw, nl_next));
    out.push(feat2(11, ws, next_first));
    out.push(feat2(12, lp, lw));
    out.push(feat2(13, lw, ln));
    out.push(feat2(14, ws, ns));
    out.push(feat2(15, len, next_first));
    out.push(feat3(16, lw, next_first, u64::from(glued)));
    out.push(feat(17, u64::from(glued)));
    out.push(feat(18, hash_str(&next2.to_lowercase())));
    out.push(feat2(19, ns, nl_next));
    out.push(feat3(20, hash_str(&shape_of(prev)), ws, ns));
}

impl SentenceSplitter {
    /// Indices of the words that end a sentence (the last word always does).
    pub fn ends(&self, text: &str, words: &[Span]) -> Vec<usize> {
        let mut ends = Vec::new();
        let mut feats = Vec::with_capacity(32);
        let form = |i: usize| words.get(i).map_or("", |s| text.get(s.start..s.end).unwrap_or(""));
        for i in 0..words.len() {
            let last = i + 1 == words.len();
            let blank = words.get(i + 1).is_some_and(|s| s.newlines_before >= 2);
            let starts_sentence = ends.last().map_or(0, |e| e + 1) == i;
            // A title never ends a sentence, nor does an abbreviation standing alone ("U.S."
            // after a full stop begins the next sentence rather than being one).
            let held = crate::tokenize::never_ends_sentence(form(i))
                || (starts_sentence && crate::tokenize::is_abbreviation_token(form(i)));
            let end = last
                || blank
                || !held && {
                    features(text, words, i, &mut feats);
                    let mut scores = [0i32; 2];
                    self.model.score(&feats, &mut scores);
                    scores[1] > scores[0]
                };
            if end {
                ends.push(i);
            }
        }
        ends
    }

    /// Trains on raw texts with their gold sentence-end byte offsets.
    pub fn train(docs: &[(String, Vec<usize>)], epochs: usize, log: &mut dyn FnMut(String)) -> SentenceSplitter {
        let mut trainer = Trainer::new(2);
        let mut feats = Vec::with_capacity(32);
        let prepared: Vec<(Vec<Span>, Vec<bool>)> = docs
            .iter()
            .map(|(text, ends)| {
                let words = crate::tokenize::tokenize(text);
                let labels = words.iter().map(|w| ends.binary_search(&w.end).is_ok()).collect();
                (words, labels)
            })
            .collect();
        for epoch in 0..epochs {
            let (mut n, mut errs) = (0usize, 0usize);
            for ((text, _), (words, labels)) in docs.iter().zip(&prepared) {
                // the index is the features' position, not only an index into `words`
                #[allow(clippy::needless_range_loop)]
                for i in 0..words.len() {
                    features(text, words, i, &mut feats);
                    let mut scores = [0f32; 2];
                    trainer.score(&feats, &mut scores);
                    let guess = usize::from(scores[1] > scores[0]);
                    let truth = usize::from(labels[i]);
                    n += 1;
                    if guess != truth {
                        errs += 1;
                        trainer.update(&feats, truth, guess);
                    }
                    trainer.tick();
                }
            }
            log(format!("sentence splitter epoch {}: train error {:.4}", epoch + 1, errs as f64 / n.max(1) as f64));
        }
        SentenceSplitter { model: trainer.average(0.1) }
    }

    pub fn write(&self, w: &mut Writer) {
        self.model.write(w);
    }

    pub fn read(r: &mut Reader) -> Result<SentenceSplitter, NlpError> {
        let model = Model::read(r)?;
        if model.n_classes() != 2 {
            return Err(NlpError::Model("sentence model must have two classes".into()));
        }
        Ok(SentenceSplitter { model })
    }
}
