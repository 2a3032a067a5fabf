//! Title and publication date on 30 article-extraction-benchmark pages, against what a
//! reader sees on each page (tests/fixtures/metadata-expected.tsv). Needs ../shared.

use dyad_extract::{ExtractOptions, Extractor};
use std::path::{Path, PathBuf};

/// Letters and digits only, lowercased: quotes, dashes and spacing do not count.
fn norm(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

#[test]
fn titles_and_dates_match_the_pages() {
    let pages =
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/article-extraction-benchmark/html"));
    if !pages.is_dir() {
        eprintln!("skipping: ../shared not found");
        return;
    }
    let extractor = Extractor::new();
    let (mut titles, mut titles_ok, mut dates, mut dates_ok) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    for row in include_str!("fixtures/metadata-expected.tsv").lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = row.split('\t').collect();
        let [id, title, date] = cols[..] else { panic!("bad fixture row {row:?}") };
        let path: PathBuf = pages.join(format!("{id}.html.gz"));
        let source = dyad_read::read_inputs(&[path]).next().expect("page listed").expect("page reads");
        let doc = extractor.extract(&source, &ExtractOptions::default()).expect("page extracts").remove(0);
        let got_title = doc.meta.title.clone().unwrap_or_default();
        if !title.is_empty() {
            titles += 1;
            if norm(&got_title) == norm(title) {
                titles_ok += 1;
            } else {
                misses.push(format!("{id}: title {got_title:?}, expected {title:?}"));
            }
        }
        if !date.is_empty() {
            dates += 1;
            let got = doc.meta.published.map(|d| d.to_string()).unwrap_or_default();
            if got == date {
                dates_ok += 1;
            } else {
                misses.push(format!("{id}: date {got:?} ({:?}), expected {date}", doc.meta.published_basis));
            }
        }
    }
    eprintln!("titles {titles_ok}/{titles}, dates {dates_ok}/{dates}\n{}", misses.join("\n"));
    assert!(titles >= 25 && dates >= 25, "fixture too small");
    assert!(titles_ok * 10 >= titles * 9, "titles right on {titles_ok} of {titles}:\n{}", misses.join("\n"));
    assert!(dates_ok * 10 >= dates * 9, "dates right on {dates_ok} of {dates}:\n{}", misses.join("\n"));
}
