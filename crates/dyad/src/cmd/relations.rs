//! `dyad relations A B`: the relation between two actors over time, with a sparkline and
//! the events that moved it most; `dyad bench relations`: query times on a large
//! synthetic database.
use anyhow::Context;
use dyad_relations::{ActorCode, EventFilter, Granularity, Period, Relation, RelationQuery};
use dyad_store::Store;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// First actor: a country (USA) or a full code (USAGOV)
    pub a: String,
    /// Second actor
    pub b: String,
    /// The database
    #[arg(long, default_value = dyad_store::DEFAULT_DB)]
    pub db: PathBuf,
    /// First day, YYYY-MM-DD
    #[arg(long)]
    pub since: Option<String>,
    /// Last day, YYYY-MM-DD
    #[arg(long)]
    pub until: Option<String>,
    /// Bucket width
    #[arg(long, value_enum, default_value_t = By::Week)]
    pub by: By,
    /// Count B→A events too
    #[arg(long)]
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

/// One character per value, scaled between `lo` and `hi`.
pub fn sparkline(values: &[f64], lo: f64, hi: f64) -> String {
    let span = (hi - lo).max(f64::EPSILON);
    values
        .iter()
        .map(|&v| {
            let t = ((v - lo) / span).clamp(0.0, 1.0);
            BARS[((t * 7.0).round() as usize).min(7)]
        })
        .collect()
}

fn print_table(r: &Relation) {
    let arrow = if r.both_ways { "↔" } else { "→" };
    let period = match (r.since, r.until) {
        (Some(s), Some(u)) => format!("{s} – {u}"),
        _ => "no dated events".into(),
    };
    let by = format!("{:?}", r.by).to_lowercase();
    println!("{} {arrow} {}  {period}, by {by}", r.a, r.b);
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
    let counts: Vec<f64> = r.buckets.iter().map(|b| b.events as f64).collect();
    let index: Vec<f64> = r.buckets.iter().map(|b| b.net_cooperation).collect();
    let max = counts.iter().copied().fold(0.0, f64::max);
    println!();
    println!("events  {}  (max {max})", sparkline(&counts, 0.0, max));
    println!("index   {}  (−1 … +1)", sparkline(&index, -1.0, 1.0));
    println!();
    println!(
        "{:<10} {:>6} {:>6} {:>5} {:>5} {:>5} {:>5} {:>8} {:>7}",
        "bucket", "events", "dist", "vc", "mc", "vf", "mf", "goldsum", "index"
    );
    for b in &r.buckets {
        let q = b.quad.as_array();
        println!(
            "{:<10} {:>6} {:>6} {:>5} {:>5} {:>5} {:>5} {:>8.1} {:>+7.2}",
            b.start.map(|d| d.to_string()).unwrap_or_default(),
            b.events,
            b.distinct_events,
            q[0],
            q[1],
            q[2],
            q[3],
            b.goldstein_sum,
            b.net_cooperation
        );
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
        both_ways: args.both_ways,
        period: Period::parse(args.since.as_deref(), args.until.as_deref())?,
        by: args.by.into(),
        movers: args.movers,
    };
    let store = Store::open_read_only(&args.db)?;
    for actor in [&query.a, &query.b] {
        if !dyad_relations::actor_exists(store.conn(), actor)? {
            anyhow::bail!("unknown actor {actor}: no event in {} involves it", args.db.display());
        }
    }
    let relation = dyad_relations::relation(store.conn(), &query)?;
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
    /// Where to create the database (must not exist; default: a temporary file)
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Random seed
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
}

fn timed<T>(label: &str, f: impl FnOnce() -> anyhow::Result<T>) -> anyhow::Result<T> {
    let started = Instant::now();
    let out = f()?;
    println!("{label:<48} {:>9.1} ms", started.elapsed().as_secs_f64() * 1000.0);
    Ok(out)
}

pub fn bench(args: BenchArgs) -> anyhow::Result<ExitCode> {
    let temp_dir;
    let path = match args.db {
        Some(p) => {
            anyhow::ensure!(!p.exists(), "{} exists: give a path for a fresh database", p.display());
            p
        }
        None => {
            temp_dir = std::env::temp_dir().join(format!("dyad-bench-{}", std::process::id()));
            std::fs::create_dir_all(&temp_dir).with_context(|| format!("creating {}", temp_dir.display()))?;
            temp_dir.join("bench.db")
        }
    };
    let store = Store::open(&path)?;
    let started = Instant::now();
    let stats = dyad_relations::synthetic::generate(store.conn(), args.events, args.seed)?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "generated {} events in {} articles into {} in {:.1} s ({:.0} events/s)",
        stats.events,
        stats.articles,
        path.display(),
        secs,
        stats.events as f64 / secs
    );
    drop(store);
    let store = Store::open_read_only(&path)?;
    let conn = store.conn();
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
    let rel = timed("relation USA↔RUS weekly (cold)", || Ok(dyad_relations::relation(conn, &weekly)?))?;
    println!("  {} events, {} weeks", rel.totals.events, rel.buckets.len());
    timed("relation USA↔RUS weekly (warm)", || Ok(dyad_relations::relation(conn, &weekly)?))?;
    let directed = RelationQuery { both_ways: false, by: Granularity::Month, ..weekly.clone() };
    timed("relation USA→RUS monthly", || Ok(dyad_relations::relation(conn, &directed)?))?;
    let pair =
        EventFilter { source: Some(usa.clone()), target: Some(rus.clone()), both_ways: true, ..Default::default() };
    timed("events page (USA↔RUS, 50 newest, with total)", || Ok(dyad_relations::list_events(conn, &pair, 50, 0)?))?;
    timed("events page (all, 50 newest, with total)", || {
        Ok(dyad_relations::list_events(conn, &EventFilter::default(), 50, 0)?)
    })?;
    let net =
        timed("network (all countries, 80 edges)", || Ok(dyad_relations::network(conn, Period::default(), 1, 80)?))?;
    println!("  {} nodes, {} edges", net.nodes.len(), net.edges.len());
    timed("top actors for USA", || Ok(dyad_relations::top_actors(conn, &usa, Period::default(), 12)?))?;
    timed("actor exists (USA, unknown XYZ)", || {
        let known = dyad_relations::actor_exists(conn, &usa)?;
        let unknown = dyad_relations::actor_exists(conn, &ActorCode::parse("a", "XYZ")?)?;
        anyhow::ensure!(known && !unknown, "actor probe gave wrong answers");
        Ok(())
    })?;
    let year = Period::parse(Some("2025-01-01"), Some("2025-12-31"))?;
    timed("timeline USA monthly, 2025", || Ok(dyad_relations::timeline(conn, &usa, year, Granularity::Month)?))?;
    let corroborated = EventFilter { period: Period::parse(Some("2025-06-01"), Some("2025-06-30"))?, ..pair };
    timed("corroboration USA↔RUS, June 2025", || Ok(dyad_relations::corroboration(conn, &corroborated, 20)?))?;
    Ok(ExitCode::SUCCESS)
}
