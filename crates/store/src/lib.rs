//! The embedded SQLite store of articles and events.
//!
//! One file (default `./dyad.db`), WAL mode, schema versioned by `PRAGMA user_version`
//! (see `schema.rs` for the tables). An article's identity is its content hash, and its
//! URL where it has one: storing the same text twice is a no-op, and storing new text
//! under a known URL replaces that article and its events in one transaction.
//! Later stages run their own read queries through [`Store::conn`] and turn event rows
//! back into [`dyad_doc::Event`]s with [`event_from_row`].
//!
//! Full-text search: `articles_fts` is an FTS5 external-content table over
//! `articles(title, text)` (rowid = `articles.id`), kept in sync by triggers on every
//! insert, update and delete of `articles`, so raw SQL writes stay consistent too.

mod rows;
mod schema;

use dyad_doc::{Document, Event};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use std::path::{Path, PathBuf};

pub use rows::{event_from_row, StoredArticle, EVENT_COLUMNS};
/// Re-exported so later stages link exactly this SQLite build.
pub use rusqlite;
pub use schema::SCHEMA_VERSION;

/// Where `dyad` keeps its database unless told otherwise.
pub const DEFAULT_DB: &str = "dyad.db";

/// Each message is complete on its own (the underlying error is part of it, not a
/// separate `source`), so printing it once never repeats or loses the cause.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: cannot open database: {cause}")]
    Open { path: PathBuf, cause: rusqlite::Error },
    #[error("{path}: no database here (run `dyad ingest` first to create one)")]
    Missing { path: PathBuf },
    #[error("{path}: database schema version {found}, this dyad expects {expected} (open it read-write once, e.g. with `dyad ingest`, to migrate; or upgrade dyad)")]
    Version { path: PathBuf, found: u32, expected: u32 },
    #[error("{path}: migrating the schema failed: {message}")]
    Migrate { path: PathBuf, message: String },
    #[error("storing document {doc} failed: {cause}")]
    Put { doc: String, cause: rusqlite::Error },
    #[error(transparent)]
    Query(#[from] rusqlite::Error),
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

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens the database at `path` read-write, creating it and applying any missing
    /// migrations.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        let conn = Connection::open(&path).map_err(|cause| StoreError::Open { path: path.clone(), cause })?;
        Store::init(conn, path)
    }

    /// A private database in memory (tests, one-off runs).
    pub fn open_in_memory() -> Result<Store> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|cause| StoreError::Open { path: path.clone(), cause })?;
        Store::init(conn, path)
    }

    /// Opens an existing database for reading only (`dyad serve`, `dyad events`). Fails
    /// clearly if the file is missing or its schema is not the one this build knows.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        if !path.is_file() {
            return Err(StoreError::Missing { path });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(&path, flags)
            .map_err(|cause| StoreError::Open { path: path.clone(), cause })?;
        let open_err = |cause| StoreError::Open { path: path.clone(), cause };
        conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(open_err)?;
        let found = schema::user_version(&conn).map_err(open_err)?;
        if found != SCHEMA_VERSION {
            return Err(StoreError::Version { path, found, expected: SCHEMA_VERSION });
        }
        Ok(Store { conn, path })
    }

    fn init(mut conn: Connection, path: PathBuf) -> Result<Store> {
        let open_err = |cause| StoreError::Open { path: path.clone(), cause };
        // Writers wait for each other (an ingest and a concurrent migration) instead of failing.
        conn.busy_timeout(std::time::Duration::from_secs(30)).map_err(open_err)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(open_err)?;
        // NORMAL is durable across application crashes in WAL mode; only a power loss can
        // drop the last commits, never corrupt the file.
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", true).map_err(open_err)?;
        schema::migrate(&mut conn).map_err(|e| StoreError::Migrate { path: path.clone(), message: e.to_string() })?;
        Ok(Store { conn, path })
    }

    /// The file this store lives in (`:memory:` for in-memory stores).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection, for read queries of later stages.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Stores a batch of documents with their events in one transaction: either the whole
    /// batch is committed or nothing is. Returns one outcome per document, in order.
    pub fn put_documents(&mut self, docs: &[Document]) -> Result<Vec<PutOutcome>> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let mut outcomes = Vec::with_capacity(docs.len());
        for doc in docs {
            let outcome =
                put_document(&tx, doc, &now).map_err(|cause| StoreError::Put { doc: doc.id.clone(), cause })?;
            outcomes.push(outcome);
        }
        tx.commit()?;
        Ok(outcomes)
    }

    /// The id of the article stored with this content hash, if any: lets ingest skip the
    /// expensive stages for text it already has.
    pub fn article_with_hash(&self, content_hash: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM articles WHERE content_hash = ?1")?
            .query_row([content_hash], |r| r.get(0))
            .optional()?)
    }

    pub fn counts(&self) -> Result<Counts> {
        let count = |table: &str| -> Result<u64> {
            let n: i64 = self.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            Ok(u64::try_from(n).unwrap_or(0))
        };
        Ok(Counts { articles: count("articles")?, events: count("events")? })
    }

    pub fn article_by_id(&self, id: i64) -> Result<Option<StoredArticle>> {
        Ok(self
            .conn
            .prepare_cached("SELECT * FROM articles WHERE id = ?1")?
            .query_row([id], rows::article_from_row)
            .optional()?)
    }

    /// The events coded from an article, in the order they were stored.
    pub fn events_for_article(&self, article_id: i64) -> Result<Vec<Event>> {
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events WHERE article_id = ?1 ORDER BY id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let events = stmt.query_map([article_id], event_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(events)
    }
}

