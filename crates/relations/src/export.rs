//! Writing stored events out: CSV, JSONL (the event contract, one object a line),
//! Parquet, and the GDELT 2.0 event table's tab-separated layout.

use crate::filter::{stored_event_sql, EventFilter};
use crate::{Error, Result};
use arrow_array::builder::{Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use chrono::Datelike;
use dyad_doc::{DateBasis, Event};
use dyad_store::{Db, Value};
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

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
            "SELECT articles.ingested_at AS ingested_at, articles.published AS published, ",
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
            ingested_at: r.get("ingested_at")?,
            published: r.get("published")?,
            event: dyad_store::event_from_row(r)?,
        };
        f(row)
    })
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::Output { path: path.display().to_string(), message: e.to_string() }
}

/// Writes every event matching `filter` to `path` in `format`; returns how many.
pub fn export(db: &mut Db<'_>, filter: &EventFilter, format: Format, path: &Path) -> Result<u64> {
    let file = std::fs::File::create(path).map_err(io_err(path))?;
    let mut out = std::io::BufWriter::new(file);
    let n = match format {
        Format::Csv => {
            let mut w = CsvWriter::new(&mut out);
            let n = for_each_event(db, filter, None, |row| w.write(&row))?;
            w.finish()?;
            n
        }
        Format::Jsonl => for_each_event(db, filter, None, |row| write_jsonl(&mut out, &row.event))?,
        Format::Gdelt => {
            let coverage = crate::cluster::coverage_by_event(db, filter)?;
            for_each_event(db, filter, None, |row| {
                let c = coverage.get(&row.id).copied().unwrap_or_default();
                write_gdelt(&mut out, &row, c)
            })?
        }
        Format::Parquet => write_parquet(db, filter, &mut out)?,
    };
    out.flush().map_err(io_err(path))?;
    Ok(n)
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

/// The 61 columns of a GDELT 2.0 event record, filled where dyad has the value. Country
/// codes of actors are CAMEO/ISO alpha-3 as in GDELT; the geographic country columns,
/// which GDELT fills with FIPS codes, stay empty (dyad keeps ISO codes only). NumMentions,
/// NumSources and NumArticles come from `coverage`: the reports, outlets and articles of
/// the event's corroboration group among the exported events.
pub fn write_gdelt(out: &mut impl Write, row: &ExportRow, coverage: crate::Coverage) -> Result<()> {
    let e = &row.event;
    let mut f: Vec<String> = vec![String::new(); 61];
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    f[0] = row.id.to_string();
    if let Some(d) = e.date {
        f[1] = d.format("%Y%m%d").to_string();
        f[2] = d.format("%Y%m").to_string();
        f[3] = d.year().to_string();
        f[4] = format!("{:.4}", f64::from(d.year()) + f64::from(d.ordinal0()) / 365.0);
    }
    for (base, actor) in [(5, &e.source), (15, &e.target)] {
        f[base] = actor.code.clone();
        f[base + 1] = clean(&actor.name.clone().unwrap_or_else(|| actor.text.clone()).to_uppercase());
        f[base + 2] = actor.country.clone().unwrap_or_default();
        f[base + 7] = actor.sector.clone().unwrap_or_default();
    }
    f[26] = e.cameo.clone();
    f[27] = e.cameo.chars().take(3).collect();
    f[28] = e.root.clone();
    f[29] = e.quad_class.to_string();
    f[30] = e.goldstein.to_string();
    f[31] = coverage.reports.to_string();
    f[32] = coverage.outlets.to_string();
    f[33] = coverage.articles.to_string();
    if let Some(loc) = &e.location {
        // ActionGeo: type 4 (world city) is the closest of GDELT's types to a named place.
        f[51] = "4".into();
        f[52] = clean(&loc.name);
        f[56] = loc.lat.map(|x| x.to_string()).unwrap_or_default();
        f[57] = loc.lon.map(|x| x.to_string()).unwrap_or_default();
    }
    f[59] = row.ingested_at.chars().filter(|c| c.is_ascii_digit()).take(14).collect();
    f[60] = clean(row.url.as_deref().unwrap_or(&e.doc));
    out.write_all(f.join("\t").as_bytes()).map_err(write_err)?;
    out.write_all(b"\n").map_err(write_err)
}

/// Text columns that always have a value.
const REQUIRED_TEXT: [&str; 12] = [
    "event_id",
    "doc",
    "date_basis",
    "source_code",
    "source_text",
    "target_code",
    "target_text",
    "cameo",
    "root",
    "sentence",
    "trigger",
    "pattern",
];

fn parquet_schema() -> Schema {
    let text = |name: &str, nullable: bool| Field::new(name, DataType::Utf8, nullable);
    let mut fields = Vec::new();
    for name in COLUMNS.iter() {
        let field = match *name {
            "id" | "span_start" | "span_end" | "article_id" | "quad_class" => Field::new(*name, DataType::Int64, false),
            "goldstein" | "confidence" => Field::new(*name, DataType::Float64, false),
            "lat" | "lon" => Field::new(*name, DataType::Float64, true),
            _ => text(name, !REQUIRED_TEXT.contains(name)),
        };
        fields.push(field);
    }
    Schema::new(fields)
}

struct ParquetColumns {
    text: Vec<(usize, StringBuilder)>,
    int: Vec<(usize, Int64Builder)>,
    float: Vec<(usize, Float64Builder)>,
}

fn write_parquet<W: Write + Send>(db: &mut Db<'_>, filter: &EventFilter, out: W) -> Result<u64> {
    use parquet::arrow::ArrowWriter;
    use parquet::basic::Compression;
    use parquet::file::properties::WriterProperties;
    let schema = Arc::new(parquet_schema());
    let props = WriterProperties::builder().set_compression(Compression::SNAPPY).build();
    let mut writer = ArrowWriter::try_new(out, schema.clone(), Some(props)).map_err(write_err)?;
    let new_columns = || {
        let mut c = ParquetColumns { text: Vec::new(), int: Vec::new(), float: Vec::new() };
        for (i, f) in schema.fields().iter().enumerate() {
            match f.data_type() {
                DataType::Int64 => c.int.push((i, Int64Builder::new())),
                DataType::Float64 => c.float.push((i, Float64Builder::new())),
                _ => c.text.push((i, StringBuilder::new())),
            }
        }
        c
    };
    let mut cols = new_columns();
    let mut pending = 0usize;
    let flush = |cols: &mut ParquetColumns, writer: &mut ArrowWriter<W>| -> Result<()> {
        let mut arrays: Vec<(usize, ArrayRef)> = Vec::new();
        for (i, b) in &mut cols.text {
            arrays.push((*i, Arc::new(b.finish())));
        }
        for (i, b) in &mut cols.int {
            arrays.push((*i, Arc::new(b.finish())));
        }
        for (i, b) in &mut cols.float {
            arrays.push((*i, Arc::new(b.finish())));
        }
        arrays.sort_by_key(|(i, _)| *i);
        let batch =
            RecordBatch::try_new(schema.clone(), arrays.into_iter().map(|(_, a)| a).collect()).map_err(write_err)?;
        writer.write(&batch).map_err(write_err)
    };
    let n = for_each_event(db, filter, None, |row| {
        let e = &row.event;
        let loc = e.location.as_ref();
        for (i, b) in &mut cols.text {
            let v: Option<String> = match COLUMNS.get(*i).copied().unwrap_or("") {
                "event_id" => Some(e.event_id.clone()),
                "doc" => Some(e.doc.clone()),
                "date" => e.date.map(|d| d.to_string()),
                "date_basis" => Some(basis(e.date_basis).into()),
                "source_code" => Some(e.source.code.clone()),
                "source_country" => e.source.country.clone(),
                "source_sector" => e.source.sector.clone(),
                "source_name" => e.source.name.clone(),
                "source_text" => Some(e.source.text.clone()),
                "target_code" => Some(e.target.code.clone()),
                "target_country" => e.target.country.clone(),
                "target_sector" => e.target.sector.clone(),
                "target_name" => e.target.name.clone(),
                "target_text" => Some(e.target.text.clone()),
                "cameo" => Some(e.cameo.clone()),
                "root" => Some(e.root.clone()),
                "sentence" => Some(e.sentence.clone()),
                "location_name" => loc.map(|l| l.name.clone()),
                "location_country" => loc.and_then(|l| l.country.clone()),
                "trigger" => Some(e.evidence.trigger.clone()),
                "pattern" => Some(e.evidence.pattern.clone()),
                "url" => row.url.clone(),
                _ => None,
            };
            b.append_option(v);
        }
        for (i, b) in &mut cols.int {
            let v = match COLUMNS.get(*i).copied().unwrap_or("") {
                "id" => row.id,
                "article_id" => row.article_id,
                "quad_class" => i64::from(e.quad_class),
                "span_start" => i64::try_from(e.span.0).unwrap_or(i64::MAX),
                "span_end" => i64::try_from(e.span.1).unwrap_or(i64::MAX),
                _ => 0,
            };
            b.append_value(v);
        }
        for (i, b) in &mut cols.float {
            match COLUMNS.get(*i).copied().unwrap_or("") {
                "goldstein" => b.append_value(e.goldstein),
                "confidence" => b.append_value(e.confidence),
                "lat" => b.append_option(loc.and_then(|l| l.lat)),
                "lon" => b.append_option(loc.and_then(|l| l.lon)),
                _ => b.append_null(),
            }
        }
        pending += 1;
        if pending >= 65_536 {
            flush(&mut cols, &mut writer)?;
            pending = 0;
        }
        Ok(())
    })?;
    if pending > 0 || n == 0 {
        flush(&mut cols, &mut writer)?;
    }
    writer.close().map_err(write_err)?;
    Ok(n)
}
