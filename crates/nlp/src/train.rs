//! Training every model from a UD treebank directory (`*-ud-train.conllu`, `*-ud-dev.conllu`).

use crate::conllu::{self, Sentence};
use crate::parser::{self, ParseExample, ParseInput};
use crate::sentences::SentenceSplitter;
use crate::tagger::{self, TagExample, Tagger};
use crate::{lemma::Lemmatizer, Analyzer, NlpError};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub splitter_epochs: usize,
    pub tagger_epochs: usize,
    pub parser_epochs: usize,
    /// The parser learns from tags predicted by taggers trained on the other folds
    /// (jackknifing), so it sees tagging errors like those it meets at run time. 1 = gold tags.
    pub folds: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions { splitter_epochs: 5, tagger_epochs: 10, parser_epochs: 15, folds: 4 }
    }
}

/// The treebank file of a split (`train`, `dev`, `test`) in `dir`.
pub fn split_file(dir: &Path, split: &str) -> Result<PathBuf, NlpError> {
    let suffix = format!("-ud-{split}.conllu");
    let entries = std::fs::read_dir(dir).map_err(|e| NlpError::Io { path: dir.display().to_string(), source: e })?;
    for e in entries.flatten() {
        let p = e.path();
        if p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(&suffix)) {
            return Ok(p);
        }
    }
    Err(NlpError::Io {
        path: dir.display().to_string(),
        source: std::io::Error::new(std::io::ErrorKind::NotFound, format!("no *{suffix} file")),
    })
}

fn tag_examples(sents: &[Sentence]) -> Vec<TagExample> {
    sents
        .iter()
        .map(|s| TagExample {
            forms: s.words.iter().map(|w| w.form.clone()).collect(),
            tags: s.words.iter().map(|w| format!("{}\t{}", w.upos, w.xpos)).collect(),
        })
        .collect()
}

fn parse_examples(sents: &[Sentence], tagger: &Tagger, predicted: Option<&[Vec<usize>]>) -> Vec<ParseExample> {
    sents
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let lex: Vec<tagger::Lex> = s.words.iter().map(|w| tagger.lexicon.lex(&w.form)).collect();
            let tags = match predicted.and_then(|p| p.get(i)) {
                Some(t) => t.clone(),
                None => tagger.tag_lex(&lex),
            };
            ParseExample {
                input: lex.iter().zip(tags).map(|(l, t)| ParseInput { word: l.lower, tag: t as u64 + 1 }).collect(),
                heads: s.words.iter().map(|w| w.head).collect(),
                labels: s.words.iter().map(|w| w.deprel.clone()).collect(),
            }
        })
        .collect()
}

/// Trains the splitter, tagger, lemmatizer and parser on `data_dir`'s train split, choosing
/// epochs on its dev split.
pub fn train(data_dir: &Path, opts: &TrainOptions, log: &mut dyn FnMut(String)) -> Result<Analyzer, NlpError> {
    let train = conllu::read_file(&split_file(data_dir, "train")?)?;
    let dev = conllu::read_file(&split_file(data_dir, "dev")?)?;
    log(format!("{} train sentences, {} dev sentences", train.len(), dev.len()));

    let (raw, spans) = conllu::raw_text(&train);
    let ends: Vec<usize> = spans.iter().map(|s| s.1).collect();
    let splitter = SentenceSplitter::train(&[(raw, ends)], opts.splitter_epochs, log);

    let train_tag = tag_examples(&train);
    let dev_tag = tag_examples(&dev);
    let tagger = tagger::train(&train_tag, &dev_tag, opts.tagger_epochs, log);

    let words: Vec<(String, String, String, String)> = train
        .iter()
        .flat_map(|s| s.words.iter().map(|w| (w.form.clone(), w.upos.clone(), w.xpos.clone(), w.lemma.clone())))
        .collect();
    let lemmatizer = Lemmatizer::train(&words);

    // Jackknifed tags for the parser's training data.
    let tag_index = |t: &str| tagger.tags().iter().position(|x| x == t).unwrap_or(0);
    let predicted: Vec<Vec<usize>> = if opts.folds >= 2 {
        let mut predicted = vec![Vec::new(); train.len()];
        for fold in 0..opts.folds {
            let rest: Vec<TagExample> = tag_examples(&train)
                .into_iter()
                .enumerate()
                .filter(|(i, _)| i % opts.folds != fold)
                .map(|(_, e)| e)
                .collect();
            let mut quiet = |_: String| {};
            let fold_tagger = tagger::train(&rest, &dev_tag, opts.tagger_epochs, &mut quiet);
            let (mut n, mut ok) = (0usize, 0usize);
            for (i, s) in train.iter().enumerate().filter(|(i, _)| i % opts.folds == fold) {
                let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
                let lex: Vec<tagger::Lex> = forms.iter().map(|f| fold_tagger.lexicon.lex(f)).collect();
                let tags = fold_tagger.tag_lex(&lex);
                // Map the fold tagger's tag ids onto the full tagger's.
                predicted[i] = tags
                    .iter()
                    .map(|t| tag_index(fold_tagger.tags().get(*t).map_or("", |s| s.as_str())))
                    .collect();
                for (t, w) in predicted[i].iter().zip(&s.words) {
                    n += 1;
                    ok += usize::from(tagger.tags().get(*t).is_some_and(|x| *x == format!("{}\t{}", w.upos, w.xpos)));
                }
            }
            log(format!("jackknife fold {}: tag accuracy {:.4}", fold + 1, ok as f64 / n.max(1) as f64));
        }
        predicted
    } else {
        train.iter().map(|s| s.words.iter().map(|w| tag_index(&format!("{}\t{}", w.upos, w.xpos))).collect()).collect()
    };
    let train_parse = parse_examples(&train, &tagger, Some(&predicted));
    let dev_parse = parse_examples(&dev, &tagger, None);
    let parser = parser::train(&train_parse, &dev_parse, opts.parser_epochs, log);
    Ok(Analyzer { splitter, tagger, lemmatizer, parser })
}
