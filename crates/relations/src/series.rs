//! Time series of events between actors: relation series, an actor's timeline, and the
//! events that moved the net cooperation index most.

use crate::actor::{top_actors, Counterpart};
use crate::cluster::{assign_clusters, ClusterKey};
use crate::filter::{ActorCode, EventFilter, Period};
use crate::{shown, Error, Result};
use chrono::{Datelike, Days, Months, NaiveDate};
use dyad_store::{Db, DbError, Value};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The most buckets one series may have (about 27 years of days).
pub const MAX_BUCKETS: usize = 10_000;

/// The width of a bucket. Weeks start on Monday (ISO 8601); months on the 1st.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    Day,
    #[default]
    Week,
    Month,
}

impl Granularity {
    pub fn parse(param: &'static str, text: &str) -> Result<Granularity> {
        match text.trim().to_ascii_lowercase().as_str() {
            "day" => Ok(Granularity::Day),
            "week" => Ok(Granularity::Week),
            "month" => Ok(Granularity::Month),
            _ => Err(Error::invalid(param, format!("{} is not one of day, week, month", shown(text)))),
        }
    }

    /// The first day of the bucket holding `day`.
    pub fn bucket_start(self, day: NaiveDate) -> NaiveDate {
        match self {
            Granularity::Day => day,
            Granularity::Week => day - Days::new(u64::from(day.weekday().num_days_from_monday())),
            Granularity::Month => day.with_day(1).unwrap_or(day),
        }
    }

    fn next(self, start: NaiveDate) -> Option<NaiveDate> {
        match self {
            Granularity::Day => start.checked_add_days(Days::new(1)),
            Granularity::Week => start.checked_add_days(Days::new(7)),
            Granularity::Month => start.checked_add_months(Months::new(1)),
        }
    }
}

/// Events per quad class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct QuadCounts {
    pub verbal_cooperation: u64,
    pub material_cooperation: u64,
    pub verbal_conflict: u64,
    pub material_conflict: u64,
}

impl QuadCounts {
    pub(crate) fn add(&mut self, quad: i64, n: u64) {
        match quad {
            1 => self.verbal_cooperation += n,
            2 => self.material_cooperation += n,
            3 => self.verbal_conflict += n,
            4 => self.material_conflict += n,
            _ => {}
        }
    }

    pub fn as_array(&self) -> [u64; 4] {
        [self.verbal_cooperation, self.material_cooperation, self.verbal_conflict, self.material_conflict]
    }
}

/// Sums of Goldstein values as SQL computes them, in tenths: every CAMEO Goldstein value
/// has one decimal, and whole numbers add up exactly in any order, so SQLite and
/// PostgreSQL (which sum in other orders, in parallel) give the same totals to the bit.
pub(crate) const GOLDSTEIN_SUMS: &str = "sum(round(goldstein * 10)), sum(abs(round(goldstein * 10)))";

/// A sum from [`GOLDSTEIN_SUMS`] back in Goldstein units.
pub(crate) fn from_tenths(sum: f64) -> f64 {
    sum / 10.0
}

/// The net cooperation index `Σg / Σ|g|` (−1..1; 0 when nothing is scored).
pub fn net_cooperation(goldstein_sum: f64, goldstein_abs_sum: f64) -> f64 {
    if goldstein_abs_sum > 0.0 {
        (goldstein_sum / goldstein_abs_sum).clamp(-1.0, 1.0)
    } else {
        0.0
    }
}

/// Aggregates of the events in one bucket (or a whole period). Empty buckets are zeros.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Bucket {
    /// First day of the bucket.
    pub start: Option<NaiveDate>,
    /// Stored events (reports).
    pub events: u64,
    /// Real-world events after corroboration clustering.
    pub distinct_events: u64,
    pub quad: QuadCounts,
    /// Events per CAMEO root (only roots present).
    pub roots: BTreeMap<String, u64>,
    pub goldstein_sum: f64,
    /// Mean Goldstein value per event (0 when empty).
    pub goldstein_mean: f64,
    /// See the crate documentation: `Σg / Σ|g|`, in −1..1.
    pub net_cooperation: f64,
    #[serde(skip)]
    goldstein_abs_sum: f64,
}

impl Bucket {
    fn add(&mut self, row: &Row) {
        self.events += 1;
        self.quad.add(row.quad, 1);
        *self.roots.entry(row.root.clone()).or_default() += 1;
        self.goldstein_sum += row.goldstein;
        self.goldstein_abs_sum += row.goldstein.abs();
    }

    fn finish(&mut self) {
        self.goldstein_mean = if self.events > 0 { self.goldstein_sum / self.events as f64 } else { 0.0 };
        self.net_cooperation = net_cooperation(self.goldstein_sum, self.goldstein_abs_sum);
    }
}

/// A short view of an event, for lists of notable events.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventSummary {
    pub id: i64,
    pub article_id: i64,
    pub date: Option<NaiveDate>,
    pub source_code: String,
    pub target_code: String,
    pub cameo: String,
    pub root: String,
    pub quad_class: u8,
    pub goldstein: f64,
    pub sentence: String,
}

