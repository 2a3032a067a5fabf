//! Matching patterns over UD trees and building event records.

use crate::dates::{self, DateMention};
use crate::patterns::{Kind, Pattern, PatternSet, Slot, SlotSpec};
use crate::places;
use crate::tree::Tree;
use crate::CoderOptions;
use dyad_doc::{Actor, DateBasis, Document, Event, EventActor, Evidence, Location, Mention};
use std::collections::HashMap;

/// Verbs whose object (or `in` phrase) names the act itself: "held talks", "launched an attack".
const LIGHT_VERBS: &[&str] = &[
    "hold", "have", "engage", "conduct", "launch", "carry", "make", "stage", "mount", "begin", "start", "resume",
    "open", "join", "take", "add", "issue", "deliver", "level", "lodge", "file", "unleash", "intensify", "escalate",
    "continue", "pursue", "participate", "announce", "step", "press", "attend", "wage", "host", "sign", "reach",
    "strike", "seal", "conclude", "impose", "slap", "order", "extend", "offer", "give", "provide", "send", "pay",
    "repeat", "renew", "express", "voice", "raise", "register",
];
const MODALS: &[&str] = &["could", "may", "might", "would", "will", "shall", "should", "can", "must", "wo", "ca", "'ll", "need", "ought"];
const NEGATORS: &[&str] = &["not", "n't", "never", "no", "neither", "nor"];
/// Governing words under which a complement act is only intended, planned or avoided.
const IRREALIS_CONTROL: &[&str] = &[
    "plan", "hope", "want", "intend", "expect", "aim", "seek", "try", "attempt", "prepare", "propose", "promise",
    "pledge", "vow", "threaten", "offer", "consider", "wish", "need", "have", "go", "set", "due", "likely",
    "unlikely", "ready", "willing", "able", "unable", "about", "refuse", "fail", "decline", "agree", "urge", "ask",
    "call", "demand", "push", "press", "appeal", "hesitate", "reluctant", "eager", "poised", "scheduled", "slated",
    "expected", "supposed", "would", "could", "vote", "decide", "move", "look", "continue_not", "stop", "avoid",
    "refrain", "deny", "warn", "encourage", "invite", "allow", "permit", "persuade", "convince", "tell", "order",
    "force", "help", "struggle", "expect", "seem", "appear", "choose", "opt", "prefer", "insist", "mean",
    "prepared", "determined", "keen", "want", "aim", "intended", "designed", "meant", "get", "let",
];
/// Modifiers under which a nominal act has not happened (yet).
const IRREALIS_NOUN_MODS: &[&str] = &[
    "upcoming", "expected", "planned", "proposed", "possible", "potential", "future", "prospective", "likely",
    "hypothetical", "would-be", "next", "anticipated", "forthcoming", "scheduled", "impending", "imminent",
    "mooted", "any", "rumoured", "rumored", "alleged",
    "supposed", "intended", "contemplated",
];
/// Nouns whose clause or infinitive names something not (yet) done: "ability to strike",
/// "a plan to concede", "the notion that X endorsed Y".
const IRREALIS_NOUN_HEADS: &[&str] = &[
    "ability", "capacity", "capability", "right", "power", "plan", "plans", "attempt", "effort", "efforts", "decision",
    "willingness", "readiness", "threat", "intention", "intent", "bid", "offer", "promise", "pledge", "call", "calls",
    "demand", "demands", "refusal", "notion", "belief", "perception", "speculation", "idea", "possibility",
    "suggestion", "fear", "fears", "hope", "hopes", "risk", "chance", "opportunity", "proposal", "claim", "claims",
    "allegation", "allegations", "accusation", "accusations", "rumour", "rumor", "prospect", "option", "way",
    "agenda", "strategy", "goal", "aim", "need", "pressure", "temptation", "desire", "wish", "question", "whether",
];
const HEDGES: &[&str] = &["reportedly", "allegedly", "purportedly", "apparently", "supposedly", "possibly", "perhaps", "probably"];
/// Verbs reporting what others did; a clause under a denial is not asserted.
const DENIAL: &[&str] = &["deny", "doubt", "dispute", "reject"];
/// Words of air, missile and drone warfare, and of artillery.
const AERIAL: &[&str] = &["missile", "missiles", "drone", "drones", "rocket", "rockets", "airstrike", "airstrikes", "air", "aerial", "bomber", "bombers", "warplane", "warplanes", "jets", "bomb", "bombs", "bombardment", "ballistic", "cruise"];
const ARTILLERY: &[&str] = &["shelling", "shell", "shells", "artillery", "mortar", "mortars", "tank", "tanks", "howitzer"];
/// Words of sports reports, where countries "beat" and "attack" each other on the field.
const SPORTS: &[&str] = &[
    "match", "matches", "goal", "goals", "tournament", "championship", "championships", "cup", "league", "qualifier",
    "qualifiers", "striker", "midfielder", "goalkeeper", "stadium", "olympic", "olympics", "medal", "medals",
    "semifinal", "semi-final", "quarterfinal", "quarter-final", "scored", "innings", "wicket", "wickets", "fifa",
    "uefa", "fixture", "halftime", "half-time",
];
const PLURAL_REFERENCES: &[&str] = &["side", "party", "leader", "country", "nation", "delegation", "government", "president", "team", "capital"];

