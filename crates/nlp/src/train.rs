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
    /// Averaged weights smaller than this are dropped from the saved models.
    pub min_weight: f32,
    /// Also learn from the dev split. Nothing is then held out to choose epochs on, so every
    /// model trains for exactly its number of epochs (counts chosen beforehand on dev).
    pub with_dev: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            splitter_epochs: 5,
            tagger_epochs: 10,
            parser_epochs: 14,
            folds: 4,
            min_weight: 0.6,
            with_dev: true,
        }
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
                input: lex
                    .iter()
                    .zip(tags)
                    .map(|(l, t)| ParseInput::new(l.lower, t, tagger.split(t).0, l.amb))
                    .collect(),
                heads: s.words.iter().map(|w| w.head).collect(),
                labels: s.words.iter().map(|w| w.deprel.clone()).collect(),
            }
        })
        .collect()
}

/// Trains the splitter, tagger, lemmatizer and parser on `data_dir`'s train split, choosing
/// epochs on its dev split (or, with `with_dev`, on both splits for fixed epochs).
pub fn train(data_dir: &Path, opts: &TrainOptions, log: &mut dyn FnMut(String)) -> Result<Analyzer, NlpError> {
    let mut train = conllu::read_file(&split_file(data_dir, "train")?)?;
    let mut dev = conllu::read_file(&split_file(data_dir, "dev")?)?;
    log(format!("{} train sentences, {} dev sentences", train.len(), dev.len()));
    if opts.with_dev {
        log("learning from train and dev; epochs are fixed".into());
        train.append(&mut dev);
    }

    let (raw, spans) = conllu::raw_text(&train);
    let ends: Vec<usize> = spans.iter().map(|s| s.1).collect();
    let splitter = SentenceSplitter::train(&[(raw, ends)], opts.splitter_epochs, log);

    let train_tag = tag_examples(&train);
    let dev_tag = tag_examples(&dev);
    let words: Vec<(String, String, String, String)> = train
        .iter()
        .flat_map(|s| s.words.iter().map(|w| (w.form.clone(), w.upos.clone(), w.xpos.clone(), w.lemma.clone())))
        .collect();
    let lemmatizer = Lemmatizer::train(&words);

    // The tagger, and the jackknifed taggers whose tags the parser learns from, train in
    // parallel: each fold's tagger learns from the other folds and tags its own.
    let folds = if opts.folds >= 2 { opts.folds } else { 0 };
    let (tagger, lines, fold_tags) = std::thread::scope(|scope| {
        let (train_tag, dev_tag) = (&train_tag, &dev_tag);
        let main = scope.spawn(move || {
            let mut lines = Vec::new();
            let t = tagger::train(train_tag, dev_tag, opts.tagger_epochs, opts.min_weight, &mut |l| lines.push(l));
            (t, lines)
        });
        let workers: Vec<_> = (0..folds)
            .map(|fold| {
                scope.spawn(move || {
                    let rest: Vec<TagExample> = train_tag
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| i % folds != fold)
                        .map(|(_, e)| TagExample { forms: e.forms.clone(), tags: e.tags.clone() })
                        .collect();
                    let fold_tagger =
                        tagger::train(&rest, dev_tag, opts.tagger_epochs.min(6), opts.min_weight, &mut |_| {});
                    train_tag
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| i % folds == fold)
                        .map(|(i, e)| {
                            let lex: Vec<tagger::Lex> = e.forms.iter().map(|f| fold_tagger.lexicon.lex(f)).collect();
                            let tags: Vec<String> = fold_tagger
                                .tag_lex(&lex)
                                .iter()
                                .map(|t| fold_tagger.tags().get(*t).cloned().unwrap_or_default())
                                .collect();
                            (i, tags)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let fold_tags: Vec<(usize, Vec<String>)> =
            workers.into_iter().flat_map(|w| w.join().unwrap_or_default()).collect();
        let (tagger, lines) = match main.join() {
            Ok(x) => x,
            Err(e) => std::panic::resume_unwind(e),
        };
        (tagger, lines, fold_tags)
    });
    for l in lines {
        log(l);
    }
    let tag_index = |t: &str| tagger.tags().iter().position(|x| x == t).unwrap_or(0);
    let mut predicted: Vec<Vec<usize>> =
        train.iter().map(|s| s.words.iter().map(|w| tag_index(&format!("{}\t{}", w.upos, w.xpos))).collect()).collect();
    if folds > 0 {
        let (mut n, mut ok) = (0usize, 0usize);
        for (i, tags) in fold_tags {
            if let Some(p) = predicted.get_mut(i) {
                for (k, t) in tags.iter().enumerate() {
                    if let Some(slot) = p.get_mut(k) {
                        n += 1;
                        let ti = tag_index(t);
                        ok += usize::from(*slot == ti);
                        *slot = ti;
                    }
                }
            }
        }
        log(format!("jackknifed tags for the parser: accuracy {:.4} over {n} words", ok as f64 / n.max(1) as f64));
    }
    let train_parse = parse_examples(&train, &tagger, Some(&predicted));
    let dev_parse = parse_examples(&dev, &tagger, None);
    let parser = parser::train(&train_parse, &dev_parse, opts.parser_epochs, opts.min_weight, log);
    Ok(Analyzer::new(splitter, tagger, lemmatizer, parser))
}
