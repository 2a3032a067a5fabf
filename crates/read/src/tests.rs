use super::*;
use dyad_doc::SourceKind;
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write;
use std::path::Path;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, bytes).unwrap();
    path
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

fn all(paths: &[PathBuf]) -> Vec<Result<Source, ReadError>> {
    read_inputs(paths).collect()
}

fn ok(items: Vec<Result<Source, ReadError>>) -> Vec<Source> {
    items.into_iter().map(|r| r.unwrap()).collect()
}

const PAGE: &str = "<!doctype html><html><head><title>T</title></head><body><p>Hello.</p></body></html>";

fn warc_record(kind: &str, headers: &[(&str, &str)], block: &[u8]) -> Vec<u8> {
    let mut out = format!("WARC/1.0\r\nWARC-Type: {kind}\r\n").into_bytes();
    for (name, value) in headers {
        out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", block.len()).as_bytes());
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn http(content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nServer: test\r\n\r\n").into_bytes();
    out.extend_from_slice(body);
    out
}

fn response(n: usize, block: &[u8]) -> Vec<u8> {
    warc_record(
        "response",
        &[
            ("WARC-Record-ID", &format!("<urn:uuid:0000-{n}>")),
            ("WARC-Target-URI", &format!("https://news.example/{n}")),
            ("WARC-Date", "2025-04-12T08:30:00Z"),
        ],
        block,
    )
}

#[test]
fn reads_html_and_text_files_with_file_name_ids_and_no_file_time() {
    let dir = tempfile::tempdir().unwrap();
    let html = write(dir.path(), "a.html", PAGE.as_bytes());
    let txt = write(dir.path(), "003_1e24.txt", "Plain words.\n\nSecond paragraph.".as_bytes());
    let got = ok(all(&[html.clone(), txt]));
    assert_eq!(got.len(), 2);
    assert_eq!((got[0].id.as_str(), got[0].kind), ("a.html", SourceKind::Html));
    assert_eq!(got[0].body, PAGE);
    assert_eq!(got[0].origin, html.display().to_string());
    assert!(got[0].fetched.is_none(), "a file's mtime is not a fetch time");
    assert_eq!((got[1].id.as_str(), got[1].kind), ("003_1e24.txt", SourceKind::Text));
    assert_eq!(got[1].body, "Plain words.\n\nSecond paragraph.");
}

#[test]
fn reads_gzipped_pages_and_sniffs_gzip_without_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let named = write(dir.path(), "p.html.gz", &gzip(PAGE.as_bytes()));
    let unnamed = write(dir.path(), "q.html", &gzip(PAGE.as_bytes()));
    let got = ok(all(&[named, unnamed]));
    assert_eq!(got[0].id, "p.html.gz");
    assert_eq!(got[0].body, PAGE);
    assert_eq!(got[1].body, PAGE);
    assert_eq!(got[1].kind, SourceKind::Html);
}

#[test]
fn sniffs_files_without_a_known_extension() {
    let dir = tempfile::tempdir().unwrap();
    let html = write(dir.path(), "page", format!("\u{feff}  {PAGE}").as_bytes());
    let text = write(dir.path(), "notes.dat", b"Just words here.");
    let jsonl = write(dir.path(), "records.out", b"{\"text\": \"One.\"}\n{\"text\": \"Two.\"}\n");
    let warc = write(dir.path(), "crawl.bin", &response(1, &http("text/html", PAGE.as_bytes())));
    let got = ok(all(&[html, text, jsonl, warc]));
    let kinds: Vec<_> = got.iter().map(|s| s.kind).collect();
    assert_eq!(kinds, [SourceKind::Html, SourceKind::Text, SourceKind::Text, SourceKind::Text, SourceKind::Html]);
    assert_eq!(got[2].body, "One.");
    assert_eq!(got[4].id, "urn:uuid:0000-1");
}

#[test]
fn jsonl_records_fill_hints_and_a_broken_line_does_not_stop_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id": "r1", "url": "https://x.example/1", "title": "One", "date": "2025-03-01", "text": "First text."}"#,
        r#"{"id": "r2", "text": "unterminated"#,
        "",
        r#"{"id": 7, "html": "<p>Third</p>", "date": "2025-03-02T10:00:00+02:00", "authors": ["A", "B"]}"#,
        r#"{"id": "r4", "title": "no body"}"#,
        r#"[1, 2]"#,
        r#"{"url": "https://x.example/6", "text": "Sixth.", "date": "sometime", "retrieved": "2025-06-04"}"#,
    ];
    let path = write(dir.path(), "batch.jsonl", lines.join("\n").as_bytes());
    let got = all(std::slice::from_ref(&path));
    assert_eq!(got.len(), 6);
    let first = got[0].as_ref().unwrap();
    assert_eq!(first.id, "r1");
    assert_eq!(first.kind, SourceKind::Text);
    assert_eq!(first.hints.url.as_deref(), Some("https://x.example/1"));
    assert_eq!(first.hints.title.as_deref(), Some("One"));
    assert_eq!(first.hints.published.map(|d| d.to_string()).as_deref(), Some("2025-03-01"));
    assert_eq!(first.hints.published_basis.as_deref(), Some("record"));
    assert_eq!(first.origin, format!("{}:1", path.display()));
    let err = got[1].as_ref().unwrap_err();
    assert_eq!(err.origin(), format!("{}:2", path.display()));
    assert!(err.to_string().contains("not a JSON record"), "{err}");
    let third = got[2].as_ref().unwrap();
    assert_eq!((third.id.as_str(), third.kind), ("7", SourceKind::Html));
    assert_eq!(third.hints.published.map(|d| d.to_string()).as_deref(), Some("2025-03-02"));
    assert_eq!(third.hints.authors, ["A", "B"]);
    assert!(got[3].as_ref().unwrap_err().to_string().contains("no \"text\" or \"html\""));
    assert!(got[4].as_ref().unwrap_err().to_string().contains("not a JSON object"));
    let sixth = got[5].as_ref().unwrap();
    assert_eq!(sixth.id, "https://x.example/6");
    assert_eq!(sixth.hints.published, None);
    assert_eq!(sixth.fetched.map(|t| t.to_rfc3339()).as_deref(), Some("2025-06-04T00:00:00+00:00"));
    assert_eq!(first.fetched, None, "no retrieved field, no fetch time");
}

