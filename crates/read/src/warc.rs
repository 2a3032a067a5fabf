//! WARC/1.x files as Common Crawl News writes them: `response` records holding an HTTP
//! response with an HTML (or plain text) page. Other records are skipped.

use crate::decode::{content_type_charset, decode_page};
use crate::open::{read_line_bounded, ErrFn, Stream};
use crate::ReadError;
use chrono::{DateTime, Utc};
use dyad_doc::{Metadata, Source, SourceKind};
use std::io::Read;

/// Longest header line and largest header block accepted.
const MAX_HEADER_LINE: usize = 64 * 1024;
const MAX_HEADER_LINES: usize = 1000;

pub(crate) struct WarcRecords {
    stream: Stream,
    origin: String,
    limit: u64,
    make_err: ErrFn,
    /// Records begun so far (1-based numbering in messages).
    record: usize,
    line: Vec<u8>,
    /// `line` already holds the `WARC/1.x` line of the next record (found while resyncing).
    have_version_line: bool,
    done: bool,
}

impl WarcRecords {
    pub(crate) fn new(stream: Stream, origin: String, limit: u64, make_err: ErrFn) -> Self {
        WarcRecords {
            stream,
            origin,
            limit,
            make_err,
            record: 0,
            line: Vec::new(),
            have_version_line: false,
            done: false,
        }
    }

    fn read_line(&mut self) -> Result<Option<bool>, ReadError> {
        read_line_bounded(&mut self.stream, &mut self.line, MAX_HEADER_LINE).map_err(|e| {
            self.done = true;
            (self.make_err)(format!("{}#record-{}", self.origin, self.record.max(1)), e)
        })
    }

    /// Skips to the next line starting a record, after a record too broken to measure.
    fn resync(&mut self) -> Result<(), ReadError> {
        loop {
            match self.read_line()? {
                None => {
                    self.done = true;
                    return Ok(());
                }
                Some(true) if self.line.starts_with(b"WARC/1.") => {
                    self.have_version_line = true;
                    return Ok(());
                }
                Some(_) => {}
            }
        }
    }

    fn skip(&mut self, len: u64, origin: &str) -> Result<(), ReadError> {
        let copied = std::io::copy(&mut (&mut self.stream).take(len), &mut std::io::sink()).map_err(|e| {
            self.done = true;
            (self.make_err)(origin.to_string(), e)
        })?;
        if copied < len {
            self.done = true;
            return Err(truncated(origin, len, copied));
        }
        Ok(())
    }

    /// Reads the next record; `Ok(None)` for a record that is not a page, or the end.
    fn next_record(&mut self) -> Result<Option<Source>, ReadError> {
        if !self.have_version_line {
            loop {
                match self.read_line()? {
                    None => {
                        self.done = true;
                        return Ok(None);
                    }
                    Some(_) if self.line.iter().all(|b| b.is_ascii_whitespace()) => continue,
                    Some(_) => break,
                }
            }
            if !self.line.starts_with(b"WARC/1.") {
                self.record += 1;
                let found = String::from_utf8_lossy(self.line.get(..40).unwrap_or(&self.line)).trim().to_string();
                let origin = format!("{}#record-{}", self.origin, self.record);
                self.resync()?;
                return Err(malformed(&origin, format!("expected a WARC/1.x record header, found {found:?}")));
            }
        }
        self.have_version_line = false;
        self.record += 1;
        let origin = format!("{}#record-{}", self.origin, self.record);

        let mut headers: Vec<(String, String)> = Vec::new();
        loop {
            match self.read_line()? {
                None => {
                    self.done = true;
                    return Err(malformed(&origin, "the file ends inside the record's headers".into()));
                }
                Some(false) => {
                    self.resync()?;
                    return Err(malformed(&origin, "header line too long".into()));
                }
                Some(true) => {}
            }
            if self.line.iter().all(|b| b.is_ascii_whitespace()) {
                break;
            }
            if headers.len() >= MAX_HEADER_LINES {
                self.resync()?;
                return Err(malformed(&origin, "too many header lines".into()));
            }
            let line = String::from_utf8_lossy(&self.line).into_owned();
            match line.split_once(':') {
                Some((name, value)) => headers.push((name.trim().to_string(), value.trim().to_string())),
                None => {
                    self.resync()?;
                    return Err(malformed(&origin, format!("bad header line {:?}", line.trim())));
                }
            }
        }
        let header = |name: &str| headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str());
        let Some(len) = header("Content-Length").and_then(|v| v.parse::<u64>().ok()) else {
            let found = header("Content-Length").map(String::from);
            self.resync()?;
            return Err(malformed(
                &origin,
                match found {
                    Some(v) => format!("invalid Content-Length {v:?}"),
                    None => "no Content-Length header".into(),
                },
            ));
        };
        let is_response = header("WARC-Type").is_some_and(|t| t.eq_ignore_ascii_case("response"));
        if len > self.limit {
            self.skip(len, &origin)?;
            return Err(ReadError::TooLarge { origin, limit: self.limit });
        }
        if !is_response {
            self.skip(len, &origin)?;
            return Ok(None);
        }
        let mut block = Vec::with_capacity(usize::try_from(len).unwrap_or(0).min(1 << 20));
        (&mut self.stream).take(len).read_to_end(&mut block).map_err(|e| {
            self.done = true;
            (self.make_err)(origin.clone(), e)
        })?;
        if (block.len() as u64) < len {
            self.done = true;
            return Err(truncated(&origin, len, block.len() as u64));
        }
        let Some(payload) = http_payload(&block, self.limit).map_err(|m| malformed(&origin, m))? else {
            return Ok(None);
        };
        let body = decode_page(&payload.body, payload.kind, payload.charset.as_deref(), &origin)?;
        let uri = header("WARC-Target-URI").map(|u| u.trim_matches(|c| c == '<' || c == '>').to_string());
        let id = header("WARC-Record-ID")
            .map(|r| r.trim_matches(|c| c == '<' || c == '>').to_string())
            .filter(|r| !r.is_empty())
            .or_else(|| uri.clone())
            .unwrap_or_else(|| origin.clone());
        let fetched =
            header("WARC-Date").and_then(|d| DateTime::parse_from_rfc3339(d).ok()).map(|d| d.with_timezone(&Utc));
        Ok(Some(Source {
            id,
            origin,
            kind: payload.kind,
            body,
            hints: Metadata { url: uri, ..Default::default() },
            fetched,
        }))
    }
}

