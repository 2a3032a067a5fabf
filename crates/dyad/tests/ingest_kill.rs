//! An ingest killed mid-run keeps what it committed, and re-running it ends with the same
//! database as a run that was never interrupted.

mod ingest_support;

use ingest_support::*;
use std::io::Write;
use std::process::Stdio;
use std::time::{Duration, Instant};

const RECORDS: usize = 60;
const BATCH: usize = 5;
/// Records fed before the kill: four whole batches committed, three more in flight.
const FED: usize = 23;

#[test]
fn killed_ingest_resumes_to_the_same_database() {
    let dir = tempfile::tempdir().unwrap();
    let records: Vec<String> = (0..RECORDS)
        .map(|n| {
            serde_json::json!({"id": format!("rec-{n}"), "url": format!("https://news.example/{n}"),
                               "title": format!("Story {n}"), "date": "2025-04-12", "text": article_text(n)})
            .to_string()
        })
        .collect();
    let input = dir.path().join("records.jsonl");
    std::fs::write(&input, records.join("\n") + "\n").unwrap();
    let batch = BATCH.to_string();

    // Reference: one uninterrupted run.
    let reference_db = dir.path().join("reference.db");
    let reference = ingest(&reference_db, &[&input], &["--batch", &batch]);
    assert!(reference.status.success(), "{}", stderr(&reference));
    assert_eq!(count(&reference_db, "articles"), RECORDS as i64);

    // Interrupted run: feed the records through stdin at our own pace, wait until the
    // committed batches show in the database, then SIGKILL the process while it holds an
    // unfinished batch.
    let db = dir.path().join("killed.db");
    let mut child = dyad()
        .args(["ingest", "-", "--batch", &batch, "--db"])
        .arg(&db)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn dyad");
    {
        let stdin = child.stdin.as_mut().expect("stdin");
        for record in &records[..FED] {
            writeln!(stdin, "{record}").unwrap();
        }
        stdin.flush().unwrap();
    }
    let committed = (FED / BATCH * BATCH) as i64;
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut seen = 0;
    while Instant::now() < deadline {
        if let Some(n) = try_count(&db, "articles") {
            seen = n;
            if seen >= committed {
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(seen, committed, "the committed batches never showed up");
    // Give the process time to wrongly commit the partial batch, if it were going to.
    std::thread::sleep(Duration::from_millis(300));
    assert!(child.try_wait().unwrap().is_none(), "ingest should still be waiting for input");
    child.kill().expect("SIGKILL");
    let status = child.wait().unwrap();
    assert!(!status.success());
    assert_eq!(count(&db, "articles"), committed, "a partial batch must not be committed");

    // Re-run on the whole input: the committed articles are skipped, the rest stored.
    let rerun = ingest(&db, &[&input], &["--batch", &batch]);
    assert!(rerun.status.success(), "{}", stderr(&rerun));
    let expected =
        format!("{RECORDS} read, {} stored, {committed} already present, 0 failed, ", RECORDS as i64 - committed);
    assert!(stdout(&rerun).starts_with(&expected), "{}", stdout(&rerun));
    assert_eq!(snapshot(&db), snapshot(&reference_db));
}
