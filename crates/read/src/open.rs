//! Opening one file or stream: gzip, format sniffing, and the single-page case.

use crate::{decode, jsonl, warc, ReadError, ReadOptions};
use chrono::{DateTime, Utc};
use dyad_doc::{Metadata, Source, SourceKind};
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::Path;

pub(crate) type Stream = Box<dyn BufRead + Send>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Html,
    Text,
    Jsonl,
    Warc,
}

pub(crate) enum Opened {
    One(Result<Source, ReadError>),
    Many(Container),
    /// Not an input (a directory entry of a kind dyad does not read).
    Skip,
}

/// A file holding several sources, read record by record.
pub(crate) enum Container {
    One(Option<Result<Source, ReadError>>),
    Jsonl(jsonl::JsonlRecords),
    Warc(warc::WarcRecords),
}

impl Iterator for Container {
    type Item = Result<Source, ReadError>;
    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Container::One(item) => item.take(),
            Container::Jsonl(records) => records.next(),
            Container::Warc(records) => records.next(),
        }
    }
}

pub(crate) fn is_hidden(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'))
}

/// Whether a file found in a directory walk is one dyad reads (a known extension, or none).
pub(crate) fn is_input(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    !matches!(name_says(&name).0, NameSays::Unknown)
}

/// What a file name says about its format. `None` inside `Some` means "no extension".
enum NameSays {
    Known(Format),
    NoExtension,
    Unknown,
}

fn extension(name: &str) -> Option<&str> {
    let (_, ext) = name.rsplit_once('.')?;
    // "2025.04.12-report" has no extension: extensions are short and alphanumeric.
    (!ext.is_empty() && ext.len() <= 6 && ext.bytes().all(|b| b.is_ascii_alphanumeric())).then_some(ext)
}

fn name_says(name: &str) -> (NameSays, bool) {
    let mut name = name;
    let mut gz = false;
    if let Some(stem) = name.strip_suffix(".gz").or_else(|| name.strip_suffix(".GZ")) {
        name = stem;
        gz = true;
    }
    let says = match extension(name).map(|e| e.to_ascii_lowercase()) {
        None => NameSays::NoExtension,
        Some(ext) => match ext.as_str() {
            "html" | "htm" | "xhtml" | "shtml" => NameSays::Known(Format::Html),
            "txt" | "text" => NameSays::Known(Format::Text),
            "jsonl" | "ndjson" => NameSays::Known(Format::Jsonl),
            "warc" => NameSays::Known(Format::Warc),
            _ => NameSays::Unknown,
        },
    };
    (says, gz)
}

/// Opens a file. Files found in a directory walk (`explicit == false`) are read only if
/// their extension is one dyad knows, or they have none (then they are sniffed).
pub(crate) fn open_file(path: &Path, explicit: bool, options: &ReadOptions) -> Opened {
    let origin = path.display().to_string();
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| origin.clone());
    if !explicit && matches!(name_says(&name).0, NameSays::Unknown) {
        return Opened::Skip;
    }
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(cause) => return Opened::One(Err(ReadError::Io { origin, cause })),
    };
    // A file's modification time says when it was copied, not when the article was
    // published or fetched: it is never a date reference.
    open_stream(&name, &origin, Box::new(file), None, options)
}

/// Opens a stream called `name` (its file name, for id and format) described by `origin`.
pub(crate) fn open_stream(
    name: &str,
    origin: &str,
    raw: Box<dyn Read + Send>,
    fetched: Option<DateTime<Utc>>,
    options: &ReadOptions,
) -> Opened {
    let mut raw: Stream = Box::new(BufReader::with_capacity(64 * 1024, raw));
    let magic = match raw.fill_buf() {
        Ok(buf) => buf.starts_with(&[0x1f, 0x8b]),
        Err(cause) => return Opened::One(Err(ReadError::Io { origin: origin.to_string(), cause })),
    };
    let (says, _) = name_says(name);
    let limit = options.max_input_bytes;
    let mut stream: Stream = if magic {
        let inflated = Bounded { inner: flate2::bufread::MultiGzDecoder::new(raw), left: limit, limit };
        Box::new(BufReader::with_capacity(64 * 1024, inflated))
    } else {
        // A name ending in .gz whose bytes are not gzip is read as what it holds.
        Box::new(BufReader::with_capacity(64 * 1024, Bounded { inner: raw, left: limit, limit }))
    };
    let make_err: ErrFn = if magic { gzip_error } else { io_error };
    // Sniff the first bytes without losing them.
    let mut head = Vec::with_capacity(4096);
    if let Err(source) = (&mut stream).take(4096).read_to_end(&mut head) {
        return Opened::One(Err(make_err(origin.to_string(), source)));
    }
    let format = sniff(&head, says);
    let stream: Stream = Box::new(BufReader::new(Cursor::new(head).chain(stream)));
    match format {
        Format::Jsonl => Opened::Many(Container::Jsonl(jsonl::JsonlRecords::new(
            stream,
            origin.to_string(),
            fetched,
            (options.max_page_bytes, options.max_lines),
            make_err,
        ))),
        Format::Warc => Opened::Many(Container::Warc(warc::WarcRecords::new(
            stream,
            origin.to_string(),
            options.max_page_bytes,
            make_err,
        ))),
        Format::Html | Format::Text => {
            Opened::One(read_page(stream, name, origin, format, fetched, options.max_page_bytes, make_err))
        }
    }
}

