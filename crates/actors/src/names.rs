//! Actor codes people can read, and actor names people can type.
//!
//! [`ActorNames::describe`] turns `RUSGOV` into "Russia — government" and `ECOWAS` into
//! "ECOWAS" (its canonical name); [`ActorNames::resolve`] turns "Russia", "russia",
//! "RUS", "Russian government" or "ECOWAS" into a code, with near misses for "did you
//! mean". Both read the actor dictionary, so a user's dictionary names its own actors.

use crate::codes;
use crate::dict::{ActorDictionary, Kind};
use std::collections::HashMap;

/// What each sector code means, as a reader would say it.
const SECTOR_NAMES: &[(&str, &str)] = &[
    ("GOV", "government"),
    ("MIL", "military"),
    ("LEG", "legislature"),
    ("JUD", "judiciary"),
    ("COP", "police"),
    ("OPP", "opposition"),
    ("REB", "rebels"),
    ("CVL", "civilians"),
    ("MED", "media"),
    ("BUS", "business"),
    ("ELI", "former officials"),
    ("PTY", "political party"),
    ("SPY", "intelligence"),
    ("NGO", "NGO"),
    ("IGO", "international body"),
    ("EDU", "education"),
    ("HLH", "health"),
    ("REF", "refugees"),
    ("LAB", "labour"),
    ("CRM", "criminals"),
];

/// Names for codes, and codes for names.
#[derive(Debug, Clone, Default)]
pub struct ActorNames {
    /// Country or body code → canonical name.
    name_of: HashMap<String, String>,
    /// Folded name ("russia", "russian", "ecowas") → code; roles give sectors.
    code_of: HashMap<String, String>,
    sector_of: HashMap<String, String>,
}

fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

impl ActorNames {
    pub fn new(dict: &ActorDictionary) -> Self {
        let mut n = ActorNames::default();
        for e in dict.entries() {
            let Some(code) = e.codes.first().map(|c| c.code.clone()) else {
                continue;
            };
            match e.kind {
                Kind::Country | Kind::Org | Kind::Armed => {
                    // bodies are known by their acronym: "NATO", "ECOWAS"
                    let acronym = e.names.iter().zip(&e.exact).find(|(name, exact)| {
                        **exact && name.len() >= 2 && name.chars().all(|c| c.is_ascii_uppercase())
                    });
                    let shown = match (e.kind, acronym) {
                        (Kind::Org, Some((a, _))) => a.clone(),
                        _ => e.canonical().to_string(),
                    };
                    // "FSB" is one of many bodies coded RUSGOV: such codes read as country and sector
                    if codes::split(&code).1.is_none() {
                        n.name_of.entry(code.clone()).or_insert(shown);
                    }
                    for name in &e.names {
                        n.code_of.entry(fold(name.trim_start_matches('='))).or_insert_with(|| code.clone());
                    }
                }
                Kind::Adjective | Kind::Demonym => {
                    for name in &e.names {
                        n.code_of.entry(fold(name)).or_insert_with(|| code.clone());
                    }
                }
                Kind::Role => {
                    if let Some(sector) = e.sector() {
                        for name in &e.names {
                            n.sector_of.entry(fold(name)).or_insert_with(|| sector.to_string());
                        }
                    }
                }
                _ => {}
            }
        }
        n
    }

    /// "Russia — government" for `RUSGOV`, "Ukraine" for `UKR`, "ECOWAS" for `ECOWAS`;
    /// the code itself when nothing is known of it.
    pub fn describe(&self, code: &str) -> String {
        if let Some(name) = self.name_of.get(code) {
            return name.clone();
        }
        let (country, sector) = codes::split(code);
        let country_name = country.as_deref().and_then(|c| self.name_of.get(c)).cloned();
        let sector_name = sector.as_deref().map(|s| SECTOR_NAMES.iter().find(|(c, _)| *c == s).map_or(s, |(_, n)| n));
        match (country_name, sector_name) {
            (Some(c), Some(s)) => format!("{c} — {s}"),
            (Some(c), None) => c,
            (None, Some(s)) => format!("{} — {s}", country.unwrap_or_else(|| "unknown".into())),
            (None, None) => code.to_string(),
        }
    }

