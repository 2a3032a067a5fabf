//! One repair of the tagger's output that the parse makes visible.
//!
//! A greedy left-to-right tagger reads "Russia's foreign ministry accused Kyiv of sabotaging
//! the talks" and may take "accused" for a participle, as in "the ministry accused of …";
//! the parser then has no verb to hang the clause on, and makes "accused" a modifier of
//! "ministry". A participle modifying a noun cannot take a bare noun phrase as its object,
//! so when the sentence has no finite verb at all, its root is that noun, and the participle
//! (a regular "-ed" form, the same as the past tense) has a case-less nominal after it, the
//! past-tense reading is the one that makes a clause.

/// One word as the repair sees it: its form, tags and arc (head 1-based, 0 = root).
pub(crate) struct Word<'a> {
    pub form: &'a str,
    pub upos: &'a str,
    pub xpos: &'a str,
    pub head: usize,
    pub deprel: &'a str,
}

/// The universal part of a relation (`acl` of `acl:relcl`).
fn relation<'a>(w: &Word<'a>) -> &'a str {
    w.deprel.split(':').next().unwrap_or("")
}

fn is_nominal(upos: &str) -> bool {
    matches!(upos, "NOUN" | "PROPN" | "PRON")
}

/// The index of a participle that should be re-tagged as a past tense, if any.
pub(crate) fn past_tense_for_participle(words: &[Word<'_>]) -> Option<usize> {
    if words.iter().any(|w| matches!(w.xpos, "VBD" | "VBZ" | "VBP" | "MD")) {
        return None;
    }
    let root = words.iter().position(|w| w.head == 0)?;
    if !is_nominal(words[root].upos) {
        return None;
    }
    // Words that have a case marker (a preposition) among their dependents.
    let mut has_case = vec![false; words.len()];
    for w in words.iter().filter(|w| relation(w) == "case") {
        if let Some(flag) = w.head.checked_sub(1).and_then(|h| has_case.get_mut(h)) {
            *flag = true;
        }
    }
    let bare_object_after = |i: usize| {
        words.iter().enumerate().skip(i + 1).any(|(j, d)| d.head == i + 1 && is_nominal(d.upos) && !has_case[j])
    };
    words.iter().enumerate().position(|(i, w)| {
        i > root
            && w.xpos == "VBN"
            && w.head == root + 1
            && relation(w) == "acl"
            && w.form.to_lowercase().ends_with("ed")
            && bare_object_after(i)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words<'a>(rows: &'a [(&'a str, &'a str, &'a str, usize, &'a str)]) -> Vec<Word<'a>> {
        rows.iter().map(|(form, upos, xpos, head, deprel)| Word { form, upos, xpos, head: *head, deprel }).collect()
    }

    #[test]
    fn participle_with_a_bare_object_under_a_nominal_root_is_a_past_tense() {
        let rows = [
            ("ministry", "NOUN", "NN", 0, "root"),
            ("accused", "VERB", "VBN", 1, "acl"),
            ("Kyiv", "PROPN", "NNP", 2, "xcomp"),
            ("of", "SCONJ", "IN", 5, "mark"),
            ("sabotaging", "VERB", "VBG", 3, "acl"),
        ];
        assert_eq!(past_tense_for_participle(&words(&rows)), Some(1));
    }

    #[test]
    fn headline_participles_with_prepositions_stay_participles() {
        // "Journalist detained in Moscow": a passive headline, rightly a participle.
        let rows = [
            ("Journalist", "NOUN", "NN", 0, "root"),
            ("detained", "VERB", "VBN", 1, "acl"),
            ("in", "ADP", "IN", 4, "case"),
            ("Moscow", "PROPN", "NNP", 2, "obl"),
        ];
        assert_eq!(past_tense_for_participle(&words(&rows)), None);
    }

    #[test]
    fn a_sentence_with_a_finite_verb_is_left_alone() {
        let rows = [
            ("man", "NOUN", "NN", 4, "nsubj"),
            ("accused", "VERB", "VBN", 1, "acl"),
            ("Kyiv", "PROPN", "NNP", 2, "obj"),
            ("left", "VERB", "VBD", 0, "root"),
        ];
        assert_eq!(past_tense_for_participle(&words(&rows)), None);
    }
}
