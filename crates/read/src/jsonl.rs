//! JSON lines: one article per line, `{"id", "url", "title", "date", "text" | "html"}`.

use crate::open::{read_line_bounded, ErrFn, Stream};
use crate::ReadError;
use chrono::{DateTime, NaiveDate, Utc};
use dyad_doc::{Metadata, Source, SourceKind};
use serde_json::{Map, Value};
use std::io::BufRead;

pub(crate) struct JsonlRecords {
    stream: Stream,
    origin: String,
    fetched: Option<DateTime<Utc>>,
    limit: u64,
    max_lines: u64,
    make_err: ErrFn,
    line: usize,
    buf: Vec<u8>,
    done: bool,
}

impl JsonlRecords {
    pub(crate) fn new(
        stream: Stream,
        origin: String,
        fetched: Option<DateTime<Utc>>,
        (limit, max_lines): (u64, u64),
        make_err: ErrFn,
    ) -> Self {
        JsonlRecords { stream, origin, fetched, limit, max_lines, make_err, line: 0, buf: Vec::new(), done: false }
    }

    /// Skips blank lines in bulk (a stream of newlines costs what reading it costs).
    fn skip_blank_lines(&mut self) -> std::io::Result<()> {
        loop {
            let available = match self.stream.fill_buf() {
                Ok(available) => available,
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(err) => return Err(err),
            };
            let blank = available.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(available.len());
            // Whole blank lines only: spaces before a record stay with it.
            let through = available[..blank].iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            let newlines = available[..through].iter().filter(|b| **b == b'\n').count();
            let more = blank == available.len() && through > 0;
            self.stream.consume(through);
            self.line += newlines;
            if !more || self.line as u64 > self.max_lines {
                return Ok(());
            }
        }
    }
}

impl Iterator for JsonlRecords {
    type Item = Result<Source, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            if let Err(err) = self.skip_blank_lines() {
                self.done = true;
                return Some(Err((self.make_err)(format!("{}:{}", self.origin, self.line + 1), err)));
            }
            let limit = usize::try_from(self.limit).unwrap_or(usize::MAX);
            let fits = match read_line_bounded(&mut self.stream, &mut self.buf, limit) {
                Ok(Some(fits)) => fits,
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(err) => {
                    // The stream itself is broken (e.g. truncated gzip): nothing more to read.
                    self.done = true;
                    return Some(Err((self.make_err)(format!("{}:{}", self.origin, self.line + 1), err)));
                }
            };
            self.line += 1;
            if self.line as u64 > self.max_lines {
                self.done = true;
                return Some(Err(ReadError::TooManyLines { origin: self.origin.clone(), limit: self.max_lines }));
            }
            let origin = format!("{}:{}", self.origin, self.line);
            if !fits {
                return Some(Err(ReadError::TooLarge { origin, limit: self.limit }));
            }
            if self.buf.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            return Some(record(&self.buf, origin, self.fetched));
        }
        None
    }
}

fn record(line: &[u8], origin: String, fetched: Option<DateTime<Utc>>) -> Result<Source, ReadError> {
    let malformed = |message: String| ReadError::Malformed { origin: origin.clone(), message };
    let value: Value = serde_json::from_slice(line).map_err(|e| malformed(format!("not a JSON record: {e}")))?;
    let Value::Object(fields) = value else {
        return Err(malformed("not a JSON object".into()));
    };
    // A known field of the wrong type is an error, not silently read as absent.
    let string = |keys: &[&str]| string(&fields, keys).map_err(&malformed);
    let (kind, body) = match (string(&["text"])?, string(&["html"])?) {
        (Some(text), _) if !text.trim().is_empty() => (SourceKind::Text, text),
        (_, Some(html)) if !html.trim().is_empty() => (SourceKind::Html, html),
        (Some(_), _) | (_, Some(_)) => return Err(ReadError::Empty { origin: origin.clone() }),
        (None, None) => return Err(malformed("no \"text\" or \"html\" field".into())),
    };
    let url = string(&["url"])?;
    // A date in another format is left for the extractor to find rather than losing the record.
    let published = string(&["date", "published"])?.and_then(|d| parse_day(&d));
    let id = match fields.get("id") {
        Some(Value::String(id)) if !id.is_empty() => id.clone(),
        Some(Value::Number(n)) => n.to_string(),
        None | Some(Value::Null | Value::String(_)) => url.clone().unwrap_or_else(|| origin.clone()),
        Some(other) => return Err(malformed(format!("field \"id\" is {}, not a string or number", kind_of(other)))),
    };
    // When the record was fetched: the reference for a relative stamp ("2 days ago").
    let fetched = string(&["retrieved", "fetched", "crawled", "retrieved_at", "fetched_at"])?
        .and_then(|t| parse_instant(&t))
        .or(fetched);
    let authors = match fields.get("authors").or_else(|| fields.get("author")) {
        Some(Value::String(a)) => vec![a.clone()],
        Some(Value::Array(list)) if list.iter().all(Value::is_string) => {
            list.iter().filter_map(|a| a.as_str().map(String::from)).collect()
        }
        None | Some(Value::Null) => Vec::new(),
        Some(_) => return Err(malformed("field \"authors\" is not a string or a list of strings".into())),
    };
    let hints = Metadata {
        title: string(&["title"])?,
        published,
        published_basis: published.map(|_| "record".to_string()),
        authors,
        site_name: string(&["site_name", "site"])?,
        url,
        canonical_url: string(&["canonical_url"])?,
        language: string(&["language", "lang"])?,
    };
    Ok(Source { id, origin, kind, body, hints, fetched })
}

/// The first of `keys` present (and not null), as a string; a message if it is another type.
fn string(fields: &Map<String, Value>, keys: &[&str]) -> Result<Option<String>, String> {
    for key in keys {
        match fields.get(*key) {
            None | Some(Value::Null) => continue,
            Some(Value::String(s)) => return Ok(Some(s.clone())),
            Some(other) => return Err(format!("field \"{key}\" is {}, not a string", kind_of(other))),
        }
    }
    Ok(None)
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// An RFC 3339 instant, or a `YYYY-MM-DD` day taken as its midnight UTC.
fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
        .or_else(|| parse_day(text).and_then(|d| d.and_hms_opt(0, 0, 0)).map(|t| t.and_utc()))
}

/// `YYYY-MM-DD`, or the day of an RFC 3339 timestamp.
pub(crate) fn parse_day(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .or_else(|| DateTime::parse_from_rfc3339(text).ok().map(|t| t.date_naive()))
        .or_else(|| text.get(..10).and_then(|day| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()))
}
