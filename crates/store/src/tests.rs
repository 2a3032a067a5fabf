use super::*;
use chrono::NaiveDate;
use dyad_doc::{DateBasis, EventActor, Evidence, Location, Metadata};

fn event(doc: &str, n: usize) -> Event {
    Event {
        doc: doc.into(),
        event_id: format!("{doc}-{n}"),
        date: NaiveDate::from_ymd_opt(2025, 4, 11),
        date_basis: DateBasis::Explicit,
        source: EventActor {
            code: "USAGOV".into(),
            country: Some("USA".into()),
            sector: Some("GOV".into()),
            name: Some("Steve Witkoff".into()),
            text: "the envoy".into(),
        },
        target: EventActor {
            code: "RUS".into(),
            country: Some("RUS".into()),
            text: "Moscow".into(),
            ..Default::default()
        },
        cameo: "040".into(),
        root: "04".into(),
        quad_class: 1,
        goldstein: 1.0,
        sentence: "The envoy met officials in Moscow.".into(),
        span: (10, 44),
        location: Some(Location {
            name: "Moscow".into(),
            country: Some("RUS".into()),
            lat: Some(55.75),
            lon: Some(37.62),
        }),
        confidence: 0.7,
        evidence: Evidence { trigger: "met".into(), pattern: "meet".into(), notes: vec!["note".into()] },
    }
}

fn doc(id: &str, url: Option<&str>, text: &str, events: usize) -> Document {
    Document {
        id: id.into(),
        origin: format!("/in/{id}"),
        meta: Metadata {
            title: Some(format!("Title of {id}")),
            published: NaiveDate::from_ymd_opt(2025, 4, 12),
            published_basis: Some("meta".into()),
            authors: vec!["A. Writer".into()],
            url: url.map(String::from),
            ..Default::default()
        },
        text: text.into(),
        content_hash: format!("hash:{text}"),
        events: (0..events).map(|n| event(&format!("{id}:{text}"), n)).collect(),
        ..Default::default()
    }
}

#[test]
fn migrates_an_empty_file_and_reopens_without_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let store = Store::open(&path).unwrap();
    assert_eq!(schema::user_version(store.sqlite().unwrap()).unwrap(), SCHEMA_VERSION);
    let mode: String = store.sqlite().unwrap().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    for table in ["articles", "events", "articles_fts"] {
        let n: i64 = store
            .sqlite()
            .unwrap()
            .query_row("SELECT count(*) FROM sqlite_master WHERE name = ?1", [table], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1, "table {table}");
    }
    drop(store);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(schema::user_version(store.sqlite().unwrap()).unwrap(), SCHEMA_VERSION);
    assert_eq!(store.counts().unwrap(), Counts::default());
}

#[test]
fn migrating_a_version_1_file_keeps_its_data_and_widens_the_dyad_index() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    {
        let mut store = Store::open(&path).unwrap();
        store.put_documents(&[doc("a.html", Some("https://example.org/a"), "Text A.", 3)]).unwrap();
        // Back to how version 1 left the file.
        store
            .sqlite()
            .unwrap()
            .execute_batch(
                "DROP INDEX events_source_recent; DROP INDEX events_target_recent; DROP INDEX events_recent; \
                 DROP TABLE article_versions; DROP INDEX events_dyad; \
                 CREATE INDEX events_dyad ON events(source_country, target_country, date); \
                 PRAGMA user_version = 1;",
            )
            .unwrap();
    }
    assert!(matches!(Store::open_read_only(&path).err(), Some(StoreError::Version { found: 1, .. })));
    let mut store = Store::open(&path).unwrap();
    assert_eq!(schema::user_version(store.sqlite().unwrap()).unwrap(), SCHEMA_VERSION);
    assert_eq!(store.counts().unwrap(), Counts { articles: 1, events: 3 });
    let columns: Vec<String> = store
        .sqlite()
        .unwrap()
        .prepare("SELECT name FROM pragma_index_info('events_dyad') ORDER BY seqno")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(columns, ["source_country", "target_country", "date", "goldstein", "quad_class"]);
}