    /// The name of a country or body code alone (`RUS` → "Russia").
    pub fn name(&self, code: &str) -> Option<&str> {
        self.name_of.get(code).map(String::as_str)
    }

    /// The code a user means: a code as typed in any case (`rus`, `RUSGOV`), a country or
    /// body name ("Russia", "ECOWAS"), or an adjective or name with a role ("Russian
    /// government", "Ukraine military"). `Err` holds the nearest known names.
    pub fn resolve(&self, query: &str) -> Result<String, Vec<String>> {
        let q = fold(query);
        if q.is_empty() {
            return Err(Vec::new());
        }
        if let Some(code) = self.code_of.get(&q) {
            return Ok(code.clone());
        }
        let upper = q.to_uppercase().replace(' ', "");
        if self.name_of.contains_key(&upper)
            || self.name_of.contains_key(codes::split(&upper).0.as_deref().unwrap_or("")) && upper.len() == 6
        {
            return Ok(upper);
        }
        // "<country or adjective> <role>": the longest role at the end
        let words: Vec<&str> = q.split(' ').collect();
        for cut in 1..words.len() {
            let (who, role) = (words[..cut].join(" "), words[cut..].join(" "));
            if let (Some(code), Some(sector)) = (self.code_of.get(&who), self.sector_of.get(&role)) {
                if code.len() == 3 {
                    return Ok(format!("{code}{sector}"));
                }
            }
        }
        Err(self.near(&q))
    }

    /// Up to three known names or codes closest to `q` (edit distance at most a third of
    /// its length, and 3).
    fn near(&self, q: &str) -> Vec<String> {
        let limit = (q.chars().count() / 3).clamp(1, 3);
        let mut scored: Vec<(usize, String)> = self
            .code_of
            .keys()
            .map(|k| (levenshtein(q, k), k))
            .chain(self.name_of.keys().map(|k| (levenshtein(&q.to_uppercase(), k), k)))
            .filter(|(d, _)| *d <= limit)
            .map(|(d, k)| {
                let shown = self
                    .code_of
                    .get(k)
                    .and_then(|c| self.name_of.get(c))
                    .filter(|n| fold(n) == *k)
                    .cloned()
                    .unwrap_or_else(|| k.clone());
                (d, shown)
            })
            .collect();
        scored.sort();
        scored.dedup_by(|a, b| a.1.eq_ignore_ascii_case(&b.1));
        scored.into_iter().take(3).map(|(_, s)| s).collect()
    }
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> ActorNames {
        ActorNames::new(&ActorDictionary::builtin().unwrap())
    }

    #[test]
    fn codes_read_as_names() {
        let n = names();
        assert_eq!(n.describe("RUSGOV"), "Russia — government");
        assert_eq!(n.describe("UKR"), "Ukraine");
        assert_eq!(n.describe("UKRMIL"), "Ukraine — military");
        assert_eq!(n.describe("NATO"), "NATO");
        assert_eq!(n.describe("ECOWAS"), "ECOWAS");
        assert_eq!(n.describe("ZZZ"), "ZZZ");
    }

    #[test]
    fn names_resolve_to_codes_with_near_misses() {
        let n = names();
        for q in ["Russia", "russia", "RUS", "rus", "Russian"] {
            assert_eq!(n.resolve(q).as_deref(), Ok("RUS"), "{q}");
        }
        assert_eq!(n.resolve("Russian government").as_deref(), Ok("RUSGOV"));
        assert_eq!(n.resolve("RUSGOV").as_deref(), Ok("RUSGOV"));
        assert_eq!(n.resolve("ECOWAS").as_deref(), Ok("ECOWAS"));
        let miss = n.resolve("Rusia").unwrap_err();
        assert!(miss.iter().any(|m| m == "Russia"), "{miss:?}");
    }
}
