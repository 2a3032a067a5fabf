//! What every command does at its edges: a closed output pipe, a directory with nothing
//! to read, one exit-status convention, and errors that say their cause once.

use std::path::PathBuf;
use std::process::{Command, Stdio};

fn dyad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
}

fn examples() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples"))
}

#[test]
fn a_closed_output_pipe_ends_quietly_with_0() {
    for args in [vec!["code"], vec!["extract"], vec!["code", "--format", "jsonl"]] {
        let mut child =
            dyad().args(&args).arg(examples()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("run dyad");
        // `| head` that has read enough: the read end is closed before dyad writes.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(!err.to_lowercase().contains("broken pipe") && !err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn an_empty_directory_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("nothing-here");
    std::fs::create_dir(&empty).unwrap();
    let db = dir.path().join("x.db");
    for args in [vec!["code"], vec!["extract"], vec!["ingest", "--db", db.to_str().unwrap()]] {
        let out = dyad().args(&args).arg(&empty).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {err}");
        assert!(err.contains("nothing-here") && err.contains("no inputs"), "{args:?}: {err}");
    }
}

#[test]
fn the_exit_statuses_are_in_help() {
    let out = dyad().arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    for words in ["Exit status", "0 done", "1 an error", "2 invalid usage", "3 done, but some inputs failed"] {
        assert!(help.contains(words), "{words:?} in:\n{help}");
    }
    let out = dyad().arg("--no-such-flag").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = dyad().args(["events", "--db", "/nonexistent/dir/x.db"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_bind_error_says_its_cause_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    dyad_store::Store::open(&db).unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = dyad().args(["serve", "--db", db.to_str().unwrap(), "--addr", &addr]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let line = err.lines().find(|l| l.contains("cannot listen")).unwrap_or_else(|| panic!("{err}"));
    assert!(line.contains(&addr), "{line}");
    let cause = line.rsplit("cannot listen: ").next().unwrap();
    assert_eq!(line.matches(cause).count(), 1, "the cause once: {line}");
    assert_eq!(line.to_lowercase().matches("in use").count(), 1, "{line}");
}
