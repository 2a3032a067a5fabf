//! The PostgreSQL backend against a real, throwaway server: many `dyad ingest` workers at
//! once (one of them killed), and the same answers as SQLite from `dyad relations`,
//! `dyad events`, the API and the Parquet export read back by DuckDB.
//!
//! The server is Debian's `postgresql` binaries (`initdb`, `pg_ctl`) in a temporary folder
//! on a free port, run as the user `postgres` when the tests run as root (PostgreSQL
//! refuses root). Tests skip with a message where the binaries or `../shared` are absent;
//! `.ci/run` installs the binaries. Counts are never fixed numbers: the backends are
//! compared with each other, so the tests hold while event coding changes.

mod ingest_support;

use ingest_support::{dyad, shared};
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A PostgreSQL server that lives as long as this value.
struct TestPostgres {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
    as_postgres: bool,
}

fn postgres_bin() -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|bin| bin.join("initdb").is_file() && bin.join("pg_ctl").is_file())
        .collect();
    found.sort();
    found.pop()
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

impl TestPostgres {
    /// Starts a server, or says why not and returns `None`.
    fn start() -> Option<TestPostgres> {
        let Some(bin) = postgres_bin() else {
            eprintln!("skipping: no PostgreSQL binaries under /usr/lib/postgresql (apt-get install postgresql)");
            return None;
        };
        let as_postgres = is_root();
        let dir = tempfile::Builder::new().prefix("dyad-pg-").tempdir().expect("temp dir");
        if as_postgres {
            let ok = Command::new("chown").arg("postgres").arg(dir.path()).status().is_ok_and(|s| s.success());
            assert!(ok, "chown postgres {}", dir.path().display());
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0").expect("free port").local_addr().expect("addr").port();
        let pg = TestPostgres { dir, bin, port, as_postgres };
        let data = pg.dir.path().join("data");
        let init = pg
            .command("initdb")
            .arg("-D")
            .arg(&data)
            .args(["-U", "dyad", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"])
            .output()
            .expect("run initdb");
        assert!(init.status.success(), "initdb failed: {}", String::from_utf8_lossy(&init.stderr));
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=60",
            pg.dir.path().display()
        );
        let start = pg
            .command("pg_ctl")
            .arg("-D")
            .arg(&data)
            .args(["-o", &options, "-l"])
            .arg(pg.dir.path().join("log"))
            .args(["-w", "start"])
            .output()
            .expect("run pg_ctl");
        assert!(start.status.success(), "pg_ctl start failed: {}", String::from_utf8_lossy(&start.stderr));
        Some(pg)
    }

    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        }
    }

    /// A new, empty database; its URL.
    fn database(&self, name: &str) -> String {
        self.psql("postgres", &format!("CREATE DATABASE {name}"));
        format!("postgres://dyad@127.0.0.1:{}/{name}", self.port)
    }

    fn psql(&self, db: &str, sql: &str) -> String {
        let out = self.try_psql(db, sql);
        assert!(out.status.success(), "psql {sql}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn try_psql(&self, db: &str, sql: &str) -> Output {
        Command::new(self.bin.join("psql"))
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "dyad",
                "-d",
                db,
                "-At",
                "-v",
                "ON_ERROR_STOP=1",
                "-c",
                sql,
            ])
            .output()
            .expect("run psql")
    }
}

impl Drop for TestPostgres {
    fn drop(&mut self) {
        let _ = self
            .command("pg_ctl")
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .args(["-m", "immediate", "stop"])
            .output();
    }
}

fn inputs(shared: &Path) -> Vec<PathBuf> {
    vec![
        shared.join("data/article-extraction-benchmark/html"),
        shared.join("data/seeds"),
        shared.join("data/dev2/articles.jsonl"),
    ]
}

fn ingest_command(db: &str, inputs: &[PathBuf]) -> Command {
    let mut c = dyad();
    // Small batches: many work units, so workers interleave and a kill lands mid-run.
    c.arg("ingest").args(inputs).args(["--db", db, "--batch", "8"]);
    c
}