/// Builds the error for a failed read of a container's bytes.
pub(crate) type ErrFn = fn(String, std::io::Error) -> ReadError;

fn gzip_error(origin: String, cause: std::io::Error) -> ReadError {
    match over_limit(&cause) {
        Some(limit) => ReadError::InputTooLarge { origin, limit },
        None => ReadError::Gzip { origin, cause },
    }
}

fn io_error(origin: String, cause: std::io::Error) -> ReadError {
    match over_limit(&cause) {
        Some(limit) => ReadError::InputTooLarge { origin, limit },
        None => ReadError::Io { origin, cause },
    }
}

/// The limit a [`Bounded`] stream ran into, if that is what `cause` is.
fn over_limit(cause: &std::io::Error) -> Option<u64> {
    cause.get_ref().and_then(|e| e.downcast_ref::<OverLimit>()).map(|o| o.0)
}

#[derive(Debug, thiserror::Error)]
#[error("more than {0} bytes")]
struct OverLimit(u64);

/// A stream that fails once more than `limit` bytes have come through it.
struct Bounded<R> {
    inner: R,
    left: u64,
    limit: u64,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            // Exactly at the limit is fine; one byte more is not.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(std::io::Error::other(OverLimit(self.limit))),
            };
        }
        let cap = buf.len().min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..cap])?;
        self.left -= n as u64;
        Ok(n)
    }
}

fn sniff(head: &[u8], says: NameSays) -> Format {
    let start = decode::skip_bom_and_space(head);
    if start.starts_with(b"WARC/1.") {
        return Format::Warc;
    }
    if let NameSays::Known(format) = says {
        return format;
    }
    match start.first() {
        Some(b'<') if start.get(1).is_some_and(|b| b.is_ascii_alphabetic() || *b == b'!' || *b == b'?') => Format::Html,
        Some(b'{') => Format::Jsonl,
        _ => Format::Text,
    }
}

/// Reads a whole single-page file, within the size limit.
fn read_page(
    mut stream: Stream,
    name: &str,
    origin: &str,
    format: Format,
    fetched: Option<DateTime<Utc>>,
    limit: u64,
    make_err: ErrFn,
) -> Result<Source, ReadError> {
    let mut bytes = Vec::new();
    (&mut stream).take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| make_err(origin.to_string(), e))?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { origin: origin.to_string(), limit });
    }
    let kind = if format == Format::Html { SourceKind::Html } else { SourceKind::Text };
    let body = decode::decode_page(&bytes, kind, None, origin)?;
    Ok(Source { id: name.to_string(), origin: origin.to_string(), kind, body, hints: Metadata::default(), fetched })
}

/// Reads one line (through `\n`) into `buf`, keeping at most `limit` bytes. Returns
/// `None` at the end of the stream, `Some(true)` for a whole line, and `Some(false)` for a
/// line longer than `limit` (the rest of it is consumed and dropped, so reading can go on).
pub(crate) fn read_line_bounded(stream: &mut Stream, buf: &mut Vec<u8>, limit: usize) -> std::io::Result<Option<bool>> {
    buf.clear();
    let mut overflow = false;
    let mut any = false;
    loop {
        let available = match stream.fill_buf() {
            Ok(available) => available,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if available.is_empty() {
            break;
        }
        any = true;
        let (take, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        if !overflow {
            if buf.len() + take > limit.saturating_add(1) {
                overflow = true;
                buf.clear();
            } else {
                buf.extend_from_slice(&available[..take]);
            }
        }
        stream.consume(take);
        if done {
            break;
        }
    }
    Ok(any.then_some(!overflow))
}
