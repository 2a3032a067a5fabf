//! Versioned schema. `PRAGMA user_version` holds the number of migrations applied;
//! each migration runs in its own transaction, so a database is never half-migrated.
//! Append new migrations at the end; never edit one that has shipped.

use rusqlite::Connection;

/// Migration `i` brings the schema from version `i` to `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: articles, events, relation indexes, full-text search over articles.
    r#"
CREATE TABLE articles (
    id              INTEGER PRIMARY KEY,
    doc_id          TEXT NOT NULL,
    content_hash    TEXT NOT NULL UNIQUE,
    url             TEXT UNIQUE,          -- canonical url, else url, else NULL
    title           TEXT,
    published       TEXT,                 -- YYYY-MM-DD
    published_basis TEXT,
    authors         TEXT,                 -- JSON array of strings
    site_name       TEXT,
    language        TEXT,
    origin          TEXT NOT NULL,
    text            TEXT NOT NULL,
    ingested_at     TEXT NOT NULL         -- RFC 3339, UTC
);

CREATE TABLE events (
    id               INTEGER PRIMARY KEY,
    article_id       INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    event_id         TEXT NOT NULL UNIQUE,
    doc              TEXT NOT NULL,
    date             TEXT,                -- YYYY-MM-DD
    date_basis       TEXT NOT NULL,       -- explicit | relative | publication
    source_code      TEXT NOT NULL,
    source_country   TEXT,
    source_sector    TEXT,
    source_name      TEXT,
    source_text      TEXT,
    target_code      TEXT NOT NULL,
    target_country   TEXT,
    target_sector    TEXT,
    target_name      TEXT,
    target_text      TEXT,
    cameo            TEXT NOT NULL,
    root             TEXT NOT NULL,
    quad_class       INTEGER NOT NULL,
    goldstein        REAL NOT NULL,
    sentence         TEXT NOT NULL,
    span_start       INTEGER NOT NULL,
    span_end         INTEGER NOT NULL,
    location_name    TEXT,
    location_country TEXT,
    lat              REAL,
    lon              REAL,
    confidence       REAL NOT NULL,
    evidence         TEXT NOT NULL        -- JSON object
);

CREATE INDEX events_dyad ON events(source_country, target_country, date);
CREATE INDEX events_dyad_reverse ON events(target_country, source_country, date);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_root ON events(root);
CREATE INDEX events_article ON events(article_id);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='id'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
"#,
    // 2: the country-pair index carries the Goldstein score and quad class too, so aggregates
    // over country pairs (the network, relation series) read the narrow index alone instead
    // of every wide event row.
    r#"
DROP INDEX events_dyad;
CREATE INDEX events_dyad ON events(source_country, target_country, date, goldstein, quad_class);
"#,
    // 3: an article replaced by new text under its URL keeps its earlier versions here
    // (with how many events each had), so a bad replacement can be seen and undone.
    r#"
CREATE TABLE article_versions (
    id              INTEGER PRIMARY KEY,
    article_id      INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    doc_id          TEXT NOT NULL,
    content_hash    TEXT NOT NULL,
    url             TEXT,
    title           TEXT,
    published       TEXT,
    published_basis TEXT,
    authors         TEXT,
    site_name       TEXT,
    language        TEXT,
    origin          TEXT NOT NULL,
    text            TEXT NOT NULL,
    ingested_at     TEXT NOT NULL,
    events          INTEGER NOT NULL,
    replaced_at     TEXT NOT NULL
);
CREATE INDEX article_versions_article ON article_versions(article_id);
"#,
    // 4: pages of events newest first (dated before undated, then by date and id) read
    // straight from an index, filtered by source or target country or not at all, so a
    // page reads the rows it shows instead of sorting every match.
    r#"
CREATE INDEX events_source_recent ON events(source_country, (date IS NOT NULL), date, id);
CREATE INDEX events_target_recent ON events(target_country, (date IS NOT NULL), date, id);
CREATE INDEX events_recent ON events((date IS NOT NULL), date, id);
"#,
];

/// The schema version this build reads and writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

pub(crate) fn user_version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Applies the migrations the database lacks. Returns the version found before.
pub(crate) fn migrate(conn: &mut Connection) -> Result<u32, MigrateError> {
    let found = user_version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(MigrateError::TooNew { found });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Re-check inside the write lock: another process may have migrated meanwhile.
        if user_version(&tx)? as usize > index {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as u32 + 1)?;
        tx.commit()?;
    }
    Ok(found)
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum MigrateError {
    #[error("database schema version {found} is newer than this dyad understands")]
    TooNew { found: u32 },
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}
