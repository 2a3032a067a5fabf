//! Who did what to whom: subjects, verbs and objects through passives, appositions,
//! conjunctions and reported speech, on sentences written for these tests in the style of
//! news about diplomacy and war. They use the embedded model, so they always run.

use dyad_doc::{Sentence, Token};
use dyad_nlp::Analyzer;

fn one_sentence(nlp: &Analyzer, text: &str) -> Sentence {
    let doc = nlp.analyse(text);
    assert_eq!(
        doc.sentences.len(),
        1,
        "expected one sentence in {text:?}, got {:?}",
        doc.sentences.iter().map(|s| doc.slice(s.start, s.end)).collect::<Vec<_>>()
    );
    doc.sentences.into_iter().next().unwrap_or_default()
}

fn token<'a>(s: &'a Sentence, form: &str) -> &'a Token {
    s.tokens.iter().find(|t| t.form == form).unwrap_or_else(|| panic!("no token {form:?}"))
}

fn describe(s: &Sentence) -> String {
    s.tokens
        .iter()
        .map(|t| {
            let head = if t.head == 0 { "ROOT" } else { s.tokens.get(t.head - 1).map_or("?", |h| h.form.as_str()) };
            format!("{}/{}<-{}:{}", t.form, t.upos, t.deprel, head)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Asserts that `dep` attaches to `head` with a relation starting with `rel`.
fn arc(s: &Sentence, dep: &str, rel: &str, head: &str) {
    let d = token(s, dep);
    let h = if d.head == 0 { "ROOT" } else { s.tokens.get(d.head - 1).map_or("?", |h| h.form.as_str()) };
    assert!(
        h == head && (d.deprel == rel || d.deprel.starts_with(&format!("{rel}:"))),
        "expected {dep} <-{rel}- {head}, got {dep} <-{}- {h}\n{}",
        d.deprel,
        describe(s)
    );
}

fn nlp() -> Analyzer {
    Analyzer::builtin().expect("embedded model loads")
}

#[test]
fn apposition_between_subject_and_verb() {
    let nlp = nlp();
    let s =
        one_sentence(&nlp, "Steve Witkoff, special envoy of US President Donald Trump, met Putin in Moscow on Friday.");
    arc(&s, "Steve", "nsubj", "met");
    arc(&s, "Putin", "obj", "met");
    arc(&s, "envoy", "appos", "Steve");
    arc(&s, "Moscow", "obl", "met");
}

#[test]
fn passive_with_agent() {
    let nlp = nlp();
    let s = one_sentence(&nlp, "The resolution was adopted by the General Assembly on Monday.");
    arc(&s, "resolution", "nsubj:pass", "adopted");
    arc(&s, "was", "aux:pass", "adopted");
    arc(&s, "Assembly", "obl", "adopted");
    arc(&s, "by", "case", "Assembly");
}

#[test]
fn passive_inside_reported_speech() {
    let nlp = nlp();
    let s = one_sentence(&nlp, "Officials said three civilians were killed by Russian shelling in Kharkiv.");
    arc(&s, "Officials", "nsubj", "said");
    arc(&s, "killed", "ccomp", "said");
    arc(&s, "civilians", "nsubj:pass", "killed");
    arc(&s, "shelling", "obl", "killed");
}

#[test]
fn conjoined_subjects() {
    let nlp = nlp();
    let s = one_sentence(&nlp, "The UK, France, Germany and Ukraine rejected the proposal.");
    arc(&s, "UK", "nsubj", "rejected");
    arc(&s, "France", "conj", "UK");
    arc(&s, "Germany", "conj", "UK");
    arc(&s, "Ukraine", "conj", "UK");
    arc(&s, "and", "cc", "Ukraine");
    arc(&s, "proposal", "obj", "rejected");
}

#[test]
fn conjoined_verbs_share_the_subject() {
    let nlp = nlp();
    let s = one_sentence(&nlp, "Trump criticized Zelensky and praised Putin.");
    arc(&s, "Trump", "nsubj", "criticized");
    arc(&s, "Zelensky", "obj", "criticized");
    arc(&s, "praised", "conj", "criticized");
    arc(&s, "Putin", "obj", "praised");
}

#[test]
fn reported_speech_with_complement_clause() {
    let nlp = nlp();
    let s = one_sentence(&nlp, "Zelensky said Russia had launched more than 200 drones overnight.");
    arc(&s, "Zelensky", "nsubj", "said");
    arc(&s, "launched", "ccomp", "said");
    arc(&s, "Russia", "nsubj", "launched");
    arc(&s, "drones", "obj", "launched");
}

#[test]
fn possessive_subject_and_object() {
    let nlp = nlp();
    let s = one_sentence(&nlp, "Russia's foreign ministry accused Kyiv of sabotaging the talks.");
    arc(&s, "Russia", "nmod:poss", "ministry");
    arc(&s, "ministry", "nsubj", "accused");
    arc(&s, "Kyiv", "obj", "accused");
}

#[test]
fn quoted_speech_before_the_speaker() {
    let nlp = nlp();
    let s = one_sentence(&nlp, "“We will never recognise the occupation,” the foreign minister told reporters.");
    arc(&s, "minister", "nsubj", "told");
    arc(&s, "We", "nsubj", "recognise");
    arc(&s, "occupation", "obj", "recognise");
}

#[test]
fn headline_without_period_is_its_own_sentence() {
    let nlp = nlp();
    let doc = nlp.analyse(
        "Kremlin rejects ceasefire plan\n\nMoscow dismissed the proposal on Tuesday. U.S. Deputy Ambassador Dorothy Shea \
         addressed the assembly. Sen. Chris Murphy (D-Conn.) said the U.S. should respond.",
    );
    let texts: Vec<&str> = doc.sentences.iter().map(|s| doc.slice(s.start, s.end)).collect();
    assert_eq!(
        texts,
        vec![
            "Kremlin rejects ceasefire plan",
            "Moscow dismissed the proposal on Tuesday.",
            "U.S. Deputy Ambassador Dorothy Shea addressed the assembly.",
            "Sen. Chris Murphy (D-Conn.) said the U.S. should respond."
        ]
    );
}

#[test]
fn parse_tokens_keeps_the_words_and_offsets() {
    let nlp = nlp();
    let words = ["NATO", "condemned", "the", "attack", "."];
    let toks = nlp.parse_tokens(&words);
    assert_eq!(toks.len(), 5);
    assert_eq!((toks[3].start, toks[3].end), (19, 25));
    assert_eq!(toks.iter().filter(|t| t.head == 0).count(), 1);
    assert_eq!(toks[1].deprel, "root");
    assert_eq!(toks[1].lemma, "condemn");
    assert_eq!(toks[0].upos, "PROPN");
}

#[test]
fn analyzer_is_shareable_between_threads() {
    fn check<T: Send + Sync>() {}
    check::<Analyzer>();
}

/// Every seed article parses into well-formed trees whose tokens point into the text.
#[test]
fn seed_articles_give_well_formed_trees() {
    let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/seeds"));
    let Ok(entries) = std::fs::read_dir(dir) else {
        eprintln!("skipping: ../shared not found");
        return;
    };
    let nlp = nlp();
    let mut n = 0;
    for e in entries.flatten() {
        let text = std::fs::read_to_string(e.path()).expect("seed is UTF-8");
        let doc = nlp.analyse(&text);
        for s in &doc.sentences {
            assert_eq!(s.tokens.iter().filter(|t| t.head == 0).count(), 1, "{}", doc.slice(s.start, s.end));
            for t in &s.tokens {
                assert_eq!(doc.slice(t.start, t.end), t.form);
                assert!(t.head <= s.tokens.len());
                assert!(!t.upos.is_empty() && !t.deprel.is_empty());
            }
            n += 1;
        }
    }
    assert!(n > 50, "only {n} sentences in the seeds");
}
