//! dyad's own actor dictionary format (documented in README.md) and the in-memory dictionary.

use crate::Error;
use chrono::NaiveDate;
use std::collections::HashSet;
use std::path::Path;

/// What kind of thing an entry names; it decides how the entry combines with its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A country or territory name (`Russia`, `the United States`): code = country.
    Country,
    /// A country adjective (`Russian`, `U.S.`): modifies a role, or stands for the country.
    Adjective,
    /// A plural demonym (`Russians`, `Ukrainians`): the country.
    Demonym,
    /// A capital: the government when it acts ("Moscow said"), a place otherwise.
    Capital,
    /// A building or institution standing for a government body (`the Kremlin`): fixed code.
    Seat,
    /// A city or region: a place in a country; gives the country to a role ("Mayor of Kharkiv").
    City,
    /// An international or other organisation: fixed code.
    Org,
    /// A non-state armed group: fixed code, possibly date-ranged.
    Armed,
    /// A person: date-ranged codes.
    Person,
    /// A role word (`president`, `troops`, `senate`): code = sector.
    Role,
    /// A word that qualifies a role (`presidential` GOV, `former` ELI, `senior` none).
    Modifier,
    /// An honorific before a name (`Mr`, `Dr`): marks what follows as a person.
    Title,
    /// A plural noun for a set of states or governments (`nations`, `allies`, `capitals`).
    Collective,
    /// An entry read from a PETRARCH actor dictionary: fixed code, agents append to it.
    Petrarch,
    /// Names that contain an actor's name but are none ("Latin America", "Bank of England").
    Ignore,
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "country" => Kind::Country,
            "adjective" => Kind::Adjective,
            "demonym" => Kind::Demonym,
            "capital" => Kind::Capital,
            "seat" => Kind::Seat,
            "city" => Kind::City,
            "org" => Kind::Org,
            "armed" => Kind::Armed,
            "person" => Kind::Person,
            "role" => Kind::Role,
            "modifier" => Kind::Modifier,
            "title" => Kind::Title,
            "collective" => Kind::Collective,
            "ignore" => Kind::Ignore,
            _ => return None,
        })
    }

    /// Kinds whose names are proper nouns: they match only when capitalised in the text.
    pub fn is_proper(self) -> bool {
        !matches!(self, Kind::Role | Kind::Modifier | Kind::Title | Kind::Collective | Kind::Ignore)
    }

    /// Kinds whose code takes a sector from a role ("Russian" + "troops" → RUSMIL).
    pub fn takes_sector(self) -> bool {
        matches!(self, Kind::Country | Kind::Adjective | Kind::Demonym | Kind::Capital | Kind::City | Kind::Petrarch)
    }

    /// Kinds that are (also) place names.
    pub fn is_place(self) -> bool {
        matches!(self, Kind::Country | Kind::Capital | Kind::City | Kind::Seat)
    }
}

/// A code valid from `from` (inclusive) to `to` (exclusive); open ends are `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedCode {
    pub code: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl DatedCode {
    pub fn is_dated(&self) -> bool {
        self.from.is_some() || self.to.is_some()
    }
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.from.map_or(true, |f| date >= f) && self.to.map_or(true, |t| date < t)
    }
}

/// One dictionary entry: every name of one entity, with its code(s).
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub kind: Kind,
    /// Names as written; the first is the canonical name.
    pub names: Vec<String>,
    /// Which names match case-sensitively (parallel to `names`).
    pub exact: Vec<bool>,
    pub codes: Vec<DatedCode>,
    /// `file:line` of the entry, for `--explain`.
    pub origin: String,
}

impl Entry {
    pub fn canonical(&self) -> &str {
        self.names.first().map(String::as_str).unwrap_or("")
    }

    /// The code in force on `date`: the first dated code covering it, else the first undated
    /// code; failing both, the country with sector ELI after a term (a former official) or
    /// the bare country before one (not yet in office).
    pub fn code_at(&self, date: NaiveDate) -> Option<String> {
        if let Some(c) = self.codes.iter().find(|c| c.is_dated() && c.covers(date)) {
            return Some(c.code.clone());
        }
        if let Some(c) = self.codes.iter().find(|c| !c.is_dated()) {
            return Some(c.code.clone());
        }
        let first = self.codes.first()?;
        let country: String = first.code.chars().take(3).collect();
        let after_a_term = self.codes.iter().any(|c| c.to.is_some_and(|t| date >= t));
        Some(if after_a_term { format!("{country}ELI") } else { country })
    }

    /// The sector a role/modifier/collective entry gives (`None` for `-`).
    pub fn sector(&self) -> Option<&str> {
        self.codes.first().map(|c| c.code.as_str()).filter(|c| *c != "-")
    }
}

/// A set of entries: the built-in knowledge, user files, PETRARCH dictionaries, merged.
#[derive(Debug, Clone, Default)]
pub struct ActorDictionary {
    pub(crate) entries: Vec<Entry>,
}

