//! What the dashboard's event views need beyond a page of events: another sort order,
//! counts by facet (code, actor, country, month) and the places events happened at.

use crate::filter::{stored_event_from_row, stored_event_sql, EventFilter, EventPage, MAX_LIMIT};
use crate::{Error, Result};
use dyad_store::{Db, DbError, Dialect, Value};
use serde::Serialize;

/// A column to sort events by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SortKey {
    #[default]
    Date,
    Goldstein,
    Source,
    Target,
    Cameo,
}

impl SortKey {
    pub fn parse(param: &'static str, text: &str) -> Result<SortKey> {
        match text.trim().to_ascii_lowercase().as_str() {
            "date" => Ok(SortKey::Date),
            "goldstein" => Ok(SortKey::Goldstein),
            "source" => Ok(SortKey::Source),
            "target" => Ok(SortKey::Target),
            "cameo" => Ok(SortKey::Cameo),
            _ => Err(Error::invalid(
                param,
                format!("{} is not one of date, goldstein, source, target, cameo", crate::shown(text)),
            )),
        }
    }

    fn column(self) -> &'static str {
        match self {
            SortKey::Date => "events.date",
            SortKey::Goldstein => "events.goldstein",
            SortKey::Source => "events.source_code",
            SortKey::Target => "events.target_code",
            SortKey::Cameo => "events.cameo",
        }
    }
}

/// A sort order: key and direction. The default is newest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EventOrder {
    pub key: SortKey,
    pub descending: bool,
}

impl Default for EventOrder {
    fn default() -> Self {
        EventOrder { key: SortKey::Date, descending: true }
    }
}

impl EventOrder {
    fn sql(self) -> String {
        let dir = if self.descending { "DESC" } else { "ASC" };
        // Events without the value (undated) come last either way; ids break ties. Written
        // as `IS NOT NULL DESC` so that newest first reads an index backwards, unsorted.
        format!("{col} IS NOT NULL DESC, {col} {dir}, events.id {dir}", col = self.key.column())
    }
}

/// Events matching `filter` in `order`, `limit` (≤ [`MAX_LIMIT`]) from `offset`, with the total.
pub fn list_events_by(
    db: &mut Db<'_>,
    filter: &EventFilter,
    order: EventOrder,
    limit: u32,
    offset: u64,
) -> Result<EventPage> {
    if limit > MAX_LIMIT {
        return Err(Error::invalid("limit", format!("{limit} is over the maximum of {MAX_LIMIT}")));
    }
    let offset_sql = i64::try_from(offset).map_err(|_| Error::invalid("offset", "too large"))?;
    let (where_sql, mut params) = filter.where_clause(db.dialect());
    let total: u64 = db.query_value(&format!("SELECT count(*) FROM events WHERE {where_sql}"), &params)?;
    let sql = format!("{} ORDER BY {} LIMIT ? OFFSET ?", stored_event_sql(&where_sql), order.sql());
    params.push(Value::Integer(i64::from(limit)));
    params.push(Value::Integer(offset_sql));
    let events = db.query_map(&sql, &params, stored_event_from_row)?;
    Ok(EventPage { total, limit, offset, events })
}

/// One value of a facet and how many matching events have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    pub value: String,
    pub events: u64,
}

/// Counts of the matching events by CAMEO root, source and target actor, the country
/// the event happened in, and month; each the `top` most frequent, most first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    pub roots: Vec<FacetCount>,
    pub sources: Vec<FacetCount>,
    pub targets: Vec<FacetCount>,
    pub countries: Vec<FacetCount>,
    /// `YYYY-MM`, in calendar order (all months, not the top ones).
    pub months: Vec<FacetCount>,
}

pub fn facets(db: &mut Db<'_>, filter: &EventFilter, top: usize) -> Result<Facets> {
    let (where_sql, params) = filter.where_clause(db.dialect());
    let month = match db.dialect() {
        Dialect::Sqlite => "substr(date, 1, 7)",
        Dialect::Postgres => "to_char(date, 'YYYY-MM')",
    };
    let mut count = |expr: &str, order: &str| -> Result<Vec<FacetCount>> {
        let sql = format!(
            "SELECT {expr}, count(*) FROM events WHERE ({where_sql}) AND {expr} IS NOT NULL \
             GROUP BY {expr} ORDER BY {order} LIMIT {}",
            if order.starts_with("count") { top } else { 10_000 }
        );
        Ok(db.query_map(&sql, &params, |r| Ok::<_, DbError>(FacetCount { value: r.get(0)?, events: r.get(1)? }))?)
    };
    Ok(Facets {
        roots: count("root", "count(*) DESC, 1")?,
        sources: count("source_code", "count(*) DESC, 1")?,
        targets: count("target_code", "count(*) DESC, 1")?,
        countries: count("location_country", "count(*) DESC, 1")?,
        months: count(month, "1")?,
    })
}

/// A place events happened at, with their number and mean Goldstein value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceCount {
    pub name: String,
    pub country: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub events: u64,
    pub goldstein_mean: f64,
}

/// The places of the matching events that have coordinates, busiest first.
pub fn event_places(db: &mut Db<'_>, filter: &EventFilter, limit: usize) -> Result<Vec<PlaceCount>> {
    let (where_sql, params) = filter.where_clause(db.dialect());
    let sql = format!(
        "SELECT location_name, min(location_country), lat, lon, count(*), avg(goldstein) FROM events \
         WHERE ({where_sql}) AND lat IS NOT NULL AND lon IS NOT NULL AND location_name IS NOT NULL \
         GROUP BY location_name, lat, lon ORDER BY count(*) DESC, location_name LIMIT {limit}"
    );
    Ok(db.query_map(&sql, &params, |r| {
        Ok::<_, DbError>(PlaceCount {
            name: r.get(0)?,
            country: r.get(1)?,
            lat: r.get(2)?,
            lon: r.get(3)?,
            events: r.get(4)?,
            goldstein_mean: r.get(5)?,
        })
    })?)
}
