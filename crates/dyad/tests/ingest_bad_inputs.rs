//! Bad inputs among good ones: each bad one is reported by name, nothing panics, the
//! good ones are stored, and the exit status says something failed.

mod ingest_support;

use ingest_support::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

struct Inputs {
    good: Vec<PathBuf>,
    bad: Vec<(PathBuf, &'static str)>,
    warc: PathBuf,
}

fn make_inputs(dir: &Path) -> Inputs {
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let good_txt = write("good.txt", article_text(1).as_bytes());
    let good_html = write("good.html", html_page("Good page", &article_text(2)).as_bytes());

    let mut cut = gzip(html_page("Cut", &article_text(3).repeat(20)).as_bytes());
    cut.truncate(cut.len() / 2);
    let truncated = write("truncated.html.gz", &cut);
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let noise: Vec<u8> = (0..64 * 1024)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    let random = write("random.bin", &noise);
    let mut latin1 = article_text(4).into_bytes();
    latin1.extend_from_slice(b" Caf\xe9 cr\xe8me.");
    let invalid = write("invalid-utf8.txt", &latin1);
    let empty = write("empty.txt", b"");
    let huge = {
        let path = dir.join("huge.html");
        let mut page = String::with_capacity(50 * 1024 * 1024 + 100);
        page.push_str("<html><body>");
        let paragraph = format!("<p>{}</p>\n", article_text(5).replace("\n\n", " "));
        while page.len() < 50 * 1024 * 1024 {
            page.push_str(&paragraph);
        }
        page.push_str("</body></html>");
        std::fs::write(&path, page).unwrap();
        path
    };
    let mut warc = warc_response(1, &html_page("Warc one", &article_text(6)));
    warc.extend_from_slice(
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:broken>\r\nContent-Length: twelve\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>lost</p>\r\n\r\n",
    );
    warc.extend(warc_response(3, &html_page("Warc three", &article_text(7))));
    let warc = write("mixed.warc", &warc);

    Inputs {
        good: vec![good_txt, good_html],
        bad: vec![(truncated, "gzip"), (random, "binary"), (invalid, "UTF-8"), (empty, "empty"), (huge, "limit")],
        warc,
    }
}

fn doc_ids(db: &Path) -> BTreeSet<String> {
    let conn = dyad_store::rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn.prepare("SELECT doc_id FROM articles").unwrap();
    let ids = stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap();
    ids
}

#[test]
fn bad_inputs_are_reported_and_skipped_and_good_ones_stored() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = make_inputs(dir.path());
    // Bad ones first, in the middle and last, so skipping is shown in every position.
    let mut args: Vec<&Path> = Vec::new();
    args.push(&inputs.bad[0].0);
    args.push(&inputs.good[0]);
    args.extend(inputs.bad[1..].iter().map(|(p, _)| p.as_path()));
    args.push(&inputs.warc);
    args.push(&inputs.good[1]);
    let db = dir.path().join("bad.db");
    let output = ingest(&db, &args, &[]);
    let err = stderr(&output);

    assert_eq!(output.status.code(), Some(3), "some inputs failed, not a crash:\n{err}");
    for (path, words) in &inputs.bad {
        let line = err
            .lines()
            .find(|l| l.contains(&*path.display().to_string()))
            .unwrap_or_else(|| panic!("no error names {}:\n{err}", path.display()));
        assert!(line.contains(words), "error for {} should mention {words:?}: {line}", path.display());
    }
    assert!(err.contains(&format!("{}#record-2", inputs.warc.display())), "{err}");
    assert!(err.contains("Content-Length"), "{err}");
    assert_eq!(
        doc_ids(&db),
        BTreeSet::from(["good.txt", "good.html", "urn:uuid:test-1", "urn:uuid:test-3"].map(String::from))
    );
    assert!(stdout(&output).starts_with("10 read, 4 stored, 0 already present, 6 failed, "), "{}", stdout(&output));
}

#[test]
fn strict_stops_at_the_first_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = make_inputs(dir.path());
    let args: Vec<&Path> = vec![&inputs.good[0], &inputs.bad[2].0, &inputs.good[1]];
    let db = dir.path().join("strict.db");
    // dated, so that only the bad input is an error under --strict
    let output = ingest(&db, &args, &["--strict", "--batch", "1", "--published", "2025-01-01"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("invalid-utf8.txt"), "{err}");
    assert_eq!(doc_ids(&db), BTreeSet::from(["good.txt".to_string()]));
}
