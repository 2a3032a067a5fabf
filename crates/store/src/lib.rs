//! The store of articles and events, in SQLite (embedded, the default) or PostgreSQL
//! (shared by many ingest workers and readers), chosen by a [`Location`]: a file path or
//! a `postgres://user@host:port/db` URL.
//!
//! Both backends keep the same tables (see `schema.rs` and `pg/schema.rs`), each with its
//! own versioned migrations, and the same rules: an article's identity is its content
//! hash, and its URL where it has one; storing the same text twice is a no-op, and storing
//! new text under a known URL replaces that article and its events in one transaction.
//! Later stages run their read queries through [`Db`] (one SQL text for both backends,
//! see `db.rs`) and turn event rows back into [`dyad_doc::Event`]s with [`event_from_row`].
//!
//! Full-text search over `title` and `text`: an FTS5 table kept in sync by triggers in
//! SQLite, a generated `tsvector` column with a GIN index in PostgreSQL ([`search`]).
//!
//! Concurrent ingest workers share their inputs through [`Store::claim_unit`]: a queue of
//! work units in PostgreSQL, claimed with `FOR UPDATE SKIP LOCKED` (SQLite has one writer
//! and no queue: every unit is simply its own).

mod db;
mod pg;
mod pool;
mod rows;
mod schema;
pub mod search;
mod sqlite;

use dyad_doc::{Document, Event};
use std::path::{Path, PathBuf};

pub use db::{ColumnIndex, Db, DbError, Dialect, FromValue, Row, Value};
/// The schema version of the PostgreSQL backend.
pub use pg::SCHEMA_VERSION as POSTGRES_SCHEMA_VERSION;
pub use pool::{Pool, PooledDb};
pub use rows::{event_from_row, StoredArticle, EVENT_COLUMNS};
/// Re-exported so later stages link exactly this SQLite build.
pub use rusqlite;
/// The schema version of the SQLite backend.
pub use schema::SCHEMA_VERSION;

/// Where `dyad` keeps its database unless told otherwise.
pub const DEFAULT_DB: &str = "dyad.db";

/// Where a store lives: a SQLite file or a PostgreSQL database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    /// A `postgres://` or `postgresql://` URL (or a `host=... dbname=...` string).
    Postgres(String),
}

impl Location {
    /// `postgres://...` and `postgresql://...` name PostgreSQL; anything else is a file.
    pub fn parse(text: &str) -> Location {
        let lower = text.trim_start().to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            Location::Postgres(text.trim().to_string())
        } else {
            Location::Sqlite(PathBuf::from(text))
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Location::Postgres(_))
    }
}

impl std::fmt::Display for Location {
    /// The path, or the URL with its password hidden.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::Sqlite(p) => write!(f, "{}", p.display()),
            Location::Postgres(url) => f.write_str(&pg::redact(url)),
        }
    }
}

impl std::str::FromStr for Location {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Location, Self::Err> {
        Ok(Location::parse(s))
    }
}

impl From<&Path> for Location {
    fn from(p: &Path) -> Location {
        Location::Sqlite(p.to_path_buf())
    }
}

impl From<&PathBuf> for Location {
    fn from(p: &PathBuf) -> Location {
        Location::Sqlite(p.clone())
    }
}

impl From<PathBuf> for Location {
    fn from(p: PathBuf) -> Location {
        Location::Sqlite(p)
    }
}

impl From<&Location> for Location {
    fn from(l: &Location) -> Location {
        l.clone()
    }
}

/// Each message is complete on its own (the underlying error is part of it, not a
/// separate `source`), so printing it once never repeats or loses the cause.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{location}: cannot open database: {message}")]
    Open { location: String, message: String },
    #[error("{location}: no database here (run `dyad ingest` first to create one)")]
    Missing { location: String },
    #[error("{location}: database schema version {found}, this dyad expects {expected} (open it read-write once, e.g. with `dyad ingest`, to migrate; or upgrade dyad)")]
    Version { location: String, found: u32, expected: u32 },
    #[error("{location}: migrating the schema failed: {message}")]
    Migrate { location: String, message: String },
    #[error("storing document {doc} failed: {cause}")]
    Put { doc: String, cause: DbError },
    #[error(transparent)]
    Query(#[from] DbError),
}

