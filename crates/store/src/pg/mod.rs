//! The PostgreSQL backend: the shared store of many ingest workers and many readers.
//!
//! Writes keep the SQLite backend's rules (identity by content hash, replacement by URL,
//! one transaction per batch) and hold under concurrency: an article is inserted with
//! `ON CONFLICT DO NOTHING`, so two workers storing the same text at once make one row
//! (the second waits for the first to commit, then finds it). Events of a batch go in by
//! binary `COPY` into a temporary table and one `INSERT ... SELECT`, in their input order.

mod schema;
mod values;

pub use schema::SCHEMA_VERSION;
pub(crate) use values::value;

use crate::db::{Db, DbError};
use crate::{article_url, Counts, PutOutcome, StoreError, UnitClaim, UnitStats};
use dyad_doc::{Document, Event};
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::{ToSql, Type};
use postgres::{Client, Config, NoTls};

/// An error's full text: PostgreSQL's message, detail and hint where it sent them.
pub(crate) fn describe(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => {
            let mut text = format!("{}: {}", db.severity(), db.message());
            if let Some(detail) = db.detail() {
                text += &format!(" ({detail})");
            }
            if let Some(hint) = db.hint() {
                text += &format!("; hint: {hint}");
            }
            text
        }
        None => match std::error::Error::source(e) {
            Some(cause) => format!("{e}: {cause}"),
            None => e.to_string(),
        },
    }
}

/// A connection URL with its password hidden, for messages.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_string();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

pub(crate) fn config(url: &str, read_only: bool) -> Result<Config, StoreError> {
    let mut config: Config =
        url.parse().map_err(|e: postgres::Error| StoreError::Open { location: redact(url), message: describe(&e) })?;
    if config.get_application_name().is_none() {
        config.application_name("dyad");
    }
    // A worker that vanishes without closing its socket (a dead machine) is noticed by
    // keepalives; a hung one that holds a unit idle for ten minutes loses its session.
    config.keepalives_idle(std::time::Duration::from_secs(30));
    let mut options = String::from("-c idle_in_transaction_session_timeout=600000");
    if read_only {
        options += " -c default_transaction_read_only=on";
    }
    config.options(&options);
    Ok(config)
}

pub(crate) struct PgStore {
    client: Client,
    /// A unit's transaction is open: writes join it instead of opening their own.
    in_unit: bool,
}

impl PgStore {
    pub(crate) fn open(url: &str, read_only: bool) -> Result<PgStore, StoreError> {
        let location = redact(url);
        let mut client = config(url, read_only)?
            .connect(NoTls)
            .map_err(|e| StoreError::Open { location: location.clone(), message: describe(&e) })?;
        if read_only {
            let found = schema::version(&mut client)
                .map_err(|e| StoreError::Open { location: location.clone(), message: describe(&e) })?;
            if found == 0 {
                return Err(StoreError::Missing { location });
            }
            if found != SCHEMA_VERSION {
                return Err(StoreError::Version { location, found, expected: SCHEMA_VERSION });
            }
        } else {
            schema::migrate(&mut client).map_err(|e| StoreError::Migrate { location, message: e.to_string() })?;
        }
        Ok(PgStore { client, in_unit: false })
    }

