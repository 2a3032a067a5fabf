//! Full-text search over articles on both backends. The query comes in FTS5's syntax as
//! `dyad serve` builds it (quoted words, `"phrases"`, `"prefix"*`, `OR`, `NOT`; adjacent
//! terms must all match); PostgreSQL gets the same query as a `tsquery`. Both find the
//! same articles; ranking (BM25 in SQLite, `ts_rank` in PostgreSQL) and the passage chosen
//! for the snippet are each engine's own.

use crate::db::{Db, DbError, Dialect, Value};

/// One matching article. `snippet` marks matched words with `\u{2}` … `\u{3}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub id: i64,
    pub doc_id: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub site_name: Option<String>,
    pub url: Option<String>,
    pub events: i64,
    pub snippet: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hits {
    pub total: u64,
    pub hits: Vec<Hit>,
}

/// Articles matching `fts5_query`, best first, `limit` from `offset`.
pub fn articles(db: &mut Db<'_>, fts5_query: &str, limit: u64, offset: u64) -> Result<Hits, DbError> {
    articles_between(db, fts5_query, None, None, limit, offset)
}

/// Articles matching `fts5_query` published from `since` to `until` (both days included;
/// an undated article matches only when neither is given), best first.
pub fn articles_between(
    db: &mut Db<'_>,
    fts5_query: &str,
    since: Option<chrono::NaiveDate>,
    until: Option<chrono::NaiveDate>,
    limit: u64,
    offset: u64,
) -> Result<Hits, DbError> {
    let mut dates = String::new();
    let mut date_params = Vec::new();
    for (day, op) in [(since, ">="), (until, "<=")] {
        if let Some(day) = day {
            dates.push_str(&format!(" AND a.published {op} ?"));
            date_params.push(Value::Date(day));
        }
    }
    let (count_sql, hits_sql, query) = match db.dialect() {
        Dialect::Sqlite => (
            format!(
                "SELECT count(*) FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid \
                 WHERE articles_fts MATCH ?{dates}"
            ),
            format!(
                "SELECT a.id, a.doc_id, a.title, a.published, a.site_name, a.url, \
                 (SELECT count(*) FROM events e WHERE e.article_id = a.id), \
                 snippet(articles_fts, 1, char(2), char(3), '…', 28) \
                 FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid \
                 WHERE articles_fts MATCH ?{dates} ORDER BY rank, a.id LIMIT ? OFFSET ?"
            ),
            fts5_query.to_string(),
        ),
        Dialect::Postgres => (
            format!("SELECT count(*) FROM articles a WHERE a.fts @@ to_tsquery('simple', ?){dates}"),
            format!(
                "SELECT a.id, a.doc_id, a.title, a.published, a.site_name, a.url, \
                 (SELECT count(*) FROM events e WHERE e.article_id = a.id), \
                 ts_headline('simple', a.text, q, 'StartSel=' || chr(2) || ', StopSel=' || chr(3) || \
                    ', MaxWords=28, MinWords=12, ShortWord=0, MaxFragments=1, FragmentDelimiter=…') \
                 FROM articles a, to_tsquery('simple', ?) q \
                 WHERE a.fts @@ q{dates} ORDER BY ts_rank(a.fts, q) DESC, a.id LIMIT ? OFFSET ?"
            ),
            to_tsquery(fts5_query),
        ),
    };
    let mut params = vec![Value::Text(query)];
    params.extend(date_params);
    let total: u64 = db.query_value(&count_sql, &params)?;
    params.push(Value::Integer(limit as i64));
    params.push(Value::Integer(offset as i64));
    let hits = db.query_map(&hits_sql, &params, |r| {
        Ok::<_, DbError>(Hit {
            id: r.get(0)?,
            doc_id: r.get(1)?,
            title: r.get(2)?,
            published: r.get(3)?,
            site_name: r.get(4)?,
            url: r.get(5)?,
            events: r.get(6)?,
            snippet: r.get(7)?,
        })
    })?;
    Ok(Hits { total, hits })
}

/// The `tsquery` of an FTS5 query in the subset described above.
pub fn to_tsquery(fts5: &str) -> String {
    let mut out = String::new();
    let mut need_operator = false;
    let mut chars = fts5.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                let mut phrase = String::new();
                for c in chars.by_ref() {
                    if c == '"' {
                        break;
                    }
                    phrase.push(c);
                }
                let prefix = chars.peek() == Some(&'*');
                if prefix {
                    chars.next();
                }
                let words: Vec<String> = phrase
                    .split_whitespace()
                    .map(|w| w.chars().filter(|c| c.is_alphanumeric()).collect::<String>())
                    .filter(|w| !w.is_empty())
                    .collect();
                if words.is_empty() {
                    continue;
                }
                if need_operator {
                    out.push_str(" & ");
                }
                let last = words.len() - 1;
                let terms: Vec<String> = words
                    .iter()
                    .enumerate()
                    .map(|(i, w)| if prefix && i == last { format!("'{w}':*") } else { format!("'{w}'") })
                    .collect();
                if terms.len() > 1 {
                    out.push_str(&format!("({})", terms.join(" <-> ")));
                } else {
                    out.push_str(&terms[0]);
                }
                need_operator = true;
            }
            c if c.is_whitespace() => {}
            _ => {
                let mut word = String::from(c);
                while let Some(&n) = chars.peek() {
                    if n.is_whitespace() || n == '"' {
                        break;
                    }
                    word.push(n);
                    chars.next();
                }
                match word.as_str() {
                    "OR" => {
                        out.push_str(" | ");
                        need_operator = false;
                    }
                    "NOT" => {
                        out.push_str(" & !");
                        need_operator = false;
                    }
                    _ => {}
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::to_tsquery;

    #[test]
    fn fts5_queries_become_tsqueries() {
        assert_eq!(to_tsquery("\"sanctions\" \"russia\""), "'sanctions' & 'russia'");
        assert_eq!(to_tsquery("\"peace talks\" OR \"ceasefire\"*"), "('peace' <-> 'talks') | 'ceasefire':*");
        assert_eq!(to_tsquery("\"strike\" NOT \"drill\""), "'strike' & !'drill'");
    }
}
