//! The server-rendered dashboard.

use crate::api::{
    load_article, params, parse_bool, parse_id, parse_number, parse_period, require_actor, run_search, EventParams,
    RelationParams, SearchParams, MAX_OFFSET,
};
use crate::charts::{network_svg, relation_svg, ChartSize};
use crate::map::map_svg;
use crate::text::{display_title, highlight_sentence, mark_article};
use crate::{ApiError, AppState};
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use dyad_relations as rel;
use minijinja::{context, Environment, Value};

pub(crate) const CSS: &str = include_str!("../static/app.css");
pub(crate) const JS: &str = include_str!("../static/app.js");

pub(crate) fn templates() -> Environment<'static> {
    let mut env = Environment::new();
    for (name, source) in [
        ("base.html", include_str!("../templates/base.html")),
        ("relations.html", include_str!("../templates/relations.html")),
        ("events.html", include_str!("../templates/events.html")),
        ("article.html", include_str!("../templates/article.html")),
        ("search.html", include_str!("../templates/search.html")),
        ("error.html", include_str!("../templates/error.html")),
    ] {
        // The templates are part of the binary; a broken one is a build-time mistake the
        // tests catch, so it is reported at render time rather than panicking here.
        if let Err(e) = env.add_template(name, source) {
            eprintln!("dyad serve: template {name}: {e}");
        }
    }
    add_name_filters(&mut env);
    env
}

/// `code|cameo_label` ("Express intent to meet or negotiate"), `code|plover` (`CONSULT`)
/// and `code|actor_name` ("Russia — government", "ECOWAS"): codes people can read.
fn add_name_filters(env: &mut Environment<'static>) {
    env.add_filter("cameo_label", |code: String| {
        dyad_cameo::lookup(&code).map_or(String::new(), |c| c.name.to_string())
    });
    env.add_filter("plover", |code: String| {
        dyad_cameo::lookup(&code).and_then(|c| c.plover()).map_or(String::new(), |p| p.as_str().to_string())
    });
    env.add_filter("actor_name", |code: String| crate::names::names().describe(&code));
    // A stored URL as a link target only if it is http(s); anything else is shown as text.
    env.add_filter("web_link", |url: Option<String>| url.filter(|u| dyad_store::is_web_url(u)).unwrap_or_default());
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(relations_page))
        .route("/events", get(events_page))
        .route("/articles/{id}", get(article_page))
        .route("/search", get(search_page))
}

fn render(state: &AppState, name: &str, ctx: Value) -> Response {
    match state.templates().get_template(name).and_then(|t| t.render(ctx)) {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            eprintln!("dyad serve: rendering {name}: {e:#}");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Html("<h1>500</h1><p>internal error rendering the page</p>".to_string()),
            )
                .into_response()
        }
    }
}

fn error_page(state: &AppState, err: ApiError) -> Response {
    let status = err.status;
    let mut response =
        render(state, "error.html", context! { status => status.as_u16(), message => err.message, page => "" });
    *response.status_mut() = status;
    response
}

/// Runs a page handler body, turning its error into an HTML error page.
async fn page<F>(state: &AppState, body: F) -> Response
where
    F: std::future::Future<Output = Result<Response, ApiError>>,
{
    match body.await {
        Ok(r) => r,
        Err(e) => error_page(state, e),
    }
}

