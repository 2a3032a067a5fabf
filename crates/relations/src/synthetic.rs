//! A large, plausible synthetic event database for benchmarks (`dyad bench relations`).
//!
//! Fifty countries weighted by how often they are in the news, a set of busy rivalries,
//! a tone per country pair that drifts over the year, common CAMEO codes with their
//! Goldstein values, three years of days, articles of one to six events from thirty
//! outlets, and about one event in five re-reported by a later article (so corroboration
//! has work to do). Rows go in by each backend's bulk path.

use crate::Result;
use chrono::{Days, NaiveDate};
use dyad_doc::{DateBasis, Document, Event, EventActor, Evidence, Metadata};
use dyad_store::Store;

/// (code, name, weight)
const COUNTRIES: [(&str, &str, u32); 50] = [
    ("USA", "the United States", 20),
    ("CHN", "China", 12),
    ("RUS", "Russia", 12),
    ("UKR", "Ukraine", 10),
    ("GBR", "Britain", 8),
    ("FRA", "France", 7),
    ("DEU", "Germany", 7),
    ("ISR", "Israel", 7),
    ("IRN", "Iran", 6),
    ("IND", "India", 6),
    ("JPN", "Japan", 5),
    ("TUR", "Turkey", 5),
    ("SAU", "Saudi Arabia", 4),
    ("PAK", "Pakistan", 4),
    ("PRK", "North Korea", 3),
    ("KOR", "South Korea", 4),
    ("SYR", "Syria", 3),
    ("EGY", "Egypt", 3),
    ("BRA", "Brazil", 3),
    ("CAN", "Canada", 3),
    ("AUS", "Australia", 3),
    ("ITA", "Italy", 3),
    ("POL", "Poland", 3),
    ("QAT", "Qatar", 2),
    ("ARE", "the United Arab Emirates", 2),
    ("AFG", "Afghanistan", 2),
    ("IRQ", "Iraq", 3),
    ("LBN", "Lebanon", 2),
    ("PSE", "the Palestinian Authority", 3),
    ("MEX", "Mexico", 2),
    ("VEN", "Venezuela", 2),
    ("ZAF", "South Africa", 2),
    ("NGA", "Nigeria", 2),
    ("ETH", "Ethiopia", 1),
    ("SDN", "Sudan", 2),
    ("YEM", "Yemen", 2),
    ("TWN", "Taiwan", 2),
    ("PHL", "the Philippines", 2),
    ("VNM", "Vietnam", 1),
    ("IDN", "Indonesia", 1),
    ("BLR", "Belarus", 2),
    ("GEO", "Georgia", 1),
    ("ARM", "Armenia", 1),
    ("AZE", "Azerbaijan", 1),
    ("HUN", "Hungary", 1),
    ("ESP", "Spain", 2),
    ("NLD", "the Netherlands", 1),
    ("SWE", "Sweden", 1),
    ("FIN", "Finland", 1),
    ("KAZ", "Kazakhstan", 1),
];

/// Pairs that fill the news (index into COUNTRIES), weight, and how conflictual they run (0..1).
const RIVALRIES: [(usize, usize, u32, f64); 14] = [
    (0, 1, 10, 0.55),
    (0, 2, 10, 0.6),
    (2, 3, 14, 0.8),
    (7, 8, 6, 0.8),
    (7, 28, 8, 0.85),
    (9, 13, 5, 0.7),
    (1, 36, 4, 0.65),
    (15, 14, 3, 0.75),
    (0, 8, 5, 0.7),
    (12, 35, 3, 0.75),
    (42, 43, 2, 0.7),
    (0, 3, 6, 0.2),
    (4, 3, 3, 0.15),
    (1, 2, 4, 0.2),
];

