//! `dyad relations A B`: the relation between two actors over time (both directions unless
//! `--from-a`), with sparklines and the events that moved it most. Periods without events
//! are gaps, never zeros: `·` in the sparklines, one "no events" line per run in the table; `dyad bench relations`: query times on a large
//! synthetic database.
use anyhow::Context;
use dyad_relations::{ActorCode, EventFilter, Granularity, Period, Relation, RelationQuery};
use dyad_store::{Location, Store};
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// First actor: a country (USA) or a full code (USAGOV)
    pub a: String,
    /// Second actor
    pub b: String,
    /// The database: a SQLite file or a postgres://user@host:port/db URL
    #[arg(long, default_value = dyad_store::DEFAULT_DB)]
    pub db: Location,
    /// First day, YYYY-MM-DD
    #[arg(long)]
    pub since: Option<String>,
    /// Last day, YYYY-MM-DD
    #[arg(long)]
    pub until: Option<String>,
    /// Bucket width
    #[arg(long, value_enum, default_value_t = By::Week)]
    pub by: By,
    /// Only A→B events (default: both directions)
    #[arg(long)]
    pub from_a: bool,
    /// Both directions (the default; kept for old scripts)
    #[arg(long, hide = true, conflicts_with = "from_a")]
    pub both_ways: bool,
    /// How many index-moving events to list
    #[arg(long, default_value_t = 5)]
    pub movers: usize,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum By {
    Day,
    Week,
    Month,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
}

impl From<By> for Granularity {
    fn from(b: By) -> Granularity {
        match b {
            By::Day => Granularity::Day,
            By::Week => Granularity::Week,
            By::Month => Granularity::Month,
        }
    }
}

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/// A period without events: neither zero nor neutral.
const NO_DATA: char = '·';

/// One character per value, scaled between `lo` and `hi`; `None` (no data) is [`NO_DATA`].
pub fn sparkline(values: &[Option<f64>], lo: f64, hi: f64) -> String {
    let span = (hi - lo).max(f64::EPSILON);
    values
        .iter()
        .map(|v| match v {
            None => NO_DATA,
            Some(v) => {
                let t = ((v - lo) / span).clamp(0.0, 1.0);
                BARS[((t * 7.0).round() as usize).min(7)]
            }
        })
        .collect()
}

fn by_name(by: Granularity, n: usize) -> String {
    let unit = match by {
        Granularity::Day => "day",
        Granularity::Week => "week",
        Granularity::Month => "month",
    };
    if n == 1 {
        unit.to_string()
    } else {
        format!("{unit}s")
    }
}

