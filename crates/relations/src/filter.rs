//! Validated query inputs (actor codes, periods, event filters) and event listing.
//! User input only ever reaches SQL as bound parameters; the SQL text is assembled from
//! fixed fragments.

use crate::{shown, Error, Result};
use chrono::NaiveDate;
use dyad_doc::Event;
use dyad_store::{Db, DbError, Dialect, Row, Value};
use serde::Serialize;

/// The most events one page may hold.
pub const MAX_LIMIT: u32 = 1000;

/// An actor as a query names it: a country or IGO (`USA`, `UKR`, `UNO`: three letters,
/// matched against the event actor's country) or a full code (`USAGOV`, `NATO`, `RUSMIL`:
/// four to six letters, matched as a prefix of the event actor's code).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ActorCode(String);

impl ActorCode {
    /// Accepts 3 to 6 ASCII letters, in any case. `param` names the input in errors.
    pub fn parse(param: &'static str, text: &str) -> Result<ActorCode> {
        let code = text.trim().to_ascii_uppercase();
        if !(3..=6).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(Error::invalid(
                param,
                format!("{} is not an actor code (3 to 6 letters, e.g. USA, USAGOV, NATO)", shown(text)),
            ));
        }
        Ok(ActorCode(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Three-letter codes name countries (or IGOs) and match the actor's country.
    pub fn is_country(&self) -> bool {
        self.0.len() == 3
    }

    /// The SQL condition "this side of the event is this actor", with its parameter.
    pub(crate) fn condition(&self, side: Side, params: &mut Vec<Value>) -> String {
        let side = side.column_prefix();
        if self.is_country() {
            params.push(Value::Text(self.0.clone()));
            format!("{side}_country = ?")
        } else {
            // Codes are letters only, so the pattern has no LIKE wildcard but the final one.
            params.push(Value::Text(format!("{}%", self.0)));
            format!("{side}_code LIKE ?")
        }
    }
}

impl std::fmt::Display for ActorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Source,
    Target,
}

impl Side {
    fn column_prefix(self) -> &'static str {
        match self {
            Side::Source => "source",
            Side::Target => "target",
        }
    }
}

