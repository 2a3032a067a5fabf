//! `dyad serve`: the JSON API (`/api/...`, described at `/api/openapi.json`) and the web
//! dashboard (`/`, `/events`, `/articles/{id}`, `/search`) over a store opened read-only.
//!
//! The dashboard is server-rendered: templates are embedded in the binary, charts are SVG
//! drawn by `plotters`, the network is laid out by `fdg-sim`, and a little hand-written
//! JavaScript adds zoom, pan and pair picking. Nothing is fetched from elsewhere.
//!
//! Every parameter is validated before it reaches the database, and only as a bound
//! parameter: bad input is a 4xx with a JSON (or HTML) message, never a 5xx.

mod api;
mod charts;
mod names;
mod pages;
mod text;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use dyad_store::{Db, Location, Pool};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

pub use text::fts_query;

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Store(#[from] dyad_store::StoreError),
    #[error("{addr}: cannot listen: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("server failed: {0}")]
    Io(#[from] std::io::Error),
}

/// How many queries run at once by default: one per core is what the machine can
/// compute; a few more keep the cores busy while others wait on I/O.
pub const DEFAULT_POOL: u32 = 8;

/// Serves the store at `db` on `addr` until interrupted (Ctrl-C). Blocks.
pub fn run(db: &Location, addr: SocketAddr) -> Result<(), ServeError> {
    let app = router_with_pool(db, DEFAULT_POOL)?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|source| ServeError::Bind { addr, source })?;
        let local = listener.local_addr()?;
        eprintln!("dyad: serving {db} on http://{local}/ (API: http://{local}/api/openapi.json)");
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
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
    let pool = Pool::open_read_only(db, pool, Duration::from_secs(30))?;
    let state = AppState(Arc::new(Inner { pool, templates: pages::templates() }));
    Ok(Router::new()
        .merge(api::routes())
        .merge(pages::routes())
        .route("/static/app.css", get(|| async { ([("content-type", "text/css; charset=utf-8")], pages::CSS) }))
        .route("/static/app.js", get(|| async { ([("content-type", "text/javascript; charset=utf-8")], pages::JS) }))
        .fallback(not_found)
        .with_state(state))
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
    templates: minijinja::Environment<'static>,
}

impl AppState {
    /// Runs `f` with a read-only connection on the blocking thread pool.
    pub(crate) async fn query<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Db<'_>) -> Result<T, ApiError> + Send + 'static,
    {
        let inner = self.0.clone();
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
