//! Conversions between stored rows and `dyad_doc` types.

use crate::db::{DbError, Row};
use chrono::NaiveDate;
use dyad_doc::{DateBasis, Event, EventActor, Evidence, Location};
use rusqlite::{params, Transaction};

/// The columns of `events` that [`event_from_row`] reads, ready for a `SELECT`
/// (`format!("SELECT {EVENT_COLUMNS} FROM events WHERE ...")`). Unqualified names;
/// when joining, select `events.*` or alias these exactly.
pub const EVENT_COLUMNS: &str = "event_id, doc, date, date_basis, \
    source_code, source_country, source_sector, source_name, source_text, \
    target_code, target_country, target_sector, target_name, target_text, \
    cameo, root, quad_class, goldstein, sentence, span_start, span_end, \
    location_name, location_country, lat, lon, confidence, evidence";

/// An article as stored, without its events.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredArticle {
    pub id: i64,
    pub doc_id: String,
    pub content_hash: String,
    pub url: Option<String>,
    pub title: Option<String>,
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
    pub published_basis: Option<String>,
    pub authors: Vec<String>,
    pub site_name: Option<String>,
    pub language: Option<String>,
    pub origin: String,
    pub text: String,
    /// RFC 3339, UTC.
    pub ingested_at: String,
}

/// Converts a row holding (at least) the columns of [`EVENT_COLUMNS`], by name, back into
/// the event of the output contract. Values the contract cannot hold (an unknown
/// `date_basis`, a negative span, bad evidence JSON) are conversion errors, not panics.
pub fn event_from_row(row: &Row<'_>) -> Result<Event, DbError> {
    let basis: String = row.get("date_basis")?;
    let date_basis = date_basis_from_str(&basis)
        .ok_or_else(|| DbError::convert("date_basis", format!("{basis:?} is not explicit, relative or publication")))?;
    let span_start: u64 = row.get("span_start")?;
    let span_end: u64 = row.get("span_end")?;
    let span = (
        usize::try_from(span_start).map_err(|_| DbError::convert("span_start", "too large"))?,
        usize::try_from(span_end).map_err(|_| DbError::convert("span_end", "too large"))?,
    );
    let location_name: Option<String> = row.get("location_name")?;
    let location = location_name.map(|name| -> Result<Location, DbError> {
        Ok(Location { name, country: row.get("location_country")?, lat: row.get("lat")?, lon: row.get("lon")? })
    });
    let evidence_json: String = row.get("evidence")?;
    let evidence: Evidence =
        serde_json::from_str(&evidence_json).map_err(|e| DbError::convert("evidence", e.to_string()))?;
    Ok(Event {
        doc: row.get("doc")?,
        event_id: row.get("event_id")?,
        date: row.get::<Option<NaiveDate>>("date")?,
        date_basis,
        source: EventActor {
            code: row.get("source_code")?,
            country: row.get("source_country")?,
            sector: row.get("source_sector")?,
            name: row.get("source_name")?,
            text: row.get::<Option<String>>("source_text")?.unwrap_or_default(),
        },
        target: EventActor {
            code: row.get("target_code")?,
            country: row.get("target_country")?,
            sector: row.get("target_sector")?,
            name: row.get("target_name")?,
            text: row.get::<Option<String>>("target_text")?.unwrap_or_default(),
        },
        cameo: row.get("cameo")?,
        root: row.get("root")?,
        quad_class: row.get("quad_class")?,
        goldstein: row.get("goldstein")?,
        sentence: row.get("sentence")?,
        span,
        location: location.transpose()?,
        confidence: row.get("confidence")?,
        evidence,
    })
}

pub(crate) fn article_from_row(row: &Row<'_>) -> Result<StoredArticle, DbError> {
    let authors: Option<String> = row.get("authors")?;
    let authors = match authors {
        Some(json) => serde_json::from_str(&json).map_err(|e| DbError::convert("authors", e.to_string()))?,
        None => Vec::new(),
    };
    Ok(StoredArticle {
        id: row.get("id")?,
        doc_id: row.get("doc_id")?,
        content_hash: row.get("content_hash")?,
        url: row.get("url")?,
        title: row.get("title")?,
        published: row.get("published")?,
        published_basis: row.get("published_basis")?,
        authors,
        site_name: row.get("site_name")?,
        language: row.get("language")?,
        origin: row.get("origin")?,
        text: row.get("text")?,
        ingested_at: row.get("ingested_at")?,
    })
}

pub(crate) fn insert_event(tx: &Transaction<'_>, article_id: i64, ev: &Event) -> rusqlite::Result<usize> {
    let evidence =
        serde_json::to_string(&ev.evidence).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    let location = ev.location.as_ref();
    // A clash on event_id means the same event is already stored (ids are stable):
    // keep the stored one rather than failing the whole batch.
    let mut stmt = tx.prepare_cached(
        "INSERT INTO events (article_id, event_id, doc, date, date_basis,
            source_code, source_country, source_sector, source_name, source_text,
            target_code, target_country, target_sector, target_name, target_text,
            cameo, root, quad_class, goldstein, sentence, span_start, span_end,
            location_name, location_country, lat, lon, confidence, evidence)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)
         ON CONFLICT(event_id) DO NOTHING",
    )?;
    stmt.execute(params![
        article_id,
        ev.event_id,
        ev.doc,
        ev.date.map(|d| d.format("%Y-%m-%d").to_string()),
        date_basis_str(ev.date_basis),
        ev.source.code,
        ev.source.country,
        ev.source.sector,
        ev.source.name,
        ev.source.text,
        ev.target.code,
        ev.target.country,
        ev.target.sector,
        ev.target.name,
        ev.target.text,
        ev.cameo,
        ev.root,
        ev.quad_class,
        ev.goldstein,
        ev.sentence,
        i64::try_from(ev.span.0).unwrap_or(i64::MAX),
        i64::try_from(ev.span.1).unwrap_or(i64::MAX),
        location.map(|l| &l.name),
        location.and_then(|l| l.country.as_ref()),
        location.and_then(|l| l.lat),
        location.and_then(|l| l.lon),
        ev.confidence,
        evidence,
    ])
}

pub(crate) fn date_basis_str(basis: DateBasis) -> &'static str {
    match basis {
        DateBasis::Explicit => "explicit",
        DateBasis::Relative => "relative",
        DateBasis::Publication => "publication",
    }
}

fn date_basis_from_str(text: &str) -> Option<DateBasis> {
    match text {
        "explicit" => Some(DateBasis::Explicit),
        "relative" => Some(DateBasis::Relative),
        "publication" => Some(DateBasis::Publication),
        _ => None,
    }
}
