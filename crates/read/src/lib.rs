//! Input readers: files, directories, gzip, JSONL, WARC, stdin.
//!
//! [`read_inputs`] streams [`Source`]s from paths: one page per `.html`/`.htm`/`.txt`
//! file, one per line of a `.jsonl` file, one per HTML `response` record of a `.warc`
//! file, and the same for the `.gz` of each (multi-member gzip included). Directories are
//! walked recursively in sorted order, reading the files whose extension is known (or who
//! have none); hidden files are skipped. `-` reads standard input. The format comes from
//! the extension, checked against the content (gzip magic, `WARC/1.x`, markup, JSON);
//! files named explicitly, stdin and extension-less files are sniffed.
//!
//! Decoding: HTML uses the charset of its BOM, else its HTTP header (WARC), else its
//! `<meta>`; undeclared HTML is UTF-8 when valid, else windows-1252 (the HTML standard's
//! fallback). Text must be UTF-8 (or carry a UTF-16 BOM): invalid UTF-8 in a `.txt` is an
//! error naming the byte offset, never silently mangled. Binary junk is refused.
//!
//! Nothing is loaded whole: one page (at most [`ReadOptions::max_page_bytes`]) at a time.
//! Each problem is an `Err` naming the file or record (`path`, `path:line`,
//! `path#record-N`); after a broken JSONL line or WARC record the reader carries on with
//! the next one where the container allows it.

mod decode;
mod jsonl;
mod open;
mod warc;

use dyad_doc::Source;
use std::collections::VecDeque;
use std::io::Read;
use std::path::PathBuf;

/// Default size limit for one page or record: 20 MiB.
pub const DEFAULT_MAX_PAGE_BYTES: u64 = 20 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// Pages or records larger than this (after decompression) are refused.
    pub max_page_bytes: u64,
    /// One input (a file, stdin) that decompresses to more than this is cut off there
    /// with an error: a small gzip can expand a thousandfold.
    pub max_input_bytes: u64,
    /// A JSONL input with more lines than this (blank ones included) is cut off there.
    pub max_lines: u64,
}

/// Default bound on one input after decompression: 8 GiB (a large crawl's WARC file).
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 8 * 1024 * 1024 * 1024;
/// Default bound on the lines of one JSONL input.
pub const DEFAULT_MAX_LINES: u64 = 20_000_000;

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_page_bytes: DEFAULT_MAX_PAGE_BYTES,
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
            max_lines: DEFAULT_MAX_LINES,
        }
    }
}

/// Each message names the input and is complete on its own (the underlying I/O error is
/// part of it, not a separate `source`).
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{origin}: {cause}")]
    Io { origin: String, cause: std::io::Error },
    #[error("{origin}: corrupt or truncated gzip data ({cause})")]
    Gzip { origin: String, cause: std::io::Error },
    #[error("{origin}: larger than the limit of {limit} bytes per page")]
    TooLarge { origin: String, limit: u64 },
    #[error("{origin}: empty input")]
    Empty { origin: String },
    #[error("{origin}: binary data, not text or HTML")]
    Binary { origin: String },
    #[error("{origin}: invalid UTF-8 at byte {offset} (text inputs must be UTF-8)")]
    InvalidUtf8 { origin: String, offset: usize },
    #[error("{origin}: {message}")]
    Malformed { origin: String, message: String },
    #[error("{origin}: input larger than the limit of {limit} bytes (after decompression); read up to there")]
    InputTooLarge { origin: String, limit: u64 },
    #[error("{origin}: more than {limit} lines; read up to there")]
    TooManyLines { origin: String, limit: u64 },
    #[error("{origin}: no inputs in this directory (dyad reads .html, .htm, .txt, .jsonl, .warc, their .gz, and files without an extension)")]
    EmptyDirectory { origin: String },
}

