//! Dates as pages and pasted texts write them: ISO stamps, `2025/06/02`, `28.04.2025`,
//! `June 2, 2025`, `2 June 2025`, `Jun. 2 2025`, and relative ones ("2 days ago").

use chrono::{Duration, NaiveDate};
use regex::Regex;

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

fn month_number(name: &str) -> Option<u32> {
    let n = name.trim_end_matches('.').to_lowercase();
    MONTHS.iter().find(|(m, _)| *m == n).map(|(_, v)| *v)
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    // Years outside the web's lifetime are misreadings (phone numbers, ids).
    if !(1990..=2100).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Compiled date patterns; built once per extractor and passed along.
pub(crate) struct DatePatterns {
    iso: Regex,
    dotted: Regex,
    month_first: Regex,
    day_first: Regex,
    relative: Regex,
    url: Regex,
}

impl DatePatterns {
    pub(crate) fn new() -> Self {
        let month = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?";
        let re = |s: &str| Regex::new(s).expect("date pattern compiles");
        Self {
            iso: re(r"\b(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\b|T)"),
            dotted: re(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b"),
            month_first: re(&format!(r"(?i)\b{month}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")),
            day_first: re(&format!(r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{month},?\s+(\d{{4}})\b")),
            // No word boundary before the number: pasted pages glue it to a label ("Al Jazeera2 days ago").
            relative: re(
                r"(?i)(?:(\d{1,3}|\ban?|\bone)\s*(sec(?:ond)?s?|min(?:ute)?s?|h(?:ou)?rs?|hours?|days?|weeks?|months?)\s+ago\b|\b(yesterday|today)\b)",
            ),
            url: re(r"/((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)"),
        }
    }

    /// The first absolute date in `s`, with its byte span.
    pub(crate) fn find(&self, s: &str) -> Option<(NaiveDate, usize, usize)> {
        self.find_all(s).into_iter().min_by_key(|&(_, start, _)| start)
    }

    /// Every absolute date in `s` (day, month and year all written), with byte spans,
    /// in no particular order.
    pub(crate) fn find_all(&self, s: &str) -> Vec<(NaiveDate, usize, usize)> {
        let mut all: Vec<(NaiveDate, usize, usize)> = Vec::new();
        let mut consider = |d: Option<NaiveDate>, start: usize, end: usize| {
            if let Some(d) = d {
                all.push((d, start, end));
            }
        };
        for c in self.iso.captures_iter(s) {
            let m = c.get(0).map_or((0, 0), |m| (m.start(), m.end()));
            consider(ymd(num(&c, 1), num(&c, 2) as u32, num(&c, 3) as u32), m.0, m.1);
        }
        for c in self.dotted.captures_iter(s) {
            let m = c.get(0).map_or((0, 0), |m| (m.start(), m.end()));
            // Day first (28.04.2025) as Europe and most news sites write it; month first
            // only when the first number cannot be a month's day order otherwise.
            let (a, b, y) = (num(&c, 1) as u32, num(&c, 2) as u32, num(&c, 3));
            let d = if b > 12 { ymd(y, a, b) } else { ymd(y, b, a) };
            consider(d, m.0, m.1);
        }
        for c in self.month_first.captures_iter(s) {
            let m = c.get(0).map_or((0, 0), |m| (m.start(), m.end()));
            let month = c.get(1).and_then(|x| month_number(x.as_str()));
            consider(month.and_then(|mo| ymd(num(&c, 3), mo, num(&c, 2) as u32)), m.0, m.1);
        }
        for c in self.day_first.captures_iter(s) {
            let m = c.get(0).map_or((0, 0), |m| (m.start(), m.end()));
            let month = c.get(2).and_then(|x| month_number(x.as_str()));
            consider(month.and_then(|mo| ymd(num(&c, 3), mo, num(&c, 1) as u32)), m.0, m.1);
        }
        all
    }

    /// Whether `s` holds a relative stamp ("2 days ago", "yesterday").
    pub(crate) fn has_relative(&self, s: &str) -> bool {
        self.relative.is_match(s)
    }

    /// A relative date ("2 days ago", "yesterday") in `s`, resolved against `reference`.
    pub(crate) fn find_relative(&self, s: &str, reference: NaiveDate) -> Option<(NaiveDate, usize, usize)> {
        let c = self.relative.captures(s)?;
        let m = c.get(0)?;
        if let Some(word) = c.get(3) {
            let back = if word.as_str().eq_ignore_ascii_case("yesterday") { 1 } else { 0 };
            return Some((reference - Duration::days(back), m.start(), m.end()));
        }
        let n: i64 = match c.get(1)?.as_str().to_lowercase().as_str() {
            "a" | "an" | "one" => 1,
            digits => digits.parse().ok()?,
        };
        let unit = c.get(2)?.as_str().to_lowercase();
        let days = if unit.starts_with('d') {
            n
        } else if unit.starts_with('w') {
            n * 7
        } else if unit.starts_with("mo") {
            n * 30
        } else if unit.starts_with('h') {
            n / 24
        } else {
            0
        };
        Some((reference - Duration::days(days), m.start(), m.end()))
    }

    /// A date written into a URL path: `/2025/06/02/`, `/2025-06-02-`, `/20250602/`.
    pub(crate) fn in_url(&self, url: &str) -> Option<NaiveDate> {
        let c = self.url.captures(url)?;
        ymd(num(&c, 1), num(&c, 2) as u32, num(&c, 3) as u32)
    }
}

/// The latest full date an article reports as past: the article cannot be older, so it
/// bounds the publication from below. Dates in a sentence that looks ahead ("will",
/// "scheduled for", "until") and dates after `retrieved` are not reports.
pub(crate) fn latest_reported(dates: &DatePatterns, text: &str, retrieved: Option<NaiveDate>) -> Option<NaiveDate> {
    let mut latest: Option<NaiveDate> = None;
    for sentence in rough_sentences(text) {
        let lower = sentence.to_lowercase();
        let ahead = FUTURE_MARKERS.iter().any(|m| lower.split(|c: char| !c.is_alphanumeric()).any(|w| w == *m));
        if ahead {
            continue;
        }
        for (d, _, _) in dates.find_all(sentence) {
            if retrieved.is_none_or(|r| d <= r) && latest.is_none_or(|l| d > l) {
                latest = Some(d);
            }
        }
    }
    latest
}

/// Sentences, roughly: cut at line ends and at a space after `.`, `!` or `?` that a
/// capital letter follows (so "Jun. 2 2025" and "28.04.2025" stay whole).
fn rough_sentences(text: &str) -> impl Iterator<Item = &str> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut start = 0;
    let mut cuts = Vec::new();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let after_stop = k > 0 && matches!(chars[k - 1].1, '.' | '!' | '?');
        let capital_next = chars.get(k + 1).is_some_and(|&(_, n)| n.is_uppercase() || n == '"' || n == '“');
        if c == '\n' || (c == ' ' && after_stop && capital_next) {
            cuts.push((start, i));
            start = i + c.len_utf8();
        }
    }
    cuts.push((start, text.len()));
    cuts.into_iter().map(move |(a, b)| &text[a..b])
}

/// Words that make a sentence's dates plans or deadlines rather than reports.
const FUTURE_MARKERS: &[&str] = &[
    "will",
    "shall",
    "scheduled",
    "due",
    "until",
    "till",
    "deadline",
    "expected",
    "planned",
    "upcoming",
    "next",
    "expires",
];

fn num(c: &regex::Captures, i: usize) -> i32 {
    c.get(i).and_then(|m| m.as_str().parse().ok()).unwrap_or(0)
}

/// Parse one date written in any of the supported absolute forms
/// (`2025-06-02T10:00:00Z`, `2025/06/02`, `28.04.2025`, `June 2, 2025`, `2 June 2025`).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    DatePatterns::new().find(s).map(|(d, _, _)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn absolute_forms() {
        assert_eq!(parse_date("2025-06-02T10:15:00+02:00"), Some(d(2025, 6, 2)));
        assert_eq!(parse_date("2025/06/02"), Some(d(2025, 6, 2)));
        assert_eq!(parse_date("Published 28.04.2025 at 10:00"), Some(d(2025, 4, 28)));
        assert_eq!(parse_date("June 2, 2025"), Some(d(2025, 6, 2)));
        assert_eq!(parse_date("Updated: Jun. 2nd 2025"), Some(d(2025, 6, 2)));
        assert_eq!(parse_date("on 2 June 2025 in Kyiv"), Some(d(2025, 6, 2)));
        assert_eq!(parse_date("Tuesday 14th of January, 2025"), Some(d(2025, 1, 14)));
        assert_eq!(parse_date("no date here"), None);
        assert_eq!(parse_date("31.02.2025"), None, "impossible day");
        assert_eq!(parse_date("call 1234-56-78"), None);
    }

    #[test]
    fn latest_reported_date_bounds_publication() {
        let p = DatePatterns::new();
        let text = "On February 12, 2025, the two leaders spoke. Talks began on 3 January 2025.\nA summit will take place on March 30, 2025.";
        assert_eq!(latest_reported(&p, text, None), Some(d(2025, 2, 12)));
        // nothing after the retrieval day counts
        assert_eq!(latest_reported(&p, text, Some(d(2025, 1, 10))), Some(d(2025, 1, 3)));
        assert_eq!(latest_reported(&p, "No dates at all, only June 2.", None), None);
    }

    #[test]
    fn earliest_in_text_wins() {
        let p = DatePatterns::new();
        let (date, start, _) = p.find("Posted March 3, 2025; updated 2025-03-05").unwrap();
        assert_eq!(date, d(2025, 3, 3));
        assert_eq!(start, 7);
    }

    #[test]
    fn relative_forms() {
        let p = DatePatterns::new();
        let r = d(2025, 5, 10);
        assert_eq!(p.find_relative("Al Jazeera2 days ago", r).map(|x| x.0), Some(d(2025, 5, 8)));
        assert_eq!(p.find_relative("3 hours ago", r).map(|x| x.0), Some(r));
        assert_eq!(p.find_relative("a week ago", r).map(|x| x.0), Some(d(2025, 5, 3)));
        assert_eq!(p.find_relative("Yesterday", r).map(|x| x.0), Some(d(2025, 5, 9)));
        assert_eq!(p.find_relative("nothing relative", r), None);
    }

    #[test]
    fn url_dates() {
        let p = DatePatterns::new();
        assert_eq!(p.in_url("https://x.com/2025/06/02/story"), Some(d(2025, 6, 2)));
        assert_eq!(p.in_url("https://x.com/news/2019-11-18-title"), Some(d(2019, 11, 18)));
        assert_eq!(p.in_url("https://x.com/a/20191118/b"), Some(d(2019, 11, 18)));
        assert_eq!(p.in_url("https://x.com/2019/11/story"), None);
    }
}
