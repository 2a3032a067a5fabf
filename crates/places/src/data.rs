//! dyad's place list format (`data/places.txt`) and GeoNames country codes.

use crate::{Origin, Place, PlaceKind};

/// A line of the place list that cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("{origin}:{line}: {message}")]
pub struct ParseError {
    pub origin: String,
    pub line: usize,
    pub message: String,
}

pub(crate) struct Entry {
    pub names: Vec<String>,
    pub place: Place,
}

/// Parses `kind: name | name ... => ISO3 [@ lat lon]` lines; `#` starts a comment.
pub(crate) fn parse(text: &str, origin: &str) -> Result<Vec<Entry>, ParseError> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let err = |message: &str| ParseError { origin: origin.to_string(), line: i + 1, message: message.to_string() };
        let (kind, rest) = line.split_once(':').ok_or_else(|| err("expected `kind: names => CODE`"))?;
        let kind = match kind.trim() {
            "country" => PlaceKind::Country,
            "capital" => PlaceKind::Capital,
            "city" => PlaceKind::City,
            "region" => PlaceKind::Region,
            "sea" => PlaceKind::Sea,
            other => return Err(err(&format!("unknown kind `{other}`"))),
        };
        let (names, rest) = rest.split_once("=>").ok_or_else(|| err("missing `=> CODE`"))?;
        let (code, at) = match rest.split_once('@') {
            Some((c, at)) => (c.trim(), Some(at.trim())),
            None => (rest.trim(), None),
        };
        let country = match code {
            "-" => None,
            c if c.len() == 3 && c.chars().all(|ch| ch.is_ascii_uppercase()) => Some(c.to_string()),
            _ => return Err(err("the code must be ISO 3166-1 alpha-3 or `-`")),
        };
        let (lat, lon) = match at {
            Some(at) => {
                let mut nums = at.split_whitespace().map(str::parse::<f64>);
                match (nums.next(), nums.next(), nums.next()) {
                    (Some(Ok(lat)), Some(Ok(lon)), None)
                        if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) =>
                    {
                        (lat, lon)
                    }
                    _ => return Err(err("expected `@ latitude longitude` in degrees")),
                }
            }
            None if matches!(kind, PlaceKind::Country | PlaceKind::Capital) => (f64::NAN, f64::NAN),
            None => return Err(err("cities, regions and seas need `@ latitude longitude`")),
        };
        let names: Vec<String> = names.split('|').map(|n| n.trim().to_string()).filter(|n| !n.is_empty()).collect();
        let Some(first) = names.first().cloned() else {
            return Err(err("no name"));
        };
        out.push(Entry { names, place: Place { name: first, country, lat, lon, kind, origin: Origin::Dyad } });
    }
    Ok(out)
}

/// GeoNames' two-letter country code as alpha-3 (`XK` is Kosovo, `XKX`).
pub(crate) fn iso3(alpha2: &str) -> Option<String> {
    if alpha2 == "XK" {
        return Some("XKX".into());
    }
    isocountry::CountryCode::for_alpha2(alpha2).ok().map(|c| c.alpha3().to_string())
}
