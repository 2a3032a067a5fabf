//! [`Value`] to and from PostgreSQL's types: parameters take the type the server asks
//! for (an integer binds to `SMALLINT` as well as to `BIGINT`, a day to `DATE` or `TEXT`),
//! and columns of the types dyad's schema uses come back as the matching `Value`.

use crate::db::{DbError, Value};
use chrono::NaiveDate;
use postgres::types::{to_sql_checked, IsNull, ToSql, Type};
use std::error::Error as StdError;

type BoxError = Box<dyn StdError + Sync + Send>;

/// Column `at` of `row` as a [`Value`].
pub(crate) fn value(row: &postgres::Row, at: usize) -> Result<Value, DbError> {
    let column = row.columns().get(at).ok_or_else(|| DbError::convert(at.to_string(), "no such column"))?;
    let ty = column.type_().clone();
    let v = match ty {
        Type::INT2 => row.try_get::<_, Option<i16>>(at)?.map(|i| Value::Integer(i64::from(i))),
        Type::INT4 => row.try_get::<_, Option<i32>>(at)?.map(|i| Value::Integer(i64::from(i))),
        Type::INT8 => row.try_get::<_, Option<i64>>(at)?.map(Value::Integer),
        Type::FLOAT4 => row.try_get::<_, Option<f32>>(at)?.map(|f| Value::Real(f64::from(f))),
        Type::FLOAT8 => row.try_get::<_, Option<f64>>(at)?.map(Value::Real),
        Type::BOOL => row.try_get::<_, Option<bool>>(at)?.map(|b| Value::Integer(i64::from(b))),
        Type::DATE => row.try_get::<_, Option<NaiveDate>>(at)?.map(Value::Date),
        Type::TIMESTAMPTZ => row
            .try_get::<_, Option<chrono::DateTime<chrono::Utc>>>(at)?
            .map(|t| Value::Text(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))),
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => {
            row.try_get::<_, Option<String>>(at)?.map(Value::Text)
        }
        other => {
            return Err(DbError::convert(
                column.name(),
                format!("type {other} is not one dyad reads (cast it in the query)"),
            ))
        }
    };
    Ok(v.unwrap_or(Value::Null))
}

impl ToSql for Value {
    fn to_sql(&self, ty: &Type, out: &mut bytes::BytesMut) -> Result<IsNull, BoxError> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Integer(i) => match *ty {
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::FLOAT8 => (*i as f64).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => i.to_string().to_sql(ty, out),
                _ => i.to_sql(ty, out),
            },
            Value::Real(f) => match *ty {
                Type::FLOAT4 => (*f as f32).to_sql(ty, out),
                _ => f.to_sql(ty, out),
            },
            Value::Text(t) => match *ty {
                Type::DATE => NaiveDate::parse_from_str(t, "%Y-%m-%d")
                    .map_err(|_| format!("{t:?} is not a date YYYY-MM-DD"))?
                    .to_sql(ty, out),
                _ => t.as_str().to_sql(ty, out),
            },
            Value::Date(d) => match *ty {
                Type::TEXT | Type::VARCHAR => d.format("%Y-%m-%d").to_string().to_sql(ty, out),
                _ => d.to_sql(ty, out),
            },
        }
    }

    fn accepts(_ty: &Type) -> bool {
        // Checked per value in `to_sql`, which names what does not fit.
        true
    }

    to_sql_checked!();
}
