//! Coding one document: for every sentence, the triggers the dictionary knows, the frame
//! each builds over the parse, the actors its slots name, the filters that decide whether the
//! act is reported as done; then one event record per distinct act.
//!
//! - [`frame`]: a trigger's clause, light verb and the constraints of its patterns
//! - [`reference`]: which actors a phrase names (mentions, appositions, pronouns, "both sides")
//! - [`assertion`]: negation, modality, conditionals, intended and denied acts
//! - [`refine`]: instrument-specific codes, places and dates of an act
//! - [`records`]: event records, merging repeated mentions
//! - [`syntax`]: small questions about the UD tree

mod assertion;
mod frame;
mod records;
mod reference;
mod refine;
mod surface;
mod syntax;

use crate::dates::{self, DateMention};
use crate::lexicon::Lexicon;
use crate::patterns::{Kind, PatternSet};
use crate::tree::Tree;
use crate::CoderOptions;
use dyad_doc::{Actor, Document, Event, Location, Mention};
use frame::match_pattern;
pub use frame::Rejection;
use records::build_events;
use reference::mention_ref;
use syntax::is_score;

/// What the coder saw in one sentence, and what became of each trigger: for `--explain`,
/// so a user can tell a missing word from a missing actor from a parse error.
#[derive(Debug, Clone)]
pub struct SentenceTrace {
    pub sentence: usize,
    /// The actor mentions, as `"words"=CODE`.
    pub actors: Vec<String>,
    /// Every word the dictionary has patterns for, in sentence order.
    pub triggers: Vec<TriggerTrace>,
}

#[derive(Debug, Clone)]
pub struct TriggerTrace {
    /// Token index within the sentence.
    pub token: usize,
    pub word: String,
    /// The patterns tried, most constrained first, until one gave events.
    pub attempts: Vec<Attempt>,
}

#[derive(Debug, Clone)]
pub struct Attempt {
    /// `patterns/19.txt:12 verb attack ... => 190`.
    pub pattern: String,
    /// The events it gave (`RUS → UKR 190`), or why it gave none.
    pub outcome: Result<Vec<String>, Rejection>,
}

#[derive(Debug, Clone)]
pub(super) struct ActorRef {
    pub actor: Actor,
    pub text: String,
    /// The words name a place ("Istanbul"), which as a noun modifier is a location.
    pub place: bool,
    /// Token the mention is headed by.
    pub tok: usize,
    pub via: Option<&'static str>,
}

