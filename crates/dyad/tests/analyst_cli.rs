//! The analyst's command line end to end: `relations` both ways with gaps, `events`
//! saying what it left out, `-` as standard output, `export` with the filters of
//! `events`, the ingest summary, and the GDELT 2.0 export checked column by column.
//!
//! Two databases: the example articles ingested (real pipeline output, once per run), and
//! a synthetic one from `dyad bench relations` (many events over a year, URLs).

use serde_json::Value;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

fn dyad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
}

fn run(args: &[&str]) -> Output {
    let out = dyad().args(args).output().expect("run dyad");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "dyad panicked:\n{stderr}");
    assert!(out.status.success(), "dyad {args:?} failed:\n{stderr}");
    out
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("analyst_cli").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// The examples ingested, and the output of that ingest.
fn examples_db() -> &'static (PathBuf, Output) {
    static DB: OnceLock<(PathBuf, Output)> = OnceLock::new();
    DB.get_or_init(|| {
        let db = scratch("examples").join("examples.db");
        let out = run(&["ingest", "--db", db.to_str().unwrap(), examples().to_str().unwrap()]);
        (db, out)
    })
}

/// A synthetic store of 3,000 events.
fn synthetic_db() -> &'static PathBuf {
    static DB: OnceLock<PathBuf> = OnceLock::new();
    DB.get_or_init(|| {
        let db = scratch("synthetic").join("synthetic.db");
        run(&["bench", "relations", "--events", "3000", "--db", db.to_str().unwrap()]);
        db
    })
}

fn jsonl(db: &Path, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["events", "--db", db.to_str().unwrap(), "--format", "jsonl"];
    args.extend_from_slice(extra);
    text(&run(&args).stdout).lines().map(|l| serde_json::from_str(l).expect("a JSON event")).collect()
}

fn country<'a>(e: &'a Value, side: &str) -> Option<&'a str> {
    e[side]["country"].as_str()
}

#[test]
fn relations_count_both_directions_unless_from_a() {
    let db = synthetic_db();
    let events = jsonl(db, &[]);
    // A pair with events both ways.
    let pair = events
        .iter()
        .filter_map(|e| Some((country(e, "source")?, country(e, "target")?)))
        .find(|&(a, b)| {
            a != b && events.iter().any(|e| country(e, "source") == Some(b) && country(e, "target") == Some(a))
        })
        .expect("a pair with events both ways");
    let (a, b) = pair;
    let count = |s: &str, t: &str| {
        events.iter().filter(|e| country(e, "source") == Some(s) && country(e, "target") == Some(t)).count() as u64
    };
    let (forward, backward) = (count(a, b), count(b, a));
    assert!(forward > 0 && backward > 0);
    let relation = |extra: &[&str]| -> Value {
        let mut args = vec!["relations", a, b, "--db", db.to_str().unwrap(), "--format", "json"];
        args.extend_from_slice(extra);
        serde_json::from_slice(&run(&args).stdout).unwrap()
    };
    let total = |r: &Value| r["totals"]["events"].as_u64().unwrap() + r["undated"].as_u64().unwrap();
    let both = relation(&[]);
    assert_eq!(both["both_ways"], true);
    assert_eq!(total(&both), forward + backward, "{a}↔{b}");
    let one = relation(&["--from-a"]);
    assert_eq!(one["both_ways"], false);
    assert_eq!(total(&one), forward, "{a}→{b}");
}

#[test]
fn relations_print_empty_periods_as_gaps() {
    let db = synthetic_db();
    let out = run(&["relations", "USA", "RUS", "--db", db.to_str().unwrap(), "--by", "day"]);
    let table = text(&out.stdout);
    assert!(table.lines().next().unwrap().contains("USA ↔ RUS"), "{table}");
    let gaps: Vec<&str> = table.lines().filter(|l| l.starts_with("·  no events: ")).collect();
    assert!(!gaps.is_empty(), "days without events are gaps:\n{table}");
    // No bucket row claims zero events: a row is a date, then the count.
    for line in table.lines().filter(|l| l.len() > 10 && l.as_bytes()[4] == b'-' && l.as_bytes()[7] == b'-') {
        let events: u64 = line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).unwrap_or(1);
        assert!(events > 0, "a zero row: {line}");
    }
    let index = table.lines().find(|l| l.starts_with("index ")).unwrap();
    assert!(index.contains('·') && index.contains("no events"), "{index}");
}

