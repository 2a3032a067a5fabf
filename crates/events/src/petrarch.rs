//! Loads a PETRARCH verb dictionary (`PETR.Validate.verbs.txt` format) as dyad patterns.
//!
//! PETRARCH's patterns are word sequences around the verb (`- * TALKS WITH + [031]`,
//! `*` the verb, `+` the target, `$` the source, `%` a compound source, `&SYN` a synonym
//! set, `_` joining words that must stand together). dyad matches dependency trees
//! instead, so each pattern is mapped onto a frame: the words after the verb must occur,
//! in order, in the verb's phrase; the words before it must precede it, in order, in its
//! sentence (synsets expanded to alternatives, a member of several words matching them
//! together); a preposition right before `+` names the target's phrase; `NOT` before the
//! verb makes a negated pattern; `%` before it makes the conjoined subjects act on each
//! other; `[a:b]` adds the reverse event with code b. Words are compared as written.
//! Each verb block's own code is the pattern with no constraint; forms listed in `{}` are
//! triggers too; a verb of several words (`CORDON_OFF`, `WIRE_+TAP`, `+` marking the verb)
//! needs the others right next to it, and any of its words may be the one the parse calls
//! the verb. With no target in a slot, the target is the first actor in the phrase after
//! the verb, as PETRARCH takes it; targets follow the verb unless it is passive, or the
//! pattern puts `+` before `*` (the subject is the target, and `$` after it the source).
//! PETRARCH codes are
//! kept as given, even when they are not CAMEO codes (the validation suite uses WEIS-era codes).

use crate::patterns::{parse_slot, Kind, Pattern, PatternSet, SlotSpec, WordGroup};
use crate::Error;
use std::collections::HashMap;

const PREPOSITIONS: &[&str] = &[
    "in", "on", "with", "to", "for", "against", "from", "at", "by", "over", "into", "of", "about", "upon", "toward",
    "towards", "across", "after", "under", "between",
];

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
    let mut verbs: Vec<VerbSpec> = Vec::new();
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
            let words = pattern_words(body);
            let Some(star) = words.iter().position(|w| w.word == "*") else {
                continue;
            };
            // a negation before the verb, written out or inside a synset ("&NEGATVAUXVRB")
            let neg = words[..star].iter().any(|w| {
                expand(&w.word)
                    .iter()
                    .any(|alt| alt.split(['_', ' ']).any(|x| matches!(x, "not" | "never" | "n't" | "neither")))
            });
            let conjoined = words[..star].iter().any(|w| w.word == "%");
            let post: Vec<&str> = words[star + 1..].iter().map(|w| w.word.as_str()).collect();
            // `- + * MONEY $`: the target before the verb (its subject), the source after it
            let target_first = words[..star].iter().any(|w| w.word == "+");
            let speech_first = words.first().is_some_and(|w| !matches!(w.word.as_str(), "+" | "$" | "%" | "^"));
            let source_after = post
                .iter()
                .position(|w| *w == "$")
                .map(|i| {
                    let prep = i.checked_sub(1).map(|k| post[k].to_lowercase());
                    prep.filter(|w| PREPOSITIONS.contains(&w.as_str())).unwrap_or_else(|| "*phrase".into())
                })
                .and_then(|s| parse_slot(&s));
            // the target's phrase: a preposition right before `+`
            let target_prep = post
                .iter()
                .position(|w| matches!(*w, "+" | "%"))
                .and_then(|i| i.checked_sub(1))
                .map(|i| post[i].to_lowercase())
                .filter(|w| PREPOSITIONS.contains(&w.as_str()));
            let before = word_groups(&words, 0..star, Side::Before, &expand);
            let after = word_groups(&words, star + 1..words.len(), Side::After, &expand);
            let (code, reverse) = codes_in(pat);
            let Some(code) = code else { continue };
            for verb in &verbs {
                let mut p = base_pattern(verb, &code, &origin, raw.trim());
                p.neg = neg;
                p.reverse = reverse.clone();
                p.conjoined = conjoined;
                // the verb's own words stand next to it, the pattern's further out
                let after: Vec<WordGroup> = verb.after.iter().chain(&after).cloned().collect();
                let before: Vec<WordGroup> = before.iter().chain(&verb.before).cloned().collect();
                p.after = Some(after).filter(|a| !a.is_empty());
                p.before = Some(before).filter(|b| !b.is_empty());
                if let Some(prep) = &target_prep {
                    if let Some(slot) = parse_slot(prep) {
                        p.target = vec![slot, SlotSpec { slot: crate::patterns::Slot::Obj, deep: false }];
                    }
                }
                if let Some(src) = &source_after {
                    p.source = vec![src.clone()];
                }
                if target_first {
                    p.target = parse_slot("subj").into_iter().collect();
                    p.target_follows = false;
                    if source_after.is_none() && speech_first {
                        // `- NOTED + *`: the one who noted
                        p.source = parse_slot("speaker").into_iter().collect();
                    }
                }
                if p.specificity() > 0 || target_prep.is_some() {
                    set.add(p);
                }
            }
        } else {
            // a verb form line: `VERB {FORMS}`, `+PHRASAL_VERB {...}`, `VERB [code]`
            let word = line.split(|c: char| c.is_whitespace() || c == '{' || c == '[').next().unwrap_or("");
            if word.trim_start_matches('+').is_empty() {
                continue;
            }
            let own = codes_in(line).0.or_else(|| block_code.clone());
            let own_reverse = codes_in(line).1.or_else(|| block_reverse.clone());
            // `LEAVE {LEFT LEAVES}`: the listed forms are triggers too
            let forms = line
                .split_once('{')
                .and_then(|(_, r)| r.split_once('}'))
                .map(|(f, _)| f.split_whitespace().map(|w| w.to_lowercase()).collect::<Vec<_>>())
                .unwrap_or_default();
            let specs = std::iter::once(verb_spec(word, true)).chain(forms.iter().map(|f| verb_spec(f, false)));
            // a parse may make another word of a compound verb the verb ("will not wire tap")
            let specs: Vec<VerbSpec> = specs.flatten().flat_map(|v| v.with_each_word_as_trigger()).collect();
            for verb in specs {
                if let Some(code) = &own {
                    // added last: tried after every pattern of the verb
                    let mut b = base_pattern(&verb, code, &origin, line);
                    b.reverse = own_reverse.clone();
                    bases.push(b);
                }
                verbs.push(verb);
            }
        }
    }
    for b in bases {
        set.add(b);
    }
    Ok(set)
}