fn run_ok(mut c: Command) -> Output {
    let out = c.output().expect("run dyad");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "dyad panicked:\n{stderr}");
    out
}

/// Everything stored that must not depend on the backend or the number of workers: the
/// articles' content hashes, and every event as the contract prints it.
#[derive(Debug, PartialEq, Eq)]
struct Contents {
    hashes: BTreeSet<String>,
    events: BTreeSet<String>,
}

fn contents(db: &str) -> Contents {
    let out = run_ok({
        let mut c = dyad();
        c.args(["events", "--db", db, "--format", "jsonl", "--limit", "100000000"]);
        c
    });
    assert!(out.status.success(), "dyad events: {}", String::from_utf8_lossy(&out.stderr));
    let events = String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect();
    let hashes = match dyad_store::Location::parse(db) {
        dyad_store::Location::Sqlite(path) => {
            let conn = dyad_store::rusqlite::Connection::open(path).expect("open");
            let mut stmt = conn.prepare("SELECT content_hash FROM articles").expect("prepare");
            let rows = stmt.query_map([], |r| r.get(0)).expect("query");
            rows.collect::<Result<_, _>>().expect("rows")
        }
        dyad_store::Location::Postgres(_) => BTreeSet::new(),
    };
    Contents { hashes, events }
}

fn pg_hashes(pg: &TestPostgres, db: &str) -> BTreeSet<String> {
    let name = db.rsplit('/').next().unwrap_or(db);
    let all: Vec<String> = pg.psql(name, "SELECT content_hash FROM articles").lines().map(str::to_string).collect();
    let set: BTreeSet<String> = all.iter().cloned().collect();
    assert_eq!(all.len(), set.len(), "an article is stored twice");
    set
}

fn pg_contents(pg: &TestPostgres, db: &str) -> Contents {
    Contents { hashes: pg_hashes(pg, db), ..contents(db) }
}

