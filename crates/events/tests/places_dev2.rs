//! Places on dev2's core events against the committed annotation
//! (`fixtures/dev2_places.tsv`: evidence offsets and place names, no article text).
//!
//! For each annotated event, the place dyad gives an event coded from its sentence; where
//! the coder found no event there, the place dyad would give one (`place_of_sentence`), so
//! the figure measures places rather than the coder's recall. Needs ../shared.

use dyad_doc::Document;
use dyad_events::{place_of_sentence, EventCoder};
use dyad_places::Gazetteer;
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;

struct Annotated {
    doc: String,
    event: usize,
    start: usize,
    place: String,
    country: Option<String>,
}

fn annotation() -> Vec<Annotated> {
    include_str!("fixtures/dev2_places.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 6, "{l}");
            Annotated {
                doc: f[0].to_string(),
                event: f[1].parse().unwrap(),
                start: f[2].parse().unwrap(),
                place: f[4].to_string(),
                country: (f[5] != "-").then(|| f[5].to_string()),
            }
        })
        .collect()
}

/// Kosovo is XKX in ISO's user-assigned range and KSV in CAMEO: one country.
fn same_country(a: Option<&str>, b: Option<&str>) -> bool {
    let norm = |c: Option<&str>| c.map(|c| if c == "KSV" { "XKX" } else { c }.to_string());
    norm(a) == norm(b)
}

#[test]
fn fixture_holds_no_article_text() {
    for line in include_str!("fixtures/dev2_places.tsv").lines().filter(|l| !l.starts_with('#')) {
        assert!(line.split('\t').all(|f| f.split_whitespace().count() <= 3), "{line}");
    }
}

#[test]
fn dev2_core_events_get_their_places() {
    let shared = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/dev2/articles.jsonl"));
    let Ok(jsonl) = std::fs::read_to_string(&shared) else {
        eprintln!("skipped: {} is absent", shared.display());
        return;
    };
    let records: HashMap<String, Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|v| (v["id"].as_str().unwrap().to_string(), v))
        .collect();
    // the gold events' actors, to tell apart two events of one sentence
    let gold_path = shared.with_file_name("").join("../gold/dev2.gold.jsonl");
    let gold: HashMap<String, Value> = std::fs::read_to_string(&gold_path)
        .unwrap_or_else(|e| panic!("{}: {e}", gold_path.display()))
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|v| (v["doc"].as_str().unwrap().to_string(), v))
        .collect();
    let nlp = dyad_nlp::Analyzer::builtin().unwrap();
    let recognizer = dyad_actors::Recognizer::new(dyad_actors::ActorDictionary::builtin().unwrap());
    let coder = EventCoder::builtin().unwrap();
    let g = Gazetteer::builtin();
    let mut docs: HashMap<String, Document> = HashMap::new();
    let (mut total, mut placed, mut right, mut coded) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    for a in annotation().into_iter().filter(|a| a.place != "-") {
        let doc = docs.entry(a.doc.clone()).or_insert_with(|| {
            let r = &records[&a.doc];
            let mut d =
                Document { id: a.doc.clone(), text: r["text"].as_str().unwrap().to_string(), ..Default::default() };
            d.meta.published = r["date"].as_str().and_then(|s| s.parse().ok());
            nlp.annotate(&mut d);
            recognizer.recognise(&mut d);
            coder.code(&mut d);
            d
        });
        let Some(index) = doc.sentences.iter().position(|s| s.start <= a.start && a.start < s.end.max(s.start + 1))
        else {
            panic!("{}: no sentence at {}", a.doc, a.start);
        };
        total += 1;
        let span = (doc.sentences[index].start, doc.sentences[index].end);
        let g_event = &gold[&a.doc]["events"][a.event];
        let country = |v: &Value| v.as_str().unwrap_or("").get(..3).unwrap_or("").to_string();
        let pair = (country(&g_event["source"]), country(&g_event["target"]));
        let here: Vec<&dyad_doc::Event> = doc.events.iter().filter(|e| e.span == span).collect();
        let matches = |e: &&&dyad_doc::Event| {
            let (s, t) = (e.source.code.get(..3).unwrap_or(""), e.target.code.get(..3).unwrap_or(""));
            (s, t) == (pair.0.as_str(), pair.1.as_str()) || (t, s) == (pair.0.as_str(), pair.1.as_str())
        };
        let from_event = here.iter().find(matches).or(here.first()).copied();
        coded += usize::from(from_event.is_some());
        let location = match from_event {
            Some(e) => e.location.clone(),
            None => place_of_sentence(doc, index, g),
        };
        match location {
            Some(l) if same_country(l.country.as_deref(), a.country.as_deref()) => {
                placed += 1;
                right += 1;
            }
            Some(l) => {
                placed += 1;
                misses.push(format!("{}: {} ({:?}) given as {} ({:?})", a.doc, a.place, a.country, l.name, l.country));
            }
            None => misses.push(format!("{}: {} ({:?}) not given", a.doc, a.place, a.country)),
        }
    }
    let coverage = placed as f64 / total.max(1) as f64;
    let precision = right as f64 / placed.max(1) as f64;
    println!(
        "places: {placed} of {total} annotated core events placed ({coverage:.3}); right country {right} of {placed} ({precision:.3}); {coded} of them coded by the coder"
    );
    for m in &misses {
        println!("  {m}");
    }
    assert!(total >= 35, "{total} annotated events read");
    assert!(coverage >= 0.80, "coverage {coverage:.3}");
    assert!(precision >= 0.95, "country precision {precision:.3}");
}