impl ActorRef {
    pub fn country(&self) -> &str {
        self.actor.country.as_deref().unwrap_or_else(|| self.actor.code.get(..3).unwrap_or(&self.actor.code))
    }
    /// Two different political actors: different countries or bodies, or the same
    /// country with two different named sectors.
    pub fn distinct_from(&self, other: &ActorRef) -> bool {
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
pub(super) struct DocContext {
    /// Events coded so far, for acts referred to later ("condemned the airstrikes").
    pub events: Vec<PastEvent>,
    /// Subject actors seen so far, with their sentence index, for pronouns.
    pub subjects: Vec<(usize, usize, ActorRef, bool)>,
    /// The last pair of actors an event linked, for "both sides", "the two leaders".
    pub last_pair: Option<(ActorRef, ActorRef)>,
}

/// An event coded earlier in the document, as later references see it.
#[derive(Debug, Clone)]
pub(super) struct PastEvent {
    pub sentence: usize,
    /// The trigger's token in its sentence.
    pub token: usize,
    pub root: String,
    pub source: ActorRef,
}

pub(super) struct SentenceContext<'a> {
    pub lex: &'a Lexicon,
    pub patterns: &'a PatternSet,
    pub index: usize,
    pub tree: Tree<'a>,
    pub mentions: Vec<&'a Mention>,
    pub dates: Vec<DateMention>,
    pub question: bool,
    /// A sports report: no political events.
    pub sports: bool,
}

pub(super) struct Candidate {
    pub source: ActorRef,
    pub target: ActorRef,
    pub code: String,
    pub clause: usize,
    pub trigger: String,
    pub pattern: String,
    pub notes: Vec<String>,
    pub confidence: f64,
    pub sentence: usize,
    pub location: Option<Location>,
    pub symmetric: bool,
}

pub(crate) fn code_document(
    patterns: &PatternSet,
    lex: &Lexicon,
    options: &CoderOptions,
    doc: &Document,
    mut trace: Option<&mut Vec<SentenceTrace>>,
) -> Vec<Event> {
    let mut ctx = DocContext::default();
    // mentions grouped by sentence once: cost stays linear in the document's length
    let mut mentions_by_sentence: Vec<Vec<&Mention>> = vec![Vec::new(); doc.sentences.len()];
    for m in &doc.mentions {
        if let Some(list) = mentions_by_sentence.get_mut(m.sentence) {
            list.push(m);
        }
    }
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut dates_by_sentence: Vec<Vec<DateMention>> = Vec::new();
    for (si, sentence) in doc.sentences.iter().enumerate() {
        let tree = Tree::new(sentence);
        let forms: Vec<&str> = sentence.tokens.iter().map(|t| t.form.as_str()).collect();
        let text = doc.slice(sentence.start, sentence.end).trim_end();
        let mentions = std::mem::take(&mut mentions_by_sentence[si]);
        // a sports report has a score or two sports words ("gold mine", "presidential race"
        // and "the Arab League" are not sports: one word is not enough, one in a name none)
        let in_mention = |i: usize| mentions.iter().any(|m| m.tokens.0 <= i && i < m.tokens.1);
        let forms_lower: Vec<String> = sentence.tokens.iter().map(|t| t.form.to_lowercase()).collect();
        let mut sports_words: Vec<&str> = forms_lower
            .iter()
            .enumerate()
            .filter(|(i, f)| lex.sports.contains(f.as_str()) && !in_mention(*i))
            .map(|(_, f)| f.as_str())
            .collect();
        sports_words.sort_unstable();
        sports_words.dedup();
        let sports = sports_words.len() >= 2 || forms_lower.iter().any(|f| is_score(f));
        let sc = SentenceContext {
            lex,
            patterns,
            index: si,
            mentions,
            dates: dates::find_with(&forms, dates::Reference::of(&doc.meta)),
            question: text.ends_with('?'),
            sports,
            tree,
        };
        let mut sentence_trace = trace.is_some().then(|| SentenceTrace {
            sentence: si,
            actors: sc
                .mentions
                .iter()
                .map(|m| {
                    let place = if m.place { ", place" } else { "" };
                    format!("\"{}\"={} (word {}{place})", m.text, m.actor.code, m.head + 1)
                })
                .collect(),
            triggers: Vec::new(),
        });
        for t in 0..sc.tree.len() {
            let Some((kind, list)) = trigger_patterns(patterns, &sc.tree, t) else { continue };
            let _ = kind;
            let mut attempts = Vec::new();
            for p in list {
                match match_pattern(&sc, &ctx, p, t, options) {
                    Ok(found) => {
                        if trace.is_some() {
                            let coded = found
                                .iter()
                                .map(|c| format!("{} → {} {}", c.source.actor.code, c.target.actor.code, c.code))
                                .collect();
                            attempts.push(Attempt { pattern: format!("{} {}", p.origin, p.text), outcome: Ok(coded) });
                        }
                        for c in found {
                            ctx.last_pair = Some((c.source.clone(), c.target.clone()));
                            ctx.events.push(PastEvent {
                                sentence: si,
                                token: t,
                                root: c.code.chars().take(2).collect(),
                                source: c.source.clone(),
                            });
                            candidates.push(c);
                        }
                        break;
                    }
                    Err(why) if trace.is_some() => {
                        attempts.push(Attempt { pattern: format!("{} {}", p.origin, p.text), outcome: Err(why) })
                    }
                    Err(_) => {}
                }
            }
            if let Some(st) = sentence_trace.as_mut() {
                st.triggers.push(TriggerTrace { token: t, word: sc.tree.form(t).to_string(), attempts });
            }
        }
        if let (Some(all), Some(st)) = (trace.as_mut(), sentence_trace) {
            all.push(st);
        }
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
        let is_subject =
            rel == "nsubj" || (rel == "conj" && sc.tree.head(head).is_some_and(|h| sc.tree.rel(h) == "nsubj"));
        if is_subject {
            let person = is_person(m);
            ctx.subjects.push((sc.index, head, mention_ref(m), person));
        }
    }
    if !sc.mentions.iter().any(|m| sc.tree.rel(m.head) == "nsubj") {
        // a fragment or misparsed sentence: its opening actor is the likely topic
        if let Some(m) = sc.mentions.iter().find(|m| m.tokens.0 == 0) {
            ctx.subjects.push((sc.index, m.head, mention_ref(m), is_person(m)));
        }
    }
    if ctx.subjects.len() > 64 {
        ctx.subjects.drain(..32);
    }
}

pub(super) fn is_person(m: &Mention) -> bool {
    m.person && !m.place
}

/// The patterns a token triggers: by its lemma, or when the lemmatiser missed the word
/// ("travell" for "travelled", "declin" for "declining"), by the base forms its spelling
/// allows that the dictionary knows.
fn trigger_patterns<'p>(
    patterns: &'p PatternSet,
    tree: &Tree,
    t: usize,
) -> Option<(Kind, &'p [crate::patterns::Pattern])> {
    let lemma = tree.lemma(t);
    let kind = match tree.upos(t) {
        "VERB" => Kind::Verb,
        "NOUN" | "PROPN" => Kind::Noun,
        // "accused", "responsible": adjectival participles and predicates
        "ADJ" if !patterns.get(Kind::Verb, &lemma).is_empty() => Kind::Verb,
        _ => return None,
    };
    let form = tree.form(t).to_lowercase();
    // a dictionary entry for the very form ("left" beside "leave") is the more specific
    let mut tries = vec![form.clone(), lemma.clone()];
    if kind == Kind::Verb {
        tries.extend(base_forms(&form));
    }
    tries.into_iter().map(|w| patterns.get(kind, &w)).find(|l| !l.is_empty()).map(|l| (kind, l))
}

/// Base forms an inflected verb's spelling allows: "raided" → raid, raide; "travelled" →
/// travel; "declining" → declin, decline; "carried" → carry.
pub(super) fn base_forms(form: &str) -> Vec<String> {
    let mut out = Vec::new();
    for suffix in ["ing", "ed", "es", "s"] {
        let Some(stem) = form.strip_suffix(suffix) else { continue };
        if stem.len() < 2 {
            continue;
        }
        out.push(stem.to_string());
        out.push(format!("{stem}e"));
        if let Some(y) = stem.strip_suffix('i') {
            out.push(format!("{y}y"));
        }
        let b = stem.as_bytes();
        if b.len() >= 3 && b[b.len() - 1] == b[b.len() - 2] {
            out.push(stem[..stem.len() - 1].to_string());
        }
    }
    out
}
