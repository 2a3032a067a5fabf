//! An article's URL is its identity in the store, so who may claim one matters: only
//! http(s) URLs are stored, and a page may claim a canonical URL only on its own site. A
//! legitimate replacement keeps the replaced version.

mod ingest_support;

use dyad_store::rusqlite::Connection;
use ingest_support::*;
use std::path::Path;

fn record(url: &str, html: &str) -> String {
    serde_json::json!({ "url": url, "html": html, "date": "2025-04-10" }).to_string()
}

fn page(n: usize, canonical: Option<&str>) -> String {
    let page = html_page(&format!("Story {n}"), &article_text(n));
    match canonical {
        Some(c) => page.replace("</title>", &format!("</title><link rel=\"canonical\" href=\"{c}\">")),
        None => page,
    }
}

fn write_jsonl(dir: &Path, name: &str, lines: &[String]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, lines.join("\n")).unwrap();
    path
}

fn rows(db: &Path, sql: &str) -> Vec<(Option<String>, String)> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn.prepare(sql).unwrap();
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

#[test]
fn only_http_urls_are_stored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let hostile = [
        "javascript:alert(1)",
        " javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
    ];
    let mut lines: Vec<String> = hostile.iter().enumerate().map(|(i, u)| record(u, &page(i, None))).collect();
    // A page's canonical link of the same kinds, read from a file with no URL.
    lines.extend(hostile.iter().enumerate().map(|(i, u)| record("", &page(10 + i, Some(u)))));
    lines.push(record("https://news.example/fine", &page(20, None)));
    let input = write_jsonl(dir.path(), "in.jsonl", &lines);
    let out = ingest(&db, &[&input], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(count(&db, "articles"), lines.len() as i64);
    let urls: Vec<String> = rows(&db, "SELECT url, doc_id FROM articles WHERE url IS NOT NULL")
        .into_iter()
        .filter_map(|(u, _)| u)
        .collect();
    assert_eq!(urls, vec!["https://news.example/fine".to_string()]);
}

#[test]
fn a_page_cannot_take_over_another_sites_article() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let original = write_jsonl(dir.path(), "a.jsonl", &[record("https://news.example/a", &page(1, None))]);
    assert!(ingest(&db, &[&original], &[]).status.success());
    let before = rows(&db, "SELECT url, text FROM articles");
    assert_eq!(before.len(), 1);

    // Another site declares the stored article's URL as its canonical one.
    let attack = write_jsonl(
        dir.path(),
        "b.jsonl",
        &[record("https://evil.example/x", &page(2, Some("https://news.example/a")))],
    );
    let out = ingest(&db, &[&attack], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let after = rows(&db, "SELECT url, text FROM articles ORDER BY id");
    assert_eq!(after.len(), 2, "stored beside, not over: {after:?}");
    assert_eq!(after[0], before[0], "the original is untouched");
    assert_eq!(after[1].0.as_deref(), Some("https://evil.example/x"));
    assert_eq!(count(&db, "article_versions"), 0);

    // The site itself updating the story (read from a tracking URL, canonical on its own
    // host) replaces it, and the replaced version is kept.
    let update = write_jsonl(
        dir.path(),
        "c.jsonl",
        &[record("https://www.news.example/a?utm_source=x", &page(3, Some("https://news.example/a")))],
    );
    let out = ingest(&db, &[&update], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let updated = rows(&db, "SELECT url, text FROM articles ORDER BY id");
    assert_eq!(updated.len(), 2);
    assert_eq!(updated[0].0.as_deref(), Some("https://news.example/a"));
    assert_ne!(updated[0].1, before[0].1, "replaced by the site's own update");
    let kept = rows(&db, "SELECT url, text FROM article_versions");
    assert_eq!(kept, before, "the replaced version is kept");
}
