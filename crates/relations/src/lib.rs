//! Relations between actors over time, read from the event store.
//!
//! Everything here is a read query over the `events` and `articles` tables of
//! `dyad-store` (taken as a [`dyad_store::Db`], SQLite or PostgreSQL: the same SQL and
//! the same answers on both), returning plain serialisable data:
//!
//! - [`list_events`]: stored events with filters ([`EventFilter`]), newest first.
//! - [`relation`]: the series between two actors (directed or both ways) by day, week or
//!   month — counts by quad class and root, Goldstein sum and mean, the net cooperation
//!   index, distinct real-world events — and the events that moved the index most.
//! - [`top_actors`], [`timeline`], [`network`]: who an actor deals with, an actor's
//!   activity over time, and the country-to-country network.
//! - [`corroboration`]: reports of one real-world event grouped together.
//! - [`export`]: CSV, JSONL (the event contract), Parquet and GDELT 2.0 TSV writers;
//!   [`gdelt`]: the GDELT 2.0 event table; [`parquet`]: typed Parquet, one file or a
//!   Hive-partitioned dataset.
//! - [`synthetic`]: a large plausible event database for benchmarks.
//!
//! **Net cooperation index** of a set of events: `Σ goldstein / Σ |goldstein|`. It lies in
//! −1..1: +1 when every scored event is cooperative, −1 when every one is conflictual, 0 for
//! a balance (or no scored event). Each event weighs by the intensity of what happened, so
//! one air strike (−10) outweighs three statements of concern (−2 each).
//!
//! **Corroboration**: events with the same source and target (countries where known, else
//! codes) and CAMEO root whose
//! dates lie within one day of the earliest of them are taken as one real-world event
//! reported several times (see [`corroboration`]).

mod actor;
pub mod browse;
mod cluster;
pub mod export;
mod filter;
pub mod gdelt;
mod network;
pub mod parquet;
mod series;
pub mod synthetic;
pub mod table;

pub use actor::{top_actors, Counterpart};
pub use cluster::{corroboration, coverage_by_event, CorroboratedEvent, Coverage};
pub use filter::{
    actor_exists, article, count_events, list_events, parse_date, ActorCode, Article, EventFilter, EventPage, Period,
    StoredEvent, MAX_LIMIT,
};
pub use network::{network, Network, NetworkEdge, NetworkNode};
pub use series::{
    net_cooperation, relation, timeline, Bucket, EventSummary, Granularity, Mover, QuadCounts, Relation, RelationQuery,
    Timeline, MAX_BUCKETS,
};

/// What can go wrong. [`Error::is_client_error`] tells bad input from failures.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A parameter is malformed or out of range.
    #[error("invalid {param}: {message}")]
    Invalid { param: &'static str, message: String },
    /// A well-formed actor code that no stored event involves.
    #[error("unknown actor {0}: no stored event involves it")]
    UnknownActor(String),
    /// The requested row does not exist.
    #[error("{0} not found")]
    NotFound(String),
    #[error("database query failed: {0}")]
    Db(#[from] dyad_store::DbError),
    #[error(transparent)]
    Store(#[from] dyad_store::StoreError),
    #[error("{path}: {message}")]
    Output { path: String, message: String },
}

impl Error {
    pub(crate) fn invalid(param: &'static str, message: impl Into<String>) -> Error {
        Error::Invalid { param, message: message.into() }
    }

    /// True when the caller's input is at fault (HTTP 4xx), false for internal failures.
    pub fn is_client_error(&self) -> bool {
        matches!(self, Error::Invalid { .. } | Error::UnknownActor(_) | Error::NotFound(_))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// User text quoted in messages, cut short so a huge parameter cannot flood a log.
pub(crate) fn shown(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        format!("{text:?}")
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut:?}…")
    }
}
