//! Event coding: CAMEO events from parsed, actor-tagged documents.
//!
//! [`EventCoder::code`] reads a [`Document`]'s sentences (UD parses) and actor mentions and
//! fills `doc.events` following `docs/event-schema.md`: one record per distinct event,
//! with source and target taken from the dependency structure, negated, conditional,
//! modal and questioned acts left out, dates resolved against the publication date,
//! places from the pipeline's gazetteer (`dyad-places`), and evidence naming the pattern that fired.
//!
//! Patterns come from dyad's own dictionary (`data/patterns/NN.txt`, one file per CAMEO root; format in
//! [`patterns`]).

mod code;
pub mod dates;
pub mod lexicon;
mod location;
pub mod patterns;
pub mod petrarch;
mod tree;

#[cfg(test)]
mod testing;

use dyad_doc::Document;
use std::path::Path;

pub use code::{Attempt, Rejection, SentenceTrace, TriggerTrace};
pub use lexicon::Lexicon;
pub use location::place_of_sentence;
pub use patterns::PatternSet;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{origin}: {message}")]
    Pattern { origin: String, message: String },
    #[error("reading {path}: {source}")]
    Io { path: String, source: std::io::Error },
}

/// Options of the coder.
#[derive(Debug, Clone, Default)]
pub struct CoderOptions {
    /// Also emit acts that the filters judged not asserted (modal, conditional, negated,
    /// questioned), with confidence at most 0.2 and a note saying why. Off by default.
    pub include_unasserted: bool,
    /// One record per target when an act names several ("ties with A and B": two), as
    /// PETRARCH codes; by default the first target is coded and the others noted as
    /// alternatives, as dyad's gold conventions count them.
    pub every_target: bool,
    /// Targets only where the sentence names them, not through a pronoun's antecedent
    /// ("after crowds trashed its embassy"), as PETRARCH codes; sources still resolve.
    pub targets_named_only: bool,
    /// An act whose source is known but whose target is not is coded against the null
    /// actor `---` (PETRARCH with `require_dyad` off); by default it gives no event.
    pub null_targets: bool,
}

/// The event coder: a pattern dictionary plus options. Cheap to share across threads.
#[derive(Debug, Clone)]
pub struct EventCoder {
    patterns: PatternSet,
    lexicon: Lexicon,
    pub options: CoderOptions,
}

/// dyad's own dictionary: one file per CAMEO root, in `data/patterns/`.
macro_rules! builtin_files {
    ($($root:literal),*) => { &[$((concat!("patterns/", $root, ".txt"), include_str!(concat!("../data/patterns/", $root, ".txt")))),*] };
}
const BUILTIN: &[(&str, &str)] = builtin_files!(
    "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19",
    "20"
);

impl EventCoder {
    /// dyad's own pattern dictionary.
    pub fn builtin() -> Result<Self, Error> {
        let mut set = PatternSet::default();
        for (name, text) in BUILTIN {
            set.extend(PatternSet::parse(text, name)?);
        }
        Ok(Self::with_patterns(set))
    }

    /// A pattern dictionary in dyad's format from a file (`dyad code --dict`).
    pub fn from_pattern_file(path: &Path) -> Result<Self, Error> {
        let text =
            std::fs::read_to_string(path).map_err(|source| Error::Io { path: path.display().to_string(), source })?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        Ok(Self::with_patterns(PatternSet::parse(&text, &name)?))
    }

    /// A PETRARCH verb dictionary (`PETR.Validate.verbs.txt` format), mapped onto
    /// dyad's dependency patterns (see [`petrarch`]).
    pub fn from_petrarch_verbs(path: &Path) -> Result<Self, Error> {
        let text =
            std::fs::read_to_string(path).map_err(|source| Error::Io { path: path.display().to_string(), source })?;
        Ok(Self::with_patterns(petrarch::load_verbs(&text, &path.display().to_string())?))
    }

    pub fn with_patterns(patterns: PatternSet) -> Self {
        EventCoder { patterns, lexicon: Lexicon::builtin(), options: CoderOptions::default() }
    }

