//! What an attacker controls (an article's URL, a request path) never becomes script in a
//! page, and every answer carries the headers that keep a browser strict.

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// A store whose articles carry `urls` as they might be in a database written before
/// URLs were checked (so the check on output is tested on its own).
fn app_with_urls(urls: &[&str]) -> (axum::Router, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.db");
    let docs = dyad_relations::synthetic::sample_documents();
    let mut store = dyad_store::Store::open(&path).unwrap();
    store.put_documents(&docs).unwrap();
    for (id, url) in urls.iter().enumerate() {
        store
            .sqlite()
            .unwrap()
            .execute("UPDATE articles SET url = ?1 WHERE id = ?2", dyad_store::rusqlite::params![url, id as i64 + 1])
            .unwrap();
    }
    drop(store);
    (dyad_serve::router(&path).unwrap(), dir)
}

async fn get(router: &axum::Router, uri: &str) -> (StatusCode, HeaderMap, String) {
    let response = router.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

const HOSTILE: [&str; 5] = [
    "javascript:alert(1)",
    " javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
];

#[tokio::test]
async fn only_http_urls_become_links() {
    let mut urls = HOSTILE.to_vec();
    urls.push("https://example.org/fine");
    let (router, _dir) = app_with_urls(&urls);
    for (i, url) in urls.iter().enumerate() {
        let (status, _, html) = get(&router, &format!("/articles/{}", i + 1)).await;
        assert_eq!(status, StatusCode::OK);
        // What the browser reads out of the attribute: entities decoded.
        let html = html.replace("&#x2f;", "/").replace("&#x3a;", ":").replace("&#58;", ":");
        let links: Vec<&str> = html.split("href=\"").skip(1).filter_map(|rest| rest.split('"').next()).collect();
        for link in &links {
            assert!(link.starts_with('/') || link.starts_with("https://"), "{url:?} gave the link {link:?}");
        }
        assert!(!html.to_lowercase().contains("href=\"javascript") && !html.contains("href=\"data:"), "{url:?}");
        if url.starts_with("https://") {
            assert!(links.contains(url), "{url} is a link");
        } else {
            assert!(!html.contains("<script>alert(1)"), "{url:?} is escaped text");
        }
    }
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let (router, _dir) = app_with_urls(&[]);
    for uri in [
        "/",
        "/events",
        "/articles/1",
        "/articles/999",
        "/search?q=Riyadh",
        "/static/app.js",
        "/static/app.css",
        "/api/events",
        "/api/events?limit=abc",
        "/api/openapi.json",
        "/no/such/page",
    ] {
        let (_, headers, _) = get(&router, uri).await;
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        let csp = header("content-security-policy");
        assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"), "{uri}: {csp:?}");
        assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), "{uri}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{uri}: {csp}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{uri}");
        assert_eq!(header("x-frame-options"), "DENY", "{uri}");
        assert_eq!(header("referrer-policy"), "no-referrer", "{uri}");
    }
}

#[tokio::test]
async fn pages_hold_no_inline_script_or_style() {
    let (router, _dir) = app_with_urls(&[]);
    for uri in ["/", "/?a=USA&b=RUS&by=month", "/events", "/articles/1", "/search?q=Riyadh", "/nowhere"] {
        let (_, _, html) = get(&router, uri).await;
        for (i, _) in html.match_indices("<script") {
            let tag = &html[i..html[i..].find('>').map_or(html.len(), |e| i + e)];
            assert!(tag.contains(" src=\"/static/"), "{uri}: inline script {tag}");
        }
        assert!(!html.contains(" style=\"") && !html.contains("<style"), "{uri}: inline style");
        assert!(!html.contains(" onclick=") && !html.contains(" onload="), "{uri}: inline handler");
    }
}

#[tokio::test]
async fn json_errors_are_json_and_echo_no_markup() {
    let (router, _dir) = app_with_urls(&[]);
    for uri in [
        "/api/%3Cscript%3Ealert(1)%3C/script%3E",
        "/%3Cscript%3Ealert(1)%3C/script%3E",
        "/api/events?source=%3Cscript%3E",
        "/api/events?%3Cscript%3E=1",
        "/api/search?q=%3Cscript%3E%22",
    ] {
        let (status, headers, body) = get(&router, uri).await;
        let kind = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
        assert!(status.is_client_error() || status == StatusCode::OK, "{uri}: {status}");
        if uri.starts_with("/api/") {
            assert!(kind.starts_with("application/json"), "{uri}: {kind}");
            assert!(!body.contains('<'), "{uri}: {body}");
            let v: serde_json::Value = serde_json::from_str(&body).unwrap();
            if status.is_client_error() {
                assert!(v["error"].as_str().is_some_and(|m| !m.is_empty()), "{uri}: {body}");
            }
        }
        assert!(!body.contains("<script>alert"), "{uri}: {body}");
    }
}