#[test]
fn events_table_says_what_it_left_out_and_files_have_every_row() {
    let db = synthetic_db();
    let d = db.to_str().unwrap();
    let total = jsonl(db, &[]).len();
    assert!(total > 1000, "JSONL writes every event without --limit: {total}");
    let table = run(&["events", "--db", d]);
    assert_eq!(text(&table.stdout).lines().count(), 51, "a header and 50 rows");
    let note = text(&table.stderr);
    assert!(note.contains(&format!("showing 50 of {total} events — use --limit")), "{note}");
    let csv = run(&["events", "--db", d, "--format", "csv"]);
    assert_eq!(text(&csv.stdout).lines().count(), total + 1);
    assert!(text(&csv.stderr).is_empty(), "{}", text(&csv.stderr));
    let some = run(&["events", "--db", d, "--format", "csv", "--limit", "7"]);
    assert_eq!(text(&some.stdout).lines().count(), 8);
    assert!(text(&some.stderr).contains(&format!("showing 7 of {total}")));
}

#[test]
fn dash_is_standard_output() {
    let db = synthetic_db();
    let d = db.to_str().unwrap();
    let cwd = scratch("dash");
    let total = jsonl(db, &[]).len();
    let at = |args: &[&str]| -> Output {
        let out = dyad().args(args).current_dir(&cwd).output().unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        out
    };
    let csv = at(&["export", "--db", d, "--format", "csv", "--out", "-"]);
    assert_eq!(text(&csv.stdout).lines().count(), total + 1);
    let parquet = at(&["export", "--db", d, "--format", "parquet", "--out", "-"]);
    assert_eq!(&parquet.stdout[..4], b"PAR1");
    assert_eq!(&parquet.stdout[parquet.stdout.len() - 4..], b"PAR1");
    let events = at(&["events", "--db", d, "--format", "jsonl", "--out", "-"]);
    assert_eq!(text(&events.stdout).lines().count(), total);
    assert!(!cwd.join("-").exists(), "no file named -");
    let refused = dyad()
        .args(["export", "--db", d, "--format", "parquet", "--partition", "month", "--out", "-"])
        .current_dir(&cwd)
        .output()
        .unwrap();
    assert!(!refused.status.success());
}

#[test]
fn export_takes_the_filters_of_events() {
    let db = synthetic_db();
    let d = db.to_str().unwrap();
    let filters = ["--source", "USA", "--target", "RUS", "--both-ways", "--since", "2025-03-01", "--quad", "4"];
    let listed = text(&run(&[&["events", "--db", d, "--format", "jsonl"][..], &filters].concat()).stdout);
    let exported =
        text(&run(&[&["export", "--db", d, "--format", "jsonl", "--out", "-"][..], &filters].concat()).stdout);
    assert!(!listed.is_empty());
    assert_eq!(exported, listed);
    let all = jsonl(db, &[]).len();
    assert!(exported.lines().count() < all, "the filters narrow the export");
    for line in exported.lines() {
        let e: Value = serde_json::from_str(line).unwrap();
        assert_eq!(e["quad_class"], 4);
        assert!(e["date"].as_str().unwrap() >= "2025-03-01");
        let pair = [country(&e, "source").unwrap(), country(&e, "target").unwrap()];
        assert!(pair == ["USA", "RUS"] || pair == ["RUS", "USA"], "{pair:?}");
    }
}

