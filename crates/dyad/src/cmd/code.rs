//! `dyad code`: print the events coded from the inputs; `dyad bench code`: coding
//! throughput with parsing included.

use crate::pipeline::Pipeline;
use anyhow::Context;
use dyad_doc::Document;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// The analysis stages after extraction: parse, recognise actors, code events.
pub struct Analysis {
    pub analyzer: dyad_nlp::Analyzer,
    pub recognizer: dyad_actors::Recognizer,
    pub coder: dyad_events::EventCoder,
}

impl Analysis {
    /// The built-in models and dictionaries; `dict` replaces the event patterns.
    pub fn load(dict: Option<&std::path::Path>) -> anyhow::Result<Analysis> {
        Self::load_with_model(None, dict)
    }

    /// As [`Analysis::load`], with an NLP model file instead of the embedded one.
    pub fn load_with_model(model: Option<&PathBuf>, dict: Option<&std::path::Path>) -> anyhow::Result<Analysis> {
        let analyzer = super::analyse::load_analyzer(model)?;
        let actors = dyad_actors::ActorDictionary::builtin().context("loading the built-in actor dictionary")?;
        let coder = match dict {
            Some(p) => dyad_events::EventCoder::from_pattern_file(p)
                .with_context(|| format!("loading event patterns {}", p.display()))?,
            None => dyad_events::EventCoder::builtin().context("loading the built-in event patterns")?,
        };
        Ok(Analysis { analyzer, recognizer: dyad_actors::Recognizer::new(actors), coder })
    }

    /// Adds sentences, mentions and events to an extracted article.
    pub fn run(&self, doc: &mut Document) {
        self.analyzer.annotate(doc);
        self.recognizer.recognise(doc);
        self.coder.code(doc);
    }

    /// As [`Analysis::run`], returning what the coder saw in every sentence.
    pub fn run_explained(&self, doc: &mut Document) -> Vec<dyad_events::SentenceTrace> {
        self.analyzer.annotate(doc);
        self.recognizer.recognise(doc);
        self.coder.explain(doc)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Jsonl,
    Tsv,
    Table,
}

#[derive(clap::Args)]
pub struct Args {
    /// Input files or directories (HTML, text, JSONL, WARC, gzip); `-` for stdin
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Publication date to assume (YYYY-MM-DD) when a page gives none
    #[arg(long)]
    published: Option<chrono::NaiveDate>,
    /// When the inputs were fetched (YYYY-MM-DD): the reference for relative stamps
    /// ("2 days ago") where the input states none
    #[arg(long, value_name = "DATE")]
    retrieved: Option<chrono::NaiveDate>,
    /// An article without a publication date is an error, not a warning
    #[arg(long)]
    strict: bool,
    #[arg(long, value_enum, default_value = "jsonl")]
    format: Format,
    /// For every sentence: its parse, the actors seen, each trigger word and the pattern that
    /// fired or why each pattern tried gave no event
    #[arg(long)]
    explain: bool,
    /// Event pattern dictionary in dyad's format instead of the built-in one
    #[arg(long)]
    dict: Option<PathBuf>,
    /// NLP model file instead of the embedded one
    #[arg(long)]
    model: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut pipeline =
        Pipeline::new(dyad_extract::ExtractOptions { published: args.published, retrieved: args.retrieved });
    pipeline.analysis = Some(Analysis::load_with_model(args.model.as_ref(), args.dict.as_deref())?);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.format == Format::Tsv {
        writeln!(out, "doc\tevent_id\tdate\tsource\ttarget\tcameo\tgoldstein\tquad\tconfidence\ttrigger\tsentence")?;
    }
    let mut failures = 0usize;
    let mut undated = crate::undated::Undated::default();
    for item in dyad_read::read_inputs(&args.inputs) {
        let source = match item {
            Ok(s) => s,
            Err(e) => {
                eprintln!("dyad: {e}");
                failures += 1;
                continue;
            }
        };
        let processed = if args.explain { pipeline.extract(&source) } else { pipeline.process(&source) };
        let docs = match processed {
            Ok(d) => d,
            Err(e) => {
                eprintln!("dyad: {e:#}");
                failures += 1;
                continue;
            }
        };
        for mut doc in docs {
            if args.strict && doc.meta.published.is_none() {
                out.flush()?;
                anyhow::bail!("{}: no publication date (--strict); give --published or --retrieved", doc.origin);
            }
            if args.explain {
                let analysis = pipeline.analysis.as_ref().context("analysis stages")?;
                let traces = analysis.run_explained(&mut doc);
                undated.add(&doc);
                print_events(&mut out, &doc, args.format)?;
                write_explanation(&mut out, &doc, &traces)?;
            } else {
                undated.add(&doc);
                print_events(&mut out, &doc, args.format)?;
            }
        }
    }
    out.flush()?;
    if let Some(line) = undated.line() {
        eprintln!("dyad: {line}");
    }
    Ok(super::finished(failures))
}

fn print_events(out: &mut impl Write, doc: &Document, format: Format) -> anyhow::Result<()> {
    for e in &doc.events {
        match format {
            Format::Jsonl => writeln!(out, "{}", serde_json::to_string(e)?)?,
            Format::Tsv => writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{:.2}\t{}\t{}",
                e.doc,
                e.event_id,
                e.date.map(|d| d.to_string()).unwrap_or_default(),
                e.source.code,
                e.target.code,
                e.cameo,
                e.goldstein,
                e.quad_class,
                e.confidence,
                e.evidence.trigger.replace(['\t', '\n'], " "),
                e.sentence.replace(['\t', '\n'], " ")
            )?,
            Format::Table => writeln!(
                out,
                "{:<28} {:<10} {:<10} → {:<10} {:<5} {:>6}  {}",
                truncate(&e.doc, 28),
                e.date.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
                e.source.code,
                e.target.code,
                e.cameo,
                e.goldstein,
                truncate(&e.sentence, 90)
            )?,
        }
    }
    Ok(())
}

