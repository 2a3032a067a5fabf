use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Train the tagger and parser from CoNLL-U files
    Train {},
}

pub fn run(_cmd: Command) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not built yet")
}

#[derive(clap::Args)]
pub struct BenchArgs {}

pub fn bench(_args: BenchArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not built yet")
}
