//! Actors by word order, for when the parse does not connect them to the trigger.
//!
//! News sentences with long titles and names ("Russian Foreign Minister Sergei Lavrov and
//! U.S. Secretary of State Marco Rubio met in Riyadh") are where a greedy parser goes wrong
//! most; the words themselves still say who met whom. When a pattern's slots find no actor
//! in the tree, its source is the actor (and the actors conjoined with it) nearest before the
//! trigger in the same clause, and its target the nearest after it, behind the preposition
//! the slot names. A clause boundary (a finite verb, a subordinator or relative pronoun, a
//! semicolon) stops the search, so the actors of another clause are not taken.

use super::reference::mention_ref;
use super::{ActorRef, SentenceContext};
use dyad_doc::Mention;

/// A token that ends the clause the trigger is in, seen from the trigger.
fn boundary(sc: &SentenceContext, i: usize) -> bool {
    let t = &sc.tree;
    let Some(tok) = t.tokens.get(i) else {
        return true;
    };
    let lower = tok.form.to_lowercase();
    matches!(lower.as_str(), ";" | ":" | "—" | "–" | "\"" | "“" | "”")
        || (tok.upos == "VERB" && matches!(tok.xpos.as_str(), "VBD" | "VBZ" | "VBP"))
        || tok.upos == "SCONJ"
        || matches!(lower.as_str(), "which" | "who" | "whom" | "whose" | "while" | "whereas" | "but")
}

/// The mention is a place inside a prepositional phrase ("in Kabul"): where, not who;
/// unless the preposition is the one wanted (`to` of "travelled to Beijing").
fn located(sc: &SentenceContext, m: &Mention, wanted: Option<&str>) -> bool {
    let t = &sc.tree;
    let before = m.tokens.0.checked_sub(1).map(|i| t.form(i).to_lowercase());
    let Some(case) = before.filter(|_| m.place) else {
        return false;
    };
    wanted != Some(case.as_str())
        && matches!(case.as_str(), "in" | "at" | "near" | "from" | "across" | "outside" | "inside" | "into" | "to")
}

/// The actors nearest before `t` in its clause: the nearest mention and those conjoined with
/// it by "and" or commas ("Mali, Niger and Burkina Faso recalled ...").
pub(super) fn before(sc: &SentenceContext, t: usize) -> Vec<ActorRef> {
    let mut out: Vec<ActorRef> = Vec::new();
    let mut i = t;
    let mut last_start: Option<usize> = None;
    while i > 0 {
        i -= 1;
        if boundary(sc, i) {
            break;
        }
        let Some(m) = sc.mentions.iter().copied().find(|m| m.tokens.1 == i + 1) else {
            if let Some(start) = last_start {
                // after a first actor, only "and", "," continue a list of actors
                let f = sc.tree.form(i).to_lowercase();
                if !(matches!(f.as_str(), "and" | "," | "&") && i + 1 == start) {
                    break;
                }
            }
            continue;
        };
        if located(sc, m, None) {
            i = m.tokens.0;
            continue;
        }
        if !out.iter().any(|o| o.actor.code == m.actor.code) {
            out.push(ActorRef { via: Some("word order"), ..mention_ref(m) });
        }
        last_start = Some(m.tokens.0);
        i = m.tokens.0;
    }
    out
}

/// The actors nearest after `t` in its clause; with `case`, after that preposition ("met
/// with X", "strikes on X"), otherwise before any preposition other than "of".
pub(super) fn after(sc: &SentenceContext, t: usize, case: Option<&str>) -> Vec<ActorRef> {
    let tr = &sc.tree;
    let mut seen_case = case.is_none();
    let mut out: Vec<ActorRef> = Vec::new();
    let mut i = t + 1;
    while i < tr.len() {
        if boundary(sc, i) {
            break;
        }
        let lower = tr.form(i).to_lowercase();
        // "granted asylum to ousted President X" misread with "to" as an infinitive marker
        if tr.upos(i) == "ADP" || (tr.upos(i) == "PART" && case == Some(lower.as_str())) {
            match case {
                Some(c) if lower == c => seen_case = true,
                Some(_) => {}
                None if lower == "of" => {}
                None => break,
            }
        }
        if let Some(m) = sc.mentions.iter().copied().find(|m| m.tokens.0 == i) {
            if seen_case && !located(sc, m, case) {
                out.push(ActorRef { via: Some("word order"), ..mention_ref(m) });
                break;
            }
            i = m.tokens.1;
            continue;
        }
        i += 1;
    }
    out
}
