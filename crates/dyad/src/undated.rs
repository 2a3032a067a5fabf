//! The summary of what could not be dated: articles without a publication date and
//! events without a date, naming the first few articles, for `ingest` and `code`.

use dyad_doc::Document;

/// How many articles to name in the summary line.
const NAMED: usize = 3;

#[derive(Debug, Default)]
pub struct Undated {
    articles: usize,
    undated_articles: usize,
    events: usize,
    undated_events: usize,
    named: Vec<String>,
}

impl Undated {
    /// Counts one coded article.
    pub fn add(&mut self, doc: &Document) {
        self.articles += 1;
        self.events += doc.events.len();
        self.undated_events += doc.events.iter().filter(|e| e.date.is_none()).count();
        if doc.meta.published.is_none() {
            self.undated_articles += 1;
            if self.named.len() < NAMED {
                self.named.push(doc.origin.clone());
            }
        }
    }

    /// Events coded from the counted articles, and how many of them have no date.
    pub fn events(&self) -> (usize, usize) {
        (self.events, self.undated_events)
    }

    pub fn is_clean(&self) -> bool {
        self.undated_articles == 0 && self.undated_events == 0
    }

    /// The warning line, or `None` when everything is dated.
    pub fn line(&self) -> Option<String> {
        if self.is_clean() {
            return None;
        }
        let mut line = format!(
            "{} of {} articles have no publication date, {} of {} events have no date",
            self.undated_articles, self.articles, self.undated_events, self.events
        );
        if !self.named.is_empty() {
            let more = if self.undated_articles > self.named.len() { ", ..." } else { "" };
            line += &format!(" (undated: {}{more})", self.named.join(", "));
        }
        line += "; give --published or --retrieved to date them";
        Some(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_names_the_undated() {
        let mut u = Undated::default();
        let mut dated = Document { origin: "a.txt".into(), ..Default::default() };
        dated.meta.published = chrono::NaiveDate::from_ymd_opt(2025, 1, 2);
        u.add(&dated);
        assert!(u.is_clean());
        assert_eq!(u.line(), None);
        u.add(&Document { origin: "b.txt".into(), ..Default::default() });
        let line = u.line().unwrap();
        assert!(line.starts_with("1 of 2 articles have no publication date, 0 of 0 events"), "{line}");
        assert!(line.contains("(undated: b.txt)"), "{line}");
    }
}
