//! The data that flows through dyad's pipeline.
//!
//! `read` produces [`Source`]s; `extract` turns each into one or more [`Document`]s;
//! every later stage (nlp, actors, events) adds its own layer to the `Document`
//! (`sentences`, then `mentions`, then `events`) and never rewrites an earlier one.
//! Byte offsets always point into `Document::text`, so evidence can be shown.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// What a reader found: one input page, text or record, decoded but not yet cleaned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// Document id: the file name without directories for files, the record id for
    /// JSONL/WARC records.
    pub id: String,
    /// Where it came from, for messages: `path`, `path:line`, `path#record-3`.
    pub origin: String,
    pub kind: SourceKind,
    /// The decoded body: HTML markup or plain text.
    pub body: String,
    /// Metadata the container already states (JSONL fields, WARC headers).
    pub hints: Metadata,
    /// When the page was fetched or the file last written: the reference point for
    /// relative dates ("2 days ago") when nothing better is known.
    pub fetched: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Html,
    Text,
}

/// Article metadata. Every field is optional: pages state what they state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    pub title: Option<String>,
    /// Publication day.
    pub published: Option<NaiveDate>,
    /// Where `published` came from: `meta`, `json-ld`, `time`, `url`, `text`,
    /// `relative`, `record`, `cli`, `file-time`.
    pub published_basis: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    pub site_name: Option<String>,
    pub url: Option<String>,
    pub canonical_url: Option<String>,
    /// ISO 639-1 code, e.g. `en`.
    pub language: Option<String>,
}

/// An article and everything the pipeline has learned about it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: String,
    pub origin: String,
    pub meta: Metadata,
    /// Clean article text; paragraphs are separated by one blank line (`"\n\n"`).
    pub text: String,
    /// Hex digest of `text`: the identity of an article in the store.
    pub content_hash: String,
    /// Filled by `nlp`.
    #[serde(default)]
    pub sentences: Vec<Sentence>,
    /// Filled by `actors`.
    #[serde(default)]
    pub mentions: Vec<Mention>,
    /// Filled by `events`.
    #[serde(default)]
    pub events: Vec<Event>,
}

impl Document {
    /// The text of a byte span of the article.
    pub fn slice(&self, start: usize, end: usize) -> &str {
        self.text.get(start..end).unwrap_or("")
    }
}

/// One sentence with its tokens. `start..end` are byte offsets into `Document::text`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub tokens: Vec<Token>,
}

/// One syntactic word, CoNLL-U style.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Token {
    /// Byte offsets into `Document::text`.
    pub start: usize,
    pub end: usize,
    pub form: String,
    pub lemma: String,
    /// Universal part of speech (`NOUN`, `PROPN`, `VERB`, ...).
    pub upos: String,
    /// Penn Treebank tag (`NNP`, `VBD`, ...).
    pub xpos: String,
    /// 1-based index of the head within the sentence; 0 for the root.
    pub head: usize,
    /// Universal dependency relation, subtypes included (`nsubj:pass`, `obl:tmod`).
    pub deprel: String,
}

/// An actor recognised in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// Index into `Document::sentences`.
    pub sentence: usize,
    /// Token index range within the sentence, `first..last+1` (0-based).
    pub tokens: (usize, usize),
    /// Byte offsets into `Document::text`.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub actor: Actor,
    /// Token index (0-based, within the sentence) of the mention's syntactic head.
    pub head: usize,
    /// Which dictionary entry or rule produced it, for `--explain`.
    pub rule: String,
    /// The words name a place (a capital, city or country name) that stands for an actor:
    /// "Moscow said" is the Russian government, but "talks in Moscow" is a location.
    /// The event coder decides by syntax; `actor` holds the reading as an actor.
    #[serde(default)]
    pub place: bool,
    /// The words name a person (a dictionary person or a name the article introduces), not a
    /// country, body or group: "he" may refer to it, "it" may not.
    #[serde(default)]
    pub person: bool,
}

/// A coded actor: `code` such as `USAGOV`, `RUS`, `UKRMIL`, `NATO`, `UNO`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Actor {
    pub code: String,
    /// ISO 3166-1 alpha-3 or an IGO code.
    pub country: Option<String>,
    /// `GOV`, `MIL`, `LEG`, `JUD`, `COP`, `OPP`, `REB`, `CVL`, `MED`, `BUS`, ...
    pub sector: Option<String>,
    /// Canonical name when the actor is a known entity.
    pub name: Option<String>,
}

/// An event, in the output contract of `docs/event-schema.md`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub doc: String,
    pub event_id: String,
    pub date: Option<NaiveDate>,
    pub date_basis: DateBasis,
    pub source: EventActor,
    pub target: EventActor,
    pub cameo: String,
    pub root: String,
    pub quad_class: u8,
    pub goldstein: f64,
    pub sentence: String,
    pub span: (usize, usize),
    pub location: Option<Location>,
    pub confidence: f64,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateBasis {
    Explicit,
    Relative,
    Publication,
}

/// An event's actor: the coded actor plus the words that named it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EventActor {
    pub code: String,
    pub country: Option<String>,
    pub sector: Option<String>,
    pub name: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub name: String,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// Why an event was coded.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The verb or noun phrase that triggered the event.
    pub trigger: String,
    /// The pattern or rule that produced the code.
    pub pattern: String,
    /// Free-form notes for `--explain` (argument roles, filters passed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_serialises_in_contract_shape() {
        let ev = Event {
            doc: "a".into(),
            event_id: "a-1".into(),
            date: NaiveDate::from_ymd_opt(2025, 6, 2),
            date_basis: DateBasis::Explicit,
            source: EventActor { code: "RUS".into(), country: Some("RUS".into()), ..Default::default() },
            target: EventActor { code: "UKR".into(), country: Some("UKR".into()), ..Default::default() },
            cameo: "195".into(),
            root: "19".into(),
            quad_class: 4,
            goldstein: -10.0,
            sentence: "Russia struck Ukraine.".into(),
            span: (0, 22),
            location: None,
            confidence: 0.8,
            evidence: Evidence::default(),
        };
        let v: serde_json::Value = serde_json::to_value(&ev).unwrap();
        assert_eq!(v["date"], "2025-06-02");
        assert_eq!(v["date_basis"], "explicit");
        assert_eq!(v["source"]["code"], "RUS");
        assert_eq!(v["span"], serde_json::json!([0, 22]));
        assert!(v["location"].is_null());
    }
}
