//! The tokenizer, tagger and parser never panic on any text, and keep offsets in bounds.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static ANALYZER: OnceLock<dyad_nlp::Analyzer> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let analyzer = ANALYZER.get_or_init(|| dyad_nlp::Analyzer::builtin().expect("embedded model"));
    let mut doc = dyad_doc::Document { text: String::from_utf8_lossy(data).into_owned(), ..Default::default() };
    analyzer.annotate(&mut doc);
    for sentence in &doc.sentences {
        for token in &sentence.tokens {
            assert!(token.start <= token.end && token.end <= doc.text.len());
            assert!(doc.text.is_char_boundary(token.start) && doc.text.is_char_boundary(token.end));
        }
    }
});