const BUILTIN: [(&str, &str); 5] = [
    ("countries.txt", include_str!("../data/countries.txt")),
    ("orgs.txt", include_str!("../data/orgs.txt")),
    ("armed.txt", include_str!("../data/armed.txt")),
    ("roles.txt", include_str!("../data/roles.txt")),
    ("people.txt", include_str!("../data/people.txt")),
];

impl ActorDictionary {
    /// dyad's own knowledge: countries, organisations, armed groups, roles and people.
    pub fn builtin() -> Result<Self, Error> {
        let mut dict = ActorDictionary::default();
        for (name, text) in BUILTIN {
            dict.merge(Self::parse(text, &format!("builtin:{name}"))?);
        }
        // Capitals live in the pipeline's one gazetteer; as actors they are governments.
        let capitals: String = dyad_places::Gazetteer::own()
            .capitals()
            .map(|(names, country)| format!("capital: {} => {country}\n", names.join(" | ")))
            .collect();
        dict.merge(Self::parse(&capitals, "builtin:places.txt")?);
        dict.add_plural_demonyms();
        Ok(dict)
    }

    /// "Moldovans", "Afghans", "Iraqis": the plural of an adjective ending in -n or -i names
    /// the people, for every country whose file line gives no demonym of that form. (Other
    /// endings do not pluralise: "the French", "the Chinese", "the Swiss".)
    fn add_plural_demonyms(&mut self) {
        let known: HashSet<String> = self
            .entries
            .iter()
            .filter(|e| e.kind == Kind::Demonym)
            .flat_map(|e| e.names.iter().map(|n| n.to_lowercase()))
            .collect();
        let derived: Vec<Entry> = self
            .entries
            .iter()
            .filter(|e| e.kind == Kind::Adjective)
            .filter_map(|e| {
                let names: Vec<String> = e
                    .names
                    .iter()
                    .filter(|n| n.chars().all(|c| c.is_alphabetic()) && n.chars().count() > 3)
                    .filter(|n| n.ends_with('n') || n.ends_with('i'))
                    .map(|n| format!("{n}s"))
                    .filter(|n| !known.contains(&n.to_lowercase()))
                    .collect();
                (!names.is_empty()).then(|| Entry {
                    kind: Kind::Demonym,
                    exact: vec![false; names.len()],
                    names,
                    codes: e.codes.clone(),
                    origin: format!("{} (plural)", e.origin),
                })
            })
            .collect();
        self.entries.extend(derived);
    }

    /// Reads a file in dyad's format.
    pub fn load_file(path: &Path) -> Result<Self, Error> {
        let text =
            std::fs::read_to_string(path).map_err(|source| Error::Io { path: path.display().to_string(), source })?;
        Self::parse(&text, &path.display().to_string())
    }

    /// Reads PETRARCH actor (and optionally agent) dictionaries: see [`crate::petrarch`].
    pub fn load_petrarch(actors: &Path, agents: Option<&Path>) -> Result<Self, Error> {
        let p = crate::petrarch::PetrarchDictionary::load(actors, agents)?;
        Ok(p.to_actor_dictionary())
    }

    /// Adds another dictionary's entries; on equal names the later entry wins in matching.
    pub fn merge(&mut self, other: ActorDictionary) {
        self.entries.extend(other.entries);
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn push(&mut self, entry: Entry) {
        self.entries.push(entry);
    }

    /// Number of entries of one kind.
    pub fn count(&self, kind: Kind) -> usize {
        self.entries.iter().filter(|e| e.kind == kind).count()
    }

    /// Parses dyad's format. `origin` names the input in errors and `rule` strings.
    pub fn parse(text: &str, origin: &str) -> Result<Self, Error> {
        let mut dict = ActorDictionary::default();
        let mut pending: Option<(usize, String)> = None;
        for (i, raw) in text.lines().enumerate() {
            let line = strip_comment(raw);
            if line.trim().is_empty() {
                continue;
            }
            let continues = line.starts_with(|c: char| c.is_whitespace());
            match (&mut pending, continues) {
                (Some((_, buf)), true) => {
                    buf.push(' ');
                    buf.push_str(line.trim());
                }
                (None, true) => return Err(parse_err(origin, i + 1, "continuation line with no entry before it")),
                (_, false) => {
                    if let Some((n, buf)) = pending.take() {
                        dict.entries.push(parse_entry(&buf, origin, n)?);
                    }
                    pending = Some((i + 1, line.trim().to_string()));
                }
            }
        }
        if let Some((n, buf)) = pending {
            dict.entries.push(parse_entry(&buf, origin, n)?);
        }
        Ok(dict)
    }
}

fn parse_err(origin: &str, line: usize, message: impl Into<String>) -> Error {
    Error::Parse { origin: origin.to_string(), line, message: message.into() }
}

/// `#` starts a comment at the beginning of a line or after whitespace.
fn strip_comment(line: &str) -> &str {
    let b = line.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c == b'#' && (i == 0 || b[i - 1].is_ascii_whitespace()) {
            return &line[..i];
        }
    }
    line
}