async fn relations_page(State(state): State<AppState>, q: Result<Query<RelationParams>, QueryRejection>) -> Response {
    let st = state.clone();
    page(&st, async move {
        let p = params(q)?;
        let period = parse_period(&p.since, &p.until)?;
        let network = state.query(move |db| Ok(rel::network(db, period, 1, 80)?)).await?;
        // Without a pair, show the busiest one.
        let (a, b, both) = match (&p.a, &p.b) {
            (Some(_), Some(_)) => (require_actor("a", &p.a)?, require_actor("b", &p.b)?, parse_bool("both", &p.both)?),
            _ => match network.edges.first() {
                Some(e) => (rel::ActorCode::parse("a", &e.a)?, rel::ActorCode::parse("b", &e.b)?, true),
                None => {
                    let ctx = context! { page => "relations", network => network, rel => None::<()>, a => "", b => "",
                    by => "week", error => "The database holds no events between countries yet." };
                    return Ok(render(&state, "relations.html", ctx));
                }
            },
        };
        let mut query = RelationParams { a: Some(a.to_string()), b: Some(b.to_string()), ..p }.query()?;
        query.both_ways = both;
        let selected = [a.to_string(), b.to_string()];
        let q2 = query.clone();
        let pair = rel::EventFilter {
            source: Some(query.a.clone()),
            target: Some(query.b.clone()),
            both_ways: query.both_ways,
            period: query.period,
            ..Default::default()
        };
        // Actors no event involves give an empty relation, as any filter matching nothing.
        let (relation, top, recent, places) = state
            .query(move |db| {
                let relation = rel::relation(db, &q2)?;
                let top = rel::top_actors(db, &q2.a, q2.period, 12)?;
                let recent = rel::list_events(db, &pair, 10, 0)?;
                let places = rel::browse::event_places(db, &pair, 300)?;
                Ok((relation, top, recent, places))
            })
            .await?;
        let chart = [ChartSize::Wide, ChartSize::Compact]
            .into_iter()
            .map(|size| relation_svg(&relation, size))
            .collect::<Result<String, String>>()
            .map_err(|e| ApiError::internal(&e))?;
        let selected_refs: Vec<&str> = selected.iter().map(String::as_str).collect();
        let net_svg = network_svg(&network, &selected_refs).map_err(|e| ApiError::internal(&e))?;
        let map = map_svg(state.world(), &places);
        let by = serde_json::to_value(query.by).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        let (since, until) = (query.period.since.map(|d| d.to_string()), query.period.until.map(|d| d.to_string()));
        let mut pair_query = vec![("a", a.to_string()), ("b", b.to_string()), ("by", by.clone())];
        if query.both_ways {
            pair_query.push(("both", "true".into()));
        }
        let mut period_query: Vec<(&str, String)> = Vec::new();
        period_query.extend(since.clone().map(|d| ("since", d)));
        period_query.extend(until.clone().map(|d| ("until", d)));
        let relation_query = query_string(&[pair_query.clone(), period_query.clone()].concat());
        let network_query = query_string(&period_query);
        let mut events_query = vec![("source", a.to_string()), ("target", b.to_string())];
        if query.both_ways {
            events_query.push(("both", "true".into()));
        }
        events_query.extend(period_query.clone());
        let rows: Vec<Value> = recent
            .events
            .iter()
            .map(|e| {
                context! { e => Value::from_serialize(e), html => Value::from_safe_string(highlight_sentence(e)),
                title => display_title(e.article_title.as_deref(), &e.event.doc, &e.event.sentence) }
            })
            .collect();
        let ctx = context! {
            page => "relations",
            a => a.to_string(), b => b.to_string(), both => query.both_ways,
            by => by, since => since, until => until,
            rel => Value::from_serialize(&relation),
            empty => relation.totals.events == 0 && relation.undated == 0,
            top => Value::from_serialize(&top),
            chart => Value::from_safe_string(chart),
            network => Value::from_serialize(&network),
            network_svg => Value::from_safe_string(net_svg),
            map => Value::from_safe_string(map),
            places => places.len(),
            recent => rows, recent_total => recent.total,
            presets => presets(&relation, &query_string(&pair_query)),
            relation_query => relation_query, network_query => network_query,
            events_query => query_string(&events_query),
        };
        Ok(render(&state, "relations.html", ctx))
    })
    .await
}

/// `k=v&k=v`, values percent-encoded.
pub(crate) fn query_string(pairs: &[(&str, String)]) -> String {
    pairs.iter().map(|(k, v)| format!("{k}={}", url_encode(v))).collect::<Vec<_>>().join("&")
}

/// Date presets of the relation page: the last 30 and 90 days and the last year before
/// the pair's latest event, and all time.
fn presets(r: &rel::Relation, pair_query: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(last) = r.until {
        for (label, days) in [("30 days", 29), ("90 days", 89), ("1 year", 364)] {
            let since = last - chrono::Days::new(days);
            out.push((label.to_string(), format!("/?{pair_query}&since={since}&until={last}")));
        }
    }
    out.push(("all".to_string(), format!("/?{pair_query}")));
    out
}

const ROOTS: [(&str, &str); 20] = [
    ("01", "make public statement"),
    ("02", "appeal"),
    ("03", "express intent to cooperate"),
    ("04", "consult"),
    ("05", "engage in diplomatic cooperation"),
    ("06", "engage in material cooperation"),
    ("07", "provide aid"),
    ("08", "yield"),
    ("09", "investigate"),
    ("10", "demand"),
    ("11", "disapprove"),
    ("12", "reject"),
    ("13", "threaten"),
    ("14", "protest"),
    ("15", "exhibit force posture"),
    ("16", "reduce relations"),
    ("17", "coerce"),
    ("18", "assault"),
    ("19", "fight"),
    ("20", "use unconventional mass violence"),
];
const QUADS: [(&str, &str); 4] =
    [("1", "verbal cooperation"), ("2", "material cooperation"), ("3", "verbal conflict"), ("4", "material conflict")];

