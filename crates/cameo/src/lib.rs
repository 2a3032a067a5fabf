//! The CAMEO event taxonomy (version 1.1b3): every 2-, 3- and 4-digit code with a short
//! name, its Goldstein value (GDELT's table; other sources differ on a few codes), its
//! quad class and its PLOVER event type.
//!
//! PLOVER mapping (by root, with the exceptions noted):
//! 01 statements have no PLOVER type, except 015 acknowledge → CONCEDE, 016 deny → REJECT,
//! 018/019 sympathy/accord → SUPPORT; 02 → REQUEST; 03 → AGREE; 04 → CONSULT;
//! 05 → SUPPORT, except 055/056 apologise/forgive → CONCEDE and 057 sign → AGREE;
//! 06 → COOPERATE; 07 → AID; 08 → CONCEDE, except 087x de-escalation → RETREAT;
//! 09 investigate → ACCUSE; 10 demand → REQUEST; 11 → ACCUSE; 12 → REJECT;
//! 13 → THREATEN; 14 → PROTEST; 15 → MOBILIZE; 16 → SANCTION; 17 → COERCE;
//! 18, 19, 20 → ASSAULT.

mod table;

use std::fmt;

/// PLOVER's event types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Plover {
    Agree,
    Consult,
    Support,
    Concede,
    Cooperate,
    Aid,
    Retreat,
    Request,
    Accuse,
    Reject,
    Threaten,
    Protest,
    Sanction,
    Mobilize,
    Coerce,
    Assault,
}

impl Plover {
    pub fn as_str(self) -> &'static str {
        match self {
            Plover::Agree => "AGREE",
            Plover::Consult => "CONSULT",
            Plover::Support => "SUPPORT",
            Plover::Concede => "CONCEDE",
            Plover::Cooperate => "COOPERATE",
            Plover::Aid => "AID",
            Plover::Retreat => "RETREAT",
            Plover::Request => "REQUEST",
            Plover::Accuse => "ACCUSE",
            Plover::Reject => "REJECT",
            Plover::Threaten => "THREATEN",
            Plover::Protest => "PROTEST",
            Plover::Sanction => "SANCTION",
            Plover::Mobilize => "MOBILIZE",
            Plover::Coerce => "COERCE",
            Plover::Assault => "ASSAULT",
        }
    }
}

impl fmt::Display for Plover {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One CAMEO code.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CameoCode {
    pub code: &'static str,
    pub name: &'static str,
    pub goldstein: f64,
}

impl CameoCode {
    /// The 2-digit root (`"19"` for `"195"`).
    pub fn root(&self) -> &'static str {
        self.code.get(..2).unwrap_or(self.code)
    }
    /// 1 verbal cooperation (01–05), 2 material cooperation (06–09),
    /// 3 verbal conflict (10–14), 4 material conflict (15–20).
    pub fn quad_class(&self) -> u8 {
        quad_class_of_root(self.root())
    }
    pub fn plover(&self) -> Option<Plover> {
        plover_of(self.code)
    }
}

/// Looks a code up (`"0256"`, `"19"`); `None` when it is not a CAMEO 1.1b3 code.
pub fn lookup(code: &str) -> Option<CameoCode> {
    table::CODES.iter().find(|(c, _, _)| *c == code).map(|&(code, goldstein, name)| CameoCode { code, name, goldstein })
}

/// Every code, in taxonomy order.
pub fn all() -> impl Iterator<Item = CameoCode> {
    table::CODES.iter().map(|&(code, goldstein, name)| CameoCode { code, name, goldstein })
}

/// The most specific valid code at or above `code`: `"0213"` stays, an unknown
/// `"1834"` falls back to `"183"`, then `"18"`.
pub fn nearest(code: &str) -> Option<CameoCode> {
    let mut c = code;
    while c.len() >= 2 {
        if let Some(found) = lookup(c) {
            return Some(found);
        }
        c = c.get(..c.len() - 1)?;
    }
    None
}

fn quad_class_of_root(root: &str) -> u8 {
    match root.parse::<u8>().unwrap_or(0) {
        1..=5 => 1,
        6..=9 => 2,
        10..=14 => 3,
        15..=20 => 4,
        _ => 0,
    }
}

