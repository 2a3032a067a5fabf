//! PETRARCH's actor and agent dictionary formats, read the way PETRARCH reads them,
//! and PETRARCH's noun-phrase coding (`check_NEphrase`) for coders that replay its tests.
//!
//! Format, as the reader implements it:
//! - Skipped: blank lines, lines starting with `#` or `<!`; ` #` (space first) and `;`
//!   start a trailing comment; `<!-- ... -->` spans are removed, also over several lines.
//! - Actors: `PHRASE [CODE]` starts an entry (the code is optional); `+PHRASE` adds a
//!   synonym; an indented `[CODE]`, `[CODE <DATE]`, `[CODE >DATE]` or `[CODE DATE-DATE]`
//!   adds a (date-restricted) code. Dates are YYYYMMDD or YYMMDD (YY ≤ 30 is 20YY). On a
//!   sentence's date the first restriction that holds wins (bounds inclusive), else the
//!   first unrestricted code, else the null code `---`. `---STOP---` ends the file.
//! - Phrases split on blanks and `_`; `_` means the next word must follow at once, a blank
//!   lets other words come between. A phrase ending in `_` must end there.
//! - Agents: `PHRASE {PLURAL} [~CODE]`: `~CODE` appends the code to the actor's, `CODE~`
//!   puts it before. Without `{}` the regular plural (`+S`, `Y`→`IES`, `S`→`SES`) is added;
//!   `{}` means none. `!NAME! = A, B, C` defines a substitution set used as `X!NAME!Y`.

use crate::dict::{ActorDictionary, DatedCode, Entry, Kind};
use crate::Error;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::Path;

/// A code with PETRARCH's date restriction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeRule {
    Default(String),
    /// Applies on or before the date.
    Before(NaiveDate, String),
    /// Applies on or after the date.
    After(NaiveDate, String),
    /// Applies between the dates, both included.
    Between(NaiveDate, NaiveDate, String),
}

/// One dictionary phrase as PETRARCH stores it: the first word is the map key, then the
/// connector after it, then (word, connector) pairs. A trailing `_` leaves a final `("", ' ')`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    pub first: String,
    pub connector: char,
    pub rest: Vec<(String, char)>,
    /// `file:line` it came from.
    pub origin: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorPattern {
    pub phrase: Phrase,
    /// Index into [`PetrarchDictionary::codes`].
    pub codes: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentPattern {
    pub phrase: Phrase,
    /// `~GOV` (append) or `NGO~` (prepend), as written.
    pub code: String,
}

/// PETRARCH actor and agent dictionaries, keyed on the first (upper-cased) word.
#[derive(Debug, Clone, Default)]
pub struct PetrarchDictionary {
    pub actors: HashMap<String, Vec<ActorPattern>>,
    pub codes: Vec<Vec<CodeRule>>,
    pub agents: HashMap<String, Vec<AgentPattern>>,
    /// Lines PETRARCH would skip with a warning: `(file:line, why)`.
    pub warnings: Vec<(String, String)>,
}

/// Lines that survive PETRARCH's comment rules, with their 1-based line numbers.
fn content_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((i, raw)) = lines.next() {
        if raw.starts_with('#') || raw.starts_with("<!") || raw.trim().is_empty() {
            continue;
        }
        let mut line = raw.to_string();
        if let Some(p) = line.rfind(" #") {
            line.truncate(p);
        }
        if let Some(p) = line.find("<!--") {
            if let Some(q) = line[p..].find("-->") {
                line = format!("{}{}", &line[..p], &line[p + q + 3..]);
            } else {
                // comment runs over lines: PETRARCH drops everything up to and including
                // the line that closes it
                for (_, l) in lines.by_ref() {
                    if l.contains("-->") {
                        break;
                    }
                }
                continue;
            }
        }
        if !line.trim().is_empty() {
            out.push((i + 1, line));
        }
    }
    out
}

