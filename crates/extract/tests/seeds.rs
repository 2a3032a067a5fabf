//! The five seed texts (../shared/data/seeds): every article paragraph is kept, none of
//! the page clutter is, related items become their own documents. Expectations are in
//! tests/fixtures/seeds-expected.tsv (written by reading the seeds).

use chrono::NaiveDate;
use dyad_doc::{Metadata, Source, SourceKind};
use dyad_extract::{extract, ExtractOptions};
use std::path::Path;

#[test]
fn seeds_are_cleaned() {
    let seeds = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/seeds"));
    if !seeds.is_dir() {
        eprintln!("skipping: ../shared not found");
        return;
    }
    let fixture = include_str!("fixtures/seeds-expected.tsv");
    let mut failures = Vec::new();
    let mut checks = 0;
    let mut current: Option<(String, Vec<dyad_doc::Document>)> = None;
    for row in fixture.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let mut cols = row.splitn(3, '\t');
        let (seed, kind, value) = (cols.next().unwrap(), cols.next().unwrap(), cols.next().unwrap_or(""));
        if current.as_ref().is_none_or(|(s, _)| s != seed) {
            let body = std::fs::read_to_string(seeds.join(seed)).expect("seed readable");
            let source = Source {
                id: seed.to_string(),
                origin: seed.to_string(),
                kind: SourceKind::Text,
                body,
                hints: Metadata::default(),
                fetched: None,
            };
            let docs = extract(&source, &ExtractOptions::default()).expect("seed extracts");
            assert_eq!(docs[0].id, seed);
            current = Some((seed.to_string(), docs));
        }
        let docs = &current.as_ref().unwrap().1;
        let main = &docs[0];
        checks += 1;
        let ok = match kind {
            "title" => main.meta.title.as_deref().unwrap_or("") == value,
            "published" => main.meta.published == NaiveDate::parse_from_str(value, "%Y-%m-%d").ok(),
            "para" => main.text.split("\n\n").any(|p| p.starts_with(value)),
            "clutter" => !main.text.contains(&value.replace("\\n", "\n")),
            k if k.starts_with("related-") => {
                let id = format!("{}#{k}", seed.trim_end_matches(".txt"));
                let (title, opening) = value.split_once('|').unwrap_or((value, ""));
                docs.iter().any(|d| d.id == id && d.meta.title.as_deref() == Some(title) && d.text.starts_with(opening))
                    && !main.text.contains(opening)
            }
            other => panic!("unknown fixture row kind {other}"),
        };
        if !ok {
            failures.push(format!("{seed} {kind} {value:?}"));
        }
    }
    // No seed yields more or fewer documents than its main article and listed related items.
    let mut seeds_seen: Vec<&str> =
        fixture.lines().filter(|l| !l.starts_with('#')).filter_map(|l| l.split('\t').next()).collect();
    seeds_seen.dedup();
    for seed in seeds_seen.into_iter().filter(|s| !s.is_empty()) {
        let related = fixture.lines().filter(|l| l.starts_with(seed) && l.contains("\trelated-")).count();
        let body = std::fs::read_to_string(seeds.join(seed)).expect("seed readable");
        let source = Source {
            id: seed.into(),
            origin: seed.into(),
            kind: SourceKind::Text,
            body,
            hints: Metadata::default(),
            fetched: None,
        };
        let docs = extract(&source, &ExtractOptions::default()).expect("seed extracts");
        if docs.len() != 1 + related {
            failures.push(format!("{seed}: {} documents, expected {}", docs.len(), 1 + related));
        }
    }
    assert!(checks > 80, "fixture has too few rows: {checks}");
    assert!(failures.is_empty(), "{} of {checks} checks failed:\n{}", failures.len(), failures.join("\n"));
}
