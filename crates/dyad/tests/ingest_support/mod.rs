//! Helpers shared by the `ingest_*` end-to-end tests.
#![allow(dead_code)]

use dyad_store::rusqlite::Connection;
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn dyad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
}

pub fn shared() -> Option<PathBuf> {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"));
    path.is_dir().then_some(path)
}

/// Runs `dyad ingest ARGS --db DB` and returns its output.
pub fn ingest(db: &Path, args: &[&Path], extra: &[&str]) -> Output {
    let output = dyad().arg("ingest").args(args).arg("--db").arg(db).args(extra).output().expect("run dyad");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "dyad panicked:\n{stderr}");
    output
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The numbers of the summary line: read, stored, already present, failed.
pub fn summary(output: &Output) -> [i64; 4] {
    let text = stdout(output);
    let line = text.lines().last().unwrap_or("");
    let numbers: Vec<i64> = line.split(',').filter_map(|part| part.split_whitespace().next()?.parse().ok()).collect();
    match numbers[..] {
        [read, stored, present, failed, ..] => [read, stored, present, failed],
        _ => panic!("no summary line in {text:?}"),
    }
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The row count, or `None` while the database cannot be read yet.
pub fn try_count(db: &Path, table: &str) -> Option<i64> {
    let conn = Connection::open_with_flags(db, dyad_store::rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).ok()
}

pub fn count(db: &Path, table: &str) -> i64 {
    let conn = Connection::open(db).expect("open db");
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).expect("count")
}

/// The content hashes of the distinct articles the pipeline's extractor finds in `inputs`,
/// computed through the libraries (not through the database).
pub fn distinct_articles(inputs: &[PathBuf]) -> HashSet<String> {
    let options = dyad_extract::ExtractOptions::default();
    dyad_read::read_inputs(inputs)
        .filter_map(Result::ok)
        .filter_map(|source| dyad_extract::extract(&source, &options).ok())
        .flatten()
        .map(|doc| doc.content_hash)
        .collect()
}

/// Everything stored that must not depend on how the ingest was run: articles'
/// identity and content, and the set of event ids (not row ids or timestamps).
/// content_hash, url, title, published, text.
pub type ArticleRow = (String, Option<String>, Option<String>, Option<String>, String);

#[derive(Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub articles: BTreeSet<ArticleRow>,
    pub events: BTreeSet<String>,
}

pub fn snapshot(db: &Path) -> Snapshot {
    let conn = Connection::open(db).expect("open db");
    let mut stmt = conn.prepare("SELECT content_hash, url, title, published, text FROM articles").expect("prepare");
    let articles = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let mut stmt = conn.prepare("SELECT event_id FROM events").expect("prepare");
    let events = stmt.query_map([], |r| r.get(0)).expect("query").collect::<Result<_, _>>().expect("rows");
    Snapshot { articles, events }
}

/// Deterministic prose: `n` distinct articles of a few paragraphs each.
pub fn article_text(n: usize) -> String {
    const WORDS: &[&str] = &[
        "ministers",
        "met",
        "in",
        "the",
        "capital",
        "to",
        "discuss",
        "trade",
        "talks",
        "resumed",
        "after",
        "officials",
        "said",
        "envoy",
        "border",
        "agreement",
        "council",
        "vote",
        "delegation",
        "visited",
        "government",
        "announced",
        "sanctions",
        "on",
        "Tuesday",
        "with",
        "allies",
        "and",
        "partners",
    ];
    let mut state = (n as u64).wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
    let mut paragraphs = Vec::new();
    for p in 0..3 {
        let mut sentences = Vec::new();
        for _ in 0..4 {
            let mut words = Vec::new();
            for _ in 0..12 {
                state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                words.push(WORDS[(state >> 33) as usize % WORDS.len()]);
            }
            let sentence = words.join(" ");
            let mut chars = sentence.chars();
            let first = chars.next().map(|c| c.to_uppercase().to_string()).unwrap_or_default();
            sentences.push(format!("{first}{}.", chars.as_str()));
        }
        paragraphs.push(format!("Report {n}, part {p}. {}", sentences.join(" ")));
    }
    paragraphs.join("\n\n")
}

pub fn html_page(title: &str, text: &str) -> String {
    let body: String = text.split("\n\n").map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body><article><h1>{title}</h1>\n{body}</article></body></html>"
    )
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).expect("gzip");
    enc.finish().expect("gzip")
}

/// One WARC `response` record with an HTTP 200 HTML payload.
pub fn warc_response(n: usize, html: &str) -> Vec<u8> {
    let block = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");
    let mut record = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:test-{n}>\r\n\
         WARC-Target-URI: https://news.example/story/{n}\r\nWARC-Date: 2025-04-12T08:00:00Z\r\n\
         Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    record.extend_from_slice(block.as_bytes());
    record.extend_from_slice(b"\r\n\r\n");
    record
}
