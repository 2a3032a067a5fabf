//! Publication and event dates on the seed articles: from the text, never from the clock
//! or a file's time. Needs ../shared and skips without it.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

fn shared() -> Option<PathBuf> {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"));
    path.is_dir().then_some(path)
}

fn dyad(args: &[&str], inputs: &Path) -> Vec<Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_dyad")).args(args).arg(inputs).output().expect("run dyad");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect()
}

/// The seeds copied with every file's modification time set to `when`.
fn seeds_at(shared: &Path, when: SystemTime) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(shared.join("data/seeds")).unwrap() {
        let from = entry.unwrap().path();
        let to = dir.path().join(from.file_name().unwrap());
        std::fs::copy(&from, &to).unwrap();
        std::fs::File::options().write(true).open(&to).unwrap().set_modified(when).unwrap();
    }
    dir
}

fn year_2031() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_936_000_000) // 2031-05-08
}

#[test]
fn seed_publication_dates_come_from_the_text_never_the_clock() {
    let Some(shared) = shared() else {
        eprintln!("skipped: ../shared is absent");
        return;
    };
    let dir = seeds_at(&shared, year_2031());
    let docs = dyad(&["extract", "--format", "jsonl"], dir.path());
    let meta = |id: &str| {
        let d = docs.iter().find(|d| d["id"] == id).unwrap_or_else(|| panic!("{id} extracted"));
        (d["meta"]["published"].as_str().map(String::from), d["meta"]["published_basis"].as_str().map(String::from))
    };
    // the dateline "28.04.2025"
    assert_eq!(meta("000_5b02c046a91bd529.txt"), (Some("2025-04-28".into()), Some("text".into())));
    // no dateline: its latest reported date ("On February 12, 2025, ...") bounds it
    assert_eq!(meta("002_059254890c9d1ed2.txt"), (Some("2025-02-12".into()), Some("inferred".into())));
    // "2 days ago" with no retrieval time and no year in the text: undated
    assert_eq!(meta("003_1e241ba5a859d5de.txt"), (None, None));
    for d in &docs {
        if let Some(p) = d["meta"]["published"].as_str() {
            assert!(p < "2026", "{} dated {p}", d["id"]);
        }
    }
    // the same with the files dated 2001: nothing moves
    let old = seeds_at(&shared, SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000));
    assert_eq!(dyad(&["extract", "--format", "jsonl"], old.path()).len(), docs.len());
    let strip = |v: Vec<Value>| v.into_iter().map(|d| (d["id"].clone(), d["meta"].clone())).collect::<Vec<_>>();
    assert_eq!(strip(dyad(&["extract", "--format", "jsonl"], old.path())), strip(docs.clone()));

    // events: no date later than the evidence allows, none from the clock
    let events = dyad(&["code"], dir.path());
    assert!(!events.is_empty());
    for e in &events {
        if let Some(date) = e["date"].as_str() {
            assert!(date < "2025-07", "{} {date}: {}", e["doc"], e["sentence"]);
        }
    }
    let old_events = dyad(&["code"], old.path());
    let dates = |v: &[Value]| v.iter().map(|e| (e["event_id"].clone(), e["date"].clone())).collect::<Vec<_>>();
    assert_eq!(dates(&events), dates(&old_events));
    // a retrieval time given on the command line resolves the relative stamp
    let docs = dyad(&["extract", "--format", "jsonl", "--retrieved", "2025-06-06"], dir.path());
    let d = docs.iter().find(|d| d["id"] == "003_1e241ba5a859d5de.txt").unwrap();
    assert_eq!(
        (d["meta"]["published"].as_str(), d["meta"]["published_basis"].as_str()),
        (Some("2025-06-04"), Some("relative"))
    );
}

#[test]
fn undated_inputs_are_summarised_and_strict_refuses_them() {
    let Some(shared) = shared() else {
        eprintln!("skipped: ../shared is absent");
        return;
    };
    let seed = shared.join("data/seeds/003_1e241ba5a859d5de.txt");
    let run =
        |extra: &[&str]| Command::new(env!("CARGO_BIN_EXE_dyad")).arg("code").args(extra).arg(&seed).output().unwrap();
    let out = run(&[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("articles have no publication date") && err.contains("003_1e241ba5a859d5de.txt"), "{err}");
    let out = run(&["--strict"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("no publication date (--strict)"), "{err}");
    // with a retrieval time it is dated, and --strict passes
    let out = run(&["--strict", "--retrieved", "2025-06-06"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
