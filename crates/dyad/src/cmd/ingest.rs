//! `dyad ingest`: read → extract → analyse → store, in batches.
//!
//! A reader thread streams sources into a bounded channel; the main thread takes them a
//! batch at a time, extracts them on all cores, drops the articles the database already
//! holds (by content hash) before the expensive stages, enriches the rest on all cores,
//! and commits the batch in one transaction. Memory stays at about two batches whatever
//! the input size; a crash or Ctrl-C loses at most the batch in flight, and re-running the
//! same command completes the rest (stored articles are recognised and skipped).

use crate::pipeline::Pipeline;
use anyhow::Context;
use chrono::NaiveDate;
use dyad_doc::{Document, Source};
use dyad_read::{ReadError, ReadOptions};
use dyad_store::{PutOutcome, Store};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;

#[derive(clap::Args)]
pub struct Args {
    /// Files, directories (read recursively) or `-` for standard input: .html, .htm, .txt,
    /// .jsonl, .warc, and the .gz of each
    #[arg(required = true, value_name = "INPUTS")]
    pub inputs: Vec<PathBuf>,
    /// The database (created if missing)
    #[arg(long, default_value = dyad_store::DEFAULT_DB)]
    pub db: PathBuf,
    /// Publication date (YYYY-MM-DD) for articles that state none
    #[arg(long, value_name = "DATE")]
    pub published: Option<NaiveDate>,
    /// When the inputs were fetched (YYYY-MM-DD): the reference for relative stamps
    /// ("2 days ago") where the input states none
    #[arg(long, value_name = "DATE")]
    pub retrieved: Option<NaiveDate>,
    /// Stop at the first input that fails, or has no publication date, instead of
    /// reporting it and going on
    #[arg(long)]
    pub strict: bool,
    /// Articles per transaction
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub batch: u32,
    /// Event pattern dictionary in dyad's format instead of the built-in one
    #[arg(long)]
    pub dict: Option<PathBuf>,
    /// Largest page or record accepted, in MB
    #[arg(long, default_value_t = 20, value_name = "MB", value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub max_page_mb: u64,
}

/// What happened to the inputs.
#[derive(Debug, Default)]
struct Tally {
    read: u64,
    stored: u64,
    updated: u64,
    present: u64,
    failed: u64,
    empty: u64,
}