fn print_table(r: &Relation) {
    let arrow = if r.both_ways { "↔" } else { "→" };
    let period = match (r.since, r.until) {
        (Some(s), Some(u)) => format!("{s} – {u}"),
        _ if r.undated > 0 => format!("no dated events ({} undated)", r.undated),
        _ => "no events".into(),
    };
    let by = by_name(r.by, 1);
    println!("{} {arrow} {}  {period}, by {by}", r.a, r.b);
    if !r.both_ways {
        println!("(one direction only: {} as source; drop --from-a to count both)", r.a);
    }
    let t = &r.totals;
    println!(
        "{} events ({} distinct after corroboration, {} undated) · net cooperation {:+.2} · mean Goldstein {:+.2}",
        t.events, t.distinct_events, r.undated, t.net_cooperation, t.goldstein_mean
    );
    println!(
        "quad: verbal coop {} · material coop {} · verbal conflict {} · material conflict {}",
        t.quad.verbal_cooperation, t.quad.material_cooperation, t.quad.verbal_conflict, t.quad.material_conflict
    );
    let roots: Vec<String> = t.roots.iter().map(|(k, v)| format!("{k}:{v}")).collect();
    println!("roots: {}", roots.join(" "));
    if r.buckets.is_empty() {
        return;
    }
    let counts: Vec<Option<f64>> = r.buckets.iter().map(|b| (b.events > 0).then_some(b.events as f64)).collect();
    let index: Vec<Option<f64>> = r.buckets.iter().map(|b| (b.events > 0).then_some(b.net_cooperation)).collect();
    let max = counts.iter().flatten().copied().fold(0.0, f64::max);
    println!();
    println!("events  {}  (max {max})", sparkline(&counts, 0.0, max));
    println!("index   {}  (−1 … +1; {NO_DATA} no events)", sparkline(&index, -1.0, 1.0));
    println!();
    println!(
        "{:<10} {:>6} {:>6} {:>5} {:>5} {:>5} {:>5} {:>8} {:>7}",
        "bucket", "events", "dist", "vc", "mc", "vf", "mf", "goldsum", "index"
    );
    let mut i = 0;
    while i < r.buckets.len() {
        let b = &r.buckets[i];
        let start = b.start.map(|d| d.to_string()).unwrap_or_default();
        if b.events == 0 {
            let run = r.buckets[i..].iter().take_while(|b| b.events == 0).count();
            let last = r.buckets[i + run - 1].start.map(|d| d.to_string()).unwrap_or_default();
            let span = if run == 1 { start } else { format!("{start} – {last}") };
            println!("{NO_DATA}  no events: {run} {}  ({span})", by_name(r.by, run));
            i += run;
            continue;
        }
        let q = b.quad.as_array();
        println!(
            "{:<10} {:>6} {:>6} {:>5} {:>5} {:>5} {:>5} {:>8.1} {:>+7.2}",
            start, b.events, b.distinct_events, q[0], q[1], q[2], q[3], b.goldstein_sum, b.net_cooperation
        );
        i += 1;
    }
    if !r.movers.is_empty() {
        println!();
        println!("biggest movers:");
        for m in &r.movers {
            let e = &m.event;
            println!(
                "  {:+.2}  {} {} {} {} ({:+.1})  {}",
                m.delta,
                e.date.map(|d| d.to_string()).unwrap_or_default(),
                e.source_code,
                e.cameo,
                e.target_code,
                e.goldstein,
                e.sentence
            );
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let names = super::events::actor_names()?;
    let query = RelationQuery {
        a: super::events::actor_code(&names, "A", &args.a)?,
        b: super::events::actor_code(&names, "B", &args.b)?,
        both_ways: !args.from_a,
        period: Period::parse(args.since.as_deref(), args.until.as_deref())?,
        by: args.by.into(),
        movers: args.movers,
    };
    let mut store = Store::open_read_only(&args.db)?;
    let mut db = store.db();
    for actor in [&query.a, &query.b] {
        if !dyad_relations::actor_exists(&mut db, actor)? {
            anyhow::bail!("unknown actor {actor}: no event in {} involves it", args.db);
        }
    }
    let relation = dyad_relations::relation(&mut db, &query)?;
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&relation)?),
        Format::Table => print_table(&relation),
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct BenchArgs {
    /// Synthetic events to generate
    #[arg(long, default_value_t = 1_000_000)]
    pub events: u64,
    /// Where to create the database: a SQLite path (must not exist) or a postgres:// URL
    /// (its dyad tables must be empty). Give it twice, e.g. a file and a URL, to time both
    /// backends side by side. Default: a temporary SQLite file.
    #[arg(long)]
    pub db: Vec<Location>,
    /// Random seed
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
}

/// One store under test.
struct Bench {
    label: String,
    store: Store,
}

/// A query of the bench: its name and how to run it, returning the answer as JSON so the
/// backends' answers can be compared.
type BenchQuery = (&'static str, Box<dyn Fn(&mut dyad_store::Db<'_>) -> anyhow::Result<serde_json::Value>>);

fn bench_queries() -> anyhow::Result<Vec<BenchQuery>> {
    use dyad_relations as rel;
    let usa = ActorCode::parse("a", "USA")?;
    let rus = ActorCode::parse("b", "RUS")?;
    let weekly = RelationQuery {
        a: usa.clone(),
        b: rus.clone(),
        both_ways: true,
        period: Period::default(),
        by: Granularity::Week,
        movers: 10,
    };
    let directed = RelationQuery { both_ways: false, by: Granularity::Month, ..weekly.clone() };
    let pair =
        EventFilter { source: Some(usa.clone()), target: Some(rus.clone()), both_ways: true, ..Default::default() };
    let year = Period::parse(Some("2025-01-01"), Some("2025-12-31"))?;
    let june = EventFilter { period: Period::parse(Some("2025-06-01"), Some("2025-06-30"))?, ..pair.clone() };
    let w1 = weekly.clone();
    let w2 = weekly;
    let (u1, u2, u3) = (usa.clone(), usa.clone(), usa);
    Ok(vec![
        ("relation USA↔RUS weekly (cold)", Box::new(move |db| Ok(serde_json::to_value(rel::relation(db, &w1)?)?))),
        ("relation USA↔RUS weekly (warm)", Box::new(move |db| Ok(serde_json::to_value(rel::relation(db, &w2)?)?))),
        ("relation USA→RUS monthly", Box::new(move |db| Ok(serde_json::to_value(rel::relation(db, &directed)?)?))),
        (
            "events page (USA↔RUS, 50 newest, with total)",
            Box::new(move |db| Ok(serde_json::to_value(rel::list_events(db, &pair, 50, 0)?)?)),
        ),
        (
            "events page (all, 50 newest, with total)",
            Box::new(|db| Ok(serde_json::to_value(rel::list_events(db, &EventFilter::default(), 50, 0)?)?)),
        ),
        (
            "network (all countries, 80 edges)",
            Box::new(|db| Ok(serde_json::to_value(rel::network(db, Period::default(), 1, 80)?)?)),
        ),
        (
            "top actors for USA",
            Box::new(move |db| Ok(serde_json::to_value(rel::top_actors(db, &u1, Period::default(), 12)?)?)),
        ),
        (
            "actor exists (USA, unknown XYZ)",
            Box::new(move |db| {
                let known = rel::actor_exists(db, &u2)?;
                let unknown = rel::actor_exists(db, &ActorCode::parse("a", "XYZ")?)?;
                Ok(serde_json::json!([known, unknown]))
            }),
        ),
        (
            "timeline USA monthly, 2025",
            Box::new(move |db| Ok(serde_json::to_value(rel::timeline(db, &u3, year, Granularity::Month)?)?)),
        ),
        (
            "corroboration USA↔RUS, June 2025",
            Box::new(move |db| Ok(serde_json::to_value(rel::corroboration(db, &june, 20)?)?)),
        ),
    ])
}

