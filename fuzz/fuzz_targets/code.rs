//! Actor recognition and event coding never panic on any text, and every event's
//! evidence span lies inside the text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

struct Stages {
    analyzer: dyad_nlp::Analyzer,
    recognizer: dyad_actors::Recognizer,
    coder: dyad_events::EventCoder,
}

static STAGES: OnceLock<Stages> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let stages = STAGES.get_or_init(|| Stages {
        analyzer: dyad_nlp::Analyzer::builtin().expect("embedded model"),
        recognizer: dyad_actors::Recognizer::new(dyad_actors::ActorDictionary::builtin().expect("actors")),
        coder: dyad_events::EventCoder::builtin().expect("patterns"),
    });
    let mut doc = dyad_doc::Document { text: String::from_utf8_lossy(data).into_owned(), ..Default::default() };
    stages.analyzer.annotate(&mut doc);
    stages.recognizer.recognise(&mut doc);
    stages.coder.code(&mut doc);
    for event in &doc.events {
        assert!(event.span.0 <= event.span.1 && event.span.1 <= doc.text.len());
    }
});
