//! Relations over a store filled with the sample documents through the store's own API.

use chrono::NaiveDate;
use dyad_relations::synthetic::sample_documents;
use dyad_relations::*;
use dyad_store::Store;

fn store() -> Store {
    let mut store = Store::open_in_memory().expect("in-memory store");
    store.put_documents(&sample_documents()).expect("put sample documents");
    store
}

fn code(s: &str) -> ActorCode {
    ActorCode::parse("test", s).unwrap()
}

fn day(s: &str) -> NaiveDate {
    parse_date("test", s).unwrap()
}

#[test]
fn weekly_series_has_every_week_and_counts_both_ways() {
    let mut store = store();
    let q = RelationQuery {
        a: code("USA"),
        b: code("RUS"),
        both_ways: true,
        period: Period::default(),
        by: Granularity::Week,
        movers: 3,
    };
    let r = relation(&mut store.db(), &q).unwrap();
    // USA↔RUS dated events: 03-03 condemn, 03-12 ×3, 03-20 ×2; one undated invite.
    assert_eq!(r.totals.events, 6);
    assert_eq!(r.undated, 1);
    assert_eq!(r.since, Some(day("2025-03-03")));
    assert_eq!(r.until, Some(day("2025-03-20")));
    let starts: Vec<_> = r.buckets.iter().map(|b| b.start.unwrap().to_string()).collect();
    assert_eq!(starts, ["2025-03-03", "2025-03-10", "2025-03-17"]);
    let counts: Vec<_> = r.buckets.iter().map(|b| b.events).collect();
    assert_eq!(counts, [1, 3, 2]);
    // Week of 03-10: 1.0 + 3.4 + 3.4, all cooperative.
    assert!((r.buckets[1].net_cooperation - 1.0).abs() < 1e-9);
    assert!((r.buckets[1].goldstein_sum - 7.8).abs() < 1e-9);
    // Week of 03-17: -8 and -2: all conflict.
    assert!((r.buckets[2].net_cooperation + 1.0).abs() < 1e-9);
    assert_eq!(r.buckets[2].quad.material_conflict, 1);
    assert_eq!(r.buckets[2].quad.verbal_conflict, 1);
    assert_eq!(r.buckets[2].roots.get("16"), Some(&1));
    // Totals: (−2 + 7.8 − 10) / (2 + 7.8 + 10)
    let expected = (-2.0 + 7.8 - 10.0) / (2.0 + 7.8 + 10.0);
    assert!((r.totals.net_cooperation - expected).abs() < 1e-9);
    assert_eq!(r.movers.len(), 3);
    // The lone condemnation sets its week to −1 by itself: it moves the index most; the
    // others change nothing (their weeks are one-sided) and rank by intensity.
    assert_eq!(r.movers[0].event.cameo, "111");
    assert!((r.movers[0].delta + 1.0).abs() < 1e-9);
    assert_eq!(r.movers[1].event.cameo, "163");
    assert!(r.movers[1].delta.abs() < 1e-9);
}

#[test]
fn directed_series_and_empty_buckets_are_zero() {
    let mut store = store();
    let q = RelationQuery {
        a: code("RUS"),
        b: code("USA"),
        both_ways: false,
        period: Period::new(Some(day("2025-03-01")), Some(day("2025-03-31"))).unwrap(),
        by: Granularity::Day,
        movers: 0,
    };
    let r = relation(&mut store.db(), &q).unwrap();
    assert_eq!(r.buckets.len(), 31);
    assert_eq!(r.totals.events, 2); // Moscow welcomed; the Kremlin called hostile
    let empty = &r.buckets[0];
    assert_eq!((empty.events, empty.goldstein_sum, empty.net_cooperation), (0, 0.0, 0.0));
    assert_eq!(r.buckets.iter().filter(|b| b.events > 0).count(), 2);
}

#[test]
fn full_codes_match_as_prefix_and_monthly_buckets_start_on_the_first() {
    let mut store = store();
    let q = RelationQuery {
        a: code("USAGOV"),
        b: code("RUSGOV"),
        both_ways: true,
        period: Period::default(),
        by: Granularity::Month,
        movers: 0,
    };
    let r = relation(&mut store.db(), &q).unwrap();
    // met, praised, welcomed, called hostile; not the sanctions on RUSBUS.
    assert_eq!(r.totals.events, 4);
    assert_eq!(r.buckets.len(), 1);
    assert_eq!(r.buckets[0].start, Some(day("2025-03-01")));
}

