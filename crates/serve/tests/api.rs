//! Every endpoint, in-process, over a store holding the sample documents: good requests
//! answer 200 with the right data; bad ones a 4xx with a JSON message, never a 5xx.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

struct App {
    router: axum::Router,
    _dir: tempfile::TempDir,
}

fn app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("test.db");
    let mut store = dyad_store::Store::open(&path).unwrap();
    store.put_documents(&dyad_relations::synthetic::sample_documents()).unwrap();
    drop(store);
    App { router: dyad_serve::router(&path).unwrap(), _dir: dir }
}

async fn get(app: &App, uri: &str) -> (StatusCode, String, String) {
    let response = app.router.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    let kind = response.headers().get("content-type").map(|v| v.to_str().unwrap_or("").to_string()).unwrap_or_default();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, kind, String::from_utf8_lossy(&body).into_owned())
}

async fn json(app: &App, uri: &str) -> Value {
    let (status, kind, body) = get(app, uri).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {body}");
    assert!(kind.starts_with("application/json"), "{uri}: {kind}");
    serde_json::from_str(&body).unwrap()
}

/// Asserts a 4xx with a JSON error message; returns the message.
async fn rejected(app: &App, uri: &str, expected: StatusCode) -> String {
    let (status, _, body) = get(app, uri).await;
    assert_eq!(status, expected, "{uri}: {body}");
    let v: Value = serde_json::from_str(&body).unwrap_or_else(|_| panic!("{uri}: not JSON: {body}"));
    let message = v["error"].as_str().unwrap_or_else(|| panic!("{uri}: no message: {body}")).to_string();
    assert!(!message.is_empty());
    message
}

#[tokio::test]
async fn openapi_lists_every_endpoint() {
    let app = app();
    let doc = json(&app, "/api/openapi.json").await;
    assert_eq!(doc["openapi"], "3.0.3");
    for path in [
        "/api/events",
        "/api/relations",
        "/api/actors/top",
        "/api/timeline",
        "/api/articles/{id}",
        "/api/search",
        "/api/network",
    ] {
        assert!(doc["paths"][path]["get"].is_object(), "{path}");
    }
}

#[tokio::test]
async fn events_filter_and_page() {
    let app = app();
    let all = json(&app, "/api/events").await;
    assert_eq!(all["total"], 11);
    let first = &all["events"][0];
    // Contract fields plus where it is stored.
    for field in [
        "doc",
        "event_id",
        "date",
        "date_basis",
        "source",
        "target",
        "cameo",
        "root",
        "quad_class",
        "goldstein",
        "sentence",
        "span",
        "confidence",
        "evidence",
        "id",
        "article_id",
    ] {
        assert!(first.get(field).is_some(), "missing {field}");
    }
    let pair = json(&app, "/api/events?source=usa&target=RUS&both=true").await;
    assert_eq!(pair["total"], 7);
    // RUS and RUSMIL both have country RUS.
    let conflict =
        json(&app, "/api/events?source=RUS&target=UKR&root=19&quad=4&since=2025-03-01&until=2025-03-31").await;
    assert_eq!(conflict["total"], 2);
    let code = json(&app, "/api/events?source=RUSMIL").await;
    assert_eq!(code["total"], 1);
    let text = json(&app, "/api/events?q=riyadh").await;
    assert_eq!(text["total"], 1);
    let page = json(&app, "/api/events?limit=3&offset=9").await;
    assert_eq!(page["events"].as_array().unwrap().len(), 2);
    let code = json(&app, "/api/events?cameo=05").await;
    assert_eq!(code["total"], 4);
}

