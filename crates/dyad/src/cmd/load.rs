//! `dyad bench serve`: starts `dyad serve` on a database and loads it the way a busy
//! dashboard would: many clients on keep-alive connections asking one URL each for a
//! while (requests/s, p50 and p99 latency, errors, the server's peak and after-load
//! memory), then many idle connections held open while one client still asks.
//!
//! The clients are plain threads speaking HTTP/1.1 over `std::net`, so what is measured
//! is the server, not a client library.

use anyhow::Context;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

#[derive(clap::Args)]
pub struct BenchArgs {
    /// The database to serve (e.g. one made by `dyad bench relations --db PATH`)
    #[arg(long)]
    db: PathBuf,
    /// URLs (paths) to load, one after the other
    #[arg(long, num_args = 1.., default_values_t = [
        "/api/events?source=USA&limit=50".to_string(),
        "/api/relations?a=USA&b=RUS&by=week".to_string(),
        "/".to_string(),
    ])]
    paths: Vec<String>,
    /// Concurrent clients
    #[arg(long, default_value_t = 50)]
    clients: usize,
    /// Seconds of load per path
    #[arg(long, default_value_t = 30)]
    secs: u64,
    /// Idle connections to hold open while one client asks
    #[arg(long, default_value_t = 1100)]
    idle: usize,
    /// The server's file-descriptor limit (as `ulimit -n` would set it)
    #[arg(long, default_value_t = 1024)]
    server_nofile: u64,
    /// The dyad binary to run as the server (default: this one), e.g. an older build to compare
    #[arg(long)]
    server: Option<PathBuf>,
    /// Extra arguments for `dyad serve` (e.g. --cache-secs 0)
    #[arg(long, allow_hyphen_values = true, num_args = 1..)]
    serve_args: Vec<String>,
}

struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(args: &BenchArgs) -> anyhow::Result<Server> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse()?;
        let binary = match &args.server {
            Some(path) => path.clone(),
            None => std::env::current_exe()?,
        };
        let mut command = Command::new(binary);
        command
            .arg("serve")
            .arg("--db")
            .arg(&args.db)
            .arg("--addr")
            .arg(addr.to_string())
            .args(&args.serve_args)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let nofile = args.server_nofile;
        use std::os::unix::process::CommandExt;
        // SAFETY: only setrlimit runs between fork and exec, on a struct of our own.
        unsafe {
            command.pre_exec(move || {
                let limit = libc::rlimit { rlim_cur: nofile, rlim_max: nofile };
                if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command.spawn().context("starting dyad serve")?;
        let server = Server { child, addr };
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(mut client) = Client::connect(addr) {
                if client.get("/api/openapi.json").is_ok_and(|status| status == 200) {
                    return Ok(server);
                }
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        anyhow::bail!("dyad serve did not answer on {addr} within 60 s")
    }

    /// Resident and peak resident memory of the server, in MB.
    fn memory(&self) -> (f64, f64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
                .map_or(0.0, |kb| kb / 1024.0)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }
}

/// One keep-alive HTTP/1.1 connection.
struct Client {
    reader: BufReader<TcpStream>,
}

impl Client {
    fn connect(addr: SocketAddr) -> std::io::Result<Client> {
        let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(10))?;
        stream.set_read_timeout(Some(Duration::from_secs(60)))?;
        stream.set_nodelay(true)?;
        Ok(Client { reader: BufReader::new(stream) })
    }

    /// Sends one GET and reads the whole answer; returns its status.
    fn get(&mut self, path: &str) -> std::io::Result<u16> {
        let request = format!("GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n");
        self.reader.get_mut().write_all(request.as_bytes())?;
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let status = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let (mut length, mut chunked, mut close) = (0usize, false, false);
        loop {
            line.clear();
            if self.reader.read_line(&mut line)? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            let header = line.trim_end().to_ascii_lowercase();
            if header.is_empty() {
                break;
            }
            if let Some(v) = header.strip_prefix("content-length:") {
                length = v.trim().parse().unwrap_or(0);
            } else if header.starts_with("transfer-encoding:") && header.contains("chunked") {
                chunked = true;
            } else if header.starts_with("connection:") && header.contains("close") {
                close = true;
            }
        }
        if chunked {
            self.read_chunks()?;
        } else {
            std::io::copy(&mut (&mut self.reader).take(length as u64), &mut std::io::sink())?;
        }
        if close {
            return Err(std::io::ErrorKind::ConnectionAborted.into());
        }
        Ok(status)
    }

    fn read_chunks(&mut self) -> std::io::Result<()> {
        let mut line = String::new();
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or("0"), 16).unwrap_or(0);
            std::io::copy(&mut (&mut self.reader).take(size as u64 + 2), &mut std::io::sink())?;
            if size == 0 {
                return Ok(());
            }
        }
    }
}

