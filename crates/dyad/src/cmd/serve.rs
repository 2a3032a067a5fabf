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
    /// Database connections, and so queries running at once
    #[arg(long, default_value_t = dyad_serve::DEFAULT_POOL)]
    pub pool: u32,
    /// Seconds a GET answer is reused for clients asking the same (0: no cache)
    #[arg(long, default_value_t = 5)]
    pub cache_secs: u64,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let options =
        dyad_serve::ServeOptions { pool: args.pool, cache_ttl: std::time::Duration::from_secs(args.cache_secs) };
    dyad_serve::run(&args.db, args.addr, &options)?;
    Ok(ExitCode::SUCCESS)
}
