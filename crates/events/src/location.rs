//! Where each event happened, from the pipeline's gazetteer (`dyad-places`).
//!
//! The coder proposes the place its parse attaches to the act ("met in Istanbul", "the
//! Moscow talks"); [`locate_events`] then resolves every event's place against the
//! article's other places and countries, looks for one elsewhere in the sentence ("in
//! northern Iraq", "off the coast of Yemen", "around Taiwan") when the parse gave none,
//! takes the struck city of an attack ("shelled Kharkiv"), and last the article's
//! dateline ("KYIV, Ukraine (AP) —", "Maputo –").

use dyad_doc::{Document, Location, Token};
use dyad_places::{Context, Gazetteer, Origin, Place, PlaceKind};

/// A place name as the coder found it, if the gazetteer knows it; resolved later.
pub(crate) fn named(name: &str) -> Option<Location> {
    let g = Gazetteer::builtin();
    g.resolve(name, &Context::default()).or_else(|| g.candidates(name).into_iter().next()).map(|_| Location {
        name: name.to_string(),
        country: None,
        lat: None,
        lon: None,
    })
}

/// Words before a place name that say an act happened there.
/// ("to" and "on" are left out: "spoke to Putin", "on Monday" name no place.)
const LOCATIVE: &[&str] =
    &["in", "at", "near", "outside", "inside", "around", "across", "into", "off", "along", "within", "throughout"];
/// Words between a locative and the name ("in the northern city of Kharkiv").
const FILLER: &[&str] = &[
    "the",
    "northern",
    "southern",
    "eastern",
    "western",
    "north",
    "south",
    "east",
    "west",
    "central",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "north-eastern",
    "north-western",
    "south-eastern",
    "south-western",
    "city",
    "town",
    "village",
    "capital",
    "port",
    "region",
    "province",
    "state",
    "of",
    "coast",
    "border",
    "neighbouring",
    "neighboring",
    "occupied",
    "disputed",
    "frontline",
    "front-line",
    "key",
    "strategic",
];

/// Fills or resolves `location` on every event of `doc`.
pub fn locate_events(doc: &mut Document, g: &Gazetteer) {
    if doc.events.is_empty() {
        return;
    }
    let context = article_context(doc, g);
    let dateline = dateline_place(&doc.text, g, &context);
    let mut located = Vec::with_capacity(doc.events.len());
    for e in &doc.events {
        let index = doc.sentences.iter().position(|s| (s.start, s.end) == e.span);
        let view = index.map(|i| SentenceView::new(doc, i));
        let from_coder = e
            .location
            .as_ref()
            .filter(|l| view.as_ref().is_none_or(|v| !v.names_an_actor(&l.name)))
            .and_then(|l| g.resolve(&l.name, &context));
        let in_sentence = || view.as_ref().and_then(|v| v.place(g, &context, Some(&e.evidence.trigger)));
        let struck = || (e.quad_class == 4).then(|| struck_place(&e.target.text, g, &context)).flatten();
        let place = from_coder.cloned().or_else(in_sentence).or_else(struck).or_else(|| dateline.clone());
        located.push(place.map(|p| to_location(&p)));
    }
    for (e, l) in doc.events.iter_mut().zip(located) {
        e.location = l;
    }
}

/// The place dyad gives an event of sentence `index` that its parse placed nowhere: one
/// the sentence names after a locative word, else the article's dateline.
pub fn place_of_sentence(doc: &Document, index: usize, g: &Gazetteer) -> Option<Location> {
    let context = article_context(doc, g);
    let view = (index < doc.sentences.len()).then(|| SentenceView::new(doc, index))?;
    view.place(g, &context, None).or_else(|| dateline_place(&doc.text, g, &context)).map(|p| to_location(&p))
}

/// A sentence's tokens, and which of them name actors that are not places (people,
/// organisations): "Xi Jinping" is a man, not the town of Jinping.
struct SentenceView<'a> {
    tokens: &'a [Token],
    actor_tokens: Vec<bool>,
}

impl<'a> SentenceView<'a> {
    fn new(doc: &'a Document, index: usize) -> Self {
        let tokens = &doc.sentences[index].tokens;
        let mut actor_tokens = vec![false; tokens.len()];
        for m in doc.mentions.iter().filter(|m| m.sentence == index && !m.place) {
            for t in actor_tokens.iter_mut().take(m.tokens.1).skip(m.tokens.0) {
                *t = true;
            }
        }
        SentenceView { tokens, actor_tokens }
    }

    fn names_an_actor(&self, name: &str) -> bool {
        let first = name.split(' ').next().unwrap_or(name);
        self.tokens.iter().enumerate().any(|(i, t)| t.form == first && self.actor_tokens[i])
    }

