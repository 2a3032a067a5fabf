//! A short-lived cache of whole GET answers, so many clients asking the same question
//! (the dashboard's home page, a popular relation) cost one query per `ttl`, not one each.
//!
//! An answer older than `ttl` is still served while one background request refreshes it
//! (stale-while-revalidate), so no client waits on a refresh; only the first request for
//! a URL computes it, and the others asking at the same moment wait for that one. Only
//! `200` answers are kept; the store is read-only here, so an answer is at most `ttl`
//! (plus one refresh) behind an ingest running beside the server.

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, Response, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// Answers larger than this are not kept.
const MAX_BODY: usize = 4 << 20;
/// Distinct URLs kept; past it the cache starts again empty.
const MAX_ENTRIES: usize = 1024;

#[derive(Clone)]
struct Stored {
    at: Instant,
    headers: HeaderMap,
    body: Bytes,
}

#[derive(Default)]
struct Entry {
    stored: Mutex<Option<Stored>>,
    /// Held by the one request computing the first answer.
    fill: tokio::sync::Mutex<()>,
    refreshing: AtomicBool,
}

impl Entry {
    fn get(&self) -> Option<Stored> {
        self.stored.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn put(&self, stored: Stored) {
        *self.stored.lock().unwrap_or_else(|p| p.into_inner()) = Some(stored);
    }
}

pub(crate) struct Cache {
    ttl: Duration,
    entries: Mutex<HashMap<String, Arc<Entry>>>,
}

impl Cache {
    pub(crate) fn new(ttl: Duration) -> Arc<Cache> {
        Arc::new(Cache { ttl, entries: Mutex::default() })
    }

    fn entry(&self, key: &str) -> Arc<Entry> {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(key) {
            entries.clear();
        }
        entries.entry(key.to_string()).or_default().clone()
    }

    /// Answers `request` through `app`, from the cache when it can.
    pub(crate) async fn answer<B>(self: Arc<Self>, app: Router, request: Request<B>) -> Response<Body>
    where
        B: http_body::Body<Data = Bytes> + Send + 'static,
        B::Error: Into<axum::BoxError>,
    {
        // Downloads stream without bound: never kept.
        if self.ttl.is_zero() || request.method() != Method::GET || request.uri().path().starts_with("/download/") {
            return run(app, request.map(Body::new)).await;
        }
        let key = request.uri().to_string();
        let entry = self.entry(&key);
        if let Some(stored) = entry.get() {
            if stored.at.elapsed() >= self.ttl && !entry.refreshing.swap(true, Ordering::AcqRel) {
                tokio::spawn(refresh(app, key, entry.clone()));
            }
            return respond(stored);
        }
        let _filling = entry.fill.lock().await;
        if let Some(stored) = entry.get() {
            return respond(stored);
        }
        let response = run(app, request.map(Body::new)).await;
        match keep(response).await {
            Ok(stored) => {
                entry.put(stored.clone());
                respond(stored)
            }
            Err(response) => response,
        }
    }
}

async fn run(app: Router, request: Request<Body>) -> Response<Body> {
    match app.oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

/// The answer as stored, if it is one to keep; else the answer itself, to pass on.
async fn keep(response: Response<Body>) -> Result<Stored, Response<Body>> {
    use http_body::Body as _;
    // Only whole answers of known, small size: a streamed one passes through untouched.
    let small = response.body().size_hint().exact().is_some_and(|n| n <= MAX_BODY as u64);
    if response.status() != StatusCode::OK || !small {
        return Err(response);
    }
    let (parts, body) = response.into_parts();
    match body.collect().await {
        Ok(collected) => Ok(Stored { at: Instant::now(), headers: parts.headers, body: collected.to_bytes() }),
        Err(_) => Err(Response::from_parts(parts, Body::from("the answer failed while being read"))),
    }
}

fn respond(stored: Stored) -> Response<Body> {
    let mut response = Response::new(Body::from(stored.body));
    *response.headers_mut() = stored.headers;
    response
}

async fn refresh(app: Router, key: String, entry: Arc<Entry>) {
    if let Ok(request) = Request::get(&key).body(Body::empty()) {
        if let Ok(stored) = keep(run(app, request).await).await {
            entry.put(stored);
        }
    }
    entry.refreshing.store(false, Ordering::Release);
}
