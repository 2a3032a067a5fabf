//! The GDELT 2.0 event table: 61 tab-separated columns per event, no header, as GDELT's
//! own files (`*.export.CSV`) and the tools that read them expect.
//!
//! - Every row is dated (GDELT has no undated events): an undated event is left out and
//!   counted, or, with [`UndatedPolicy::Publication`], dated by its article's publication
//!   day when the article has one.
//! - `IsRootEvent` is 1 for events in the article's lead paragraph (see [`lead_end`]), as
//!   GDELT flags events of the lead as the most important.
//! - `SOURCEURL` is the article's URL, or a `file://` URI of the file it was read from.
//! - Multinational bodies carry GDELT's CAMEO codes (`NATO` → `IGOWSTNAT`, known group
//!   `NAT`, type `IGO`), from `data/gdelt_igo.txt`.
//! - Columns dyad has no value for stay empty: ethnic and religion codes, `AvgTone`, the
//!   FIPS country and ADM codes of the geography columns, feature ids.

use crate::cluster::coverage_by_event;
use crate::export::{for_each_event, io_err, ExportRow};
use crate::filter::EventFilter;
use crate::{Error, Result};
use chrono::{Datelike, NaiveDate};
use dyad_doc::EventActor;
use dyad_store::{Db, DbError};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

/// The number of columns of a GDELT 2.0 event record.
pub const COLUMNS: usize = 61;

/// What to do with an event that has no date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum UndatedPolicy {
    /// Leave it out (GDELT has no undated events) and count it.
    #[default]
    Skip,
    /// Date it by its article's publication day; leave it out when that is unknown too.
    Publication,
}

/// What [`write_gdelt`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GdeltStats {
    pub written: u64,
    /// Events left out for want of a date.
    pub undated: u64,
}

/// One multinational body as GDELT codes it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Igo {
    code: String,
    known_group: Option<String>,
    name: String,
}

/// dyad's codes of multinational bodies mapped to GDELT's.
#[derive(Debug, Clone, Default)]
pub struct IgoCodes {
    by_code: HashMap<String, Igo>,
}

impl IgoCodes {
    /// The table compiled into dyad (`data/gdelt_igo.txt`).
    pub fn builtin() -> Result<IgoCodes> {
        IgoCodes::parse(include_str!("../data/gdelt_igo.txt"))
            .map_err(|message| Error::invalid("gdelt_igo.txt", message))
    }

    /// Lines of `DYAD-CODE GDELT-CODE KNOWN-GROUP|- NAME...`; `#` starts a comment.
    pub fn parse(text: &str) -> std::result::Result<IgoCodes, String> {
        let mut by_code = HashMap::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let mut parts = line.split_whitespace();
            let (Some(ours), Some(code), Some(group)) = (parts.next(), parts.next(), parts.next()) else {
                return Err(format!("line {}: expected CODE GDELT-CODE GROUP NAME", n + 1));
            };
            let name = parts.collect::<Vec<_>>().join(" ");
            if name.is_empty() {
                return Err(format!("line {}: no name", n + 1));
            }
            let igo = Igo { code: code.to_string(), known_group: (group != "-").then(|| group.to_string()), name };
            if by_code.insert(ours.to_string(), igo).is_some() {
                return Err(format!("line {}: {ours} listed twice", n + 1));
            }
        }
        Ok(IgoCodes { by_code })
    }

    /// The body an actor code without a country stands for, and the rest of the code
    /// (its role, e.g. `MIL`).
    fn lookup<'a>(&self, code: &'a str) -> Option<(&Igo, &'a str)> {
        (1..=code.len())
            .rev()
            .filter(|&n| code.is_char_boundary(n))
            .find_map(|n| self.by_code.get(&code[..n]).map(|igo| (igo, &code[n..])))
    }
}

/// Byte offset of the end of the article's lead paragraph: the first paragraph (lines
/// separated by a blank line, or single lines when the text has no blank lines) that
/// reads as prose — 60 characters or more, with a sentence's end. Headlines, datelines
/// and bylines before it are shorter or unpunctuated. A text without such a paragraph is
/// all lead.
pub fn lead_end(text: &str) -> usize {
    let blank_separated = text.contains("\n\n") || text.contains("\r\n\r\n");
    let mut start = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let end = offset + line.len();
        let is_break = line.trim().is_empty();
        if is_break || !blank_separated {
            let para_end = if is_break { offset } else { end };
            if is_prose(&text[start..para_end]) {
                return para_end;
            }
            start = end;
        }
        offset = end;
    }
    text.len()
}

fn is_prose(paragraph: &str) -> bool {
    let p = paragraph.trim();
    p.chars().count() >= 60 && (p.contains(". ") || p.ends_with(['.', '!', '?', '"', '\u{201d}']))
}