#[test]
fn refuses_a_schema_newer_than_it_knows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
    }
    let err = Store::open(&path).err().expect("must refuse");
    assert!(err.to_string().contains("newer"), "{err}");
    let err = Store::open_read_only(&path).err().expect("must refuse");
    assert!(matches!(err, StoreError::Version { .. }), "{err}");
}

#[test]
fn storing_the_same_article_twice_keeps_one_copy() {
    let mut store = Store::open_in_memory().unwrap();
    let a = doc("a.html", Some("https://example.org/a"), "Text A.", 2);
    let b = doc("b.txt", None, "Text B.", 1);
    let first = store.put_documents(&[a.clone(), b.clone()]).unwrap();
    assert!(matches!(first[0], PutOutcome::Inserted { .. }));
    assert!(matches!(first[1], PutOutcome::Inserted { .. }));
    assert_eq!(store.counts().unwrap(), Counts { articles: 2, events: 3 });

    let second = store.put_documents(&[a, b.clone()]).unwrap();
    assert_eq!(second[0], PutOutcome::AlreadyPresent { article_id: first[0].article_id() });
    assert_eq!(second[1], PutOutcome::AlreadyPresent { article_id: first[1].article_id() });
    // Same text under another file name is the same article.
    let renamed = Document { id: "copy-of-b.txt".into(), ..b };
    assert!(matches!(store.put_documents(&[renamed]).unwrap()[0], PutOutcome::AlreadyPresent { .. }));
    assert_eq!(store.counts().unwrap(), Counts { articles: 2, events: 3 });
}