impl StoreError {
    /// See [`DbError::is_retryable`].
    pub fn is_retryable(&self) -> bool {
        match self {
            StoreError::Put { cause, .. } | StoreError::Query(cause) => cause.is_retryable(),
            _ => false,
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// What [`Store::put_documents`] did with one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PutOutcome {
    /// A new article (and its events) was stored.
    Inserted { article_id: i64 },
    /// The same text was already stored; nothing changed.
    AlreadyPresent { article_id: i64 },
    /// The article's URL was known with other text: the article was rewritten and its
    /// events replaced.
    Updated { article_id: i64 },
}

impl PutOutcome {
    pub fn article_id(self) -> i64 {
        match self {
            PutOutcome::Inserted { article_id }
            | PutOutcome::AlreadyPresent { article_id }
            | PutOutcome::Updated { article_id } => article_id,
        }
    }
}

/// Row counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub articles: u64,
    pub events: u64,
}

/// The answer to [`Store::claim_unit`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitClaim {
    /// This worker holds the unit until [`Store::finish_unit`] or [`Store::abandon_unit`];
    /// what it stores meanwhile commits together with the unit's completion.
    Claimed,
    /// Stored by an earlier run or another worker.
    Done,
    /// Another live worker holds it right now.
    Busy,
}

/// What a finished unit held, recorded with it.
#[derive(Debug, Clone, Copy, Default)]
pub struct UnitStats {
    pub sources: u64,
    pub stored: u64,
    pub failed: u64,
}

enum Backend {
    Sqlite(sqlite::SqliteStore),
    // Boxed: a PostgreSQL client is three times the size of a SQLite connection.
    Postgres(Box<pg::PgStore>),
}

pub struct Store {
    backend: Backend,
    location: Location,
}

impl Store {
    /// Opens the store read-write, creating it and applying any missing migrations.
    pub fn open(location: impl Into<Location>) -> Result<Store> {
        let location = location.into();
        let backend = match &location {
            Location::Sqlite(path) => Backend::Sqlite(sqlite::SqliteStore::open(path)?),
            Location::Postgres(url) => Backend::Postgres(Box::new(pg::PgStore::open(url, false)?)),
        };
        Ok(Store { backend, location })
    }

    /// A private SQLite database in memory (tests, one-off runs).
    pub fn open_in_memory() -> Result<Store> {
        let backend = Backend::Sqlite(sqlite::SqliteStore::open_in_memory()?);
        Ok(Store { backend, location: Location::Sqlite(PathBuf::from(":memory:")) })
    }

    /// Opens an existing store for reading only (`dyad serve`, `dyad events`). Fails
    /// clearly if it is missing or its schema is not the one this build knows.
    pub fn open_read_only(location: impl Into<Location>) -> Result<Store> {
        let location = location.into();
        let backend = match &location {
            Location::Sqlite(path) => Backend::Sqlite(sqlite::SqliteStore::open_read_only(path)?),
            Location::Postgres(url) => Backend::Postgres(Box::new(pg::PgStore::open(url, true)?)),
        };
        Ok(Store { backend, location })
    }

    pub fn location(&self) -> &Location {
        &self.location
    }

