//! Corroboration: several articles reporting one real-world event.
//!
//! Events are grouped when they have the same source, target (countries where known, else
//! codes: outlets name the same actor at different depths, "Russia" and "Russian forces")
//! and CAMEO root and
//! their dates lie within one day of the earliest event of the group (reports of the same
//! strike dated "Monday" by one outlet and "Tuesday" by another in another time zone).
//! The window is anchored at the group's first day, so a month of daily shelling stays a
//! month of separate events instead of chaining into one.

use crate::filter::EventFilter;
use crate::Result;
use chrono::NaiveDate;
use dyad_store::{Db, DbError, Value};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// The identity of an event for clustering.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct ClusterKey<'a> {
    pub source: &'a str,
    pub target: &'a str,
    pub root: &'a str,
}

/// Assigns a cluster number to each dated item `(key, date)`; returns one number per item
/// (undated items get their own cluster each) and the number of clusters.
pub(crate) fn assign_clusters(items: &[(ClusterKey<'_>, Option<NaiveDate>)]) -> (Vec<usize>, usize) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&i, &j| (&items[i].0, items[i].1).cmp(&(&items[j].0, items[j].1)));
    let mut cluster_of = vec![0; items.len()];
    let mut next = 0;
    let mut anchor: Option<(&ClusterKey<'_>, NaiveDate)> = None;
    for i in order {
        let (key, date) = &items[i];
        let joins = match (anchor, date) {
            (Some((k, first)), Some(d)) => k == key && (*d - first).num_days() <= 1,
            _ => false,
        };
        if !joins {
            next += 1;
            anchor = date.map(|d| (key, d));
        }
        cluster_of[i] = next - 1;
    }
    (cluster_of, next)
}

/// One real-world event and the reports of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CorroboratedEvent {
    pub first_date: Option<NaiveDate>,
    pub last_date: Option<NaiveDate>,
    /// Source country (or code where no country is known).
    pub source: String,
    pub target: String,
    pub root: String,
    /// Stored events (reports) in the group.
    pub reports: u64,
    /// Distinct articles reporting it.
    pub articles: u64,
    /// Distinct outlets (site name, else the URL's host) reporting it.
    pub sources: Vec<String>,
    /// The sentence of the earliest report.
    pub sentence: String,
    pub event_ids: Vec<i64>,
}

/// What grouping reads of one stored event: a few narrow columns, never the sentence.
struct Report {
    id: i64,
    article_id: i64,
    /// Source country, else code (outlets name the same actor at different depths).
    source: String,
    target: String,
    root: String,
    date: Option<NaiveDate>,
    outlet: Option<String>,
}

/// The reports matching `filter`, in event-id order.
fn reports(db: &mut Db<'_>, filter: &EventFilter) -> Result<Vec<Report>> {
    let (where_sql, params) = filter.where_clause(db.dialect());
    let sql = format!(
        "SELECT events.id, events.article_id, COALESCE(events.source_country, events.source_code), \
         COALESCE(events.target_country, events.target_code), events.root, events.date, \
         articles.site_name, articles.url \
         FROM events JOIN articles ON articles.id = events.article_id WHERE {where_sql} ORDER BY events.id"
    );
    let rows = db.query_map(&sql, &params, |r| {
        Ok::<_, DbError>(Report {
            id: r.get(0)?,
            article_id: r.get(1)?,
            source: r.get(2)?,
            target: r.get(3)?,
            root: r.get(4)?,
            date: r.get(5)?,
            outlet: outlet_of(r.get::<Option<String>>(6)?.as_deref(), r.get::<Option<String>>(7)?.as_deref()),
        })
    })?;
    Ok(rows)
}

/// One real-world event: indexes of its reports, and what they add up to.
struct Group {
    members: Vec<usize>,
    articles: BTreeSet<i64>,
    outlets: BTreeSet<String>,
}

fn groups(reports: &[Report]) -> Vec<Group> {
    let items: Vec<_> =
        reports.iter().map(|r| (ClusterKey { source: &r.source, target: &r.target, root: &r.root }, r.date)).collect();
    let (cluster_of, count) = assign_clusters(&items);
    let mut groups: Vec<Group> = (0..count)
        .map(|_| Group { members: Vec::new(), articles: BTreeSet::new(), outlets: BTreeSet::new() })
        .collect();
    for (i, &c) in cluster_of.iter().enumerate() {
        if let Some(g) = groups.get_mut(c) {
            g.members.push(i);
            g.articles.insert(reports[i].article_id);
            g.outlets.extend(reports[i].outlet.clone());
        }
    }
    groups
}

/// Groups the events matching `filter` into real-world events, best corroborated first
/// (most articles, then most recent); at most `limit` groups.
pub fn corroboration(db: &mut Db<'_>, filter: &EventFilter, limit: usize) -> Result<Vec<CorroboratedEvent>> {
    let reports = reports(db, filter)?;
    let mut out: Vec<(i64, CorroboratedEvent)> = groups(&reports)
        .into_iter()
        .filter_map(|g| {
            let head = &reports[*g.members.iter().min_by_key(|&&i| (reports[i].date, reports[i].id))?];
            let event = CorroboratedEvent {
                first_date: head.date,
                last_date: g.members.iter().filter_map(|&i| reports[i].date).max(),
                source: head.source.clone(),
                target: head.target.clone(),
                root: head.root.clone(),
                reports: g.members.len() as u64,
                articles: g.articles.len() as u64,
                sources: g.outlets.into_iter().collect(),
                sentence: String::new(),
                event_ids: g.members.iter().map(|&i| reports[i].id).collect(),
            };
            Some((head.id, event))
        })
        .collect();
    out.sort_by(|(_, a), (_, b)| b.articles.cmp(&a.articles).then(b.first_date.cmp(&a.first_date)));
    out.truncate(limit);
    // Sentences are read only for the groups kept.
    out.into_iter()
        .map(|(head, mut event)| {
            event.sentence = db.query_value("SELECT sentence FROM events WHERE id = ?", &[Value::Integer(head)])?;
            Ok(event)
        })
        .collect()
}

/// How widely the real-world event behind one stored event was reported: the size of its
/// group in [`corroboration`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Coverage {
    pub reports: u64,
    pub articles: u64,
    pub outlets: u64,
}

impl Default for Coverage {
    /// An event reported once.
    fn default() -> Self {
        Coverage { reports: 1, articles: 1, outlets: 1 }
    }
}

/// The coverage of every event matching `filter`, by event id, grouping as [`corroboration`]
/// does.
pub fn coverage_by_event(db: &mut Db<'_>, filter: &EventFilter) -> Result<HashMap<i64, Coverage>> {
    let reports = reports(db, filter)?;
    let mut out = HashMap::with_capacity(reports.len());
    for g in groups(&reports) {
        let coverage = Coverage {
            reports: g.members.len() as u64,
            articles: g.articles.len() as u64,
            outlets: (g.outlets.len() as u64).max(1),
        };
        out.extend(g.members.iter().map(|&i| (reports[i].id, coverage)));
    }
    Ok(out)
}

/// An outlet's name: the site name, else the URL's host.
fn outlet_of(site_name: Option<&str>, url: Option<&str>) -> Option<String> {
    if let Some(site) = site_name.filter(|s| !s.trim().is_empty()) {
        return Some(site.trim().to_string());
    }
    let url = url?;
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?.trim_start_matches("www.");
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2025, 3, d)
    }

    #[test]
    fn reports_within_a_day_of_the_first_merge_and_chains_do_not() {
        let k = ClusterKey { source: "RUS", target: "UKR", root: "19" };
        let other = ClusterKey { source: "RUS", target: "UKR", root: "04" };
        let items = vec![
            (k.clone(), day(1)),
            (k.clone(), day(2)),
            (k.clone(), day(3)), // two days after the first: a new event
            (other.clone(), day(1)),
            (k.clone(), None),
            (k.clone(), day(1)),
        ];
        let (c, n) = assign_clusters(&items);
        assert_eq!(n, 4);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[0], c[5]);
        assert_ne!(c[0], c[2]);
        assert_ne!(c[0], c[3]);
        assert_ne!(c[4], c[0]);
        assert_ne!(c[4], c[2]);
    }
}