/// A word of a pattern line and whether `_` joins it to the word before.
struct PatternWord {
    word: String,
    joined_left: bool,
}

fn pattern_words(body: &str) -> Vec<PatternWord> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut joined = false;
    let mut next_joined = false;
    for c in body.chars().chain(std::iter::once(' ')) {
        if c.is_whitespace() || c == '_' {
            if !word.is_empty() {
                out.push(PatternWord { word: std::mem::take(&mut word), joined_left: joined });
                next_joined = false;
            }
            next_joined |= c == '_';
            joined = next_joined;
        } else {
            word.push(c);
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq)]
enum Side {
    Before,
    After,
}

/// Word groups of the pattern words in `range`; markers (`+ $ % ^`) are no words, and a
/// word next to one is not tight. Before the verb, a group is tight to the word on its
/// right; after it, to the word on its left.
fn word_groups(
    words: &[PatternWord],
    range: std::ops::Range<usize>,
    side: Side,
    expand: &dyn Fn(&str) -> Vec<String>,
) -> Vec<WordGroup> {
    let is_marker = |w: &str| matches!(w, "+" | "$" | "%" | "^" | "*");
    let mut out = Vec::new();
    for i in range {
        let w = &words[i];
        if is_marker(&w.word) {
            continue;
        }
        let tight = match side {
            Side::Before => words.get(i + 1).is_some_and(|n| n.joined_left && (n.word == "*" || !is_marker(&n.word))),
            Side::After => w.joined_left && i > 0 && (words[i - 1].word == "*" || !is_marker(&words[i - 1].word)),
        };
        let alternatives: Vec<Vec<String>> = expand(&w.word)
            .into_iter()
            .map(|a| a.split(['_', ' ']).filter(|x| !x.is_empty()).map(str::to_string).collect::<Vec<_>>())
            .filter(|a| !a.is_empty())
            .collect();
        if !alternatives.is_empty() {
            out.push(WordGroup { alternatives, tight });
        }
    }
    out
}

fn default_targets() -> Vec<SlotSpec> {
    // nearest first; then any actor inside the object's phrase ("resumption of ties with X")
    // last, PETRARCH's own rule: the first actor in the phrase after the verb
    ["obj", "*obj", "with", "to", "against", "on", "for", "at", "iobj", "from", "in", "poss", "*phrase", "*x"]
        .iter()
        .filter_map(|s| parse_slot(s))
        .collect()
}

/// A verb entry: the trigger word and the words written with it (`CORDON_OFF`: cordon,
/// then "off"; `WIRE_+TAP`: tap, after "wire"; `+` marks the verb among several words).
struct VerbSpec {
    trigger: String,
    before: Vec<WordGroup>,
    after: Vec<WordGroup>,
}

/// `base`: the entry's own word, a base form ("CALLED" is read as call); otherwise a form
/// listed in `{}`, kept as written.
fn verb_spec(text: &str, base: bool) -> Option<VerbSpec> {
    let parts: Vec<&str> = text.split('_').filter(|p| !p.is_empty()).collect();
    let head = parts.iter().skip(1).position(|p| p.starts_with('+')).map_or(0, |i| i + 1);
    let word = parts.get(head)?.trim_start_matches('+').to_lowercase();
    if word.is_empty() {
        return None;
    }
    let group =
        |p: &&str| WordGroup { alternatives: vec![vec![p.trim_start_matches('+').to_lowercase()]], tight: true };
    Some(VerbSpec {
        trigger: if base { lemma_of(&word) } else { word },
        before: parts[..head].iter().map(group).collect(),
        after: parts[head + 1..].iter().map(group).collect(),
    })
}

