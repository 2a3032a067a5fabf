//! Events as a Hive-partitioned Parquet dataset for DuckDB, Spark, DataFusion and
//! BigQuery: `DIR/year=2025/month=06/part-0.parquet` (undated events under
//! `__HIVE_DEFAULT_PARTITION__`, which those engines read as NULL), typed columns (days as
//! `DATE`, Goldstein and coordinates as doubles, codes as strings, ingest time as a UTC
//! timestamp), the CAMEO and actor labels beside the codes, Snappy compression and row
//! groups of [`ParquetOptions::row_group_rows`] rows.
//!
//! Events stream out oldest first, so one partition is written at a time and memory stays
//! at one row group whatever the size of the store.

use crate::export::{for_each_event_in, ExportRow, Order};
use crate::filter::EventFilter;
use crate::{Error, Result};
use arrow_array::builder::{
    Date32Builder, Float64Builder, Int64Builder, Int8Builder, StringBuilder, TimestampMillisecondBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, TimeUnit};
use chrono::{Datelike, NaiveDate};
use dyad_doc::EventActor;
use dyad_store::Db;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How the dataset is split into folders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Partition {
    /// One file set for everything.
    None,
    /// `year=YYYY/`.
    Year,
    /// `year=YYYY/month=MM/`.
    Month,
    /// `year=YYYY/month=MM/day=DD/`.
    Day,
}

impl Partition {
    pub fn parse(text: &str) -> Result<Partition> {
        match text.trim().to_ascii_lowercase().as_str() {
            "none" => Ok(Partition::None),
            "year" => Ok(Partition::Year),
            "month" => Ok(Partition::Month),
            "day" => Ok(Partition::Day),
            _ => {
                Err(Error::invalid("partition", format!("{} is not one of none, year, month, day", crate::shown(text))))
            }
        }
    }

    /// The folder (relative to the dataset root) of events dated `date`.
    fn folder(self, date: Option<NaiveDate>) -> PathBuf {
        const NULL: &str = "__HIVE_DEFAULT_PARTITION__";
        let (y, m, d) = match date {
            Some(d) => (d.year().to_string(), format!("{:02}", d.month()), format!("{:02}", d.day())),
            None => (NULL.to_string(), NULL.to_string(), NULL.to_string()),
        };
        let mut path = PathBuf::new();
        if self != Partition::None {
            path.push(format!("year={y}"));
        }
        if matches!(self, Partition::Month | Partition::Day) {
            path.push(format!("month={m}"));
        }
        if self == Partition::Day {
            path.push(format!("day={d}"));
        }
        path
    }
}

/// Names for actor codes (`RUS` → `Russia`, `NATO` → its full name): the label column of
/// an actor is its stored canonical name, else the name of its code, else the name of its
/// country with the sector code (`Russia GOV`), else empty.
#[derive(Debug, Clone, Default)]
pub struct ActorLabels {
    names: HashMap<String, String>,
}

impl ActorLabels {
    pub fn new(names: impl IntoIterator<Item = (String, String)>) -> ActorLabels {
        let mut map = HashMap::new();
        for (code, name) in names {
            map.entry(code).or_insert(name);
        }
        ActorLabels { names: map }
    }

    pub fn label(&self, actor: &EventActor) -> Option<String> {
        if let Some(name) = actor.name.as_ref().filter(|n| !n.is_empty()) {
            return Some(name.clone());
        }
        if let Some(name) = self.names.get(&actor.code) {
            return Some(name.clone());
        }
        let country = actor.country.as_ref().and_then(|c| self.names.get(c))?;
        Some(match actor.sector.as_deref().filter(|s| !s.is_empty()) {
            Some(sector) => format!("{country} {sector}"),
            None => country.clone(),
        })
    }
}

#[derive(Debug, Clone)]
pub struct ParquetOptions {
    pub partition: Partition,
    /// Rows per row group: large enough for long sequential scans, small enough that a
    /// reader can skip groups by their statistics.
    pub row_group_rows: usize,
    /// A partition with more rows continues in `part-1.parquet`, `part-2.parquet`, ...
    pub file_rows: u64,
    pub labels: ActorLabels,
}

