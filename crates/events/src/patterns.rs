//! dyad's event pattern dictionary: a readable text format (see `data/patterns/`).
//!
//! One pattern per line: `KIND LEMMA[,LEMMA...] CONSTRAINT... => CODE`
//! - `KIND` is `verb` (a clause headed by the lemma) or `noun` (a nominal event, also as
//!   the object of a light verb: "held talks", "launched an attack").
//! - constraints, all optional:
//!   `obj=a,b` the trigger has an object (or, for `engage`-type verbs, an `in` phrase)
//!   whose lemma is listed; `prep=from:a,b` a phrase introduced by `from` whose lemma is
//!   listed (`prep=from:*` any); `x=a,b` an open clausal complement ("agree to meet") or
//!   clausal complement whose lemma, or whose object's lemma, is listed; `prt=out` a
//!   verb particle; `neg` the pattern fires only on a negated trigger ("did not accept");
//!   `says=a,b` the clause the trigger reports (its complement, or the quote a "said" follows)
//!   contains one of the words ("said the deal was illegal").
//! - `target=SLOT,...` where the target is, first found wins (default `obj`). Slots:
//!   `obj`, `iobj`, `xobj` (object of the complement clause), `xsubj` (subject of the
//!   complement clause: "demanded Ukraine withdraw"), `x` (the complement clause),
//!   `speaker` (subject of the speech verb the trigger's clause depends on), `judged` (with `says=`: whom the
//!   matched words are about), `poss`, `mod` (possessor, adjective or
//!   compound modifier), `phrase` (the trigger's dependents after it), or a preposition (`with`, `on`, `against`, `to`, `between`, ...).
//!   A leading `*` searches the whole phrase (`*for`: any actor inside the `for` phrase).
//! - `source=SLOT,...` (default `subj` for verbs, `mod,by,subj` for nouns).
//! - `partner`: with no target in the sentence, the source's counterpart in the last
//!   pair of actors the document linked (the other side of an ongoing conflict or talks).
//! - `sym`: a mutual act (meet, talk): two conjoined actors in one slot ("A and B met",
//!   "talks between A and B") make the pair.
//! - `=> CODE`: the CAMEO code.
//!
//! Within a trigger, the pattern with most constraints is tried first.

use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Verb,
    Noun,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    Subj,
    Obj,
    Iobj,
    XObj,
    XSubj,
    /// The complement clause itself (with `*`: any actor inside it).
    XComp,
    /// The subject of the speech verb whose complement holds the trigger
    /// ("Trump suggested that Ukraine was responsible": Trump).
    Speaker,
    Poss,
    /// With `says=`: who the matched words judge ("Ethiopia's interference", "the deal was illegal").
    Judged,
    Mod,
    /// The trigger's phrase after it: its dependents that follow it (PETRARCH's lower phrase).
    Phrase,
    Prep(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotSpec {
    pub slot: Slot,
    /// Search the whole phrase rather than its head and close modifiers.
    pub deep: bool,
}

/// One element of a word sequence around a trigger: alternatives, each one word or several
/// that stand together ("did n't"), compared with the words as written (as PETRARCH does:
/// `EFFORT` is not `efforts`), case aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordGroup {
    pub alternatives: Vec<Vec<String>>,
    /// Must stand right next to its neighbour on the trigger's side (PETRARCH's `_`).
    pub tight: bool,
}

#[derive(Debug, Clone)]
pub struct Pattern {
    pub kind: Kind,
    pub lemma: String,
    pub obj: Option<Vec<String>>,
    pub prep: Option<(String, Vec<String>)>,
    pub xcomp: Option<Vec<String>>,
    /// Words one of which the trigger's reported clause must contain ("said the move was
    /// illegal", "'... a violation of our sovereignty,' said X").
    pub says: Option<Vec<String>>,
    pub prt: Option<String>,
    /// Words that must follow the verb within its phrase, in this order (PETRARCH's word
    /// patterns: `- * FULL DIPLOMATIC &TIES`).
    pub after: Option<Vec<WordGroup>>,
    /// Words that must precede the verb in its sentence, in this order, left to right
    /// (PETRARCH's `- &NEGATVAUXVRB EVER * OVER EFFORTS`).
    pub before: Option<Vec<WordGroup>>,
    /// The source slot must name two or more actors, who act on each other, both ways
    /// (PETRARCH's `%`: "A and B agree").
    pub conjoined: bool,
    /// The target stands after the trigger, whatever the parse attached it to (PETRARCH's
    /// targets are in the phrase after the verb).
    pub target_follows: bool,
    /// A second code for the reverse direction (target → source), as PETRARCH's `[032:033]`.
    pub reverse: Option<String>,
    pub neg: bool,
    pub sym: bool,
    /// With no target in the sentence, the target is the source's counterpart in the
    /// last pair of actors the document linked ("It refuses to cede territory").
    pub partner: bool,
    pub target: Vec<SlotSpec>,
    pub source: Vec<SlotSpec>,
    pub code: String,
    /// Where it came from (`patterns.txt:12`) and the line itself, for evidence.
    pub origin: String,
    pub text: String,
}

impl Pattern {
    pub fn specificity(&self) -> usize {
        self.obj.is_some() as usize
            + self.prep.is_some() as usize
            + self.xcomp.is_some() as usize
            + self.says.is_some() as usize
            + self.prt.is_some() as usize
            + self.after.as_ref().map_or(0, |a| a.len())
            + self.before.as_ref().map_or(0, |a| a.len())
            + self.conjoined as usize
            + self.neg as usize
    }
}

