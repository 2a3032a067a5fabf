//! Small questions about a UD tree: subjects, passives, prepositional phrases.

use crate::tree::Tree;

/// The subject of a clause, inherited through control, coordination and participles
/// when the clause has none of its own.
pub(super) fn subject_of(t: &Tree, v: usize) -> Option<usize> {
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
            "acl"
                if t.rel(head) == "root"
                    && matches!(t.upos(head), "NOUN" | "PROPN")
                    && t.tokens.get(cur).is_none_or(|k| k.xpos != "VBG") =>
            {
                return Some(head)
            }
            // "troops firing on protesters", "with Mexico denouncing the raid": a present
            // participle that modifies a noun has that noun as its subject
            "acl" if matches!(t.upos(head), "NOUN" | "PROPN") && t.tokens.get(cur).is_some_and(|k| k.xpos == "VBG") => {
                return Some(head)
            }
            // "Israeli jets struck Hezbollah targets", misread as jets modified by "struck":
            // a participle cannot take a bare object, so it is a past tense with that subject
            "acl" if matches!(t.upos(head), "NOUN" | "PROPN") && has_bare_object(t, cur) => return Some(head),
            // nor can a present tense: "said the bloc rejects any seizure", read as "bloc"
            // modified by "rejects", has the bloc as the subject
            "acl"
                if matches!(t.upos(head), "NOUN" | "PROPN")
                    && t.tokens.get(cur).is_some_and(|k| matches!(k.xpos.as_str(), "VBZ" | "VBP")) =>
            {
                return Some(head)
            }
            // nor can a personal pronoun take one: in "it conducted a strike" misparsed as
            // "it" modified by "conducted", the pronoun is the subject
            "acl"
                if t.upos(head) == "PRON" && matches!(t.lemma(head).as_str(), "it" | "he" | "she" | "they" | "we") =>
            {
                return Some(head)
            }
            "acl:relcl" | "acl" => return None,
            _ => return None,
        }
        cur = head;
    }
    None
}

/// A verb with a direct object that is a noun phrase (not a time expression): in "struck
/// Hezbollah targets", not in "signed Monday".
fn has_bare_object(t: &Tree, v: usize) -> bool {
    t.tokens.get(v).is_some_and(|k| matches!(k.xpos.as_str(), "VBD" | "VBN"))
        && !t.children(v).iter().any(|&c| matches!(t.deprel(c), "aux" | "aux:pass"))
        && t.kids(v, "obj").any(|o| {
            matches!(t.upos(o), "NOUN" | "PROPN")
                && !t.children(o).iter().any(|&c| t.rel(c) == "case")
                && !is_time_word(t, o)
        })
}

fn is_time_word(t: &Tree, i: usize) -> bool {
    let l = t.lemma(i);
    matches!(
        l.as_str(),
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "week"
            | "month"
            | "year"
            | "day"
            | "night"
            | "morning"
            | "evening"
            | "weekend"
            | "today"
            | "yesterday"
    )
}

/// Every subject of a clause: more than one where the parser took a coordination of
/// subjects for two ("A and B met" misread); otherwise [`subject_of`].
pub(super) fn subjects_of(t: &Tree, v: usize) -> Vec<usize> {
    let own: Vec<usize> = t.kids(v, "nsubj").collect();
    if own.is_empty() {
        subject_of(t, v).into_iter().collect()
    } else {
        own
    }
}

/// "6-0", "2–1": a match score.
pub(super) fn is_score(word: &str) -> bool {
    let parts: Vec<&str> = word.split(['-', '–']).collect();
    parts.len() == 2 && parts.iter().all(|p| !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit()))
}

pub(super) fn is_passive(t: &Tree, v: usize) -> bool {
    t.children(v).iter().any(|&c| matches!(t.deprel(c), "nsubj:pass" | "aux:pass" | "csubj:pass"))
}

/// Phrases of `v` introduced by preposition `case` (obl/nmod), plus those of the
/// nominal `extra` (the object of a light verb, the complement noun).
pub(super) fn prep_phrases(t: &Tree, heads: &[usize], case: &str) -> Vec<usize> {
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

/// The head or a compound modifier of it (with its conjuncts) is one of the words: "rescue
/// teams" and "search and rescue teams" name rescuers as "rescuers" does.
pub(super) fn head_or_compound_in(tree: &Tree, tok: usize, want: &[String]) -> bool {
    lemma_in(tree, tok, want)
        || tree
            .kids(tok, "compound")
            .any(|c| lemma_in(tree, c, want) || tree.kids(c, "conj").any(|k| lemma_in(tree, k, want)))
}

pub(super) fn lemma_in(tree: &Tree, tok: usize, want: &[String]) -> bool {
    let lemma = tree.lemma(tok);
    let form = tree.form(tok).to_lowercase();
    want.iter().any(|w| *w == lemma || *w == form)
}
