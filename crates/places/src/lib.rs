//! One gazetteer for the whole pipeline: where a place is, and in which country.
//!
//! Two sources, one index: dyad's own list (`data/places.txt`: countries, capitals,
//! cities with the spellings news uses, first-level regions, seas) and the GeoNames
//! populated places bundled by the `cities-json` crate (every place above 1,000
//! inhabitants and every administrative seat; CC BY 4.0). Names are matched with case,
//! diacritics, hyphens and apostrophes folded ("Zaporizhzhia", "Sharm el-Sheikh").
//!
//! A name may be several places ("Georgia", "Paris"). [`Gazetteer::resolve`] picks one from
//! the article's other places and countries ([`Context`]), from a qualifier ("Paris,
//! Texas"), and otherwise from dyad's own list; a name still ambiguous across countries
//! resolves to nothing rather than to a guess.

mod data;
mod name;

use std::collections::HashMap;
use std::sync::OnceLock;

pub use data::ParseError;
pub use name::fold;

/// What kind of place an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceKind {
    Country,
    Capital,
    /// A city, town or village.
    City,
    /// A first-level region, territory or named area.
    Region,
    /// A sea, gulf, strait or ocean.
    Sea,
}

impl PlaceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Country => "country",
            PlaceKind::Capital => "capital",
            PlaceKind::City => "city",
            PlaceKind::Region => "region",
            PlaceKind::Sea => "sea",
        }
    }
}

/// Where a place entry came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// dyad's own list, `data/places.txt`.
    Dyad,
    /// GeoNames, through `cities-json`.
    GeoNames,
}

/// One place.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// The canonical name.
    pub name: String,
    /// ISO 3166-1 alpha-3 (`XKX` for Kosovo); `None` for seas and areas beyond one country.
    pub country: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub kind: PlaceKind,
    pub origin: Origin,
}

/// What else an article names: the countries of its places and actors, counted.
#[derive(Debug, Clone, Default)]
pub struct Context {
    countries: HashMap<String, usize>,
}

impl Context {
    pub fn is_empty(&self) -> bool {
        self.countries.is_empty()
    }

    /// Counts one mention of a country (ISO alpha-3).
    pub fn add_country(&mut self, iso3: &str) {
        *self.countries.entry(iso3.to_string()).or_default() += 1;
    }

    /// How often the article names the country (ISO alpha-3).
    pub fn weight(&self, country: Option<&str>) -> usize {
        country.and_then(|c| self.countries.get(c)).copied().unwrap_or(0)
    }
}

/// The gazetteer: every place by folded name.
#[derive(Debug, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    /// Every name of each place, parallel to `places`.
    names: Vec<Vec<String>>,
    by_name: HashMap<String, Vec<u32>>,
    /// The longest name in words, for callers scanning token windows.
    max_words: usize,
}

const BUILTIN: &str = include_str!("../data/places.txt");