/// (cameo, root, quad class, Goldstein, phrase, weight)
type Code = (&'static str, &'static str, u8, f64, &'static str, u32);
const COOPERATION: [Code; 12] = [
    ("010", "01", 1, 0.0, "commented on", 10),
    ("020", "02", 1, 3.0, "appealed to", 4),
    ("036", "03", 1, 4.0, "offered to meet", 4),
    ("040", "04", 1, 1.0, "held consultations with", 6),
    ("042", "04", 1, 1.9, "visited", 4),
    ("043", "04", 1, 2.8, "hosted", 3),
    ("046", "04", 1, 7.0, "negotiated with", 3),
    ("051", "05", 1, 3.4, "praised", 3),
    ("057", "05", 1, 8.0, "signed an agreement with", 2),
    ("061", "06", 2, 6.4, "expanded economic cooperation with", 2),
    ("070", "07", 2, 7.0, "provided aid to", 2),
    ("071", "07", 2, 7.4, "sent economic aid to", 1),
];
const CONFLICT: [Code; 10] = [
    ("111", "11", 3, -2.0, "criticized", 8),
    ("112", "11", 3, -2.0, "accused", 8),
    ("120", "12", 3, -4.0, "rejected a proposal from", 4),
    ("130", "13", 3, -4.4, "threatened", 3),
    ("138", "13", 3, -7.0, "threatened military action against", 2),
    ("163", "16", 4, -8.0, "imposed an embargo on", 1),
    ("172", "17", 4, -5.0, "imposed sanctions on", 2),
    ("190", "19", 4, -10.0, "attacked", 3),
    ("193", "19", 4, -10.0, "fought", 1),
    ("195", "19", 4, -10.0, "carried out air strikes on", 2),
];
const SECTORS: [(&str, &str, u32); 6] = [
    ("", "", 25),
    ("GOV", " government", 50),
    ("MIL", " military", 15),
    ("LEG", " parliament", 4),
    ("BUS", " businesses", 3),
    ("MED", " media", 3),
];
const OUTLETS: usize = 30;
const DAYS: u64 = 3 * 365;

/// SplitMix64: small, fast, and reproducible from a seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn weighted<T>(&mut self, items: &[T], weight: impl Fn(&T) -> u32) -> usize {
        let total: u64 = items.iter().map(|i| u64::from(weight(i))).sum();
        let mut pick = self.below(total);
        for (i, item) in items.iter().enumerate() {
            let w = u64::from(weight(item));
            if pick < w {
                return i;
            }
            pick -= w;
        }
        items.len().saturating_sub(1)
    }
}