#[test]
fn four_workers_store_what_one_sqlite_run_stores_even_when_one_is_killed() {
    let Some(shared) = shared() else {
        eprintln!("skipping: ../shared not found");
        return;
    };
    let Some(pg) = TestPostgres::start() else {
        return;
    };
    let inputs = inputs(&shared);
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("one.db");
    let sqlite = sqlite.to_str().unwrap();
    run_ok(ingest_command(sqlite, &inputs));
    let expected = contents(sqlite);
    assert!(!expected.hashes.is_empty() && !expected.events.is_empty(), "the inputs gave nothing to compare");

    // Four workers at once, uninterrupted.
    let url = pg.database("workers");
    let workers: Vec<Child> = (0..4)
        .map(|_| ingest_command(&url, &inputs).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap())
        .collect();
    for w in workers {
        // Each worker reports the bad inputs of the batches it coded, so exit codes differ.
        let out = w.wait_with_output().unwrap();
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let together = pg_contents(&pg, &url);
    assert_eq!(together.hashes, expected.hashes, "articles differ from the SQLite run");
    assert_eq!(together.events, expected.events, "events differ from the SQLite run");

    // Four workers again into a new database; one is killed once units are being stored.
    let url = pg.database("killed");
    let mut workers: Vec<Child> = (0..4)
        .map(|_| ingest_command(&url, &inputs).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap())
        .collect();
    let started = Instant::now();
    loop {
        // (The table appears once the first worker has migrated the new database.)
        let out = pg.try_psql("killed", "SELECT count(*) FROM ingest_units WHERE done");
        let done: u64 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap_or(0);
        if done >= 3 || started.elapsed() > Duration::from_secs(300) {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    workers[0].kill().expect("SIGKILL a worker");
    let killed = workers.remove(0).wait().unwrap();
    assert!(!killed.success(), "the worker was killed");
    for mut w in workers {
        w.wait().unwrap();
    }
    // The killed worker's command, run again, finds everything done.
    let again = run_ok(ingest_command(&url, &inputs));
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 stored"), "{}", String::from_utf8_lossy(&again.stdout));
    let after_kill = pg_contents(&pg, &url);
    assert_eq!(after_kill, together, "the store after a kill differs from the uninterrupted one");
    let undone = pg.psql("killed", "SELECT count(*) FROM ingest_units WHERE NOT done");
    assert_eq!(undone.trim(), "0", "units left undone");
}

/// `GET path` on a local server: the status line and body.
fn get(port: u16, path: &str) -> (String, String) {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read response");
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head.lines().next().unwrap_or("").to_string();
    // Chunked bodies are compared as sent: both servers chunk the same way.
    (status, body.to_string())
}

struct Server(Child, u16);

impl Server {
    fn start(db: &str) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = dyad()
            .args(["serve", "--db", db, "--addr", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(30), "dyad serve did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Server(child, port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn dyad_stdout(args: &[&str]) -> String {
    let out = run_ok({
        let mut c = dyad();
        c.args(args);
        c
    });
    format!("{:?}\n{}{}", out.status.code(), String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

#[test]
fn sqlite_and_postgres_give_the_same_answers() {
    let Some(shared) = shared() else {
        eprintln!("skipping: ../shared not found");
        return;
    };
    let Some(pg) = TestPostgres::start() else {
        return;
    };
    let inputs = vec![shared.join("data/seeds"), shared.join("data/dev2/articles.jsonl")];
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("one.db");
    let sqlite = sqlite.to_str().unwrap().to_string();
    let url = pg.database("answers");
    for db in [&sqlite, &url] {
        let out = run_ok(ingest_command(db, &inputs));
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    for args in [
        vec!["relations", "USA", "RUS", "--both-ways", "--format", "json"],
        vec!["relations", "USA", "RUS", "--by", "month", "--format", "table"],
        vec!["events", "--format", "jsonl", "--limit", "100000"],
        vec!["events", "--format", "csv", "--source", "USA", "--both-ways"],
        vec!["events", "--q", "minister"],
    ] {
        let on = |db: &str| dyad_stdout(&[args.clone(), vec!["--db", db]].concat());
        assert_eq!(on(&sqlite), on(&url), "dyad {}", args.join(" "));
    }

    let (a, b) = (Server::start(&sqlite), Server::start(&url));
    let (_, network) = get(a.1, "/api/network");
    let busiest: serde_json::Value = serde_json::from_str(network.trim()).unwrap_or_default();
    let pair = busiest["edges"][0].clone();
    let (x, y) = (pair["a"].as_str().unwrap_or("USA").to_string(), pair["b"].as_str().unwrap_or("RUS").to_string());
    let paths = [
        "/api/network".to_string(),
        format!("/api/relations?a={x}&b={y}&both=true&by=week"),
        format!("/api/relations?a={x}&b={y}&by=month"),
        format!("/api/events?source={x}&limit=20"),
        "/api/events?limit=50&offset=5".to_string(),
        "/api/events?root=19".to_string(),
        format!("/api/actors/top?actor={x}"),
        format!("/api/timeline?actor={y}"),
        format!("/api/corroboration?source={x}&both=true"),
        "/api/articles/3".to_string(),
        "/api/events?source=XYZ".to_string(),
        "/api/relations?a=USA".to_string(),
    ];
    for path in &paths {
        assert_eq!(get(a.1, path), get(b.1, path), "GET {path}");
    }
    // Search finds the same articles; ranking and snippets are each engine's own.
    for q in ["sanctions", "minister*", "\"foreign minister\"", "ukraine OR russia"] {
        let path = format!("/api/search?q={}&limit=100", q.replace(' ', "%20").replace('"', "%22"));
        let ids = |port: u16| {
            let (status, body) = get(port, &path);
            let v: serde_json::Value = serde_json::from_str(body.trim()).unwrap_or_default();
            let mut ids: Vec<i64> =
                v["hits"].as_array().into_iter().flatten().filter_map(|h| h["id"].as_i64()).collect();
            ids.sort();
            (status, v["total"].clone(), ids)
        };
        assert_eq!(ids(a.1), ids(b.1), "search {q}");
    }
}

fn duckdb_available() -> bool {
    Command::new("python3").args(["-c", "import duckdb"]).output().is_ok_and(|o| o.status.success())
}

/// The weekly series of `a`↔`b` from the Parquet dataset at `dir`, by DuckDB: (week start,
/// events, Goldstein sum) for every week with events.
fn duckdb_weekly(dir: &Path, a: &str, b: &str) -> Vec<(String, u64, f64)> {
    let script = format!(
        "import duckdb, json\n\
         rows = duckdb.sql(\"\"\"SELECT CAST(date_trunc('week', date) AS DATE) AS w, count(*), sum(goldstein)\n\
           FROM read_parquet('{}/**/*.parquet', hive_partitioning = true)\n\
           WHERE date IS NOT NULL AND ((source_country = '{a}' AND target_country = '{b}')\n\
              OR (source_country = '{b}' AND target_country = '{a}'))\n\
           GROUP BY w ORDER BY w\"\"\").fetchall()\n\
         print(json.dumps([[str(w), n, g] for w, n, g in rows]))\n",
        dir.display()
    );
    let out = Command::new("python3").args(["-c", &script]).output().expect("run python3");
    assert!(out.status.success(), "duckdb: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("duckdb output")
}

#[test]
fn duckdb_reads_the_partitioned_export_as_dyad_relations_counts() {
    let Some(shared) = shared() else {
        eprintln!("skipping: ../shared not found");
        return;
    };
    if !duckdb_available() {
        eprintln!("skipping: python3 -c 'import duckdb' fails (pip install duckdb)");
        return;
    }
    let pg = TestPostgres::start();
    let inputs = vec![shared.join("data/seeds"), shared.join("data/dev2/articles.jsonl")];
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("one.db");
    let mut stores = vec![sqlite.to_str().unwrap().to_string()];
    if let Some(pg) = &pg {
        stores.push(pg.database("parquet"));
    }
    for (k, db) in stores.iter().enumerate() {
        let out = run_ok(ingest_command(db, &inputs));
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let folder = dir.path().join(format!("dataset-{k}"));
        let out = dyad_stdout(&[
            "export",
            "--db",
            db,
            "--format",
            "parquet",
            "--partition",
            "month",
            "--out",
            folder.to_str().unwrap(),
        ]);
        assert!(out.starts_with("Some(0)"), "{out}");
        assert!(
            std::fs::read_dir(&folder).unwrap().any(|e| e.unwrap().file_name().to_string_lossy().starts_with("year=")),
            "no year= folders"
        );
        let relation =
            dyad_stdout(&["relations", "USA", "RUS", "--by", "week", "--both-ways", "--format", "json", "--db", db]);
        let json = relation.split_once('\n').map(|(_, rest)| rest).unwrap_or("");
        let relation: serde_json::Value = serde_json::from_str(json).expect("relation json");
        let expected: Vec<(String, u64, f64)> = relation["buckets"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b["events"].as_u64() > Some(0))
            .map(|b| {
                (
                    b["start"].as_str().unwrap().to_string(),
                    b["events"].as_u64().unwrap(),
                    b["goldstein_sum"].as_f64().unwrap(),
                )
            })
            .collect();
        assert!(!expected.is_empty(), "no USA–RUS events to compare");
        let found = duckdb_weekly(&folder, "USA", "RUS");
        assert_eq!(found.len(), expected.len(), "weeks: {found:?} vs {expected:?}");
        for (f, e) in found.iter().zip(&expected) {
            assert_eq!((&f.0, f.1), (&e.0, e.1), "week {}", e.0);
            assert!((f.2 - e.2).abs() < 1e-9, "Goldstein sum of week {}: {} vs {}", e.0, f.2, e.2);
        }
    }
}