impl Default for ParquetOptions {
    fn default() -> Self {
        ParquetOptions {
            partition: Partition::Month,
            row_group_rows: 128 * 1024,
            file_rows: 4_000_000,
            labels: ActorLabels::default(),
        }
    }
}

/// What [`write_dataset`] wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DatasetStats {
    pub events: u64,
    /// The files written, relative to the dataset root, in order.
    pub files: Vec<PathBuf>,
}

/// Writes the events matching `filter` as a Parquet dataset under `dir`, which must be
/// absent or empty (a half-old dataset would mix with the new one).
pub fn write_dataset(
    db: &mut Db<'_>,
    filter: &EventFilter,
    dir: &Path,
    options: &ParquetOptions,
) -> Result<DatasetStats> {
    let out_err = |e: std::io::Error| Error::Output { path: dir.display().to_string(), message: e.to_string() };
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(out_err)?;
        if entries.next().is_some() {
            return Err(Error::Output {
                path: dir.display().to_string(),
                message: "the folder is not empty: give a new or empty folder for the dataset".into(),
            });
        }
    }
    std::fs::create_dir_all(dir).map_err(out_err)?;
    let schema = Arc::new(schema());
    let mut stats = DatasetStats::default();
    let mut current: Option<(PathBuf, PartWriter<File>)> = None;
    let mut part = 0u32;
    stats.events = for_each_event_in(db, filter, Order::OldestFirst, None, |row| {
        let folder = options.partition.folder(row.event.date);
        let switch = match &current {
            Some((f, w)) => *f != folder || w.rows >= options.file_rows,
            None => true,
        };
        if switch {
            part = match &current {
                Some((f, _)) if *f == folder => part + 1,
                _ => 0,
            };
            if let Some((_, w)) = current.take() {
                w.close()?;
            }
            let relative = folder.join(format!("part-{part}.parquet"));
            let writer = PartWriter::create(&dir.join(&relative), schema.clone(), options.row_group_rows)?;
            stats.files.push(relative);
            current = Some((folder, writer));
        }
        if let Some((_, w)) = current.as_mut() {
            w.push(&row, &options.labels)?;
        }
        Ok(())
    })?;
    if let Some((_, w)) = current.take() {
        w.close()?;
    }
    Ok(stats)
}

/// The dataset's columns. Partition keys (year, month, day) are in the folder names only.
pub fn schema() -> Schema {
    let text = |name: &str, nullable: bool| Field::new(name, DataType::Utf8, nullable);
    let int = |name: &str| Field::new(name, DataType::Int64, false);
    let double = |name: &str, nullable: bool| Field::new(name, DataType::Float64, nullable);
    let mut fields = vec![
        int("id"),
        text("event_id", false),
        text("doc", false),
        Field::new("date", DataType::Date32, true),
        text("date_basis", false),
    ];
    for side in ["source", "target"] {
        fields.push(text(&format!("{side}_code"), false));
        fields.push(text(&format!("{side}_country"), true));
        fields.push(text(&format!("{side}_sector"), true));
        fields.push(text(&format!("{side}_name"), true));
        fields.push(text(&format!("{side}_label"), true));
        fields.push(text(&format!("{side}_text"), false));
    }
    fields.extend([
        text("cameo", false),
        text("cameo_label", true),
        text("root", false),
        text("root_label", true),
        Field::new("quad_class", DataType::Int8, false),
        double("goldstein", false),
        text("sentence", false),
        int("span_start"),
        int("span_end"),
        text("location_name", true),
        text("location_country", true),
        double("lat", true),
        double("lon", true),
        double("confidence", false),
        text("trigger", false),
        text("pattern", false),
        int("article_id"),
        text("url", true),
        text("site_name", true),
        Field::new("published", DataType::Date32, true),
        Field::new("ingested_at", DataType::Timestamp(TimeUnit::Millisecond, Some("UTC".into())), true),
    ]);
    Schema::new(fields)
}

/// Column builders in schema order; one row group's worth at a time.
enum Column {
    Text(StringBuilder),
    Int(Int64Builder),
    Small(Int8Builder),
    Double(Float64Builder),
    Date(Date32Builder),
    Time(TimestampMillisecondBuilder),
}