#[derive(Debug, Clone)]
struct ActorRef {
    actor: Actor,
    text: String,
    /// The words name a place ("Istanbul"), which as a noun modifier is a location.
    place: bool,
    /// Token the mention is headed by.
    tok: usize,
    via: Option<&'static str>,
}

impl ActorRef {
    fn country(&self) -> &str {
        self.actor.country.as_deref().unwrap_or_else(|| self.actor.code.get(..3).unwrap_or(&self.actor.code))
    }
    /// Two different political actors: different countries or bodies, or the same
    /// country with two different named sectors.
    fn distinct_from(&self, other: &ActorRef) -> bool {
        if self.country() != other.country() {
            return true;
        }
        match (&self.actor.sector, &other.actor.sector) {
            (Some(a), Some(b)) => a != b && self.actor.code != other.actor.code,
            _ => false,
        }
    }
}

#[derive(Default)]
struct DocContext {
    /// Subject actors seen so far, with their sentence index, for pronouns.
    subjects: Vec<(usize, usize, ActorRef, bool)>,
    /// The last pair of actors an event linked, for "both sides", "the two leaders".
    last_pair: Option<(ActorRef, ActorRef)>,
}

struct SentenceContext<'a> {
    index: usize,
    tree: Tree<'a>,
    mentions: Vec<&'a Mention>,
    dates: Vec<DateMention>,
    question: bool,
    /// A sports report: no political events.
    sports: bool,
}

struct Candidate {
    source: ActorRef,
    target: ActorRef,
    code: String,
    clause: usize,
    trigger: String,
    pattern: String,
    notes: Vec<String>,
    confidence: f64,
    sentence: usize,
    location: Option<Location>,
    symmetric: bool,
}

pub(crate) fn code_document(patterns: &PatternSet, options: &CoderOptions, doc: &Document) -> Vec<Event> {
    let mut ctx = DocContext::default();
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut dates_by_sentence: Vec<Vec<DateMention>> = Vec::new();
    for (si, sentence) in doc.sentences.iter().enumerate() {
        let tree = Tree::new(sentence);
        let forms: Vec<&str> = sentence.tokens.iter().map(|t| t.form.as_str()).collect();
        let text = doc.slice(sentence.start, sentence.end).trim_end();
        let sc = SentenceContext {
            index: si,
            mentions: doc.mentions.iter().filter(|m| m.sentence == si).collect(),
            dates: dates::find(&forms, doc.meta.published),
            question: text.ends_with('?'),
            sports: sentence.tokens.iter().any(|t| {
                let f = t.form.to_lowercase();
                SPORTS.contains(&f.as_str()) || is_score(&f)
            }),
            tree,
        };
        let before = candidates.len();
        for t in 0..sc.tree.len() {
            let upos = sc.tree.upos(t);
            let lemma = sc.tree.lemma(t);
            let kind = match upos {
                "VERB" => Kind::Verb,
                "NOUN" | "PROPN" => Kind::Noun,
                // "accused", "responsible": adjectival participles and predicates
                "ADJ" if !patterns.get(Kind::Verb, &lemma).is_empty() => Kind::Verb,
                _ => continue,
            };
            let mut list = patterns.get(kind, &lemma);
            if list.is_empty() && kind == Kind::Noun {
                // plural forms the lemmatiser missed ("talks" kept as is)
                list = patterns.get(kind, &sc.tree.form(t).to_lowercase());
            }
            if list.is_empty() {
                continue;
            }
            for p in list {
                if let Some(found) = match_pattern(&sc, &ctx, p, t, options) {
                    for c in found {
                        ctx.last_pair = Some((c.source.clone(), c.target.clone()));
                        candidates.push(c);
                    }
                    break;
                }
            }
        }
        let _ = before;
        remember_subjects(&sc, &mut ctx);
        dates_by_sentence.push(sc.dates);
    }
    build_events(doc, candidates, &dates_by_sentence, &doc.sentences)
}

/// Records the actors that are grammatical subjects, for later pronouns.
fn remember_subjects(sc: &SentenceContext, ctx: &mut DocContext) {
    for m in &sc.mentions {
        let head = m.head;
        let rel = sc.tree.rel(head);
        let is_subject = rel == "nsubj" || (rel == "conj" && sc.tree.head(head).is_some_and(|h| sc.tree.rel(h) == "nsubj"));
        if is_subject {
            let person = is_person(sc, m);
            ctx.subjects.push((sc.index, head, mention_ref(m), person));
        }
    }
    if !sc.mentions.iter().any(|m| sc.tree.rel(m.head) == "nsubj") {
        // a fragment or misparsed sentence: its opening actor is the likely topic
        if let Some(m) = sc.mentions.iter().find(|m| m.tokens.0 == 0) {
            ctx.subjects.push((sc.index, m.head, mention_ref(m), is_person(sc, m)));
        }
    }
    if ctx.subjects.len() > 64 {
        ctx.subjects.drain(..32);
    }
}

fn is_person(sc: &SentenceContext, m: &Mention) -> bool {
    !m.place && m.actor.code.len() > 3 && sc.tree.upos(m.head) == "PROPN" && m.text.split_whitespace().count() >= 1
        && m.actor.name.as_deref().is_some_and(|n| n.contains(' ') || n.chars().next().is_some_and(|c| c.is_uppercase()))
}

