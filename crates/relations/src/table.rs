//! Small typed tables — a relation's series, the network's edges — written as CSV, JSONL
//! or Parquet, so every view of the dashboard can be downloaded in the formats its events
//! can.

use crate::export::Format;
use crate::network::Network;
use crate::series::Relation;
use crate::{Error, Result};
use arrow_array::builder::{Date32Builder, Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use chrono::NaiveDate;
use std::io::Write;
use std::sync::Arc;

/// The type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Int,
    Float,
    Date,
}

/// One value; `None` is empty (CSV), `null` (JSONL, Parquet).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(Option<String>),
    Int(Option<i64>),
    Float(Option<f64>),
    Date(Option<NaiveDate>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<(&'static str, Kind)>,
    pub rows: Vec<Vec<Cell>>,
}

fn out_err(e: impl std::fmt::Display) -> Error {
    Error::Output { path: "output".into(), message: e.to_string() }
}

impl Table {
    /// Writes the table in `format` (GDELT is for events only).
    pub fn write(&self, format: Format, out: impl Write + Send) -> Result<()> {
        match format {
            Format::Csv => self.write_csv(out),
            Format::Jsonl => self.write_jsonl(out),
            Format::Parquet => self.write_parquet(out),
            Format::Gdelt => Err(Error::invalid("format", "gdelt is a layout for events only")),
        }
    }

    fn write_csv(&self, out: impl Write) -> Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(self.columns.iter().map(|(n, _)| *n)).map_err(out_err)?;
        for row in &self.rows {
            w.write_record(row.iter().map(|c| match c {
                Cell::Text(v) => v.clone().unwrap_or_default(),
                Cell::Int(v) => v.map(|x| x.to_string()).unwrap_or_default(),
                Cell::Float(v) => v.map(|x| x.to_string()).unwrap_or_default(),
                Cell::Date(v) => v.map(|x| x.to_string()).unwrap_or_default(),
            }))
            .map_err(out_err)?;
        }
        w.flush().map_err(out_err)
    }

    fn write_jsonl(&self, mut out: impl Write) -> Result<()> {
        for row in &self.rows {
            let mut object = serde_json::Map::new();
            for ((name, _), cell) in self.columns.iter().zip(row) {
                let value = match cell {
                    Cell::Text(v) => serde_json::json!(v),
                    Cell::Int(v) => serde_json::json!(v),
                    Cell::Float(v) => serde_json::json!(v),
                    Cell::Date(v) => serde_json::json!(v.map(|d| d.to_string())),
                };
                object.insert((*name).to_string(), value);
            }
            serde_json::to_writer(&mut out, &object).map_err(out_err)?;
            out.write_all(b"\n").map_err(out_err)?;
        }
        out.flush().map_err(out_err)
    }

    fn write_parquet(&self, out: impl Write + Send) -> Result<()> {
        let fields: Vec<Field> = self
            .columns
            .iter()
            .map(|(name, kind)| {
                let t = match kind {
                    Kind::Text => DataType::Utf8,
                    Kind::Int => DataType::Int64,
                    Kind::Float => DataType::Float64,
                    Kind::Date => DataType::Date32,
                };
                Field::new(*name, t, true)
            })
            .collect();
        let schema = Arc::new(Schema::new(fields));
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
        let arrays: Vec<ArrayRef> = (0..self.columns.len())
            .map(|i| -> ArrayRef {
                let cells = self.rows.iter().map(|r| &r[i]);
                match self.columns[i].1 {
                    Kind::Text => {
                        let mut b = StringBuilder::new();
                        cells.for_each(|c| b.append_option(if let Cell::Text(v) = c { v.clone() } else { None }));
                        Arc::new(b.finish())
                    }
                    Kind::Int => {
                        let mut b = Int64Builder::new();
                        cells.for_each(|c| b.append_option(if let Cell::Int(v) = c { *v } else { None }));
                        Arc::new(b.finish())
                    }
                    Kind::Float => {
                        let mut b = Float64Builder::new();
                        cells.for_each(|c| b.append_option(if let Cell::Float(v) = c { *v } else { None }));
                        Arc::new(b.finish())
                    }
                    Kind::Date => {
                        let mut b = Date32Builder::new();
                        cells.for_each(|c| {
                            let days = if let Cell::Date(Some(d)) = c {
                                i32::try_from((*d - epoch).num_days()).ok()
                            } else {
                                None
                            };
                            b.append_option(days)
                        });
                        Arc::new(b.finish())
                    }
                }
            })
            .collect();
        let batch = RecordBatch::try_new(schema.clone(), arrays).map_err(out_err)?;
        let mut writer = parquet::arrow::ArrowWriter::try_new(out, schema, None).map_err(out_err)?;
        writer.write(&batch).map_err(out_err)?;
        writer.close().map_err(out_err)?;
        Ok(())
    }
}

