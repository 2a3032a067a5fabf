//! The word lists the coder consults besides its patterns: light verbs, modals, negators,
//! words of intention and denial, instruments of war, sports words. Each is a file in
//! `data/lexicon/` (one lower-case entry per line, `#` comments), written for dyad.

use std::collections::HashSet;

/// A set of lower-case words.
#[derive(Debug, Clone, Default)]
pub struct WordList(HashSet<String>);

impl WordList {
    pub fn parse(text: &str) -> Self {
        WordList(
            text.lines()
                .map(|l| l.split('#').next().unwrap_or("").trim().to_lowercase())
                .filter(|l| !l.is_empty())
                .collect(),
        )
    }

    pub fn contains(&self, word: &str) -> bool {
        self.0.contains(word)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

macro_rules! lexicon {
    ($($field:ident = $file:literal: $doc:literal;)*) => {
        /// Every word list of the coder.
        #[derive(Debug, Clone, Default)]
        pub struct Lexicon {
            $(#[doc = $doc] pub $field: WordList,)*
        }

        impl Lexicon {
            /// dyad's own lists, compiled in from `data/lexicon/`.
            pub fn builtin() -> Self {
                Lexicon { $($field: WordList::parse(include_str!(concat!("../data/lexicon/", $file, ".txt"))),)* }
            }

            /// (file name, size) of each list, for tests and `--explain`.
            pub fn sizes(&self) -> Vec<(&'static str, usize)> {
                vec![$(($file, self.$field.len()),)*]
            }
        }
    };
}

lexicon! {
    light_verbs = "light-verbs": "Verbs whose object names the act: \"held talks\", \"launched an attack\".";
    modals = "modals": "Auxiliaries of possibility, future and obligation.";
    negators = "negators": "Words negating what they modify.";
    irrealis_control = "irrealis-control": "Governors of intended, requested or avoided acts: \"plans to\", \"refused to\".";
    irrealis_noun_modifiers = "irrealis-noun-modifiers": "Modifiers of acts not (yet) done: \"upcoming\", \"planned\".";
    irrealis_noun_heads = "irrealis-noun-heads": "Nouns whose complement is not (yet) done: \"ability to\", \"plan to\".";
    hedges = "hedges": "Hedging adverbs: \"reportedly\".";
    denial = "denial": "Verbs denying their reported clause.";
    aerial = "aerial": "Words of air, missile and drone warfare (195).";
    artillery = "artillery": "Words of artillery (194).";
    sports = "sports": "Words of sports reports.";
    quantity_nouns = "quantity-nouns": "Nouns of quantity an act can hang from: \"a series of strikes\".";
    mass_quantities = "mass-quantities": "Words of large numbers of people: \"hundreds of civilians\".";
    killing_verbs = "killing-verbs": "Verbs of killing: a named person killed is an assassination (186).";
    attempt_nouns = "attempt-nouns": "Heads an act word modifies and stays the act: \"a coup attempt\".";
    explosives = "explosives": "Words of bombs and explosive devices (183).";
    accusation = "accusation": "Verbs and nouns of accusation, whose complement is alleged: \"accused X of attacking\".";
    hearsay = "hearsay": "Nouns of rumour and report: \"rumours of a meeting\".";
    unnamed_speakers = "unnamed-speakers": "Unnamed groups whose claims are not events: \"critics say\".";
    plural_references = "plural-references": "Nouns that with \"both\"/\"two\" refer to the last linked pair.";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_loads_and_is_lower_case() {
        let lex = Lexicon::builtin();
        for (name, n) in lex.sizes() {
            assert!(n > 0, "{name} is empty");
        }
        assert!(lex.light_verbs.contains("hold") && lex.modals.contains("could") && !lex.negators.contains("Not"));
    }

    #[test]
    fn comments_and_blanks_are_ignored() {
        let w = WordList::parse("# heading\n\nHold  # trailing\nlaunch\n");
        assert_eq!(w.len(), 2);
        assert!(w.contains("hold") && w.contains("launch"));
    }
}
