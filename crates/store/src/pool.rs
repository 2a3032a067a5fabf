//! A bounded pool of read-only connections for servers (`dyad serve`): r2d2 over either
//! backend. At most `size` queries run at once; a request that finds every connection
//! busy waits up to the pool's timeout, then fails instead of piling up.

use crate::db::Db;
use crate::{pg, Location, Store, StoreError};
use r2d2_postgres::PostgresConnectionManager;
use r2d2_sqlite::SqliteConnectionManager;
use std::time::Duration;

enum Inner {
    Sqlite(r2d2::Pool<SqliteConnectionManager>),
    Postgres(r2d2::Pool<PostgresConnectionManager<postgres::NoTls>>),
}

/// Read-only connections to one store, shared by threads.
pub struct Pool {
    inner: Inner,
    location: Location,
}

/// A connection taken from a [`Pool`]; it goes back when dropped.
pub enum PooledDb {
    Sqlite(r2d2::PooledConnection<SqliteConnectionManager>),
    Postgres(r2d2::PooledConnection<PostgresConnectionManager<postgres::NoTls>>),
}

impl PooledDb {
    pub fn db(&mut self) -> Db<'_> {
        match self {
            PooledDb::Sqlite(c) => Db::Sqlite(c),
            PooledDb::Postgres(c) => Db::Postgres(c),
        }
    }
}

impl Pool {
    /// Opens the store read-only once (which checks that it exists and has this build's
    /// schema), then a pool of at most `size` connections, waiting up to `timeout` for one.
    pub fn open_read_only(location: &Location, size: u32, timeout: Duration) -> Result<Pool, StoreError> {
        drop(Store::open_read_only(location)?);
        let size = size.max(1);
        let pool_err = |e: r2d2::Error| StoreError::Open { location: location.to_string(), message: e.to_string() };
        let inner = match location {
            Location::Sqlite(path) => {
                let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                    | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX
                    | rusqlite::OpenFlags::SQLITE_OPEN_URI;
                let manager = SqliteConnectionManager::file(path)
                    .with_flags(flags)
                    .with_init(|c| c.busy_timeout(Duration::from_secs(10)));
                Inner::Sqlite(builder(size, timeout).build(manager).map_err(pool_err)?)
            }
            Location::Postgres(url) => {
                let manager = PostgresConnectionManager::new(pg::config(url, true)?, postgres::NoTls);
                Inner::Postgres(builder(size, timeout).build(manager).map_err(pool_err)?)
            }
        };
        Ok(Pool { inner, location: location.clone() })
    }

    pub fn location(&self) -> &Location {
        &self.location
    }

    /// A connection, waiting up to the pool's timeout for one to be free.
    pub fn get(&self) -> Result<PooledDb, StoreError> {
        let err = |e: r2d2::Error| StoreError::Open { location: self.location.to_string(), message: e.to_string() };
        Ok(match &self.inner {
            Inner::Sqlite(p) => PooledDb::Sqlite(p.get().map_err(err)?),
            Inner::Postgres(p) => PooledDb::Postgres(p.get().map_err(err)?),
        })
    }
}

fn builder<M: r2d2::ManageConnection>(size: u32, timeout: Duration) -> r2d2::Builder<M> {
    r2d2::Pool::builder().max_size(size).min_idle(Some(1)).connection_timeout(timeout)
}
