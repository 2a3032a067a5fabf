//! Event records from candidates: CAMEO values, dates, ids, and one record per distinct act.

use super::refine::pick_date;
use super::{ActorRef, Candidate};
use crate::dates::DateMention;
use crate::tree::Tree;
use dyad_doc::{Document, Event, EventActor, Evidence};
use std::collections::HashMap;

pub(super) fn build_events(
    doc: &Document,
    candidates: Vec<Candidate>,
    dates: &[Vec<DateMention>],
    sentences: &[dyad_doc::Sentence],
) -> Vec<Event> {
    let mut events: Vec<Event> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for c in candidates {
        // codes outside CAMEO (foreign dictionaries) pass through with their first two digits as root
        let info = match dyad_cameo::lookup(&c.code) {
            Some(i) => CodeInfo {
                code: i.code.to_string(),
                root: i.root().to_string(),
                quad: i.quad_class(),
                goldstein: i.goldstein,
            },
            None if c.code.len() >= 2 => {
                let root = c.code.get(..2).unwrap_or("").to_string();
                let quad = match root.parse::<u8>().unwrap_or(0) {
                    1..=5 => 1,
                    6..=9 => 2,
                    10..=14 => 3,
                    15..=20 => 4,
                    _ => 0,
                };
                CodeInfo { code: c.code.clone(), root, quad, goldstein: 0.0 }
            }
            None => continue,
        };
        let Some(sentence) = sentences.get(c.sentence) else {
            continue;
        };
        let tree = Tree::new(sentence);
        let date_mention = dates.get(c.sentence).and_then(|d| {
            let t = c.clause;
            pick_date(&tree, d, c.clause, t)
        });
        let (date, basis, date_key) = crate::dates::event_date(date_mention, crate::dates::Reference::of(&doc.meta));
        let (a, b) = (c.source.actor.code.clone(), c.target.actor.code.clone());
        let pair = if c.symmetric && b < a { format!("{b}|{a}") } else { format!("{a}|{b}") };
        let key = format!("{pair}|{}|{date_key}", info.root);
        if let Some(&i) = seen.get(&key) {
            if let Some(e) = events.get_mut(i) {
                e.evidence.notes.push(format!("also reported in sentence {}", c.sentence + 1));
            }
            continue;
        }
        let text = doc.slice(sentence.start, sentence.end).to_string();
        // content hash included: two different files with one name get different ids
        let event_id = format!(
            "{}{:016x}",
            doc.content_hash.get(..8).unwrap_or(""),
            fnv1a(&format!(
                "{}|{}|{}|{}|{}|{}|{}",
                doc.id, doc.content_hash, sentence.start, sentence.end, a, b, info.code
            ))
        );
        let mut notes = c.notes;
        if let Some(m) = date_mention {
            notes.push(format!("date from \"{}\"", m.key));
        }
        seen.insert(key, events.len());
        events.push(Event {
            doc: doc.id.clone(),
            event_id,
            date,
            date_basis: basis,
            source: event_actor(&c.source),
            target: event_actor(&c.target),
            cameo: info.code.clone(),
            root: info.root.clone(),
            quad_class: info.quad,
            goldstein: info.goldstein,
            sentence: text,
            span: (sentence.start, sentence.end),
            location: c.location,
            confidence: (c.confidence * 100.0).round() / 100.0,
            evidence: Evidence { trigger: c.trigger, pattern: c.pattern, notes },
        });
    }
    events
}

pub(super) struct CodeInfo {
    code: String,
    root: String,
    quad: u8,
    goldstein: f64,
}

pub(super) fn event_actor(a: &ActorRef) -> EventActor {
    EventActor {
        code: a.actor.code.clone(),
        country: a.actor.country.clone(),
        sector: a.actor.sector.clone(),
        name: a.actor.name.clone(),
        text: a.text.clone(),
    }
}

/// FNV-1a, 64 bits: a stable hash for event ids (same input, same id, any platform).
pub(super) fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
