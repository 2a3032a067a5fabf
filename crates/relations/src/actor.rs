//! The actors most engaged with a given actor.

use crate::filter::{ActorCode, Period, Side};
use crate::series::{net_cooperation, QuadCounts};
use crate::Result;
use dyad_store::{Db, DbError};
use serde::Serialize;
use std::collections::HashMap;

/// One counterpart of an actor: a country (or the actor code where no country is known).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Counterpart {
    pub actor: String,
    pub events: u64,
    /// Events the asked actor did to this counterpart.
    pub outgoing: u64,
    /// Events this counterpart did to the asked actor.
    pub incoming: u64,
    pub quad: QuadCounts,
    pub goldstein_mean: f64,
    pub net_cooperation: f64,
    #[serde(skip)]
    /// In tenths (see `GOLDSTEIN_SUMS`): exact whatever order the rows come in.
    goldstein_sum: f64,
    #[serde(skip)]
    goldstein_abs_sum: f64,
}

/// The `limit` counterparts with the most events with `actor` (either direction) over
/// `period`, most events first.
pub fn top_actors(db: &mut Db<'_>, actor: &ActorCode, period: Period, limit: usize) -> Result<Vec<Counterpart>> {
    let mut merged: HashMap<String, Counterpart> = HashMap::new();
    for (side, other) in [(Side::Source, "target"), (Side::Target, "source")] {
        let mut params = Vec::new();
        let mut conds = vec![actor.condition(side, &mut params)];
        period.conditions("date", &mut conds, &mut params);
        let sql = format!(
            "SELECT COALESCE({other}_country, {other}_code) AS other, quad_class, count(*), {} \
             FROM events WHERE {} GROUP BY other, quad_class",
            crate::series::GOLDSTEIN_SUMS,
            conds.join(" AND ")
        );
        db.for_each(&sql, &params, |r| {
            let name: String = r.get(0)?;
            if name == actor.as_str() {
                return Ok(());
            }
            let n: u64 = r.get(2)?;
            let c = merged.entry(name.clone()).or_insert_with(|| Counterpart { actor: name, ..Default::default() });
            c.events += n;
            if side == Side::Source {
                c.outgoing += n;
            } else {
                c.incoming += n;
            }
            c.quad.add(r.get(1)?, n);
            c.goldstein_sum += r.get::<f64>(3)?;
            c.goldstein_abs_sum += r.get::<f64>(4)?;
            Ok::<(), DbError>(())
        })?;
    }
    let mut out: Vec<Counterpart> = merged
        .into_values()
        .map(|mut c| {
            c.goldstein_mean =
                if c.events > 0 { crate::series::from_tenths(c.goldstein_sum) / c.events as f64 } else { 0.0 };
            c.net_cooperation = net_cooperation(c.goldstein_sum, c.goldstein_abs_sum);
            c
        })
        .collect();
    out.sort_by(|a, b| b.events.cmp(&a.events).then(a.actor.cmp(&b.actor)));
    out.truncate(limit);
    Ok(out)
}
