//! Writing stored events out: CSV, JSONL (the event contract, one object a line),
//! Parquet, and the GDELT 2.0 event table's tab-separated layout.

use crate::filter::{stored_event_sql, EventFilter};
use crate::gdelt::UndatedPolicy;
use crate::parquet::ActorLabels;
use crate::{Error, Result};
use dyad_doc::{DateBasis, Event};
use dyad_store::{Db, Value};
use std::io::Write;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Jsonl,
    Parquet,
    Gdelt,
}

impl Format {
    pub fn parse(text: &str) -> Result<Format> {
        match text.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "jsonl" => Ok(Format::Jsonl),
            "parquet" => Ok(Format::Parquet),
            "gdelt" => Ok(Format::Gdelt),
            _ => Err(Error::invalid(
                "format",
                format!("{} is not one of csv, jsonl, parquet, gdelt", crate::shown(text)),
            )),
        }
    }
}

/// One event as exported: the contract event and what the store knows around it.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRow {
    pub id: i64,
    pub article_id: i64,
    pub url: Option<String>,
    pub site_name: Option<String>,
    /// Where the article was read from (`path`, `path:line`, `path#record-N`).
    pub origin: String,
    pub ingested_at: String,
    /// The article's publication day.
    pub published: Option<chrono::NaiveDate>,
    pub event: Event,
}

/// The order events are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Newest first, undated last (as `dyad events` lists them).
    NewestFirst,
    /// Oldest first, undated last: the order of date partitions.
    OldestFirst,
}

/// Calls `f` on every event matching `filter`, newest first; returns how many.
pub fn for_each_event(
    db: &mut Db<'_>,
    filter: &EventFilter,
    limit: Option<u64>,
    f: impl FnMut(ExportRow) -> Result<()>,
) -> Result<u64> {
    for_each_event_in(db, filter, Order::NewestFirst, limit, f)
}

/// Calls `f` on every event matching `filter`, in `order`, streaming; returns how many.
pub fn for_each_event_in(
    db: &mut Db<'_>,
    filter: &EventFilter,
    order: Order,
    limit: Option<u64>,
    mut f: impl FnMut(ExportRow) -> Result<()>,
) -> Result<u64> {
    let (where_sql, mut params) = filter.where_clause(db.dialect());
    let order_sql = match order {
        Order::NewestFirst => "events.date IS NULL, events.date DESC, events.id DESC",
        Order::OldestFirst => "events.date IS NULL, events.date, events.id",
    };
    let mut sql = format!(
        "{} ORDER BY {order_sql}",
        stored_event_sql(&where_sql).replacen(
            "SELECT ",
            "SELECT articles.ingested_at AS ingested_at, articles.published AS published, \
             articles.origin AS origin, ",
            1
        )
    );
    if let Some(limit) = limit {
        sql += " LIMIT ?";
        params.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
    }
    db.for_each(&sql, &params, |r| {
        let row = ExportRow {
            id: r.get("id")?,
            article_id: r.get("article_id")?,
            url: r.get("url")?,
            site_name: r.get("site_name")?,
            origin: r.get("origin")?,
            ingested_at: r.get("ingested_at")?,
            published: r.get("published")?,
            event: dyad_store::event_from_row(r)?,
        };
        f(row)
    })
}

pub(crate) fn io_err(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::Output { path: path.display().to_string(), message: e.to_string() }
}

/// How [`export_to`] writes.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// GDELT: what to do with undated events.
    pub undated: UndatedPolicy,
    /// Parquet: names beside actor codes.
    pub labels: ActorLabels,
}

/// What [`export_to`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportStats {
    pub written: u64,
    /// Events left out for want of a date (GDELT only).
    pub undated_skipped: u64,
}

/// Writes every event matching `filter` to `path` in `format`; returns how many.
pub fn export(db: &mut Db<'_>, filter: &EventFilter, format: Format, path: &Path) -> Result<u64> {
    let file = std::fs::File::create(path).map_err(io_err(path))?;
    let stats = export_to(db, filter, format, &ExportOptions::default(), file).map_err(|e| match e {
        Error::Output { message, .. } => Error::Output { path: path.display().to_string(), message },
        other => other,
    })?;
    Ok(stats.written)
}