impl Column {
    fn new(data_type: &DataType) -> Column {
        match data_type {
            DataType::Int64 => Column::Int(Int64Builder::new()),
            DataType::Int8 => Column::Small(Int8Builder::new()),
            DataType::Float64 => Column::Double(Float64Builder::new()),
            DataType::Date32 => Column::Date(Date32Builder::new()),
            DataType::Timestamp(..) => Column::Time(TimestampMillisecondBuilder::new().with_timezone("UTC")),
            _ => Column::Text(StringBuilder::new()),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Column::Text(b) => Arc::new(b.finish()),
            Column::Int(b) => Arc::new(b.finish()),
            Column::Small(b) => Arc::new(b.finish()),
            Column::Double(b) => Arc::new(b.finish()),
            Column::Date(b) => Arc::new(b.finish()),
            Column::Time(b) => Arc::new(b.finish()),
        }
    }
}

/// One cell of a row, as the column builders take it.
enum Cell<'a> {
    Text(Option<&'a str>),
    Owned(Option<String>),
    Int(i64),
    Small(i8),
    Double(Option<f64>),
    Date(Option<NaiveDate>),
    Time(Option<i64>),
}

fn days(date: Option<NaiveDate>) -> Option<i32> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    date.and_then(|d| i32::try_from((d - epoch).num_days()).ok())
}

fn cells<'a>(row: &'a ExportRow, labels: &ActorLabels) -> Vec<Cell<'a>> {
    let e = &row.event;
    let loc = e.location.as_ref();
    let span = |v: usize| i64::try_from(v).unwrap_or(i64::MAX);
    let name_of = |code: &str| dyad_cameo::lookup(code).map(|c| c.name.to_string());
    let basis = match e.date_basis {
        dyad_doc::DateBasis::Explicit => "explicit",
        dyad_doc::DateBasis::Relative => "relative",
        dyad_doc::DateBasis::Publication => "publication",
    };
    let mut out = vec![
        Cell::Int(row.id),
        Cell::Text(Some(&e.event_id)),
        Cell::Text(Some(&e.doc)),
        Cell::Date(e.date),
        Cell::Text(Some(basis)),
    ];
    for actor in [&e.source, &e.target] {
        out.extend([
            Cell::Text(Some(&actor.code)),
            Cell::Text(actor.country.as_deref()),
            Cell::Text(actor.sector.as_deref()),
            Cell::Text(actor.name.as_deref()),
            Cell::Owned(labels.label(actor)),
            Cell::Text(Some(&actor.text)),
        ]);
    }
    let ingested = chrono::DateTime::parse_from_rfc3339(&row.ingested_at).ok().map(|t| t.timestamp_millis());
    out.extend([
        Cell::Text(Some(&e.cameo)),
        Cell::Owned(name_of(&e.cameo)),
        Cell::Text(Some(&e.root)),
        Cell::Owned(name_of(&e.root)),
        Cell::Small(i8::try_from(e.quad_class).unwrap_or(0)),
        Cell::Double(Some(e.goldstein)),
        Cell::Text(Some(&e.sentence)),
        Cell::Int(span(e.span.0)),
        Cell::Int(span(e.span.1)),
        Cell::Text(loc.map(|l| l.name.as_str())),
        Cell::Text(loc.and_then(|l| l.country.as_deref())),
        Cell::Double(loc.and_then(|l| l.lat)),
        Cell::Double(loc.and_then(|l| l.lon)),
        Cell::Double(Some(e.confidence)),
        Cell::Text(Some(&e.evidence.trigger)),
        Cell::Text(Some(&e.evidence.pattern)),
        Cell::Int(row.article_id),
        Cell::Text(row.url.as_deref()),
        Cell::Text(row.site_name.as_deref()),
        Cell::Date(row.published),
        Cell::Time(ingested),
    ]);
    out
}

