//! Evaluation against a gold CoNLL-U treebank: with gold tokens, and from raw text with
//! words aligned by character offsets (as in the CoNLL 2018 shared task).

use crate::conllu::{self, Sentence};
use crate::Analyzer;
use std::collections::HashMap;

#[derive(Debug, Clone, Default)]
pub struct GoldTokenScores {
    pub words: usize,
    pub upos: f64,
    pub xpos: f64,
    pub lemma: f64,
    pub uas: f64,
    /// Universal relation only (the part before `:`), as the CoNLL 2018 shared task.
    pub las: f64,
}

/// Tags and parses the gold words of each sentence and compares.
pub fn evaluate_gold_tokens(nlp: &Analyzer, gold: &[Sentence]) -> GoldTokenScores {
    let (mut n, mut up, mut xp, mut lem, mut ua, mut la) = (0usize, 0, 0, 0, 0, 0);
    for s in gold {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        for (t, g) in nlp.parse_tokens(&forms).iter().zip(&s.words) {
            n += 1;
            up += usize::from(t.upos == g.upos);
            xp += usize::from(t.xpos == g.xpos);
            lem += usize::from(t.lemma == g.lemma);
            if t.head == g.head {
                ua += 1;
                la += usize::from(t.deprel.split(':').next() == g.deprel.split(':').next());
            }
        }
    }
    let pct = |c: usize| 100.0 * c as f64 / n.max(1) as f64;
    GoldTokenScores { words: n, upos: pct(up), xpos: pct(xp), lemma: pct(lem), uas: pct(ua), las: pct(la) }
}

#[derive(Debug, Clone, Default)]
pub struct RawTextScores {
    pub gold_words: usize,
    pub system_words: usize,
    /// F1 of word spans (words of multiword tokens split where their forms spell the token).
    pub words_f1: f64,
    pub sentences_f1: f64,
    /// F1 over aligned words, CoNLL 2018 style (correct / system and / gold).
    pub upos_f1: f64,
    pub uas_f1: f64,
    pub las_f1: f64,
}

fn f1(correct: usize, sys: usize, gold: usize) -> f64 {
    if sys + gold == 0 {
        0.0
    } else {
        100.0 * 2.0 * correct as f64 / (sys + gold) as f64
    }
}

struct Aligned {
    span: (usize, usize),
    upos: String,
    head_span: Option<(usize, usize)>,
    deprel: String,
}

/// Rebuilds the raw text of `gold` (sentences joined by a space, paragraphs by a newline),
/// analyses it from scratch and scores tokens, sentences, tags and the parse.
pub fn evaluate_raw(nlp: &Analyzer, gold: &[Sentence]) -> RawTextScores {
    let (text, spans) = conllu::raw_text(gold);
    let mut gold_words: Vec<Aligned> = Vec::new();
    for (s, (off, _)) in gold.iter().zip(&spans) {
        let Some(ws) = conllu::word_spans(s) else { continue };
        let abs: Vec<(usize, usize)> = ws.iter().map(|(a, b)| (a + off, b + off)).collect();
        for (w, sp) in s.words.iter().zip(&abs) {
            gold_words.push(Aligned {
                span: *sp,
                upos: w.upos.clone(),
                head_span: if w.head == 0 { None } else { abs.get(w.head - 1).copied() },
                deprel: w.deprel.split(':').next().unwrap_or("").to_string(),
            });
        }
    }
    let sys_sents = nlp.sentences(&text);
    let mut sys_words: Vec<Aligned> = Vec::new();
    for s in &sys_sents {
        for t in &s.tokens {
            sys_words.push(Aligned {
                span: (t.start, t.end),
                upos: t.upos.clone(),
                head_span: if t.head == 0 { None } else { s.tokens.get(t.head - 1).map(|h| (h.start, h.end)) },
                deprel: t.deprel.split(':').next().unwrap_or("").to_string(),
            });
        }
    }
    // Words inside one multiword token share a span in gold when unspelled; count each span once.
    let gold_index: HashMap<(usize, usize), &Aligned> = gold_words.iter().map(|w| (w.span, w)).collect();
    let (mut matched, mut upos, mut uas, mut las) = (0usize, 0usize, 0usize, 0usize);
    for w in &sys_words {
        if let Some(g) = gold_index.get(&w.span) {
            matched += 1;
            upos += usize::from(g.upos == w.upos);
            if g.head_span == w.head_span {
                uas += 1;
                las += usize::from(g.deprel == w.deprel);
            }
        }
    }
    let gold_sent: std::collections::HashSet<(usize, usize)> = spans.iter().copied().collect();
    let sent_match = sys_sents.iter().filter(|s| gold_sent.contains(&(s.start, s.end))).count();
    let (ns, ng) = (sys_words.len(), gold_index.len());
    RawTextScores {
        gold_words: ng,
        system_words: ns,
        words_f1: f1(matched, ns, ng),
        sentences_f1: f1(sent_match, sys_sents.len(), gold.len()),
        upos_f1: f1(upos, ns, ng),
        uas_f1: f1(uas, ns, ng),
        las_f1: f1(las, ns, ng),
    }
}
