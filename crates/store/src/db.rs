//! One read interface over both backends: [`Db`] runs SQL written once, with `?`
//! placeholders and [`Value`] parameters, on SQLite or PostgreSQL, and hands each result
//! row to the caller as a [`Row`] whose columns convert to Rust types the same way on both.
//!
//! The SQL later stages write is the common subset of the two dialects; where they differ
//! (index hints, case-insensitive `LIKE`, full-text search), [`Db::dialect`] tells which
//! text to write. `?` placeholders become `$1, $2, ...` for PostgreSQL here.

use chrono::NaiveDate;
use std::borrow::Cow;

/// Which SQL dialect a [`Db`] speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// A parameter or column value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    /// Stored as `YYYY-MM-DD` text in SQLite and as `DATE` in PostgreSQL.
    Date(NaiveDate),
}

/// A failed query or a value that does not convert.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{}", crate::pg::describe(.0))]
    Postgres(#[from] postgres::Error),
    #[error("column {column}: {message}")]
    Convert { column: String, message: String },
}

impl DbError {
    pub(crate) fn convert(column: impl Into<String>, message: impl Into<String>) -> DbError {
        DbError::Convert { column: column.into(), message: message.into() }
    }

    /// True for failures that a retry of the whole transaction can cure: a deadlock or a
    /// serialization failure between concurrent writers.
    pub fn is_retryable(&self) -> bool {
        match self {
            DbError::Postgres(e) => e.code().is_some_and(|c| {
                *c == postgres::error::SqlState::T_R_DEADLOCK_DETECTED
                    || *c == postgres::error::SqlState::T_R_SERIALIZATION_FAILURE
            }),
            DbError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => e.code == rusqlite::ErrorCode::DatabaseBusy,
            _ => false,
        }
    }
}

/// A borrowed connection to either backend.
pub enum Db<'a> {
    Sqlite(&'a rusqlite::Connection),
    Postgres(&'a mut postgres::Client),
}

impl Db<'_> {
    pub fn dialect(&self) -> Dialect {
        match self {
            Db::Sqlite(_) => Dialect::Sqlite,
            Db::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Calls `f` on every row of the result, streaming (rows are not collected first).
    /// Returns the number of rows.
    pub fn for_each<E: From<DbError>>(
        &mut self,
        sql: &str,
        params: &[Value],
        mut f: impl FnMut(&Row<'_>) -> Result<(), E>,
    ) -> Result<u64, E> {
        let mut n = 0;
        match self {
            Db::Sqlite(conn) => {
                let mut stmt = conn.prepare_cached(sql).map_err(DbError::from)?;
                let mut rows = stmt.query(rusqlite::params_from_iter(params.iter())).map_err(DbError::from)?;
                while let Some(row) = rows.next().map_err(DbError::from)? {
                    f(&Row::Sqlite(row))?;
                    n += 1;
                }
            }
            Db::Postgres(client) => {
                let sql = postgres_placeholders(sql);
                let stmt = client.prepare(&sql).map_err(DbError::from)?;
                let mut rows = client.query_raw(&stmt, params.iter()).map_err(DbError::from)?;
                while let Some(row) =
                    postgres::fallible_iterator::FallibleIterator::next(&mut rows).map_err(DbError::from)?
                {
                    f(&Row::Postgres(&row))?;
                    n += 1;
                }
            }
        }
        Ok(n)
    }

    /// Every row of the result, converted by `f`.
    pub fn query_map<T, E: From<DbError>>(
        &mut self,
        sql: &str,
        params: &[Value],
        mut f: impl FnMut(&Row<'_>) -> Result<T, E>,
    ) -> Result<Vec<T>, E> {
        let mut out = Vec::new();
        self.for_each(sql, params, |row| {
            out.push(f(row)?);
            Ok::<(), E>(())
        })?;
        Ok(out)
    }

    /// The first row of the result, if any, converted by `f`.
    pub fn query_opt<T, E: From<DbError>>(
        &mut self,
        sql: &str,
        params: &[Value],
        f: impl FnOnce(&Row<'_>) -> Result<T, E>,
    ) -> Result<Option<T>, E> {
        let mut f = Some(f);
        let mut out = None;
        self.for_each(sql, params, |row| {
            if let Some(f) = f.take() {
                out = Some(f(row)?);
            }
            Ok::<(), E>(())
        })?;
        Ok(out)
    }

    /// One value of the first row (a count, a sum); an error when there is no row.
    pub fn query_value<T: FromValue>(&mut self, sql: &str, params: &[Value]) -> Result<T, DbError> {
        self.query_opt(sql, params, |r| r.get(0))?.ok_or_else(|| DbError::convert("0", "the query returned no row"))
    }
}

/// `?` placeholders as PostgreSQL's `$n`, leaving quoted text and identifiers alone.
pub(crate) fn postgres_placeholders(sql: &str) -> Cow<'_, str> {
    if !sql.contains('?') {
        return Cow::Borrowed(sql);
    }
    let mut out = String::with_capacity(sql.len() + 16);
    let mut n = 0;
    let mut quote: Option<char> = None;
    for c in sql.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => {
                quote = None;
                out.push(c);
            }
            (Some(_), c) => out.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                out.push(c);
            }
            (None, '?') => {
                n += 1;
                out.push('$');
                out.push_str(&n.to_string());
            }
            (None, c) => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// One result row of either backend.
pub enum Row<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Postgres(&'r postgres::Row),
}

/// A column by position or by name.
pub trait ColumnIndex: Copy + std::fmt::Display {
    fn position(self, row: &Row<'_>) -> Option<usize>;
}

impl ColumnIndex for usize {
    fn position(self, _row: &Row<'_>) -> Option<usize> {
        Some(self)
    }
}

impl ColumnIndex for &str {
    fn position(self, row: &Row<'_>) -> Option<usize> {
        match row {
            Row::Sqlite(r) => r.as_ref().column_index(self).ok(),
            Row::Postgres(r) => r.columns().iter().position(|c| c.name() == self),
        }
    }
}

impl Row<'_> {
    /// The column's value converted to `T`.
    pub fn get<T: FromValue>(&self, index: impl ColumnIndex) -> Result<T, DbError> {
        let value = self.value(index)?;
        T::from_value(value).map_err(|message| DbError::convert(index.to_string(), message))
    }

    fn value(&self, index: impl ColumnIndex) -> Result<Value, DbError> {
        let at = index.position(self).ok_or_else(|| DbError::convert(index.to_string(), "no such column"))?;
        match self {
            Row::Sqlite(r) => {
                use rusqlite::types::ValueRef;
                Ok(match r.get_ref(at)? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(i) => Value::Integer(i),
                    ValueRef::Real(f) => Value::Real(f),
                    ValueRef::Text(t) | ValueRef::Blob(t) => Value::Text(
                        std::str::from_utf8(t)
                            .map_err(|_| DbError::convert(index.to_string(), "text is not UTF-8"))?
                            .to_string(),
                    ),
                })
            }
            Row::Postgres(r) => crate::pg::value(r, at),
        }
    }
}

/// Conversion of a column value into a Rust type; the message says what did not fit.
pub trait FromValue: Sized {
    fn from_value(value: Value) -> Result<Self, String>;
}

impl FromValue for i64 {
    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::Integer(i) => Ok(i),
            other => Err(format!("expected an integer, found {other:?}")),
        }
    }
}

impl FromValue for u64 {
    fn from_value(value: Value) -> Result<Self, String> {
        let i = i64::from_value(value)?;
        u64::try_from(i).map_err(|_| format!("{i} is negative"))
    }
}

impl FromValue for u8 {
    fn from_value(value: Value) -> Result<Self, String> {
        let i = i64::from_value(value)?;
        u8::try_from(i).map_err(|_| format!("{i} is out of range"))
    }
}

impl FromValue for f64 {
    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::Real(f) => Ok(f),
            // SQLite hands back whole REAL sums as integers.
            Value::Integer(i) => Ok(i as f64),
            other => Err(format!("expected a number, found {other:?}")),
        }
    }
}

