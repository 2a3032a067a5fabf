//! `dyad serve`: the JSON API and the web dashboard over a database opened read-only.
use dyad_store::Location;
use std::net::SocketAddr;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The database (opened read-only): a SQLite file or a postgres://user@host:port/db URL
    #[arg(long, default_value = dyad_store::DEFAULT_DB)]
    pub db: Location,
    /// Address to listen on; loopback unless you choose otherwise
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    dyad_serve::run(&args.db, args.addr)?;
    Ok(ExitCode::SUCCESS)
}