    pub(crate) fn db(&mut self) -> Db<'_> {
        Db::Postgres(&mut self.client)
    }

    pub(crate) fn put_documents(&mut self, docs: &[Document]) -> Result<Vec<PutOutcome>, DbError> {
        let own_tx = !self.in_unit;
        if own_tx {
            self.client.batch_execute("BEGIN")?;
        }
        let result = self.put_in_transaction(docs);
        if own_tx {
            match &result {
                Ok(_) => self.client.batch_execute("COMMIT")?,
                Err(_) => {
                    let _ = self.client.batch_execute("ROLLBACK");
                }
            }
        }
        result
    }

    fn put_in_transaction(&mut self, docs: &[Document]) -> Result<Vec<PutOutcome>, DbError> {
        let now = chrono::Utc::now();
        let mut outcomes = Vec::with_capacity(docs.len());
        let mut new_events: Vec<(i64, &Event)> = Vec::new();
        for doc in docs {
            let outcome = self.put_article(doc, now)?;
            if !matches!(outcome, PutOutcome::AlreadyPresent { .. }) {
                new_events.extend(doc.events.iter().map(|e| (outcome.article_id(), e)));
            }
            outcomes.push(outcome);
        }
        if !new_events.is_empty() {
            copy_events(&mut self.client, &new_events)?;
        }
        Ok(outcomes)
    }

    fn put_article(&mut self, doc: &Document, now: chrono::DateTime<chrono::Utc>) -> Result<PutOutcome, DbError> {
        let c = &mut self.client;
        let meta = &doc.meta;
        let url = article_url(doc);
        let authors = serde_json::to_string(&meta.authors).map_err(|e| DbError::convert("authors", e.to_string()))?;
        // Two rounds at most: a concurrent writer may commit the same text or URL between
        // the look-up and the insert; the insert then does nothing and the look-up finds it.
        for _ in 0..2 {
            if let Some(row) = c.query_opt("SELECT id FROM articles WHERE content_hash = $1", &[&doc.content_hash])? {
                return Ok(PutOutcome::AlreadyPresent { article_id: row.get(0) });
            }
            let same_url = match url {
                Some(url) => c.query_opt("SELECT id FROM articles WHERE url = $1", &[&url])?,
                None => None,
            };
            if let Some(row) = same_url {
                let article_id: i64 = row.get(0);
                c.execute(
                    "INSERT INTO article_versions (article_id, doc_id, content_hash, url, title, published,
                        published_basis, authors, site_name, language, origin, text, ingested_at, events,
                        replaced_at)
                     SELECT id, doc_id, content_hash, url, title, published, published_basis, authors,
                        site_name, language, origin, text, ingested_at,
                        (SELECT count(*) FROM events WHERE article_id = $1), $2
                     FROM articles WHERE id = $1",
                    &[&article_id, &now],
                )?;
                c.execute(
                    "UPDATE articles SET doc_id = $2, content_hash = $3, title = $4, published = $5,
                        published_basis = $6, authors = $7, site_name = $8, language = $9, origin = $10,
                        text = $11, ingested_at = $12 WHERE id = $1",
                    &[
                        &article_id,
                        &doc.id,
                        &doc.content_hash,
                        &meta.title,
                        &meta.published,
                        &meta.published_basis,
                        &authors,
                        &meta.site_name,
                        &meta.language,
                        &doc.origin,
                        &doc.text,
                        &now,
                    ],
                )?;
                c.execute("DELETE FROM events WHERE article_id = $1", &[&article_id])?;
                return Ok(PutOutcome::Updated { article_id });
            }
            let inserted = c.query_opt(
                "INSERT INTO articles (doc_id, content_hash, url, title, published, published_basis,
                    authors, site_name, language, origin, text, ingested_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                 ON CONFLICT DO NOTHING RETURNING id",
                &[
                    &doc.id,
                    &doc.content_hash,
                    &url,
                    &meta.title,
                    &meta.published,
                    &meta.published_basis,
                    &authors,
                    &meta.site_name,
                    &meta.language,
                    &doc.origin,
                    &doc.text,
                    &now,
                ],
            )?;
            if let Some(row) = inserted {
                return Ok(PutOutcome::Inserted { article_id: row.get(0) });
            }
        }
        Err(DbError::convert("content_hash", format!("document {} could not be stored: it keeps conflicting", doc.id)))
    }

    pub(crate) fn article_with_hash(&mut self, hash: &str) -> Result<Option<i64>, DbError> {
        Ok(self.client.query_opt("SELECT id FROM articles WHERE content_hash = $1", &[&hash])?.map(|r| r.get(0)))
    }

    pub(crate) fn counts(&mut self) -> Result<Counts, DbError> {
        let row =
            self.client.query_one("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events)", &[])?;
        let n = |i: usize| u64::try_from(row.get::<_, i64>(i)).unwrap_or(0);
        Ok(Counts { articles: n(0), events: n(1) })
    }

    /// Loads articles and their events into a fresh database by binary `COPY`, with the
    /// ids SQLite would give them (1, 2, ... in order), so both backends hold the same rows.
    pub(crate) fn bulk_load(
        &mut self,
        docs: &[Document],
        first_article_id: i64,
        ingested_at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), DbError> {
        let mut tx = self.client.transaction()?;
        let types = [
            Type::INT8,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::DATE,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TIMESTAMPTZ,
        ];
        let sink = tx.copy_in(
            "COPY articles (id, doc_id, content_hash, url, title, published, published_basis, authors, site_name, \
             language, origin, text, ingested_at) FROM STDIN BINARY",
        )?;
        let mut writer = BinaryCopyInWriter::new(sink, &types);
        let mut events = Vec::new();
        for (i, doc) in docs.iter().enumerate() {
            let id = first_article_id + i as i64;
            let meta = &doc.meta;
            let authors =
                serde_json::to_string(&meta.authors).map_err(|e| DbError::convert("authors", e.to_string()))?;
            writer.write(&[
                &id,
                &doc.id,
                &doc.content_hash,
                &article_url(doc),
                &meta.title,
                &meta.published,
                &meta.published_basis,
                &authors,
                &meta.site_name,
                &meta.language,
                &doc.origin,
                &doc.text,
                &ingested_at,
            ])?;
            events.extend(doc.events.iter().map(|e| (id, e)));
        }
        writer.finish()?;
        copy_events_direct(&mut tx, &events)?;
        tx.batch_execute(
            "SELECT setval(pg_get_serial_sequence('articles', 'id'), (SELECT max(id) FROM articles));
             SELECT setval(pg_get_serial_sequence('events', 'id'), (SELECT max(id) FROM events));",
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Events stored so far (the next bulk load's first event id is one more).
    pub(crate) fn max_ids(&mut self) -> Result<(i64, i64), DbError> {
        let row = self.client.query_one(
            "SELECT coalesce((SELECT max(id) FROM articles), 0), coalesce((SELECT max(id) FROM events), 0)",
            &[],
        )?;
        Ok((row.get(0), row.get(1)))
    }

    pub(crate) fn claim_unit(&mut self, key: &str) -> Result<UnitClaim, DbError> {
        debug_assert!(!self.in_unit, "one unit at a time");
        // The unit row is committed on its own first: a row inserted inside the claiming
        // transaction would make every other worker wait on it instead of skipping it.
        self.client.execute("INSERT INTO ingest_units (key) VALUES ($1) ON CONFLICT DO NOTHING", &[&key])?;
        self.client.batch_execute("BEGIN")?;
        let row = self.client.query_opt("SELECT done FROM ingest_units WHERE key = $1 FOR UPDATE SKIP LOCKED", &[&key]);
        let claim = match row {
            Ok(None) => UnitClaim::Busy,
            Ok(Some(r)) if r.get::<_, bool>(0) => UnitClaim::Done,
            Ok(Some(_)) => UnitClaim::Claimed,
            Err(e) => {
                let _ = self.client.batch_execute("ROLLBACK");
                return Err(e.into());
            }
        };
        if claim == UnitClaim::Claimed {
            self.in_unit = true;
        } else {
            self.client.batch_execute("ROLLBACK")?;
        }
        Ok(claim)
    }

    pub(crate) fn finish_unit(&mut self, key: &str, stats: UnitStats) -> Result<(), DbError> {
        if !self.in_unit {
            return Ok(());
        }
        let worker = worker_name();
        let result = self
            .client
            .execute(
                "UPDATE ingest_units SET done = true, worker = $2, sources = $3, stored = $4, failed = $5,
                    finished_at = now() WHERE key = $1",
                &[&key, &worker, &(stats.sources as i32), &(stats.stored as i32), &(stats.failed as i32)],
            )
            .and_then(|_| self.client.batch_execute("COMMIT"));
        self.in_unit = false;
        if result.is_err() {
            let _ = self.client.batch_execute("ROLLBACK");
        }
        Ok(result?)
    }

    pub(crate) fn abandon_unit(&mut self) {
        if self.in_unit {
            let _ = self.client.batch_execute("ROLLBACK");
            self.in_unit = false;
        }
    }

    /// Of `keys`, those not done and not held by a live worker right now.
    pub(crate) fn free_units(&mut self, keys: &[String]) -> Result<(Vec<String>, Vec<String>), DbError> {
        let mut tx = self.client.transaction()?;
        let done: Vec<String> = tx
            .query("SELECT key FROM ingest_units WHERE key = ANY($1) AND done", &[&keys])?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let free: Vec<String> = tx
            .query("SELECT key FROM ingest_units WHERE key = ANY($1) AND NOT done FOR UPDATE SKIP LOCKED", &[&keys])?
            .iter()
            .map(|r| r.get(0))
            .collect();
        tx.rollback()?;
        Ok((done, free))
    }
}

fn worker_name() -> String {
    let host = std::fs::read_to_string("/etc/hostname").unwrap_or_default();
    format!("{}:{}", host.trim(), std::process::id())
}

const EVENT_TYPES: [Type; 28] = [
    Type::INT8,
    Type::TEXT,
    Type::TEXT,
    Type::DATE,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::INT2,
    Type::FLOAT8,
    Type::TEXT,
    Type::INT8,
    Type::INT8,
    Type::TEXT,
    Type::TEXT,
    Type::FLOAT8,
    Type::FLOAT8,
    Type::FLOAT8,
    Type::TEXT,
];

const EVENT_COPY_COLUMNS: &str = "article_id, event_id, doc, date, date_basis, \
    source_code, source_country, source_sector, source_name, source_text, \
    target_code, target_country, target_sector, target_name, target_text, \
    cameo, root, quad_class, goldstein, sentence, span_start, span_end, \
    location_name, location_country, lat, lon, confidence, evidence";

/// Writes event rows for `COPY`: with `first_id`, an explicit id before the columns of
/// [`EVENT_COPY_COLUMNS`]; with `seq`, their input position after them.
fn write_events(
    writer: &mut BinaryCopyInWriter<'_>,
    events: &[(i64, &Event)],
    first_id: Option<i64>,
    seq: bool,
) -> Result<(), DbError> {
    for (k, (article_id, ev)) in events.iter().enumerate() {
        let position = k as i64;
        let id = first_id.map(|first| first + position);
        let evidence = serde_json::to_string(&ev.evidence).map_err(|e| DbError::convert("evidence", e.to_string()))?;
        let loc = ev.location.as_ref();
        let quad = i16::from(ev.quad_class);
        let span = (i64::try_from(ev.span.0).unwrap_or(i64::MAX), i64::try_from(ev.span.1).unwrap_or(i64::MAX));
        let basis = crate::rows::date_basis_str(ev.date_basis);
        let location_name = loc.map(|l| l.name.as_str());
        let location_country = loc.and_then(|l| l.country.as_deref());
        let lat = loc.and_then(|l| l.lat);
        let lon = loc.and_then(|l| l.lon);
        let mut row: Vec<&(dyn ToSql + Sync)> = Vec::with_capacity(30);
        if let Some(id) = &id {
            row.push(id);
        }
        row.extend_from_slice(&[
            article_id as &(dyn ToSql + Sync),
            &ev.event_id,
            &ev.doc,
            &ev.date,
            &basis,
            &ev.source.code,
            &ev.source.country,
            &ev.source.sector,
            &ev.source.name,
            &ev.source.text,
            &ev.target.code,
            &ev.target.country,
            &ev.target.sector,
            &ev.target.name,
            &ev.target.text,
            &ev.cameo,
            &ev.root,
            &quad,
            &ev.goldstein,
            &ev.sentence,
            &span.0,
            &span.1,
            &location_name,
            &location_country,
            &lat,
            &lon,
            &ev.confidence,
            &evidence,
        ]);
        if seq {
            row.push(&position);
        }
        writer.write(&row)?;
    }
    Ok(())
}

/// Events of a batch: `COPY` into a temporary table, then one insert that skips event ids
/// already stored (ids are stable, so a clash is the same event) in input order.
fn copy_events(client: &mut Client, events: &[(i64, &Event)]) -> Result<(), DbError> {
    client.batch_execute(
        "CREATE TEMP TABLE IF NOT EXISTS events_in (LIKE events INCLUDING DEFAULTS, seq BIGINT) ON COMMIT DELETE ROWS;
         ALTER TABLE events_in ALTER COLUMN id DROP NOT NULL;",
    )?;
    let mut types = EVENT_TYPES.to_vec();
    types.push(Type::INT8);
    let sink = client.copy_in(&format!("COPY events_in ({EVENT_COPY_COLUMNS}, seq) FROM STDIN BINARY"))?;
    let mut writer = BinaryCopyInWriter::new(sink, &types);
    write_events(&mut writer, events, None, true)?;
    writer.finish()?;
    client.execute(
        &format!(
            "INSERT INTO events ({EVENT_COPY_COLUMNS}) SELECT {EVENT_COPY_COLUMNS} FROM events_in ORDER BY seq \
             ON CONFLICT (event_id) DO NOTHING"
        ),
        &[],
    )?;
    client.execute("DELETE FROM events_in", &[])?;
    Ok(())
}

/// Events of a bulk load into a fresh table: straight `COPY`, ids in input order.
fn copy_events_direct(tx: &mut postgres::Transaction<'_>, events: &[(i64, &Event)]) -> Result<(), DbError> {
    let first: i64 = tx.query_one("SELECT coalesce(max(id), 0) + 1 FROM events", &[])?.get(0);
    let mut types = vec![Type::INT8];
    types.extend(EVENT_TYPES);
    let sink = tx.copy_in(&format!("COPY events (id, {EVENT_COPY_COLUMNS}) FROM STDIN BINARY"))?;
    let mut writer = BinaryCopyInWriter::new(sink, &types);
    write_events(&mut writer, events, Some(first), false)?;
    writer.finish()?;
    Ok(())
}
