//! The SQLite backend: one file (default `./dyad.db`), WAL mode, schema versioned by
//! `PRAGMA user_version` (see `schema.rs`). One writer at a time; readers alongside.

use crate::db::{Db, DbError};
use crate::{article_url, schema, Counts, PutOutcome, StoreError};
use dyad_doc::Document;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use std::path::{Path, PathBuf};

pub(crate) struct SqliteStore {
    pub(crate) conn: Connection,
}

fn location(path: &Path) -> String {
    path.display().to_string()
}

impl SqliteStore {
    pub(crate) fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let conn = Connection::open(path)
            .map_err(|cause| StoreError::Open { location: location(path), message: cause.to_string() })?;
        SqliteStore::init(conn, path)
    }

    pub(crate) fn open_in_memory() -> Result<SqliteStore, StoreError> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory()
            .map_err(|cause| StoreError::Open { location: location(&path), message: cause.to_string() })?;
        SqliteStore::init(conn, &path)
    }

    /// Fails clearly if the file is missing or its schema is not the one this build knows.
    pub(crate) fn open_read_only(path: &Path) -> Result<SqliteStore, StoreError> {
        let conn = open_read_only_connection(path)?;
        let open_err =
            |cause: rusqlite::Error| StoreError::Open { location: location(path), message: cause.to_string() };
        let found = schema::user_version(&conn).map_err(open_err)?;
        if found != schema::SCHEMA_VERSION {
            return Err(StoreError::Version { location: location(path), found, expected: schema::SCHEMA_VERSION });
        }
        Ok(SqliteStore { conn })
    }

    fn init(mut conn: Connection, path: &Path) -> Result<SqliteStore, StoreError> {
        let open_err =
            |cause: rusqlite::Error| StoreError::Open { location: location(path), message: cause.to_string() };
        // Writers wait for each other (an ingest and a concurrent migration) instead of failing.
        conn.busy_timeout(std::time::Duration::from_secs(30)).map_err(open_err)?;
        // Switching a new file to WAL takes an exclusive lock for which SQLite does not wait
        // (the busy handler is skipped to avoid deadlock): writers creating one database
        // at once retry here.
        retry_while_busy(|| conn.pragma_update(None, "journal_mode", "WAL")).map_err(open_err)?;
        // NORMAL is durable across application crashes in WAL mode; only a power loss can
        // drop the last commits, never corrupt the file.
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", true).map_err(open_err)?;
        retry_while_busy(|| schema::migrate(&mut conn))
            .map_err(|e| StoreError::Migrate { location: location(path), message: e.to_string() })?;
        Ok(SqliteStore { conn })
    }

    pub(crate) fn db(&mut self) -> Db<'_> {
        Db::Sqlite(&self.conn)
    }

    pub(crate) fn put_documents(&mut self, docs: &[Document]) -> Result<Vec<PutOutcome>, StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(DbError::from)?;
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let mut outcomes = Vec::with_capacity(docs.len());
        for doc in docs {
            let outcome = put_document(&tx, doc, &now)
                .map_err(|cause| StoreError::Put { doc: doc.id.clone(), cause: cause.into() })?;
            outcomes.push(outcome);
        }
        tx.commit().map_err(DbError::from)?;
        Ok(outcomes)
    }

    pub(crate) fn article_with_hash(&self, content_hash: &str) -> Result<Option<i64>, DbError> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM articles WHERE content_hash = ?1")?
            .query_row([content_hash], |r| r.get(0))
            .optional()?)
    }

    pub(crate) fn counts(&self) -> Result<Counts, DbError> {
        let count = |table: &str| -> Result<u64, DbError> {
            let n: i64 = self.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            Ok(u64::try_from(n).unwrap_or(0))
        };
        Ok(Counts { articles: count("articles")?, events: count("events")? })
    }

    /// Inserts articles and their events into a fresh database in one transaction, ids in
    /// order; nothing is looked up first.
    pub(crate) fn bulk_load(
        &mut self,
        docs: &[Document],
        ingested_at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), DbError> {
        // A large page cache keeps the indexes' hot pages in memory during the bulk insert.
        self.conn.execute_batch("PRAGMA synchronous = OFF; PRAGMA cache_size = -262144")?;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let ingested = ingested_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        for doc in docs {
            let article_id = insert_article(&tx, doc, &ingested)?;
            for event in &doc.events {
                crate::rows::insert_event(&tx, article_id, event)?;
            }
        }
        tx.commit()?;
        self.conn.execute_batch("PRAGMA synchronous = NORMAL")?;
        Ok(())
    }
}

