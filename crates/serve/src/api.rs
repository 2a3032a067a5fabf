//! The JSON API under `/api`.

use crate::text::{escape_html, event_spans, fts_query, Span};
use crate::{ApiError, AppState, Json};
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::Router;
use dyad_relations::{self as rel, ActorCode, EventFilter, Granularity, Period};
use dyad_store::Db;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/openapi.json", get(openapi))
        .route("/api/events", get(events))
        .route("/api/relations", get(relations))
        .route("/api/actors/top", get(top_actors))
        .route("/api/timeline", get(timeline))
        .route("/api/articles/{id}", get(article))
        .route("/api/search", get(search))
        .route("/api/network", get(network))
        .route("/api/corroboration", get(corroboration))
}

/// Deeper pages cost a step per skipped row; narrow the filter (or the dates) instead.
pub(crate) const MAX_OFFSET: u64 = 10_000;

/// Query parameters arrive as text and are validated here, so every mistake gets a message.
pub(crate) fn params<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    q.map(|Query(p)| p).map_err(|e| ApiError::bad_request(format!("bad query parameters: {}", e.body_text())))
}

fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

pub(crate) fn parse_actor(param: &'static str, v: &Option<String>) -> Result<Option<ActorCode>, ApiError> {
    non_empty(v).map(|s| crate::names::actor_code(param, s)).transpose()
}

pub(crate) fn require_actor(param: &'static str, v: &Option<String>) -> Result<ActorCode, ApiError> {
    parse_actor(param, v)?.ok_or_else(|| ApiError::bad_request(format!("missing parameter {param}")))
}

pub(crate) fn parse_bool(param: &'static str, v: &Option<String>) -> Result<bool, ApiError> {
    match non_empty(v) {
        None => Ok(false),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some("0" | "false" | "no" | "off") => Ok(false),
        Some(other) => Err(ApiError::bad_request(format!("invalid {param}: {other:?} is not true or false"))),
    }
}

pub(crate) fn parse_number(param: &'static str, v: &Option<String>, default: u64, max: u64) -> Result<u64, ApiError> {
    match non_empty(v) {
        None => Ok(default),
        Some(s) => match s.parse::<u64>() {
            Ok(n) if n <= max => Ok(n),
            Ok(n) => Err(ApiError::bad_request(format!("invalid {param}: {n} is over the maximum of {max}"))),
            Err(_) => Err(ApiError::bad_request(format!("invalid {param}: {:?} is not a whole number", short(s)))),
        },
    }
}

fn short(s: &str) -> String {
    s.chars().take(40).collect()
}

pub(crate) fn parse_period(since: &Option<String>, until: &Option<String>) -> Result<Period, ApiError> {
    Ok(Period::parse(since.as_deref(), until.as_deref())?)
}

