//! Ingesting the same inputs twice stores each article once.

mod ingest_support;

use ingest_support::*;
use std::path::PathBuf;

#[test]
fn benchmark_pages_and_seeds_ingested_twice_leave_one_row_per_article() {
    let Some(shared) = shared() else {
        eprintln!("skipping: ../shared not found");
        return;
    };
    let inputs = vec![shared.join("data/article-extraction-benchmark/html"), shared.join("data/seeds")];
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.db");
    let args: Vec<&std::path::Path> = inputs.iter().map(PathBuf::as_path).collect();

    let first = ingest(&db, &args, &[]);
    let after_first = (count(&db, "articles"), count(&db, "events"));
    let second = ingest(&db, &args, &[]);
    let after_second = (count(&db, "articles"), count(&db, "events"));

    let distinct = distinct_articles(&inputs).len() as i64;
    eprintln!("first: {}second: {}", stdout(&first), stdout(&second));
    assert!(distinct > 150, "the extractor should find most of the 186 articles, found {distinct}");
    assert_eq!(after_first.0, distinct, "{}", stderr(&first));
    assert_eq!(after_second, after_first);
    // Second run: nothing new, every article the first run extracted is recognised.
    let [read1, stored1, present1, failed1] = summary(&first);
    let [read2, stored2, present2, failed2] = summary(&second);
    assert_eq!((read1, read2), (186, 186));
    assert_eq!(stored1, distinct);
    assert_eq!(stored2, 0);
    assert_eq!(failed2, failed1);
    assert_eq!(present2, stored1 + present1);
}

#[test]
fn generated_inputs_of_every_format_ingested_twice_leave_one_row_per_article() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("in");
    let sub = root.join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    // Articles 0..4 as text files, one of them twice under another name.
    for n in 0..4 {
        std::fs::write(root.join(format!("{n:03}.txt")), article_text(n)).unwrap();
    }
    std::fs::write(sub.join("copy-of-001.txt"), article_text(1)).unwrap();
    // Articles 4..6 as HTML, one gzipped.
    std::fs::write(root.join("004.html"), html_page("Four", &article_text(4))).unwrap();
    std::fs::write(sub.join("005.html.gz"), gzip(html_page("Five", &article_text(5)).as_bytes())).unwrap();
    // Articles 6..8 as JSONL records, plus article 2 again.
    let record = |id: &str, n: usize| {
        serde_json::json!({"id": id, "url": format!("https://news.example/j/{n}"), "title": format!("J{n}"),
                           "date": "2025-04-10", "text": article_text(n)})
        .to_string()
    };
    let jsonl = [record("j6", 6), record("j7", 7), record("j2", 2)].join("\n");
    std::fs::write(root.join("batch.jsonl"), jsonl).unwrap();
    // Articles 8..10 in a gzipped WARC, one gzip member per record.
    let mut warc = gzip(&warc_response(8, &html_page("Eight", &article_text(8))));
    warc.extend(gzip(&warc_response(9, &html_page("Nine", &article_text(9)))));
    std::fs::write(sub.join("crawl.warc.gz"), warc).unwrap();

    let db = dir.path().join("gen.db");
    let first = ingest(&db, &[&root], &["--batch", "3"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let after_first = (count(&db, "articles"), count(&db, "events"));
    let second = ingest(&db, &[&root], &["--batch", "3"]);
    assert!(second.status.success(), "{}", stderr(&second));
    let after_second = (count(&db, "articles"), count(&db, "events"));

    assert_eq!(distinct_articles(std::slice::from_ref(&root)).len(), 10);
    assert_eq!(after_first.0, 10);
    assert_eq!(after_second, after_first);
    assert!(stdout(&first).starts_with("12 read, 10 stored, 2 already present, 0 failed, "), "{}", stdout(&first));
    // Nothing new is coded on the second run.
    assert_eq!(stdout(&second).trim(), "12 read, 0 stored, 12 already present, 0 failed, 0 events coded (0 undated)");

    // New text at a known URL replaces that article instead of adding one.
    let changed = serde_json::json!({"id": "j6", "url": "https://news.example/j/6", "title": "J6 updated",
                                     "date": "2025-04-11", "text": article_text(60)})
    .to_string();
    let update = dir.path().join("update.jsonl");
    std::fs::write(&update, changed).unwrap();
    let third = ingest(&db, &[&update], &[]);
    assert!(third.status.success(), "{}", stderr(&third));
    assert!(stdout(&third).starts_with("1 read, 1 stored, 0 already present, 0 failed"), "{}", stdout(&third));
    assert_eq!(count(&db, "articles"), 10);
    let snap = snapshot(&db);
    let titles: Vec<_> = snap.articles.iter().filter_map(|a| a.2.clone()).filter(|t| t.starts_with("J6")).collect();
    assert_eq!(titles, ["J6 updated"]);
}