#[test]
fn jsonl_gz_and_overlong_lines() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!("{{\"text\": \"{}\"}}", "x".repeat(5000));
    let body = format!("{{\"text\": \"a\"}}\n{long}\n{{\"text\": \"b\"}}\n");
    let path = write(dir.path(), "big.jsonl.gz", &gzip(body.as_bytes()));
    let got: Vec<_> =
        read_inputs_with(std::slice::from_ref(&path), ReadOptions { max_page_bytes: 1000, ..ReadOptions::default() })
            .collect();
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].as_ref().unwrap().body, "a");
    let err = got[1].as_ref().unwrap_err();
    assert!(matches!(err, ReadError::TooLarge { .. }), "{err}");
    assert_eq!(err.origin(), format!("{}:2", path.display()));
    assert_eq!(got[2].as_ref().unwrap().body, "b");
}

fn sample_warc() -> Vec<u8> {
    let mut warc = warc_record("warcinfo", &[("WARC-Record-ID", "<urn:uuid:info>")], b"software: test\r\n");
    warc.extend(warc_record("request", &[], b"GET / HTTP/1.1\r\nHost: news.example\r\n\r\n"));
    // Latin-1 page declared in the HTTP header.
    warc.extend(response(1, &http("text/html; charset=ISO-8859-1", b"<html><body><p>Caf\xe9</p></body></html>")));
    // A redirect is not a page.
    warc.extend(response(2, b"HTTP/1.1 301 Moved\r\nLocation: /x\r\n\r\n"));
    // An image is not a page.
    warc.extend(response(3, &http("image/png", b"\x89PNG....")));
    // Chunked + gzip-encoded body.
    let gz = gzip(PAGE.as_bytes());
    let mut chunked = format!("{:x}\r\n", gz.len()).into_bytes();
    chunked.extend_from_slice(&gz);
    chunked.extend_from_slice(b"\r\n0\r\n\r\n");
    let mut block =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n"
            .to_vec();
    block.extend_from_slice(&chunked);
    warc.extend(response(4, &block));
    warc
}