#[tokio::test]
async fn events_reject_bad_parameters() {
    let app = app();
    let bad = [
        ("/api/events?source=U", StatusCode::BAD_REQUEST),
        ("/api/events?source=%27%20OR%201%3D1%20--", StatusCode::BAD_REQUEST),
        ("/api/events?target=USA;DROP%20TABLE%20events", StatusCode::BAD_REQUEST),
        ("/api/events?since=2025-13-01", StatusCode::BAD_REQUEST),
        ("/api/events?since=yesterday", StatusCode::BAD_REQUEST),
        ("/api/events?since=2025-05-01&until=2025-01-01", StatusCode::BAD_REQUEST),
        ("/api/events?limit=100000000", StatusCode::BAD_REQUEST),
        ("/api/events?limit=99999999999999999999999", StatusCode::BAD_REQUEST),
        ("/api/events?limit=-1", StatusCode::BAD_REQUEST),
        ("/api/events?offset=abc", StatusCode::BAD_REQUEST),
        ("/api/events?quad=5", StatusCode::BAD_REQUEST),
        ("/api/events?root=1", StatusCode::BAD_REQUEST),
        ("/api/events?root=19&cameo=190", StatusCode::BAD_REQUEST),
        ("/api/events?cameo=19x", StatusCode::BAD_REQUEST),
        ("/api/events?both=maybe", StatusCode::BAD_REQUEST),
        ("/api/events?sauce=USA", StatusCode::BAD_REQUEST),
    ];
    for (uri, status) in bad {
        rejected(&app, uri, status).await;
    }
    // A well-formed actor no event involves matches nothing: an empty page, not a 404.
    let none = json(&app, "/api/events?source=FRA").await;
    assert_eq!(none["total"], 0);
    assert_eq!(none["events"].as_array().unwrap().len(), 0);
    // An injection attempt in free text is just text: no match, no error.
    let hostile = json(&app, "/api/events?q=%27%20OR%201%3D1%20--").await;
    assert_eq!(hostile["total"], 0);
    let long = format!("/api/events?q={}", "a".repeat(300));
    rejected(&app, &long, StatusCode::BAD_REQUEST).await;
}

#[tokio::test]
async fn relations_series() {
    let app = app();
    let r = json(&app, "/api/relations?a=USA&b=RUS&by=week&both=true").await;
    assert_eq!(r["totals"]["events"], 6);
    assert_eq!(r["undated"], 1);
    assert_eq!(r["buckets"].as_array().unwrap().len(), 3);
    assert_eq!(r["buckets"][1]["net_cooperation"], 1.0);
    assert!(r["movers"][0]["event"]["sentence"].as_str().unwrap().contains("condemned"));
    let days = json(&app, "/api/relations?a=RUS&b=USA&by=day&since=2025-03-01&until=2025-03-31").await;
    assert_eq!(days["buckets"].as_array().unwrap().len(), 31);
    assert_eq!(days["buckets"][0]["events"], 0);
    for (uri, status) in [
        ("/api/relations?a=USA", StatusCode::BAD_REQUEST),
        ("/api/relations?a=USA&b=RUS&by=year", StatusCode::BAD_REQUEST),
        ("/api/relations?a=USA&b=RUS&since=2025-02-30", StatusCode::BAD_REQUEST),
        ("/api/relations?a=USA&b=RUS&by=day&since=1900-01-01&until=2025-01-01", StatusCode::BAD_REQUEST),
        ("/api/relations?a=USA&b=RUS&movers=1000", StatusCode::BAD_REQUEST),
        ("/api/relations?a=USA%27--&b=RUS", StatusCode::BAD_REQUEST),
    ] {
        rejected(&app, uri, status).await;
    }
}

#[tokio::test]
async fn top_actors_and_timeline() {
    let app = app();
    let top = json(&app, "/api/actors/top?actor=USA").await;
    assert_eq!(top["counterparts"][0]["actor"], "RUS");
    assert_eq!(top["counterparts"][0]["events"], 7);
    let t = json(&app, "/api/timeline?actor=UKR&by=month").await;
    assert_eq!(t["totals"]["events"], 4);
    assert_eq!(t["buckets"].as_array().unwrap().len(), 2);
    rejected(&app, "/api/actors/top", StatusCode::BAD_REQUEST).await;
    rejected(&app, "/api/actors/top?actor=ZZZ", StatusCode::NOT_FOUND).await;
    rejected(&app, "/api/actors/top?actor=USA&limit=100000", StatusCode::BAD_REQUEST).await;
    rejected(&app, "/api/timeline?actor=USA&until=2025-1-1", StatusCode::BAD_REQUEST).await;
    rejected(&app, "/api/timeline?actor=1=1", StatusCode::BAD_REQUEST).await;
}

