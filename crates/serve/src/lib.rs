//! `dyad serve`: the JSON API (`/api/...`, described at `/api/openapi.json`) and the web
//! dashboard (`/`, `/events`, `/articles/{id}`, `/search`) over a store opened read-only.
//!
//! The dashboard is server-rendered: templates are embedded in the binary, charts are SVG
//! drawn by `plotters`, the network is laid out by `fdg-sim`, and a little hand-written
//! JavaScript (`/static/app.js`, no inline script) adds zoom, pan, pair picking, brushing
//! the time chart, tooltips that work on touch, and article–event linking. The map's
//! country shapes come from the `world-data` crate. Every filtered view can be downloaded
//! as CSV, JSONL or Parquet (`/download/...`). Nothing is fetched from elsewhere.
//!
//! Every parameter is validated before it reaches the database, and only as a bound
//! parameter: bad input is a 4xx with a JSON (or HTML) message, never a 5xx.

mod api;
mod cache;
mod charts;
mod download;
mod favicon;
mod listen;
mod map;
mod names;
mod pages;
mod text;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use dyad_store::{Db, Location, Pool};
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

pub use text::fts_query;

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Store(#[from] dyad_store::StoreError),
    // The causes are part of the messages, not `source`s, so a report prints each once.
    #[error("{addr}: cannot listen: {cause}")]
    Bind { addr: SocketAddr, cause: std::io::Error },
    #[error("server failed: {0}")]
    Io(std::io::Error),
}

impl From<std::io::Error> for ServeError {
    fn from(e: std::io::Error) -> ServeError {
        ServeError::Io(e)
    }
}

/// How many queries run at once by default: one per core is what the machine can
/// compute; a few more keep the cores busy while others wait on I/O.
pub const DEFAULT_POOL: u32 = 8;

/// How `dyad serve` serves.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Database connections (and so queries running at once).
    pub pool: u32,
    /// How long a GET answer is reused; zero turns the cache off.
    pub cache_ttl: Duration,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions { pool: DEFAULT_POOL, cache_ttl: Duration::from_secs(5) }
    }
}

/// Serves the store at `db` on `addr` until interrupted (Ctrl-C). Blocks.
pub fn run(db: &Location, addr: SocketAddr, options: &ServeOptions) -> Result<(), ServeError> {
    let app = router_with_pool(db, options.pool)?;
    let max_connections = listen::connection_limit();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let cache = cache::Cache::new(options.cache_ttl);
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|cause| ServeError::Bind { addr, cause })?;
        let local = listener.local_addr()?;
        eprintln!("dyad: serving {db} on http://{local}/ (API: http://{local}/api/openapi.json)");
        let connections = listen::Connections::new(max_connections);
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        listen::serve(listener, app, cache, connections, shutdown).await;
        Ok(())
    })
}

/// The whole application over a pool of [`DEFAULT_POOL`] read-only connections.
pub fn router(db: impl Into<Location>) -> Result<Router, ServeError> {
    router_with_pool(&db.into(), DEFAULT_POOL)
}

/// The whole application over a pool of at most `pool` read-only connections; a request
/// that finds them all busy for 30 seconds fails with an internal error
/// rather than queueing without bound. Opening checks the store is usable.
pub fn router_with_pool(db: &Location, pool: u32) -> Result<Router, ServeError> {
    let size = pool;
    let pool = Pool::open_read_only(db, pool, Duration::from_secs(30))?;
    let state = AppState(Arc::new(Inner {
        pool,
        queries: tokio::sync::Semaphore::new(size as usize),
        templates: pages::templates(),
        world: OnceLock::new(),
    }));
    let in_flight = Arc::new(tokio::sync::Semaphore::new(MAX_IN_FLIGHT));
    Ok(Router::new()
        .merge(api::routes())
        .merge(pages::routes())
        .merge(download::routes())
        .route("/favicon.ico", get(|| async { ([("content-type", "image/x-icon")], favicon::ico()) }))
        .route("/favicon.svg", get(|| async { ([("content-type", "image/svg+xml")], favicon::SVG) }))
        .route("/static/app.css", get(|| async { ([("content-type", "text/css; charset=utf-8")], pages::CSS) }))
        .route("/static/app.js", get(|| async { ([("content-type", "text/javascript; charset=utf-8")], pages::JS) }))
        .fallback(not_found)
        .with_state(state)
        .layer(axum::middleware::from_fn(move |request, next| bounded(in_flight.clone(), request, next)))
        .layer(axum::middleware::map_response(security_headers)))
}