    /// The connection, for read queries of later stages.
    pub fn db(&mut self) -> Db<'_> {
        match &mut self.backend {
            Backend::Sqlite(s) => s.db(),
            Backend::Postgres(p) => p.db(),
        }
    }

    /// The SQLite connection, for what only SQLite has (PRAGMAs, tests); `None` on PostgreSQL.
    pub fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match &self.backend {
            Backend::Sqlite(s) => Some(&s.conn),
            Backend::Postgres(_) => None,
        }
    }

    /// Stores a batch of documents with their events in one transaction: either the whole
    /// batch is committed or nothing is. Returns one outcome per document, in order. Inside
    /// a claimed unit, the batch joins the unit's transaction.
    pub fn put_documents(&mut self, docs: &[Document]) -> Result<Vec<PutOutcome>> {
        match &mut self.backend {
            Backend::Sqlite(s) => s.put_documents(docs),
            Backend::Postgres(p) => p.put_documents(docs).map_err(|cause| StoreError::Put {
                doc: docs.first().map(|d| d.id.clone()).unwrap_or_default(),
                cause,
            }),
        }
    }

    /// Loads documents into a fresh store as fast as the backend allows (binary `COPY` in
    /// PostgreSQL), with ids 1, 2, ... in order on both backends. Nothing is looked up: a
    /// document already stored is an error.
    pub fn bulk_load(&mut self, docs: &[Document], ingested_at: chrono::DateTime<chrono::Utc>) -> Result<()> {
        match &mut self.backend {
            Backend::Sqlite(s) => Ok(s.bulk_load(docs, ingested_at)?),
            Backend::Postgres(p) => {
                let (articles, _) = p.max_ids()?;
                Ok(p.bulk_load(docs, articles + 1, ingested_at)?)
            }
        }
    }

    /// The id of the article stored with this content hash, if any: lets ingest skip the
    /// expensive stages for text it already has.
    pub fn article_with_hash(&mut self, content_hash: &str) -> Result<Option<i64>> {
        match &mut self.backend {
            Backend::Sqlite(s) => Ok(s.article_with_hash(content_hash)?),
            Backend::Postgres(p) => Ok(p.article_with_hash(content_hash)?),
        }
    }

    pub fn counts(&mut self) -> Result<Counts> {
        match &mut self.backend {
            Backend::Sqlite(s) => Ok(s.counts()?),
            Backend::Postgres(p) => Ok(p.counts()?),
        }
    }

    pub fn article_by_id(&mut self, id: i64) -> Result<Option<StoredArticle>> {
        Ok(self.db().query_opt("SELECT * FROM articles WHERE id = ?", &[Value::Integer(id)], rows::article_from_row)?)
    }

    /// The events coded from an article, in the order they were stored.
    pub fn events_for_article(&mut self, article_id: i64) -> Result<Vec<Event>> {
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events WHERE article_id = ? ORDER BY id");
        Ok(self.db().query_map(&sql, &[Value::Integer(article_id)], event_from_row)?)
    }

    /// True when workers can share work through this store ([`Store::claim_unit`]).
    pub fn shares_work(&self) -> bool {
        matches!(self.backend, Backend::Postgres(_))
    }

    /// Claims the work unit `key` (a batch of inputs) for this worker. In SQLite, which
    /// has one writer, every unit is claimed at once and nothing is recorded.
    pub fn claim_unit(&mut self, key: &str) -> Result<UnitClaim> {
        match &mut self.backend {
            Backend::Sqlite(_) => Ok(UnitClaim::Claimed),
            Backend::Postgres(p) => Ok(p.claim_unit(key)?),
        }
    }

    /// Marks the claimed unit done and commits it with everything stored since the claim.
    pub fn finish_unit(&mut self, key: &str, stats: UnitStats) -> Result<()> {
        match &mut self.backend {
            Backend::Sqlite(_) => Ok(()),
            Backend::Postgres(p) => Ok(p.finish_unit(key, stats)?),
        }
    }

    /// Gives the claimed unit back undone, dropping what was stored since the claim.
    pub fn abandon_unit(&mut self) {
        if let Backend::Postgres(p) = &mut self.backend {
            p.abandon_unit();
        }
    }

    /// Of `keys`, the units now done and those that no live worker holds (to redo).
    pub fn unit_states(&mut self, keys: &[String]) -> Result<(Vec<String>, Vec<String>)> {
        match &mut self.backend {
            Backend::Sqlite(_) => Ok((Vec::new(), keys.to_vec())),
            Backend::Postgres(p) => Ok(p.free_units(keys)?),
        }
    }
}

/// The URL an article is known by: the canonical one, else the one it was read from;
/// only an `http`/`https` URL counts (extraction already keeps no other kind).
pub fn article_url(doc: &Document) -> Option<&str> {
    [doc.meta.canonical_url.as_deref(), doc.meta.url.as_deref()].into_iter().flatten().find(|u| is_web_url(u))
}

/// True for an absolute `http://` or `https://` URL without spaces or control characters:
/// safe to store as an article's address and to render as a link.
pub fn is_web_url(url: &str) -> bool {
    let after =
        |scheme: &str| url.get(..scheme.len()).filter(|p| p.eq_ignore_ascii_case(scheme)).map(|_| &url[scheme.len()..]);
    let host_and_path = after("https://").or_else(|| after("http://"));
    host_and_path.is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests;
