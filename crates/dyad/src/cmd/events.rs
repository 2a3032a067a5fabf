//! `dyad events`: stored events with filters, as a table, JSONL (the event contract) or CSV.
//! The table stops at `--limit` (50) and says how many it left out; CSV and JSONL write
//! every matching event unless `--limit` is given.
use anyhow::Context;
use dyad_actors::ActorNames;
use dyad_relations::export::{for_each_event, write_jsonl, CsvWriter};
use dyad_relations::{ActorCode, EventFilter, Period};
use dyad_store::{Location, Store};
use std::io::Write;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The database: a SQLite file or a postgres://user@host:port/db URL
    #[arg(long, default_value = dyad_store::DEFAULT_DB)]
    pub db: Location,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// At most this many events, newest first (default: 50 for the table, all for CSV and JSONL)
    #[arg(long)]
    pub limit: Option<u64>,
    /// Write to this file instead of standard output (`-`: standard output)
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// The options that select events, shared by `dyad events` and `dyad export`.
#[derive(clap::Args)]
pub struct FilterArgs {
    /// Source actor: a country (USA) or a code prefix (USAGOV)
    #[arg(long)]
    pub source: Option<String>,
    /// Target actor
    #[arg(long)]
    pub target: Option<String>,
    /// Also events with source and target swapped
    #[arg(long)]
    pub both_ways: bool,
    /// CAMEO code or prefix (2-4 digits)
    #[arg(long, conflicts_with = "root")]
    pub code: Option<String>,
    /// CAMEO root (2 digits)
    #[arg(long)]
    pub root: Option<String>,
    /// Quad class 1-4
    #[arg(long)]
    pub quad: Option<String>,
    /// First day, YYYY-MM-DD
    #[arg(long)]
    pub since: Option<String>,
    /// Last day, YYYY-MM-DD
    #[arg(long)]
    pub until: Option<String>,
    /// Words the evidence sentence contains
    #[arg(long)]
    pub q: Option<String>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Table,
    Jsonl,
    Csv,
}

/// The code an actor option means: a code, or a name ("Russia", "Russian government",
/// "ECOWAS"); an unknown name is an error with the nearest known ones.
pub fn actor_code(names: &ActorNames, param: &'static str, text: &str) -> anyhow::Result<ActorCode> {
    match names.resolve(text) {
        Ok(code) => Ok(ActorCode::parse(param, &code)?),
        Err(near) if near.is_empty() => Ok(ActorCode::parse(param, text)?),
        Err(near) => anyhow::bail!("{param}: unknown actor {text:?}; did you mean {}?", near.join(", ")),
    }
}

/// The actor dictionary's names, for reading and typing actors.
pub fn actor_names() -> anyhow::Result<ActorNames> {
    Ok(ActorNames::new(&dyad_actors::ActorDictionary::builtin().context("loading the actor dictionary")?))
}

/// The filter the options describe, validated.
pub fn filter_from(args: &FilterArgs) -> anyhow::Result<EventFilter> {
    let names = actor_names()?;
    let cameo = match (&args.code, &args.root) {
        (Some(c), _) => Some(EventFilter::parse_cameo("--code", c)?),
        (None, Some(r)) if r.trim().len() == 2 => Some(EventFilter::parse_cameo("--root", r)?),
        (None, Some(r)) => anyhow::bail!("invalid --root: {r:?} is not a 2-digit CAMEO root"),
        (None, None) => None,
    };
    Ok(EventFilter {
        source: args.source.as_deref().map(|s| actor_code(&names, "--source", s)).transpose()?,
        target: args.target.as_deref().map(|s| actor_code(&names, "--target", s)).transpose()?,
        both_ways: args.both_ways,
        cameo,
        quad: args.quad.as_deref().map(|q| EventFilter::parse_quad("--quad", q)).transpose()?,
        period: Period::parse(args.since.as_deref(), args.until.as_deref())?,
        text: args.q.as_deref().map(|q| EventFilter::parse_text("--q", q)).transpose()?,
    })
}

fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// Where output goes: standard output for none or `-`, else a new file.
pub fn output(path: Option<&std::path::Path>) -> anyhow::Result<Box<dyn Write + Send>> {
    match path {
        None => Ok(Box::new(std::io::stdout())),
        Some(p) if p.as_os_str() == "-" => Ok(Box::new(std::io::stdout())),
        Some(p) => Ok(Box::new(std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?)),
    }
}

/// The default number of table rows.
const TABLE_ROWS: u64 = 50;

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let filter = filter_from(&args.filter)?;
    let mut store = Store::open_read_only(&args.db)?;
    let mut db = store.db();
    let mut out = std::io::BufWriter::new(output(args.out.as_deref())?);
    let limit = match args.format {
        Format::Table => Some(args.limit.unwrap_or(TABLE_ROWS)),
        Format::Jsonl | Format::Csv => args.limit,
    };
    let n = match args.format {
        Format::Jsonl => for_each_event(&mut db, &filter, limit, |row| write_jsonl(&mut out, &row.event))?,
        Format::Csv => {
            let mut w = CsvWriter::new(&mut out);
            let n = for_each_event(&mut db, &filter, limit, |row| w.write(&row))?;
            w.finish()?;
            n
        }
        Format::Table => write_table(&mut db, &filter, limit, &mut out)?,
    };
    out.flush().context("writing the events")?;
    let total = match limit {
        Some(l) if n >= l => dyad_relations::count_events(&mut db, &filter)?,
        _ => n,
    };
    if total > n {
        eprintln!("showing {n} of {total} events — use --limit {total} to see all");
    } else if matches!(args.format, Format::Table) {
        eprintln!("{n} events");
    }
    Ok(ExitCode::SUCCESS)
}

fn write_table(
    db: &mut dyad_store::Db<'_>,
    filter: &EventFilter,
    limit: Option<u64>,
    out: &mut impl Write,
) -> anyhow::Result<u64> {
    let names = actor_names()?;
    writeln!(
        out,
        "{:<10}  {:<28} {:<40} {:<28} {:>5}  {:<16} sentence",
        "date", "source", "event", "target", "gold", "place"
    )?;
    Ok(for_each_event(db, filter, limit, |row| {
        let e = &row.event;
        let label = dyad_cameo::lookup(&e.cameo).map_or(String::new(), |c| format!(" {}", c.name));
        writeln!(
            out,
            "{:<10}  {:<28} {:<40} {:<28} {:>+5.1}  {:<16} {}",
            e.date.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
            cut(&names.describe(&e.source.code), 28),
            cut(&format!("{}{label}", e.cameo), 40),
            cut(&names.describe(&e.target.code), 28),
            e.goldstein,
            cut(e.location.as_ref().map_or("-", |l| l.name.as_str()), 16),
            cut(&e.sentence, 80)
        )
        .map_err(|err| dyad_relations::Error::Output { path: "output".into(), message: err.to_string() })
    })?)
}
