//! Tokenizer, sentence splitter, tagger, lemmatizer and dependency parser for English,
//! trained on UD English EWT and embedded in the binary.
//!
//! ```no_run
//! let nlp = dyad_nlp::Analyzer::builtin()?;
//! let doc = nlp.analyse("Russia's envoy met Ukrainian officials.");
//! for t in &doc.sentences[0].tokens {
//!     println!("{} {} {} {}", t.form, t.upos, t.head, t.deprel);
//! }
//! # Ok::<(), dyad_nlp::NlpError>(())
//! ```

mod binio;
pub mod conllu;
pub mod eval;
mod lemma;
mod parser;
mod perceptron;
mod repair;
mod sentences;
mod tagger;
pub mod tokenize;
pub mod train;

use binio::{Reader, Writer};
use dyad_doc::{Document, Sentence, Token};

pub use eval::{evaluate_gold_tokens, evaluate_raw, GoldTokenScores, RawTextScores};
pub use train::{train, TrainOptions};

/// The models trained on UD English EWT, embedded at build time.
const BUILTIN_MODEL: &[u8] = include_bytes!("../models/en_ewt.dyadnlp");
const MAGIC: &[u8; 8] = b"DYADNLP3";

#[derive(Debug, thiserror::Error)]
pub enum NlpError {
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{origin}:{line}: {msg}")]
    Conllu { origin: String, line: usize, msg: String },
    #[error("bad model data: {0}")]
    Model(String),
}

/// Tokenizes, splits sentences, tags, lemmatizes and parses English. Immutable once built,
/// so it can be shared between threads.
pub struct Analyzer {
    splitter: sentences::SentenceSplitter,
    tagger: tagger::Tagger,
    lemmatizer: lemma::Lemmatizer,
    parser: parser::Parser,
    /// The tagger's index of the past-tense verb tag (`VERB\tVBD`), for [`repair`].
    past_tense_tag: Option<usize>,
}

impl Analyzer {
    fn new(
        splitter: sentences::SentenceSplitter,
        tagger: tagger::Tagger,
        lemmatizer: lemma::Lemmatizer,
        parser: parser::Parser,
    ) -> Analyzer {
        let past_tense_tag = tagger.tags().iter().position(|t| t == "VERB\tVBD");
        Analyzer { splitter, tagger, lemmatizer, parser, past_tense_tag }
    }

    /// The embedded models.
    pub fn builtin() -> Result<Analyzer, NlpError> {
        Analyzer::from_bytes(BUILTIN_MODEL)
    }