/// Runs `f` again while it fails with "database is locked", for up to 30 seconds.
fn retry_while_busy<T, E: IsBusy>(mut f: impl FnMut() -> Result<T, E>) -> Result<T, E> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let mut pause = std::time::Duration::from_millis(2);
    loop {
        match f() {
            Err(e) if e.is_busy() && std::time::Instant::now() < deadline => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(std::time::Duration::from_millis(100));
            }
            other => return other,
        }
    }
}

pub(crate) trait IsBusy {
    fn is_busy(&self) -> bool;
}

impl IsBusy for rusqlite::Error {
    fn is_busy(&self) -> bool {
        matches!(
            self.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
        )
    }
}

impl IsBusy for schema::MigrateError {
    fn is_busy(&self) -> bool {
        matches!(self, schema::MigrateError::Sqlite(e) if e.is_busy())
    }
}

/// A read-only connection to an existing file (`dyad serve`, `dyad events`).
pub(crate) fn open_read_only_connection(path: &Path) -> Result<Connection, StoreError> {
    if !path.is_file() {
        return Err(StoreError::Missing { location: location(path) });
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags)
        .map_err(|cause| StoreError::Open { location: location(path), message: cause.to_string() })?;
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .map_err(|cause| StoreError::Open { location: location(path), message: cause.to_string() })?;
    Ok(conn)
}

fn insert_article(tx: &rusqlite::Transaction<'_>, doc: &Document, now: &str) -> rusqlite::Result<i64> {
    let meta = &doc.meta;
    let authors =
        serde_json::to_string(&meta.authors).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    let published = meta.published.map(|d| d.format("%Y-%m-%d").to_string());
    tx.prepare_cached(
        "INSERT INTO articles (doc_id, content_hash, url, title, published, published_basis,
            authors, site_name, language, origin, text, ingested_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        doc.id,
        doc.content_hash,
        article_url(doc),
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
    Ok(tx.last_insert_rowid())
}

/// Copies the article as stored now into `article_versions` before it is replaced.
fn keep_version(tx: &rusqlite::Transaction<'_>, article_id: i64, now: &str) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO article_versions (article_id, doc_id, content_hash, url, title, published,
            published_basis, authors, site_name, language, origin, text, ingested_at, events, replaced_at)
         SELECT id, doc_id, content_hash, url, title, published, published_basis, authors, site_name,
            language, origin, text, ingested_at,
            (SELECT count(*) FROM events WHERE article_id = ?1), ?2
         FROM articles WHERE id = ?1",
    )?
    .execute(params![article_id, now])?;
    Ok(())
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
    let same_url: Option<i64> = match url {
        Some(url) => {
            tx.prepare_cached("SELECT id FROM articles WHERE url = ?1")?.query_row([url], |r| r.get(0)).optional()?
        }
        None => None,
    };
    let outcome = match same_url {
        Some(article_id) => {
            keep_version(tx, article_id, now)?;
            let authors = serde_json::to_string(&meta.authors)
                .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
            let published = meta.published.map(|d| d.format("%Y-%m-%d").to_string());
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
        None => PutOutcome::Inserted { article_id: insert_article(tx, doc, now)? },
    };
    for event in &doc.events {
        crate::rows::insert_event(tx, outcome.article_id(), event)?;
    }
    Ok(outcome)
}
