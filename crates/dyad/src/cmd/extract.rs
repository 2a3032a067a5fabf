//! `dyad extract`: clean articles with metadata; `dyad bench extract`: its throughput.
use anyhow::{bail, Context};
use chrono::NaiveDate;
use dyad_doc::{Document, Source};
use dyad_extract::{ExtractOptions, Extractor};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Readable: a header of metadata, then the text
    Text,
    /// One JSON array of documents
    Json,
    /// One JSON document per line
    Jsonl,
    /// The article-extraction-benchmark prediction file: {"<id>": {"articleBody": "..."}}
    Aeb,
}

#[derive(clap::Args)]
pub struct Args {
    /// Files or directories (.html/.htm/.txt/.jsonl/.warc and their .gz); "-" for stdin
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Publication date to assume (YYYY-MM-DD) where a page states none
    #[arg(long, value_parser = parse_day)]
    published: Option<NaiveDate>,
    /// When the inputs were fetched (YYYY-MM-DD): the reference for relative stamps
    /// ("2 days ago") where the input states none
    #[arg(long, value_parser = parse_day, value_name = "DATE")]
    retrieved: Option<NaiveDate>,
    /// Stop at the first input that cannot be read or extracted
    #[arg(long)]
    strict: bool,
}

fn parse_day(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| format!("expected YYYY-MM-DD: {e}"))
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match print_extracted(args) {
        // A closed pipe (`dyad extract ... | head`) is the reader's choice, not a failure.
        Err(e) if e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) => {
            Ok(ExitCode::SUCCESS)
        }
        other => other,
    }
}

fn print_extracted(args: Args) -> anyhow::Result<ExitCode> {
    let extractor = Extractor::new();
    let opts = ExtractOptions { published: args.published, retrieved: args.retrieved };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    let mut all: Vec<Document> = Vec::new();
    let mut aeb = serde_json::Map::new();
    let mut first = true;
    for item in dyad_read::read_inputs(&args.inputs) {
        let docs = item
            .map_err(anyhow::Error::from)
            .and_then(|source| extractor.extract(&source, &opts).map_err(anyhow::Error::from));
        let docs = match docs {
            Ok(d) => d,
            Err(err) => {
                if args.strict {
                    out.flush()?;
                    return Err(err);
                }
                eprintln!("dyad: skipped: {err:#}");
                failed += 1;
                continue;
            }
        };
        for doc in docs {
            match args.format {
                Format::Text => {
                    if !first {
                        writeln!(out, "\n{}", "=".repeat(72))?;
                    }
                    write_text(&mut out, &doc)?;
                }
                Format::Jsonl => writeln!(out, "{}", serde_json::to_string(&doc)?)?,
                Format::Json => all.push(doc),
                Format::Aeb => {
                    aeb.insert(benchmark_id(&doc.id), serde_json::json!({ "articleBody": doc.text }));
                }
            }
            first = false;
        }
    }
    match args.format {
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&all)?)?,
        Format::Aeb => writeln!(out, "{}", serde_json::to_string(&aeb)?)?,
        _ => {}
    }
    out.flush()?;
    if failed > 0 {
        eprintln!("dyad: {failed} input(s) failed");
    }
    Ok(super::finished(failed))
}

/// The benchmark's page id: the file name without `.html.gz` (or `.html`, `.htm`).
fn benchmark_id(id: &str) -> String {
    let id = id.strip_suffix(".gz").unwrap_or(id);
    id.strip_suffix(".html").or_else(|| id.strip_suffix(".htm")).unwrap_or(id).to_string()
}

fn write_text(out: &mut impl Write, doc: &Document) -> std::io::Result<()> {
    let m = &doc.meta;
    writeln!(out, "id:        {}", doc.id)?;
    writeln!(out, "origin:    {}", doc.origin)?;
    if let Some(t) = &m.title {
        writeln!(out, "title:     {t}")?;
    }
    if let Some(d) = m.published {
        writeln!(out, "published: {d} ({})", m.published_basis.as_deref().unwrap_or("?"))?;
    }
    if !m.authors.is_empty() {
        writeln!(out, "authors:   {}", m.authors.join("; "))?;
    }
    if let Some(s) = &m.site_name {
        writeln!(out, "site:      {s}")?;
    }
    if let Some(u) = m.canonical_url.as_ref().or(m.url.as_ref()) {
        writeln!(out, "url:       {u}")?;
    }
    if let Some(l) = &m.language {
        writeln!(out, "language:  {l}")?;
    }
    writeln!(out, "hash:      {}", doc.content_hash)?;
    writeln!(out)?;
    writeln!(out, "{}", doc.text)
}

