//! Reads PETRARCH's own validation dictionaries (../shared/data/petrarch-validation) and
//! checks the codes PETRARCH's rules give for phrases its unit tests rely on.

use chrono::NaiveDate;
use dyad_actors::petrarch::PetrarchDictionary;
use dyad_actors::{simple, ActorDictionary, Recognizer};
use dyad_doc::{Document, Metadata};
use std::path::PathBuf;

fn dir() -> Option<PathBuf> {
    let d = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/petrarch-validation"));
    d.exists().then_some(d)
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y%m%d").unwrap()
}

fn code(p: &PetrarchDictionary, phrase: &str, day: &str) -> Option<String> {
    let words: Vec<String> = phrase.split_whitespace().map(str::to_uppercase).collect();
    p.code_noun_phrase(&words, date(day))
}

#[test]
fn validation_dictionaries_code_as_petrarch_does() {
    let Some(d) = dir() else {
        eprintln!("skipping: ../shared not found");
        return;
    };
    let p = PetrarchDictionary::load(&d.join("PETR.Validate.actors.txt"), Some(&d.join("PETR.Validate.agents.txt")))
        .unwrap();
    // every line of the validation files is well formed except those PETRARCH also skips
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let day = "19950101";
    assert_eq!(code(&p, "Arnor", day).as_deref(), Some("ARN"));
    assert_eq!(code(&p, "Minas Tirith", day).as_deref(), Some("GON"));
    assert_eq!(code(&p, "Hamas gunmen", day).as_deref(), Some("PSEHMSMIL"));
    assert_eq!(code(&p, "Ithilen military", day).as_deref(), Some("ITHMIL"));
    assert_eq!(code(&p, "Interpol", day).as_deref(), Some("IGOCOPITP"));
    assert_eq!(code(&p, "the Shire", day).as_deref(), Some("FRO/BIL/SAM"));
    assert_eq!(code(&p, "Caras of Galadhon", day).as_deref(), Some("ELF"));
    // date restrictions: first restriction that holds, else the default
    for (d8, want) in [
        ("20070101", "HOBCIV"),
        ("20100110", "ORCHOB"),
        ("20110101", "HOBMIL"),
        ("20130101", "HOBGOV"),
        ("20140101", "HOBELI"),
    ] {
        assert_eq!(code(&p, "Sam Gamgee", d8).as_deref(), Some(want), "Sam Gamgee on {d8}");
    }
    assert_eq!(code(&p, "Hamfast Gamgee", "20121201").as_deref(), Some("HOBGOV"));
    assert_eq!(code(&p, "Hamfast Gamgee", "20140101").as_deref(), Some("HOB"));
    assert_eq!(code(&p, "Smeagol", "19940101").as_deref(), Some("HOB"));
    assert_eq!(code(&p, "Gollum", "19970101").as_deref(), Some("HOBGOV"));
    assert_eq!(code(&p, "Gollum", "20000101").as_deref(), Some("HOBREB"));
    assert_eq!(code(&p, "Prince of Dol Amroth", "19950101").as_deref(), Some("---"));
    assert_eq!(code(&p, "Prince of Dol Amroth", "19960101").as_deref(), Some("DOL"));
    assert_eq!(code(&p, "Zimbabwe", "19780101").as_deref(), Some("RHO"));
    assert_eq!(code(&p, "Zimbabwe", "19800101").as_deref(), Some("ZBW"));
    assert_eq!(code(&p, "USSR", "19900101").as_deref(), Some("USR"));
    assert_eq!(code(&p, "USSR", "19920101").as_deref(), Some("---"));
    // agents: appended, prepended, plurals, substitution sets
    assert_eq!(code(&p, "Arnor foreign minister", day).as_deref(), Some("ARNGOVFRM"));
    assert_eq!(code(&p, "Gondor troops", day).as_deref(), Some("GONMIL"));
    assert_eq!(code(&p, "Gondor congressmen", day).as_deref(), Some("GONLEG"));
    assert_eq!(code(&p, "Gondor congresses", day).as_deref(), Some("GONLEG"));
    assert_eq!(code(&p, "ministries of silly walks", day).as_deref(), Some("---GOV"));
    assert_eq!(code(&p, "Arnor human rights body", day).as_deref(), Some("NGOARN"));
    assert_eq!(code(&p, "Mordor authorities", day).as_deref(), Some("MORGOV"));
    assert_eq!(code(&p, "attorneys general", day).as_deref(), Some("---GOV"));
    assert_eq!(code(&p, "polices", day), None);
    assert_eq!(code(&p, "a hobbit hole", day), None);
}

