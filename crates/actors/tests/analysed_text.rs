//! The recogniser on text analysed by the nlp stage (tokens, tags and parses from its
//! built-in model), rather than on the plain splitter.

use chrono::NaiveDate;
use dyad_actors::{ActorDictionary, Recognizer};

fn analyse(text: &str, date: &str) -> Option<dyad_doc::Document> {
    let analyzer = match dyad_nlp::Analyzer::builtin() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("skipping: no nlp model ({e})");
            return None;
        }
    };
    let mut doc = analyzer.analyse(text);
    doc.meta.published = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
    Recognizer::new(ActorDictionary::builtin().expect("builtin dictionary")).recognise(&mut doc);
    Some(doc)
}

fn codes(doc: &dyad_doc::Document) -> Vec<(String, String)> {
    doc.mentions.iter().map(|m| (m.text.clone(), m.actor.code.clone())).collect()
}

#[test]
fn news_sentences_analysed_by_the_nlp_stage() {
    let text = "Russian President Vladimir Putin met US special envoy Steve Witkoff in Moscow on Friday, Kremlin aide Yuri Ushakov said. \
                Ukraine's Foreign Minister Andrii Sybiha told the UN Security Council that Russian forces had shelled Kharkiv. \
                The Houthis said they fired drones at Israel, while Iranian-made missiles were shown in Tehran. \
                Zelenskyy's office said the Ukrainian president would travel to Brussels.";
    let Some(doc) = analyse(text, "2025-06-01") else {
        return;
    };
    let got = codes(&doc);
    for (t, c) in [
        ("Russian President Vladimir Putin", "RUSGOV"),
        ("US special envoy Steve Witkoff", "USAGOV"),
        ("Kremlin aide Yuri Ushakov", "RUSGOV"),
        ("Ukraine's Foreign Minister Andrii Sybiha", "UKRGOV"),
        ("the UN Security Council", "UNO"),
        ("Russian forces", "RUSMIL"),
        ("The Houthis", "YEMREB"),
        ("Israel", "ISR"),
        ("the Ukrainian president", "UKRGOV"),
    ] {
        assert!(got.iter().any(|(gt, gc)| gt == t && gc == c), "expected {t:?} → {c}, got {got:?}");
    }
    // "Iranian-made" names no actor; Moscow and Tehran are flagged as places
    assert!(!got.iter().any(|(t, _)| t.starts_with("Iranian")), "{got:?}");
    for place in ["Moscow", "Tehran"] {
        let m = doc.mentions.iter().find(|m| m.text == place).expect("place mention");
        assert!(m.place, "{place} is a place name");
    }
    // heads follow the parse: each head lies inside its mention
    for m in &doc.mentions {
        assert!(m.tokens.0 <= m.head && m.head < m.tokens.1, "{m:?}");
    }
}
