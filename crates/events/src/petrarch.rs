//! Loads a PETRARCH verb dictionary (`PETR.Validate.verbs.txt` format) as dyad patterns.
//!
//! PETRARCH's patterns are word sequences around the verb (`- * TALKS WITH + [031]`,
//! `*` the verb, `+` the target, `$` the source, `&SYN` a synonym set). dyad matches
//! dependency trees instead, so each pattern is mapped onto a frame: the words after the
//! verb must occur, in order, in the verb's phrase (synsets expanded to alternatives); a
//! preposition right before `+` names the target's phrase; `NOT` before the verb makes a
//! negated pattern; `[a:b]` adds the reverse event with code b. Words before the verb
//! other than negations are dropped (dyad finds the subject syntactically). Each verb
//! block's own code is the pattern with no constraint. PETRARCH codes are kept as given,
//! even when they are not CAMEO codes (the validation suite uses WEIS-era codes).

use crate::patterns::{parse_slot, Kind, Pattern, PatternSet, SlotSpec};
use crate::Error;
use std::collections::HashMap;

const PREPOSITIONS: &[&str] = &[
    "in", "on", "with", "to", "for", "against", "from", "at", "by", "over", "into", "of", "about", "upon", "toward",
    "towards", "across", "after", "under", "between",
];
const PARTICLES: &[&str] = &["down", "off", "up", "out", "away", "back", "in", "on", "over"];

/// `[031]` → (031, none); `[032:033]` → (032, 033 for the reverse direction); `[---]` → none.
fn codes_in(line: &str) -> (Option<String>, Option<String>) {
    let Some(open) = line.find('[') else {
        return (None, None);
    };
    let Some(close) = line[open..].find(']').map(|c| open + c) else {
        return (None, None);
    };
    let inner = line[open + 1..close].trim();
    let mut parts = inner.split(':').map(|p| p.trim().to_string());
    let valid = |c: &String| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_alphanumeric());
    let first = parts.next().filter(valid);
    let second = parts.next().filter(valid);
    (first, second)
}

fn strip_comment(line: &str) -> &str {
    line.split('#').next().unwrap_or("").trim()
}

/// Parses the dictionary into dyad patterns.
pub fn load_verbs(text: &str, name: &str) -> Result<PatternSet, Error> {
    // synsets first: they may be used before they are defined
    let mut synsets: HashMap<String, Vec<String>> = HashMap::new();
    let mut current: Option<String> = None;
    let mut in_comment = false;
    let lines: Vec<&str> = text.lines().collect();
    for raw in &lines {
        let line = strip_comment(raw);
        if line.starts_with("<!--") || in_comment {
            in_comment = !line.contains("-->");
            continue;
        }
        if let Some(n) = line.strip_prefix('&') {
            current = Some(n.split_whitespace().next().unwrap_or("").to_uppercase());
        } else if let (Some(c), Some(word)) = (&current, line.strip_prefix('+')) {
            synsets.entry(c.clone()).or_default().push(word.split_whitespace().collect::<Vec<_>>().join("_"));
        } else if line.is_empty() || line.starts_with("---") {
            current = None;
        }
    }
    let expand = |word: &str| -> Vec<String> {
        let mut out = Vec::new();
        let mut stack = vec![word.to_string()];
        let mut guard = 0;
        while let Some(w) = stack.pop() {
            guard += 1;
            if guard > 200 {
                break;
            }
            match w.strip_prefix('&').and_then(|n| synsets.get(n.trim_end_matches('_'))) {
                Some(members) => stack.extend(members.iter().cloned()),
                None if !w.starts_with('&') => out.push(w.to_lowercase()),
                None => {}
            }
        }
        out
    };

    let mut set = PatternSet::default();
    let mut bases: Vec<Pattern> = Vec::new();
    let mut verbs: Vec<(String, Option<String>)> = Vec::new();
    let mut block_code: Option<String> = None;
    let mut block_reverse: Option<String> = None;
    let mut in_block = false;
    in_comment = false;
    for (n, raw) in lines.iter().enumerate() {
        let line = strip_comment(raw);
        if line.starts_with("<!--") || in_comment {
            in_comment = !line.contains("-->");
            continue;
        }
        let origin = format!("{name}:{}", n + 1);
        if line.starts_with("---") {
            (block_code, block_reverse) = codes_in(line.trim_matches('-'));
            verbs.clear();
            in_block = true;
            continue;
        }
        if line.is_empty() || line.starts_with('&') {
            if line.starts_with('&') {
                in_block = false;
            }
            continue;
        }
        if !in_block {
            continue;
        }
        if let Some(pat) = line.strip_prefix('-') {
            let body = pat.split('[').next().unwrap_or("");
            let words: Vec<String> = body
                .split(|c: char| c.is_whitespace() || c == '_')
                .filter(|w| !w.is_empty())
                .map(|w| w.to_string())
                .collect();
            let Some(star) = words.iter().position(|w| w == "*") else {
                continue;
            };
            let neg = words[..star]
                .iter()
                .any(|w| matches!(w.as_str(), "NOT" | "NEVER" | "N'T" | "NEITHER" | "&NEGATVAUXVRB"));
            let post = &words[star + 1..];
            // the target's phrase: a preposition right before `+`
            let target_prep = post
                .iter()
                .position(|w| w == "+")
                .and_then(|i| i.checked_sub(1))
                .map(|i| post[i].to_lowercase())
                .filter(|w| PREPOSITIONS.contains(&w.as_str()));
            let groups: Vec<Vec<String>> = post
                .iter()
                .filter(|w| !matches!(w.as_str(), "+" | "$" | "%" | "^"))
                .map(|w| expand(w))
                .filter(|g| !g.is_empty())
                .collect();
            let (code, reverse) = codes_in(pat);
            let Some(code) = code else { continue };
            for (verb, _) in &verbs {
                let mut p = base_pattern(verb, &code, &origin, raw.trim());
                p.neg = neg;
                p.reverse = reverse.clone();
                // a two-way code: conjoined subjects act on each other ("A and B renewed ties")
                p.sym = reverse.is_some();
                if !groups.is_empty() {
                    p.after = Some(groups.clone());
                }
                if let Some(prep) = &target_prep {
                    if let Some(slot) = parse_slot(prep) {
                        p.target = vec![slot, SlotSpec { slot: crate::patterns::Slot::Obj, deep: false }];
                    }
                }
                if p.specificity() > 0 || target_prep.is_some() {
                    set.add(p);
                }
            }
        } else {
            // a verb form line: `VERB {FORMS}`, `+PHRASAL_VERB {...}`, `VERB [code]`
            let word = line
                .split(|c: char| c.is_whitespace() || c == '{' || c == '[')
                .next()
                .unwrap_or("")
                .trim_start_matches('+');
            if word.is_empty() {
                continue;
            }
            let own = codes_in(line).0.or_else(|| block_code.clone());
            let own_reverse = codes_in(line).1.or_else(|| block_reverse.clone());
            let lemma = word.to_lowercase();
            verbs.push((lemma.clone(), own.clone()));
            if let Some(code) = own {
                // added last: tried after every pattern of the verb
                let mut b = base_pattern(&lemma, &code, &origin, line);
                b.sym = own_reverse.is_some();
                b.reverse = own_reverse;
                bases.push(b);
            }
        }
    }
    for b in bases {
        set.add(b);
    }
    Ok(set)
}

