//! The accept loop: HTTP/1.1 connections served by hyper with the timeouts a public
//! server needs, and a bound on open connections that never locks out a new client.
//!
//! - A client must send a complete request head within [`HEADER_READ_TIMEOUT`]
//!   (slowloris), and a kept-alive connection idle for [`IDLE_TIMEOUT`] is closed.
//! - At most `max_connections` are open (below the file-descriptor limit). When all are
//!   taken, the longest-idle connection is closed to admit the new one, so idle sockets
//!   held open by one client cannot stop the server answering others.

use crate::cache::Cache;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::sync::Notify;

/// How long a client may take to send a request's head.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a connection may stay open between requests.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(20);
/// How long a closing connection may take to finish the answer it is writing.
const CLOSE_GRACE: Duration = Duration::from_secs(10);

/// One open connection, as the registry sees it.
struct Conn {
    /// Requests being answered on it now.
    busy: AtomicUsize,
    /// Milliseconds since the server started, when it last finished an answer (or opened).
    last_active: AtomicU64,
    close: Notify,
}

/// The open connections.
pub(crate) struct Connections {
    started: Instant,
    next_id: AtomicU64,
    open: Mutex<HashMap<u64, Arc<Conn>>>,
    max: usize,
}

impl Connections {
    pub(crate) fn new(max: usize) -> Arc<Connections> {
        Arc::new(Connections { started: Instant::now(), next_id: AtomicU64::new(0), open: Mutex::default(), max })
    }

    fn now_ms(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }

    fn open(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Arc<Conn>>> {
        self.open.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Registers a new connection, first making room by closing the longest-idle one
    /// when all are taken. `None` when every open connection is busy answering.
    fn admit(&self) -> Option<(u64, Arc<Conn>)> {
        let mut open = self.open();
        if open.len() >= self.max {
            let idle = open
                .iter()
                .filter(|(_, c)| c.busy.load(Ordering::Relaxed) == 0)
                .min_by_key(|(_, c)| c.last_active.load(Ordering::Relaxed))
                .map(|(id, _)| *id)?;
            if let Some(conn) = open.remove(&idle) {
                conn.close.notify_one();
            }
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let conn = Arc::new(Conn {
            busy: AtomicUsize::new(0),
            last_active: AtomicU64::new(self.now_ms()),
            close: Notify::new(),
        });
        open.insert(id, conn.clone());
        Some((id, conn))
    }

    fn leave(&self, id: u64) {
        self.open().remove(&id);
    }

    /// Closes the connections idle for longer than [`IDLE_TIMEOUT`].
    fn reap(&self) {
        let limit = self.now_ms().saturating_sub(IDLE_TIMEOUT.as_millis() as u64);
        let mut open = self.open();
        open.retain(|_, c| {
            let stale = c.busy.load(Ordering::Relaxed) == 0 && c.last_active.load(Ordering::Relaxed) < limit;
            if stale {
                c.close.notify_one();
            }
            !stale
        });
    }
}

/// Serves `app` on `listener` until `shutdown` resolves.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    cache: Arc<Cache>,
    connections: Arc<Connections>,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let reaper = {
        let connections = connections.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(1));
            loop {
                tick.tick().await;
                connections.reap();
            }
        })
    };
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = &mut shutdown => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors, most likely: make room and try again shortly.
                eprintln!("dyad serve: accept failed: {e}");
                connections.reap();
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Some((id, conn)) = connections.admit() else {
            // Every connection is busy answering: this one waits its turn by being refused.
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(connection(stream, app.clone(), cache.clone(), connections.clone(), id, conn));
    }
    reaper.abort();
}

async fn connection(
    stream: tokio::net::TcpStream,
    app: Router,
    cache: Arc<Cache>,
    connections: Arc<Connections>,
    id: u64,
    conn: Arc<Conn>,
) {
    let tracked = conn.clone();
    let registry = connections.clone();
    let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
        let (app, cache, conn, registry) = (app.clone(), cache.clone(), tracked.clone(), registry.clone());
        async move {
            conn.busy.fetch_add(1, Ordering::Relaxed);
            let response = Ok::<_, std::convert::Infallible>(cache.answer(app, request).await);
            conn.last_active.store(registry.now_ms(), Ordering::Relaxed);
            conn.busy.fetch_sub(1, Ordering::Relaxed);
            response
        }
    });
    let served = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT)
        .serve_connection(TokioIo::new(stream), service);
    tokio::pin!(served);
    tokio::select! {
        _ = served.as_mut() => {}
        _ = conn.close.notified() => {
            served.as_mut().graceful_shutdown();
            let _ = tokio::time::timeout(CLOSE_GRACE, served.as_mut()).await;
        }
    }
    connections.leave(id);
}

/// How many connections to allow: the file-descriptor limit, less room for the database
/// files and the listener, after raising the soft limit to the hard one.
pub(crate) fn connection_limit() -> usize {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit/setrlimit read and write only the struct they are given.
    let fds = unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return 256;
        }
        if limit.rlim_cur < limit.rlim_max {
            let raised = libc::rlimit { rlim_cur: limit.rlim_max, rlim_max: limit.rlim_max };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                limit.rlim_cur = limit.rlim_max;
            }
        }
        limit.rlim_cur
    };
    let fds = usize::try_from(fds).unwrap_or(usize::MAX);
    fds.saturating_sub(64).clamp(16, 16_384)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    async fn ask(addr: std::net::SocketAddr) -> String {
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        stream.write_all(b"GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").await.unwrap();
        let mut answer = String::new();
        let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_string(&mut answer)).await;
        answer
    }

    #[tokio::test]
    async fn idle_connections_past_the_limit_never_lock_out_a_new_client() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = Router::new().route("/", axum::routing::get(|| async { "ok" }));
        let connections = Connections::new(4);
        let server = tokio::spawn(serve(listener, app, Cache::new(Duration::ZERO), connections.clone(), async {
            std::future::pending::<()>().await
        }));
        // Ten sockets that never send a byte, then two that sent half a request head.
        let mut idle = Vec::new();
        for _ in 0..10 {
            idle.push(tokio::net::TcpStream::connect(addr).await.unwrap());
        }
        for _ in 0..2 {
            let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
            slow.write_all(b"GET / HTTP/1.1\r\nHost:").await.unwrap();
            idle.push(slow);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        for _ in 0..3 {
            let answer = ask(addr).await;
            assert!(answer.starts_with("HTTP/1.1 200") && answer.ends_with("ok"), "{answer:?}");
        }
        assert!(connections.open().len() <= 4);
        server.abort();
    }
}
