//! `dyad analyse`: tokenize, tag and parse text (or re-tag and re-parse gold-tokenized
//! CoNLL-U), printing CoNLL-U or JSON.
use anyhow::Context;
use dyad_nlp::{conllu, Analyzer};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum InputFormat {
    Text,
    Conllu,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum OutputFormat {
    Conllu,
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    /// Input file, or `-` for stdin
    pub input: PathBuf,
    #[arg(long, value_enum, default_value = "text")]
    pub input_format: InputFormat,
    #[arg(long, value_enum, default_value = "conllu")]
    pub format: OutputFormat,
    /// Use models from this file instead of the embedded ones
    #[arg(long)]
    pub model: Option<PathBuf>,
}

fn read_input(path: &PathBuf) -> anyhow::Result<String> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut bytes).context("reading stdin")?;
    } else {
        bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    }
    String::from_utf8(bytes)
        .map_err(|e| anyhow::anyhow!("{}: not valid UTF-8 (byte {})", path.display(), e.utf8_error().valid_up_to()))
}

pub fn load_analyzer(model: Option<&PathBuf>) -> anyhow::Result<Analyzer> {
    match model {
        Some(p) => Analyzer::load(p).with_context(|| format!("loading NLP model {}", p.display())),
        None => Analyzer::builtin().context("loading the embedded NLP model"),
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let nlp = load_analyzer(args.model.as_ref())?;
    let input = read_input(&args.input)?;
    let name = args.input.display().to_string();
    let mut out = String::new();
    match args.input_format {
        InputFormat::Text => {
            let doc = nlp.analyse(&input);
            match args.format {
                OutputFormat::Json => out = serde_json::to_string_pretty(&doc.sentences)? + "\n",
                OutputFormat::Conllu => {
                    let mut last_end = 0;
                    for (i, s) in doc.sentences.iter().enumerate() {
                        let gap = doc.text.get(last_end..s.start).unwrap_or("");
                        let new_par = i == 0 || gap.matches('\n').count() >= 2;
                        last_end = s.end;
                        let words: Vec<conllu::OutWord> = s
                            .tokens
                            .iter()
                            .enumerate()
                            .map(|(k, t)| conllu::OutWord {
                                form: &t.form,
                                lemma: &t.lemma,
                                upos: &t.upos,
                                xpos: &t.xpos,
                                head: t.head,
                                deprel: &t.deprel,
                                space_after: s.tokens.get(k + 1).is_none_or(|n| n.start > t.end),
                            })
                            .collect();
                        conllu::write_sentence(
                            &mut out,
                            &(i + 1).to_string(),
                            doc.slice(s.start, s.end),
                            new_par,
                            &words,
                        );
                    }
                }
            }
        }
        InputFormat::Conllu => {
            let gold = conllu::parse(&input, &name)?;
            let mut json = Vec::new();
            for (i, s) in gold.iter().enumerate() {
                let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
                let tokens = nlp.parse_tokens(&forms);
                match args.format {
                    OutputFormat::Json => json.push(tokens),
                    OutputFormat::Conllu => {
                        let words: Vec<conllu::OutWord> = tokens
                            .iter()
                            .zip(&s.words)
                            .map(|(t, g)| conllu::OutWord {
                                form: &t.form,
                                lemma: &t.lemma,
                                upos: &t.upos,
                                xpos: &t.xpos,
                                head: t.head,
                                deprel: &t.deprel,
                                space_after: g.space_after,
                            })
                            .collect();
                        let id = s.sent_id.clone().unwrap_or_else(|| (i + 1).to_string());
                        conllu::write_sentence(&mut out, &id, &conllu::sentence_text(s), s.new_paragraph, &words);
                    }
                }
            }
            if let OutputFormat::Json = args.format {
                out = serde_json::to_string_pretty(&json)? + "\n";
            }
        }
    }
    std::io::stdout().lock().write_all(out.as_bytes()).context("writing output")?;
    Ok(ExitCode::SUCCESS)
}
