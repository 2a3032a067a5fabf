//! Actor dictionary and actor recognition.
//!
//! ```text
//! let mut dict = ActorDictionary::builtin()?;   dyad's own knowledge (data/*.txt, embedded)
//! dict.merge(ActorDictionary::load_file(path)?);                user files, same format
//! dict.merge(ActorDictionary::load_petrarch(actors, agents)?);  PETRARCH dictionaries
//! let r = Recognizer::new(dict);                                 Send + Sync
//! r.recognise(&mut doc);                                         fills doc.mentions
//! Recognizer::new(d).petrarch_conventions(bool)  `---GOV` for roles without a country,
//!                         no guessing from context (default: on iff PETRARCH actors)
//! simple::split(text)                                       sentences without an analyser
//! ```
//! A mention's `actor.code` is country (or IGO) + sector (`RUSGOV`, `UKRMIL`, `UNO`),
//! `head` its syntactic head, `rule` why it was coded, `place` whether the words are a
//! place name (capital, country, city) that the event coder may read as a location.
//! [`petrarch::PetrarchDictionary`] replays PETRARCH's own noun-phrase coding.

pub mod codes;
mod dict;
pub mod names;
mod norm;
pub mod petrarch;
mod recognise;
pub mod simple;

pub use dict::{ActorDictionary, DatedCode, Entry, Kind};
pub use names::ActorNames;
pub use norm::{fold, key};
pub use recognise::Recognizer;

/// Errors reading dictionaries.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{origin}:{line}: {message}")]
    Parse { origin: String, line: usize, message: String },
}