/// The filter parameters of an events view, as given.
fn filter_pairs(p: &EventParams) -> Vec<(&'static str, String)> {
    let mut pairs = Vec::new();
    for (k, v) in [
        ("source", &p.source),
        ("target", &p.target),
        ("both", &p.both),
        ("root", &p.root),
        ("cameo", &p.cameo),
        ("quad", &p.quad),
        ("since", &p.since),
        ("until", &p.until),
        ("q", &p.q),
    ] {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            pairs.push((k, v.to_string()));
        }
    }
    pairs
}

/// Links that sort the events view by each column (a second click reverses).
fn sort_links(p: &EventParams, order: rel::browse::EventOrder) -> Value {
    use rel::browse::SortKey;
    let mut links = std::collections::BTreeMap::new();
    for (name, key) in [
        ("date", SortKey::Date),
        ("goldstein", SortKey::Goldstein),
        ("source", SortKey::Source),
        ("target", SortKey::Target),
        ("cameo", SortKey::Cameo),
    ] {
        let dir = if order.key == key {
            if order.descending {
                "asc"
            } else {
                "desc"
            }
        } else if matches!(key, SortKey::Date | SortKey::Goldstein) {
            "desc"
        } else {
            "asc"
        };
        let mut pairs = filter_pairs(p);
        pairs.push(("sort", name.to_string()));
        pairs.push(("dir", dir.to_string()));
        let mark = match (order.key == key, order.descending) {
            (true, true) => " ▼",
            (true, false) => " ▲",
            _ => "",
        };
        links.insert(name, context! { href => format!("/events?{}", query_string(&pairs)), mark => mark,
            sorted => if order.key == key { if order.descending { "descending" } else { "ascending" } } else { "none" } });
    }
    Value::from_serialize(&links)
}

/// Facet counts with a link that adds each value to the filter.
fn facet_links(p: &EventParams, facets: &rel::browse::Facets) -> Value {
    let with = |key: &'static str, value: &str| {
        let mut pairs: Vec<(&str, String)> = filter_pairs(p).into_iter().filter(|(k, _)| *k != key).collect();
        if key == "root" {
            pairs.retain(|(k, _)| *k != "cameo");
        }
        pairs.push((key, value.to_string()));
        format!("/events?{}", query_string(&pairs))
    };
    let month_link = |month: &str| -> Option<String> {
        let first = chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").ok()?;
        let last = first.checked_add_months(chrono::Months::new(1))?.pred_opt()?;
        let mut pairs: Vec<(&str, String)> =
            filter_pairs(p).into_iter().filter(|(k, _)| *k != "since" && *k != "until").collect();
        pairs.push(("since", first.to_string()));
        pairs.push(("until", last.to_string()));
        Some(format!("/events?{}", query_string(&pairs)))
    };
    let names = crate::names::names();
    let list = |items: &[rel::browse::FacetCount], key: Option<&'static str>, label: &dyn Fn(&str) -> String| {
        items
            .iter()
            .map(|f| {
                let href = match key {
                    Some("month") => month_link(&f.value),
                    Some(k) => Some(with(k, &f.value)),
                    None => None,
                };
                context! { value => f.value.clone(), label => label(&f.value), events => f.events, href => href }
            })
            .collect::<Vec<_>>()
    };
    let cameo = |code: &str| dyad_cameo::lookup(code).map_or(code.to_string(), |c| format!("{code} {}", c.name));
    let actor = |code: &str| names.describe(code);
    let plain = |v: &str| v.to_string();
    context! {
        roots => list(&facets.roots, Some("root"), &cameo),
        sources => list(&facets.sources, Some("source"), &actor),
        targets => list(&facets.targets, Some("target"), &actor),
        countries => list(&facets.countries, None, &actor),
        months => list(&facets.months, Some("month"), &plain),
    }
}

fn page_link(p: &EventParams, offset: u64) -> String {
    let mut pairs = filter_pairs(p);
    for (k, v) in [("limit", &p.limit), ("sort", &p.sort), ("dir", &p.dir)] {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            pairs.push((k, v.to_string()));
        }
    }
    pairs.push(("offset", offset.to_string()));
    format!("/events?{}", query_string(&pairs))
}

fn url_encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

