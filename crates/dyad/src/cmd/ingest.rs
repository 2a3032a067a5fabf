//! `dyad ingest`: read → extract → analyse → store, in batches.
//!
//! A reader thread streams sources into a bounded channel; the main thread takes them a
//! batch at a time, extracts them on all cores, drops the articles the database already
//! holds (by content hash) before the expensive stages, enriches the rest on all cores,
//! and commits the batch in one transaction. Memory stays at about two batches whatever
//! the input size; a crash or Ctrl-C loses at most the batch in flight, and re-running the
//! same command completes the rest (stored articles are recognised and skipped).
//!
//! Into PostgreSQL, any number of workers on any number of machines may run the same
//! command at once: each batch is a work unit (named by a hash of its inputs) that a
//! worker claims with `FOR UPDATE SKIP LOCKED` and marks done in the transaction that
//! stores it. Workers skip units others hold or finished; a worker that reaches the end
//! waits for the units still held and redoes any whose worker died, whose lock went with
//! its connection. So a killed worker's batch is never half stored and never lost.

use crate::pipeline::Pipeline;
use crate::progress::Progress;
use anyhow::Context;
use chrono::NaiveDate;
use dyad_doc::{Document, Source};
use dyad_read::{ReadError, ReadOptions};
use dyad_store::{Location, PutOutcome, Store, UnitClaim, UnitStats};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;

#[derive(clap::Args)]
pub struct Args {
    /// Files, directories (read recursively) or `-` for standard input: .html, .htm, .txt,
    /// .jsonl, .warc, and the .gz of each
    #[arg(required = true, value_name = "INPUTS")]
    pub inputs: Vec<PathBuf>,
    /// The database (created if missing): a SQLite file, or a postgres://user@host:port/db
    /// URL that any number of workers may ingest into at once, sharing the inputs
    #[arg(long, default_value = dyad_store::DEFAULT_DB)]
    pub db: Location,
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
    /// Sources in batches that another worker or an earlier run stored.
    elsewhere: u64,
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
        if self.elsewhere > 0 {
            line += &format!(", {} in batches stored by other workers or earlier runs", self.elsewhere);
        }
        line
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut store = Store::open(&args.db)?;
    let extract = dyad_extract::ExtractOptions { published: args.published, retrieved: args.retrieved };
    let mut pipeline = Pipeline::new(extract);
    pipeline.analysis = Some(crate::cmd::code::Analysis::load(args.dict.as_deref())?);
    // Standard input cannot be read twice, nor told apart from another worker's: it is
    // never shared through the work queue.
    let share = store.shares_work() && !args.inputs.iter().any(|p| p.as_os_str() == "-");
    let mut run = Run {
        args: &args,
        pipeline: &pipeline,
        store: &mut store,
        progress: Progress::new(&args.inputs),
        share,
        tally: Tally::default(),
        undated: crate::undated::Undated::default(),
    };
    let mut pending = run.pass(None)?;
    // Units other workers hold: wait for them, and redo any whose worker died (its lock
    // went with its connection).
    let mut announced = false;
    while !pending.is_empty() {
        let (done, free) = run.store.unit_states(&pending)?;
        pending.retain(|k| !done.contains(k) && !free.contains(k));
        if !free.is_empty() {
            let only: HashSet<String> = free.into_iter().collect();
            pending.extend(run.pass(Some(&only))?);
            continue;
        }
        if !pending.is_empty() {
            if !announced {
                let n = pending.len();
                run.progress.suspend(|| eprintln!("dyad: waiting for {n} batches other workers are coding"));
                announced = true;
            }
            std::thread::sleep(std::time::Duration::from_millis(500));
        }
    }
    run.progress.finish();
    let (tally, undated) = (run.tally, run.undated);
    let (events, undated_events) = undated.events();
    println!("{}, {events} events coded ({undated_events} undated)", tally.line());
    if let Some(line) = undated.line() {
        eprintln!("dyad: {line}");
    }
    // --strict stops at the first failure: the command did not finish.
    if run.args.strict && tally.failed > 0 {
        return Ok(ExitCode::FAILURE);
    }
    Ok(super::finished(tally.failed as usize))
}

/// One ingest run: what it reads with, writes to, and has done so far.
struct Run<'a> {
    args: &'a Args,
    pipeline: &'a Pipeline,
    store: &'a mut Store,
    progress: Progress,
    /// Batches are work units claimed in the store's queue.
    share: bool,
    tally: Tally,
    undated: crate::undated::Undated,
}

