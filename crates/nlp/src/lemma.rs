//! Lemmatizer: exceptions learned from training words, then suffix-rewrite rules learned per
//! XPOS for unseen words.

use crate::binio::{Reader, Writer};
use crate::NlpError;
use std::collections::HashMap;

pub struct Lemmatizer {
    /// xpos → form → lemma, for forms whose lemma the rules get wrong.
    exceptions: HashMap<String, HashMap<String, String>>,
    /// xpos → suffix → (chars to strip, text to append).
    rules: HashMap<String, HashMap<String, (u8, String)>>,
}

/// `xpos\tkey` → value maps, as training builds them, nested by XPOS for lookups that do not
/// allocate.
fn nest<V>(flat: HashMap<String, V>) -> HashMap<String, HashMap<String, V>> {
    let mut out: HashMap<String, HashMap<String, V>> = HashMap::new();
    for (k, v) in flat {
        let (xpos, key) = k.split_once('\t').unwrap_or(("", k.as_str()));
        out.entry(xpos.to_string()).or_default().insert(key.to_string(), v);
    }
    out
}

fn flatten<V: Clone>(nested: &HashMap<String, HashMap<String, V>>) -> Vec<(String, V)> {
    let mut out: Vec<(String, V)> =
        nested.iter().flat_map(|(x, m)| m.iter().map(move |(k, v)| (format!("{x}\t{k}"), v.clone()))).collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

const MAX_SUFFIX: usize = 5;

fn rule_of(lower: &str, lemma: &str) -> (u8, String) {
    let common = lower.chars().zip(lemma.chars()).take_while(|(a, b)| a == b).count();
    let strip = lower.chars().count() - common;
    let add: String = lemma.chars().skip(common).collect();
    (strip.min(255) as u8, add)
}

fn apply(lower: &str, rule: &(u8, String)) -> Option<String> {
    let n = lower.chars().count();
    let keep = n.checked_sub(rule.0 as usize)?;
    if keep == 0 {
        return None;
    }
    let mut s: String = lower.chars().take(keep).collect();
    s.push_str(&rule.1);
    Some(s)
}

/// The word's suffixes of up to MAX_SUFFIX characters, longest first, then the empty one.
fn suffix_keys(lower: &str) -> impl Iterator<Item = &str> {
    let starts: Vec<usize> = lower.char_indices().rev().take(MAX_SUFFIX).map(|(i, _)| i).collect();
    starts.into_iter().rev().map(move |i| &lower[i..]).chain(std::iter::once(""))
}

/// Proper nouns, symbols and numbers keep their form; others are lowercased first.
fn keeps_case(upos: &str) -> bool {
    matches!(upos, "PROPN" | "X" | "SYM" | "NUM" | "PUNCT")
}

impl Lemmatizer {
    fn by_rules(&self, form: &str, upos: &str, xpos: &str) -> String {
        let base = if keeps_case(upos) { form.to_string() } else { form.to_lowercase() };
        if upos == "PROPN" || upos == "PUNCT" || upos == "NUM" || upos == "SYM" {
            return base;
        }
        if let Some(rules) = self.rules.get(xpos) {
            for key in suffix_keys(&base) {
                if let Some(rule) = rules.get(key) {
                    if let Some(l) = apply(&base, rule) {
                        return l;
                    }
                }
            }
        }
        base
    }

    pub fn lemma(&self, form: &str, upos: &str, xpos: &str) -> String {
        if let Some(ex) = self.exceptions.get(xpos) {
            if let Some(l) = ex.get(form).or_else(|| ex.get(&form.to_lowercase())) {
                return l.clone();
            }
        }
        self.by_rules(form, upos, xpos)
    }

    /// Learns from (form, upos, xpos, lemma) quadruples.
    pub fn train(words: &[(String, String, String, String)]) -> Lemmatizer {
        // Rules: for each xpos and suffix, the most frequent rewrite.
        let mut counts: HashMap<String, HashMap<(u8, String), usize>> = HashMap::new();
        for (form, upos, xpos, lemma) in words {
            if keeps_case(upos) || lemma == "_" {
                continue;
            }
            let lower = form.to_lowercase();
            let rule = rule_of(&lower, lemma);
            for key in suffix_keys(&lower) {
                *counts.entry(format!("{xpos}\t{key}")).or_default().entry(rule.clone()).or_default() += 1;
            }
        }
        let mut rules = HashMap::new();
        for (k, m) in counts {
            let total: usize = m.values().sum();
            if let Some((rule, c)) = m.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0))) {
                // Keep a suffix rule only when it is reliable or the suffix is short (backoff).
                if total >= 2 && c * 10 >= total * 6 || k.split('\t').nth(1).is_some_and(|s| s.chars().count() <= 1) {
                    rules.insert(k, rule);
                }
            }
        }
        let mut lem = Lemmatizer { exceptions: HashMap::new(), rules: nest(rules) };
        // Exceptions: most frequent lemma per (xpos, form) where rules disagree.
        let mut seen: HashMap<String, HashMap<String, usize>> = HashMap::new();
        for (form, _, xpos, lemma) in words {
            if lemma == "_" {
                continue;
            }
            *seen.entry(format!("{xpos}\t{form}")).or_default().entry(lemma.clone()).or_default() += 1;
        }
        let mut exceptions = HashMap::new();
        for (k, m) in seen {
            let Some((lemma, _)) = m.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0))) else {
                continue;
            };
            let (xpos, form) = k.split_once('\t').unwrap_or(("", ""));
            let upos_guess = if xpos.starts_with("NNP") { "PROPN" } else { "" };
            if lem.by_rules(form, upos_guess, xpos) != lemma {
                exceptions.insert(k, lemma);
            }
        }
        lem.exceptions = nest(exceptions);
        lem
    }

    pub fn write(&self, w: &mut Writer) {
        let ex = flatten(&self.exceptions);
        w.u32(ex.len() as u32);
        for (k, v) in ex {
            w.str(&k);
            w.str(&v);
        }
        let rs = flatten(&self.rules);
        w.u32(rs.len() as u32);
        for (k, (n, add)) in rs {
            w.str(&k);
            w.u8(n);
            w.str(&add);
        }
    }

    pub fn read(r: &mut Reader) -> Result<Lemmatizer, NlpError> {
        let n = r.u32()? as usize;
        let mut exceptions = HashMap::with_capacity(n.min(1 << 20));
        for _ in 0..n {
            let k = r.str()?;
            exceptions.insert(k, r.str()?);
        }
        let n = r.u32()? as usize;
        let mut rules = HashMap::with_capacity(n.min(1 << 20));
        for _ in 0..n {
            let k = r.str()?;
            let strip = r.u8()?;
            rules.insert(k, (strip, r.str()?));
        }
        Ok(Lemmatizer { exceptions: nest(exceptions), rules: nest(rules) })
    }
}