#[derive(Default)]
struct Tally {
    latencies: Vec<Duration>,
    errors: usize,
}

/// `clients` threads asking for `path` on their own connection until `secs` pass.
fn load(addr: SocketAddr, path: &str, clients: usize, secs: u64) -> (Tally, f64) {
    let started = Instant::now();
    let until = started + Duration::from_secs(secs);
    let threads: Vec<_> = (0..clients)
        .map(|_| {
            let path = path.to_string();
            std::thread::spawn(move || {
                let mut tally = Tally::default();
                let mut client = None;
                while Instant::now() < until {
                    let t = Instant::now();
                    let conn = match client.take() {
                        Some(c) => Ok(c),
                        None => Client::connect(addr),
                    };
                    let outcome = conn.and_then(|mut c| c.get(&path).map(|status| (c, status)));
                    match outcome {
                        Ok((c, 200)) => {
                            tally.latencies.push(t.elapsed());
                            client = Some(c);
                        }
                        Ok((c, _)) => {
                            tally.errors += 1;
                            client = Some(c);
                        }
                        Err(_) => tally.errors += 1,
                    }
                }
                tally
            })
        })
        .collect();
    let mut all = Tally::default();
    for t in threads {
        if let Ok(t) = t.join() {
            all.latencies.extend(t.latencies);
            all.errors += t.errors;
        }
    }
    (all, started.elapsed().as_secs_f64())
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// Raises this process's descriptor limit so it can hold the idle connections.
fn raise_own_nofile(needed: u64) {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit/setrlimit read and write only the struct they are given.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < needed {
            let raised = libc::rlimit { rlim_cur: needed.min(limit.rlim_max), rlim_max: limit.rlim_max };
            libc::setrlimit(libc::RLIMIT_NOFILE, &raised);
        }
    }
}

pub fn bench(args: BenchArgs) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(
        args.db.is_file(),
        "{}: no database (make one with dyad bench relations --db PATH)",
        args.db.display()
    );
    let server = Server::start(&args)?;
    let (rss, _) = server.memory();
    println!("dyad serve on {} (fd limit {}), idle memory {rss:.0} MB", args.db.display(), args.server_nofile);
    println!(
        "{:<40} {:>8} {:>9} {:>9} {:>9} {:>7} {:>9} {:>9}",
        "path", "requests", "req/s", "p50 ms", "p99 ms", "errors", "peak MB", "after MB"
    );
    for path in &args.paths {
        let (mut tally, secs) = load(server.addr, path, args.clients, args.secs);
        tally.latencies.sort();
        let (_, peak) = server.memory();
        std::thread::sleep(Duration::from_secs(3));
        let (after, _) = server.memory();
        let n = tally.latencies.len();
        println!(
            "{path:<40} {n:>8} {:>9.1} {:>9.1} {:>9.1} {:>7} {peak:>9.0} {after:>9.0}",
            n as f64 / secs,
            percentile(&tally.latencies, 0.5),
            percentile(&tally.latencies, 0.99),
            tally.errors
        );
    }
    if args.idle > 0 {
        raise_own_nofile(args.idle as u64 + 256);
        let mut held = Vec::with_capacity(args.idle);
        let mut refused = 0;
        for _ in 0..args.idle {
            match TcpStream::connect_timeout(&server.addr, Duration::from_secs(5)) {
                Ok(s) => held.push(s),
                Err(_) => refused += 1,
            }
        }
        std::thread::sleep(Duration::from_millis(500));
        let mut answered = Vec::new();
        let mut failed = 0;
        for _ in 0..20 {
            let t = Instant::now();
            match Client::connect(server.addr).and_then(|mut c| c.get("/api/events?limit=5")) {
                Ok(200) => answered.push(t.elapsed()),
                _ => failed += 1,
            }
        }
        answered.sort();
        println!(
            "{} idle connections held ({refused} refused at connect): a new client got {}/20 answers, p50 {:.1} ms, max {:.1} ms; {failed} failed",
            held.len(),
            answered.len(),
            percentile(&answered, 0.5),
            percentile(&answered, 1.0)
        );
    }
    Ok(ExitCode::SUCCESS)
}