/// Patterns indexed by trigger lemma and kind.
#[derive(Debug, Clone, Default)]
pub struct PatternSet {
    by_trigger: HashMap<(Kind, String), Vec<Pattern>>,
    len: usize,
}

impl PatternSet {
    pub fn parse(text: &str, name: &str) -> Result<Self, crate::Error> {
        let mut set = PatternSet::default();
        for (n, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let origin = format!("{name}:{}", n + 1);
            let bad = |why: &str| crate::Error::Pattern { origin: origin.clone(), message: why.to_string() };
            let (lhs, code) = line.split_once("=>").ok_or_else(|| bad("missing `=> CODE`"))?;
            let code = code.trim().to_string();
            if dyad_cameo::lookup(&code).is_none() {
                return Err(bad(&format!("`{code}` is not a CAMEO code")));
            }
            let mut words = lhs.split_whitespace();
            let kind = match words.next() {
                Some("verb") => Kind::Verb,
                Some("noun") => Kind::Noun,
                other => return Err(bad(&format!("expected `verb` or `noun`, found {other:?}"))),
            };
            let lemmas = words.next().ok_or_else(|| bad("missing trigger lemma"))?.to_lowercase();
            let mut p = Pattern {
                kind,
                lemma: String::new(),
                obj: None,
                prep: None,
                xcomp: None,
                says: None,
                prt: None,
                after: None,
                before: None,
                conjoined: false,
                target_follows: false,
                reverse: None,
                neg: false,
                sym: false,
                partner: false,
                target: vec![SlotSpec { slot: Slot::Obj, deep: false }],
                source: match kind {
                    Kind::Verb => vec![SlotSpec { slot: Slot::Subj, deep: false }],
                    Kind::Noun => ["mod", "by", "subj"].iter().filter_map(|s| parse_slot(s)).collect(),
                },
                code,
                origin: origin.clone(),
                text: line.to_string(),
            };
            for w in words {
                let list = |v: &str| {
                    v.split(',').map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty()).collect::<Vec<_>>()
                };
                match w.split_once('=') {
                    Some(("obj", v)) => p.obj = Some(list(v)),
                    Some(("x", v)) => p.xcomp = Some(list(v)),
                    Some(("says", v)) => p.says = Some(list(v)),
                    Some(("prt", v)) => p.prt = Some(v.to_lowercase()),
                    Some(("prep", v)) => {
                        let (case, heads) = v.split_once(':').ok_or_else(|| bad("prep needs CASE:LEMMAS"))?;
                        p.prep = Some((case.to_lowercase(), list(heads)));
                    }
                    Some(("target", v)) | Some(("source", v)) => {
                        let slots = v
                            .split(',')
                            .map(|s| parse_slot(s).ok_or_else(|| bad(&format!("bad slot `{s}`"))))
                            .collect::<Result<Vec<_>, _>>()?;
                        if w.starts_with("target") {
                            p.target = slots;
                        } else {
                            p.source = slots;
                        }
                    }
                    None if w == "sym" => p.sym = true,
                    None if w == "neg" => p.neg = true,
                    None if w == "partner" => p.partner = true,
                    _ => return Err(bad(&format!("unknown constraint `{w}`"))),
                }
            }
            for lemma in lemmas.split(',').filter(|l| !l.is_empty()) {
                let mut q = p.clone();
                q.lemma = lemma.replace('_', " ");
                set.by_trigger.entry((kind, q.lemma.clone())).or_default().push(q);
                set.len += 1;
            }
        }
        for list in set.by_trigger.values_mut() {
            // stable: most constrained first, file order otherwise
            list.sort_by_key(|p| std::cmp::Reverse(p.specificity()));
        }
        Ok(set)
    }

    pub fn get(&self, kind: Kind, lemma: &str) -> &[Pattern] {
        self.by_trigger.get(&(kind, lemma.to_string())).map(|v| &v[..]).unwrap_or(&[])
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Adds every pattern of `other`; within a trigger, the most constrained still come first.
    pub fn extend(&mut self, other: PatternSet) {
        for (key, list) in other.by_trigger {
            let mine = self.by_trigger.entry(key).or_default();
            mine.extend(list);
            mine.sort_by_key(|p| std::cmp::Reverse(p.specificity()));
        }
        self.len += other.len;
    }

    pub fn add(&mut self, p: Pattern) {
        let list = self.by_trigger.entry((p.kind, p.lemma.clone())).or_default();
        list.push(p);
        list.sort_by_key(|p| std::cmp::Reverse(p.specificity()));
        self.len += 1;
    }
}

pub(crate) fn parse_slot(s: &str) -> Option<SlotSpec> {
    let (deep, name) = match s.strip_prefix('*') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let slot = match name {
        "subj" => Slot::Subj,
        "obj" => Slot::Obj,
        "iobj" => Slot::Iobj,
        "xobj" => Slot::XObj,
        "xsubj" => Slot::XSubj,
        "x" => Slot::XComp,
        "speaker" => Slot::Speaker,
        "poss" => Slot::Poss,
        "judged" => Slot::Judged,
        "mod" => Slot::Mod,
        "phrase" => Slot::Phrase,
        p if !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()) => Slot::Prep(p.to_string()),
        _ => return None,
    };
    Some(SlotSpec { slot, deep })
}
