//! Whether an act is reported as done: negation, modality, conditionals, questions, and
//! complements of intention, request, denial.

use super::frame::Frame;
use super::SentenceContext;
use crate::lexicon::Lexicon;
use crate::tree::Tree;

pub(super) fn is_negated(lex: &Lexicon, tree: &Tree, tok: usize) -> bool {
    tree.children(tok).iter().any(|&c| {
        let l = tree.lemma(c);
        (matches!(tree.rel(c), "advmod" | "neg" | "det" | "advmod:neg") && lex.negators.contains(l.as_str()))
            || (tree.form(c).eq_ignore_ascii_case("n't"))
    })
}

pub(super) fn has_modal(lex: &Lexicon, tree: &Tree, tok: usize) -> bool {
    tree.children(tok).iter().any(|&c| {
        tree.rel(c) == "aux" && lex.modals.contains(tree.lemma(c).as_str())
            || tree.rel(c) == "aux" && lex.modals.contains(tree.form(c).to_lowercase().as_str())
    })
}

pub(super) fn has_conditional_mark(tree: &Tree, tok: usize) -> bool {
    tree.children(tok)
        .iter()
        .any(|&c| tree.rel(c) == "mark" && matches!(tree.lemma(c).as_str(), "if" | "unless" | "whether" | "lest"))
}

/// "Neither Egypt nor Qatar took part": a subject under "neither" negates the clause.
fn negated_subject(tree: &Tree, clause: usize) -> bool {
    tree.kids(clause, "nsubj").any(|s| tree.children(s).iter().any(|&c| tree.lemma(c) == "neither"))
}

/// A nominal act named as the matter of a rumour or report ("rumours of a secret meeting",
/// "reports of an attack"): hearsay, not an asserted event.
fn under_hearsay(sc: &SentenceContext, t: usize) -> bool {
    let tree = &sc.tree;
    tree.head(t).is_some_and(|h| {
        tree.rel(t) == "nmod"
            && matches!(tree.case_of(t).as_deref(), Some("of" | "about" | "on"))
            && sc.lex.hearsay.contains(&tree.lemma(h))
    })
}

/// The speaker of a report is an unnamed group ("critics say", "analysts believe").
fn unnamed_speaker(sc: &SentenceContext, verb: usize) -> bool {
    let tree = &sc.tree;
    tree.kids(verb, "nsubj").any(|s| {
        sc.lex.unnamed_speakers.contains(&tree.lemma(s))
            && !sc.mentions.iter().any(|m| m.tokens.0 <= s && s < m.tokens.1)
    })
}

/// Why the act at `t` is not reported as having happened, if it is not.
pub(super) fn unasserted_reason(
    sc: &SentenceContext,
    t: usize,
    frame: &Frame,
    negative_pattern: bool,
) -> Option<&'static str> {
    let tree = &sc.tree;
    if sc.question {
        return Some("question");
    }
    if sc.sports {
        return Some("sports report");
    }
    let clause = frame.clause;
    if has_modal(sc.lex, tree, clause) {
        return Some("modal or future");
    }
    if !negative_pattern && (is_negated(sc.lex, tree, clause) || (frame.is_noun && is_negated(sc.lex, tree, t))) {
        return Some("negated");
    }
    if has_conditional_mark(tree, clause) {
        return Some("conditional");
    }
    if negated_subject(tree, clause) {
        return Some("negated");
    }
    if frame.is_noun && under_hearsay(sc, t) {
        return Some("rumoured or reported, not confirmed");
    }
    if frame.is_noun
        && tree.children(t).iter().any(|&c| {
            matches!(tree.rel(c), "amod" | "det")
                && (sc.lex.irrealis_noun_modifiers.contains(tree.lemma(c).as_str())
                    || sc.lex.irrealis_noun_modifiers.contains(tree.form(c).to_lowercase().as_str()))
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
        // "accused Rwanda of supporting the M23": what is alleged, not reported as done
        if sc.lex.accusation.contains(&hl) && !matches!(tree.rel(cur), "nsubj" | "conj" | "parataxis" | "punct") {
            return Some("what someone is accused of");
        }
        match rel.as_str() {
            "xcomp" | "advcl" => {
                // "have", "go", "need" govern an intended act only as "have to", "going to"
                let infinitive = tree.children(cur).iter().any(|&c| tree.rel(c) == "mark" && tree.lemma(c) == "to");
                let weak = matches!(hl.as_str(), "have" | "go" | "need");
                let form = tree.form(h).to_lowercase();
                let control = sc.lex.irrealis_control.contains(&hl) || sc.lex.irrealis_control.contains(&form);
                if control && (!weak || infinitive) && (rel == "xcomp" || infinitive) {
                    return Some("intended or avoided, not done");
                }
                if rel == "advcl" && infinitive && first {
                    // "flew to Cairo to meet ...": a purpose, not yet done
                    return Some("purpose of another act, not reported as done");
                }
                if has_modal(sc.lex, tree, h) {
                    return Some("modal or future");
                }
                if is_negated(sc.lex, tree, h) {
                    return Some("negated");
                }
            }
            "conj"
                if first
                    && has_modal(sc.lex, tree, h)
                    && !tree.children(cur).iter().any(|&c| tree.rel(c) == "aux" || tree.rel(c) == "nsubj") =>
            {
                return Some("modal or future");
            }
            "acl" | "ccomp"
                if sc.lex.irrealis_noun_heads.contains(hl.as_str()) && matches!(tree.upos(h), "NOUN" | "PROPN") =>
            {
                return Some("planned, possible or claimed, not reported as done");
            }
            "ccomp" => {
                if sc.lex.denial.contains(hl.as_str()) {
                    return Some("denied");
                }
                if unnamed_speaker(sc, h) {
                    return Some("claimed by unnamed critics or observers");
                }
                if has_modal(sc.lex, tree, h) || is_negated(sc.lex, tree, h) {
                    return Some("modal or negated report");
                }
            }
            "acl" if matches!(tree.upos(h), "NOUN") => {
                // "its decision to break off ties": real when the noun's own clause is
                if let Some(g) = tree.head(h) {
                    let requested = sc.lex.irrealis_control.contains(&tree.lemma(g)) && tree.rel(h) == "obj";
                    if has_modal(sc.lex, tree, g) || is_negated(sc.lex, tree, g) || requested {
                        return Some("the act's noun sits in a modal, negated or requested clause");
                    }
                }
            }
            "acl:relcl" | "parataxis" => break,
            r if first
                && frame.is_noun
                && frame.light.is_none()
                && matches!(r, "nsubj" | "obj" | "obl" | "nmod" | "nsubj:pass") =>
            {
                // a nominal act inside a clause that is itself modal or negated
                if has_modal(sc.lex, tree, h) || (is_negated(sc.lex, tree, h) && r != "nmod") {
                    return Some("modal or negated clause");
                }
                if sc.lex.irrealis_control.contains(hl.as_str()) && r == "obj" {
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
