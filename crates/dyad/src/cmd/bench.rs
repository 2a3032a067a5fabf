//! `dyad bench`: each stage's benchmark lives in that stage's command module.
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Article extraction throughput over the extraction benchmark pages
    Extract(super::extract::BenchArgs),
}

pub fn run(cmd: Command) -> anyhow::Result<ExitCode> {
    match cmd {
        Command::Extract(a) => super::extract::bench(a),
    }
}
