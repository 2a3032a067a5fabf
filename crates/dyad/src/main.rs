//! `dyad`: the command line. It only wires the stage crates together; each
//! subcommand lives in its own module under `cmd/`.

mod cmd;
mod pipeline;
mod progress;
mod undated;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "dyad",
    version,
    about = "Turns news into political event data: who did what to whom, when and where",
    after_help = cmd::EXIT_HELP
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print clean articles with metadata extracted from the inputs
    Extract(cmd::extract::Args),
    /// Extract, analyse and code the inputs and store articles and events in the database
    Ingest(cmd::ingest::Args),
    /// Tokenize, tag and parse text, printing CoNLL-U or JSON
    Analyse(cmd::analyse::Args),
    /// Train and evaluate the tagger and parser
    #[command(subcommand)]
    Nlp(cmd::nlp::Command),
    /// Print the events coded from the inputs
    Code(cmd::code::Args),
    /// List stored events with filters
    Events(cmd::events::Args),
    /// Relations between two actors over time
    Relations(cmd::relations::Args),
    /// Export stored events to CSV, JSONL, Parquet or GDELT TSV
    Export(cmd::export::Args),
    /// Serve the JSON API and the web dashboard
    Serve(cmd::serve::Args),
    /// Benchmarks: throughput of each stage
    #[command(subcommand)]
    Bench(cmd::bench::Command),
}

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(a) => cmd::extract::run(a),
        Command::Ingest(a) => cmd::ingest::run(a),
        Command::Analyse(a) => cmd::analyse::run(a),
        Command::Nlp(c) => cmd::nlp::run(c),
        Command::Code(a) => cmd::code::run(a),
        Command::Events(a) => cmd::events::run(a),
        Command::Relations(a) => cmd::relations::run(a),
        Command::Export(a) => cmd::export::run(a),
        Command::Serve(a) => cmd::serve::run(a),
        Command::Bench(c) => cmd::bench::run(c),
    };
    match result {
        Ok(code) => code,
        Err(err) if is_closed_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("dyad: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// The reader of our output went away (`dyad code ... | head`): nothing is wrong.
fn is_closed_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| e.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe))
}

/// `println!` panics when stdout is a closed pipe; that ends the command quietly with 0
/// like a failed write does. Any other panic keeps the default report.
fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.contains("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
}