#[test]
fn warc_yields_html_responses_only_with_record_ids_urls_and_dates() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "crawl.warc", &sample_warc());
    let got = ok(all(std::slice::from_ref(&path)));
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].id, "urn:uuid:0000-1");
    assert_eq!(got[0].origin, format!("{}#record-3", path.display()));
    assert_eq!(got[0].hints.url.as_deref(), Some("https://news.example/1"));
    assert_eq!(got[0].fetched.map(|t| t.to_rfc3339()).as_deref(), Some("2025-04-12T08:30:00+00:00"));
    assert_eq!(got[0].body, "<html><body><p>Café</p></body></html>");
    assert_eq!(got[1].id, "urn:uuid:0000-4");
    assert_eq!(got[1].body, PAGE);
}

#[test]
fn multi_member_gzip_warc() {
    let dir = tempfile::tempdir().unwrap();
    // Common Crawl compresses each record as its own gzip member.
    let mut members = Vec::new();
    for n in 1..=3 {
        members.extend(gzip(&response(n, &http("text/html; charset=utf-8", PAGE.as_bytes()))));
    }
    let path = write(dir.path(), "crawl.warc.gz", &members);
    let ids: Vec<_> = ok(all(&[path])).into_iter().map(|s| s.id).collect();
    assert_eq!(ids, ["urn:uuid:0000-1", "urn:uuid:0000-2", "urn:uuid:0000-3"]);
}

#[test]
fn a_broken_warc_record_is_reported_and_the_next_ones_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut warc = response(1, &http("text/html", PAGE.as_bytes()));
    warc.extend_from_slice(
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: lots\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>x</p>\r\n\r\n",
    );
    warc.extend(response(3, &http("text/html", PAGE.as_bytes())));
    warc.extend_from_slice(b"garbage between records\r\n");
    warc.extend(response(5, &http("text/html", PAGE.as_bytes())));
    warc.extend(response(6, b"not http at all"));
    // Last record claims more bytes than the file has.
    let mut last = response(7, &http("text/html", PAGE.as_bytes()));
    last.truncate(last.len() - 30);
    warc.extend(last);
    let path = write(dir.path(), "mixed.warc", &warc);
    let got = all(std::slice::from_ref(&path));
    let summary: Vec<String> = got
        .iter()
        .map(|r| match r {
            Ok(s) => s.id.clone(),
            Err(e) => format!("ERR {}", e.origin().rsplit('#').next().unwrap_or("")),
        })
        .collect();
    assert_eq!(
        summary,
        [
            "urn:uuid:0000-1",
            "ERR record-2",
            "urn:uuid:0000-3",
            "ERR record-4",
            "urn:uuid:0000-5",
            "ERR record-6",
            "ERR record-7"
        ]
    );
    let messages: Vec<String> = got.iter().filter_map(|r| r.as_ref().err()).map(|e| e.to_string()).collect();
    assert!(messages[0].contains("invalid Content-Length"), "{}", messages[0]);
    assert!(messages[1].contains("expected a WARC/1.x record header"), "{}", messages[1]);
    assert!(messages[2].contains("does not hold an HTTP response"), "{}", messages[2]);
    assert!(messages[3].contains("truncated"), "{}", messages[3]);
}

#[test]
fn bad_inputs_get_errors_naming_them_and_reading_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", b"Fine text.");
    let empty = write(dir.path(), "empty.txt", b"");
    let utf8 = write(dir.path(), "latin1.txt", b"Caf\xe9 au lait");
    let mut noise = Vec::new();
    let mut x: u32 = 12345;
    for _ in 0..4096 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        noise.push((x >> 16) as u8);
    }
    let junk = write(dir.path(), "junk.html", &noise);
    let mut truncated = gzip(PAGE.repeat(50).as_bytes());
    truncated.truncate(truncated.len() / 2);
    let cut = write(dir.path(), "cut.html.gz", &truncated);
    let missing = dir.path().join("missing.txt");
    let got = all(&[empty.clone(), utf8.clone(), junk.clone(), cut.clone(), missing.clone(), good]);
    assert_eq!(got.len(), 6);
    let expect = [
        (&empty, "empty input"),
        (&utf8, "invalid UTF-8 at byte 3"),
        (&junk, "binary data"),
        (&cut, "corrupt or truncated gzip"),
        (&missing, "No such file"),
    ];
    for (result, (path, words)) in got.iter().zip(expect) {
        let err = result.as_ref().unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with(&path.display().to_string()), "{msg}");
        assert!(msg.contains(words), "{msg}");
    }
    assert_eq!(got[5].as_ref().unwrap().body, "Fine text.");
}

