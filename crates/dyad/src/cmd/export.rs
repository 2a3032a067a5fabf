//! `dyad export`: stored events to a file, as CSV, JSONL, Parquet or GDELT 2.0 TSV, or
//! to a Hive-partitioned Parquet dataset (`--partition month`); the filters of
//! `dyad events` export a slice.
use crate::cmd::events::{filter_from, FilterArgs};
use anyhow::Context;
use dyad_relations::export::{export_to, ExportOptions, Format as ExportFormat};
use dyad_relations::gdelt::UndatedPolicy;
use dyad_relations::parquet::{write_dataset, ActorLabels, ParquetOptions, Partition};
use dyad_store::{Location, Store};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The database: a SQLite file or a postgres://user@host:port/db URL
    #[arg(long, default_value = dyad_store::DEFAULT_DB)]
    pub db: Location,
    #[arg(long, value_enum)]
    pub format: Format,
    /// The file to write (`-`: standard output); with --partition, the folder of the
    /// dataset (new or empty)
    #[arg(long)]
    pub out: PathBuf,
    /// GDELT only: GDELT has no undated events, so undated ones are left out (and counted
    /// on stderr); `publication` dates them by their article's publication day instead
    #[arg(long, value_enum, default_value_t = Undated::Skip)]
    pub undated: Undated,
    /// Parquet only: split the dataset into Hive-style folders by event date
    /// (year=2025/month=06/part-0.parquet)
    #[arg(long, value_enum)]
    pub partition: Option<PartitionBy>,
    /// Parquet datasets: rows per row group
    #[arg(long, default_value_t = 131_072, value_parser = clap::value_parser!(u64).range(1..=16_777_216))]
    pub row_group_rows: u64,
    #[command(flatten)]
    pub filter: FilterArgs,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Csv,
    Jsonl,
    Parquet,
    /// The GDELT 2.0 event table's 61 tab-separated columns
    Gdelt,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Undated {
    Skip,
    Publication,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum PartitionBy {
    Year,
    Month,
    Day,
}

/// Names of countries, organisations and armed groups from the built-in dictionary.
fn actor_labels() -> anyhow::Result<ActorLabels> {
    use dyad_actors::Kind;
    let dictionary = dyad_actors::ActorDictionary::builtin()?;
    let names = dictionary
        .entries()
        .iter()
        .filter(|e| matches!(e.kind, Kind::Country | Kind::Org | Kind::Armed))
        .filter_map(|e| Some((e.codes.first()?.code.clone(), e.canonical().to_string())));
    Ok(ActorLabels::new(names))
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let filter = filter_from(&args.filter)?;
    let mut store = Store::open_read_only(&args.db)?;
    let started = std::time::Instant::now();
    if let Some(by) = args.partition {
        anyhow::ensure!(matches!(args.format, Format::Parquet), "--partition needs --format parquet");
        anyhow::ensure!(args.out.as_os_str() != "-", "--partition writes a folder, not standard output");
        let options = ParquetOptions {
            partition: match by {
                PartitionBy::Year => Partition::Year,
                PartitionBy::Month => Partition::Month,
                PartitionBy::Day => Partition::Day,
            },
            row_group_rows: usize::try_from(args.row_group_rows).unwrap_or(131_072),
            labels: actor_labels()?,
            ..Default::default()
        };
        let stats = write_dataset(&mut store.db(), &filter, &args.out, &options)
            .with_context(|| format!("exporting to {}", args.out.display()))?;
        eprintln!(
            "{} events written to {} files under {} in {:.2} s",
            stats.events,
            stats.files.len(),
            args.out.display(),
            started.elapsed().as_secs_f64()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let format = match args.format {
        Format::Csv => ExportFormat::Csv,
        Format::Jsonl => ExportFormat::Jsonl,
        Format::Parquet => ExportFormat::Parquet,
        Format::Gdelt => ExportFormat::Gdelt,
    };
    let options = ExportOptions {
        undated: match args.undated {
            Undated::Skip => UndatedPolicy::Skip,
            Undated::Publication => UndatedPolicy::Publication,
        },
        labels: actor_labels()?,
    };
    let out = crate::cmd::events::output(Some(&args.out))?;
    let stats = export_to(&mut store.db(), &filter, format, &options, out)
        .with_context(|| format!("exporting to {}", args.out.display()))?;
    let target =
        if args.out.as_os_str() == "-" { "standard output".to_string() } else { args.out.display().to_string() };
    eprintln!("{} events written to {target} in {:.2} s", stats.written, started.elapsed().as_secs_f64());
    if stats.undated_skipped > 0 {
        eprintln!(
            "dyad: {} undated events left out (GDELT has no undated events; --undated publication dates them by their article)",
            stats.undated_skipped
        );
    }
    Ok(ExitCode::SUCCESS)
}