fn mention_ref(m: &Mention) -> ActorRef {
    ActorRef { actor: m.actor.clone(), text: m.text.clone(), place: m.place, tok: m.head, via: None }
}

fn mention_at<'a>(sc: &SentenceContext<'a>, tok: usize) -> Option<&'a Mention> {
    sc.mentions.iter().copied().find(|m| m.tokens.0 <= tok && tok < m.tokens.1)
}

/// The actors a phrase headed by `tok` names: the mention covering it, or one found among
/// its appositions and modifiers ("Steve Witkoff, envoy of President Trump"), plus those
/// of its conjuncts. Pronouns and "both sides" are resolved from the document context.
fn resolve(sc: &SentenceContext, ctx: &DocContext, tok: usize, depth: usize) -> Vec<ActorRef> {
    let t = &sc.tree;
    let mut out = Vec::new();
    if depth > 4 || tok >= t.len() {
        return out;
    }
    let lemma = t.lemma(tok);
    if let Some(m) = mention_at(sc, tok) {
        out.push(mention_ref(m));
        // "Russian and Ukrainian delegations": a coordinated modifier outside the mention
        for &c in t.children(tok) {
            let outside = c < m.tokens.0 || c >= m.tokens.1;
            let coordinated = t.kids(c, "conj").any(|k| k >= m.tokens.0 && k < m.tokens.1);
            if outside && coordinated && t.rel(c) == "amod" {
                if let Some(other) = mention_at(sc, c) {
                    out.push(mention_ref(other));
                }
            }
        }
    } else if t.upos(tok) == "PRON" || t.upos(tok) == "DET" && t.rel(tok) == "nmod" {
        if matches!(lemma.as_str(), "that" | "which" | "who" | "whom") {
            // relative pronoun: the noun the relative clause modifies
            if let Some(verb) = t.head(tok) {
                if t.deprel(verb).starts_with("acl") {
                    if let Some(noun) = t.head(verb) {
                        return resolve(sc, ctx, noun, depth + 1);
                    }
                }
            }
        } else if let Some(a) = antecedent(sc, ctx, tok, &lemma) {
            out.push(a);
        }
    } else if PLURAL_REFERENCES.contains(&lemma.as_str())
        && t.children(tok).iter().any(|&c| matches!(t.lemma(c).as_str(), "both" | "two"))
    {
        if let Some((a, b)) = &ctx.last_pair {
            out.push(ActorRef { via: Some("both sides"), ..a.clone() });
            out.push(ActorRef { via: Some("both sides"), ..b.clone() });
            return out;
        }
    } else {
        // breadth-first through appositions and close modifiers
        let mut queue: Vec<(usize, usize)> = vec![(tok, 0)];
        let mut k = 0;
        while k < queue.len() {
            let (n, d) = queue[k];
            k += 1;
            if n != tok {
                if let Some(m) = mention_at(sc, n) {
                    out.push(mention_ref(m));
                    // "Russian and Ukrainian delegations": the modifier's conjuncts too
                    for c in t.kids(n, "conj").collect::<Vec<_>>() {
                        out.extend(resolve(sc, ctx, c, depth + 1));
                    }
                    break;
                }
            }
            if d >= 3 {
                continue;
            }
            for &c in t.children(n) {
                let ok = match t.deprel(c) {
                    "appos" | "compound" | "amod" | "nmod:poss" | "flat" | "flat:name" => true,
                    "nmod" => matches!(t.case_of(c).as_deref(), Some("of") | Some("from")),
                    _ => false,
                };
                if ok {
                    queue.push((c, d + 1));
                }
            }
        }
    }
    for c in t.kids(tok, "conj").collect::<Vec<_>>() {
        for a in resolve(sc, ctx, c, depth + 1) {
            if !out.iter().any(|o| o.actor.code == a.actor.code) {
                out.push(a);
            }
        }
    }
    out
}

/// "he", "it", "they": the nearest earlier subject of a fitting kind in this sentence or
/// the two before.
fn antecedent(sc: &SentenceContext, ctx: &DocContext, tok: usize, lemma: &str) -> Option<ActorRef> {
    let want_person = match lemma {
        "he" | "she" | "him" | "her" | "his" | "himself" | "herself" => Some(true),
        "it" | "its" | "itself" => Some(false),
        "they" | "them" | "their" | "we" | "our" | "us" => None,
        _ => return None,
    };
    ctx.subjects
        .iter()
        .rev()
        .filter(|(s, head, _, _)| (*s == sc.index && *head < tok) || (*s < sc.index && sc.index - *s <= 2))
        .find(|(_, _, _, person)| want_person.is_none_or(|p| p == *person))
        .map(|(_, _, a, _)| ActorRef { via: Some("pronoun"), ..a.clone() })
}

/// Every actor inside a phrase, nearest to its head first.
fn resolve_deep(sc: &SentenceContext, ctx: &DocContext, tok: usize) -> Vec<ActorRef> {
    let mut out: Vec<ActorRef> = Vec::new();
    for n in sc.tree.subtree_bfs(tok) {
        for a in resolve(sc, ctx, n, 3) {
            if !out.iter().any(|o| o.actor.code == a.actor.code) {
                out.push(a);
            }
        }
    }
    out
}