impl ReadError {
    /// The file or record the error is about.
    pub fn origin(&self) -> &str {
        match self {
            ReadError::Io { origin, .. }
            | ReadError::Gzip { origin, .. }
            | ReadError::TooLarge { origin, .. }
            | ReadError::Empty { origin }
            | ReadError::Binary { origin }
            | ReadError::InvalidUtf8 { origin, .. }
            | ReadError::Malformed { origin, .. }
            | ReadError::InputTooLarge { origin, .. }
            | ReadError::TooManyLines { origin, .. }
            | ReadError::EmptyDirectory { origin } => origin,
        }
    }
}

/// Streams the sources of `paths` (files, directories, `-` for stdin) with default options.
pub fn read_inputs(paths: &[PathBuf]) -> Inputs {
    read_inputs_with(paths, ReadOptions::default())
}

pub fn read_inputs_with(paths: &[PathBuf], options: ReadOptions) -> Inputs {
    Inputs { options, pending: paths.iter().cloned().collect(), walker: None, container: None }
}

/// Streams the sources of one already-open stream as if it were a file called `name`
/// (`name`'s extension, if any, guides the format; the content is sniffed).
pub fn read_stream(name: &str, stream: impl Read + Send + 'static, options: ReadOptions) -> Inputs {
    let mut inputs = Inputs { options, pending: VecDeque::new(), walker: None, container: None };
    match open::open_stream(name, name, Box::new(stream), None, &options) {
        open::Opened::One(item) => inputs.container = Some(open::Container::One(Some(item))),
        open::Opened::Many(container) => inputs.container = Some(container),
        open::Opened::Skip => {}
    }
    inputs
}

/// The iterator returned by [`read_inputs`]: one `Result` per page or record, in input
/// order (directory entries sorted by name).
pub struct Inputs {
    options: ReadOptions,
    pending: VecDeque<PathBuf>,
    walker: Option<Walk>,
    container: Option<open::Container>,
}

/// A directory named as an input, being walked.
struct Walk {
    entries: walkdir::IntoIter,
    root: PathBuf,
    /// Whether it held any file dyad reads: an input that gives nothing is an error.
    found: bool,
}

impl Iterator for Inputs {
    type Item = Result<Source, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(container) = &mut self.container {
                match container.next() {
                    Some(item) => return Some(item),
                    None => self.container = None,
                }
            }
            let (path, explicit) = if let Some(walker) = &mut self.walker {
                match walker.entries.next() {
                    Some(Ok(entry)) => {
                        if !entry.file_type().is_file()
                            || open::is_hidden(entry.path())
                            || !open::is_input(entry.path())
                        {
                            continue;
                        }
                        walker.found = true;
                        (entry.into_path(), false)
                    }
                    Some(Err(err)) => {
                        let origin = err.path().map(|p| p.display().to_string()).unwrap_or_default();
                        let cause = err.into_io_error().unwrap_or_else(|| std::io::Error::other("directory loop"));
                        return Some(Err(ReadError::Io { origin, cause }));
                    }
                    None => {
                        let walked = self.walker.take();
                        match walked {
                            Some(Walk { found: false, root, .. }) => {
                                return Some(Err(ReadError::EmptyDirectory { origin: root.display().to_string() }))
                            }
                            _ => continue,
                        }
                    }
                }
            } else {
                (self.pending.pop_front()?, true)
            };
            if explicit && path.as_os_str() == "-" {
                let stdin = std::io::stdin();
                match open::open_stream("stdin", "stdin", Box::new(stdin), None, &self.options) {
                    open::Opened::One(item) => return Some(item),
                    open::Opened::Many(container) => self.container = Some(container),
                    open::Opened::Skip => {}
                }
                continue;
            }
            if explicit && path.is_dir() {
                let entries = walkdir::WalkDir::new(&path).follow_links(true).sort_by_file_name().into_iter();
                self.walker = Some(Walk { entries, root: path, found: false });
                continue;
            }
            match open::open_file(&path, explicit, &self.options) {
                open::Opened::One(item) => return Some(item),
                open::Opened::Many(container) => self.container = Some(container),
                open::Opened::Skip => {}
            }
        }
    }
}

#[cfg(test)]
mod tests;