/// How conflictual pair (s, t) runs on day `day`: a base from the rivalry list or a hash of
/// the pair, drifting along a yearly wave with a pair-specific phase.
fn hostility(s: usize, t: usize, day: u64) -> f64 {
    let (lo, hi) = if s < t { (s, t) } else { (t, s) };
    let base = RIVALRIES
        .iter()
        .find(|r| (r.0.min(r.1), r.0.max(r.1)) == (lo, hi))
        .map(|r| r.3)
        .unwrap_or_else(|| 0.2 + ((lo * 31 + hi * 17) % 23) as f64 / 60.0);
    let phase = ((lo * 7 + hi * 13) % 12) as f64 / 12.0 * std::f64::consts::TAU;
    let wave = (day as f64 / 365.0 * std::f64::consts::TAU + phase).sin() * 0.2;
    (base + wave).clamp(0.02, 0.98)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyntheticStats {
    pub articles: u64,
    pub events: u64,
}

#[derive(Clone)]
struct Planned {
    s: usize,
    t: usize,
    s_sector: usize,
    t_sector: usize,
    code: Code,
    day: u64,
}

/// Inserts `events` synthetic events (and their articles) into a fresh store, by the
/// backend's bulk path (prepared inserts in SQLite, binary `COPY` in PostgreSQL), in
/// chunks of a few thousand articles. The same seed gives the same rows, ids included, on
/// both backends.
pub fn generate(store: &mut Store, events: u64, seed: u64) -> Result<SyntheticStats> {
    let start = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default();
    let ingested_at = chrono::DateTime::from_timestamp(1_767_225_600, 0).unwrap_or_default(); // 2026-01-01
    let mut rng = Rng(seed ^ 0x5EED_D1AD);
    let mut recent: Vec<Planned> = Vec::with_capacity(64);
    let mut made = 0u64;
    let mut articles = 0u64;
    let mut chunk: Vec<Document> = Vec::with_capacity(CHUNK);
    while made < events {
        let in_article = (1 + rng.below(6)).min(events - made);
        let planned = plan_article(&mut rng, &mut recent, in_article);
        articles += 1;
        made += planned.len() as u64;
        chunk.push(article(&mut rng, &planned, start, seed, articles));
        if chunk.len() >= CHUNK {
            store.bulk_load(&chunk, ingested_at)?;
            chunk.clear();
        }
    }
    if !chunk.is_empty() {
        store.bulk_load(&chunk, ingested_at)?;
    }
    Ok(SyntheticStats { articles, events: made })
}

/// Articles per bulk load.
const CHUNK: usize = 20_000;

/// The events of one article: some re-reports of recent events, the rest new.
fn plan_article(rng: &mut Rng, recent: &mut Vec<Planned>, in_article: u64) -> Vec<Planned> {
    let mut planned = Vec::new();
    for _ in 0..in_article {
        if !recent.is_empty() && rng.unit() < 0.2 {
            // Another outlet reports a recent event, dated the same day or the next.
            let mut again = recent[rng.below(recent.len() as u64) as usize].clone();
            again.day = (again.day + rng.below(2)).min(DAYS - 1);
            planned.push(again);
            continue;
        }
        let (s, t) = if rng.unit() < 0.35 {
            let r = RIVALRIES[rng.weighted(&RIVALRIES, |r| r.2)];
            if rng.below(2) == 0 {
                (r.0, r.1)
            } else {
                (r.1, r.0)
            }
        } else {
            let s = rng.weighted(&COUNTRIES, |c| c.2);
            let mut t = rng.weighted(&COUNTRIES, |c| c.2);
            if t == s {
                t = (t + 1 + rng.below(COUNTRIES.len() as u64 - 1) as usize) % COUNTRIES.len();
            }
            (s, t)
        };
        let day = rng.below(DAYS);
        let list: &[Code] = if rng.unit() < hostility(s, t, day) { &CONFLICT } else { &COOPERATION };
        let code = list[rng.weighted(list, |c| c.5)];
        let s_sector = rng.weighted(&SECTORS, |x| x.2);
        let t_sector = rng.weighted(&SECTORS, |x| x.2);
        let p = Planned { s, t, s_sector, t_sector, code, day };
        if recent.len() < 64 {
            recent.push(p.clone());
        } else {
            let slot = rng.below(64) as usize;
            recent[slot] = p.clone();
        }
        planned.push(p);
    }
    planned
}

/// The article of `planned` events: one sentence per event, from one of the outlets.
fn article(rng: &mut Rng, planned: &[Planned], start: NaiveDate, seed: u64, number: u64) -> Document {
    let doc = format!("synthetic-{number}");
    let mut text = String::new();
    let mut spans = Vec::with_capacity(planned.len());
    for p in planned {
        let date = start + Days::new(p.day);
        let src = format!("{}{}", COUNTRIES[p.s].1, SECTORS[p.s_sector].1);
        let tgt = format!("{}{}", COUNTRIES[p.t].1, SECTORS[p.t_sector].1);
        let sentence = capitalise(&format!("On {}, {} {} {}.", date.format("%B %-d"), src, p.code.4, tgt));
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let begin = text.len();
        text.push_str(&sentence);
        spans.push((begin, text.len(), src, tgt, date));
    }
    let first = &planned[0];
    let outlet = (rng.below(OUTLETS as u64) + 1) as usize;
    let published = spans.iter().map(|s| s.4).max().unwrap_or(start);
    let title = format!(
        "{} and {}: {}",
        capitalise(COUNTRIES[first.s].1),
        COUNTRIES[first.t].1,
        if first.code.2 <= 2 { "talks and ties" } else { "tensions rise" }
    );
    let mut events = Vec::with_capacity(planned.len());
    for (k, (p, (begin, end, src, tgt, date))) in planned.iter().zip(spans).enumerate() {
        let actor = |country: usize, sector: usize, words: String| EventActor {
            code: format!("{}{}", COUNTRIES[country].0, SECTORS[sector].0),
            country: Some(COUNTRIES[country].0.to_string()),
            sector: (!SECTORS[sector].0.is_empty()).then(|| SECTORS[sector].0.to_string()),
            name: None,
            text: words,
        };
        events.push(Event {
            doc: doc.clone(),
            event_id: format!("{doc}-{k}"),
            date: Some(date),
            date_basis: DateBasis::Explicit,
            source: actor(p.s, p.s_sector, src),
            target: actor(p.t, p.t_sector, tgt),
            cameo: p.code.0.to_string(),
            root: p.code.1.to_string(),
            quad_class: p.code.2,
            goldstein: p.code.3,
            sentence: text.get(begin..end).unwrap_or("").to_string(),
            span: (begin, end),
            location: None,
            confidence: 0.5 + rng.unit() * 0.45,
            evidence: Evidence { trigger: p.code.4.to_string(), pattern: "synthetic".into(), notes: Vec::new() },
        });
    }
    Document {
        id: doc,
        origin: "synthetic".into(),
        meta: Metadata {
            title: Some(title),
            published: Some(published),
            published_basis: Some("meta".into()),
            site_name: Some(format!("News {outlet}")),
            url: Some(format!("https://news{outlet}.example/world/{number}")),
            language: Some("en".into()),
            ..Default::default()
        },
        text,
        content_hash: format!("{seed:016x}{number:016x}"),
        events,
        ..Default::default()
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A small hand-written set of articles with coded events, for tests and demos: US–Russia
/// talks and sanctions, Russian strikes on Ukraine reported by two outlets, a US–Ukraine
/// agreement, and one undated event. Spans and actor words point into each text.
pub fn sample_documents() -> Vec<dyad_doc::Document> {
    use dyad_doc::{DateBasis, Document, Event, EventActor, Evidence, Metadata};
    struct Ev(
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        f64,
        Option<&'static str>,
    );
    let actor = |code: &str, text: &str| EventActor {
        code: code.into(),
        country: Some(code.chars().take(3).collect()),
        sector: (code.len() > 3).then(|| code.chars().skip(3).collect()),
        name: None,
        text: text.into(),
    };
    let build = |id: &str, site: &str, published: &str, title: &str, text: &str, evs: Vec<Ev>| {
        let text = text.to_string();
        let events = evs
            .iter()
            .enumerate()
            .map(|(k, e)| {
                // Ev(sentence start, source code, source words, trigger, target code, target words, cameo, goldstein, date)
                let start = text.find(e.0).unwrap_or(0);
                let end = text[start..].find(". ").map_or(text.len(), |i| start + i + 1);
                let cameo = e.6.to_string();
                let root: String = cameo.chars().take(2).collect();
                let quad = match root.parse::<u8>().unwrap_or(0) {
                    1..=5 => 1,
                    6..=8 => 2,
                    9..=13 => 3,
                    _ => 4,
                };
                Event {
                    doc: id.into(),
                    event_id: format!("{id}-{k}"),
                    date: e.8.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
                    date_basis: if e.8.is_some() { DateBasis::Explicit } else { DateBasis::Publication },
                    source: actor(e.1, e.2),
                    target: actor(e.4, e.5),
                    cameo,
                    root,
                    quad_class: quad,
                    goldstein: e.7,
                    sentence: text[start..end].to_string(),
                    span: (start, end),
                    location: None,
                    confidence: 0.8,
                    evidence: Evidence { trigger: e.3.into(), pattern: "sample".into(), notes: Vec::new() },
                }
            })
            .collect();
        Document {
            id: id.into(),
            origin: format!("sample/{id}"),
            meta: Metadata {
                title: Some(title.into()),
                published: NaiveDate::parse_from_str(published, "%Y-%m-%d").ok(),
                published_basis: Some("meta".into()),
                site_name: Some(site.into()),
                url: Some(format!("https://{}/{id}", site.to_ascii_lowercase().replace(' ', ""))),
                language: Some("en".into()),
                ..Default::default()
            },
            content_hash: format!("sample-{id}-{}", text.len()),
            text,
            events,
            ..Default::default()
        }
    };
    vec![
        build(
            "strike-a", "Harbor Post", "2025-03-03", "Missiles hit Kyiv overnight",
            "Russia launched missile strikes on Kyiv early on Monday, Ukrainian officials said. The United States condemned the attack within hours. Air defence units shot down most of the drones.",
            vec![
                Ev("Russia launched", "RUS", "Russia", "launched missile strikes", "UKR", "Kyiv", "195", -10.0, Some("2025-03-03")),
                Ev("The United States condemned", "USA", "The United States", "condemned", "RUS", "the attack", "111", -2.0, Some("2025-03-03")),
            ],
        ),
        build(
            "strike-b", "Meridian Wire", "2025-03-04", "Kyiv counts the damage",
            "A day after Russian forces struck Kyiv with missiles, residents cleared the rubble. Officials said repairs would take weeks.",
            vec![Ev("A day after", "RUSMIL", "Russian forces", "struck", "UKR", "Kyiv", "195", -10.0, Some("2025-03-03"))],
        ),
        build(
            "talks", "Harbor Post", "2025-03-12", "Delegations meet in Riyadh",
            "American and Russian delegations met in Riyadh on Wednesday. Secretary of State Marco Rubio praised the Russian delegation for its seriousness. Moscow welcomed the talks as a first step.",
            vec![
                Ev("American and Russian", "USAGOV", "American", "met", "RUSGOV", "Russian delegations", "040", 1.0, Some("2025-03-12")),
                Ev("Secretary of State", "USAGOV", "Marco Rubio", "praised", "RUSGOV", "the Russian delegation", "051", 3.4, Some("2025-03-12")),
                Ev("Moscow welcomed", "RUSGOV", "Moscow", "welcomed", "USAGOV", "the talks", "051", 3.4, Some("2025-03-12")),
            ],
        ),
        build(
            "sanctions", "Meridian Wire", "2025-03-20", "New sanctions on Russian banks",
            "The US Treasury imposed sanctions on three Russian banks on Thursday. The Kremlin called the measures hostile.",
            vec![
                Ev("The US Treasury", "USAGOV", "The US Treasury", "imposed sanctions", "RUSBUS", "three Russian banks", "163", -8.0, Some("2025-03-20")),
                Ev("The Kremlin called", "RUSGOV", "The Kremlin", "called the measures hostile", "USAGOV", "the measures", "111", -2.0, Some("2025-03-20")),
            ],
        ),
        build(
            "minerals", "Capital Ledger", "2025-04-30", "Minerals deal signed",
            "Ukraine and the United States signed a minerals agreement in Washington on Wednesday. President Zelenskyy thanked American negotiators.",
            vec![
                Ev("Ukraine and the United States", "UKRGOV", "Ukraine", "signed", "USAGOV", "the United States", "057", 8.0, Some("2025-04-30")),
                Ev("President Zelenskyy", "UKRGOV", "President Zelenskyy", "thanked", "USA", "American negotiators", "051", 3.4, Some("2025-04-30")),
            ],
        ),
        build(
            "undated", "Capital Ledger", "2025-05-02", "Envoy to travel",
            "Russia invited the American envoy to Moscow for further talks.",
            vec![Ev("Russia invited", "RUS", "Russia", "invited", "USA", "the American envoy", "036", 4.0, None)],
        ),
    ]
}