/// An event and how far it moved its bucket's net cooperation index: the index with it
/// minus the index without it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mover {
    pub bucket: NaiveDate,
    pub delta: f64,
    pub event: EventSummary,
}

/// What [`relation`] computes.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationQuery {
    pub a: ActorCode,
    pub b: ActorCode,
    /// Count b→a events too.
    pub both_ways: bool,
    pub period: Period,
    pub by: Granularity,
    /// How many movers to return.
    pub movers: usize,
}

/// The relation between two actors over a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Relation {
    pub a: ActorCode,
    pub b: ActorCode,
    pub both_ways: bool,
    pub by: Granularity,
    /// The period covered: as asked, or the span of the events where left open.
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// All events of the period together (`start` is null).
    pub totals: Bucket,
    /// Matching events without a date (in no bucket, not in `totals`).
    pub undated: u64,
    pub buckets: Vec<Bucket>,
    pub movers: Vec<Mover>,
}

/// An actor's activity over time, with its main counterparts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    pub actor: ActorCode,
    pub by: Granularity,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub totals: Bucket,
    pub undated: u64,
    pub buckets: Vec<Bucket>,
    pub counterparts: Vec<Counterpart>,
    /// The most intense events (largest |Goldstein|), most recent first among equals.
    pub notable: Vec<EventSummary>,
}

struct Row {
    id: i64,
    date: Option<NaiveDate>,
    /// Country, else code: the clustering identity of the actors.
    source: String,
    target: String,
    root: String,
    quad: i64,
    goldstein: f64,
}

/// The rows matching `filter`, in id order: sums then add up in the same order on every
/// backend, so both give the same answer to the last bit.
fn fetch_rows(db: &mut Db<'_>, filter: &EventFilter) -> Result<Vec<Row>> {
    let (where_sql, params) = filter.where_clause(db.dialect());
    let sql = format!(
        "SELECT id, date, COALESCE(source_country, source_code), COALESCE(target_country, target_code), root, \
         quad_class, goldstein FROM events WHERE {where_sql}"
    );
    let mut rows = db.query_map(&sql, &params, |r| {
        Ok::<_, DbError>(Row {
            id: r.get(0)?,
            date: r.get(1)?,
            source: r.get(2)?,
            target: r.get(3)?,
            root: r.get(4)?,
            quad: r.get(5)?,
            goldstein: r.get(6)?,
        })
    })?;
    rows.sort_unstable_by_key(|r| r.id);
    Ok(rows)
}

struct Series {
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
    totals: Bucket,
    undated: u64,
    buckets: Vec<Bucket>,
    /// Bucket index per row (None for undated rows).
    bucket_of: Vec<Option<usize>>,
}

fn build_series(rows: &[Row], period: Period, by: Granularity) -> Result<Series> {
    let dates = rows.iter().filter_map(|r| r.date);
    let since = period.since.or_else(|| dates.clone().min());
    let until = period.until.or_else(|| dates.max()).map(|u| since.map_or(u, |s| u.max(s)));
    let mut buckets = Vec::new();
    let mut index_of = HashMap::new();
    if let (Some(since), Some(until)) = (since, until) {
        let mut start = by.bucket_start(since);
        while start <= until {
            if buckets.len() >= MAX_BUCKETS {
                return Err(Error::invalid(
                    "by",
                    format!("more than {MAX_BUCKETS} buckets: use a wider bucket or a shorter period"),
                ));
            }
            index_of.insert(start, buckets.len());
            buckets.push(Bucket { start: Some(start), ..Default::default() });
            match by.next(start) {
                Some(next) => start = next,
                None => break,
            }
        }
    }
    let mut totals = Bucket::default();
    let mut undated = 0;
    let mut bucket_of = Vec::with_capacity(rows.len());
    for row in rows {
        let slot = row.date.and_then(|d| index_of.get(&by.bucket_start(d)).copied());
        match slot {
            Some(i) => {
                if let Some(b) = buckets.get_mut(i) {
                    b.add(row);
                }
                totals.add(row);
            }
            None if row.date.is_none() => undated += 1,
            None => {}
        }
        bucket_of.push(slot);
    }
    // Distinct real-world events per bucket and overall.
    let items: Vec<_> =
        rows.iter().map(|r| (ClusterKey { source: &r.source, target: &r.target, root: &r.root }, r.date)).collect();
    let (cluster_of, count) = assign_clusters(&items);
    let mut seen_bucket: Vec<Option<usize>> = vec![None; count];
    for (row_index, &cluster) in cluster_of.iter().enumerate() {
        let Some(bucket) = bucket_of[row_index] else {
            continue;
        };
        if let Some(slot) = seen_bucket.get_mut(cluster) {
            if slot.is_none() {
                *slot = Some(bucket);
                totals.distinct_events += 1;
                if let Some(b) = buckets.get_mut(bucket) {
                    b.distinct_events += 1;
                }
            }
        }
    }
    for b in &mut buckets {
        b.finish();
    }
    totals.finish();
    Ok(Series { since, until, totals, undated, buckets, bucket_of })
}

