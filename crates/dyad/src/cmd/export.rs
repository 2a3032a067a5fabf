//! `dyad export`: every stored event to a file, as CSV, JSONL, Parquet or GDELT 2.0 TSV.
use anyhow::Context;
use dyad_relations::export::{export, Format as ExportFormat};
use dyad_relations::EventFilter;
use dyad_store::Store;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The database
    #[arg(long, default_value = dyad_store::DEFAULT_DB)]
    pub db: PathBuf,
    #[arg(long, value_enum)]
    pub format: Format,
    /// The file to write
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Csv,
    Jsonl,
    Parquet,
    /// The GDELT 2.0 event table's 61 tab-separated columns
    Gdelt,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let store = Store::open_read_only(&args.db)?;
    let format = match args.format {
        Format::Csv => ExportFormat::Csv,
        Format::Jsonl => ExportFormat::Jsonl,
        Format::Parquet => ExportFormat::Parquet,
        Format::Gdelt => ExportFormat::Gdelt,
    };
    let started = std::time::Instant::now();
    let n = export(store.conn(), &EventFilter::default(), format, &args.out)
        .with_context(|| format!("exporting to {}", args.out.display()))?;
    eprintln!("{n} events written to {} in {:.2} s", args.out.display(), started.elapsed().as_secs_f64());
    Ok(ExitCode::SUCCESS)
}
