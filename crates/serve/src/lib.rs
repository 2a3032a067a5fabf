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
use dyad_store::Store;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

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

/// Serves the database at `db` on `addr` until interrupted (Ctrl-C). Blocks.
pub fn run(db: &Path, addr: SocketAddr) -> Result<(), ServeError> {
    let app = router(db)?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|source| ServeError::Bind { addr, source })?;
        let local = listener.local_addr()?;
        eprintln!("dyad: serving {} on http://{local}/ (API: http://{local}/api/openapi.json)", db.display());
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(())
    })
}

/// The whole application. Opens the database read-only once to check it is usable.
pub fn router(db: &Path) -> Result<Router, ServeError> {
    let first = Store::open_read_only(db)?;
    let state = AppState(Arc::new(Inner {
        db: db.to_path_buf(),
        pool: Mutex::new(vec![first]),
        templates: pages::templates(),
    }));
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
    db: PathBuf,
    /// Read-only connections not in use. rusqlite connections are not `Sync`, so each
    /// request borrows one for the duration of its blocking query.
    pool: Mutex<Vec<Store>>,
    templates: minijinja::Environment<'static>,
}

impl AppState {
    /// Runs `f` with a read-only connection on the blocking thread pool.
    pub(crate) async fn query<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&rusqlite::Connection) -> Result<T, ApiError> + Send + 'static,
    {
        let inner = self.0.clone();
        tokio::task::spawn_blocking(move || {
            let taken = inner.pool.lock().ok().and_then(|mut p| p.pop());
            let store = match taken {
                Some(s) => s,
                None => Store::open_read_only(&inner.db).map_err(|e| ApiError::internal(&e))?,
            };
            let out = f(store.conn());
            if let Ok(mut pool) = inner.pool.lock() {
                if pool.len() < 8 {
                    pool.push(store);
                }
            }
            out
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

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> ApiError {
        ApiError::internal(&e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.message, "status": self.status.as_u16() });
        (self.status, Json(body)).into_response()
    }
}