/// The subject of a clause, inherited through control, coordination and participles
/// when the clause has none of its own.
fn subject_of(t: &Tree, v: usize) -> Option<usize> {
    let mut cur = v;
    for _ in 0..8 {
        if let Some(s) = t.kid(cur, "nsubj") {
            return Some(s);
        }
        let rel = t.deprel(cur).to_string();
        let head = t.head(cur)?;
        match rel.as_str() {
            "xcomp" => {
                // object control: "urged Russia to withdraw"
                if let Some(o) = t.kid(head, "obj") {
                    return Some(o);
                }
            }
            "conj" => {}
            "advcl" if !t.children(cur).iter().any(|&c| t.rel(c) == "mark") => {}
            // a sentence cannot be a bare noun phrase: "delegations met in X", misparsed as a
            // root noun modified by "met", has the noun as the verb's subject
            "acl" if t.rel(head) == "root" && matches!(t.upos(head), "NOUN" | "PROPN") && !t.tokens.get(cur).is_some_and(|k| k.xpos == "VBG") => return Some(head),
            // nor can a personal pronoun take one: in "it conducted a strike" misparsed as
            // "it" modified by "conducted", the pronoun is the subject
            "acl" if t.upos(head) == "PRON" && matches!(t.lemma(head).as_str(), "it" | "he" | "she" | "they" | "we") => return Some(head),
            "acl:relcl" | "acl" => return None,
            _ => return None,
        }
        cur = head;
    }
    None
}

/// "6-0", "2–1": a match score.
fn is_score(word: &str) -> bool {
    let parts: Vec<&str> = word.split(['-', '–']).collect();
    parts.len() == 2 && parts.iter().all(|p| !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit()))
}

fn is_passive(t: &Tree, v: usize) -> bool {
    t.children(v).iter().any(|&c| matches!(t.deprel(c), "nsubj:pass" | "aux:pass" | "csubj:pass"))
}

/// Phrases of `v` introduced by preposition `case` (obl/nmod), plus those of the
/// nominal `extra` (the object of a light verb, the complement noun).
fn prep_phrases(t: &Tree, heads: &[usize], case: &str) -> Vec<usize> {
    let mut out = Vec::new();
    for &h in heads {
        for &c in t.children(h) {
            if matches!(t.rel(c), "obl" | "nmod" | "advcl") && t.case_of(c).as_deref() == Some(case) {
                out.push(c);
            }
        }
    }
    out
}

struct Frame {
    /// The clause token the filters, date and location look at.
    clause: usize,
    /// Nominal heads whose own phrases also count (light verb object, trigger noun).
    nominals: Vec<usize>,
    trigger_words: String,
    is_noun: bool,
    light: Option<usize>,
}