/// The lead paragraph's end for every article with an event matching `filter`.
fn lead_ends(db: &mut Db<'_>, filter: &EventFilter) -> Result<HashMap<i64, usize>> {
    let (where_sql, params) = filter.where_clause(db.dialect());
    let sql = format!("SELECT id, text FROM articles WHERE id IN (SELECT article_id FROM events WHERE {where_sql})");
    let mut out = HashMap::new();
    db.for_each::<DbError>(&sql, &params, |r| {
        let text: String = r.get(1)?;
        out.insert(r.get(0)?, lead_end(&text));
        Ok(())
    })?;
    Ok(out)
}

/// `file://` URI of an origin (`path`, `path:line`, `path#record-3`); relative paths are
/// taken from the working directory.
pub fn file_uri(origin: &str) -> String {
    let (path, fragment) = split_origin(origin);
    let path = Path::new(path);
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map(|d| d.join(path)).unwrap_or_else(|_| path.to_path_buf())
    };
    let absolute = absolute.canonicalize().unwrap_or(absolute);
    let mut uri = String::from("file://");
    for b in absolute.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~') {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    if let Some(fragment) = fragment {
        uri.push('#');
        uri.push_str(&fragment);
    }
    uri
}

/// The file part of an origin and a fragment naming the record in it.
fn split_origin(origin: &str) -> (&str, Option<String>) {
    if let Some((path, record)) = origin.rsplit_once('#') {
        if record.starts_with("record-") {
            return (path, Some(record.to_string()));
        }
    }
    if let Some((path, line)) = origin.rsplit_once(':') {
        if !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit()) {
            return (path, Some(format!("line-{line}")));
        }
    }
    (origin, None)
}

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// The ten actor columns: code, name, country, known group, ethnic, two religions, three types.
fn actor_columns(actor: &EventActor, igo: &IgoCodes) -> [String; 10] {
    let mut f: [String; 10] = Default::default();
    let name = actor.name.clone().unwrap_or_else(|| actor.text.clone());
    let roles = |rest: &str| -> Vec<String> {
        rest.as_bytes().chunks(3).map(|c| String::from_utf8_lossy(c).into_owned()).collect()
    };
    // dyad gives a multinational body its own code as country (`ECOWAS`, `AFU`): GDELT none.
    let body = igo.lookup(&actor.code).filter(|_| actor.country.as_deref().is_none_or(|c| igo.by_code.contains_key(c)));
    match (actor.country.as_deref(), body) {
        (_, Some((body, rest))) => {
            f[0] = format!("{}{rest}", body.code);
            f[1] = body.name.clone();
            f[3] = body.known_group.clone().unwrap_or_default();
            f[7] = "IGO".into();
            for (slot, role) in roles(rest).into_iter().take(2).enumerate() {
                f[8 + slot] = role;
            }
        }
        (country, _) => {
            f[0] = actor.code.clone();
            f[1] = clean(&name).to_uppercase();
            f[2] = country.unwrap_or_default().to_string();
            let sector = actor.sector.clone().unwrap_or_default();
            for (slot, role) in roles(&sector).into_iter().take(3).enumerate() {
                f[7 + slot] = role;
            }
        }
    }
    f
}

/// One event as GDELT's 61 columns, dated `date`.
fn record(row: &ExportRow, date: NaiveDate, root: bool, coverage: crate::Coverage, igo: &IgoCodes) -> Vec<String> {
    let e = &row.event;
    let mut f: Vec<String> = vec![String::new(); COLUMNS];
    f[0] = row.id.to_string();
    f[1] = date.format("%Y%m%d").to_string();
    f[2] = date.format("%Y%m").to_string();
    f[3] = date.year().to_string();
    let days_in_year =
        if NaiveDate::from_ymd_opt(date.year(), 12, 31).is_some_and(|d| d.ordinal() == 366) { 366.0 } else { 365.0 };
    f[4] = format!("{:.4}", f64::from(date.year()) + f64::from(date.ordinal0()) / days_in_year);
    for (base, actor) in [(5, &e.source), (15, &e.target)] {
        for (i, v) in actor_columns(actor, igo).into_iter().enumerate() {
            f[base + i] = v;
        }
    }
    f[25] = if root { "1" } else { "0" }.into();
    f[26] = e.cameo.clone();
    f[27] = e.cameo.chars().take(3).collect();
    f[28] = e.root.clone();
    f[29] = e.quad_class.to_string();
    f[30] = e.goldstein.to_string();
    f[31] = coverage.reports.to_string();
    f[32] = coverage.outlets.to_string();
    f[33] = coverage.articles.to_string();
    if let Some(loc) = &e.location {
        // ActionGeo: type 4 (world city) is the closest of GDELT's types to a named place.
        f[51] = "4".into();
        f[52] = clean(&loc.name);
        f[56] = loc.lat.map(|x| x.to_string()).unwrap_or_default();
        f[57] = loc.lon.map(|x| x.to_string()).unwrap_or_default();
    }
    f[59] = row.ingested_at.chars().filter(|c| c.is_ascii_digit()).take(14).collect();
    f[60] = match row.url.as_deref().filter(|u| !u.trim().is_empty()) {
        Some(url) => clean(url),
        None => file_uri(&row.origin),
    };
    f
}