    pub fn patterns(&self) -> &PatternSet {
        &self.patterns
    }

    /// Fills `doc.events` (replacing any earlier coding of this document).
    pub fn code(&self, doc: &mut Document) {
        doc.events = code::code_document(&self.patterns, &self.lexicon, &self.options, doc, None);
        location::locate_events(doc, dyad_places::Gazetteer::builtin());
    }

    /// Fills `doc.events` as [`EventCoder::code`] does, and returns what the coder saw in
    /// every sentence: actors, trigger words, and why each pattern tried gave no event.
    pub fn explain(&self, doc: &mut Document) -> Vec<SentenceTrace> {
        let mut trace = Vec::new();
        doc.events = code::code_document(&self.patterns, &self.lexicon, &self.options, doc, Some(&mut trace));
        location::locate_events(doc, dyad_places::Gazetteer::builtin());
        trace
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{doc, triples};

    fn coded(parse: &str) -> Vec<(String, String, String)> {
        let mut d = doc(parse, Some("2024-03-13"));
        EventCoder::builtin().unwrap().code(&mut d);
        triples(&d)
    }
    fn t(s: &str, t: &str, c: &str) -> (String, String, String) {
        (s.into(), t.into(), c.into())
    }

    #[test]
    fn builtin_dictionary_parses() {
        let c = EventCoder::builtin().unwrap();
        assert!(c.patterns().len() > 300, "{}", c.patterns().len());
    }

    #[test]
    fn verb_with_object_and_passive() {
        assert_eq!(
            coded(
                "Orban criticised Tusk PROPN\n criticised criticise VERB 0 root\n Tusk Tusk PROPN 2 obj"
                    .replace("Orban criticised Tusk PROPN\n", "Orban Orban PROPN 2 nsubj\n")
                    .as_str()
            ),
            vec![t("HUNGOV", "POLGOV", "111")]
        );
        // passive: "Tusk was criticised by Orban"
        let p = "Tusk Tusk PROPN 3 nsubj:pass\nwas be AUX 3 aux:pass\ncriticised criticise VERB 0 root\nby by ADP 5 case\nOrban Orban PROPN 3 obl:agent";
        assert_eq!(coded(p), vec![t("HUNGOV", "POLGOV", "111")]);
    }

    #[test]
    fn a_role_over_conjoined_places_names_each() {
        // "officials in Poland and Hungary criticised Russia": the role's sector for each place
        let p = "officials official NOUN 6 nsubj\nin in ADP 3 case\nPoland Poland PROPN 1 nmod\nand and CCONJ 5 cc\nHungary Hungary PROPN 3 conj\ncriticised criticise VERB 0 root\nRussia Russia PROPN 6 obj";
        let mut d = doc(p, Some("2024-03-13"));
        let mut role = d.mentions[0].clone();
        role.tokens = (0, 1);
        role.head = 0;
        role.actor = dyad_doc::Actor {
            code: "POLGOV".into(),
            country: Some("POL".into()),
            sector: Some("GOV".into()),
            name: None,
        };
        d.mentions.insert(0, role);
        EventCoder::builtin().unwrap().code(&mut d);
        let mut got = triples(&d);
        got.sort();
        assert_eq!(got, vec![t("HUNGOV", "RUS", "111"), t("POLGOV", "RUS", "111")]);
    }

    #[test]
    fn prepositional_target_and_symmetric_conjunction() {
        let p = "Tusk Tusk PROPN 2 nsubj\nmet meet VERB 0 root\nwith with ADP 4 case\nZelenskyy Zelenskyy PROPN 2 obl\nin in ADP 6 case\nWarsaw Warsaw PROPN 2 obl";
        let mut d = doc(p, Some("2024-03-13"));
        EventCoder::builtin().unwrap().code(&mut d);
        assert_eq!(triples(&d), vec![t("POLGOV", "UKRGOV", "040")]);
        let loc = d.events[0].location.as_ref().unwrap();
        assert_eq!((loc.name.as_str(), loc.country.as_deref()), ("Warsaw", Some("POL")));
        // "Armenia and Azerbaijan met": one mutual event
        let p = "Armenia Armenia PROPN 4 nsubj\nand and CCONJ 3 cc\nAzerbaijan Azerbaijan PROPN 1 conj\nmet meet VERB 0 root";
        assert_eq!(coded(p), vec![t("ARM", "AZE", "040")]);
        // a place in "in X" is a location, not a target
        let p = "Erdogan Erdogan PROPN 2 nsubj\nspoke speak VERB 0 root\nin in ADP 4 case\nMoscow Moscow PROPN 2 obl";
        assert!(coded(p).is_empty());
    }

    #[test]
    fn light_verbs_and_nominal_events() {
        // "Russia launched an attack on Kyiv"
        let p = "Russia Russia PROPN 2 nsubj\nlaunched launch VERB 0 root\nan a DET 4 det\nattack attack NOUN 2 obj\non on ADP 6 case\nKyiv Kyiv PROPN 4 nmod";
        assert_eq!(coded(p), vec![t("RUS", "UKRGOV", "190")]);
        // instruments refine the code: "Russia fired missiles at Ukraine"
        let p = "Russia Russia PROPN 2 nsubj\nfired fire VERB 0 root\nmissiles missile NOUN 2 obj\nat at ADP 5 case\nUkraine Ukraine PROPN 2 obl";
        assert_eq!(coded(p), vec![t("RUS", "UKR", "195")]);
        // "Israel held talks with Iran"
        let p = "Israel Israel PROPN 2 nsubj\nheld hold VERB 0 root\ntalks talk NOUN 2 obj\nwith with ADP 5 case\nIran Iran PROPN 3 nmod";
        assert_eq!(coded(p), vec![t("ISR", "IRN", "046")]);
        // "the meeting between Orban and Tusk ended"
        let p = "the the DET 2 det\nmeeting meeting NOUN 7 nsubj\nbetween between ADP 4 case\nOrban Orban PROPN 2 nmod\nand and CCONJ 6 cc\nTusk Tusk PROPN 4 conj\nended end VERB 0 root";
        assert_eq!(coded(p), vec![t("HUNGOV", "POLGOV", "040")]);
        // "China's blockade ... " possessive source: "China's attack on Taiwan was condemned"
        let p = "China China PROPN 3 nmod:poss\n's 's PART 1 case\nattack attack NOUN 8 nsubj:pass\non on ADP 5 case\nTaiwan Taiwan PROPN 3 nmod\nwas be AUX 8 aux:pass\nwidely widely ADV 8 advmod\ncondemned condemn VERB 0 root";
        assert_eq!(coded(p), vec![t("CHN", "TWN", "190")]);
    }

    #[test]
    fn negation_modality_conditionals_and_questions_filtered() {
        let base = |extra: &str, verb_head: usize| format!("Russia Russia PROPN {verb_head} nsubj\n{extra}");
        // "Russia did not attack Ukraine"
        let p =
            base("did do AUX 4 aux\nnot not PART 4 advmod\nattack attack VERB 0 root\nUkraine Ukraine PROPN 4 obj", 4);
        assert!(coded(&p).is_empty());
        // "Russia could attack Ukraine"
        let p = base("could could AUX 3 aux\nattack attack VERB 0 root\nUkraine Ukraine PROPN 3 obj", 3);
        assert!(coded(&p).is_empty());
        // "Russia plans to attack Ukraine"
        let p = base(
            "plans plan VERB 0 root\nto to PART 4 mark\nattack attack VERB 2 xcomp\nUkraine Ukraine PROPN 4 obj",
            2,
        );
        assert!(coded(&p).is_empty());
        // "If Russia attacks Ukraine , Poland will respond"
        let p = "If if SCONJ 3 mark\nRussia Russia PROPN 3 nsubj\nattacks attack VERB 7 advcl\nUkraine Ukraine PROPN 3 obj\n, , PUNCT 7 punct\nPoland Poland PROPN 7 nsubj\nrespond respond VERB 0 root";
        assert!(coded(p).is_empty());
        // "Did Russia attack Ukraine ?"
        let p = "Did do AUX 3 aux\nRussia Russia PROPN 3 nsubj\nattack attack VERB 0 root\nUkraine Ukraine PROPN 3 obj\n? ? PUNCT 3 punct";
        assert!(coded(p).is_empty());
        // "there was no meeting between Orban and Tusk"
        let p = "there there PRON 2 expl\nwas be VERB 0 root\nno no DET 4 det\nmeeting meeting NOUN 2 nsubj\nbetween between ADP 6 case\nOrban Orban PROPN 4 nmod\nand and CCONJ 8 cc\nTusk Tusk PROPN 6 conj";
        assert!(coded(p).is_empty());
        // "an upcoming meeting between Orban and Tusk"
        let p = "an a DET 3 det\nupcoming upcoming ADJ 3 amod\nmeeting meeting NOUN 0 root\nbetween between ADP 5 case\nOrban Orban PROPN 3 nmod\nand and CCONJ 7 cc\nTusk Tusk PROPN 5 conj";
        assert!(coded(p).is_empty());
    }

    #[test]
    fn negative_patterns_and_complements() {
        // "Zelenskyy refused to recognise Russia 's claims" → refuse to yield (124)
        let p = "Zelenskyy Zelenskyy PROPN 2 nsubj\nrefused refuse VERB 0 root\nto to PART 4 mark\nrecognise recognise VERB 2 xcomp\nRussia Russia PROPN 7 nmod:poss\n's 's PART 5 case\nclaims claim NOUN 4 obj";
        assert_eq!(coded(p), vec![t("UKRGOV", "RUS", "124")]);
        // "Putin demanded Ukraine withdraw" → 106 with the complement's subject as target
        let p = "Putin Putin PROPN 2 nsubj\ndemanded demand VERB 0 root\nUkraine Ukraine PROPN 4 nsubj\nwithdraw withdraw VERB 2 ccomp";
        assert_eq!(coded(p), vec![t("RUSGOV", "UKR", "106")]);
        // "India and Pakistan agreed to hold talks" → 036, and no separate talks event
        let p = "India India PROPN 4 nsubj\nand and CCONJ 3 cc\nPakistan Pakistan PROPN 1 conj\nagreed agree VERB 0 root\nto to PART 6 mark\nhold hold VERB 4 xcomp\ntalks talk NOUN 6 obj";
        assert_eq!(coded(p), vec![t("IND", "PAK", "036")]);
    }

    #[test]
    fn reported_speech_codes_the_embedded_act_and_the_speech_act() {
        // "Moscow said Ukraine attacked Russia" → the attack itself
        let p = "Moscow Moscow PROPN 2 nsubj\nsaid say VERB 0 root\nUkraine Ukraine PROPN 4 nsubj\nattacked attack VERB 2 ccomp\nRussia Russia PROPN 4 obj";
        assert_eq!(coded(p), vec![t("UKR", "RUS", "190")]);
        // "Macron warned Putin" → speaker is the source
        let p = "Macron Macron PROPN 2 nsubj\nwarned warn VERB 0 root\nPutin Putin PROPN 2 obj";
        assert_eq!(coded(p), vec![t("FRAGOV", "RUSGOV", "130")]);
        // "Tehran denied that Iran attacked Israel": denied, not asserted
        let p = "Tehran Tehran PROPN 2 nsubj\ndenied deny VERB 0 root\nthat that SCONJ 5 mark\nIran Iran PROPN 5 nsubj\nattacked attack VERB 2 ccomp\nIsrael Israel PROPN 5 obj";
        // the denial itself is coded (016), the attack is not
        assert_eq!(coded(p), vec![t("IRNGOV", "ISR", "016")]);
    }

    #[test]
    fn actor_resolution_pronouns_appositions_relatives() {
        // "Venezuela condemned Colombia . It also expelled Colombia 's ambassador"
        let p = "Venezuela Venezuela PROPN 2 nsubj\ncondemned condemn VERB 0 root\nColombia Colombia PROPN 2 obj\n\nIt it PRON 3 nsubj\nalso also ADV 3 advmod\nexpelled expel VERB 0 root\nColombia Colombia PROPN 6 nmod:poss\n's 's PART 4 case\nambassador ambassador NOUN 3 obj";
        assert_eq!(coded(p), vec![t("VEN", "COL", "111"), t("VEN", "COL", "1663")]);
        // apposition: "the envoy , an aide of Putin , visited Kyiv"
        let p = "the the DET 2 det\nenvoy envoy NOUN 8 nsubj\n, , PUNCT 5 punct\nan a DET 5 det\naide aide NOUN 2 appos\nof of ADP 7 case\nPutin Putin PROPN 5 nmod\nvisited visit VERB 0 root\nKyiv Kyiv PROPN 8 obj";
        assert_eq!(coded(p), vec![t("RUSGOV", "UKRGOV", "042")]);
        // relative clause subject: "the drones that hit Kyiv came from Russia" has no agent; "Russia , which shelled Ukraine"
        let p = "Russia Russia PROPN 0 root\n, , PUNCT 4 punct\nwhich which PRON 4 nsubj\nshelled shell VERB 1 acl:relcl\nUkraine Ukraine PROPN 4 obj";
        assert_eq!(coded(p), vec![t("RUS", "UKR", "194")]);
        // same country, no distinct sectors: not an event
        let p = "Russia Russia PROPN 2 nsubj\ncriticised criticise VERB 0 root\nMoscow Moscow PROPN 2 obj";
        assert!(coded(p).is_empty());
    }

    #[test]
    fn dates_resolve_and_distinguish_events() {
        // "Russia struck Ukraine on Monday" (published Wed 2024-03-13)
        let p = "Russia Russia PROPN 2 nsubj\nstruck strike VERB 0 root\nUkraine Ukraine PROPN 2 obj\non on ADP 5 case\nMonday Monday PROPN 2 obl";
        let mut d = doc(p, Some("2024-03-13"));
        EventCoder::builtin().unwrap().code(&mut d);
        assert_eq!(d.events[0].date, chrono::NaiveDate::from_ymd_opt(2024, 3, 11));
        assert_eq!(d.events[0].date_basis, dyad_doc::DateBasis::Relative);
        // without a date expression: publication date
        let p = "Russia Russia PROPN 2 nsubj\nstruck strike VERB 0 root\nUkraine Ukraine PROPN 2 obj";
        let mut d = doc(p, Some("2024-03-13"));
        EventCoder::builtin().unwrap().code(&mut d);
        assert_eq!(d.events[0].date_basis, dyad_doc::DateBasis::Publication);
        // no publication date and nothing explicit: null
        let mut d = doc(p, None);
        EventCoder::builtin().unwrap().code(&mut d);
        assert_eq!(d.events[0].date, None);
        // repeated mention of the same event merges; a different day does not
        let two = format!("{p}\n\nRussia Russia PROPN 2 nsubj\nstruck strike VERB 0 root\nUkraine Ukraine PROPN 2 obj\n\nRussia Russia PROPN 2 nsubj\nstruck strike VERB 0 root\nUkraine Ukraine PROPN 2 obj\non on ADP 5 case\nMonday Monday PROPN 2 obl");
        let mut d = doc(&two, Some("2024-03-13"));
        EventCoder::builtin().unwrap().code(&mut d);
        assert_eq!(d.events.len(), 2);
        assert_ne!(d.events[0].event_id, d.events[1].event_id);
    }

    #[test]
    fn speaker_and_counterpart_slots() {
        // "Biden said that Russia was responsible" → Biden accuses Russia
        let p = "Biden Biden PROPN 2 nsubj\nsaid say VERB 0 root\nthat that SCONJ 6 mark\nRussia Russia PROPN 6 nsubj\nwas be AUX 6 cop\nresponsible responsible ADJ 2 ccomp";
        assert_eq!(coded(p), vec![t("USAGOV", "RUS", "112")]);
        // "Armenia and Azerbaijan met . Azerbaijan refused to cede territory": the other side
        let p = "Armenia Armenia PROPN 4 nsubj\nand and CCONJ 3 cc\nAzerbaijan Azerbaijan PROPN 1 conj\nmet meet VERB 0 root\n\nAzerbaijan Azerbaijan PROPN 2 nsubj\nrefused refuse VERB 0 root\nto to PART 4 mark\ncede cede VERB 2 xcomp\nterritory territory NOUN 4 obj";
        assert_eq!(coded(p), vec![t("ARM", "AZE", "040"), t("AZE", "ARM", "124")]);
    }

    #[test]
    fn intended_acts_under_nouns_are_not_events() {
        // "Russia 's plan to attack Ukraine" / "the ability to strike Russia"
        let p = "Russia Russia PROPN 3 nmod:poss\n's 's PART 1 case\nplan plan NOUN 0 root\nto to PART 5 mark\nattack attack VERB 3 acl\nUkraine Ukraine PROPN 5 obj";
        assert!(coded(p).is_empty());
    }

    #[test]
    fn place_modifiers_are_locations() {
        // "the Moscow talks between Armenia and Azerbaijan": Moscow is where, not who
        let p = "the the DET 3 det\nMoscow Moscow PROPN 3 compound\ntalks talk NOUN 0 root\nbetween between ADP 5 case\nArmenia Armenia PROPN 3 nmod\nand and CCONJ 7 cc\nAzerbaijan Azerbaijan PROPN 5 conj";
        let mut d = doc(p, None);
        EventCoder::builtin().unwrap().code(&mut d);
        assert_eq!(triples(&d), vec![t("ARM", "AZE", "046")]);
        assert_eq!(d.events[0].location.as_ref().map(|l| l.name.as_str()), Some("Moscow"));
    }

    #[test]
    fn offer_to_meet_takes_the_counterpart() {
        let p = "Russia Russia PROPN 3 nsubj\nand and CCONJ 3 cc\nmet meet VERB 0 root\nUkraine Ukraine PROPN 3 obj\n\nBut but CCONJ 0 root\ndespite despite ADP 5 case\nUkraine Ukraine PROPN 5 nmod:poss\n's 's PART 3 case\noffer offer NOUN 1 obl\nto to PART 7 mark\nhold hold VERB 5 acl\nanother another DET 9 det\nmeeting meeting NOUN 7 obj";
        assert_eq!(coded(p), vec![t("RUS", "UKR", "040"), t("UKR", "RUS", "036")]);
    }

    #[test]
    fn coordinated_modifiers_and_finite_reduced_relatives() {
        // "Russian and Ukrainian delegations met", parsed with "met" as a modifier of the noun
        let mut d = doc("Russian Russian ADJ 4 amod\nand and CCONJ 3 cc\nUkrainian Ukrainian ADJ 1 conj\ndelegations delegation NOUN 0 root\nmet meet VERB 4 acl", None);
        d.sentences[0].tokens[4].xpos = "VBD".into();
        // the recogniser's mention spans "Ukrainian delegations"
        d.mentions[1].tokens = (2, 4);
        d.mentions[1].head = 3;
        EventCoder::builtin().unwrap().code(&mut d);
        assert_eq!(triples(&d), vec![t("UKR", "RUS", "040")]);
    }

    #[test]
    fn sports_reports_are_not_political_events() {
        // "Poland beat Hungary 2-1 in the qualifier"
        let p = "Poland Poland PROPN 2 nsubj\nbeat beat VERB 0 root\nHungary Hungary PROPN 2 obj\n2-1 2-1 NUM 2 obl\nin in ADP 7 case\nthe the DET 7 det\nqualifier qualifier NOUN 2 obl";
        assert!(coded(p).is_empty());
    }
}