fn parse_entry(line: &str, origin: &str, n: usize) -> Result<Entry, Error> {
    let (kind_s, rest) = line.split_once(':').ok_or_else(|| parse_err(origin, n, "expected `kind: names => code`"))?;
    let kind =
        Kind::parse(kind_s.trim()).ok_or_else(|| parse_err(origin, n, format!("unknown kind `{}`", kind_s.trim())))?;
    let (names_s, codes_s) =
        rest.split_once("=>").ok_or_else(|| parse_err(origin, n, "missing `=>` before the code"))?;
    let mut names = Vec::new();
    let mut exact = Vec::new();
    for name in names_s.split('|') {
        let name = name.trim();
        if name.is_empty() {
            return Err(parse_err(origin, n, "empty name (doubled or trailing `|`)"));
        }
        let (forced, name) = match name.strip_prefix('=') {
            Some(s) => (true, s.trim()),
            None => (false, name),
        };
        names.push(name.to_string());
        exact.push(forced || is_acronym(name));
    }
    let mut codes = Vec::new();
    for spec in codes_s.split(',') {
        let spec = spec.trim();
        if spec.is_empty() {
            return Err(parse_err(origin, n, "empty code"));
        }
        let mut parts = spec.split_whitespace();
        let code = parts.next().unwrap_or_default().to_string();
        if !code.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '~') {
            return Err(parse_err(origin, n, format!("bad code `{code}`: use A-Z, 0-9, `-` or `~`")));
        }
        let (from, to) = match parts.next() {
            None => (None, None),
            Some(range) => {
                let (a, b) = range
                    .split_once("..")
                    .ok_or_else(|| parse_err(origin, n, format!("bad date range `{range}`: use FROM..TO")))?;
                (parse_date(a, origin, n)?, parse_date(b, origin, n)?)
            }
        };
        if let Some(extra) = parts.next() {
            return Err(parse_err(origin, n, format!("unexpected `{extra}` after code")));
        }
        if let (Some(f), Some(t)) = (from, to) {
            if t <= f {
                return Err(parse_err(origin, n, format!("date range ends before it starts in `{spec}`")));
            }
        }
        codes.push(DatedCode { code, from, to });
    }
    if matches!(kind, Kind::Country | Kind::Adjective | Kind::Demonym | Kind::Capital | Kind::City)
        && (codes.len() != 1 || codes[0].code.len() != 3)
    {
        return Err(parse_err(origin, n, "places and adjectives take exactly one 3-letter country code"));
    }
    Ok(Entry { kind, names, exact, codes, origin: format!("{origin}:{n}") })
}

fn parse_date(s: &str, origin: &str, n: usize) -> Result<Option<NaiveDate>, Error> {
    if s.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| parse_err(origin, n, format!("bad date `{s}`: use YYYY-MM-DD")))
}

/// Short all-capital names (`US`, `UN`, `WHO`, `NATO`) match case-sensitively, so that
/// "us" and "who" stay words.
fn is_acronym(name: &str) -> bool {
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    letters > 0 && letters <= 5 && !name.chars().any(|c| c.is_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn parses_entries_with_continuations_and_dates() {
        let text = "# people\nperson: Donald Trump | Donald J. Trump  # the 45th and 47th\n   | Trump => USAGOV 2017-01-20..2021-01-20, USAGOV 2025-01-20..\ncountry: United States | US => USA\n";
        let dict = ActorDictionary::parse(text, "t").unwrap();
        assert_eq!(dict.entries.len(), 2);
        let trump = &dict.entries[0];
        assert_eq!(trump.names, vec!["Donald Trump", "Donald J. Trump", "Trump"]);
        assert_eq!(trump.code_at(d("2018-05-01")).as_deref(), Some("USAGOV"));
        assert_eq!(trump.code_at(d("2022-05-01")).as_deref(), Some("USAELI"));
        assert_eq!(trump.code_at(d("2016-05-01")).as_deref(), Some("USA"));
        assert_eq!(trump.code_at(d("2025-06-01")).as_deref(), Some("USAGOV"));
        assert_eq!(dict.entries[1].exact, vec![false, true]);
        assert_eq!(trump.origin, "t:2");
    }

    #[test]
    fn errors_name_the_line() {
        let err = ActorDictionary::parse("country: France => FRA\n\nperson: X => USAGOV 2020-13-01..\n", "f.txt")
            .unwrap_err();
        assert!(err.to_string().contains("f.txt:3"), "{err}");
        let err = ActorDictionary::parse("bogus: X => USA\n", "f.txt").unwrap_err();
        assert!(err.to_string().contains("f.txt:1") && err.to_string().contains("bogus"), "{err}");
        let err = ActorDictionary::parse("country: X => USAGOV\n", "f.txt").unwrap_err();
        assert!(err.to_string().contains("3-letter"), "{err}");
        let err = ActorDictionary::parse("  | Trump => USA\n", "f.txt").unwrap_err();
        assert!(err.to_string().contains("continuation"), "{err}");
        let err = ActorDictionary::parse("org: A || B => UNO\n", "f.txt").unwrap_err();
        assert!(err.to_string().contains("empty name"), "{err}");
    }
}