#[tokio::test]
async fn article_with_events_and_spans() {
    let app = app();
    let all = json(&app, "/api/events?q=praised").await;
    let id = all["events"][0]["article_id"].as_i64().unwrap();
    let a = json(&app, &format!("/api/articles/{id}")).await;
    let text = a["text"].as_str().unwrap();
    assert_eq!(a["events"].as_array().unwrap().len(), 3);
    let spans = a["spans"].as_array().unwrap();
    let marked: Vec<&str> = spans
        .iter()
        .map(|s| &text[s["start"].as_u64().unwrap() as usize..s["end"].as_u64().unwrap() as usize])
        .collect();
    assert!(marked.contains(&"Marco Rubio"), "{marked:?}");
    assert!(marked.contains(&"praised"));
    assert!(spans.iter().any(|s| s["kind"] == "target"));
    rejected(&app, "/api/articles/999999", StatusCode::NOT_FOUND).await;
    rejected(&app, "/api/articles/abc", StatusCode::BAD_REQUEST).await;
    rejected(&app, "/api/articles/0", StatusCode::BAD_REQUEST).await;
    rejected(&app, "/api/articles/1%20OR%201=1", StatusCode::BAD_REQUEST).await;
    rejected(&app, "/api/articles/99999999999999999999999", StatusCode::BAD_REQUEST).await;
}

#[tokio::test]
async fn search_sanitises_fts_syntax() {
    let app = app();
    let hits = json(&app, "/api/search?q=minerals").await;
    assert_eq!(hits["total"], 1);
    assert!(hits["hits"][0]["snippet_html"].as_str().unwrap().contains("<mark>minerals</mark>"));
    let phrase = json(&app, "/api/search?q=%22missile%20strikes%22%20OR%20rubble").await;
    assert_eq!(phrase["total"], 2);
    let prefix = json(&app, "/api/search?q=sanction*").await;
    assert_eq!(prefix["total"], 1);
    // FTS operators and column filters arrive as plain words.
    // (as a column filter, title:kyiv would match the strike article; as words it matches none)
    let colon = json(&app, "/api/search?q=title%3Akyiv").await;
    assert_eq!(colon["total"], 0);
    let near = json(&app, "/api/search?q=NEAR(kyiv").await;
    assert_eq!(near["total"], 0);
    for q in ["%22unbalanced", "OR", "*", "%27%20OR%201%3D1%20--", "peace%20NOT", ""] {
        rejected(&app, &format!("/api/search?q={q}"), StatusCode::BAD_REQUEST).await;
    }
    rejected(&app, "/api/search", StatusCode::BAD_REQUEST).await;
    rejected(&app, "/api/search?q=kyiv&limit=5000", StatusCode::BAD_REQUEST).await;
}

#[tokio::test]
async fn network_and_corroboration() {
    let app = app();
    let net = json(&app, "/api/network").await;
    assert_eq!(net["nodes"].as_array().unwrap().len(), 3);
    let edge = net["edges"].as_array().unwrap().iter().find(|e| e["a"] == "RUS" && e["b"] == "USA").unwrap().clone();
    assert_eq!(edge["events"], 7);
    assert!(edge["goldstein_mean"].is_number());
    let filtered = json(&app, "/api/network?since=2025-04-01").await;
    assert_eq!(filtered["edges"].as_array().unwrap().len(), 1);
    rejected(&app, "/api/network?limit=100000", StatusCode::BAD_REQUEST).await;
    rejected(&app, "/api/network?since=2025-04-01&until=2025-03-01", StatusCode::BAD_REQUEST).await;
    let groups = json(&app, "/api/corroboration?target=UKR").await;
    assert_eq!(groups[0]["articles"], 2);
    rejected(&app, "/api/corroboration", StatusCode::BAD_REQUEST).await;
    rejected(&app, "/api/nothing-here", StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn dashboard_pages_render() {
    let app = app();
    let (status, kind, html) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(kind.starts_with("text/html"));
    assert!(html.contains("<svg class=\"chart relation-chart wide\""), "relation chart");
    assert!(html.contains("<svg class=\"chart relation-chart compact\""), "relation chart for phones");
    assert!(html.contains("<svg class=\"chart network zoomable\""), "network");
    assert!(html.contains("data-country=\"UKR\""));
    assert!(!html.contains("http://") || !html.contains("<script src=\"http"), "no external scripts");
    let (status, _, html) = get(&app, "/?a=USA&b=RUS&by=month&both=true").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("condemned"), "movers list the sentences");
    let (status, _, html) = get(&app, "/events?source=USA&q=praised").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<mark class=\"trigger\">praised</mark>"), "{html}");
    assert!(html.contains("<mark class=\"source\">Marco Rubio</mark>"));
    let (status, _, html) = get(&app, "/events?since=2025-02-30").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("not a date"));
    let (status, _, html) = get(&app, "/search?q=Riyadh").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<mark>Riyadh</mark>"));
    let (status, _, _) = get(&app, "/search?q=%22oops").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _, html) = get(&app, "/articles/1").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("class=\"ev conflict\""));
    let (status, _, _) = get(&app, "/articles/xyz").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // A pair without events is an empty relation, not a 404.
    let (status, _, html) = get(&app, "/?a=USA&b=QQQ").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("No events between USA and QQQ"), "{html}");
    let (status, _, html) = get(&app, "/events?source=FRA").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("No stored event involves FRA"));
    let (status, kind, _) = get(&app, "/static/app.js").await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.starts_with("text/javascript"));
}