fn match_pattern(sc: &SentenceContext, ctx: &DocContext, p: &Pattern, t: usize, options: &CoderOptions) -> Option<Vec<Candidate>> {
    let tree = &sc.tree;
    let frame = match p.kind {
        Kind::Verb => Frame { clause: t, nominals: Vec::new(), trigger_words: tree.form(t).to_string(), is_noun: false, light: None },
        Kind::Noun => {
            let light = tree.head(t).filter(|&h| {
                let ok_rel = match tree.rel(t) {
                    "obj" => true,
                    "obl" => matches!(tree.case_of(t).as_deref(), Some("in") | Some("into")),
                    "nsubj" => is_passive(tree, h),
                    _ => false,
                };
                ok_rel && matches!(tree.upos(h), "VERB" | "AUX") && LIGHT_VERBS.contains(&tree.lemma(h).as_str())
            });
            let words = match light {
                Some(l) => format!("{} … {}", tree.form(l), tree.form(t)),
                None => tree.form(t).to_string(),
            };
            Frame { clause: light.unwrap_or(t), nominals: vec![t], trigger_words: words, is_noun: true, light }
        }
    };
    // constraints
    let verb = if frame.is_noun { frame.light } else { Some(t) };
    let mut objects: Vec<usize> = Vec::new();
    if let Some(v) = verb {
        objects.extend(tree.kids(v, "obj"));
        if is_passive(tree, v) {
            objects.extend(tree.kids(v, "nsubj:pass"));
        }
        if tree.deprel(v) == "acl:relcl" && objects.is_empty() {
            if let (Some(s), Some(n)) = (tree.kid(v, "nsubj"), tree.head(v)) {
                if !matches!(tree.lemma(s).as_str(), "that" | "which" | "who") {
                    objects.push(n);
                }
            }
        }
    }
    if frame.is_noun {
        // the light verb's object is the trigger itself
        objects.retain(|&o| o != t);
    }
    if let Some(want) = &p.obj {
        let mut hits: Vec<usize> = objects.iter().copied().filter(|&o| lemma_in(tree, o, want)).collect();
        if hits.is_empty() && !frame.is_noun {
            // "engaged in talks", "withdrew from talks" count via `prep`; `obj` also accepts `in`
            hits = prep_phrases(tree, &[t], "in").into_iter().filter(|&o| lemma_in(tree, o, want)).collect();
        }
        if hits.is_empty() {
            return None;
        }
        objects = hits;
    }
    let mut nominals = frame.nominals.clone();
    nominals.extend(objects.iter().copied());
    if let Some((case, want)) = &p.prep {
        let mut heads = vec![t];
        heads.extend(frame.light);
        let hits: Vec<usize> = prep_phrases(tree, &heads, case).into_iter().filter(|&o| want.iter().any(|w| w == "*") || lemma_in(tree, o, want)).collect();
        if hits.is_empty() {
            return None;
        }
        nominals.extend(hits);
    }
    let complements: Vec<usize> = {
        let base = if frame.is_noun { t } else { t };
        tree.children(base).iter().copied().filter(|&c| matches!(tree.deprel(c), "xcomp" | "ccomp" | "acl" | "advcl")).collect()
    };
    if let Some(want) = &p.xcomp {
        let any = want.iter().any(|w| w == "*");
        let ok = complements.iter().any(|&c| {
            (any && tree.deprel(c) != "advcl") || lemma_in(tree, c, want) || tree.kids(c, "obj").any(|o| lemma_in(tree, o, want)) || {
                // "begin negotiations": one more level of control
                tree.kids(c, "xcomp").any(|x| lemma_in(tree, x, want) || tree.kids(x, "obj").any(|o| lemma_in(tree, o, want)))
            }
        });
        if !ok {
            return None;
        }
    }
    if let Some(prt) = &p.prt {
        if !tree.children(t).iter().any(|&c| tree.deprel(c) == "compound:prt" && tree.lemma(c) == *prt) {
            return None;
        }
    }
    if let Some(groups) = &p.after {
        // the words must follow the verb, in order, within its phrase
        let mut toks: Vec<usize> = tree.subtree_bfs(frame.clause).into_iter().filter(|&i| i > t).collect();
        toks.sort_unstable();
        let mut from = 0;
        for g in groups {
            let found = toks.iter().enumerate().skip(from).find(|(_, &i)| lemma_in(tree, i, g)).map(|(k, _)| k);
            match found {
                Some(k) => from = k + 1,
                None => return None,
            }
        }
    }
    let negated = is_negated(tree, frame.clause) || (frame.is_noun && is_negated(tree, t));
    if p.neg != negated {
        return None;
    }

    // assertion filters
    let mut notes = vec![format!("trigger {} ({})", frame.trigger_words, if frame.is_noun { "nominal" } else { "verbal" })];
    let mut confidence: f64 = if frame.is_noun { 0.65 } else { 0.8 };
    let unasserted = unasserted_reason(sc, t, &frame, p.neg);
    if let Some(why) = unasserted {
        if !options.include_unasserted {
            return None;
        }
        notes.push(format!("not asserted: {why}"));
        confidence = confidence.min(0.2);
    }
    if tree.children(frame.clause).iter().any(|&c| HEDGES.contains(&tree.lemma(c).as_str())) {
        notes.push("hedged".into());
        confidence -= 0.2;
    }

    // arguments
    let slot_actors = |spec: &SlotSpec| -> Vec<ActorRef> {
        let heads = slot_heads(tree, &frame, t, &spec.slot, &objects, &nominals, &complements);
        let mut out: Vec<ActorRef> = Vec::new();
        for h in heads {
            let mut found = if spec.deep { resolve_deep(sc, ctx, h) } else { resolve(sc, ctx, h, 0) };
            if spec.slot == Slot::Mod {
                // "the Istanbul talks": a place name modifying the act is where, not who
                found.retain(|a| !(a.place && tree.deprel(a.tok) == "compound"));
            }
            for a in found {
                if !out.iter().any(|o| o.actor.code == a.actor.code) {
                    out.push(a);
                }
            }
        }
        out
    };
    let mut sources: Vec<ActorRef> = Vec::new();
    for spec in &p.source {
        sources = slot_actors(spec);
        if !sources.is_empty() {
            break;
        }
    }
    if sources.is_empty() && p.sym && frame.is_noun {
        // "the meeting between A and B": both sides in one phrase
        sources = slot_actors(&SlotSpec { slot: Slot::Prep("between".into()), deep: false });
    }
    if sources.is_empty() {
        return None;
    }
    let mut targets: Vec<ActorRef> = Vec::new();
    for spec in &p.target {
        targets = slot_actors(spec).into_iter().filter(|a| sources.iter().all(|s| a.distinct_from(s))).collect();
        if !targets.is_empty() {
            notes.push(format!("target via {}", slot_name(spec)));
            break;
        }
    }
    if targets.is_empty() && p.partner {
        if let Some((a, b)) = &ctx.last_pair {
            let other = if sources.iter().any(|s| s.country() == a.country()) {
                Some(b)
            } else if sources.iter().any(|s| s.country() == b.country()) {
                Some(a)
            } else {
                None
            };
            if let Some(o) = other {
                targets.push(ActorRef { via: Some("counterpart in the last linked pair"), ..o.clone() });
                notes.push("target is the source's counterpart".into());
            }
        }
    }
    let mut pairs: Vec<(ActorRef, ActorRef)> = Vec::new();
    if targets.is_empty() {
        if p.sym && sources.len() >= 2 {
            // "A and B met", "talks between A and B"
            let (a, rest) = sources.split_first()?;
            if let Some(b) = rest.iter().find(|b| b.distinct_from(a)) {
                pairs.push((a.clone(), b.clone()));
                notes.push("mutual act of conjoined actors".into());
            }
        } else if p.sym && frame.is_noun {
            // "the meeting between A and B" when the source slot found only one side
            let between = slot_actors(&SlotSpec { slot: Slot::Prep("between".into()), deep: false });
            if between.len() >= 2 && between[0].distinct_from(&between[1]) {
                pairs.push((between[0].clone(), between[1].clone()));
            }
        }
    } else {
        // one record per source; further targets are alternatives of the same act
        let coded: Vec<ActorRef> = if options.every_target { std::mem::take(&mut targets) } else { vec![targets.remove(0)] };
        for target in &coded {
            for s in &sources {
                if s.distinct_from(target) && !pairs.iter().any(|(a, b)| a.actor.code == s.actor.code && b.actor.code == target.actor.code) {
                    pairs.push((s.clone(), target.clone()));
                }
            }
        }
        if !targets.is_empty() {
            notes.push(format!("also aimed at {}", targets.iter().map(|a| a.actor.code.as_str()).collect::<Vec<_>>().join(", ")));
        }
    }
    if pairs.is_empty() {
        return None;
    }
    let code = refine_code(tree, &p.code, &frame, t);
    let location = find_location(sc, &frame, t);
    let mut out = Vec::new();
    let mut directed: Vec<(ActorRef, ActorRef, String)> = Vec::new();
    for (s, tg) in pairs {
        if let Some(rev) = &p.reverse {
            directed.push((tg.clone(), s.clone(), rev.clone()));
        }
        directed.insert(directed.len() - p.reverse.is_some() as usize, (s, tg, code.clone()));
    }
    for (s, tg, code) in directed {
        let mut n = notes.clone();
        let mut conf = confidence;
        for a in [&s, &tg] {
            if let Some(via) = a.via {
                n.push(format!("{} resolved as {} via {via}", a.text, a.actor.code));
                conf -= 0.1;
            }
        }
        out.push(Candidate {
            source: s,
            target: tg,
            code: code.clone(),
            clause: frame.clause,
            trigger: frame.trigger_words.clone(),
            pattern: format!("{} {}", p.origin, p.text),
            notes: n,
            confidence: conf.clamp(0.05, 1.0),
            sentence: sc.index,
            location: location.clone(),
            symmetric: p.sym,
        });
    }
    Some(out)
}

