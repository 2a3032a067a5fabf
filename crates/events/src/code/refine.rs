//! Specific codes from the instruments named, the place of an act, and its date.

use super::frame::Frame;
use super::syntax::subject_of;
use super::SentenceContext;
use crate::dates::DateMention;
use crate::lexicon::Lexicon;
use crate::tree::Tree;
use dyad_doc::Location;

/// Codes that depend on who acts: a formal protest (114) by civilians, opposition supporters
/// or unions is a demonstration (141); plain violence (an attack, an assault, fighting) by
/// crowds of civilians or the opposition is a riot (145). Governments lodge protests; crowds take to the streets.
pub(super) fn code_for_source(code: &str, source_sector: Option<&str>) -> String {
    let crowd = matches!(source_sector, Some("CVL" | "OPP" | "LAB" | "EDU"));
    match code {
        "114" if crowd => "141".to_string(),
        "180" | "182" | "190" if crowd => "145".to_string(),
        c => c.to_string(),
    }
}

/// Killing a named person is an assassination (186): "Israel killed Hamas's political chief
/// Ismail Haniyeh". Fighting (190) kills soldiers and fighters, not people by name.
/// Killing civilians by the dozen or more is a mass killing (202).
pub(super) fn code_for_target(lex: &Lexicon, code: &str, trigger: &str, target: Target) -> String {
    if !code.starts_with("19") || !lex.killing_verbs.contains(trigger) {
        return code.to_string();
    }
    match target {
        Target::Person => "186".to_string(),
        Target::ManyCivilians => "202".to_string(),
        Target::Other => code.to_string(),
    }
}

/// What a killing's target is, for [`code_for_target`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Target {
    Person,
    ManyCivilians,
    Other,
}

impl Target {
    pub(super) fn of(tree: &Tree, lex: &Lexicon, head: usize, person: bool, sector: Option<&str>) -> Target {
        if person {
            return Target::Person;
        }
        if sector != Some("CVL") {
            return Target::Other;
        }
        // "hundreds of civilians", "at least 223 villagers", "dozens of people"
        let counted = tree.subtree_bfs(head).into_iter().chain(tree.head(head)).any(|i| {
            let w = tree.form(i).to_lowercase().replace(',', "");
            w.parse::<u32>().is_ok_and(|n| n >= 20) || lex.mass_quantities.contains(w.as_str())
        });
        if counted {
            Target::ManyCivilians
        } else {
            Target::Other
        }
    }
}

/// Specific codes from the instruments the clause names: missiles and drones (195),
/// artillery (194).
pub(super) fn refine_code(lex: &Lexicon, tree: &Tree, code: &str, frame: &Frame, t: usize) -> String {
    if !matches!(code, "190" | "19" | "18" | "180" | "1712") {
        return code.to_string();
    }
    let mut scope = tree.subtree_bfs(frame.clause);
    if frame.clause != t {
        scope.extend(tree.subtree_bfs(t));
    }
    if let Some(s) = subject_of(tree, frame.clause) {
        scope.extend(tree.subtree_bfs(s));
    }
    let words: Vec<String> = scope.iter().map(|&i| tree.form(i).to_lowercase()).collect();
    let has = |list: &crate::lexicon::WordList| words.iter().any(|w| list.contains(w.as_str()));
    // "bomb" and "bomber" are ambiguous: a bomb planted or a suicide bomber is no air raid
    let aerial_beyond_bombs = words.iter().any(|w| lex.aerial.contains(w.as_str()) && !w.starts_with("bomb"));
    if code.starts_with("19") && has(&lex.explosives) && !aerial_beyond_bombs {
        "183".to_string()
    } else if has(&lex.aerial) {
        "195".to_string()
    } else if has(&lex.artillery) {
        "194".to_string()
    } else {
        code.to_string()
    }
}

pub(super) fn find_location(sc: &SentenceContext, frame: &Frame, t: usize) -> Option<Location> {
    let tree = &sc.tree;
    let mut heads = vec![frame.clause, t];
    heads.dedup();
    let mut candidates: Vec<usize> = Vec::new();
    for &h in &heads {
        for &c in tree.children(h) {
            let case = tree.case_of(c);
            if matches!(tree.rel(c), "obl" | "nmod") && matches!(case.as_deref(), Some("in") | Some("at")) {
                candidates.push(c);
            }
            if frame.is_noun && h == t && matches!(tree.deprel(c), "compound" | "amod") {
                candidates.push(c);
            }
        }
    }
    for c in candidates {
        // the name: the head with its compound and flat parts, in order
        let mut parts: Vec<usize> = tree
            .children(c)
            .iter()
            .copied()
            .filter(|&k| matches!(tree.deprel(k), "compound" | "flat" | "flat:name"))
            .collect();
        parts.push(c);
        parts.sort_unstable();
        let name = parts.iter().map(|&i| tree.form(i)).collect::<Vec<_>>().join(" ");
        // the name as written; `location` resolves it against the article's other places
        if let Some(found) = crate::location::named(&name).or_else(|| crate::location::named(tree.form(c))) {
            return Some(found);
        }
    }
    None
}

pub(super) fn pick_date<'a>(tree: &Tree, dates: &'a [DateMention], clause: usize, t: usize) -> Option<&'a DateMention> {
    let inside = |m: &DateMention, root: usize| (m.first..=m.last).any(|i| i == root || tree.is_ancestor(root, i));
    dates.iter().find(|m| inside(m, clause) || inside(m, t)).or_else(|| {
        // a date attached to a clause above the trigger ("said on Friday that ...")
        dates.iter().find(|m| (m.first..=m.last).any(|i| tree.head(i).is_some_and(|h| tree.is_ancestor(h, clause))))
    })
}
