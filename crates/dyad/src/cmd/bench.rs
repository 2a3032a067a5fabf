//! `dyad bench`: each stage's benchmark lives in that stage's command module.
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Article extraction throughput over the extraction benchmark pages
    Extract(super::extract::BenchArgs),
    /// Tokenize + tag + parse throughput
    Nlp(super::nlp::BenchArgs),
    /// Event coding throughput, parsing included
    Code(super::code::BenchArgs),
    /// Relation queries over a large synthetic event database
    Relations(super::relations::BenchArgs),
    /// CPU time of extraction and coding as inputs grow (generated text, nested HTML, gzip of newlines)
    Scaling(super::scaling::BenchArgs),
    /// Load on `dyad serve`: concurrent clients per URL (req/s, p50, p99, errors, memory), then idle connections
    Serve(super::load::BenchArgs),
}

pub fn run(cmd: Command) -> anyhow::Result<ExitCode> {
    match cmd {
        Command::Extract(a) => super::extract::bench(a),
        Command::Nlp(a) => super::nlp::bench(a),
        Command::Code(a) => super::code::bench(a),
        Command::Relations(a) => super::relations::bench(a),
        Command::Scaling(a) => super::scaling::bench(a),
        Command::Serve(a) => super::load::bench(a),
    }
}