fn slot_name(spec: &SlotSpec) -> String {
    let base = match &spec.slot {
        Slot::Subj => "subj".to_string(),
        Slot::Obj => "obj".into(),
        Slot::Iobj => "iobj".into(),
        Slot::XObj => "xobj".into(),
        Slot::XSubj => "xsubj".into(),
        Slot::XComp => "x".into(),
        Slot::Speaker => "speaker".into(),
        Slot::Poss => "poss".into(),
        Slot::Mod => "mod".into(),
        Slot::Prep(p) => p.clone(),
    };
    if spec.deep { format!("*{base}") } else { base }
}

fn slot_heads(tree: &Tree, frame: &Frame, t: usize, slot: &Slot, objects: &[usize], nominals: &[usize], complements: &[usize]) -> Vec<usize> {
    let verb = if frame.is_noun { frame.light } else { Some(t) };
    match slot {
        Slot::Subj => {
            let Some(v) = verb else { return Vec::new() };
            if is_passive(tree, v) {
                // passive: the agent is the source ("was attacked by X")
                return prep_phrases(tree, &[v], "by");
            }
            subject_of(tree, v).into_iter().collect()
        }
        Slot::Obj => {
            if frame.is_noun {
                // "the invasion of Ukraine"
                return prep_phrases(tree, &[t], "of");
            }
            objects.to_vec()
        }
        Slot::Iobj => verb.map(|v| tree.kids(v, "iobj").collect()).unwrap_or_default(),
        Slot::XObj => complements.iter().flat_map(|&c| tree.kids(c, "obj").collect::<Vec<_>>()).collect(),
        Slot::XSubj => {
            let mut v: Vec<usize> = complements.iter().filter_map(|&c| tree.kid(c, "nsubj")).collect();
            if v.is_empty() {
                v = objects.to_vec();
            }
            v
        }
        Slot::XComp => complements.iter().copied().filter(|&c| tree.deprel(c) != "advcl").collect(),
        Slot::Speaker => {
            // up from the trigger's clause to the first clausal complement, then its governor's subject
            let mut cur = frame.clause;
            for _ in 0..tree.len() {
                let Some(h) = tree.head(cur) else { break };
                if tree.rel(cur) == "ccomp" {
                    return subject_of(tree, h).into_iter().collect();
                }
                cur = h;
            }
            Vec::new()
        }
        Slot::Poss => nominals.iter().flat_map(|&n| tree.kids(n, "nmod:poss").collect::<Vec<_>>()).collect(),
        Slot::Mod => {
            if !frame.is_noun {
                return Vec::new();
            }
            tree.children(t)
                .iter()
                .copied()
                .filter(|&c| matches!(tree.deprel(c), "nmod:poss" | "amod" | "compound"))
                .collect()
        }
        Slot::Prep(case) => {
            let mut heads: Vec<usize> = vec![t];
            heads.extend(frame.light);
            heads.extend(nominals.iter().copied());
            heads.sort_unstable();
            heads.dedup();
            prep_phrases(tree, &heads, case)
        }
    }
}

fn lemma_in(tree: &Tree, tok: usize, want: &[String]) -> bool {
    let lemma = tree.lemma(tok);
    let form = tree.form(tok).to_lowercase();
    want.iter().any(|w| *w == lemma || *w == form)
}