/// True when at least one stored event has `actor` as source or target.
pub fn actor_exists(db: &mut Db<'_>, actor: &ActorCode) -> Result<bool> {
    let mut params = Vec::new();
    let source = actor.condition(Side::Source, &mut params);
    let target = actor.condition(Side::Target, &mut params);
    // Two probes rather than one OR, so each can use its own index.
    for (cond, value) in [(source, &params[0]), (target, &params[1])] {
        let sql = format!("SELECT 1 FROM events WHERE {cond} LIMIT 1");
        let found: Option<i64> = db.query_opt(&sql, std::slice::from_ref(value), |r| r.get(0))?;
        if found.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Parses a day written `YYYY-MM-DD` (nothing else).
pub fn parse_date(param: &'static str, text: &str) -> Result<NaiveDate> {
    let text = text.trim();
    let well_formed = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    let date = if well_formed { NaiveDate::parse_from_str(text, "%Y-%m-%d").ok() } else { None };
    date.ok_or_else(|| Error::invalid(param, format!("{} is not a date written YYYY-MM-DD", shown(text))))
}

/// A closed range of days; either end may be open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Period {
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl Period {
    pub fn new(since: Option<NaiveDate>, until: Option<NaiveDate>) -> Result<Period> {
        if let (Some(s), Some(u)) = (since, until) {
            if s > u {
                return Err(Error::invalid("since", format!("since {s} is after until {u}")));
            }
        }
        Ok(Period { since, until })
    }

    /// From optional `YYYY-MM-DD` texts; empty texts count as absent.
    pub fn parse(since: Option<&str>, until: Option<&str>) -> Result<Period> {
        let since = since.filter(|s| !s.trim().is_empty()).map(|s| parse_date("since", s)).transpose()?;
        let until = until.filter(|s| !s.trim().is_empty()).map(|s| parse_date("until", s)).transpose()?;
        Period::new(since, until)
    }

    pub(crate) fn conditions(&self, column: &str, conds: &mut Vec<String>, params: &mut Vec<Value>) {
        if let Some(since) = self.since {
            conds.push(format!("{column} >= ?"));
            params.push(Value::Date(since));
        }
        if let Some(until) = self.until {
            conds.push(format!("{column} <= ?"));
            params.push(Value::Date(until));
        }
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.since.is_none_or(|s| day >= s) && self.until.is_none_or(|u| day <= u)
    }
}

/// Which events to take. Every field narrows the selection; `Default` takes all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventFilter {
    pub source: Option<ActorCode>,
    pub target: Option<ActorCode>,
    /// Also take events with source and target swapped (with only one actor given:
    /// events where it is either side).
    pub both_ways: bool,
    /// A CAMEO code or prefix, 2 to 4 digits: `19` is the root, `190` and `0874` codes.
    pub cameo: Option<String>,
    /// Quad class 1..=4.
    pub quad: Option<u8>,
    pub period: Period,
    /// Words the evidence sentence contains (case-insensitive, taken literally).
    pub text: Option<String>,
}

impl EventFilter {
    /// Validates a CAMEO code or prefix.
    pub fn parse_cameo(param: &'static str, text: &str) -> Result<String> {
        let code = text.trim();
        if !(2..=4).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::invalid(
                param,
                format!("{} is not a CAMEO code (2 to 4 digits, e.g. 19, 036)", shown(text)),
            ));
        }
        Ok(code.to_string())
    }

    pub fn parse_quad(param: &'static str, text: &str) -> Result<u8> {
        match text.trim().parse::<u8>() {
            Ok(q @ 1..=4) => Ok(q),
            _ => Err(Error::invalid(param, format!("{} is not a quad class (1 to 4)", shown(text)))),
        }
    }

    pub fn parse_text(param: &'static str, text: &str) -> Result<String> {
        let text = text.trim();
        if text.chars().count() > 200 {
            return Err(Error::invalid(param, "search text longer than 200 characters"));
        }
        Ok(text.to_string())
    }

    /// `WHERE` conditions over `events` columns joined by AND (`true` when none), and
    /// their parameters, in `dialect`.
    pub(crate) fn where_clause(&self, dialect: Dialect) -> (String, Vec<Value>) {
        let mut conds = Vec::new();
        let mut params = Vec::new();
        match (&self.source, &self.target, self.both_ways) {
            (Some(s), Some(t), true) => {
                let forward = format!(
                    "({} AND {})",
                    s.condition(Side::Source, &mut params),
                    t.condition(Side::Target, &mut params)
                );
                let backward = format!(
                    "({} AND {})",
                    t.condition(Side::Source, &mut params),
                    s.condition(Side::Target, &mut params)
                );
                conds.push(format!("({forward} OR {backward})"));
            }
            (Some(a), None, true) | (None, Some(a), true) => {
                let one = a.condition(Side::Source, &mut params);
                let other = a.condition(Side::Target, &mut params);
                conds.push(format!("({one} OR {other})"));
            }
            (s, t, _) => {
                if let Some(s) = s {
                    conds.push(s.condition(Side::Source, &mut params));
                }
                if let Some(t) = t {
                    conds.push(t.condition(Side::Target, &mut params));
                }
            }
        }
        if let Some(code) = &self.cameo {
            if code.len() == 2 {
                conds.push("root = ?".into());
                params.push(Value::Text(code.clone()));
            } else {
                conds.push("cameo LIKE ?".into());
                params.push(Value::Text(format!("{code}%")));
            }
        }
        if let Some(q) = self.quad {
            conds.push("quad_class = ?".into());
            params.push(Value::Integer(i64::from(q)));
        }
        self.period.conditions("date", &mut conds, &mut params);
        if let Some(text) = self.text.as_deref().filter(|t| !t.is_empty()) {
            // SQLite's LIKE ignores case; PostgreSQL's ILIKE does.
            let like = match dialect {
                Dialect::Sqlite => "LIKE",
                Dialect::Postgres => "ILIKE",
            };
            conds.push(format!("sentence {like} ? ESCAPE '\\'"));
            params.push(Value::Text(format!("%{}%", escape_like(text))));
        }
        if conds.is_empty() {
            ("1 = 1".into(), params)
        } else {
            (conds.join(" AND "), params)
        }
    }
}

fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A stored event: the contract event plus where it is stored and which article reported it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredEvent {
    pub id: i64,
    pub article_id: i64,
    pub article_title: Option<String>,
    pub site_name: Option<String>,
    pub url: Option<String>,
    #[serde(flatten)]
    pub event: Event,
}

/// One page of events and how many match in all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventPage {
    pub total: u64,
    pub limit: u32,
    pub offset: u64,
    pub events: Vec<StoredEvent>,
}

pub(crate) fn stored_event_sql(where_sql: &str) -> String {
    format!(
        "SELECT events.id AS id, events.article_id AS article_id, articles.title AS article_title, \
         articles.site_name AS site_name, articles.url AS url, {} \
         FROM events JOIN articles ON articles.id = events.article_id WHERE {where_sql}",
        dyad_store::EVENT_COLUMNS
    )
}