#[test]
fn ingest_ends_with_a_summary_of_articles_and_events() {
    let (db, out) = examples_db();
    let stdout = text(&out.stdout);
    let line = stdout.lines().last().unwrap();
    let files = std::fs::read_dir(examples()).unwrap().filter(|e| {
        let name = e.as_ref().unwrap().file_name();
        name.to_string_lossy().starts_with('0')
    });
    let n = files.count();
    let events = jsonl(db, &[]);
    let undated = events.iter().filter(|e| e["date"].is_null()).count();
    // The examples' README.md is not an input format: only the seven files are read.
    assert!(line.starts_with(&format!("{n} read, ")), "{line}");
    assert!(line.contains(" stored, 0 already present, 0 failed, "), "{line}");
    let tail = line.rsplit(", ").next().unwrap();
    let numbers: Vec<usize> =
        tail.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).map(|s| s.parse().unwrap()).collect();
    assert!(tail.ends_with(" undated)") && tail.contains(" events coded ("), "{line}");
    // The store keeps one copy of an event coded twice: what is stored is at most what was coded.
    assert!(numbers[0] >= events.len() && !events.is_empty(), "{line}: {} stored", events.len());
    assert!(numbers[1] >= undated, "{line}: {undated} stored undated");
    // Not a terminal: no bar drawn, no escape codes.
    assert!(!text(&out.stderr).contains('\u{1b}'));
}

/// GDELT 2.0's event table, column by column.
fn check_gdelt_row(cols: &[&str]) -> Result<(), String> {
    use chrono::NaiveDate;
    if cols.len() != 61 {
        return Err(format!("{} columns", cols.len()));
    }
    let int = |i: usize| cols[i].parse::<i64>().map_err(|_| format!("column {i} {:?} is not an integer", cols[i]));
    let float = |i: usize| cols[i].parse::<f64>().map_err(|_| format!("column {i} {:?} is not a number", cols[i]));
    let empty_or_float = |i: usize| if cols[i].is_empty() { Ok(()) } else { float(i).map(|_| ()) };
    int(0)?;
    let day = NaiveDate::parse_from_str(cols[1], "%Y%m%d").map_err(|_| format!("SQLDATE {:?}", cols[1]))?;
    if cols[1].len() != 8 || cols[2] != &cols[1][..6] || cols[3] != &cols[1][..4] {
        return Err(format!("SQLDATE/MonthYear/Year {:?} {:?} {:?}", cols[1], cols[2], cols[3]));
    }
    let fraction = float(4)?;
    if cols[4].len() != 9 || fraction.floor() as i32 != chrono::Datelike::year(&day) {
        return Err(format!("FractionDate {:?}", cols[4]));
    }
    for (base, who) in [(5, "Actor1"), (15, "Actor2")] {
        let code = cols[base];
        if code.is_empty() || !code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
            return Err(format!("{who}Code {code:?}"));
        }
        let country = cols[base + 2];
        if !(country.is_empty() || (country.len() == 3 && country.bytes().all(|b| b.is_ascii_uppercase()))) {
            return Err(format!("{who}CountryCode {country:?}"));
        }
        let group = cols[base + 3];
        if cols[base + 7] == "IGO" && !code.starts_with("IGO") {
            return Err(format!("{who}: IGO type with code {code:?}"));
        }
        if !group.is_empty() && (group.len() != 3 || !code.ends_with(group) && !code.contains(group)) {
            return Err(format!("{who}KnownGroupCode {group:?} for {code:?}"));
        }
    }
    if !matches!(cols[25], "0" | "1") {
        return Err(format!("IsRootEvent {:?}", cols[25]));
    }
    let code = cols[26];
    if !(3..=4).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("EventCode {code:?}"));
    }
    if cols[27] != &code[..3] || cols[28] != &code[..2] {
        return Err(format!("EventBaseCode/EventRootCode {:?} {:?} for {code}", cols[27], cols[28]));
    }
    if !(1..=4).contains(&int(29)?) {
        return Err(format!("QuadClass {:?}", cols[29]));
    }
    if !(-10.0..=10.0).contains(&float(30)?) {
        return Err(format!("GoldsteinScale {:?}", cols[30]));
    }
    for (i, col) in cols.iter().enumerate().take(34).skip(31) {
        if int(i)? < 1 {
            return Err(format!("column {i} (mentions/sources/articles) {col:?}"));
        }
    }
    empty_or_float(34)?;
    for base in [35, 43, 51] {
        if !cols[base].is_empty() && !(1..=5).contains(&int(base)?) {
            return Err(format!("geo type {:?}", cols[base]));
        }
        empty_or_float(base + 5)?;
        empty_or_float(base + 6)?;
        if !cols[base + 5].is_empty() && float(base + 5)?.abs() > 90.0 {
            return Err(format!("latitude {:?}", cols[base + 5]));
        }
    }
    if cols[59].len() != 14 || chrono::NaiveDateTime::parse_from_str(cols[59], "%Y%m%d%H%M%S").is_err() {
        return Err(format!("DATEADDED {:?}", cols[59]));
    }
    let url = cols[60];
    if let Some(path) = url.strip_prefix("file://") {
        let path = path.split('#').next().unwrap().replace("%20", " ");
        if !Path::new(&path).is_file() {
            return Err(format!("SOURCEURL {url:?} names no file"));
        }
    } else if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(format!("SOURCEURL {url:?}"));
    }
    Ok(())
}