#[derive(clap::Args)]
pub struct BenchArgs {
    /// Directory of benchmark pages (.html.gz)
    #[arg(long, default_value = "../shared/data/article-extraction-benchmark/html")]
    pages: PathBuf,
    /// Threads for the parallel run (default: all cores)
    #[arg(long)]
    threads: Option<usize>,
    /// Passes over the pages in each timed run
    #[arg(long, default_value_t = 3)]
    rounds: usize,
}

pub fn bench(args: BenchArgs) -> anyhow::Result<ExitCode> {
    if !args.pages.is_dir() {
        bail!("{}: no such directory (pass --pages DIR)", args.pages.display());
    }
    // Decompression and decoding happen here, outside the timed runs.
    let mut sources: Vec<Source> = Vec::new();
    for item in dyad_read::read_inputs(std::slice::from_ref(&args.pages)) {
        match item {
            Ok(s) => sources.push(s),
            Err(e) => eprintln!("dyad: skipped: {e}"),
        }
    }
    if sources.is_empty() {
        bail!("{}: no pages found", args.pages.display());
    }
    let bytes: usize = sources.iter().map(|s| s.body.len()).sum();
    println!("pages: {} ({:.1} MB of HTML, decompressed before timing)", sources.len(), bytes as f64 / 1e6);
    let extractor = Extractor::new();
    let opts = ExtractOptions::default();
    let rounds = args.rounds.max(1);
    let n = sources.len() * rounds;

    // One thread.
    let cpu0 = thread_cpu_seconds();
    let t0 = Instant::now();
    let mut failures = 0usize;
    for _ in 0..rounds {
        for s in &sources {
            failures += usize::from(extractor.extract(s, &opts).is_err());
        }
    }
    let wall = t0.elapsed().as_secs_f64();
    let cpu = thread_cpu_seconds().zip(cpu0).map(|(b, a)| b - a);
    println!(
        "dyad, 1 thread:    {:7.1} pages/s wall clock ({n} extractions in {wall:.2} s, {failures} empty)",
        n as f64 / wall
    );
    if let Some(cpu) = cpu.filter(|c| *c > 0.0) {
        println!(
            "dyad, 1 thread:    {:7.1} pages/s per CPU second ({cpu:.2} s of the thread's CPU time; the wall-clock figure is lower on a busy machine)",
            n as f64 / cpu
        );
    }

    // All cores: threads take pages from a shared counter.
    let threads = args.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())).max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let t0 = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= n {
                    break;
                }
                let _ = extractor.extract(&sources[i % sources.len()], &opts);
            });
        }
    });
    let wall = t0.elapsed().as_secs_f64();
    println!("dyad, {threads} threads:   {:7.1} pages/s wall clock ({n} extractions in {wall:.2} s)", n as f64 / wall);

    python_trafilatura(&args.pages, rounds)?;
    Ok(ExitCode::SUCCESS)
}

/// This thread's CPU time (user + system) from /proc; `None` where unavailable.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start at field 3.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    // Linux reports in clock ticks of 1/100 s (USER_HZ) on every mainstream architecture.
    Some((utime + stime) / 100.0)
}

const PY_TIMER: &str = r#"
import gzip, os, sys, time, resource
import trafilatura
d, rounds = sys.argv[1], int(sys.argv[2])
pages = []
for name in sorted(os.listdir(d)):
    p = os.path.join(d, name)
    raw = gzip.open(p).read() if name.endswith(".gz") else open(p, "rb").read()
    pages.append(raw.decode("utf-8", "replace"))
c0 = time.process_time(); t0 = time.perf_counter()
for _ in range(rounds):
    for html in pages:
        trafilatura.extract(html)
print(trafilatura.__version__, len(pages) * rounds, time.perf_counter() - t0, time.process_time() - c0)
"#;

/// Python trafilatura's throughput on the same pages, in the same run, when installed.
fn python_trafilatura(pages: &Path, rounds: usize) -> anyhow::Result<()> {
    let check = std::process::Command::new("python3").args(["-c", "import trafilatura"]).output();
    if !check.is_ok_and(|o| o.status.success()) {
        println!("python trafilatura: skipped (python3 -c \"import trafilatura\" fails; pip install trafilatura)");
        return Ok(());
    }
    let out = std::process::Command::new("python3")
        .args(["-c", PY_TIMER])
        .arg(pages)
        .arg(rounds.to_string())
        .output()
        .context("running python3")?;
    if !out.status.success() {
        println!("python trafilatura: failed: {}", String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or(""));
        return Ok(());
    }
    let line = String::from_utf8_lossy(&out.stdout);
    let mut words = line.split_whitespace();
    let version = words.next().unwrap_or("?").to_string();
    let f: Vec<f64> = words.filter_map(|x| x.parse().ok()).collect();
    if let [n, wall, cpu] = f[..] {
        println!(
            "python trafilatura {version}, 1 thread: {:7.1} pages/s wall clock, {:.1} pages/s per CPU second",
            n / wall,
            n / cpu.max(1e-9)
        );
    }
    Ok(())
}
