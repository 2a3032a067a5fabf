//! Test helpers: documents from compact hand-written parses.
//!
//! Each token line: `FORM LEMMA UPOS HEAD DEPREL` (HEAD 1-based, 0 = root); sentences are
//! separated by blank lines. Actors are marked from a small table of test names.

use dyad_doc::{Actor, Document, Mention, Sentence, Token};

/// (form, code, country, sector, place)
const TEST_ACTORS: &[(&str, &str, &str, Option<&str>, bool)] = &[
    ("Russia", "RUS", "RUS", None, true),
    ("Ukraine", "UKR", "UKR", None, true),
    ("Kyiv", "UKRGOV", "UKR", Some("GOV"), true),
    ("Moscow", "RUSGOV", "RUS", Some("GOV"), true),
    ("Russian", "RUS", "RUS", None, false),
    ("Ukrainian", "UKR", "UKR", None, false),
    ("Putin", "RUSGOV", "RUS", Some("GOV"), false),
    ("Zelenskyy", "UKRGOV", "UKR", Some("GOV"), false),
    ("Tusk", "POLGOV", "POL", Some("GOV"), false),
    ("Poland", "POL", "POL", None, true),
    ("Hungary", "HUN", "HUN", None, true),
    ("Orban", "HUNGOV", "HUN", Some("GOV"), false),
    ("Armenia", "ARM", "ARM", None, true),
    ("Azerbaijan", "AZE", "AZE", None, true),
    ("Israel", "ISR", "ISR", None, true),
    ("Iran", "IRN", "IRN", None, true),
    ("Tehran", "IRNGOV", "IRN", Some("GOV"), true),
    ("Erdogan", "TURGOV", "TUR", Some("GOV"), false),
    ("Sudan", "SDN", "SDN", None, true),
    ("Chad", "TCD", "TCD", None, true),
    ("NATO", "NATO", "NATO", None, false),
    ("Macron", "FRAGOV", "FRA", Some("GOV"), false),
    ("India", "IND", "IND", None, true),
    ("Pakistan", "PAK", "PAK", None, true),
    ("Senator", "USALEG", "USA", Some("LEG"), false),
    ("Biden", "USAGOV", "USA", Some("GOV"), false),
    ("China", "CHN", "CHN", None, true),
    ("Taiwan", "TWN", "TWN", None, true),
    ("Venezuela", "VEN", "VEN", None, true),
    ("Colombia", "COL", "COL", None, true),
];

pub fn doc(parse: &str, published: Option<&str>) -> Document {
    let mut d = Document { id: "test".into(), ..Default::default() };
    d.meta.published = published.and_then(|p| chrono::NaiveDate::parse_from_str(p, "%Y-%m-%d").ok());
    for block in parse.split("\n\n") {
        let lines: Vec<&str> = block.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        if lines.is_empty() {
            continue;
        }
        if !d.text.is_empty() {
            d.text.push(' ');
        }
        let start = d.text.len();
        let mut tokens = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            let f: Vec<&str> = l.split_whitespace().collect();
            assert_eq!(f.len(), 5, "bad test token line: {l}");
            if i > 0 {
                d.text.push(' ');
            }
            let s = d.text.len();
            d.text.push_str(f[0]);
            tokens.push(Token {
                start: s,
                end: d.text.len(),
                form: f[0].into(),
                lemma: f[1].into(),
                upos: f[2].into(),
                xpos: String::new(),
                head: f[3].parse().unwrap(),
                deprel: f[4].into(),
            });
        }
        let si = d.sentences.len();
        for (i, t) in tokens.iter().enumerate() {
            if let Some(&(_, code, country, sector, place)) = TEST_ACTORS.iter().find(|a| a.0 == t.form) {
                d.mentions.push(Mention {
                    sentence: si,
                    tokens: (i, i + 1),
                    start: t.start,
                    end: t.end,
                    text: t.form.clone(),
                    actor: Actor {
                        code: code.into(),
                        country: Some(country.into()),
                        sector: sector.map(Into::into),
                        name: Some(t.form.clone()),
                    },
                    head: i,
                    rule: "test".into(),
                    place,
                    // the fixture's names with a sector are its people ("Putin", "Orban")
                    person: !place && sector.is_some() && t.form.chars().next().is_some_and(char::is_uppercase),
                });
            }
        }
        d.sentences.push(Sentence { start, end: d.text.len(), tokens });
    }
    d
}

/// `(source, target, code)` of the coded events.
pub fn triples(d: &Document) -> Vec<(String, String, String)> {
    d.events.iter().map(|e| (e.source.code.clone(), e.target.code.clone(), e.cameo.clone())).collect()
}
