//! Date expressions in a sentence, resolved against the publication date.

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};
use dyad_doc::{DateBasis, Metadata};

/// A date expression found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct DateMention {
    /// Token indices (0-based) of the expression.
    pub first: usize,
    pub last: usize,
    /// Resolved day, when the text and the publication date fix one.
    pub date: Option<NaiveDate>,
    pub basis: DateBasis,
    /// Normalised words ("june 2", "friday"): tells apart events on different days even
    /// when no publication date is known.
    pub key: String,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

fn month_of(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if let Some(i) = MONTHS.iter().position(|m| *m == w) {
        return Some(i as u32 + 1);
    }
    const ABBREV: [&str; 12] = ["jan", "feb", "mar", "apr", "", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    ABBREV.iter().position(|a| !a.is_empty() && (*a == w || (w == "sept" && *a == "sep"))).map(|i| i as u32 + 1)
}

fn day_of(word: &str) -> Option<u32> {
    let w = word.trim_end_matches(|c: char| c.is_ascii_alphabetic()); // 2nd, 21st
    let d: u32 = w.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

fn year_of(word: &str) -> Option<i32> {
    let y: i32 = word.parse().ok()?;
    (word.len() == 4 && (1900..=2100).contains(&y)).then_some(y)
}

fn number_word(word: &str) -> Option<i64> {
    let w = word.to_lowercase();
    if let Ok(n) = w.parse::<i64>() {
        return (0..1000).contains(&n).then_some(n);
    }
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
        .iter()
        .position(|n| *n == w)
        .map(|n| n as i64)
        .or_else(|| matches!(w.as_str(), "a" | "an").then_some(1))
}

/// What an article's dates are resolved against.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Reference {
    /// The publication day, if known.
    pub day: Option<NaiveDate>,
    /// `day` is only a lower bound (publication basis `inferred`: the latest date the
    /// article reports): relative expressions ("yesterday") cannot be resolved against it.
    pub lower_bound_only: bool,
}

impl Reference {
    pub fn of(meta: &Metadata) -> Self {
        Reference { day: meta.published, lower_bound_only: meta.published_basis.as_deref() == Some("inferred") }
    }

    /// The publication day when it is known exactly.
    pub fn exact(&self) -> Option<NaiveDate> {
        self.day.filter(|_| !self.lower_bound_only)
    }

    /// The year of a day and month written without one.
    fn year_for(&self, month: u32, day: u32) -> Option<NaiveDate> {
        let p = self.day?;
        if !self.lower_bound_only {
            return infer_year(month, day, p);
        }
        // Only a lower bound: the year is clear when the day lies in the month up to it
        // (reported alongside the dated event); other days could be in more than one year.
        let d = infer_year(month, day, p)?;
        ((p - d).num_days() <= 31).then_some(d)
    }
}

/// An event's date, basis and key from the date expression that governs it, if any:
/// the expression's day when resolved, else the exact publication day when there is no
/// expression, else none (a date the text does not fix is not made up).
pub fn event_date(mention: Option<&DateMention>, reference: Reference) -> (Option<NaiveDate>, DateBasis, String) {
    match mention {
        Some(m) if m.date.is_some() => (m.date, m.basis, m.key.clone()),
        Some(m) => (None, DateBasis::Publication, m.key.clone()),
        None => (reference.exact(), DateBasis::Publication, String::new()),
    }
}

/// The year for a day and month given without one: the latest such date no more than a
/// week after publication (news reports the past, and announces the coming days).
fn infer_year(month: u32, day: u32, published: NaiveDate) -> Option<NaiveDate> {
    let this = NaiveDate::from_ymd_opt(published.year(), month, day)?;
    if this > published + Duration::days(7) {
        NaiveDate::from_ymd_opt(published.year() - 1, month, day)
    } else {
        Some(this)
    }
}

fn last_weekday_on_or_before(day: NaiveDate, wd: Weekday) -> NaiveDate {
    let back = (day.weekday().num_days_from_monday() + 7 - wd.num_days_from_monday()) % 7;
    day - Duration::days(back as i64)
}

/// Finds the date expressions among `forms` (the sentence's token forms), against an
/// exactly known publication day.
pub fn find(forms: &[&str], published: Option<NaiveDate>) -> Vec<DateMention> {
    find_with(forms, Reference { day: published, lower_bound_only: false })
}

/// Finds the date expressions among `forms` (the sentence's token forms).
pub fn find_with(forms: &[&str], reference: Reference) -> Vec<DateMention> {
    let published = reference.exact();
    let lower: Vec<String> = forms.iter().map(|f| f.to_lowercase()).collect();
    let w = |i: usize| lower.get(i).map(|s| s.as_str()).unwrap_or("");
    let mut out = Vec::new();
    let mut i = 0;
    while i < lower.len() {
        let mut found: Option<DateMention> = None;
        if let Some(m) = month_of(forms[i]).filter(|_| forms[i].chars().next().is_some_and(|c| c.is_uppercase())) {
            // "February 12, 2025" / "June 2"
            if let Some(d) = day_of(w(i + 1)) {
                let (year, last) = if w(i + 2) == "," && year_of(w(i + 3)).is_some() {
                    (year_of(w(i + 3)), i + 3)
                } else if year_of(w(i + 2)).is_some() {
                    (year_of(w(i + 2)), i + 2)
                } else {
                    (None, i + 1)
                };
                let date = match year {
                    Some(y) => NaiveDate::from_ymd_opt(y, m, d),
                    None => reference.year_for(m, d),
                };
                found = Some(DateMention {
                    first: i,
                    last,
                    date,
                    basis: DateBasis::Explicit,
                    key: format!("{} {d}", MONTHS[m as usize - 1]),
                });
            }
        } else if let Some(d) = day_of(w(i)).filter(|_| i + 1 < lower.len()) {
            // "2 June 2025"
            if let Some(m) =
                month_of(forms[i + 1]).filter(|_| forms[i + 1].chars().next().is_some_and(|c| c.is_uppercase()))
            {
                let year = year_of(w(i + 2));
                let last = if year.is_some() { i + 2 } else { i + 1 };
                let date = match year {
                    Some(y) => NaiveDate::from_ymd_opt(y, m, d),
                    None => reference.year_for(m, d),
                };
                found = Some(DateMention {
                    first: i,
                    last,
                    date,
                    basis: DateBasis::Explicit,
                    key: format!("{} {d}", MONTHS[m as usize - 1]),
                });
            }
        }
        if found.is_none() {
            let rel = |date: Option<NaiveDate>, last: usize, key: &str| DateMention {
                first: i,
                last,
                date,
                basis: DateBasis::Relative,
                key: key.to_string(),
            };
            let word = w(i);
            let dated_after = |k: usize| {
                month_of(forms.get(k).copied().unwrap_or("")).is_some()
                    || day_of(w(k)).is_some() && month_of(forms.get(k + 1).copied().unwrap_or("")).is_some()
            };
            if WEEKDAYS.iter().any(|(n, _)| *n == word) && (dated_after(i + 1) || w(i + 1) == "," && dated_after(i + 2))
            {
                // "Friday, March 29": the explicit date that follows says it
                i += 1;
                continue;
            }
            if let Some(&(name, wd)) = WEEKDAYS.iter().find(|(n, _)| *n == word) {
                // "on Friday", "Friday's attacks", "last Friday"
                let date = published.map(|p| {
                    let d = last_weekday_on_or_before(p, wd);
                    if i > 0 && w(i - 1) == "last" && d == p {
                        d - Duration::days(7)
                    } else {
                        d
                    }
                });
                found = Some(rel(date, i, name));
            } else if word == "yesterday" {
                found = Some(rel(published.map(|p| p - Duration::days(1)), i, word));
            } else if word == "today" || word == "tonight" {
                found = Some(rel(published, i, word));
            } else if word == "last" || word == "past" {
                let unit = w(i + 1);
                let date = published.and_then(|p| match unit {
                    "night" => Some(p - Duration::days(1)),
                    "week" => Some(p - Duration::days(7)),
                    "weekend" => {
                        let sat = last_weekday_on_or_before(p - Duration::days(1), Weekday::Sat);
                        Some(if (p - sat).num_days() < 2 { sat - Duration::days(7) } else { sat })
                    }
                    "month" => p.checked_sub_months(Months::new(1)),
                    "year" => p.checked_sub_months(Months::new(12)),
                    _ => None,
                });
                if matches!(unit, "night" | "week" | "weekend" | "month" | "year") {
                    found = Some(rel(date, i + 1, &format!("last {unit}")));
                }
            } else if let Some(n) = number_word(word) {
                // "three years ago"
                let unit = w(i + 1).trim_end_matches('s').to_string();
                if w(i + 2) == "ago" {
                    let date = published.and_then(|p| match unit.as_str() {
                        "day" => Some(p - Duration::days(n)),
                        "week" => Some(p - Duration::days(7 * n)),
                        "month" => p.checked_sub_months(Months::new(n as u32)),
                        "year" => p.checked_sub_months(Months::new(12 * n as u32)),
                        _ => None,
                    });
                    if matches!(unit.as_str(), "day" | "week" | "month" | "year") {
                        found = Some(rel(date, i + 2, &format!("{n} {unit} ago")));
                    }
                }
            }
        }
        match found {
            Some(m) => {
                i = m.last + 1;
                out.push(m);
            }
            None => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        s.split_whitespace().collect()
    }
    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn explicit_dates() {
        let pub_ = d(2024, 3, 10);
        let f = find(&toks("On March 3 , 2023 the ministers met"), pub_);
        assert_eq!((f[0].date, f[0].basis), (d(2023, 3, 3), DateBasis::Explicit));
        let f = find(&toks("talks held on 14 February"), pub_);
        assert_eq!(f[0].date, d(2024, 2, 14));
        // a day and month after publication belongs to the year before
        let f = find(&toks("the December 20 summit"), pub_);
        assert_eq!(f[0].date, d(2023, 12, 20));
        assert_eq!(f[0].key, "december 20");
        // no publication date: no year, but the day still tells events apart
        let f = find(&toks("on July 4"), None);
        assert_eq!((f[0].date, f[0].key.as_str()), (None, "july 4"));
        // "may" the modal is not a month
        assert!(find(&toks("they may 2 meet"), pub_).is_empty());
    }

    #[test]
    fn inferred_publication_bounds_only() {
        // the article's latest reported date is 2025-02-12: a lower bound, not its day
        let r = Reference { day: d(2025, 2, 12), lower_bound_only: true };
        let f = find_with(&toks("the vote yesterday"), r);
        assert_eq!(f[0].date, None, "relative to a bound is unknown");
        let f = find_with(&toks("talks on 3 February"), r);
        assert_eq!(f[0].date, d(2025, 2, 3));
        let f = find_with(&toks("talks on 3 September"), r);
        assert_eq!(f[0].date, None, "September of which year?");
        assert_eq!(event_date(None, r).0, None);
        let exact = Reference { day: d(2025, 2, 12), lower_bound_only: false };
        assert_eq!(event_date(None, exact), (d(2025, 2, 12), DateBasis::Publication, String::new()));
        // a weekday before an explicit date does not make a second expression
        let f = find(&toks("On Friday , March 29 , the ministry"), d(2024, 3, 30));
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].date, f[0].basis), (d(2024, 3, 29), DateBasis::Explicit));
    }

    #[test]
    fn relative_dates() {
        let pub_ = d(2024, 3, 13); // a Wednesday
        let one = |s: &str| find(&toks(s), pub_).first().map(|m| (m.date, m.basis));
        assert_eq!(one("he said yesterday"), Some((d(2024, 3, 12), DateBasis::Relative)));
        assert_eq!(one("troops crossed on Monday"), Some((d(2024, 3, 11), DateBasis::Relative)));
        assert_eq!(one("on Wednesday"), Some((d(2024, 3, 13), DateBasis::Relative)));
        assert_eq!(one("last Wednesday"), Some((d(2024, 3, 6), DateBasis::Relative)));
        assert_eq!(one("a raid last weekend"), Some((d(2024, 3, 9), DateBasis::Relative)));
        assert_eq!(one("signed two years ago"), Some((d(2022, 3, 13), DateBasis::Relative)));
        assert_eq!(one("it began last month"), Some((d(2024, 2, 13), DateBasis::Relative)));
        assert_eq!(one("ten days ago"), Some((d(2024, 3, 3), DateBasis::Relative)));
        assert_eq!(one("nothing here"), None);
    }
}