fn is_negated(tree: &Tree, tok: usize) -> bool {
    tree.children(tok).iter().any(|&c| {
        let l = tree.lemma(c);
        (matches!(tree.rel(c), "advmod" | "neg" | "det" | "advmod:neg") && NEGATORS.contains(&l.as_str()))
            || (tree.form(c).eq_ignore_ascii_case("n't"))
    })
}

fn has_modal(tree: &Tree, tok: usize) -> bool {
    tree.children(tok).iter().any(|&c| tree.rel(c) == "aux" && MODALS.contains(&tree.lemma(c).as_str()) || tree.rel(c) == "aux" && MODALS.contains(&tree.form(c).to_lowercase().as_str()))
}

fn has_conditional_mark(tree: &Tree, tok: usize) -> bool {
    tree.children(tok).iter().any(|&c| tree.rel(c) == "mark" && matches!(tree.lemma(c).as_str(), "if" | "unless" | "whether" | "lest"))
}

/// Why the act at `t` is not reported as having happened, if it is not.
fn unasserted_reason(sc: &SentenceContext, t: usize, frame: &Frame, negative_pattern: bool) -> Option<&'static str> {
    let tree = &sc.tree;
    if sc.question {
        return Some("question");
    }
    if sc.sports {
        return Some("sports report");
    }
    let clause = frame.clause;
    if has_modal(tree, clause) {
        return Some("modal or future");
    }
    if !negative_pattern && (is_negated(tree, clause) || (frame.is_noun && is_negated(tree, t))) {
        return Some("negated");
    }
    if has_conditional_mark(tree, clause) {
        return Some("conditional");
    }
    if frame.is_noun
        && tree.children(t).iter().any(|&c| {
            matches!(tree.rel(c), "amod" | "det")
                && (IRREALIS_NOUN_MODS.contains(&tree.lemma(c).as_str()) || IRREALIS_NOUN_MODS.contains(&tree.form(c).to_lowercase().as_str()))
        })
    {
        return Some("planned or possible");
    }
    // climb the clause chain
    let mut cur = clause;
    let mut first = true;
    for _ in 0..tree.len() {
        let Some(h) = tree.head(cur) else { break };
        let rel = tree.deprel(cur).to_string();
        let hl = tree.lemma(h);
        match rel.as_str() {
            "xcomp" => {
                // "have", "go", "need" govern an intended act only as "have to", "going to"
                let infinitive = tree.children(cur).iter().any(|&c| tree.rel(c) == "mark" && tree.lemma(c) == "to");
                let weak = matches!(hl.as_str(), "have" | "go" | "need");
                if IRREALIS_CONTROL.contains(&hl.as_str()) && (!weak || infinitive) {
                    return Some("intended or avoided, not done");
                }
                if has_modal(tree, h) {
                    return Some("modal or future");
                }
                if is_negated(tree, h) {
                    return Some("negated");
                }
            }
            "conj" => {
                if first && has_modal(tree, h) && !tree.children(cur).iter().any(|&c| tree.rel(c) == "aux" || tree.rel(c) == "nsubj") {
                    return Some("modal or future");
                }
            }
            "acl" | "ccomp" if IRREALIS_NOUN_HEADS.contains(&hl.as_str()) && matches!(tree.upos(h), "NOUN" | "PROPN") => {
                return Some("planned, possible or claimed, not reported as done");
            }
            "ccomp" => {
                if DENIAL.contains(&hl.as_str()) {
                    return Some("denied");
                }
                if has_modal(tree, h) || is_negated(tree, h) {
                    return Some("modal or negated report");
                }
            }
            "acl:relcl" | "parataxis" => break,
            r if first && frame.is_noun && frame.light.is_none() && matches!(r, "nsubj" | "obj" | "obl" | "nmod" | "nsubj:pass") => {
                // a nominal act inside a clause that is itself modal or negated
                if has_modal(tree, h) || (is_negated(tree, h) && r != "nmod") {
                    return Some("modal or negated clause");
                }
                if IRREALIS_CONTROL.contains(&hl.as_str()) && r == "obj" {
                    return Some("intended or requested, not done");
                }
            }
            _ => {}
        }
        if has_conditional_mark(tree, h) {
            return Some("conditional");
        }
        first = false;
        cur = h;
    }
    None
}

/// Specific codes from the instruments the clause names: missiles and drones (195),
/// artillery (194).
fn refine_code(tree: &Tree, code: &str, frame: &Frame, t: usize) -> String {
    if !matches!(code, "190" | "19" | "18" | "180" | "1712") {
        return code.to_string();
    }
    let mut scope = tree.subtree_bfs(frame.clause);
    if frame.clause != t {
        scope.extend(tree.subtree_bfs(t));
    }
    if let Some(s) = subject_of(tree, frame.clause) {
        scope.extend(tree.subtree_bfs(s));
    }
    let words: Vec<String> = scope.iter().map(|&i| tree.form(i).to_lowercase()).collect();
    if words.iter().any(|w| AERIAL.contains(&w.as_str())) {
        "195".to_string()
    } else if words.iter().any(|w| ARTILLERY.contains(&w.as_str())) {
        "194".to_string()
    } else {
        code.to_string()
    }
}