/// Requests answered at once; past it a request is refused at once with 503.
pub const MAX_IN_FLIGHT: usize = 512;
/// A request not answered within this gets a 503 (its query is abandoned).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

async fn bounded(
    in_flight: Arc<tokio::sync::Semaphore>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let Ok(_permit) = in_flight.try_acquire_owned() else {
        return ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "server busy: too many requests at once; try again")
            .into_response();
    };
    match tokio::time::timeout(REQUEST_TIMEOUT, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "the request took too long; try a narrower one")
            .into_response(),
    }
}

/// Scripts and styles only from our own `/static` files (the pages carry no inline script
/// or style), nothing framed or framing, no referrer sent to the sites articles link to.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Every answer, error pages included, carries these.
async fn security_headers(mut response: Response) -> Response {
    use axum::http::header::{self, HeaderValue};
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    response
}

async fn not_found(uri: axum::http::Uri) -> Response {
    ApiError::new(StatusCode::NOT_FOUND, format!("no such page: {}", uri.path())).into_response()
}

#[derive(Clone)]
pub(crate) struct AppState(Arc<Inner>);

pub(crate) struct Inner {
    /// Read-only connections (SQLite or PostgreSQL); each request borrows one for the
    /// duration of its blocking query.
    pool: Pool,
    /// One permit per pooled connection: a request waits for its turn here, without
    /// holding a blocking thread, rather than in the pool.
    queries: tokio::sync::Semaphore,
    templates: minijinja::Environment<'static>,
    /// The map's country outlines, drawn on first use (decoding them takes a moment).
    world: OnceLock<Vec<(String, String)>>,
}

impl AppState {
    /// Runs `f` with a read-only connection on the blocking thread pool.
    pub(crate) async fn query<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Db<'_>) -> Result<T, ApiError> + Send + 'static,
    {
        let inner = self.0.clone();
        let _turn = self.0.queries.acquire().await.map_err(|e| ApiError::internal(&e))?;
        tokio::task::spawn_blocking(move || {
            let mut conn = inner.pool.get().map_err(|e| ApiError::internal(&e))?;
            let mut db = conn.db();
            f(&mut db)
        })
        .await
        .map_err(|e| ApiError::internal(&e))?
    }

    pub(crate) fn templates(&self) -> &minijinja::Environment<'static> {
        &self.0.templates
    }

    /// Country outlines as SVG paths by ISO alpha-3 code.
    pub(crate) fn world(&self) -> &[(String, String)] {
        self.0.world.get_or_init(map::country_paths)
    }
}

/// An error answer: a status and a message, as JSON `{"error": ..., "status": ...}`.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError { status, message: message.into() }
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    /// A failure of ours: logged in full, answered without internals.
    pub(crate) fn internal(err: &dyn std::fmt::Display) -> ApiError {
        eprintln!("dyad serve: internal error: {err}");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error (see the server log)")
    }
}

impl From<dyad_relations::Error> for ApiError {
    fn from(e: dyad_relations::Error) -> ApiError {
        match &e {
            dyad_relations::Error::Invalid { .. } => ApiError::bad_request(e.to_string()),
            dyad_relations::Error::UnknownActor(_) | dyad_relations::Error::NotFound(_) => {
                ApiError::new(StatusCode::NOT_FOUND, e.to_string())
            }
            _ => ApiError::internal(&e),
        }
    }
}

impl From<dyad_store::DbError> for ApiError {
    fn from(e: dyad_store::DbError) -> ApiError {
        ApiError::internal(&e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.message, "status": self.status.as_u16() });
        (self.status, Json(body)).into_response()
    }
}

/// A JSON answer with `<`, `>` and `&` written as `\u` escapes: the same value to a JSON
/// parser, but no markup a browser could run, whatever the answer echoes.
pub(crate) struct Json<T>(pub T);

impl<T: serde::Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        match serde_json::to_string(&self.0) {
            Ok(text) => {
                let text = text.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026");
                ([(axum::http::header::CONTENT_TYPE, "application/json")], text).into_response()
            }
            Err(e) => ApiError::internal(&e).into_response(),
        }
    }
}