/// Writes every event matching `filter` to `out` in `format`, streaming.
pub fn export_to<W: Write + Send>(
    db: &mut Db<'_>,
    filter: &EventFilter,
    format: Format,
    options: &ExportOptions,
    out: W,
) -> Result<ExportStats> {
    let mut out = std::io::BufWriter::new(out);
    let mut stats = ExportStats::default();
    match format {
        Format::Csv => {
            let mut w = CsvWriter::new(&mut out);
            stats.written = for_each_event(db, filter, None, |row| w.write(&row))?;
            w.finish()?;
        }
        Format::Jsonl => stats.written = for_each_event(db, filter, None, |row| write_jsonl(&mut out, &row.event))?,
        Format::Gdelt => {
            let g = crate::gdelt::write_gdelt(db, filter, options.undated, &mut out)?;
            stats.written = g.written;
            stats.undated_skipped = g.undated;
        }
        Format::Parquet => {
            stats.written = crate::parquet::write_file(db, filter, &options.labels, &mut out)?;
        }
    }
    out.flush().map_err(io_err(Path::new("output")))?;
    Ok(stats)
}

fn write_err(e: impl std::fmt::Display) -> Error {
    Error::Output { path: "output".into(), message: e.to_string() }
}

/// One event in the output contract, one line.
pub fn write_jsonl(out: &mut impl Write, event: &Event) -> Result<()> {
    serde_json::to_writer(&mut *out, event).map_err(write_err)?;
    out.write_all(b"\n").map_err(write_err)
}

const COLUMNS: [&str; 31] = [
    "id",
    "event_id",
    "doc",
    "date",
    "date_basis",
    "source_code",
    "source_country",
    "source_sector",
    "source_name",
    "source_text",
    "target_code",
    "target_country",
    "target_sector",
    "target_name",
    "target_text",
    "cameo",
    "root",
    "quad_class",
    "goldstein",
    "sentence",
    "span_start",
    "span_end",
    "location_name",
    "location_country",
    "lat",
    "lon",
    "confidence",
    "trigger",
    "pattern",
    "article_id",
    "url",
];

fn basis(b: DateBasis) -> &'static str {
    match b {
        DateBasis::Explicit => "explicit",
        DateBasis::Relative => "relative",
        DateBasis::Publication => "publication",
    }
}

/// CSV with a header line and the columns of [`COLUMNS`].
pub struct CsvWriter<W: Write> {
    inner: csv::Writer<W>,
    header_written: bool,
}

impl<W: Write> CsvWriter<W> {
    pub fn new(out: W) -> CsvWriter<W> {
        CsvWriter { inner: csv::Writer::from_writer(out), header_written: false }
    }

    pub fn write(&mut self, row: &ExportRow) -> Result<()> {
        if !self.header_written {
            self.inner.write_record(COLUMNS).map_err(write_err)?;
            self.header_written = true;
        }
        let e = &row.event;
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let num = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
        let loc = e.location.as_ref();
        let record = [
            row.id.to_string(),
            e.event_id.clone(),
            e.doc.clone(),
            e.date.map(|d| d.to_string()).unwrap_or_default(),
            basis(e.date_basis).into(),
            e.source.code.clone(),
            opt(&e.source.country),
            opt(&e.source.sector),
            opt(&e.source.name),
            e.source.text.clone(),
            e.target.code.clone(),
            opt(&e.target.country),
            opt(&e.target.sector),
            opt(&e.target.name),
            e.target.text.clone(),
            e.cameo.clone(),
            e.root.clone(),
            e.quad_class.to_string(),
            e.goldstein.to_string(),
            e.sentence.clone(),
            e.span.0.to_string(),
            e.span.1.to_string(),
            loc.map(|l| l.name.clone()).unwrap_or_default(),
            loc.and_then(|l| l.country.clone()).unwrap_or_default(),
            num(loc.and_then(|l| l.lat)),
            num(loc.and_then(|l| l.lon)),
            e.confidence.to_string(),
            e.evidence.trigger.clone(),
            e.evidence.pattern.clone(),
            row.article_id.to_string(),
            opt(&row.url),
        ];
        self.inner.write_record(&record).map_err(write_err)
    }

    pub fn finish(mut self) -> Result<()> {
        if !self.header_written {
            self.inner.write_record(COLUMNS).map_err(write_err)?;
        }
        self.inner.flush().map_err(write_err)
    }
}