fn find_location(sc: &SentenceContext, frame: &Frame, t: usize) -> Option<Location> {
    let tree = &sc.tree;
    let mut heads = vec![frame.clause, t];
    heads.dedup();
    let mut candidates: Vec<usize> = Vec::new();
    for &h in &heads {
        for &c in tree.children(h) {
            let case = tree.case_of(c);
            if matches!(tree.rel(c), "obl" | "nmod") && matches!(case.as_deref(), Some("in") | Some("at")) {
                candidates.push(c);
            }
            if frame.is_noun && h == t && matches!(tree.deprel(c), "compound" | "amod") {
                candidates.push(c);
            }
        }
    }
    for c in candidates {
        // the name: the head with its compound and flat parts, in order
        let mut parts: Vec<usize> = tree.children(c).iter().copied().filter(|&k| matches!(tree.deprel(k), "compound" | "flat" | "flat:name")).collect();
        parts.push(c);
        parts.sort_unstable();
        let name = parts.iter().map(|&i| tree.form(i)).collect::<Vec<_>>().join(" ");
        let found = places::lookup(&name).or_else(|| places::lookup(tree.form(c)));
        if let Some(p) = found {
            return Some(Location { name: p.name.to_string(), country: Some(p.country.to_string()), lat: Some(p.lat), lon: Some(p.lon) });
        }
    }
    None
}

fn pick_date<'a>(tree: &Tree, dates: &'a [DateMention], clause: usize, t: usize) -> Option<&'a DateMention> {
    let inside = |m: &DateMention, root: usize| (m.first..=m.last).any(|i| i == root || tree.is_ancestor(root, i));
    dates
        .iter()
        .find(|m| inside(m, clause) || inside(m, t))
        .or_else(|| {
            // a date attached to a clause above the trigger ("said on Friday that ...")
            dates.iter().find(|m| (m.first..=m.last).any(|i| tree.head(i).is_some_and(|h| tree.is_ancestor(h, clause))))
        })
}

fn build_events(doc: &Document, candidates: Vec<Candidate>, dates: &[Vec<DateMention>], sentences: &[dyad_doc::Sentence]) -> Vec<Event> {
    let mut events: Vec<Event> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for c in candidates {
        // codes outside CAMEO (foreign dictionaries) pass through with their first two digits as root
        let info = match dyad_cameo::lookup(&c.code) {
            Some(i) => CodeInfo { code: i.code.to_string(), root: i.root().to_string(), quad: i.quad_class(), goldstein: i.goldstein },
            None if c.code.len() >= 2 => {
                let root = c.code.get(..2).unwrap_or("").to_string();
                let quad = match root.parse::<u8>().unwrap_or(0) { 1..=5 => 1, 6..=9 => 2, 10..=14 => 3, 15..=20 => 4, _ => 0 };
                CodeInfo { code: c.code.clone(), root, quad, goldstein: 0.0 }
            }
            None => continue,
        };
        let Some(sentence) = sentences.get(c.sentence) else { continue };
        let tree = Tree::new(sentence);
        let date_mention = dates.get(c.sentence).and_then(|d| {
            let t = c.clause;
            pick_date(&tree, d, c.clause, t)
        });
        let (date, basis, date_key) = match date_mention {
            Some(m) if m.date.is_some() => (m.date, m.basis, m.key.clone()),
            Some(m) => (doc.meta.published, DateBasis::Publication, m.key.clone()),
            None => (doc.meta.published, DateBasis::Publication, String::new()),
        };
        let (a, b) = (c.source.actor.code.clone(), c.target.actor.code.clone());
        let pair = if c.symmetric && b < a { format!("{b}|{a}") } else { format!("{a}|{b}") };
        let key = format!("{pair}|{}|{date_key}", info.root);
        if let Some(&i) = seen.get(&key) {
            if let Some(e) = events.get_mut(i) {
                e.evidence.notes.push(format!("also reported in sentence {}", c.sentence + 1));
            }
            continue;
        }
        let text = doc.slice(sentence.start, sentence.end).to_string();
        // content hash included: two different files with one name get different ids
        let event_id = format!(
            "{}{:016x}",
            doc.content_hash.get(..8).unwrap_or(""),
            fnv1a(&format!("{}|{}|{}|{}|{}|{}|{}", doc.id, doc.content_hash, sentence.start, sentence.end, a, b, info.code))
        );
        let mut notes = c.notes;
        if let Some(m) = date_mention {
            notes.push(format!("date from \"{}\"", m.key));
        }
        seen.insert(key, events.len());
        events.push(Event {
            doc: doc.id.clone(),
            event_id,
            date,
            date_basis: basis,
            source: event_actor(&c.source),
            target: event_actor(&c.target),
            cameo: info.code.clone(),
            root: info.root.clone(),
            quad_class: info.quad,
            goldstein: info.goldstein,
            sentence: text,
            span: (sentence.start, sentence.end),
            location: c.location,
            confidence: (c.confidence * 100.0).round() / 100.0,
            evidence: Evidence { trigger: c.trigger, pattern: c.pattern, notes },
        });
    }
    events
}

struct CodeInfo {
    code: String,
    root: String,
    quad: u8,
    goldstein: f64,
}

fn event_actor(a: &ActorRef) -> EventActor {
    EventActor {
        code: a.actor.code.clone(),
        country: a.actor.country.clone(),
        sector: a.actor.sector.clone(),
        name: a.actor.name.clone(),
        text: a.text.clone(),
    }
}

/// FNV-1a, 64 bits: a stable hash for event ids (same input, same id, any platform).
fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