#[test]
fn validation_dictionaries_feed_the_recogniser() {
    let Some(d) = dir() else {
        eprintln!("skipping: ../shared not found");
        return;
    };
    let dict =
        ActorDictionary::load_petrarch(&d.join("PETR.Validate.actors.txt"), Some(&d.join("PETR.Validate.agents.txt")))
            .unwrap();
    let r = Recognizer::new(dict);
    let text = "Frodo met Gandalf in Minas Tirith while Gondor troops watched Gollum.";
    let mut doc = Document {
        text: text.into(),
        meta: Metadata { published: Some(date("19970101")), ..Default::default() },
        ..Default::default()
    };
    doc.sentences = simple::split(text);
    r.recognise(&mut doc);
    let got: Vec<(&str, &str)> = doc.mentions.iter().map(|m| (m.text.as_str(), m.actor.code.as_str())).collect();
    assert_eq!(
        got,
        [
            ("Frodo", "HOB"),
            ("Gandalf", "WIZ"),
            ("Minas Tirith", "GON"),
            ("Gondor troops", "GONMIL"),
            ("Gollum", "HOBGOV")
        ]
    );
}

#[test]
fn petrarch_conventions_in_the_recogniser() {
    let Some(d) = dir() else {
        eprintln!("skipping: ../shared not found");
        return;
    };
    let dict =
        ActorDictionary::load_petrarch(&d.join("PETR.Validate.actors.txt"), Some(&d.join("PETR.Validate.agents.txt")))
            .unwrap();
    let r = Recognizer::new(dict);
    let text = "Russian police arrested students today, a senior official said. The Shire protested.";
    let mut doc = Document {
        text: text.into(),
        meta: Metadata { published: Some(date("19950101")), ..Default::default() },
        ..Default::default()
    };
    doc.sentences = simple::split(text);
    r.recognise(&mut doc);
    let got: Vec<(&str, &str)> = doc.mentions.iter().map(|m| (m.text.as_str(), m.actor.code.as_str())).collect();
    assert_eq!(
        got,
        [
            ("Russian police", "RUSCOP"),
            ("students", "---EDU"),
            ("official", "---GOV"),
            ("The Shire", "FRO"),
            ("The Shire", "BIL"),
            ("The Shire", "SAM")
        ]
    );
}

#[test]
fn petrarch_noun_phrases_assemble_all_their_agents() {
    let Some(d) = dir() else {
        eprintln!("skipping: ../shared not found");
        return;
    };
    let dict =
        ActorDictionary::load_petrarch(&d.join("PETR.Validate.actors.txt"), Some(&d.join("PETR.Validate.agents.txt")))
            .unwrap();
    let r = Recognizer::new(dict);
    let text = "Bree President Romendacil arrived. An MSF Arnor diplomat spoke. White House security officials met Minas Tirith border police. Human rights activists in Arnor protested. The Quibbler government newspaper wrote.";
    let mut doc = Document {
        text: text.into(),
        meta: Metadata { published: Some(date("19950101")), ..Default::default() },
        ..Default::default()
    };
    doc.sentences = simple::split(text);
    r.recognise(&mut doc);
    let got: Vec<(&str, &str)> = doc.mentions.iter().map(|m| (m.text.as_str(), m.actor.code.as_str())).collect();
    for want in [
        ("Bree President Romendacil", "BREGOV"),
        ("MSF Arnor diplomat", "NGOARNGOV"),
        ("White House security officials", "USAGOV"),
        ("Minas Tirith border police", "GONCOP"),
        ("Human rights activists", "ARNOPP"),
        ("The Quibbler government newspaper", "HGWGOVMED"),
    ] {
        assert!(got.contains(&want), "{want:?} not in {got:?}");
    }
}