/// Opens the store to generate into: a new SQLite file, or a PostgreSQL database whose
/// dyad tables are empty (the bench never writes over data).
fn fresh_store(location: &Location) -> anyhow::Result<Store> {
    if let Location::Sqlite(p) = location {
        anyhow::ensure!(!p.exists(), "{} exists: give a path for a fresh database", p.display());
    }
    let mut store = Store::open(location)?;
    let counts = store.counts()?;
    anyhow::ensure!(
        counts.articles == 0 && counts.events == 0,
        "{location} already holds {} articles: give an empty database",
        counts.articles
    );
    Ok(store)
}

fn backend_label(location: &Location) -> &'static str {
    match location {
        Location::Sqlite(_) => "SQLite",
        Location::Postgres(_) => "PostgreSQL",
    }
}

pub fn bench(args: BenchArgs) -> anyhow::Result<ExitCode> {
    let temp_dir;
    let locations = if args.db.is_empty() {
        temp_dir = std::env::temp_dir().join(format!("dyad-bench-{}", std::process::id()));
        std::fs::create_dir_all(&temp_dir).with_context(|| format!("creating {}", temp_dir.display()))?;
        vec![Location::Sqlite(temp_dir.join("bench.db"))]
    } else {
        args.db.clone()
    };
    let mut benches = Vec::new();
    for location in &locations {
        let mut store = fresh_store(location)?;
        let started = Instant::now();
        let stats = dyad_relations::synthetic::generate(&mut store, args.events, args.seed)?;
        let secs = started.elapsed().as_secs_f64();
        println!(
            "{}: generated {} events in {} articles into {location} in {:.1} s ({:.0} events/s)",
            backend_label(location),
            stats.events,
            stats.articles,
            secs,
            stats.events as f64 / secs
        );
        drop(store);
        if let Location::Postgres(_) = location {
            // Fresh statistics, as autovacuum would gather them after a load this size.
            Store::open(location)?.db().for_each::<anyhow::Error>("ANALYZE", &[], |_| Ok(()))?;
        }
        benches.push(Bench { label: backend_label(location).to_string(), store: Store::open_read_only(location)? });
    }
    print!("{:<48}", "query (ms)");
    for b in &benches {
        print!(" {:>11}", b.label);
    }
    println!();
    let mut differing = Vec::new();
    for (name, query) in bench_queries()? {
        print!("{name:<48}");
        let mut answers = Vec::new();
        for b in &mut benches {
            let started = Instant::now();
            let answer = query(&mut b.store.db())?;
            print!(" {:>11.1}", started.elapsed().as_secs_f64() * 1000.0);
            answers.push(answer);
        }
        println!();
        if answers.windows(2).any(|w| w[0] != w[1]) {
            differing.push(name);
        }
    }
    if benches.len() > 1 {
        if differing.is_empty() {
            println!(
                "every answer identical on {}",
                benches.iter().map(|b| b.label.as_str()).collect::<Vec<_>>().join(" and ")
            );
        } else {
            anyhow::bail!("the backends answered differently: {}", differing.join("; "));
        }
    }
    Ok(ExitCode::SUCCESS)
}
