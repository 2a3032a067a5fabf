//! Extraction never panics on any page, as HTML and as pasted text.
#![no_main]
use dyad_doc::{Source, SourceKind};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static EXTRACTOR: OnceLock<dyad_extract::Extractor> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let extractor = EXTRACTOR.get_or_init(dyad_extract::Extractor::new);
    let body = String::from_utf8_lossy(data).into_owned();
    for kind in [SourceKind::Html, SourceKind::Text] {
        let source = Source {
            id: "fuzz".into(),
            origin: "fuzz".into(),
            kind,
            body: body.clone(),
            hints: Default::default(),
            fetched: None,
        };
        let _ = extractor.extract(&source, &Default::default());
    }
});
