//! Progress of a long run over input files: the files and bytes are counted before the
//! run starts, so the report has a total, a rate and the time left. On a terminal it is an
//! `indicatif` bar; otherwise (a log, a pipe) a plain line every few seconds.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::{HashMap, HashSet};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// How often the plain report prints when stderr is not a terminal.
const PLAIN_EVERY: Duration = Duration::from_secs(5);

/// The input files and their sizes, by the path text readers name them with.
#[derive(Debug, Default)]
pub struct InputSizes {
    sizes: HashMap<String, u64>,
    pub files: u64,
    pub bytes: u64,
}

impl InputSizes {
    /// Walks `inputs` as the readers will (directories recursively, hidden files and files
    /// of other formats skipped, named files always taken); `None` when one of them is
    /// standard input, whose size is unknown.
    pub fn measure(inputs: &[PathBuf]) -> Option<InputSizes> {
        let mut out = InputSizes::default();
        for input in inputs {
            if input.as_os_str() == "-" {
                return None;
            }
            for entry in walkdir::WalkDir::new(input).sort_by_file_name().into_iter().flatten() {
                let name = entry.file_name().to_string_lossy().to_ascii_lowercase();
                let skipped = entry.depth() > 0 && (name.starts_with('.') || !is_input_name(&name));
                if !entry.file_type().is_file() || skipped {
                    continue;
                }
                let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
                out.files += 1;
                out.bytes += size;
                out.sizes.insert(entry.path().display().to_string(), size);
            }
        }
        Some(out)
    }

    /// The file an origin (`path`, `path:line`, `path#record-3`) belongs to, with its size.
    fn file_of<'a>(&self, origin: &'a str) -> Option<(&'a str, u64)> {
        let candidates =
            [Some(origin), origin.rsplit_once('#').map(|(p, _)| p), origin.rsplit_once(':').map(|(p, _)| p)];
        candidates.into_iter().flatten().find_map(|p| self.sizes.get(p).map(|&s| (p, s)))
    }
}

/// A file name the readers take from a directory: a known extension (or its `.gz`), or none.
fn is_input_name(name: &str) -> bool {
    let name = name.strip_suffix(".gz").unwrap_or(name);
    match name.rsplit_once('.') {
        None => true,
        Some((_, ext)) => matches!(ext, "html" | "htm" | "txt" | "jsonl" | "warc"),
    }
}

/// The running report.
pub struct Progress {
    sizes: Option<InputSizes>,
    seen: HashSet<String>,
    files_done: u64,
    bytes_done: u64,
    bar: Option<ProgressBar>,
    started: Instant,
    last_plain: Instant,
}

impl Progress {
    pub fn new(inputs: &[PathBuf]) -> Progress {
        let sizes = InputSizes::measure(inputs);
        let bar = std::io::stderr().is_terminal().then(|| terminal_bar(sizes.as_ref()));
        let now = Instant::now();
        Progress { sizes, seen: HashSet::new(), files_done: 0, bytes_done: 0, bar, started: now, last_plain: now }
    }

    /// Counts the inputs the origins come from as done.
    pub fn advance<'a>(&mut self, origins: impl IntoIterator<Item = &'a str>) {
        let Some(sizes) = &self.sizes else { return };
        for origin in origins {
            if let Some((file, size)) = sizes.file_of(origin) {
                if self.seen.insert(file.to_string()) {
                    self.files_done += 1;
                    self.bytes_done += size;
                }
            }
        }
        if let Some(bar) = &self.bar {
            bar.set_position(self.bytes_done);
        }
    }

    /// Shows `message` (the running tally): on the bar, or every few seconds as a line.
    pub fn report(&mut self, message: &str) {
        match &self.bar {
            Some(bar) => bar.set_message(format!("{}/{} files · {message}", self.files_done, self.total_files())),
            None if self.last_plain.elapsed() >= PLAIN_EVERY => {
                self.last_plain = Instant::now();
                eprintln!("dyad: {}; {message}", self.plain_status());
            }
            None => {}
        }
    }

    fn total_files(&self) -> String {
        self.sizes.as_ref().map_or("?".into(), |s| s.files.to_string())
    }

    /// "12/181 files, 1.2 of 5.3 MB, 3.1 files/s, about 54 s left".
    fn plain_status(&self) -> String {
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        let Some(sizes) = &self.sizes else {
            return format!("{} files in {secs:.0} s", self.files_done);
        };
        let rate = self.bytes_done as f64 / secs;
        let left = if rate > 0.0 { sizes.bytes.saturating_sub(self.bytes_done) as f64 / rate } else { f64::NAN };
        let left = if left.is_finite() { format!("about {left:.0} s left") } else { "time left unknown".into() };
        format!(
            "{}/{} files, {} of {}, {:.1} files/s, {left}",
            self.files_done,
            sizes.files,
            megabytes(self.bytes_done),
            megabytes(sizes.bytes),
            self.files_done as f64 / secs,
        )
    }

    /// Runs `f` (which prints) without the bar drawing over it.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

/// A bar over the input bytes with rate and time left, or a spinner when the total is unknown.
fn terminal_bar(sizes: Option<&InputSizes>) -> ProgressBar {
    let bar = match sizes {
        Some(s) => {
            let bar = ProgressBar::with_draw_target(Some(s.bytes), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{bar:28} {bytes}/{total_bytes} · {bytes_per_sec} · ETA {eta} · {wide_msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("█▉▊▋▌▍▎▏ "),
            );
            bar
        }
        None => {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} [{elapsed}] {wide_msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar
        }
    };
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_counted_up_front_and_origins_map_to_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "12345").unwrap();
        std::fs::write(dir.path().join("b.jsonl"), "123").unwrap();
        std::fs::write(dir.path().join(".hidden"), "xxxxxxxx").unwrap();
        std::fs::write(dir.path().join("README.md"), "xxxxxxxx").unwrap();
        let sizes = InputSizes::measure(&[dir.path().to_path_buf()]).unwrap();
        assert_eq!((sizes.files, sizes.bytes), (2, 8));
        let b = dir.path().join("b.jsonl").display().to_string();
        assert_eq!(sizes.file_of(&format!("{b}:7")).map(|(_, s)| s), Some(3));
        assert!(InputSizes::measure(&[PathBuf::from("-")]).is_none());
    }
}