fn plover_of(code: &str) -> Option<Plover> {
    use Plover::*;
    let root: u8 = code.get(..2)?.parse().ok()?;
    let three = code.get(..3).unwrap_or(code);
    Some(match root {
        1 => match three {
            "015" => Concede,
            "016" => Reject,
            "018" | "019" => Support,
            _ => return None,
        },
        2 => Request,
        3 => Agree,
        4 => Consult,
        5 => match three {
            "055" | "056" => Concede,
            "057" => Agree,
            _ => Support,
        },
        6 => Cooperate,
        7 => Aid,
        8 if three == "087" => Retreat,
        8 => Concede,
        9 => Accuse,
        10 => Request,
        11 => Accuse,
        12 => Reject,
        13 => Threaten,
        14 => Protest,
        15 => Mobilize,
        16 => Sanction,
        17 => Coerce,
        18..=20 => Assault,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::path::PathBuf;

    #[test]
    fn taxonomy_is_complete_and_consistent() {
        let codes: Vec<_> = all().collect();
        assert_eq!(codes.len(), 311);
        for c in &codes {
            assert!(c.code.len() >= 2 && c.code.len() <= 4, "{}", c.code);
            assert!((-10.0..=10.0).contains(&c.goldstein), "{}", c.code);
            assert!(c.code.len() == 2 || lookup(&c.code[..c.code.len() - 1]).is_some(), "parent of {}", c.code);
            assert!((1..=4).contains(&c.quad_class()));
            if c.root() != "01" {
                assert!(c.plover().is_some(), "{}", c.code);
            }
        }
        let mut seen = std::collections::HashSet::new();
        assert!(codes.iter().all(|c| seen.insert(c.code)), "duplicate code");
    }

    #[test]
    fn derived_fields() {
        let c = lookup("195").unwrap();
        assert_eq!((c.root(), c.quad_class(), c.goldstein), ("19", 4, -10.0));
        assert_eq!(c.plover(), Some(Plover::Assault));
        assert_eq!(lookup("0874").unwrap().plover(), Some(Plover::Retreat));
        assert_eq!(lookup("057").unwrap().plover(), Some(Plover::Agree));
        assert_eq!(lookup("046").unwrap().quad_class(), 1);
        assert_eq!(lookup("0871").unwrap().quad_class(), 2);
        assert_eq!(lookup("112").unwrap().quad_class(), 3);
        assert_eq!(nearest("1834").unwrap().code, "183");
        assert!(lookup("21").is_none());
        assert!(nearest("x").is_none());
    }

    /// Compares codes and Goldstein values with GDELT's published tables in ../shared.
    #[test]
    fn agrees_with_gdelt_tables() {
        let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/cameo"));
        let (Ok(codes), Ok(scale)) = (
            std::fs::read_to_string(dir.join("CAMEO.eventcodes.txt")),
            std::fs::read_to_string(dir.join("CAMEO.goldsteinscale.txt")),
        ) else {
            eprintln!("skipping: ../shared not found");
            return;
        };
        let theirs: Vec<&str> =
            codes.lines().skip(1).filter_map(|l| l.split('\t').next()).filter(|c| !c.is_empty()).collect();
        let weights: HashMap<&str, f64> = scale
            .lines()
            .skip(1)
            .filter_map(|l| l.split_once('\t'))
            .filter_map(|(c, v)| Some((c.trim(), v.trim().parse().ok()?)))
            .collect();
        let mut problems = Vec::new();
        for c in &theirs {
            match lookup(c) {
                None => problems.push(format!("{c}: missing in dyad")),
                Some(ours) => match weights.get(c) {
                    Some(w) if (w - ours.goldstein).abs() > 1e-9 => {
                        problems.push(format!("{c}: goldstein {} vs GDELT {w}", ours.goldstein))
                    }
                    _ => {}
                },
            }
        }
        for ours in all() {
            if !theirs.contains(&ours.code) {
                problems.push(format!("{}: not in GDELT's table", ours.code));
            }
        }
        assert!(problems.is_empty(), "disagreements with GDELT:\n{}", problems.join("\n"));
    }
}