    /// A place named after a locative word; the one nearest the trigger, else the most
    /// specific (a city or region before a country).
    fn place(&self, g: &Gazetteer, context: &Context, trigger: Option<&str>) -> Option<Place> {
        let tokens = self.tokens;
        let lower: Vec<String> = tokens.iter().map(|t| t.form.to_lowercase()).collect();
        let trigger_at: Vec<usize> = trigger
            .map(|t| t.to_lowercase())
            .map(|t| {
                lower
                    .iter()
                    .enumerate()
                    .filter(|(_, w)| t.split(' ').any(|x| x == w.as_str()))
                    .map(|(i, _)| i)
                    .collect()
            })
            .unwrap_or_default();
        let mut found: Vec<(usize, Place)> = Vec::new();
        for (i, w) in lower.iter().enumerate() {
            // "attacks on Israel": `on` right after the act
            let on_act = w == "on" && trigger_at.iter().any(|&t| t + 1 == i);
            if !LOCATIVE.contains(&w.as_str()) && !on_act {
                continue;
            }
            // walk the noun phrase: "in Houthi-controlled areas of Yemen", "in the north of Kinshasa"
            let mut k = i + 1;
            while k < tokens.len() && k <= i + 6 {
                if self.actor_tokens[k] {
                    // "in Houthi-controlled areas of Yemen": an actor inside the phrase
                    k += 1;
                    continue;
                }
                if let Some(p) = self.place_at(k, g, context) {
                    // "In Brussels, X said ...": a locative opening the sentence frames all of it
                    let distance =
                        if i == 0 { 0 } else { trigger_at.iter().map(|&t| t.abs_diff(k)).min().unwrap_or(0) };
                    found.push((distance, p));
                    break;
                }
                let t = &tokens[k];
                // a proper name that is no known place is an unknown place: look no further
                let unknown_name = t.form.chars().next().is_some_and(char::is_uppercase) && t.upos == "PROPN";
                let hyphenated = k > 0 && tokens[k - 1].form == "-" || t.form == "-";
                let stops = unknown_name
                    || matches!(t.upos.as_str(), "VERB" | "AUX" | "PRON" | "SCONJ" | "CCONJ") && !hyphenated
                    || t.upos == "PUNCT" && t.form != "-"
                    || (t.upos == "ADP" && lower[k] != "of")
                    || LOCATIVE.contains(&lower[k].as_str());
                if stops && !FILLER.contains(&lower[k].as_str()) {
                    break;
                }
                k += 1;
            }
        }
        let specific = |p: &Place| match p.kind {
            PlaceKind::City | PlaceKind::Capital => 0,
            PlaceKind::Region | PlaceKind::Sea => 1,
            PlaceKind::Country => 2,
        };
        // nearest the act, then most specific, then dyad's own entry, then the article's country
        found
            .into_iter()
            .min_by_key(|(d, p)| {
                (*d, specific(p), p.origin != Origin::Dyad, usize::MAX - context.weight(p.country.as_deref()))
            })
            .map(|(_, p)| p)
    }

    /// The longest capitalised run of tokens from `start` that names a place, with an
    /// optional qualifier after a comma ("Paris, Texas"). A possessor ("Tehran's
    /// consulate") is not where something happened.
    fn place_at(&self, start: usize, g: &Gazetteer, context: &Context) -> Option<Place> {
        let tokens = self.tokens;
        let capitalised = |t: &Token| t.form.chars().next().is_some_and(char::is_uppercase);
        let run = tokens[start..]
            .iter()
            .zip(&self.actor_tokens[start..])
            .take(g.max_words().max(1))
            .take_while(|(t, actor)| !**actor && (capitalised(t) || t.form == "-"))
            .count();
        for len in (1..=run).rev() {
            let name = join(&tokens[start..start + len]);
            if g.candidates(&name).is_empty() {
                continue;
            }
            let after = start + len;
            if tokens.get(after).is_some_and(|t| matches!(t.form.as_str(), "'s" | "’s" | "'")) {
                return None;
            }
            let qualifier = (tokens.get(after).is_some_and(|t| t.form == ",")
                && tokens.get(after + 1).is_some_and(capitalised))
            .then(|| tokens[after + 1].form.as_str());
            return g.resolve_qualified(&name, qualifier, context).cloned();
        }
        None
    }
}

fn to_location(p: &Place) -> Location {
    Location { name: p.name.clone(), country: p.country.clone(), lat: Some(round(p.lat)), lon: Some(round(p.lon)) }
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The countries the article's actors belong to: they decide ambiguous names.
fn article_context(doc: &Document, g: &Gazetteer) -> Context {
    let mut c = Context::default();
    for m in &doc.mentions {
        if let Some(country) = m.actor.country.as_deref().filter(|c| c.len() == 3) {
            c.add_country(country);
        }
        if m.place {
            if let Some(country) = g.resolve(&m.text, &Context::default()).and_then(|p| p.country.as_deref()) {
                c.add_country(country);
            }
        }
    }
    c
}

fn join(tokens: &[Token]) -> String {
    let mut s = String::new();
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 && t.start > tokens[i - 1].end {
            s.push(' ');
        }
        s.push_str(&t.form);
    }
    s
}