/// The URL an article is known by: the canonical one, else the one it was read from.
pub fn article_url(doc: &Document) -> Option<&str> {
    doc.meta.canonical_url.as_deref().or(doc.meta.url.as_deref()).filter(|u| !u.trim().is_empty())
}

fn put_document(tx: &rusqlite::Transaction<'_>, doc: &Document, now: &str) -> rusqlite::Result<PutOutcome> {
    let existing: Option<i64> = tx
        .prepare_cached("SELECT id FROM articles WHERE content_hash = ?1")?
        .query_row([&doc.content_hash], |r| r.get(0))
        .optional()?;
    if let Some(article_id) = existing {
        return Ok(PutOutcome::AlreadyPresent { article_id });
    }
    let url = article_url(doc);
    let meta = &doc.meta;
    let authors =
        serde_json::to_string(&meta.authors).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    let published = meta.published.map(|d| d.format("%Y-%m-%d").to_string());
    let same_url: Option<i64> = match url {
        Some(url) => {
            tx.prepare_cached("SELECT id FROM articles WHERE url = ?1")?.query_row([url], |r| r.get(0)).optional()?
        }
        None => None,
    };
    let outcome = match same_url {
        Some(article_id) => {
            tx.prepare_cached(
                "UPDATE articles SET doc_id = ?2, content_hash = ?3, title = ?4, published = ?5,
                    published_basis = ?6, authors = ?7, site_name = ?8, language = ?9, origin = ?10,
                    text = ?11, ingested_at = ?12
                 WHERE id = ?1",
            )?
            .execute(params![
                article_id,
                doc.id,
                doc.content_hash,
                meta.title,
                published,
                meta.published_basis,
                authors,
                meta.site_name,
                meta.language,
                doc.origin,
                doc.text,
                now
            ])?;
            tx.prepare_cached("DELETE FROM events WHERE article_id = ?1")?.execute([article_id])?;
            PutOutcome::Updated { article_id }
        }
        None => {
            tx.prepare_cached(
                "INSERT INTO articles (doc_id, content_hash, url, title, published, published_basis,
                    authors, site_name, language, origin, text, ingested_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                doc.id,
                doc.content_hash,
                url,
                meta.title,
                published,
                meta.published_basis,
                authors,
                meta.site_name,
                meta.language,
                doc.origin,
                doc.text,
                now
            ])?;
            PutOutcome::Inserted { article_id: tx.last_insert_rowid() }
        }
    };
    for event in &doc.events {
        rows::insert_event(tx, outcome.article_id(), event)?;
    }
    Ok(outcome)
}

#[cfg(test)]
mod tests;
