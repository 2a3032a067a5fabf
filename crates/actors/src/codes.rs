//! Reading an actor code: a country or body, and a sector.
//!
//! `RUSGOV` is Russia's government, `UKRMIL` Ukraine's military; `NATO`, `ECOWAS` and
//! `MERCOSUR` are bodies of their own, never a "country" `ECO` with a "sector" `WAS`. A code
//! splits only where its last three letters are a CAMEO sector.

/// CAMEO's sector (role) codes: the closed set a code's second part comes from.
const SECTORS: &[&str] = &[
    "GOV", "MIL", "LEG", "JUD", "COP", "OPP", "REB", "CVL", "MED", "BUS", "ELI", "PTY", "SPY", "IGO", "NGO", "EDU",
    "HLH", "REF", "LAB", "AGR", "CRM", "RAD", "MOD", "UAF", "SEP", "INS", "ENV", "HRI", "DEV", "SET", "REL", "IMG",
    "MNC",
];

/// The country (or body) and sector of a code. Four-letter and shorter codes are bodies
/// (`NATO`, `UNO`); `---GOV` has a sector and no country.
pub fn split(code: &str) -> (Option<String>, Option<String>) {
    if let Some(sector) = code.strip_prefix("---") {
        return (None, Some(sector.get(..3).unwrap_or(sector).to_string()).filter(|s| !s.is_empty()));
    }
    if code.len() == 6 && code.is_ascii() {
        let (country, sector) = code.split_at(3);
        if SECTORS.contains(&sector) {
            return (Some(country.to_string()), Some(sector.to_string()));
        }
    }
    // A body or a bare country: itself. Longer CAMEO chains (`USAGOVMIL`) keep the first role.
    if code.len() > 6 && code.is_ascii() && SECTORS.contains(&&code[3..6]) {
        return (Some(code[..3].to_string()), Some(code[3..6].to_string()));
    }
    (Some(code.to_string()).filter(|c| !c.is_empty()), None)
}

#[cfg(test)]
mod tests {
    use super::split;

    fn s(code: &str) -> (Option<&'static str>, Option<&'static str>) {
        let (c, r) = split(code);
        (c.map(|c| &*c.leak()), r.map(|r| &*r.leak()))
    }

    #[test]
    fn countries_sectors_and_bodies() {
        assert_eq!(s("RUSGOV"), (Some("RUS"), Some("GOV")));
        assert_eq!(s("UKR"), (Some("UKR"), None));
        assert_eq!(s("NATO"), (Some("NATO"), None));
        assert_eq!(s("ECOWAS"), (Some("ECOWAS"), None));
        assert_eq!(s("MERCOSUR"), (Some("MERCOSUR"), None));
        assert_eq!(s("---GOV"), (None, Some("GOV")));
        assert_eq!(s("USAGOVMIL"), (Some("USA"), Some("GOV")));
    }
}
