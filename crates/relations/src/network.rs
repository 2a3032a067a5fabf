//! The country network: who deals with whom, and how.

use crate::filter::Period;
use crate::series::net_cooperation;
use crate::Result;
use dyad_store::{Db, DbError, Dialect};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetworkNode {
    pub country: String,
    /// Events with any other country, in either role.
    pub events: u64,
}

/// An undirected edge between two countries (`a` < `b`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct NetworkEdge {
    pub a: String,
    pub b: String,
    pub events: u64,
    pub a_to_b: u64,
    pub b_to_a: u64,
    pub goldstein_mean: f64,
    pub net_cooperation: f64,
    #[serde(skip)]
    /// In tenths (see `GOLDSTEIN_SUMS`): exact whatever order the rows come in.
    goldstein_sum: f64,
    #[serde(skip)]
    goldstein_abs_sum: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Network {
    pub since: Option<chrono::NaiveDate>,
    pub until: Option<chrono::NaiveDate>,
    pub nodes: Vec<NetworkNode>,
    pub edges: Vec<NetworkEdge>,
}

/// Countries as nodes and the `max_edges` busiest country pairs with at least `min_events`
/// events over `period` as edges; nodes are the countries those edges touch.
pub fn network(db: &mut Db<'_>, period: Period, min_events: u64, max_edges: usize) -> Result<Network> {
    let mut conds = vec![
        "source_country IS NOT NULL".to_string(),
        "target_country IS NOT NULL".into(),
        "source_country <> target_country".into(),
    ];
    let mut params = Vec::new();
    period.conditions("date", &mut conds, &mut params);
    // Over all time, the dyad index covers every column read here, in GROUP BY order: no row
    // lookups, no sort. A bounded period is left to the planner, which can take the date index.
    // (PostgreSQL's planner finds the covering index by itself.)
    let all_time = period.since.is_none() && period.until.is_none();
    let from = if all_time && db.dialect() == Dialect::Sqlite { "events INDEXED BY events_dyad" } else { "events" };
    let sql = format!(
        "SELECT source_country, target_country, count(*), {} FROM {from} \
         WHERE {} GROUP BY source_country, target_country",
        crate::series::GOLDSTEIN_SUMS,
        conds.join(" AND ")
    );
    let mut edges: HashMap<(String, String), NetworkEdge> = HashMap::new();
    let mut node_events: BTreeMap<String, u64> = BTreeMap::new();
    db.for_each(&sql, &params, |r| {
        let s: String = r.get(0)?;
        let t: String = r.get(1)?;
        let n: u64 = r.get(2)?;
        *node_events.entry(s.clone()).or_default() += n;
        *node_events.entry(t.clone()).or_default() += n;
        let forward = s < t;
        let key = if forward { (s, t) } else { (t, s) };
        let e = edges.entry(key.clone()).or_insert_with(|| NetworkEdge {
            a: key.0.clone(),
            b: key.1.clone(),
            ..Default::default()
        });
        e.events += n;
        if forward {
            e.a_to_b += n;
        } else {
            e.b_to_a += n;
        }
        e.goldstein_sum += r.get::<f64>(3)?;
        e.goldstein_abs_sum += r.get::<f64>(4)?;
        Ok::<(), DbError>(())
    })?;
    let mut edges: Vec<NetworkEdge> = edges
        .into_values()
        .filter(|e| e.events >= min_events)
        .map(|mut e| {
            e.goldstein_mean =
                if e.events > 0 { crate::series::from_tenths(e.goldstein_sum) / e.events as f64 } else { 0.0 };
            e.net_cooperation = net_cooperation(e.goldstein_sum, e.goldstein_abs_sum);
            e
        })
        .collect();
    edges.sort_by(|x, y| y.events.cmp(&x.events).then(x.a.cmp(&y.a)).then(x.b.cmp(&y.b)));
    edges.truncate(max_edges);
    let mut nodes: Vec<NetworkNode> = node_events
        .into_iter()
        .filter(|(c, _)| edges.iter().any(|e| &e.a == c || &e.b == c))
        .map(|(country, events)| NetworkNode { country, events })
        .collect();
    nodes.sort_by(|x, y| y.events.cmp(&x.events).then(x.country.cmp(&y.country)));
    Ok(Network { since: period.since, until: period.until, nodes, edges })
}