impl Tally {
    fn line(&self) -> String {
        let mut line = format!(
            "{} read, {} stored, {} already present, {} failed",
            self.read, self.stored, self.present, self.failed
        );
        if self.updated > 0 {
            line += &format!(" ({} of the stored replaced an older version at the same URL)", self.updated);
        }
        if self.empty > 0 {
            line += &format!(", {} held no article", self.empty);
        }
        line
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut store = Store::open(&args.db)?;
    let extract = dyad_extract::ExtractOptions { published: args.published, retrieved: args.retrieved };
    let mut pipeline = Pipeline::new(extract);
    pipeline.analysis = Some(crate::cmd::code::Analysis::load(args.dict.as_deref())?);
    let batch = args.batch as usize;
    let read_options = ReadOptions { max_page_bytes: args.max_page_mb.saturating_mul(1024 * 1024) };

    // The reader runs ahead by at most two batches.
    let (sender, receiver) = mpsc::sync_channel::<Result<Source, ReadError>>(batch * 2);
    let inputs = args.inputs.clone();
    let reader = std::thread::spawn(move || {
        for item in dyad_read::read_inputs_with(&inputs, read_options) {
            if sender.send(item).is_err() {
                break; // ingest stopped (--strict)
            }
        }
    });

    let progress = progress_bar();
    let mut tally = Tally::default();
    let mut undated = crate::undated::Undated::default();
    let mut stopped = false;
    while !stopped {
        let items: Vec<_> = next_batch(&receiver, batch);
        if items.is_empty() {
            break;
        }
        tally.read += items.len() as u64;
        stopped = ingest_batch(items, &pipeline, &mut store, &mut tally, &mut undated, args.strict, &progress)?;
        progress.set_message(tally.line());
    }
    drop(receiver);
    progress.finish_and_clear();
    // The reader thread only ends early when the receiver is gone; a panic there is a bug.
    if reader.join().is_err() {
        anyhow::bail!("the input reader thread failed");
    }
    println!("{}", tally.line());
    if let Some(line) = undated.line() {
        eprintln!("dyad: {line}");
    }
    Ok(if tally.failed > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// Blocks for the first item, then takes up to `size` items.
fn next_batch<T>(receiver: &mpsc::Receiver<T>, size: usize) -> Vec<T> {
    let mut items = Vec::with_capacity(size);
    while items.len() < size {
        match receiver.recv() {
            Ok(item) => items.push(item),
            Err(_) => break,
        }
    }
    items
}

/// Processes and commits one batch. Returns true when `--strict` must stop.
fn ingest_batch(
    items: Vec<Result<Source, ReadError>>,
    pipeline: &Pipeline,
    store: &mut Store,
    tally: &mut Tally,
    undated: &mut crate::undated::Undated,
    strict: bool,
    progress: &ProgressBar,
) -> anyhow::Result<bool> {
    let mut failures: Vec<(usize, String)> = Vec::new();
    let mut sources = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        match item {
            Ok(source) => sources.push((index, source)),
            Err(err) => failures.push((index, err.to_string())),
        }
    }

    let extracted: Vec<(usize, anyhow::Result<Vec<Document>>)> =
        sources.par_iter().map(|(index, source)| (*index, pipeline.extract(source))).collect();
    drop(sources);

    // Known articles skip the expensive stages; so do repeats within the batch.
    let mut fresh: Vec<(usize, Document)> = Vec::new();
    let mut seen = HashSet::new();
    for (index, result) in extracted {
        match result {
            Ok(docs) if docs.is_empty() => tally.empty += 1,
            Ok(docs) => {
                for doc in docs {
                    let known = store.article_with_hash(&doc.content_hash)?.is_some();
                    if known || !seen.insert(doc.content_hash.clone()) {
                        tally.present += 1;
                    } else {
                        fresh.push((index, doc));
                    }
                }
            }
            Err(err) => failures.push((index, format!("{err:#}"))),
        }
    }

    let enriched: Vec<(usize, anyhow::Result<Document>)> = fresh
        .into_par_iter()
        .map(|(index, mut doc)| {
            let result = pipeline.enrich(&mut doc).with_context(|| format!("{}: analysis failed", doc.origin));
            (index, result.map(|()| doc))
        })
        .collect();
    let mut docs = Vec::with_capacity(enriched.len());
    for (index, result) in enriched {
        match result {
            Ok(doc) if strict && doc.meta.published.is_none() => failures.push((
                index,
                format!("{}: no publication date (--strict); give --published or --retrieved", doc.origin),
            )),
            Ok(doc) => docs.push((index, doc)),
            Err(err) => failures.push((index, format!("{err:#}"))),
        }
    }

    // With --strict, nothing at or after the first failure is stored.
    failures.sort_by_key(|(index, _)| *index);
    let cutoff = if strict { failures.first().map(|(index, _)| *index) } else { None };
    if let Some(cutoff) = cutoff {
        docs.retain(|(index, _)| *index < cutoff);
        failures.truncate(1);
    }
    let docs: Vec<Document> = docs.into_iter().map(|(_, doc)| doc).collect();
    docs.iter().for_each(|doc| undated.add(doc));
    if !docs.is_empty() {
        for outcome in store.put_documents(&docs).context("storing a batch of articles failed")? {
            match outcome {
                PutOutcome::Inserted { .. } => tally.stored += 1,
                PutOutcome::Updated { .. } => {
                    tally.stored += 1;
                    tally.updated += 1;
                }
                PutOutcome::AlreadyPresent { .. } => tally.present += 1,
            }
        }
    }
    for (_, message) in &failures {
        tally.failed += 1;
        progress.suspend(|| eprintln!("dyad: {message}"));
    }
    Ok(cutoff.is_some())
}

/// A spinner with the running tally, shown only when stderr is a terminal.
fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed}] {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}