fn truncate(s: &str, n: usize) -> String {
    let t: String = s.chars().take(n).collect();
    if t.len() < s.len() {
        format!("{t}…")
    } else {
        t
    }
}

/// Every sentence of the document: its parse as an indented tree, the actors seen, the
/// events coded from it, and for each trigger word the pattern that fired or why each one
/// tried gave nothing.
fn write_explanation(
    out: &mut impl Write,
    doc: &Document,
    traces: &[dyad_events::SentenceTrace],
) -> anyhow::Result<()> {
    for trace in traces {
        let Some(sentence) = doc.sentences.get(trace.sentence) else {
            continue;
        };
        writeln!(
            out,
            "== {} sentence {}: {}",
            doc.id,
            trace.sentence + 1,
            doc.slice(sentence.start, sentence.end).trim()
        )?;
        writeln!(out, "  parse:")?;
        write_tree(out, &sentence.tokens, 0, 0)?;
        if trace.actors.is_empty() {
            writeln!(out, "  actors: none recognised")?;
        } else {
            writeln!(out, "  actors: {}", trace.actors.join("; "))?;
        }
        for e in doc.events.iter().filter(|e| e.span == (sentence.start, sentence.end)) {
            writeln!(
                out,
                "  event: {} → {} {} (trigger {}; {})",
                e.source.code, e.target.code, e.cameo, e.evidence.trigger, e.evidence.pattern
            )?;
            for n in &e.evidence.notes {
                writeln!(out, "    note: {n}")?;
            }
        }
        if trace.triggers.is_empty() {
            writeln!(out, "  no trigger: no word of the sentence has a pattern")?;
        }
        for t in &trace.triggers {
            writeln!(out, "  trigger \"{}\" (word {}):", t.word, t.token + 1)?;
            for a in &t.attempts {
                match &a.outcome {
                    Ok(coded) => writeln!(out, "    {} → {}", a.pattern, coded.join(", "))?,
                    Err(why) => writeln!(out, "    {} — {why}", a.pattern)?,
                }
            }
        }
        writeln!(out)?;
    }
    Ok(())
}

fn write_tree(out: &mut impl Write, toks: &[dyad_doc::Token], head: usize, depth: usize) -> std::io::Result<()> {
    for (i, t) in toks.iter().enumerate() {
        if t.head == head && depth < 40 {
            writeln!(out, "    {}{} [{} {} {}]", "  ".repeat(depth), t.form, t.deprel, t.upos, t.lemma)?;
            write_tree(out, toks, i + 1, depth + 1)?;
        }
    }
    Ok(())
}

#[derive(clap::Args)]
pub struct BenchArgs {
    /// Inputs to code (default: ../shared/data/seeds and the extraction benchmark pages)
    #[arg(long, num_args = 1..)]
    inputs: Vec<PathBuf>,
    /// Passes over the inputs
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    /// NLP model file instead of the embedded one
    #[arg(long)]
    model: Option<PathBuf>,
}

/// Extraction is done once up front; the timed part is parsing + actors + events on one core.
pub fn bench(args: BenchArgs) -> anyhow::Result<ExitCode> {
    let inputs = if args.inputs.is_empty() {
        let shared = PathBuf::from("../shared/data");
        vec![shared.join("seeds"), shared.join("article-extraction-benchmark/html")]
    } else {
        args.inputs.clone()
    };
    let pipeline = Pipeline::new(dyad_extract::ExtractOptions::default());
    let analysis = Analysis::load_with_model(args.model.as_ref(), None)?;
    let mut docs: Vec<Document> = Vec::new();
    for item in dyad_read::read_inputs(&inputs) {
        let Ok(source) = item else { continue };
        if let Ok(d) = pipeline.extract(&source) {
            docs.extend(d);
        }
    }
    anyhow::ensure!(!docs.is_empty(), "no articles found in {:?}", inputs);
    let (mut sentences, mut events, mut articles) = (0usize, 0usize, 0usize);
    let (mut t_parse, mut t_actors, mut t_events) = (0f64, 0f64, 0f64);
    let start = Instant::now();
    for _ in 0..args.repeat.max(1) {
        for d in &docs {
            let mut doc = d.clone();
            let t0 = Instant::now();
            analysis.analyzer.annotate(&mut doc);
            let t1 = Instant::now();
            analysis.recognizer.recognise(&mut doc);
            let t2 = Instant::now();
            analysis.coder.code(&mut doc);
            let t3 = Instant::now();
            t_parse += (t1 - t0).as_secs_f64();
            t_actors += (t2 - t1).as_secs_f64();
            t_events += (t3 - t2).as_secs_f64();
            sentences += doc.sentences.len();
            events += doc.events.len();
            articles += 1;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "code (parse + actors + events, one core): {articles} articles, {sentences} sentences, {events} events in {secs:.2}s: {:.0} sentences/s, {:.1} articles/s",
        sentences as f64 / secs,
        articles as f64 / secs
    );
    let rate = |t: f64| if t > 0.0 { sentences as f64 / t } else { 0.0 };
    println!(
        "  by stage: parse {t_parse:.2}s ({:.0} sentences/s), actors {t_actors:.2}s ({:.0}/s), events {t_events:.2}s ({:.0}/s)",
        rate(t_parse),
        rate(t_actors),
        rate(t_events)
    );
    Ok(ExitCode::SUCCESS)
}