#[test]
fn corroboration_merges_the_strike_reported_twice() {
    let mut store = store();
    let f = EventFilter { target: Some(code("UKR")), ..Default::default() };
    let groups = corroboration(&mut store.db(), &f, 10).unwrap();
    // "Russia launched missile strikes" and "Russian forces struck": one strike, two outlets.
    assert_eq!(groups.len(), 1);
    assert_eq!((groups[0].reports, groups[0].articles), (2, 2));
    assert_eq!(groups[0].sources, ["Harbor Post", "Meridian Wire"]);
    assert_eq!((groups[0].source.as_str(), groups[0].target.as_str()), ("RUS", "UKR"));
}

#[test]
fn relation_counts_distinct_events() {
    let mut store = Store::open_in_memory().unwrap();
    let mut docs = sample_documents();
    // A second outlet repeats the 03-03 condemnation a day later.
    let mut copy = docs[0].clone();
    copy.id = "strike-c".into();
    copy.content_hash = "sample-strike-c".into();
    copy.meta.url = Some("https://other.example/strike-c".into());
    copy.meta.site_name = Some("Other Outlet".into());
    for (k, e) in copy.events.iter_mut().enumerate() {
        e.event_id = format!("strike-c-{k}");
        e.doc = "strike-c".into();
        e.date = e.date.and_then(|d| d.succ_opt());
    }
    docs.push(copy);
    store.put_documents(&docs).unwrap();
    let q = RelationQuery {
        a: code("USA"),
        b: code("RUS"),
        both_ways: false,
        period: Period::default(),
        by: Granularity::Week,
        movers: 0,
    };
    let r = relation(&mut store.db(), &q).unwrap();
    assert_eq!(r.buckets[0].events, 2);
    assert_eq!(r.buckets[0].distinct_events, 1);
    let f = EventFilter {
        source: Some(code("USA")),
        target: Some(code("RUS")),
        cameo: Some("11".into()),
        ..Default::default()
    };
    let groups = corroboration(&mut store.db(), &f, 10).unwrap();
    assert_eq!(groups[0].articles, 2);
    assert_eq!(groups[0].sources, ["Harbor Post", "Other Outlet"]);
}

#[test]
fn top_actors_timeline_and_network() {
    let mut store = store();
    let top = top_actors(&mut store.db(), &code("USA"), Period::default(), 5).unwrap();
    assert_eq!(top[0].actor, "RUS");
    assert_eq!(top[0].events, 7);
    assert_eq!(top[1].actor, "UKR");
    assert_eq!((top[1].incoming, top[1].outgoing), (2, 0));
    let t = timeline(&mut store.db(), &code("UKR"), Period::default(), Granularity::Month).unwrap();
    assert_eq!(t.totals.events, 4);
    assert_eq!(t.buckets.len(), 2);
    assert_eq!(t.notable[0].goldstein.abs(), 10.0);
    let net = network(&mut store.db(), Period::default(), 1, 10).unwrap();
    let names: Vec<_> = net.nodes.iter().map(|n| n.country.as_str()).collect();
    assert_eq!(names, ["RUS", "USA", "UKR"]);
    let usa_rus = net.edges.iter().find(|e| e.a == "RUS" && e.b == "USA").unwrap();
    assert_eq!(usa_rus.events, 7);
    assert_eq!(usa_rus.a_to_b, 3);
}