#[test]
fn pages_over_the_limit_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let big = write(dir.path(), "big.html", format!("<html>{}</html>", "a".repeat(3000)).as_bytes());
    let gz = write(dir.path(), "big2.txt.gz", &gzip("b".repeat(3000).as_bytes()));
    let mut warc = response(1, &http("text/html", "c".repeat(3000).as_bytes()));
    warc.extend(response(2, &http("text/html", PAGE.as_bytes())));
    let warc = write(dir.path(), "big.warc", &warc);
    let got: Vec<_> =
        read_inputs_with(&[big, gz, warc], ReadOptions { max_page_bytes: 1000, ..ReadOptions::default() }).collect();
    assert_eq!(got.len(), 4);
    for r in &got[..3] {
        assert!(matches!(r, Err(ReadError::TooLarge { limit: 1000, .. })), "{r:?}");
    }
    assert_eq!(got[3].as_ref().unwrap().id, "urn:uuid:0000-2");
}

#[test]
fn html_charset_from_meta_and_utf8_fallback() {
    let dir = tempfile::tempdir().unwrap();
    let meta = write(
        dir.path(),
        "ru.html",
        b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head><body>\xcc\xee\xf1\xea\xe2\xe0</body></html>",
    );
    let short =
        write(dir.path(), "fr.html", b"<html><head><meta charset='iso-8859-1'></head><body>\xe9t\xe9</body></html>");
    let undeclared = write(dir.path(), "x.html", b"<html><body>na\xefve</body></html>");
    let got = ok(all(&[meta, short, undeclared]));
    assert!(got[0].body.contains("Москва"), "{}", got[0].body);
    assert!(got[1].body.contains("été"), "{}", got[1].body);
    assert!(got[2].body.contains("naïve"), "{}", got[2].body);
}

#[test]
fn directories_are_walked_recursively_in_sorted_order() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "b/2.txt", b"two");
    write(dir.path(), "b/1.html", PAGE.as_bytes());
    write(dir.path(), "a.txt", b"a");
    write(dir.path(), "c/.hidden.txt", b"hidden");
    write(dir.path(), "c/ground-truth.json", b"{\"not\": \"an input\"}");
    write(dir.path(), "c/README.md", b"# readme");
    write(dir.path(), "c/3.jsonl", b"{\"id\": \"j\", \"text\": \"three\"}\n");
    let ids: Vec<_> = ok(all(&[dir.path().to_path_buf()])).into_iter().map(|s| s.id).collect();
    assert_eq!(ids, ["a.txt", "1.html", "2.txt", "j"]);
}

#[test]
fn streams_are_read_like_files() {
    let warc = std::io::Cursor::new(sample_warc());
    let ids: Vec<_> =
        ok(read_stream("stdin", warc, ReadOptions::default()).collect()).into_iter().map(|s| s.id).collect();
    assert_eq!(ids, ["urn:uuid:0000-1", "urn:uuid:0000-4"]);
    let page = std::io::Cursor::new(gzip(PAGE.as_bytes()));
    let got = ok(read_stream("stdin", page, ReadOptions::default()).collect());
    assert_eq!((got[0].id.as_str(), got[0].kind), ("stdin", SourceKind::Html));
}