#[tokio::test]
async fn text_is_escaped_in_pages() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.db");
    let mut docs = dyad_relations::synthetic::sample_documents();
    docs[0].meta.title = Some("<script>alert(1)</script>".into());
    let mut store = dyad_store::Store::open(&path).unwrap();
    store.put_documents(&docs).unwrap();
    drop(store);
    let app = App { router: dyad_serve::router(&path).unwrap(), _dir: dir };
    let (_, _, html) = get(&app, "/articles/1").await;
    assert!(html.contains("&lt;script&gt;alert(1)"), "escaped title");
    assert!(!html.contains("<script>alert(1)"));
}

#[tokio::test]
async fn empty_series_are_empty_not_missing() {
    let app = app();
    let r = json(&app, "/api/relations?a=USA&b=XYZ").await;
    assert_eq!(r["totals"]["events"], 0);
}

#[tokio::test]
async fn every_view_downloads_in_full() {
    let app = app();
    let all = json(&app, "/api/events?limit=1").await["total"].as_u64().unwrap();
    let (status, kind, csv) = get(&app, "/download/events.csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.starts_with("text/csv"), "{kind}");
    assert_eq!(csv.lines().count() as u64, all + 1, "a header and every event");
    let pair = json(&app, "/api/events?source=USA&target=RUS&both=true&limit=1").await["total"].as_u64().unwrap();
    let (_, _, jsonl) = get(&app, "/download/events.jsonl?source=USA&target=RUS&both=true").await;
    assert_eq!(jsonl.lines().count() as u64, pair);
    let (_, kind, parquet) = get(&app, "/download/events.parquet?source=USA").await;
    assert_eq!(kind, "application/vnd.apache.parquet");
    assert!(parquet.starts_with("PAR1"));
    let (_, _, tsv) = get(&app, "/download/events.tsv").await;
    assert!(tsv.lines().all(|l| l.split('\t').count() == 61));
    let (_, _, series) =
        get(&app, "/download/relations.csv?a=USA&b=RUS&by=day&since=2025-03-01&until=2025-03-31").await;
    let rows: Vec<&str> = series.lines().collect();
    assert_eq!(rows.len(), 32, "a header and 31 days");
    assert!(rows[0].starts_with("start,events,"));
    assert!(rows[1].ends_with(",,,"), "a day without events has no index: {}", rows[1]);
    let (_, _, edges) = get(&app, "/download/network.jsonl").await;
    let net = json(&app, "/api/network").await;
    assert_eq!(edges.lines().count(), net["edges"].as_array().unwrap().len());
    rejected(&app, "/download/events.exe", StatusCode::NOT_FOUND).await;
    rejected(&app, "/download/events.csv?since=2025-13-01", StatusCode::BAD_REQUEST).await;
}

#[tokio::test]
async fn pages_have_a_favicon_sorting_facets_a_map_and_dated_search() {
    let app = app();
    let (status, kind, _) = get(&app, "/favicon.ico").await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, "image/x-icon"));
    let (_, _, html) = get(&app, "/events?sort=goldstein&dir=asc").await;
    let first = html.find("class=\"num neg\"").unwrap_or(usize::MAX);
    let first_pos = html.find("class=\"num pos\"").unwrap_or(usize::MAX);
    assert!(first < first_pos, "ascending Goldstein lists conflict first");
    assert!(html.contains("id=\"facets\""));
    assert!(html.contains("Goldstein ▲"));
    assert!(html.contains("class=\"chart map zoomable\""));
    rejected(&app, "/api/events?sort=colour", StatusCode::BAD_REQUEST).await;
    let all = json(&app, "/api/search?q=Kyiv").await["total"].as_u64().unwrap();
    let late = json(&app, "/api/search?q=Kyiv&since=2025-03-04").await["total"].as_u64().unwrap();
    assert!(all > 0 && late < all, "{late} of {all}");
    rejected(&app, "/api/search?q=Kyiv&since=April", StatusCode::BAD_REQUEST).await;
}
