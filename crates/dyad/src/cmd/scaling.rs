//! `dyad bench scaling`: CPU time of extraction and coding as inputs grow, to show the
//! cost stays linear on hostile sizes: generated news text of 1, 2, 4 and 8 MB, and HTML
//! nested 10,000 to 1,000,000 levels deep. Each figure is the CPU time of this thread.

use super::code::Analysis;
use dyad_doc::{Source, SourceKind};
use dyad_extract::{ExtractOptions, Extractor};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct BenchArgs {
    /// Text sizes in MB
    #[arg(long, num_args = 1.., default_values_t = [1, 2, 4, 8])]
    sizes: Vec<usize>,
    /// HTML nesting depths
    #[arg(long, num_args = 1.., default_values_t = [10_000, 100_000, 1_000_000])]
    depths: Vec<usize>,
}

/// CPU seconds this thread has used.
fn thread_cpu() -> f64 {
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime only writes the timespec it is given.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    if rc != 0 {
        return 0.0;
    }
    t.tv_sec as f64 + t.tv_nsec as f64 / 1e9
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let start = thread_cpu();
    let out = f();
    (out, thread_cpu() - start)
}

/// Deterministic wire-style prose of about `bytes` bytes: paragraphs of sentences in
/// which countries meet, condemn, aid and threaten each other.
pub fn news_text(bytes: usize) -> String {
    const ACTORS: [&str; 12] = [
        "Russia",
        "Ukraine",
        "The United States",
        "China",
        "France",
        "Iran",
        "Israel",
        "Germany",
        "Turkey",
        "India",
        "NATO",
        "The European Union",
    ];
    const ACTS: [&str; 8] =
        ["condemned", "met", "praised", "accused", "threatened", "criticised", "sent aid to", "negotiated with"];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % n
    };
    let mut text = String::with_capacity(bytes + 256);
    while text.len() < bytes {
        for _ in 0..5 {
            let (a, b) = (ACTORS[next(12)], ACTORS[next(12)]);
            text.push_str(&format!("{a} {} {b} on Tuesday, officials said. ", ACTS[next(8)]));
        }
        text.push_str("\n\n");
    }
    text
}

fn source(id: &str, kind: SourceKind, body: String) -> Source {
    Source { id: id.into(), origin: id.into(), kind, body, hints: Default::default(), fetched: None }
}

fn ratio_line(label: &str, sizes: &[usize], secs: &[f64]) {
    let base = secs.first().copied().unwrap_or(0.0).max(1e-6);
    let ratios: Vec<String> = sizes.iter().zip(secs).map(|(s, t)| format!("{s}: {:.2}×", t / base)).collect();
    println!("  {label} ratios to the first: {}", ratios.join(", "));
}

pub fn bench(args: BenchArgs) -> anyhow::Result<ExitCode> {
    let extractor = Extractor::new();
    let options = ExtractOptions::default();
    let analysis = Analysis::load(None)?;
    println!("{:<26} {:>10} {:>12} {:>12} {:>9}", "input", "bytes", "extract (s)", "code (s)", "events");
    let (mut extract_secs, mut code_secs) = (Vec::new(), Vec::new());
    for &mb in &args.sizes {
        let body = news_text(mb * 1_000_000);
        let bytes = body.len();
        let src = source(&format!("news-{mb}mb.txt"), SourceKind::Text, body);
        let (docs, t_extract) = timed(|| extractor.extract(&src, &options));
        let mut docs = docs?;
        let (events, t_code) = timed(|| {
            docs.iter_mut()
                .map(|d| {
                    analysis.run(d);
                    d.events.len()
                })
                .sum::<usize>()
        });
        println!("{:<26} {bytes:>10} {t_extract:>12.2} {t_code:>12.2} {events:>9}", format!("text {mb} MB"));
        extract_secs.push(t_extract);
        code_secs.push(t_code);
    }
    ratio_line("extract", &args.sizes, &extract_secs);
    ratio_line("code", &args.sizes, &code_secs);
    let mut nest_secs = Vec::new();
    for &depth in &args.depths {
        let body = format!(
            "<html><body>{}<p>Russia condemned Ukraine on Tuesday, officials said.</p>{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let bytes = body.len();
        let src = source(&format!("nested-{depth}.html"), SourceKind::Html, body);
        let (result, t) = timed(|| extractor.extract(&src, &options));
        let outcome = match result {
            Ok(docs) => format!("{} article(s)", docs.len()),
            Err(e) => format!("refused: {e}"),
        };
        println!("{:<26} {bytes:>10} {t:>12.3} {:>12} {outcome}", format!("nested HTML {depth}"), "-");
        nest_secs.push(t);
    }
    ratio_line("nested HTML", &args.depths, &nest_secs);
    gzip_of_newlines()?;
    Ok(ExitCode::SUCCESS)
}

/// A small gzip that inflates a thousandfold into blank lines: reading it costs what
/// inflating it costs.
fn gzip_of_newlines() -> anyhow::Result<()> {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let block = vec![b'\n'; 1 << 20];
    for _ in 0..1024 {
        gz.write_all(&block)?;
    }
    let bytes = gz.finish()?;
    let size = bytes.len();
    let (items, t) =
        timed(|| dyad_read::read_stream("newlines.jsonl.gz", std::io::Cursor::new(bytes), Default::default()).count());
    println!("{:<26} {size:>10} {t:>12.2} {:>12} {items} item(s) from 1 GiB of newlines", "jsonl.gz of newlines", "-");
    Ok(())
}