/// PETRARCH's `make_noun_list`: split on blanks and underscores, keeping the connector.
fn make_phrase(s: &str, origin: String) -> Option<Phrase> {
    let s = format!("{} ", s.trim().to_uppercase());
    let mut parts: Vec<(String, char)> = Vec::new();
    let mut word = String::new();
    for c in s.chars() {
        if c == ' ' || c == '_' {
            parts.push((std::mem::take(&mut word), c));
        } else {
            word.push(c);
        }
    }
    // collapse runs of blanks the way PETRARCH's reader sees a single separator
    let mut cleaned: Vec<(String, char)> = Vec::new();
    for (w, c) in parts {
        if w.is_empty() && c == ' ' && cleaned.last().is_some_and(|(_, pc)| *pc == ' ') {
            continue;
        }
        cleaned.push((w, c));
    }
    // the phrase ends with the blank that was appended: drop an empty blank-terminated tail
    // unless it follows `_` (PETRARCH's end-of-phrase marker)
    if cleaned.len() > 1 {
        if let Some((w, c)) = cleaned.last() {
            let prev_underscore = cleaned.get(cleaned.len() - 2).is_some_and(|(_, pc)| *pc == '_');
            if w.is_empty() && *c == ' ' && !prev_underscore {
                cleaned.pop();
            }
        }
    }
    let mut it = cleaned.into_iter();
    let (first, connector) = it.next()?;
    if first.is_empty() {
        return None;
    }
    Some(Phrase { first, connector, rest: it.collect(), origin })
}