impl Gazetteer {
    /// dyad's list and the GeoNames places, built once per process (the data is embedded
    /// and never changes, so every caller shares the same value).
    pub fn builtin() -> &'static Gazetteer {
        static BUILT: OnceLock<Gazetteer> = OnceLock::new();
        BUILT.get_or_init(|| {
            let mut g = Gazetteer::own();
            g.add_geonames();
            g
        })
    }

    /// dyad's own list alone, without GeoNames: cheap, for the names it holds (capitals).
    pub fn own() -> Gazetteer {
        Gazetteer::parse(BUILTIN, "places.txt").expect("the built-in gazetteer parses (tested)")
    }

    /// A gazetteer of dyad's format only (no GeoNames): for tests and user lists.
    pub fn parse(text: &str, origin: &str) -> Result<Gazetteer, ParseError> {
        let mut g = Gazetteer::default();
        for entry in data::parse(text, origin)? {
            g.push(entry.names, entry.place);
        }
        Ok(g)
    }

    fn push(&mut self, names: Vec<String>, place: Place) {
        let id = self.places.len() as u32;
        for n in &names {
            let key = fold(n);
            if key.is_empty() {
                continue;
            }
            self.max_words = self.max_words.max(key.split(' ').count());
            let ids = self.by_name.entry(key).or_default();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        self.places.push(place);
        self.names.push(names);
    }

    /// Adds the GeoNames places; fills in capitals' and countries' missing coordinates.
    fn add_geonames(&mut self) {
        let mut sums: HashMap<String, (f64, f64, usize)> = HashMap::new();
        for city in cities_json::CITIES.iter() {
            let Some(country) = data::iso3(&city.country) else {
                continue;
            };
            let s = sums.entry(country.clone()).or_default();
            *s = (s.0 + city.lat, s.1 + city.lng, s.2 + 1);
            let key = fold(&city.name);
            // a capital of dyad's list without coordinates takes its GeoNames namesake's
            let own = self.by_name.get(&key).and_then(|ids| {
                ids.iter().copied().find(|&i| {
                    let p = &self.places[i as usize];
                    p.origin == Origin::Dyad && p.country.as_deref() == Some(&country) && p.lat.is_nan()
                })
            });
            if let Some(i) = own {
                let p = &mut self.places[i as usize];
                (p.lat, p.lon) = (city.lat, city.lng);
                continue;
            }
            let place = Place {
                name: city.name.clone(),
                country: Some(country),
                lat: city.lat,
                lon: city.lng,
                kind: PlaceKind::City,
                origin: Origin::GeoNames,
            };
            self.push(vec![city.name.clone()], place);
        }
        for p in &mut self.places {
            if p.lat.is_nan() {
                if let Some((lat, lon, n)) = p.country.as_ref().and_then(|c| sums.get(c)).filter(|s| s.2 > 0) {
                    (p.lat, p.lon) = (lat / *n as f64, lon / *n as f64);
                }
            }
        }
        // Entries nothing located (a capital GeoNames spells otherwise) stay out of results.
    }

    /// Every place a name can be, dyad's own entries first.
    pub fn candidates(&self, name: &str) -> Vec<&Place> {
        let mut out: Vec<&Place> = self
            .by_name
            .get(&fold(name))
            .map(|ids| ids.iter().map(|&i| &self.places[i as usize]).filter(|p| !p.lat.is_nan()).collect())
            .unwrap_or_default();
        out.sort_by_key(|p| p.origin != Origin::Dyad);
        out
    }

    /// Whether the name is a place at all.
    pub fn knows(&self, name: &str) -> bool {
        !self.candidates(name).is_empty()
    }

    /// The place a name most likely means in an article: see the crate documentation.
    pub fn resolve(&self, name: &str, context: &Context) -> Option<&Place> {
        self.resolve_qualified(name, None, context)
    }

    /// As [`Gazetteer::resolve`], with a qualifier written after the name ("Paris, Texas":
    /// qualifier "Texas"), which must contain the place.
    pub fn resolve_qualified(&self, name: &str, qualifier: Option<&str>, context: &Context) -> Option<&Place> {
        let mut candidates = self.candidates(name);
        if let Some(q) = qualifier {
            let within: Vec<Option<&str>> = self.candidates(q).iter().map(|p| p.country.as_deref()).collect();
            let kept: Vec<&Place> =
                candidates.iter().copied().filter(|p| within.contains(&p.country.as_deref())).collect();
            if !kept.is_empty() {
                candidates = kept;
            }
        }
        let first = *candidates.first()?;
        let score = |p: &Place| {
            let own = if p.origin == Origin::Dyad { 2 } else { 0 };
            let big = matches!(p.kind, PlaceKind::Country | PlaceKind::Capital) as usize;
            own + big + 3 * context.weight(p.country.as_deref()).min(3)
        };
        let best = candidates.iter().map(|p| score(p)).max()?;
        let top: Vec<&Place> = candidates.iter().copied().filter(|p| score(p) == best).collect();
        let countries: Vec<Option<&str>> = top.iter().map(|p| p.country.as_deref()).collect();
        if !countries.iter().all(|c| *c == countries[0]) {
            return None;
        }
        // one country: dyad's entry, else the first GeoNames one; a GeoNames town in a
        // country the article never names is more likely a namesake than the place meant
        let chosen = top.first().copied().unwrap_or(first);
        let stray = qualifier.is_none()
            && chosen.origin == Origin::GeoNames
            && !context.is_empty()
            && context.weight(chosen.country.as_deref()) == 0;
        (!stray).then_some(chosen)
    }

    /// The country (alpha-3) of a country name: "Ukraine" → `UKR`.
    pub fn country_named(&self, name: &str) -> Option<&Place> {
        self.candidates(name).into_iter().find(|p| p.kind == PlaceKind::Country)
    }

    /// dyad's capitals: every name of each, with its country. The actor recogniser reads
    /// these as governments when they act ("Moscow said").
    pub fn capitals(&self) -> impl Iterator<Item = (&[String], &str)> {
        self.places
            .iter()
            .zip(&self.names)
            .filter(|(p, _)| p.kind == PlaceKind::Capital && p.origin == Origin::Dyad)
            .filter_map(|(p, n)| Some((n.as_slice(), p.country.as_deref()?)))
    }

    /// The longest place name, in words.
    pub fn max_words(&self) -> usize {
        self.max_words
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }
}

#[cfg(test)]
mod tests;