/// Fails with 404 for a well-formed actor no event involves.
pub(crate) fn known(db: &mut Db<'_>, actor: &ActorCode) -> Result<(), ApiError> {
    if rel::actor_exists(db, actor)? {
        Ok(())
    } else {
        Err(rel::Error::UnknownActor(actor.to_string()).into())
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EventParams {
    pub source: Option<String>,
    pub target: Option<String>,
    pub both: Option<String>,
    pub root: Option<String>,
    pub cameo: Option<String>,
    pub quad: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub q: Option<String>,
    pub limit: Option<String>,
    pub offset: Option<String>,
    /// Sort column: date, goldstein, source, target, cameo.
    pub sort: Option<String>,
    /// asc or desc.
    pub dir: Option<String>,
}

impl EventParams {
    pub(crate) fn order(&self) -> Result<rel::browse::EventOrder, ApiError> {
        let key =
            non_empty(&self.sort).map(|s| rel::browse::SortKey::parse("sort", s)).transpose()?.unwrap_or_default();
        let descending = match non_empty(&self.dir) {
            None => key == rel::browse::SortKey::Date || key == rel::browse::SortKey::Goldstein,
            Some("desc") => true,
            Some("asc") => false,
            Some(other) => {
                return Err(ApiError::bad_request(format!("invalid dir: {:?} is not asc or desc", short(other))))
            }
        };
        Ok(rel::browse::EventOrder { key, descending })
    }

    pub(crate) fn filter(&self) -> Result<EventFilter, ApiError> {
        let cameo = match (non_empty(&self.root), non_empty(&self.cameo)) {
            (Some(_), Some(_)) => return Err(ApiError::bad_request("give root or cameo, not both")),
            (Some(r), None) => {
                if r.len() != 2 {
                    return Err(ApiError::bad_request(format!(
                        "invalid root: {:?} is not a 2-digit CAMEO root",
                        short(r)
                    )));
                }
                Some(EventFilter::parse_cameo("root", r)?)
            }
            (None, Some(c)) => Some(EventFilter::parse_cameo("cameo", c)?),
            (None, None) => None,
        };
        Ok(EventFilter {
            source: parse_actor("source", &self.source)?,
            target: parse_actor("target", &self.target)?,
            both_ways: parse_bool("both", &self.both)?,
            cameo,
            quad: non_empty(&self.quad).map(|q| EventFilter::parse_quad("quad", q)).transpose()?,
            period: parse_period(&self.since, &self.until)?,
            text: non_empty(&self.q).map(|q| EventFilter::parse_text("q", q)).transpose()?,
        })
    }

    pub(crate) fn page(&self, default_limit: u64) -> Result<(u32, u64), ApiError> {
        let limit = parse_number("limit", &self.limit, default_limit, u64::from(rel::MAX_LIMIT))?;
        let offset = parse_number("offset", &self.offset, 0, MAX_OFFSET)?;
        Ok((u32::try_from(limit).unwrap_or(rel::MAX_LIMIT), offset))
    }
}

pub(crate) fn check_actors(db: &mut Db<'_>, filter: &EventFilter) -> Result<(), ApiError> {
    for actor in filter.source.iter().chain(filter.target.iter()) {
        known(db, actor)?;
    }
    Ok(())
}

async fn events(
    State(state): State<AppState>,
    q: Result<Query<EventParams>, QueryRejection>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let p = params(q)?;
    let filter = p.filter()?;
    let (limit, offset) = p.page(50)?;
    let order = p.order()?;
    // A filter that matches nothing is an empty page, whether or not its actors are known.
    let page = state.query(move |db| Ok(rel::browse::list_events_by(db, &filter, order, limit, offset)?)).await?;
    let labels: Vec<serde_json::Value> = page
        .events
        .iter()
        .map(|e| crate::names::labels(&e.event.cameo, &e.event.source.code, &e.event.target.code))
        .collect();
    let mut out = serde_json::to_value(&page).map_err(|e| ApiError::internal(&e))?;
    if let Some(events) = out.get_mut("events").and_then(|v| v.as_array_mut()) {
        for (e, l) in events.iter_mut().zip(labels) {
            e["labels"] = l;
        }
    }
    Ok(Json(out))
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RelationParams {
    pub a: Option<String>,
    pub b: Option<String>,
    pub by: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub both: Option<String>,
    pub movers: Option<String>,
}

impl RelationParams {
    pub(crate) fn query(&self) -> Result<rel::RelationQuery, ApiError> {
        Ok(rel::RelationQuery {
            a: require_actor("a", &self.a)?,
            b: require_actor("b", &self.b)?,
            both_ways: parse_bool("both", &self.both)?,
            period: parse_period(&self.since, &self.until)?,
            by: non_empty(&self.by).map(|b| Granularity::parse("by", b)).transpose()?.unwrap_or_default(),
            movers: usize::try_from(parse_number("movers", &self.movers, 10, 100)?).unwrap_or(10),
        })
    }
}

async fn relations(
    State(state): State<AppState>,
    q: Result<Query<RelationParams>, QueryRejection>,
) -> Result<Json<rel::Relation>, ApiError> {
    let query = params(q)?.query()?;
    // An actor no event involves gives an empty series, as any filter matching nothing.
    let out = state.query(move |db| Ok(rel::relation(db, &query)?)).await?;
    Ok(Json(out))
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ActorParams {
    pub actor: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub limit: Option<String>,
    pub by: Option<String>,
}

#[derive(Serialize)]
struct TopActors {
    actor: ActorCode,
    counterparts: Vec<rel::Counterpart>,
}

async fn top_actors(
    State(state): State<AppState>,
    q: Result<Query<ActorParams>, QueryRejection>,
) -> Result<Json<TopActors>, ApiError> {
    let p = params(q)?;
    if p.by.is_some() {
        return Err(ApiError::bad_request("unknown parameter by for /api/actors/top"));
    }
    let actor = require_actor("actor", &p.actor)?;
    let period = parse_period(&p.since, &p.until)?;
    let limit = usize::try_from(parse_number("limit", &p.limit, 20, 200)?).unwrap_or(20);
    let out = state
        .query(move |db| {
            known(db, &actor)?;
            let counterparts = rel::top_actors(db, &actor, period, limit)?;
            Ok(TopActors { actor, counterparts })
        })
        .await?;
    Ok(Json(out))
}

async fn timeline(
    State(state): State<AppState>,
    q: Result<Query<ActorParams>, QueryRejection>,
) -> Result<Json<rel::Timeline>, ApiError> {
    let p = params(q)?;
    if p.limit.is_some() {
        return Err(ApiError::bad_request("unknown parameter limit for /api/timeline"));
    }
    let actor = require_actor("actor", &p.actor)?;
    let period = parse_period(&p.since, &p.until)?;
    let by = non_empty(&p.by).map(|b| Granularity::parse("by", b)).transpose()?.unwrap_or(Granularity::Month);
    let out = state
        .query(move |db| {
            known(db, &actor)?;
            Ok(rel::timeline(db, &actor, period, by)?)
        })
        .await?;
    Ok(Json(out))
}

pub(crate) fn parse_id(p: Result<Path<String>, PathRejection>) -> Result<i64, ApiError> {
    let Path(raw) = p.map_err(|e| ApiError::bad_request(e.body_text()))?;
    match raw.parse::<i64>() {
        Ok(id) if id > 0 => Ok(id),
        _ => Err(ApiError::bad_request(format!("invalid article id {:?}: a positive whole number", short(&raw)))),
    }
}

#[derive(Serialize)]
pub(crate) struct ArticleView {
    #[serde(flatten)]
    pub article: rel::Article,
    /// Actor words and triggers located in `text` (byte offsets).
    pub spans: Vec<Span>,
}

pub(crate) fn load_article(db: &mut Db<'_>, id: i64) -> Result<ArticleView, ApiError> {
    let article = rel::article(db, id)?;
    let spans = event_spans(&article.text, &article.events);
    Ok(ArticleView { article, spans })
}

async fn article(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<ArticleView>, ApiError> {
    let id = parse_id(id)?;
    Ok(Json(state.query(move |db| load_article(db, id)).await?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SearchParams {
    pub q: Option<String>,
    /// Articles published on or after this day (YYYY-MM-DD).
    pub since: Option<String>,
    pub until: Option<String>,
    pub limit: Option<String>,
    pub offset: Option<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct SearchHit {
    pub id: i64,
    pub title: Option<String>,
    pub published: Option<String>,
    pub site_name: Option<String>,
    pub url: Option<String>,
    pub events: i64,
    /// A passage with the matched words in `<mark>`; everything else HTML-escaped.
    pub snippet_html: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct SearchResults {
    pub query: String,
    pub total: u64,
    pub hits: Vec<SearchHit>,
}

pub(crate) fn run_search(
    db: &mut Db<'_>,
    text: &str,
    period: Period,
    limit: u64,
    offset: u64,
) -> Result<SearchResults, ApiError> {
    let fts = fts_query(text).map_err(|m| ApiError::bad_request(format!("invalid q: {m}")))?;
    let found =
        dyad_store::search::articles_between(db, &fts, period.since, period.until, limit, offset).map_err(|e| {
            // The query is built to be valid; should the engine still reject it, that is the query's fault.
            let message = e.to_string();
            if message.contains("fts5") || message.contains("tsquery") {
                ApiError::bad_request(format!("invalid q: {message}"))
            } else {
                ApiError::internal(&e)
            }
        })?;
    let hits = found
        .hits
        .into_iter()
        .map(|h| SearchHit {
            id: h.id,
            title: Some(crate::text::display_title(h.title.as_deref(), &h.doc_id, &h.snippet)),
            published: h.published,
            site_name: h.site_name,
            url: h.url,
            events: h.events,
            snippet_html: escape_html(&h.snippet).replace('\u{2}', "<mark>").replace('\u{3}', "</mark>"),
        })
        .collect();
    Ok(SearchResults { query: fts, total: found.total, hits })
}

async fn search(
    State(state): State<AppState>,
    q: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Json<SearchResults>, ApiError> {
    let p = params(q)?;
    let text = non_empty(&p.q).ok_or_else(|| ApiError::bad_request("missing parameter q"))?.to_string();
    let limit = parse_number("limit", &p.limit, 20, 100)?;
    let offset = parse_number("offset", &p.offset, 0, MAX_OFFSET)?;
    let period = parse_period(&p.since, &p.until)?;
    Ok(Json(state.query(move |db| run_search(db, &text, period, limit, offset)).await?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NetworkParams {
    pub since: Option<String>,
    pub until: Option<String>,
    pub min: Option<String>,
    pub limit: Option<String>,
}

impl NetworkParams {
    pub(crate) fn parse(&self) -> Result<(Period, u64, usize), ApiError> {
        let period = parse_period(&self.since, &self.until)?;
        let min = parse_number("min", &self.min, 1, u64::MAX / 2)?;
        let limit = usize::try_from(parse_number("limit", &self.limit, 80, 500)?).unwrap_or(80);
        Ok((period, min, limit))
    }
}

async fn network(
    State(state): State<AppState>,
    q: Result<Query<NetworkParams>, QueryRejection>,
) -> Result<Json<rel::Network>, ApiError> {
    let (period, min, limit) = params(q)?.parse()?;
    Ok(Json(state.query(move |db| Ok(rel::network(db, period, min, limit)?)).await?))
}

async fn corroboration(
    State(state): State<AppState>,
    q: Result<Query<EventParams>, QueryRejection>,
) -> Result<Json<Vec<rel::CorroboratedEvent>>, ApiError> {
    let p = params(q)?;
    let filter = p.filter()?;
    if filter.source.is_none() && filter.target.is_none() && filter.period.since.is_none() {
        return Err(ApiError::bad_request("give source, target or since: corroboration over everything is too broad"));
    }
    let (limit, _) = p.page(50)?;
    let out = state
        .query(move |db| {
            check_actors(db, &filter)?;
            Ok(rel::corroboration(db, &filter, limit as usize)?)
        })
        .await?;
    Ok(Json(out))
}

fn param(name: &str, description: &str, schema: Value, required: bool) -> Value {
    json!({ "name": name, "in": "query", "required": required, "description": description, "schema": schema })
}

async fn openapi() -> Json<Value> {
    let actor = json!({ "type": "string", "pattern": "^[A-Za-z]{3,6}$" });
    let date = json!({ "type": "string", "format": "date", "pattern": "^\\d{4}-\\d{2}-\\d{2}$" });
    let since = param("since", "First day (YYYY-MM-DD)", date.clone(), false);
    let until = param("until", "Last day (YYYY-MM-DD), not before since", date, false);
    let by = param("by", "Bucket width", json!({ "type": "string", "enum": ["day", "week", "month"] }), false);
    let both = param("both", "Count events in both directions", json!({ "type": "boolean" }), false);
    let errors = json!({
        "400": { "description": "Invalid parameter", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
        "404": { "description": "Unknown actor or missing resource", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
    });
    let ok = |description: &str| {
        let mut r = errors.clone();
        r["200"] = json!({ "description": description, "content": { "application/json": {} } });
        r
    };
    let event_params = vec![
        param("source", "Source actor: a country (USA) or a code prefix (USAGOV)", actor.clone(), false),
        param("target", "Target actor", actor.clone(), false),
        both.clone(),
        param("root", "CAMEO root, 2 digits", json!({ "type": "string", "pattern": "^\\d{2}$" }), false),
        param("cameo", "CAMEO code or prefix, 2-4 digits", json!({ "type": "string", "pattern": "^\\d{2,4}$" }), false),
        param("quad", "Quad class", json!({ "type": "integer", "minimum": 1, "maximum": 4 }), false),
        since.clone(),
        until.clone(),
        param(
            "q",
            "Words in the evidence sentence (literal, case-insensitive)",
            json!({ "type": "string", "maxLength": 200 }),
            false,
        ),
        param(
            "limit",
            "Page size",
            json!({ "type": "integer", "minimum": 0, "maximum": rel::MAX_LIMIT, "default": 50 }),
            false,
        ),
        param("offset", "Events to skip", json!({ "type": "integer", "minimum": 0, "maximum": MAX_OFFSET }), false),
    ];
    Json(json!({
        "openapi": "3.0.3",
        "info": {
            "title": "dyad API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Political events coded from news: who did what to whom, when. Net cooperation index = Σ goldstein / Σ |goldstein| over the events of a bucket, in −1..1."
        },
        "paths": {
            "/api/events": { "get": { "summary": "Stored events, newest first", "parameters": event_params, "responses": ok("A page of events with the total count") } },
            "/api/relations": { "get": { "summary": "Relation series between two actors", "parameters": [
                param("a", "First actor", actor.clone(), true), param("b", "Second actor", actor.clone(), true), by.clone(), since.clone(), until.clone(), both.clone(),
                param("movers", "How many index-moving events to list", json!({ "type": "integer", "minimum": 0, "maximum": 100 }), false)
            ], "responses": ok("Buckets (empty ones as zeros), totals and movers") } },
            "/api/actors/top": { "get": { "summary": "Actors most engaged with an actor", "parameters": [
                param("actor", "The actor", actor.clone(), true), since.clone(), until.clone(),
                param("limit", "How many", json!({ "type": "integer", "minimum": 0, "maximum": 200 }), false)
            ], "responses": ok("Counterparts by number of events") } },
            "/api/timeline": { "get": { "summary": "An actor's events over time", "parameters": [
                param("actor", "The actor", actor, true), by, since.clone(), until.clone()
            ], "responses": ok("Buckets, counterparts and notable events") } },
            "/api/articles/{id}": { "get": { "summary": "An article with its events and the actor/trigger spans in its text", "parameters": [
                { "name": "id", "in": "path", "required": true, "schema": { "type": "integer", "minimum": 1 } }
            ], "responses": ok("The article") } },
            "/api/search": { "get": { "summary": "Full-text search over articles (words, \"phrases\", prefix*, OR, NOT)", "parameters": [
                param("q", "Search text", json!({ "type": "string", "maxLength": 200 }), true),
                param("limit", "Page size", json!({ "type": "integer", "minimum": 0, "maximum": 100 }), false),
                param("offset", "Hits to skip", json!({ "type": "integer", "minimum": 0 }), false)
            ], "responses": ok("Matching articles with snippets") } },
            "/api/network": { "get": { "summary": "Countries as nodes, country pairs as edges with counts and mean Goldstein", "parameters": [
                since.clone(), until.clone(),
                param("min", "Fewest events an edge needs", json!({ "type": "integer", "minimum": 0 }), false),
                param("limit", "Most edges", json!({ "type": "integer", "minimum": 0, "maximum": 500 }), false)
            ], "responses": ok("Nodes and edges") } },
            "/api/corroboration": { "get": { "summary": "Reports grouped into real-world events (same actors and root, dates within a day)", "parameters": [
                param("source", "Source actor", json!({ "type": "string" }), false), param("target", "Target actor", json!({ "type": "string" }), false), both, since, until
            ], "responses": ok("Groups, best corroborated first") } }
        },
        "components": { "schemas": { "Error": { "type": "object", "properties": { "error": { "type": "string" }, "status": { "type": "integer" } }, "required": ["error", "status"] } } }
    }))
}