/// PETRARCH's `dstr_to_ordate`, as a date: YYYYMMDD, or YYMMDD with YY ≤ 30 → 20YY.
fn petrarch_date(s: &str) -> Option<NaiveDate> {
    let (y, m, d) = if s.len() > 7 {
        (s.get(..4)?.parse::<i32>().ok()?, s.get(4..6)?.parse().ok()?, s.get(6..8)?.parse().ok()?)
    } else {
        let yy: i32 = s.get(..2)?.parse().ok()?;
        (if yy <= 30 { 2000 + yy } else { 1900 + yy }, s.get(2..4)?.parse().ok()?, s.get(4..6)?.parse().ok()?)
    };
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Parses the inside of an indented `[CODE restriction]`.
fn parse_restriction(inner: &str) -> Result<CodeRule, String> {
    let inner = inner.trim();
    let (code, rest) = match inner.split_once(char::is_whitespace) {
        Some((c, r)) => (c.trim(), r.trim_start()),
        None => (inner, ""),
    };
    let code = code.split(']').next().unwrap_or("").to_string();
    if rest.contains('<') || rest.contains('>') {
        let digits: String =
            rest.chars().skip(1).skip_while(|c| !c.is_ascii_digit()).take_while(|c| c.is_ascii_digit()).collect();
        let date = petrarch_date(&digits).ok_or("date restriction could not be interpreted")?;
        Ok(if rest.starts_with('<') { CodeRule::Before(date, code) } else { CodeRule::After(date, code) })
    } else if let Some((a, b)) = rest.split_once('-') {
        let b = b.split(']').next().unwrap_or("");
        let from = petrarch_date(a.trim()).ok_or("date restriction could not be interpreted")?;
        let to = petrarch_date(b.trim()).ok_or("date restriction could not be interpreted")?;
        if to < from {
            return Err("interval ends before it starts".into());
        }
        Ok(CodeRule::Between(from, to, code))
    } else {
        Ok(CodeRule::Default(code))
    }
}

impl PetrarchDictionary {
    pub fn load(actors: &Path, agents: Option<&Path>) -> Result<Self, Error> {
        let read =
            |p: &Path| std::fs::read_to_string(p).map_err(|source| Error::Io { path: p.display().to_string(), source });
        let mut dict = PetrarchDictionary::default();
        dict.add_actors(&read(actors)?, &actors.display().to_string());
        if let Some(a) = agents {
            dict.add_agents(&read(a)?, &a.display().to_string());
        }
        Ok(dict)
    }

    /// Adds an actor dictionary's text.
    pub fn add_actors(&mut self, text: &str, origin: &str) {
        let mut current: Vec<CodeRule> = Vec::new();
        let mut index = self.codes.len();
        let store = |this: &mut Self, phrase: Option<Phrase>, index: usize| {
            if let Some(phrase) = phrase {
                this.actors.entry(phrase.first.clone()).or_default().push(ActorPattern { phrase, codes: index });
            }
        };
        for (n, line) in content_lines(text) {
            let at = format!("{origin}:{n}");
            if line.contains("---STOP---") {
                break;
            }
            let trimmed = line.trim_start();
            if line.starts_with(char::is_whitespace) && trimmed.starts_with('[') {
                match parse_restriction(&trimmed[1..]) {
                    Ok(rule) => current.push(rule),
                    Err(why) => self.warnings.push((at, why)),
                }
                continue;
            }
            if line.starts_with(char::is_whitespace) && !trimmed.starts_with('+') {
                self.warnings.push((at, "indented line is neither a code nor a synonym".into()));
                continue;
            }
            if let Some(syn) = trimmed.strip_prefix('+') {
                let syn = syn.split(';').next().unwrap_or("");
                store(self, make_phrase(syn, at), index);
                continue;
            }
            // a primary phrase: close the previous entry's code list
            if !current.is_empty() {
                self.codes.push(std::mem::take(&mut current));
                index = self.codes.len();
            }
            let phrase_text = match line.split_once('[') {
                Some((p, c)) => {
                    let inner = c.split(']').next().unwrap_or("").trim();
                    match parse_restriction(inner) {
                        Ok(rule) => current.push(rule),
                        Err(why) => self.warnings.push((at.clone(), why)),
                    }
                    p
                }
                None => line.split(';').next().unwrap_or(""),
            };
            store(self, make_phrase(phrase_text, at), index);
        }
        if !current.is_empty() {
            self.codes.push(current);
        }
        // every stored index must resolve, even for an entry that never got a code
        while self.codes.len() <= index {
            self.codes.push(Vec::new());
        }
        for list in self.actors.values_mut() {
            list.sort_by_key(|p| std::cmp::Reverse(p.phrase.rest.len()));
        }
    }

    /// Adds an agent dictionary's text.
    pub fn add_agents(&mut self, text: &str, origin: &str) {
        let mut subs: HashMap<String, Vec<String>> = HashMap::new();
        for (n, line) in content_lines(text) {
            let at = format!("{origin}:{n}");
            let line = line.split('#').next().unwrap_or("");
            if line.contains('!') && line.contains('=') {
                let Some((lhs, rhs)) = line.split_once('=') else {
                    continue;
                };
                let marker = lhs.trim().trim_matches('!').to_uppercase();
                subs.insert(marker, rhs.split(',').map(|s| s.trim().to_uppercase()).collect());
                continue;
            }
            let Some((phrase_part, code_part)) = line.split_once('[') else {
                if !line.trim_start().starts_with('<') {
                    self.warnings.push((at, "codes are required for agents".into()));
                }
                continue;
            };
            let code = code_part.split(']').next().unwrap_or("").trim().to_string();
            let mut forms: Vec<String> = Vec::new();
            if let Some(p) = phrase_part.find('!') {
                let after = &phrase_part[p + 1..];
                let Some(q) = after.find('!') else {
                    self.warnings.push((at, "substitution marker syntax incorrect".into()));
                    continue;
                };
                let marker = after[..q].to_uppercase();
                let Some(list) = subs.get(&marker) else {
                    self.warnings.push((at, format!("substitution marker !{marker}! not defined")));
                    continue;
                };
                for s in list {
                    forms.push(format!("{}{}{}", &phrase_part[..p], s, &after[q + 1..]));
                }
            } else if let Some(b) = phrase_part.find('{') {
                let Some(e) = phrase_part.find('}') else {
                    self.warnings.push((at, "missing '}'".into()));
                    continue;
                };
                forms.push(phrase_part[..b].to_string());
                let plural = phrase_part[b + 1..e].trim();
                if !plural.is_empty() {
                    forms.push(plural.to_string());
                }
            } else {
                let singular = phrase_part.trim().to_uppercase();
                let plural = if let Some(stem) = singular.strip_suffix('Y') {
                    format!("{stem}IES")
                } else if singular.ends_with('S') {
                    format!("{singular}ES")
                } else {
                    format!("{singular}S")
                };
                forms.push(singular);
                forms.push(plural);
            }
            for f in forms {
                if let Some(phrase) = make_phrase(&f, at.clone()) {
                    self.agents
                        .entry(phrase.first.clone())
                        .or_default()
                        .push(AgentPattern { phrase, code: code.clone() });
                }
            }
        }
        for list in self.agents.values_mut() {
            list.sort_by_key(|p| std::cmp::Reverse(p.phrase.rest.len()));
        }
    }

    /// PETRARCH's `get_actor_code`: resolves date restrictions; `---` when nothing applies.
    pub fn actor_code(&self, index: usize, date: NaiveDate) -> String {
        let Some(rules) = self.codes.get(index) else {
            return "---".into();
        };
        for r in rules {
            match r {
                CodeRule::Before(d, c) if date <= *d => return c.clone(),
                CodeRule::After(d, c) if date >= *d => return c.clone(),
                CodeRule::Between(a, b, c) if date >= *a && date <= *b => return c.clone(),
                _ => {}
            }
        }
        rules
            .iter()
            .find_map(|r| if let CodeRule::Default(c) = r { Some(c.clone()) } else { None })
            .unwrap_or_else(|| "---".into())
    }

    /// The first actor found in a noun phrase (upper-case words): `(code, word index)`.
    pub fn find_actor(&self, words: &[String], date: NaiveDate) -> Option<(String, usize)> {
        for k in 0..words.len() {
            if let Some(list) = self.actors.get(&words[k]) {
                if let Some(p) = list.iter().find(|p| phrase_match(&p.phrase, &words[k..])) {
                    return Some((self.actor_code(p.codes, date), k));
                }
            }
        }
        None
    }

    /// PETRARCH's `check_NEphrase`: the code of a noun phrase (words upper-cased), the first
    /// actor's code with every agent found appended (or prepended for `CODE~`); `---` for
    /// agents without an actor; `None` when neither occurs.
    pub fn code_noun_phrase(&self, words: &[String], date: NaiveDate) -> Option<String> {
        let actor = self.find_actor(words, date).map(|(c, _)| c);
        let mut agents: Vec<&str> = Vec::new();
        for k in 0..words.len() {
            if let Some(list) = self.agents.get(&words[k]) {
                if let Some(p) = list.iter().find(|p| phrase_match(&p.phrase, &words[k..])) {
                    agents.push(&p.code);
                }
            }
        }
        if agents.is_empty() {
            return actor;
        }
        let mut code = actor.unwrap_or_else(|| "---".into());
        for agent in agents {
            let (agc, append) = match agent.strip_prefix('~') {
                Some(a) => (a, true),
                None => (agent.strip_suffix('~').unwrap_or(agent), false),
            };
            // PETRARCH stops adding agents at the first code already present (3-char blocks)
            let dup = (0..code.len().saturating_sub(agc.len()) + 1)
                .step_by(3)
                .any(|ka| code.get(ka..ka + agc.len()) == Some(agc));
            if dup {
                break;
            }
            if append {
                code.push_str(agc);
            } else {
                code = format!("{agc}{code}");
            }
        }
        Some(code)
    }

    /// Converts to dyad's dictionary: actors become [`Kind::Petrarch`] entries (all the
    /// phrases of one code list share an entry), agents become roles. Dates become dyad's
    /// half-open ranges; gaps allowed by blank connectors are not kept (dyad matches
    /// consecutive words; use [`Self::code_noun_phrase`] for PETRARCH's own matching).
    pub fn to_actor_dictionary(&self) -> ActorDictionary {
        let mut by_index: HashMap<usize, Vec<&ActorPattern>> = HashMap::new();
        for list in self.actors.values() {
            for p in list {
                by_index.entry(p.codes).or_default().push(p);
            }
        }
        let mut dict = ActorDictionary::default();
        let mut indices: Vec<usize> = by_index.keys().copied().collect();
        indices.sort_unstable();
        for idx in indices {
            let mut pats = by_index.remove(&idx).unwrap_or_default();
            // file order: the primary phrase first, then its synonyms
            pats.sort_by_key(|p| {
                let line = p.phrase.origin.rsplit(':').next().and_then(|n| n.parse::<usize>().ok());
                line.unwrap_or(usize::MAX)
            });
            let codes = self.codes.get(idx).map(|r| dated_codes(r)).unwrap_or_default();
            if codes.is_empty() {
                continue;
            }
            let names: Vec<String> = pats.iter().map(|p| phrase_text(&p.phrase)).collect();
            let origin = pats.first().map(|p| p.phrase.origin.clone()).unwrap_or_default();
            dict.push(Entry { exact: vec![false; names.len()], names, codes, kind: Kind::Petrarch, origin });
        }
        for list in self.agents.values() {
            for p in list {
                let name = phrase_text(&p.phrase);
                dict.push(Entry {
                    kind: Kind::Role,
                    names: vec![name],
                    exact: vec![false],
                    codes: vec![DatedCode { code: p.code.clone(), from: None, to: None }],
                    origin: p.phrase.origin.clone(),
                });
            }
        }
        dict
    }
}

/// Restrictions in PETRARCH's order of precedence; dyad takes the first dated code that covers
/// a date, so the order carries over. `<D` is inclusive, so it ends the day after.
fn dated_codes(rules: &[CodeRule]) -> Vec<DatedCode> {
    let next = |d: &NaiveDate| d.succ_opt();
    rules
        .iter()
        .map(|r| match r {
            CodeRule::Default(c) => DatedCode { code: c.clone(), from: None, to: None },
            CodeRule::Before(d, c) => DatedCode { code: c.clone(), from: None, to: next(d) },
            CodeRule::After(d, c) => DatedCode { code: c.clone(), from: Some(*d), to: None },
            CodeRule::Between(a, b, c) => DatedCode { code: c.clone(), from: Some(*a), to: next(b) },
        })
        .collect()
}

fn phrase_text(p: &Phrase) -> String {
    let mut s = p.first.clone();
    for (w, _) in &p.rest {
        if !w.is_empty() {
            s.push(' ');
            s.push_str(w);
        }
    }
    s
}

/// PETRARCH's `actor_phrase_match`, with `words[0]` already equal to the key.
pub fn phrase_match(p: &Phrase, words: &[String]) -> bool {
    if p.rest.is_empty() || (p.rest.len() == 1 && p.rest[0].0.is_empty()) {
        return true;
    }
    let mut connector = p.connector;
    let mut kfrag = 1;
    let mut kpat = 0;
    if kfrag >= words.len() {
        return false;
    }
    while kpat < p.rest.len() {
        if words[kfrag] == p.rest[kpat].0 {
            connector = p.rest[kpat].1;
            kfrag += 1;
            kpat += 1;
            if kpat >= p.rest.len() {
                return true;
            }
        } else if connector == '_' {
            return false;
        } else {
            kfrag += 1;
        }
        if kfrag >= words.len() {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y%m%d").unwrap()
    }
    fn w(s: &str) -> Vec<String> {
        s.split_whitespace().map(|x| x.to_uppercase()).collect()
    }

    const ACTORS: &str = "<!-- a test -->\nHAMAS [PSEREBHMS]\nNORTH_KOREA  [PRK] #JW 9/10/91\n+PYONGYANG\n\nGOLLUM  # comment\n+SMEAGOL\n\t[HOB < 950601]\n#\t[950601-990815]\n\t[HOBGOV 19950601 - 19990815]\n\t[HOBREB > 990816]\nCARAS GALADHON [ELF]\nLIBYA_  [LBY]\nZIMBABWE\n\t[RHO <790606]\n\t[ZBW]#jw 9/30/91\nSAM_GAMGEE [HOB]\n\t[ORCHOB 20100109-20100112]\n\t[HOBMIL 20080120-20121109]\n";
    const AGENTS: &str = "!PERSON! = MAN, MEN, WOMAN\nPRESIDENT [~GOV] # ns\nCONGRESS [~LEG]\nCONGRESS!PERSON! [~LEG]\nAUTHORITY  [~GOV]\nPOLICE {} [ ~COP]\nHUMAN_RIGHTS_BODY  [NGO~]\nATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]\nNOCODE\n";

    fn dict() -> PetrarchDictionary {
        let mut p = PetrarchDictionary::default();
        p.add_actors(ACTORS, "a");
        p.add_agents(AGENTS, "g");
        p
    }

    #[test]
    fn actors_with_synonyms_and_date_restrictions() {
        let p = dict();
        let date = d("20000101");
        assert_eq!(p.code_noun_phrase(&w("Hamas"), date).as_deref(), Some("PSEREBHMS"));
        assert_eq!(p.code_noun_phrase(&w("Pyongyang"), date).as_deref(), Some("PRK"));
        assert_eq!(p.code_noun_phrase(&w("North Korea"), date).as_deref(), Some("PRK"));
        assert_eq!(p.code_noun_phrase(&w("North"), date), None);
        assert_eq!(p.code_noun_phrase(&w("Smeagol"), d("19940101")).as_deref(), Some("HOB"));
        assert_eq!(p.code_noun_phrase(&w("Gollum"), d("19970101")).as_deref(), Some("HOBGOV"));
        assert_eq!(p.code_noun_phrase(&w("Gollum"), d("19990816")).as_deref(), Some("HOBREB"));
        // interval listed first overrides the later one
        assert_eq!(p.code_noun_phrase(&w("Sam Gamgee"), d("20100110")).as_deref(), Some("ORCHOB"));
        assert_eq!(p.code_noun_phrase(&w("Sam Gamgee"), d("20110110")).as_deref(), Some("HOBMIL"));
        assert_eq!(p.code_noun_phrase(&w("Sam Gamgee"), d("20150110")).as_deref(), Some("HOB"));
        assert_eq!(p.code_noun_phrase(&w("Zimbabwe"), d("19700101")).as_deref(), Some("RHO"));
        assert_eq!(p.code_noun_phrase(&w("Zimbabwe"), d("19900101")).as_deref(), Some("ZBW"));
        // a blank connector lets words intervene; `_` does not
        assert_eq!(p.code_noun_phrase(&w("Caras of Galadhon"), date).as_deref(), Some("ELF"));
        assert_eq!(p.code_noun_phrase(&w("North of Korea"), date), None);
        assert_eq!(p.code_noun_phrase(&w("Libya"), date).as_deref(), Some("LBY"));
        assert!(p.warnings.iter().all(|(at, _)| at.starts_with("g:")), "{:?}", p.warnings);
    }

    #[test]
    fn agents_plurals_markers_and_prefixes() {
        let p = dict();
        let date = d("20000101");
        assert_eq!(p.code_noun_phrase(&w("Pyongyang presidents"), date).as_deref(), Some("PRKGOV"));
        assert_eq!(p.code_noun_phrase(&w("Libya authorities"), date).as_deref(), Some("LBYGOV"));
        assert_eq!(p.code_noun_phrase(&w("Congresswoman"), date).as_deref(), Some("---LEG"));
        assert_eq!(p.code_noun_phrase(&w("congresses"), date).as_deref(), Some("---LEG"));
        assert_eq!(p.code_noun_phrase(&w("police"), date).as_deref(), Some("---COP"));
        assert_eq!(p.code_noun_phrase(&w("polices"), date), None);
        assert_eq!(p.code_noun_phrase(&w("Hamas human rights body"), date).as_deref(), Some("NGOPSEREBHMS"));
        assert_eq!(p.code_noun_phrase(&w("attorneys general"), date).as_deref(), Some("---GOV"));
        assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
        assert!(p.warnings[0].0.starts_with("g:9"));
    }

    #[test]
    fn converts_to_dyad_entries() {
        let dict = dict().to_actor_dictionary();
        let gollum = dict.entries().iter().find(|e| e.names.contains(&"SMEAGOL".to_string())).unwrap();
        assert_eq!(gollum.code_at(d("19950601")).as_deref(), Some("HOB"));
        assert_eq!(gollum.code_at(d("19950602")).as_deref(), Some("HOBGOV"));
        assert!(dict.entries().iter().any(|e| e.kind == Kind::Role && e.names == ["CONGRESSMEN"]));
    }
}