/// The target of an attack, when it is a city or region rather than a state.
fn struck_place(target: &str, g: &Gazetteer, context: &Context) -> Option<Place> {
    let p = g.resolve(target, context)?;
    matches!(p.kind, PlaceKind::City | PlaceKind::Capital | PlaceKind::Region).then(|| p.clone())
}

/// The place a dateline opens the article with: "KYIV, Ukraine (AP) —", "Maputo –",
/// "Pyongyang :". Looked for at the start of the first paragraphs only.
fn dateline_place(text: &str, g: &Gazetteer, context: &Context) -> Option<Place> {
    for para in text.split("\n\n").take(4) {
        let para = para.trim_start();
        let head: String = para.chars().take(80).collect();
        let Some(cut) = dash_or_colon(&head) else {
            continue;
        };
        let (before, _) = head.split_at(cut);
        let before = strip_agency(before);
        let mut parts = before.split(',').map(str::trim);
        let name = parts.next().unwrap_or("");
        let qualifier = parts.next();
        if name.is_empty() || name.split_whitespace().count() > 4 || !name.starts_with(char::is_uppercase) {
            continue;
        }
        let titled = titlecase(name);
        if let Some(p) = g.resolve_qualified(&titled, qualifier, context) {
            if !matches!(p.kind, PlaceKind::Sea) {
                return Some(p.clone());
            }
        }
    }
    None
}

/// Where the dateline ends: the first ` – `, ` — `, ` - `, `--` or ` : `.
fn dash_or_colon(head: &str) -> Option<usize> {
    [" – ", " — ", " - ", " -- ", " : ", ": ", "—", "–"].iter().filter_map(|d| head.find(d)).min()
}

/// "KYIV, Ukraine (AP)" → "KYIV, Ukraine".
fn strip_agency(s: &str) -> &str {
    match s.find('(') {
        Some(i) => s[..i].trim_end(),
        None => s.trim_end(),
    }
}

/// Datelines are often capitals ("KYIV"): match them as names.
fn titlecase(s: &str) -> String {
    if !s.chars().any(char::is_lowercase) {
        s.split(' ')
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c.flat_map(char::to_lowercase)).collect::<String>())
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut at = 0;
        for w in s.split(' ') {
            let upos = if w.chars().all(|c| c.is_ascii_punctuation()) { "PUNCT" } else { "NOUN" };
            out.push(Token {
                start: at,
                end: at + w.len(),
                form: w.to_string(),
                upos: upos.into(),
                ..Default::default()
            });
            at += w.len() + 1;
        }
        out
    }

    fn place(s: &str, trigger: Option<&str>) -> Option<Place> {
        let tokens = toks(s);
        let view = SentenceView { actor_tokens: vec![false; tokens.len()], tokens: &tokens };
        view.place(Gazetteer::builtin(), &Context::default(), trigger)
    }

    #[test]
    fn places_after_locatives() {
        let p = place("Turkey struck targets in northern Iraq", None).unwrap();
        assert_eq!(p.country.as_deref(), Some("IRQ"));
        let p = place("delegations met in Istanbul , Turkey , on June 2", None).unwrap();
        assert_eq!((p.name.as_str(), p.country.as_deref()), ("Istanbul", Some("TUR")));
        let p = place("drones fired toward a destroyer in the Red Sea", None).unwrap();
        assert_eq!((p.name.as_str(), p.country.as_deref()), ("Red Sea", None));
        let p = place("a rally in Paris , Texas", None).unwrap();
        assert_eq!(p.country.as_deref(), Some("USA"));
        let p = place("forces destroyed drones in Houthi-controlled areas of Yemen", None).unwrap();
        assert_eq!(p.country.as_deref(), Some("YEM"));
        assert!(place("Russia accused Ukraine of lying", None).is_none());
        // the place nearest the act; a possessor is no place
        let s = "Iran launched attacks on Israel after a strike on Tehran 's consulate in Damascus";
        assert_eq!(place(s, Some("attacks")).unwrap().country.as_deref(), Some("ISR"));
        assert_eq!(place(s, Some("strike")).unwrap().name, "Damascus");
    }

    #[test]
    fn datelines() {
        let g = Gazetteer::builtin();
        let none = Context::default();
        let p = dateline_place("KYIV, Ukraine (AP) — Russia fired missiles.", g, &none).unwrap();
        assert_eq!(p.country.as_deref(), Some("UKR"));
        let p = dateline_place("Maputo – European Union observers criticised the vote.", g, &none).unwrap();
        assert_eq!(p.country.as_deref(), Some("MOZ"));
        assert!(dateline_place("The talks - which lasted an hour - ended.", g, &none).is_none());
    }
}