#[test]
fn text_with_a_utf16_bom_is_decoded_and_symlinked_files_are_followed() {
    let dir = tempfile::tempdir().unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "Kyiv, \u{41a}\u{438}\u{457}\u{432}".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let inner = dir.path().join("inner");
    write(&inner, "u16.txt", &utf16);
    let outer = dir.path().join("outer");
    std::fs::create_dir_all(&outer).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(inner.join("u16.txt"), outer.join("link.txt")).unwrap();
    #[cfg(not(unix))]
    write(&outer, "link.txt", &utf16);
    let got = ok(all(&[outer]));
    assert_eq!(got.len(), 1);
    assert_eq!((got[0].id.as_str(), got[0].body.as_str()), ("link.txt", "Kyiv, Київ"));
}

#[test]
fn a_directory_without_inputs_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(empty.join("sub")).unwrap();
    write(&empty, "notes.md", b"# not an input");
    write(&empty, ".hidden.txt", b"hidden");
    let got = all(std::slice::from_ref(&empty));
    assert_eq!(got.len(), 1);
    let err = got.into_iter().next().unwrap().unwrap_err();
    assert!(matches!(err, ReadError::EmptyDirectory { .. }), "{err}");
    assert!(err.to_string().contains(&*empty.display().to_string()) && err.to_string().contains("no inputs"), "{err}");
    // A directory with inputs gives them and no error.
    write(&empty, "sub/a.txt", b"a");
    assert_eq!(ok(all(&[empty])).len(), 1);
}

#[test]
fn jsonl_fields_of_the_wrong_type_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id": "ok", "text": "fine", "url": "https://example.org/a", "title": null}"#,
        r#"{"id": "a", "text": "x", "url": 7}"#,
        r#"{"id": "b", "text": "x", "title": ["T"]}"#,
        r#"{"id": "c", "text": "x", "date": 20250101}"#,
        r#"{"id": "d", "text": "x", "authors": [1, 2]}"#,
        r#"{"id": true, "text": "x"}"#,
        r#"{"text": 12}"#,
    ];
    let path = write(dir.path(), "f.jsonl", lines.join("\n").as_bytes());
    let got = all(&[path]);
    assert_eq!(got.len(), lines.len());
    assert_eq!(got[0].as_ref().unwrap().id, "ok");
    for (n, (item, field)) in got[1..].iter().zip(["url", "title", "date", "authors", "id", "text"]).enumerate() {
        let err = item.as_ref().unwrap_err().to_string();
        assert!(err.contains(&format!("f.jsonl:{}", n + 2)) && err.contains(&format!("\"{field}\"")), "{err}");
    }
}

#[test]
fn inputs_are_bounded_after_decompression_and_in_lines() {
    let dir = tempfile::tempdir().unwrap();
    let newlines = vec![b'\n'; 3_000_000];
    let path = write(dir.path(), "n.jsonl.gz", &gzip(&newlines));
    // Blank lines cost nothing but reading; the default bounds let this through.
    assert!(all(std::slice::from_ref(&path)).is_empty());
    let options = ReadOptions { max_input_bytes: 1_000_000, ..ReadOptions::default() };
    let got: Vec<_> = read_inputs_with(std::slice::from_ref(&path), options).collect();
    assert_eq!(got.len(), 1);
    let err = got[0].as_ref().unwrap_err();
    assert!(matches!(err, ReadError::InputTooLarge { limit: 1_000_000, .. }), "{err}");
    let options = ReadOptions { max_lines: 1_000, ..ReadOptions::default() };
    let got: Vec<_> = read_inputs_with(std::slice::from_ref(&path), options).collect();
    assert!(matches!(got[..], [Err(ReadError::TooManyLines { limit: 1_000, .. })]), "{got:?}");
    // Records after blank lines keep their line numbers; exactly the limit is fine.
    let text = "\n\n  \n{\"id\": \"a\", \"text\": 5}\n\n{\"id\": \"b\", \"text\": \"ok\"}\n";
    let path = write(dir.path(), "gaps.jsonl", text.as_bytes());
    let options = ReadOptions { max_lines: 6, max_input_bytes: text.len() as u64, ..ReadOptions::default() };
    let got: Vec<_> = read_inputs_with(&[path], options).collect();
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0].as_ref().unwrap_err().to_string().contains("gaps.jsonl:4"), "{got:?}");
    assert_eq!(got[1].as_ref().unwrap().id, "b");
}