/// Writes the events matching `filter` as one Parquet file of the dataset's typed
/// schema (see [`schema`]) to `out`, oldest first; returns how many.
pub fn write_file<W: std::io::Write + Send>(
    db: &mut Db<'_>,
    filter: &EventFilter,
    labels: &ActorLabels,
    out: W,
) -> Result<u64> {
    let options = ParquetOptions::default();
    let mut writer = PartWriter::new(out, Path::new("output"), Arc::new(schema()), options.row_group_rows)?;
    let n = for_each_event_in(db, filter, Order::OldestFirst, None, |row| writer.push(&row, labels))?;
    writer.close()?;
    Ok(n)
}

/// One open `part-N.parquet`.
struct PartWriter<W: std::io::Write + Send> {
    path: PathBuf,
    writer: ArrowWriter<W>,
    schema: Arc<Schema>,
    columns: Vec<Column>,
    pending: usize,
    row_group_rows: usize,
    rows: u64,
}

impl PartWriter<File> {
    fn create(path: &Path, schema: Arc<Schema>, row_group_rows: usize) -> Result<PartWriter<File>> {
        let err = |m: String| Error::Output { path: path.display().to_string(), message: m };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| err(e.to_string()))?;
        }
        let file = File::create(path).map_err(|e| err(e.to_string()))?;
        PartWriter::new(file, path, schema, row_group_rows)
    }
}

impl<W: std::io::Write + Send> PartWriter<W> {
    fn new(out: W, path: &Path, schema: Arc<Schema>, row_group_rows: usize) -> Result<PartWriter<W>> {
        let err = |m: String| Error::Output { path: path.display().to_string(), message: m };
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_size(row_group_rows.max(1))
            .build();
        let writer = ArrowWriter::try_new(out, schema.clone(), Some(props)).map_err(|e| err(e.to_string()))?;
        let columns = schema.fields().iter().map(|f| Column::new(f.data_type())).collect();
        Ok(PartWriter {
            path: path.to_path_buf(),
            writer,
            schema,
            columns,
            pending: 0,
            row_group_rows: row_group_rows.max(1),
            rows: 0,
        })
    }

    fn err(&self, e: impl std::fmt::Display) -> Error {
        Error::Output { path: self.path.display().to_string(), message: e.to_string() }
    }

    fn push(&mut self, row: &ExportRow, labels: &ActorLabels) -> Result<()> {
        for (column, cell) in self.columns.iter_mut().zip(cells(row, labels)) {
            match (column, cell) {
                (Column::Text(b), Cell::Text(v)) => b.append_option(v),
                (Column::Text(b), Cell::Owned(v)) => b.append_option(v),
                (Column::Int(b), Cell::Int(v)) => b.append_value(v),
                (Column::Small(b), Cell::Small(v)) => b.append_value(v),
                (Column::Double(b), Cell::Double(v)) => b.append_option(v),
                (Column::Date(b), Cell::Date(v)) => b.append_option(days(v)),
                (Column::Time(b), Cell::Time(v)) => b.append_option(v),
                _ => return Err(self.err("internal error: a cell does not match its column's type")),
            }
        }
        self.pending += 1;
        self.rows += 1;
        if self.pending >= self.row_group_rows {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        let arrays: Vec<ArrayRef> = self.columns.iter_mut().map(Column::finish).collect();
        let batch = RecordBatch::try_new(self.schema.clone(), arrays).map_err(|e| self.err(e))?;
        self.writer.write(&batch).map_err(|e| self.err(e))?;
        // Each batch closes a row group, so groups are exactly `row_group_rows` long.
        self.writer.flush().map_err(|e| self.err(e))?;
        self.pending = 0;
        Ok(())
    }

    fn close(mut self) -> Result<()> {
        if self.pending > 0 {
            self.flush()?;
        }
        let path = self.path.display().to_string();
        self.writer.close().map_err(|e| Error::Output { path, message: e.to_string() })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_hive_style() {
        let d = NaiveDate::from_ymd_opt(2025, 6, 3);
        assert_eq!(Partition::Month.folder(d), PathBuf::from("year=2025/month=06"));
        assert_eq!(Partition::Day.folder(d), PathBuf::from("year=2025/month=06/day=03"));
        assert_eq!(Partition::Year.folder(None), PathBuf::from("year=__HIVE_DEFAULT_PARTITION__"));
        assert_eq!(Partition::None.folder(d), PathBuf::new());
    }
}