/// A relation's buckets, one row each; a bucket without events has empty index values
/// (no data, not neutral).
pub fn series_table(r: &Relation) -> Table {
    let columns = vec![
        ("start", Kind::Date),
        ("events", Kind::Int),
        ("distinct_events", Kind::Int),
        ("verbal_cooperation", Kind::Int),
        ("material_cooperation", Kind::Int),
        ("verbal_conflict", Kind::Int),
        ("material_conflict", Kind::Int),
        ("goldstein_sum", Kind::Float),
        ("goldstein_mean", Kind::Float),
        ("net_cooperation", Kind::Float),
    ];
    let int = |v: u64| Cell::Int(i64::try_from(v).ok());
    let rows = r
        .buckets
        .iter()
        .map(|b| {
            let q = b.quad.as_array();
            let has = b.events > 0;
            vec![
                Cell::Date(b.start),
                int(b.events),
                int(b.distinct_events),
                int(q[0]),
                int(q[1]),
                int(q[2]),
                int(q[3]),
                Cell::Float(has.then_some(b.goldstein_sum)),
                Cell::Float(has.then_some(b.goldstein_mean)),
                Cell::Float(has.then_some(b.net_cooperation)),
            ]
        })
        .collect();
    Table { columns, rows }
}

/// The network's edges, one row each.
pub fn network_table(n: &Network) -> Table {
    let columns = vec![
        ("a", Kind::Text),
        ("b", Kind::Text),
        ("events", Kind::Int),
        ("a_to_b", Kind::Int),
        ("b_to_a", Kind::Int),
        ("goldstein_mean", Kind::Float),
        ("net_cooperation", Kind::Float),
    ];
    let int = |v: u64| Cell::Int(i64::try_from(v).ok());
    let rows = n
        .edges
        .iter()
        .map(|e| {
            vec![
                Cell::Text(Some(e.a.clone())),
                Cell::Text(Some(e.b.clone())),
                int(e.events),
                int(e.a_to_b),
                int(e.b_to_a),
                Cell::Float(Some(e.goldstein_mean)),
                Cell::Float(Some(e.net_cooperation)),
            ]
        })
        .collect();
    Table { columns, rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        Table {
            columns: vec![("day", Kind::Date), ("n", Kind::Int), ("x", Kind::Float), ("t", Kind::Text)],
            rows: vec![
                vec![
                    Cell::Date(NaiveDate::from_ymd_opt(2025, 1, 6)),
                    Cell::Int(Some(3)),
                    Cell::Float(None),
                    Cell::Text(Some("a,b".into())),
                ],
                vec![Cell::Date(None), Cell::Int(Some(0)), Cell::Float(Some(-0.5)), Cell::Text(None)],
            ],
        }
    }

    #[test]
    fn csv_and_jsonl_keep_empty_apart_from_zero() {
        let mut csv = Vec::new();
        sample().write(Format::Csv, &mut csv).unwrap();
        assert_eq!(String::from_utf8(csv).unwrap(), "day,n,x,t\n2025-01-06,3,,\"a,b\"\n,0,-0.5,\n");
        let mut jsonl = Vec::new();
        sample().write(Format::Jsonl, &mut jsonl).unwrap();
        let first: serde_json::Value = serde_json::from_slice(jsonl.split(|&b| b == b'\n').next().unwrap()).unwrap();
        assert_eq!(first["x"], serde_json::Value::Null);
        assert_eq!(first["day"], "2025-01-06");
        let mut parquet = Vec::new();
        sample().write(Format::Parquet, &mut parquet).unwrap();
        assert_eq!(&parquet[..4], b"PAR1");
        assert!(sample().write(Format::Gdelt, Vec::new()).is_err());
    }
}