/// Writes every event matching `filter` as GDELT 2.0 records to `out`.
pub fn write_gdelt(
    db: &mut Db<'_>,
    filter: &EventFilter,
    undated: UndatedPolicy,
    out: &mut impl Write,
) -> Result<GdeltStats> {
    let igo = IgoCodes::builtin()?;
    let coverage = coverage_by_event(db, filter)?;
    let leads = lead_ends(db, filter)?;
    let mut stats = GdeltStats::default();
    let fail = io_err(Path::new("output"));
    for_each_event(db, filter, None, |row| {
        let date = match (row.event.date, undated) {
            (Some(d), _) => Some(d),
            (None, UndatedPolicy::Publication) => row.published,
            (None, UndatedPolicy::Skip) => None,
        };
        let Some(date) = date else {
            stats.undated += 1;
            return Ok(());
        };
        let root = leads.get(&row.article_id).is_none_or(|&end| row.event.span.0 < end);
        let c = coverage.get(&row.id).copied().unwrap_or_default();
        let line = record(&row, date, root, c, &igo).join("\t");
        out.write_all(line.as_bytes()).map_err(&fail)?;
        out.write_all(b"\n").map_err(&fail)?;
        stats.written += 1;
        Ok(())
    })?;
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_table_loads_and_maps_bodies() {
        let igo = IgoCodes::builtin().unwrap();
        let (nato, rest) = igo.lookup("NATOMIL").unwrap();
        assert_eq!((nato.code.as_str(), nato.known_group.as_deref(), rest), ("IGOWSTNAT", Some("NAT"), "MIL"));
        assert_eq!(igo.lookup("UNO").unwrap().0.code, "IGOUNO");
        assert_eq!(igo.lookup("ECOWAS").unwrap().0.known_group.as_deref(), Some("WAS"));
        assert_eq!(igo.lookup("BRICS").unwrap().0.known_group, None);
        assert!(igo.lookup("USA").is_none());
        assert!(IgoCodes::parse("UNO IGOUNO\n").is_err());
        assert!(IgoCodes::parse("UNO IGOUNO UNO A\nUNO IGOUNO UNO B\n").is_err());
    }

    #[test]
    fn the_lead_is_the_first_paragraph_of_prose() {
        let text = "Talks resume in Geneva\n\nBy A. Writer\n\nGENEVA — Negotiators from both countries met on Monday to resume talks. They agreed to meet again.\n\nLater, more.";
        let end = lead_end(text);
        assert!(text[..end].trim_end().ends_with("meet again."), "{:?}", &text[..end]);
        // One paragraph a line when no blank line separates them.
        let lines = "Headline here\nThe minister said on Tuesday that the sanctions would stay in place for a year.\nSecond paragraph.";
        assert!(lines[..lead_end(lines)].ends_with("year.\n"));
        assert_eq!(lead_end("short"), 5);
    }

    #[test]
    fn origins_become_file_uris() {
        assert_eq!(file_uri("/data/a b.txt"), "file:///data/a%20b.txt");
        assert_eq!(file_uri("/data/x.jsonl:12"), "file:///data/x.jsonl#line-12");
        assert_eq!(file_uri("/data/c.warc.gz#record-3"), "file:///data/c.warc.gz#record-3");
        assert!(file_uri("rel/a.txt").starts_with("file:///"));
    }

    #[test]
    fn actors_take_gdelt_columns() {
        let igo = IgoCodes::builtin().unwrap();
        let nato = EventActor { code: "NATO".into(), text: "NATO".into(), ..Default::default() };
        let f = actor_columns(&nato, &igo);
        assert_eq!(
            (f[0].as_str(), f[1].as_str(), f[2].as_str(), f[3].as_str(), f[7].as_str()),
            ("IGOWSTNAT", "NATO", "", "NAT", "IGO")
        );
        let rus = EventActor {
            code: "RUSGOV".into(),
            text: "the Kremlin".into(),
            country: Some("RUS".into()),
            sector: Some("GOV".into()),
            ..Default::default()
        };
        let f = actor_columns(&rus, &igo);
        assert_eq!(
            (f[0].as_str(), f[1].as_str(), f[2].as_str(), f[7].as_str()),
            ("RUSGOV", "THE KREMLIN", "RUS", "GOV")
        );
    }
}