#[test]
fn event_filters_and_article() {
    let mut store = store();
    let conn = &mut store.db();
    let all = list_events(conn, &EventFilter::default(), 100, 0).unwrap();
    assert_eq!(all.total, 11);
    assert_eq!(all.events.last().unwrap().event.date, None, "undated last");
    let quad4 = EventFilter { quad: Some(4), ..Default::default() };
    assert_eq!(list_events(conn, &quad4, 100, 0).unwrap().total, 3);
    let text = EventFilter { text: Some("RIYADH".into()), ..Default::default() };
    assert_eq!(list_events(conn, &text, 100, 0).unwrap().total, 1);
    let hostile = EventFilter { text: Some("' OR 1=1 --".into()), ..Default::default() };
    assert_eq!(list_events(conn, &hostile, 100, 0).unwrap().total, 0);
    let page = list_events(conn, &EventFilter::default(), 2, 2).unwrap();
    assert_eq!(page.events.len(), 2);
    assert_eq!(page.events[0].id, all.events[2].id);
    assert!(list_events(conn, &EventFilter::default(), MAX_LIMIT + 1, 0).unwrap_err().is_client_error());
    let a = article(conn, all.events[0].article_id).unwrap();
    assert!(a.events.iter().all(|e| a.text.get(e.event.span.0..e.event.span.1) == Some(e.event.sentence.as_str())));
    assert!(matches!(article(conn, 9999), Err(Error::NotFound(_))));
    assert!(actor_exists(conn, &code("UKR")).unwrap());
    assert!(actor_exists(conn, &code("RUSMIL")).unwrap());
    assert!(!actor_exists(conn, &code("FRA")).unwrap());
}

#[test]
fn exports_write_every_event() {
    let mut store = store();
    let dir = tempfile::tempdir().unwrap();
    for (format, name) in [
        (export::Format::Csv, "e.csv"),
        (export::Format::Jsonl, "e.jsonl"),
        (export::Format::Gdelt, "e.tsv"),
        (export::Format::Parquet, "e.parquet"),
    ] {
        let path = dir.path().join(name);
        let file = std::fs::File::create(&path).unwrap();
        let options = export::ExportOptions::default();
        let stats = export::export_to(&mut store.db(), &EventFilter::default(), format, &options, file).unwrap();
        // GDELT has no undated events: the one undated event is left out and counted.
        let undated = u64::from(format == export::Format::Gdelt);
        assert_eq!((stats.written, stats.undated_skipped), (11 - undated, undated), "{name}");
        let bytes = std::fs::read(&path).unwrap();
        match format {
            export::Format::Csv => {
                assert_eq!(String::from_utf8(bytes).unwrap().lines().count(), 12)
            }
            export::Format::Jsonl => {
                for line in String::from_utf8(bytes).unwrap().lines() {
                    let e: dyad_doc::Event = serde_json::from_str(line).unwrap();
                    assert!(!e.sentence.is_empty());
                }
            }
            export::Format::Gdelt => {
                let text = String::from_utf8(bytes).unwrap();
                assert_eq!(text.lines().count(), 10);
                assert!(text.lines().all(|l| l.split('\t').count() == 61));
                let strike = text.lines().find(|l| l.contains("\t195\t")).unwrap();
                let cols: Vec<_> = strike.split('\t').collect();
                assert_eq!(cols[1], "20250303");
                assert_eq!((cols[28], cols[29], cols[30]), ("19", "4", "-10"));
                // Reported by two outlets (see corroboration): NumMentions, NumSources, NumArticles.
                assert_eq!((cols[31], cols[32], cols[33]), ("2", "2", "2"));
                let once = text.lines().find(|l| l.contains("\t111\t")).unwrap();
                let cols: Vec<_> = once.split('\t').collect();
                assert_eq!((cols[31], cols[32], cols[33]), ("1", "1", "1"));
            }
            export::Format::Parquet => assert_eq!(&bytes[..4], b"PAR1"),
        }
    }
}

#[test]
fn synthetic_generator_fills_a_plausible_database() {
    let mut store = Store::open_in_memory().unwrap();
    let stats = synthetic::generate(&mut store, 5_000, 1).unwrap();
    assert_eq!(stats.events, 5_000);
    assert!(stats.articles > 800 && stats.articles < 2_500, "{stats:?}");
    let net = network(&mut store.db(), Period::default(), 1, 500).unwrap();
    assert!(net.nodes.len() >= 40);
    let q = RelationQuery {
        a: code("RUS"),
        b: code("UKR"),
        both_ways: true,
        period: Period::default(),
        by: Granularity::Month,
        movers: 5,
    };
    let r = relation(&mut store.db(), &q).unwrap();
    assert_eq!(r.buckets.len(), 36);
    assert!(r.totals.net_cooperation < 0.0, "a rivalry runs conflictual");
    assert!(r.totals.distinct_events < r.totals.events, "re-reports are merged");
}
