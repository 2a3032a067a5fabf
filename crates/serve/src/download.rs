//! Downloads of every filtered view: `/download/events.csv|jsonl|parquet|tsv` (the event
//! filters of `/events`, every matching event, no row cap; `tsv` is GDELT 2.0's layout),
//! `/download/relations.*` (a pair's series, the parameters of `/`) and
//! `/download/network.*` (the country network's edges).
//!
//! Events stream: a blocking task writes into a channel as it reads from the store, and
//! the response body takes the chunks as they come, so memory stays at a few chunks
//! whatever the number of rows.

use crate::api::{params, EventParams, NetworkParams, RelationParams};
use crate::{ApiError, AppState};
use axum::body::{Body, Bytes};
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use dyad_relations::export::{export_to, ExportOptions, Format};
use dyad_relations::table::{network_table, series_table, Table};
use std::io::Write;
use tokio::sync::mpsc;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/download/{file}", get(download))
}

/// What a download is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    Events,
    Relations,
    Network,
}

/// `events.csv` → (Events, Csv).
fn parse_file(file: &str) -> Result<(View, Format), ApiError> {
    let (view, ext) = file.rsplit_once('.').ok_or_else(|| bad_file(file))?;
    let view = match view {
        "events" => View::Events,
        "relations" => View::Relations,
        "network" => View::Network,
        _ => return Err(bad_file(file)),
    };
    let format = match ext {
        "csv" => Format::Csv,
        "jsonl" => Format::Jsonl,
        "parquet" => Format::Parquet,
        "tsv" if view == View::Events => Format::Gdelt,
        _ => return Err(bad_file(file)),
    };
    Ok((view, format))
}

fn bad_file(file: &str) -> ApiError {
    let shown: String = file.chars().take(40).collect();
    ApiError::new(
        axum::http::StatusCode::NOT_FOUND,
        format!("no download {shown:?}: events, relations or network, as .csv, .jsonl or .parquet"),
    )
}

fn content_type(format: Format) -> &'static str {
    match format {
        Format::Csv => "text/csv; charset=utf-8",
        Format::Jsonl => "application/x-ndjson; charset=utf-8",
        Format::Parquet => "application/vnd.apache.parquet",
        Format::Gdelt => "text/tab-separated-values; charset=utf-8",
    }
}

/// Sends what is written to it down a channel in chunks of about 64 KiB.
struct ChannelWriter {
    buffer: Vec<u8>,
    sender: mpsc::Sender<Bytes>,
}

const CHUNK: usize = 64 * 1024;

impl ChannelWriter {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::take(&mut self.buffer));
        self.sender.blocking_send(chunk).map_err(|_| std::io::Error::other("the client went away"))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(data);
        if self.buffer.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

impl Drop for ChannelWriter {
    fn drop(&mut self) {
        let _ = self.send();
    }
}

/// A response whose body `write` produces on a blocking thread with a store connection.
fn streamed<F>(state: &AppState, name: &str, format: Format, write: F) -> Response
where
    F: FnOnce(&mut dyad_store::Db<'_>, ChannelWriter) -> Result<(), ApiError> + Send + 'static,
{
    let (sender, receiver) = mpsc::channel::<Bytes>(8);
    let state = state.clone();
    tokio::spawn(async move {
        let result =
            state.query(move |db| write(db, ChannelWriter { buffer: Vec::with_capacity(CHUNK), sender })).await;
        if let Err(e) = result {
            eprintln!("dyad serve: download cut short: {}", e.message);
        }
    });
    let stream = futures_util::stream::unfold(receiver, |mut rx| async move {
        rx.recv().await.map(|chunk| (Ok::<_, std::io::Error>(chunk), rx))
    });
    (
        [
            (header::CONTENT_TYPE, content_type(format).to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        Body::from_stream(stream),
    )
        .into_response()
}

fn table_response(name: &str, format: Format, table: Table) -> Result<Response, ApiError> {
    let mut bytes = Vec::new();
    table.write(format, &mut bytes)?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type(format).to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        bytes,
    )
        .into_response())
}

async fn download(
    State(state): State<AppState>,
    file: Result<Path<String>, PathRejection>,
    raw: axum::extract::RawQuery,
) -> Result<Response, ApiError> {
    let Path(file) = file.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let (view, format) = parse_file(&file)?;
    let query = raw.0.unwrap_or_default();
    let uri: axum::http::Uri =
        format!("/?{query}").parse().map_err(|_| ApiError::bad_request("bad query parameters"))?;
    match view {
        View::Events => {
            let q: Result<Query<EventParams>, QueryRejection> = Query::try_from_uri(&uri);
            let p = params(q)?;
            let filter = p.filter()?;
            let options = ExportOptions::default();
            Ok(streamed(&state, &file, format, move |db, out| {
                export_to(db, &filter, format, &options, out)?;
                Ok(())
            }))
        }
        View::Relations => {
            let q: Result<Query<RelationParams>, QueryRejection> = Query::try_from_uri(&uri);
            let mut query = params(q)?.query()?;
            query.movers = 0;
            let relation = state.query(move |db| Ok(dyad_relations::relation(db, &query)?)).await?;
            table_response(&file, format, series_table(&relation))
        }
        View::Network => {
            let q: Result<Query<NetworkParams>, QueryRejection> = Query::try_from_uri(&uri);
            let (period, min, limit) = params(q)?.parse()?;
            let network = state.query(move |db| Ok(dyad_relations::network(db, period, min, limit)?)).await?;
            table_response(&file, format, network_table(&network))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_name_a_view_and_a_format() {
        assert_eq!(parse_file("events.csv").unwrap(), (View::Events, Format::Csv));
        assert_eq!(parse_file("events.tsv").unwrap(), (View::Events, Format::Gdelt));
        assert_eq!(parse_file("network.parquet").unwrap(), (View::Network, Format::Parquet));
        for bad in ["events", "relations.tsv", "x.csv", "events.exe"] {
            assert!(parse_file(bad).is_err(), "{bad}");
        }
    }
}
