//! Loads a PETRARCH verb dictionary (`PETR.Validate.verbs.txt` format) as dyad patterns.
//!
//! PETRARCH's patterns are word sequences around the verb (`- * TALKS WITH + [031]`,
//! `*` the verb, `+` the target, `$` the source, `&SYN` a synonym set). dyad matches
//! dependency trees instead, so each pattern is mapped onto a frame: the first content
//! word after the verb becomes an object constraint (`obj=talks`), or, after a
//! preposition, a prepositional one (`prep=with:…`); a bare preposition names the
//! target's phrase; `NOT` before the verb makes a negated pattern. Words before the verb
//! other than negations are dropped (dyad finds the subject syntactically). Each verb
//! block's own code is the pattern with no constraint. PETRARCH codes are kept as given,
//! even when they are not CAMEO codes (the validation suite uses WEIS-era codes).

use crate::patterns::{parse_slot, Kind, Pattern, PatternSet, SlotSpec};
use crate::Error;
use std::collections::HashMap;

const PREPOSITIONS: &[&str] = &["in", "on", "with", "to", "for", "against", "from", "at", "by", "over", "into", "of", "about", "upon", "toward", "towards", "across", "after", "under", "between"];
const PARTICLES: &[&str] = &["down", "off", "up", "out", "away", "back", "in", "on", "over"];

fn code_in(line: &str) -> Option<String> {
    let open = line.rfind('[')?;
    let close = open + line[open..].find(']')?;
    let inner = line[open + 1..close].trim();
    let first = inner.split(':').next().unwrap_or("").trim();
    (!first.is_empty() && !first.starts_with('-') && !first.starts_with('+')).then(|| first.to_string())
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
            block_code = code_in(line.trim_matches('-'));
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
            let Some(code) = code_in(pat) else { continue };
            let body = pat.split('[').next().unwrap_or("");
            let words: Vec<String> = body.split(|c: char| c.is_whitespace() || c == '_').filter(|w| !w.is_empty()).map(|w| w.to_string()).collect();
            let Some(star) = words.iter().position(|w| w == "*") else { continue };
            let neg = words[..star].iter().any(|w| matches!(w.as_str(), "NOT" | "NEVER" | "N'T" | "NEITHER" | "&NEGATVAUXVRB"));
            let after: Vec<&String> = words[star + 1..].iter().filter(|w| !matches!(w.as_str(), "+" | "$" | "%" | "^")).collect();
            let explicit_target = words[star + 1..].iter().any(|w| w == "+");
            for (verb, own_code) in &verbs {
                let _ = own_code;
                let mut p = base_pattern(verb, &code, &origin, raw.trim());
                p.neg = neg;
                if let Some(first) = after.first() {
                    let lower = first.to_lowercase();
                    if PREPOSITIONS.contains(&lower.as_str()) {
                        match after.get(1) {
                            Some(next) => p.prep = Some((lower.clone(), expand(next))),
                            None => {}
                        }
                        if let Some(slot) = parse_slot(&lower) {
                            p.target = vec![slot, SlotSpec { slot: crate::patterns::Slot::Obj, deep: false }];
                        }
                    } else {
                        p.obj = Some(expand(first));
                        if explicit_target {
                            p.target = default_targets();
                        } else {
                            // the object is the act; the target is a phrase of the verb or object
                            p.target = default_targets().into_iter().filter(|s| s.slot != crate::patterns::Slot::Obj).collect();
                        }
                    }
                }
                if p.specificity() > 0 || !after.is_empty() {
                    set.add(p);
                }
            }
        } else {
            // a verb form line: `VERB {FORMS}`, `+PHRASAL_VERB {...}`, `VERB [code]`
            let word = line.split(|c: char| c.is_whitespace() || c == '{' || c == '[').next().unwrap_or("").trim_start_matches('+');
            if word.is_empty() {
                continue;
            }
            let own = code_in(line).or_else(|| block_code.clone());
            let lemma = word.to_lowercase();
            verbs.push((lemma.clone(), own.clone()));
            if let Some(code) = own {
                // added last: tried after every pattern of the verb
                bases.push(base_pattern(&lemma, &code, &origin, line));
            }
        }
    }
    for b in bases {
        set.add(b);
    }
    Ok(set)
}

fn default_targets() -> Vec<SlotSpec> {
    ["obj", "with", "to", "against", "on", "for", "at", "iobj", "from", "in", "poss"].iter().filter_map(|s| parse_slot(s)).collect()
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
        prt,
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
        // the first word after the verb ("DIPLOMATIC") is the object constraint
        assert_eq!(ties.obj.as_deref(), Some(&["diplomatic".to_string()][..]));
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
        let mut o = p.obj.unwrap();
        o.sort();
        assert_eq!(o, vec!["x", "y"]);
    }
}