    /// Loads models from a file written by [`Analyzer::save`].
    pub fn load(path: &std::path::Path) -> Result<Analyzer, NlpError> {
        let bytes = std::fs::read(path).map_err(|e| NlpError::Io { path: path.display().to_string(), source: e })?;
        Analyzer::from_bytes(&bytes)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Analyzer, NlpError> {
        if bytes.get(..8) != Some(MAGIC.as_slice()) {
            return Err(NlpError::Model("not a dyad NLP model (bad magic)".into()));
        }
        let mut r = Reader::new(&bytes[8..]);
        let splitter = sentences::SentenceSplitter::read(&mut r)?;
        let tagger = tagger::Tagger::read(&mut r)?;
        let lemmatizer = lemma::Lemmatizer::read(&mut r)?;
        let parser = parser::Parser::read(&mut r)?;
        Ok(Analyzer::new(splitter, tagger, lemmatizer, parser))
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.buf.extend_from_slice(MAGIC);
        self.splitter.write(&mut w);
        self.tagger.write(&mut w);
        self.lemmatizer.write(&mut w);
        self.parser.write(&mut w);
        w.buf
    }

    pub fn save(&self, path: &std::path::Path) -> Result<(), NlpError> {
        std::fs::write(path, self.to_bytes()).map_err(|e| NlpError::Io { path: path.display().to_string(), source: e })
    }

    /// Drops perceptron weights smaller in magnitude than `min_abs` (out of 32767), shrinking
    /// the model.
    pub fn prune(&mut self, min_abs: i16) {
        self.splitter.model.prune(min_abs);
        self.tagger.model.prune(min_abs);
        self.parser.model.prune(min_abs);
    }

    /// A document holding `text` with its sentences analysed.
    pub fn analyse(&self, text: &str) -> Document {
        let mut doc = Document { text: text.to_string(), ..Default::default() };
        self.annotate(&mut doc);
        doc
    }

    /// Fills `doc.sentences` from `doc.text`.
    pub fn annotate(&self, doc: &mut Document) {
        doc.sentences = self.sentences(&doc.text);
    }

    /// Splits `text` into analysed sentences (offsets into `text`).
    pub fn sentences(&self, text: &str) -> Vec<Sentence> {
        let words = tokenize::tokenize(text);
        let ends = self.splitter.ends(text, &words);
        let mut out = Vec::with_capacity(ends.len());
        let mut first = 0;
        for end in ends {
            let Some(span) = words.get(first..=end) else { break };
            let forms: Vec<&str> = span.iter().map(|s| text.get(s.start..s.end).unwrap_or("")).collect();
            let mut tokens = self.analyse_words(&forms);
            for (t, s) in tokens.iter_mut().zip(span) {
                t.start = s.start;
                t.end = s.end;
            }
            let start = span.first().map_or(0, |s| s.start);
            let stop = span.last().map_or(0, |s| s.end);
            out.push(Sentence { start, end: stop, tokens });
            first = end + 1;
        }
        out
    }

    /// Tags and parses pre-tokenized words of one sentence. Offsets are relative to the
    /// words joined by single spaces.
    pub fn parse_tokens(&self, words: &[&str]) -> Vec<Token> {
        let mut tokens = self.analyse_words(words);
        let mut pos = 0;
        for (t, w) in tokens.iter_mut().zip(words) {
            t.start = pos;
            t.end = pos + w.len();
            pos = t.end + 1;
        }
        tokens
    }

    /// See [`repair`]: the word to re-tag, and its new tag.
    fn participle_to_repair(&self, words: &[&str], tags: &[usize], arcs: &[(usize, &str)]) -> Option<(usize, usize)> {
        let past_tense = self.past_tense_tag?;
        let view: Vec<repair::Word<'_>> = words
            .iter()
            .zip(tags)
            .zip(arcs)
            .map(|((form, t), (head, deprel))| {
                let (upos, xpos) = self.tagger.split(*t);
                repair::Word { form, upos, xpos, head: *head, deprel }
            })
            .collect();
        Some((repair::past_tense_for_participle(&view)?, past_tense))
    }

    fn analyse_words(&self, words: &[&str]) -> Vec<Token> {
        if words.is_empty() {
            return Vec::new();
        }
        let lex: Vec<tagger::Lex> = words.iter().map(|w| self.tagger.lexicon.lex(w)).collect();
        let mut tags = self.tagger.tag_lex(&lex);
        let parse = |tags: &[usize]| {
            let input: Vec<parser::ParseInput> = lex
                .iter()
                .zip(tags)
                .map(|(l, t)| parser::ParseInput::new(l.lower, *t, self.tagger.split(*t).0, l.amb))
                .collect();
            self.parser.parse(&input)
        };
        let mut arcs = parse(&tags);
        if let Some((i, past_tense)) = self.participle_to_repair(words, &tags, &arcs) {
            tags[i] = past_tense;
            arcs = parse(&tags);
        }
        words
            .iter()
            .zip(tags)
            .zip(arcs)
            .map(|((w, t), (head, deprel))| {
                let (upos, xpos) = self.tagger.split(t);
                Token {
                    start: 0,
                    end: 0,
                    form: (*w).to_string(),
                    lemma: self.lemmatizer.lemma(w, upos, xpos),
                    upos: upos.to_string(),
                    xpos: xpos.to_string(),
                    head,
                    deprel: deprel.to_string(),
                }
            })
            .collect()
    }
}

/// Small deterministic generator for shuffling training data.
pub(crate) struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}