async fn events_page(State(state): State<AppState>, q: Result<Query<EventParams>, QueryRejection>) -> Response {
    let st = state.clone();
    page(&st, async move {
        let p = params(q)?;
        let base = context! { page => "events", p => context! {
        source => p.source.clone(), target => p.target.clone(), root => p.root.clone(), quad => p.quad.clone(),
        since => p.since.clone(), until => p.until.clone(), q => p.q.clone() },
        both => parse_bool("both", &p.both).unwrap_or(false), roots => ROOTS.to_vec(), quads => QUADS.to_vec() };
        let checked = p.filter().and_then(|f| Ok((f, p.page(50)?, p.order()?)));
        let (filter, (limit, offset), order) = match checked {
            Ok(v) => v,
            Err(e) => {
                let mut r = render(&state, "events.html", context! { error => e.message, ..base });
                *r.status_mut() = e.status;
                return Ok(r);
            }
        };
        let f2 = filter;
        let (events, facets, places, unknown) = state
            .query(move |db| {
                let events = rel::browse::list_events_by(db, &f2, order, limit, offset)?;
                let facets = rel::browse::facets(db, &f2, 8)?;
                let places = rel::browse::event_places(db, &f2, 300)?;
                // A filter that matches nothing is an empty list; say which actor is unheard of.
                let mut unknown = Vec::new();
                if events.total == 0 {
                    for actor in f2.source.iter().chain(f2.target.iter()) {
                        if !rel::actor_exists(db, actor)? {
                            unknown.push(actor.to_string());
                        }
                    }
                }
                Ok((events, facets, places, unknown))
            })
            .await?;
        let rows: Vec<Value> = events
            .events
            .iter()
            .map(|e| {
                context! { e => Value::from_serialize(e), html => Value::from_safe_string(highlight_sentence(e)),
                title => display_title(e.article_title.as_deref(), &e.event.doc, &e.event.sentence) }
            })
            .collect();
        let shown = offset + events.events.len() as u64;
        let next_link = (shown < events.total && shown < MAX_OFFSET).then(|| page_link(&p, shown));
        let prev_link = (offset > 0).then(|| page_link(&p, offset.saturating_sub(u64::from(limit))));
        let map = map_svg(state.world(), &places);
        let ctx = context! { page => Value::from_serialize(&events), rows => rows, next_link => next_link,
        prev_link => prev_link, sort => sort_links(&p, order), facets => facet_links(&p, &facets),
        map => Value::from_safe_string(map), places => places.len(), unknown => unknown,
        download_query => query_string(&filter_pairs(&p)), ..base };
        Ok(render(&state, "events.html", ctx))
    })
    .await
}

async fn article_page(State(state): State<AppState>, id: Result<Path<String>, PathRejection>) -> Response {
    let st = state.clone();
    page(&st, async move {
        let id = parse_id(id)?;
        let view = state.query(move |db| load_article(db, id)).await?;
        let html = mark_article(&view.article.text, &view.article.events, &view.spans);
        let title = display_title(view.article.title.as_deref(), &view.article.doc_id, &view.article.text);
        let ctx = context! { page => "article", art => Value::from_serialize(&view.article),
        title => title, text_html => Value::from_safe_string(html) };
        Ok(render(&state, "article.html", ctx))
    })
    .await
}

async fn search_page(State(state): State<AppState>, q: Result<Query<SearchParams>, QueryRejection>) -> Response {
    let st = state.clone();
    page(&st, async move {
        let p = params(q)?;
        let text = p.q.clone().unwrap_or_default();
        let dates = context! { since => p.since.clone(), until => p.until.clone() };
        if text.trim().is_empty() {
            return Ok(render(&state, "search.html", context! { page => "search", dates => dates }));
        }
        let limit = parse_number("limit", &p.limit, 30, 100)?;
        let offset = parse_number("offset", &p.offset, 0, MAX_OFFSET)?;
        let period = match parse_period(&p.since, &p.until) {
            Ok(period) => period,
            Err(e) => {
                let ctx = context! { page => "search", q => text, dates => dates, error => e.message };
                let mut r = render(&state, "search.html", ctx);
                *r.status_mut() = e.status;
                return Ok(r);
            }
        };
        let t2 = text.clone();
        match state.query(move |db| run_search(db, &t2, period, limit, offset)).await {
            Ok(results) => {
                let hits: Vec<Value> = results
                    .hits
                    .iter()
                    .map(|h| {
                        context! { id => h.id, title => h.title.clone(), published => h.published.clone(),
                        site_name => h.site_name.clone(), events => h.events,
                        snippet_html => Value::from_safe_string(h.snippet_html.clone()) }
                    })
                    .collect();
                let ctx = context! { page => "search", q => text, dates => dates,
                results => context! { total => results.total, hits => hits } };
                Ok(render(&state, "search.html", ctx))
            }
            Err(e) if e.status.is_client_error() => {
                let ctx = context! { page => "search", q => text, dates => dates, error => e.message };
                let mut r = render(&state, "search.html", ctx);
                *r.status_mut() = e.status;
                Ok(r)
            }
            Err(e) => Err(e),
        }
    })
    .await
}