fn gdelt(db: &Path, extra: &[&str]) -> (Vec<Vec<String>>, String) {
    let mut args = vec!["export", "--db", db.to_str().unwrap(), "--format", "gdelt", "--out", "-"];
    args.extend_from_slice(extra);
    let out = run(&args);
    let rows = text(&out.stdout).lines().map(|l| l.split('\t').map(str::to_string).collect()).collect();
    (rows, text(&out.stderr))
}

#[test]
fn gdelt_rows_follow_the_61_column_layout() {
    for db in [&examples_db().0, synthetic_db()] {
        let events = jsonl(db, &[]);
        let dated = events.iter().filter(|e| !e["date"].is_null()).count();
        let (rows, stderr) = gdelt(db, &[]);
        assert_eq!(rows.len(), dated, "every dated event, no undated one");
        let mut ids = HashSet::new();
        for row in &rows {
            let cols: Vec<&str> = row.iter().map(String::as_str).collect();
            check_gdelt_row(&cols).unwrap_or_else(|e| panic!("{e}: {}", row.join("\t")));
            assert!(ids.insert(row[0].clone()), "GLOBALEVENTID {} twice", row[0]);
        }
        let undated = events.len() - dated;
        if undated > 0 {
            assert!(stderr.contains(&format!("{undated} undated events left out")), "{stderr}");
            let (with_publication, note) = gdelt(db, &["--undated", "publication"]);
            assert!(with_publication.len() >= rows.len());
            let left = events.len() - with_publication.len();
            assert_eq!(left == 0, !note.contains("undated events left out"), "{note}");
            if left > 0 {
                assert!(note.contains(&format!("{left} undated events left out")), "{note}");
            }
        }
        // Lead-paragraph events are root events, later ones not.
        assert!(rows.iter().any(|r| r[25] == "1"), "some root events");
    }
    let (rows, _) = gdelt(&examples_db().0, &[]);
    assert!(rows.iter().any(|r| r[25] == "0"), "events after the lead are not root events");
    assert!(rows.iter().any(|r| r[60].starts_with("file://")), "pasted-text examples have no URL: a file:// URI");
    // Multinational bodies in GDELT's codes: ECOWAS and ASEAN act in the examples.
    let codes: HashSet<&str> = rows.iter().flat_map(|r| [r[5].as_str(), r[15].as_str()]).collect();
    assert!(codes.iter().any(|c| c.starts_with("IGOWAFWAS") || c.starts_with("IGOSEAASN")), "{codes:?}");
    assert!(!codes.contains("ECOWAS") && !codes.contains("ASN"), "{codes:?}");
    let (rows, _) = gdelt(synthetic_db(), &[]);
    assert!(rows.iter().all(|r| r[60].starts_with("https://")), "articles with URLs keep them");
}