impl VerbSpec {
    /// The spec itself, then, for a verb of several words, each other word as the trigger
    /// with the rest around it.
    fn with_each_word_as_trigger(self) -> Vec<VerbSpec> {
        let word = |g: &WordGroup| g.alternatives.first().and_then(|a| a.first()).cloned().unwrap_or_default();
        let all: Vec<String> = self
            .before
            .iter()
            .map(word)
            .chain(std::iter::once(self.trigger.clone()))
            .chain(self.after.iter().map(word))
            .collect();
        let own = self.before.len();
        let group = |w: &String| WordGroup { alternatives: vec![vec![w.clone()]], tight: true };
        let mut out = vec![self];
        for (i, w) in all.iter().enumerate().filter(|&(i, _)| i != own) {
            out.push(VerbSpec {
                trigger: w.clone(),
                before: all[..i].iter().map(group).collect(),
                after: all[i + 1..].iter().map(group).collect(),
            });
        }
        out
    }
}

fn base_pattern(verb: &VerbSpec, code: &str, origin: &str, text: &str) -> Pattern {
    Pattern {
        kind: Kind::Verb,
        lemma: verb.trigger.clone(),
        obj: None,
        prep: None,
        xcomp: None,
        says: None,
        prt: None,
        after: Some(verb.after.clone()).filter(|a| !a.is_empty()),
        before: Some(verb.before.clone()).filter(|b| !b.is_empty()),
        conjoined: false,
        target_follows: true,
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
        assert_eq!(after[0].alternatives, vec![vec!["diplomatic".to_string()]]);
        assert_eq!(after[1].alternatives.len(), 2);
        let inp = restore.iter().find(|p| p.code == "066").unwrap();
        assert_eq!(inp.target[0].slot, crate::patterns::Slot::Prep("in".into()));
        assert!(restore.iter().any(|p| p.code == "112" && p.neg));
        // BREAK_OFF: "break" right before "off"
        let brk = set.get(Kind::Verb, "break");
        let off = &brk[0].after.as_ref().unwrap()[0];
        assert_eq!((off.alternatives[0][0].as_str(), off.tight, brk[0].code.as_str()), ("off", true, "190"));
        assert_eq!(set.get(Kind::Verb, "attack")[0].code, "190");
    }

    #[test]
    fn words_before_the_verb_compounds_and_forms() {
        let dict = "&NEG\n+DID N'T\n+WILL NOT\n--- CLASH [223] ---\nCLASH\n\
                    - MOST_CERTAINLY_&NEG_EVER * OVER EFFORTS [907]\n- % HAVE * [191]\n- % * [030:030]\n--- LEAVE [012] ---\nLEAVE {LEFT}\n";
        let set = load_verbs(dict, "s").unwrap();
        let clash = set.get(Kind::Verb, "clash");
        let most = clash.iter().find(|p| p.code == "907").unwrap();
        assert!(most.neg);
        let before = most.before.clone().unwrap();
        let tight: Vec<bool> = before.iter().map(|g| g.tight).collect();
        // MOST_CERTAINLY_&NEG_EVER then a blank before the verb
        assert_eq!(tight, vec![true, true, true, false]);
        assert!(before[2].alternatives.contains(&vec!["did".to_string(), "n't".to_string()]));
        let have = clash.iter().find(|p| p.code == "191").unwrap();
        assert!(have.conjoined && have.before.as_ref().unwrap()[0].alternatives == vec![vec!["have".to_string()]]);
        let agree = clash.iter().find(|p| p.code == "030").unwrap();
        assert!(agree.conjoined && agree.reverse.as_deref() == Some("030"));
        assert_eq!(set.get(Kind::Verb, "left").last().unwrap().code, "012");
    }

    #[test]
    fn target_before_the_verb_and_source_after_it() {
        let set = load_verbs("--- RECEIVE [070] ---\nRECEIVE\n- + * MONEY $ [071]\n- + * IN $ [075]\n", "s").unwrap();
        let recv = set.get(Kind::Verb, "receive");
        let money = recv.iter().find(|p| p.code == "071").unwrap();
        assert_eq!(money.target[0].slot, crate::patterns::Slot::Subj);
        assert!(!money.target_follows);
        assert_eq!((money.source[0].slot.clone(), money.source[0].deep), (crate::patterns::Slot::Phrase, true));
        let inp = recv.iter().find(|p| p.code == "075").unwrap();
        assert_eq!(inp.source[0].slot, crate::patterns::Slot::Prep("in".into()));
        // the verb's own code: targets after it
        assert!(recv.last().unwrap().target_follows);
    }

    #[test]
    fn synsets_expand_recursively() {
        let set = load_verbs("&A\n+&B\n+X\n&B\n+Y\n--- GO [010] ---\nGO\n- * &A [020]\n", "s").unwrap();
        let p = set.get(Kind::Verb, "go").iter().find(|p| p.code == "020").unwrap().clone();
        let mut o = p.after.unwrap().remove(0).alternatives;
        o.sort();
        assert_eq!(o, vec![vec!["x".to_string()], vec!["y".to_string()]]);
    }
}