#[test]
fn new_text_under_a_known_url_replaces_the_article_and_its_events() {
    let mut store = Store::open_in_memory().unwrap();
    let old = doc("a.html", Some("https://example.org/a"), "First version.", 3);
    let id = store.put_documents(&[old]).unwrap()[0].article_id();
    let mut new = doc("a.html", None, "Second version.", 1);
    new.meta.canonical_url = Some("https://example.org/a".into());
    new.meta.url = Some("https://example.org/a?utm=x".into());
    let outcome = store.put_documents(&[new.clone()]).unwrap();
    assert_eq!(outcome, vec![PutOutcome::Updated { article_id: id }]);
    assert_eq!(store.counts().unwrap(), Counts { articles: 1, events: 1 });
    let stored = store.article_by_id(id).unwrap().unwrap();
    assert_eq!(stored.text, "Second version.");
    assert_eq!(stored.content_hash, new.content_hash);
    assert_eq!(store.events_for_article(id).unwrap(), new.events);
    // Full-text search follows the update.
    let hits = |word: &str| -> i64 {
        store
            .sqlite()
            .unwrap()
            .query_row("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?1", [word], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(hits("second"), 1);
    assert_eq!(hits("first"), 0);
    // The replaced version is kept, with how many events it had.
    let kept: (String, i64, i64) = store
        .sqlite()
        .unwrap()
        .query_row("SELECT text, events, article_id FROM article_versions", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(kept, ("First version.".to_string(), 3, id));
}

#[test]
fn only_web_urls_are_stored_as_article_urls() {
    let mut store = Store::open_in_memory().unwrap();
    for (i, url) in [
        "javascript:alert(1)",
        " https://example.org/a",
        "JaVaScRiPt:alert(1)",
        "data:text/html,x",
        "https://",
        "http:/x",
    ]
    .iter()
    .enumerate()
    {
        let d = doc(&format!("{i}.html"), Some(url), &format!("Text {i}."), 0);
        let id = store.put_documents(&[d]).unwrap()[0].article_id();
        let stored: Option<String> =
            store.sqlite().unwrap().query_row("SELECT url FROM articles WHERE id = ?1", [id], |r| r.get(0)).unwrap();
        assert_eq!(stored, None, "{url:?}");
    }
    let mut d = doc("ok.html", Some("javascript:alert(1)"), "Fine.", 0);
    d.meta.canonical_url = Some("HTTPS://example.org/ok".into());
    let id = store.put_documents(&[d]).unwrap()[0].article_id();
    let stored: Option<String> =
        store.sqlite().unwrap().query_row("SELECT url FROM articles WHERE id = ?1", [id], |r| r.get(0)).unwrap();
    assert_eq!(stored.as_deref(), Some("HTTPS://example.org/ok"));
}

#[test]
fn a_failing_batch_commits_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let good = doc("good.txt", None, "Good.", 1);
    let mut bad = doc("bad.txt", None, "Bad.", 1);
    bad.events[0].evidence.trigger = "x".into();
    // NaN goldstein is stored as NULL by SQLite and violates NOT NULL: the batch must roll back.
    bad.events[0].goldstein = f64::NAN;
    let err = store.put_documents(&[good, bad]).expect_err("must fail");
    assert!(err.to_string().contains("bad.txt"), "{err}");
    assert_eq!(store.counts().unwrap(), Counts::default());
}

#[test]
fn events_round_trip_through_rows() {
    let mut store = Store::open_in_memory().unwrap();
    let mut d = doc("x.txt", None, "Round trip.", 2);
    d.events[1].location = None;
    d.events[1].date = None;
    d.events[1].date_basis = DateBasis::Publication;
    d.events[1].evidence.notes.clear();
    let id = store.put_documents(&[d.clone()]).unwrap()[0].article_id();
    assert_eq!(store.events_for_article(id).unwrap(), d.events);
    let article = store.article_by_id(id).unwrap().unwrap();
    assert_eq!(article.authors, vec!["A. Writer".to_string()]);
    assert_eq!(article.published.as_deref(), Some("2025-04-12"));
    assert_eq!(article.url, None);
    assert!(store.article_by_id(id + 100).unwrap().is_none());
    assert_eq!(store.article_with_hash(&d.content_hash).unwrap(), Some(id));
    assert_eq!(store.article_with_hash("nope").unwrap(), None);
}

#[test]
fn read_only_open_reads_refuses_writes_and_reports_a_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("absent.db");
    let err = Store::open_read_only(&missing).err().expect("missing file");
    assert!(matches!(err, StoreError::Missing { .. }));
    assert!(err.to_string().contains("absent.db"), "{err}");
    assert!(!missing.exists(), "read-only open must not create the file");

    let path = dir.path().join("ro.db");
    Store::open(&path).unwrap().put_documents(&[doc("r.txt", None, "Read me.", 1)]).unwrap();
    let mut ro = Store::open_read_only(&path).unwrap();
    assert_eq!(ro.counts().unwrap(), Counts { articles: 1, events: 1 });
    assert!(ro.put_documents(&[doc("w.txt", None, "Write me.", 0)]).is_err());
    assert_eq!(ro.counts().unwrap().articles, 1);
}

#[test]
fn writers_creating_a_new_database_at_once_all_succeed() {
    // Three `dyad ingest` processes started together on a path that does not exist yet:
    // each must wait for the others, never fail with "database is locked".
    for round in 0..30 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        let start = std::sync::Arc::new(std::sync::Barrier::new(3));
        let workers: Vec<_> = (0..3)
            .map(|w| {
                let (path, start) = (path.clone(), start.clone());
                std::thread::spawn(move || {
                    start.wait();
                    let mut store = Store::open(&path)?;
                    store.put_documents(&[doc(&format!("{w}.txt"), None, &format!("Text {w}."), 1)]).map(|_| ())
                })
            })
            .collect();
        for w in workers {
            if let Err(e) = w.join().unwrap() {
                panic!("round {round}: {e}");
            }
        }
        assert_eq!(Store::open(&path).unwrap().counts().unwrap(), Counts { articles: 3, events: 3 });
    }
}