fn summaries(db: &mut Db<'_>, ids: &[i64]) -> Result<HashMap<i64, EventSummary>> {
    let sql = "SELECT id, article_id, date, source_code, target_code, cameo, root, quad_class, goldstein, sentence \
         FROM events WHERE id = ?";
    let mut out = HashMap::new();
    for &id in ids {
        let s = db.query_opt(sql, &[Value::Integer(id)], |r| {
            Ok::<_, DbError>(EventSummary {
                id: r.get(0)?,
                article_id: r.get(1)?,
                date: r.get(2)?,
                source_code: r.get(3)?,
                target_code: r.get(4)?,
                cameo: r.get(5)?,
                root: r.get(6)?,
                quad_class: r.get(7)?,
                goldstein: r.get(8)?,
                sentence: r.get(9)?,
            })
        })?;
        if let Some(s) = s {
            out.insert(id, s);
        }
    }
    Ok(out)
}

/// The relation between `q.a` and `q.b`: series, totals and movers.
pub fn relation(db: &mut Db<'_>, q: &RelationQuery) -> Result<Relation> {
    let filter = EventFilter {
        source: Some(q.a.clone()),
        target: Some(q.b.clone()),
        both_ways: q.both_ways,
        period: q.period,
        ..Default::default()
    };
    let rows = fetch_rows(db, &filter)?;
    let series = build_series(&rows, q.period, q.by)?;
    // Leave-one-out effect of each event on its bucket's index.
    let mut moves: Vec<(f64, usize)> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let Some(b) = series.bucket_of[i].and_then(|b| series.buckets.get(b)) else {
            continue;
        };
        if row.goldstein == 0.0 {
            continue;
        }
        let without = net_cooperation(b.goldstein_sum - row.goldstein, b.goldstein_abs_sum - row.goldstein.abs());
        moves.push((b.net_cooperation - without, i));
    }
    moves.sort_by(|x, y| {
        y.0.abs()
            .total_cmp(&x.0.abs())
            .then(rows[y.1].goldstein.abs().total_cmp(&rows[x.1].goldstein.abs()))
            .then(rows[y.1].date.cmp(&rows[x.1].date))
    });
    moves.truncate(q.movers);
    let ids: Vec<i64> = moves.iter().map(|&(_, i)| rows[i].id).collect();
    let found = summaries(db, &ids)?;
    let movers = moves
        .iter()
        .filter_map(|&(delta, i)| {
            let bucket = series.bucket_of[i].and_then(|b| series.buckets.get(b)).and_then(|b| b.start)?;
            Some(Mover { bucket, delta, event: found.get(&rows[i].id)?.clone() })
        })
        .collect();
    Ok(Relation {
        a: q.a.clone(),
        b: q.b.clone(),
        both_ways: q.both_ways,
        by: q.by,
        since: series.since,
        until: series.until,
        totals: series.totals,
        undated: series.undated,
        buckets: series.buckets,
        movers,
    })
}

/// Everything `actor` did or had done to it over `period`, by `by`.
pub fn timeline(db: &mut Db<'_>, actor: &ActorCode, period: Period, by: Granularity) -> Result<Timeline> {
    let filter = EventFilter { source: Some(actor.clone()), both_ways: true, period, ..Default::default() };
    let rows = fetch_rows(db, &filter)?;
    let series = build_series(&rows, period, by)?;
    let mut intense: Vec<&Row> = rows.iter().filter(|r| r.date.is_some()).collect();
    intense.sort_by(|x, y| y.goldstein.abs().total_cmp(&x.goldstein.abs()).then(y.date.cmp(&x.date)));
    intense.truncate(10);
    let ids: Vec<i64> = intense.iter().map(|r| r.id).collect();
    let found = summaries(db, &ids)?;
    let notable = ids.iter().filter_map(|id| found.get(id).cloned()).collect();
    Ok(Timeline {
        actor: actor.clone(),
        by,
        since: series.since,
        until: series.until,
        totals: series.totals,
        undated: series.undated,
        buckets: series.buckets,
        counterparts: top_actors(db, actor, period, 10)?,
        notable,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_start_on_monday_and_first_of_month() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 13).unwrap(); // a Thursday
        assert_eq!(Granularity::Week.bucket_start(d), NaiveDate::from_ymd_opt(2025, 3, 10).unwrap());
        assert_eq!(Granularity::Month.bucket_start(d), NaiveDate::from_ymd_opt(2025, 3, 1).unwrap());
        assert_eq!(Granularity::Day.bucket_start(d), d);
    }

    #[test]
    fn index_is_bounded_and_weighted() {
        assert_eq!(net_cooperation(0.0, 0.0), 0.0);
        assert_eq!(net_cooperation(10.0, 10.0), 1.0);
        // one strike (-10) against three statements of support (+3.4 each)
        let idx = net_cooperation(-10.0 + 3.0 * 3.4, 10.0 + 3.0 * 3.4);
        assert!((idx - 0.0099).abs() < 1e-3, "{idx}");
    }
}