impl Run<'_> {
    /// Reads every input once, in batches, and codes the batches this worker claims (with
    /// `only`, just those units). Returns the units another live worker was holding.
    fn pass(&mut self, only: Option<&HashSet<String>>) -> anyhow::Result<Vec<String>> {
        let batch = self.args.batch as usize;
        let read_options =
            ReadOptions { max_page_bytes: self.args.max_page_mb.saturating_mul(1024 * 1024), ..ReadOptions::default() };
        // The reader runs ahead by at most two batches.
        let (sender, receiver) = mpsc::sync_channel::<Result<Source, ReadError>>(batch * 2);
        let inputs = self.args.inputs.clone();
        let reader = std::thread::spawn(move || {
            for item in dyad_read::read_inputs_with(&inputs, read_options) {
                if sender.send(item).is_err() {
                    break; // ingest stopped (--strict)
                }
            }
        });
        let mut busy = Vec::new();
        let mut stopped = false;
        while !stopped {
            let items: Vec<_> = next_batch(&receiver, batch);
            if items.is_empty() {
                break;
            }
            let key = unit_key(&items);
            if only.is_none() {
                self.progress.advance(items.iter().map(|i| match i {
                    Ok(source) => source.origin.as_str(),
                    Err(err) => err.origin(),
                }));
            }
            if only.is_some_and(|only| !only.contains(&key)) {
                continue;
            }
            if only.is_none() {
                self.tally.read += items.len() as u64;
            }
            let claim = if self.share { self.store.claim_unit(&key)? } else { UnitClaim::Claimed };
            match claim {
                UnitClaim::Claimed => stopped = self.code_unit(&key, items)?,
                UnitClaim::Done => self.tally.elsewhere += items.len() as u64,
                UnitClaim::Busy => busy.push(key),
            }
            let line = self.tally.line();
            self.progress.report(&line);
        }
        drop(receiver);
        // The reader thread only ends early when the receiver is gone; a panic there is a bug.
        if reader.join().is_err() {
            anyhow::bail!("the input reader thread failed");
        }
        Ok(busy)
    }

    /// Codes and stores one claimed batch; a deadlock between workers storing at once is
    /// retried. Returns true when `--strict` must stop.
    fn code_unit(&mut self, key: &str, items: Vec<Result<Source, ReadError>>) -> anyhow::Result<bool> {
        let sources = items.len() as u64;
        let prepared =
            prepare_batch(items, self.pipeline, self.store, &mut self.tally, &mut self.undated, self.args.strict)?;
        let mut attempt = 0;
        let outcomes = loop {
            let stored =
                if prepared.docs.is_empty() { Ok(Vec::new()) } else { self.store.put_documents(&prepared.docs) };
            let stored = stored.and_then(|outcomes| {
                let new = outcomes.iter().filter(|o| !matches!(o, PutOutcome::AlreadyPresent { .. })).count();
                let stats = UnitStats { sources, stored: new as u64, failed: prepared.failures.len() as u64 };
                if self.share {
                    self.store.finish_unit(key, stats)?;
                }
                Ok(outcomes)
            });
            match stored {
                Ok(outcomes) => break outcomes,
                Err(e) if e.is_retryable() && attempt < 5 => {
                    attempt += 1;
                    self.store.abandon_unit();
                    if self.share && self.store.claim_unit(key)? != UnitClaim::Claimed {
                        // Another worker took the unit over meanwhile and stores it.
                        return Ok(false);
                    }
                }
                Err(e) => {
                    self.store.abandon_unit();
                    return Err(anyhow::Error::from(e).context("storing a batch of articles failed"));
                }
            }
        };
        for outcome in outcomes {
            match outcome {
                PutOutcome::Inserted { .. } => self.tally.stored += 1,
                PutOutcome::Updated { .. } => {
                    self.tally.stored += 1;
                    self.tally.updated += 1;
                }
                PutOutcome::AlreadyPresent { .. } => self.tally.present += 1,
            }
        }
        for message in &prepared.failures {
            self.tally.failed += 1;
            self.progress.suspend(|| eprintln!("dyad: {message}"));
        }
        Ok(prepared.stop)
    }
}

/// The identity of a batch in the work queue: the first input's origin for people to
/// read, and a hash of every origin and body in it, so workers given the same inputs
/// agree on it and a changed input is a new unit.
fn unit_key(items: &[Result<Source, ReadError>]) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    let mut hash = OFFSET;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            hash = (hash ^ u64::from(b)).wrapping_mul(PRIME);
        }
        hash = (hash ^ 0xff).wrapping_mul(PRIME);
    };
    let mut first = String::new();
    for item in items {
        match item {
            Ok(source) => {
                feed(source.origin.as_bytes());
                feed(source.body.as_bytes());
                if first.is_empty() {
                    first = source.origin.clone();
                }
            }
            Err(err) => feed(err.to_string().as_bytes()),
        }
    }
    format!("{first} +{} {hash:016x}", items.len())
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

/// A batch ready to store: its new documents, the messages of its failures, and whether
/// `--strict` stops here.
struct Prepared {
    docs: Vec<Document>,
    failures: Vec<String>,
    stop: bool,
}

/// Extracts and codes one batch, skipping articles the store already holds.
fn prepare_batch(
    items: Vec<Result<Source, ReadError>>,
    pipeline: &Pipeline,
    store: &mut Store,
    tally: &mut Tally,
    undated: &mut crate::undated::Undated,
    strict: bool,
) -> anyhow::Result<Prepared> {
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
    Ok(Prepared { docs, failures: failures.into_iter().map(|(_, message)| message).collect(), stop: cutoff.is_some() })
}