pub(crate) fn stored_event_from_row(row: &Row<'_>) -> Result<StoredEvent, DbError> {
    Ok(StoredEvent {
        id: row.get("id")?,
        article_id: row.get("article_id")?,
        article_title: row.get("article_title")?,
        site_name: row.get("site_name")?,
        url: row.get("url")?,
        event: dyad_store::event_from_row(row)?,
    })
}

/// How many events match `filter`.
pub fn count_events(db: &mut Db<'_>, filter: &EventFilter) -> Result<u64> {
    let (where_sql, params) = filter.where_clause(db.dialect());
    Ok(db.query_value(&format!("SELECT count(*) FROM events WHERE {where_sql}"), &params)?)
}

/// Events matching `filter`, newest first (undated last), `limit` (≤ [`MAX_LIMIT`]) from `offset`.
pub fn list_events(db: &mut Db<'_>, filter: &EventFilter, limit: u32, offset: u64) -> Result<EventPage> {
    if limit > MAX_LIMIT {
        return Err(Error::invalid("limit", format!("{limit} is over the maximum of {MAX_LIMIT}")));
    }
    let offset_sql = i64::try_from(offset).map_err(|_| Error::invalid("offset", "too large"))?;
    let (where_sql, mut params) = filter.where_clause(db.dialect());
    let total: u64 = db.query_value(&format!("SELECT count(*) FROM events WHERE {where_sql}"), &params)?;
    let sql = format!(
        "{} ORDER BY events.date IS NOT NULL DESC, events.date DESC, events.id DESC LIMIT ? OFFSET ?",
        stored_event_sql(&where_sql)
    );
    params.push(Value::Integer(i64::from(limit)));
    params.push(Value::Integer(offset_sql));
    let events = db.query_map(&sql, &params, stored_event_from_row)?;
    Ok(EventPage { total, limit, offset, events })
}

/// A stored article with its events.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Article {
    pub id: i64,
    pub doc_id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub authors: Vec<String>,
    pub site_name: Option<String>,
    pub language: Option<String>,
    pub origin: String,
    pub text: String,
    pub events: Vec<StoredEvent>,
}

/// The article stored under `id`, with its events in text order.
pub fn article(db: &mut Db<'_>, id: i64) -> Result<Article> {
    let found = db.query_opt(
        "SELECT id, doc_id, url, title, published, authors, site_name, language, origin, text \
             FROM articles WHERE id = ?",
        &[Value::Integer(id)],
        |r| {
            let authors: Option<String> = r.get(5)?;
            Ok::<_, DbError>(Article {
                id: r.get(0)?,
                doc_id: r.get(1)?,
                url: r.get(2)?,
                title: r.get(3)?,
                published: r.get(4)?,
                authors: authors.and_then(|a| serde_json::from_str(&a).ok()).unwrap_or_default(),
                site_name: r.get(6)?,
                language: r.get(7)?,
                origin: r.get(8)?,
                text: r.get(9)?,
                events: Vec::new(),
            })
        },
    )?;
    let mut art = found.ok_or_else(|| Error::NotFound(format!("article {id}")))?;
    let sql = format!("{} ORDER BY events.span_start, events.id", stored_event_sql("events.article_id = ?"));
    art.events = db.query_map(&sql, &[Value::Integer(id)], stored_event_from_row)?;
    Ok(art)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_codes_are_validated_and_normalised() {
        assert_eq!(ActorCode::parse("a", " usa ").unwrap().as_str(), "USA");
        assert!(ActorCode::parse("a", "USAGOV").unwrap().as_str() == "USAGOV");
        for bad in ["US", "USAGOVX", "U5A", "' OR 1=1 --", "", "ÜSA"] {
            let err = ActorCode::parse("a", bad).unwrap_err();
            assert!(err.is_client_error(), "{bad}");
        }
    }

    #[test]
    fn dates_must_be_iso_days_in_order() {
        assert_eq!(parse_date("d", "2025-02-28").unwrap(), NaiveDate::from_ymd_opt(2025, 2, 28).unwrap());
        for bad in ["2025-02-30", "2025-2-28", "28/02/2025", "2025-02-28T00:00", "yesterday"] {
            assert!(parse_date("d", bad).is_err(), "{bad}");
        }
        assert!(Period::parse(Some("2025-03-01"), Some("2025-02-01")).is_err());
        assert!(Period::parse(Some("2025-02-01"), Some("2025-02-01")).is_ok());
        assert_eq!(Period::parse(Some(""), None).unwrap(), Period::default());
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        let f = EventFilter { text: Some("100%_sure".into()), ..Default::default() };
        let (sql, params) = f.where_clause(Dialect::Sqlite);
        assert!(sql.contains("ESCAPE"));
        assert_eq!(params, vec![Value::Text("%100\\%\\_sure%".into())]);
    }
}