impl FromValue for String {
    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::Text(t) => Ok(t),
            Value::Date(d) => Ok(d.format("%Y-%m-%d").to_string()),
            other => Err(format!("expected text, found {other:?}")),
        }
    }
}

impl FromValue for NaiveDate {
    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::Date(d) => Ok(d),
            Value::Text(t) => {
                NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|_| format!("{t:?} is not a date YYYY-MM-DD"))
            }
            other => Err(format!("expected a date, found {other:?}")),
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::Null => Ok(None),
            other => T::from_value(other).map(Some),
        }
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, Value as V, ValueRef};
        Ok(match self {
            Value::Null => ToSqlOutput::Owned(V::Null),
            Value::Integer(i) => ToSqlOutput::Owned(V::Integer(*i)),
            Value::Real(f) => ToSqlOutput::Owned(V::Real(*f)),
            Value::Text(t) => ToSqlOutput::Borrowed(ValueRef::Text(t.as_bytes())),
            Value::Date(d) => ToSqlOutput::Owned(V::Text(d.format("%Y-%m-%d").to_string())),
        })
    }
}

impl From<&str> for Value {
    fn from(t: &str) -> Value {
        Value::Text(t.to_string())
    }
}

impl From<String> for Value {
    fn from(t: String) -> Value {
        Value::Text(t)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Integer(i)
    }
}

impl From<NaiveDate> for Value {
    fn from(d: NaiveDate) -> Value {
        Value::Date(d)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_outside_quotes() {
        assert_eq!(
            postgres_placeholders("SELECT '?' FROM t WHERE a = ? AND b LIKE ? ESCAPE '\\'"),
            "SELECT '?' FROM t WHERE a = $1 AND b LIKE $2 ESCAPE '\\'"
        );
        assert_eq!(postgres_placeholders("SELECT 1"), "SELECT 1");
    }
}