impl Iterator for WarcRecords {
    type Item = Result<Source, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done || self.have_version_line {
            match self.next_record() {
                Ok(Some(source)) => return Some(Ok(source)),
                Ok(None) => continue,
                Err(err) => return Some(Err(err)),
            }
        }
        None
    }
}

fn malformed(origin: &str, message: String) -> ReadError {
    ReadError::Malformed { origin: origin.to_string(), message }
}

fn truncated(origin: &str, expected: u64, got: u64) -> ReadError {
    malformed(origin, format!("record truncated: Content-Length is {expected} but the file ends after {got} bytes"))
}

struct Payload {
    kind: SourceKind,
    body: Vec<u8>,
    charset: Option<String>,
}

/// The page inside an HTTP response block; `None` for responses that are not pages
/// (redirects, errors, images, PDFs).
fn http_payload(block: &[u8], limit: u64) -> Result<Option<Payload>, String> {
    if !block.starts_with(b"HTTP/") {
        return Err("the response record does not hold an HTTP response".into());
    }
    let crlf = find(block, b"\r\n\r\n").map(|i| (i, i + 4));
    let lf = find(block, b"\n\n").map(|i| (i, i + 2));
    let (head_end, body_start) = match (crlf, lf) {
        (Some(a), Some(b)) => {
            if a.0 <= b.0 {
                a
            } else {
                b
            }
        }
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => return Err("HTTP headers are not terminated by a blank line".into()),
    };
    let head = String::from_utf8_lossy(&block[..head_end]);
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split_whitespace().nth(1)).and_then(|s| s.parse::<u16>().ok());
    let Some(status) = status else {
        return Err("bad HTTP status line".into());
    };
    if !(200..300).contains(&status) {
        return Ok(None);
    }
    let headers: Vec<(&str, &str)> =
        lines.filter_map(|l| l.split_once(':')).map(|(n, v)| (n.trim(), v.trim())).collect();
    let header = |name: &str| headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| *v);
    let content_type = header("Content-Type").unwrap_or("").to_ascii_lowercase();
    let mut body = block[body_start..].to_vec();
    if header("Transfer-Encoding").is_some_and(|t| t.to_ascii_lowercase().contains("chunked")) {
        body = dechunk(&body).ok_or("bad chunked transfer encoding")?;
    }
    let encoding = header("Content-Encoding").unwrap_or("").to_ascii_lowercase();
    // Crawlers often store the decoded body but keep the header: only undo a gzip that is there.
    if (encoding == "gzip" || encoding == "x-gzip") && body.starts_with(&[0x1f, 0x8b]) {
        let mut decoded = Vec::new();
        flate2::read::MultiGzDecoder::new(body.as_slice())
            .take(limit.saturating_add(1))
            .read_to_end(&mut decoded)
            .map_err(|e| format!("HTTP body: corrupt gzip ({e})"))?;
        if decoded.len() as u64 > limit {
            return Err(format!("HTTP body larger than the limit of {limit} bytes once decompressed"));
        }
        body = decoded;
    }
    let kind = if content_type.contains("html") {
        SourceKind::Html
    } else if content_type.starts_with("text/plain") {
        SourceKind::Text
    } else if content_type.is_empty() && crate::decode::skip_bom_and_space(&body).starts_with(b"<") {
        SourceKind::Html
    } else {
        return Ok(None);
    };
    let charset = content_type_charset(header("Content-Type").unwrap_or("")).map(String::from);
    Ok(Some(Payload { kind, body, charset }))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Undoes HTTP/1.1 chunked transfer encoding.
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    loop {
        let line_end = find(data, b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..line_end]).ok()?;
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size..)?;
        data = data.strip_prefix(b"\r\n").unwrap_or(data);
    }
}