fn default_targets() -> Vec<SlotSpec> {
    // nearest first; then any actor inside the object's phrase ("resumption of ties with X")
    ["obj", "with", "to", "against", "on", "for", "at", "iobj", "from", "in", "poss", "*obj", "*x"]
        .iter()
        .filter_map(|s| parse_slot(s))
        .collect()
}

fn base_pattern(verb: &str, code: &str, origin: &str, text: &str) -> Pattern {
    // "break_down": verb with a particle
    let mut parts = verb.split('_');
    let lemma = parts.next().unwrap_or(verb).trim_start_matches('+').to_string();
    let prt = parts.next().map(|p| p.trim_start_matches('+').to_string()).filter(|p| PARTICLES.contains(&p.as_str()));
    Pattern {
        kind: Kind::Verb,
        lemma: lemma_of(&lemma),
        obj: None,
        prep: None,
        xcomp: None,
        says: None,
        prt,
        after: None,
        reverse: None,
        neg: false,
        sym: false,
        partner: false,
        target: default_targets(),
        source: parse_slot("subj").into_iter().collect(),
        code: code.to_string(),
        origin: origin.to_string(),
        text: text.to_string(),
    }
}

/// PETRARCH lists base forms mostly, sometimes inflected ones ("CALLED", "DENIED").
fn lemma_of(word: &str) -> String {
    let w = word.to_lowercase();
    if let Some(stem) = w.strip_suffix("ied") {
        return format!("{stem}y");
    }
    if let Some(stem) = w.strip_suffix("ed") {
        if stem.len() > 3 {
            return stem.to_string();
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "<!-- header\n comment -->\n&TIES\n+RELATIONS\n+TIES\n\n--- RESTORE  [064] ---\nRESTORE\n- * DIPLOMATIC &TIES [065]\n- * IN + [066]\n- NOT * [112]\n--- ATTACK [190] ---\nATTACK {ATTACKED}\n+BREAK_OFF\n";

    #[test]
    fn maps_blocks_patterns_and_synsets() {
        let set = load_verbs(SAMPLE, "sample").unwrap();
        let restore = set.get(Kind::Verb, "restore");
        assert_eq!(restore[restore.len() - 1].code, "064");
        let ties = restore.iter().find(|p| p.code == "065").unwrap();
        // the words after the verb must follow it in its phrase, synsets expanded
        let after = ties.after.clone().unwrap();
        assert_eq!(after[0], vec!["diplomatic".to_string()]);
        assert_eq!(after[1].len(), 2);
        let inp = restore.iter().find(|p| p.code == "066").unwrap();
        assert_eq!(inp.target[0].slot, crate::patterns::Slot::Prep("in".into()));
        assert!(restore.iter().any(|p| p.code == "112" && p.neg));
        let brk = set.get(Kind::Verb, "break");
        assert_eq!((brk[0].prt.as_deref(), brk[0].code.as_str()), (Some("off"), "190"));
        assert_eq!(set.get(Kind::Verb, "attack")[0].code, "190");
    }

    #[test]
    fn synsets_expand_recursively() {
        let set = load_verbs("&A\n+&B\n+X\n&B\n+Y\n--- GO [010] ---\nGO\n- * &A [020]\n", "s").unwrap();
        let p = set.get(Kind::Verb, "go").iter().find(|p| p.code == "020").unwrap().clone();
        let mut o = p.after.unwrap().remove(0);
        o.sort();
        assert_eq!(o, vec!["x", "y"]);
    }
}
