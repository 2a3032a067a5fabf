//! Reference: which actors a phrase names. The mention covering it, one found among its
//! appositions and modifiers, its conjuncts; pronouns, relative pronouns and "both sides"
//! from the document so far.

use super::syntax::is_passive;
use super::{ActorRef, DocContext, SentenceContext};
use crate::patterns::Kind;
use dyad_doc::Mention;

pub(super) fn mention_ref(m: &Mention) -> ActorRef {
    ActorRef { actor: m.actor.clone(), text: m.text.clone(), place: m.place, tok: m.head, via: None }
}

pub(super) fn mention_at<'a>(sc: &SentenceContext<'a>, tok: usize) -> Option<&'a Mention> {
    sc.mentions.iter().copied().find(|m| m.tokens.0 <= tok && tok < m.tokens.1)
}

/// The actors of `m`'s words: usually one; several when one phrase names several
/// actors (PETRARCH's "THE_SHIRE [FRO/BIL/SAM]" gives a mention per code over one span).
fn refs_of_span(sc: &SentenceContext, m: &Mention) -> Vec<ActorRef> {
    sc.mentions.iter().filter(|o| o.tokens == m.tokens).map(|o| mention_ref(o)).collect()
}

/// The actors a phrase headed by `tok` names: the mention covering it, or one found among
/// its appositions and modifiers ("Steve Witkoff, envoy of President Trump"), plus those
/// of its conjuncts. Pronouns and "both sides" are resolved from the document context.
pub(super) fn resolve(sc: &SentenceContext, ctx: &DocContext, tok: usize, depth: usize) -> Vec<ActorRef> {
    let t = &sc.tree;
    let mut out = Vec::new();
    if depth > 4 || tok >= t.len() {
        return out;
    }
    let lemma = t.lemma(tok);
    if let Some(m) = mention_at(sc, tok) {
        out.extend(refs_of_span(sc, m));
        out.extend(role_over_conjuncts(sc, ctx, m, depth));
        // "Russian and Ukrainian delegations": a coordinated modifier outside the mention
        for &c in t.children(tok) {
            let outside = c < m.tokens.0 || c >= m.tokens.1;
            let coordinated = t.kids(c, "conj").any(|k| k >= m.tokens.0 && k < m.tokens.1);
            if outside && coordinated && t.rel(c) == "amod" {
                if let Some(other) = mention_at(sc, c) {
                    out.push(mention_ref(other));
                }
            }
        }
    } else if t.upos(tok) == "PRON" || t.upos(tok) == "DET" && t.rel(tok) == "nmod" {
        if matches!(lemma.as_str(), "that" | "which" | "who" | "whom") {
            // relative pronoun: the noun the relative clause modifies
            if let Some(verb) = t.head(tok) {
                if t.deprel(verb).starts_with("acl") {
                    if let Some(noun) = t.head(verb) {
                        return resolve(sc, ctx, noun, depth + 1);
                    }
                }
            }
        } else if let Some(a) = antecedent(sc, ctx, tok, &lemma) {
            out.push(a);
        }
    } else if sc.lex.plural_references.contains(lemma.as_str())
        && t.children(tok).iter().any(|&c| matches!(t.lemma(c).as_str(), "both" | "two"))
    {
        if let Some((a, b)) = &ctx.last_pair {
            out.push(ActorRef { via: Some("both sides"), ..a.clone() });
            out.push(ActorRef { via: Some("both sides"), ..b.clone() });
            return out;
        }
    } else {
        // breadth-first through appositions and close modifiers
        let mut queue: Vec<(usize, usize)> = vec![(tok, 0)];
        let mut k = 0;
        while k < queue.len() {
            let (n, d) = queue[k];
            k += 1;
            if n != tok {
                if let Some(m) = mention_at(sc, n) {
                    out.extend(refs_of_span(sc, m));
                    // "Russian and Ukrainian delegations": the modifier's conjuncts too
                    for c in t.kids(n, "conj").collect::<Vec<_>>() {
                        out.extend(resolve(sc, ctx, c, depth + 1));
                    }
                    break;
                }
            }
            if d >= 3 {
                continue;
            }
            for &c in t.children(n) {
                let ok = match t.deprel(c) {
                    "appos" | "compound" | "amod" | "nmod:poss" | "flat" | "flat:name" => true,
                    "nmod" => match t.case_of(c).as_deref() {
                        Some("of") | Some("from") => true,
                        // "the takeover of power by the military": an act's agent
                        Some("by") => is_act_noun(sc, n),
                        _ => false,
                    },
                    _ => false,
                };
                if ok {
                    queue.push((c, d + 1));
                }
            }
        }
    }
    for c in t.kids(tok, "conj").collect::<Vec<_>>() {
        for a in resolve(sc, ctx, c, depth + 1) {
            if !out.iter().any(|o| o.actor.code == a.actor.code) {
                out.push(a);
            }
        }
    }
    out
}

/// A role over conjoined countries: "the ambassadors of Arnor, Osgiliath and Gondor" (the
/// conjuncts' own mentions), "lawmakers in Fornost and Gondor" (the role's sector given to
/// each conjunct of the place that gave the role its country).
fn role_over_conjuncts(sc: &SentenceContext, ctx: &DocContext, m: &Mention, depth: usize) -> Vec<ActorRef> {
    let t = &sc.tree;
    let inside = |i: usize| i >= m.tokens.0 && i < m.tokens.1;
    let mut out = Vec::new();
    for i in m.tokens.0..m.tokens.1 {
        for c in t.kids(i, "conj").filter(|&c| !inside(c)).collect::<Vec<_>>() {
            out.extend(resolve(sc, ctx, c, depth + 1));
        }
    }
    let (Some(sector), Some(country)) = (&m.actor.sector, &m.actor.country) else {
        return out;
    };
    let place = t.kids(m.head, "nmod").find(|&n| {
        !inside(n)
            && matches!(t.case_of(n).as_deref(), Some("in") | Some("of") | Some("from"))
            && mention_at(sc, n).is_some_and(|p| p.actor.code == *country)
    });
    for k in place.map(|p| t.kids(p, "conj").collect::<Vec<_>>()).unwrap_or_default() {
        let Some(other) = mention_at(sc, k).filter(|o| o.actor.sector.is_none()) else { continue };
        let mut r = mention_ref(other);
        r.actor.code = format!("{}{sector}", other.actor.code);
        r.actor.sector = Some(sector.clone());
        r.actor.country = Some(other.actor.country.clone().unwrap_or_else(|| other.actor.code.clone()));
        out.push(r);
    }
    out
}

/// "he", "it", "they": the nearest earlier subject of a fitting kind in this sentence or
/// the two before.
pub(super) fn antecedent(sc: &SentenceContext, ctx: &DocContext, tok: usize, lemma: &str) -> Option<ActorRef> {
    let want_person = match lemma {
        "he" | "she" | "him" | "her" | "his" | "himself" | "herself" => Some(true),
        "it" | "its" | "itself" => Some(false),
        "they" | "them" | "their" | "we" | "our" | "us" => None,
        _ => return None,
    };
    // a subject earlier in this sentence ("Hezbollah said it launched ..."), nearest first
    let here = sc
        .mentions
        .iter()
        .rev()
        .filter(|m| m.head < tok && sc.tree.rel(m.head) == "nsubj")
        .find(|m| want_person.is_none_or(|p| p == super::is_person(m)))
        .map(|m| mention_ref(m));
    let earlier = || {
        ctx.subjects
            .iter()
            .rev()
            .filter(|(s, _, _, _)| *s < sc.index && sc.index - *s <= 2)
            .find(|(_, _, _, person)| want_person.is_none_or(|p| p == *person))
            .map(|(_, _, a, _)| a.clone())
    };
    here.or_else(earlier).map(|a| ActorRef { via: Some("pronoun"), ..a })
}

/// Every actor inside a phrase, nearest to its head first.
pub(super) fn resolve_deep(sc: &SentenceContext, ctx: &DocContext, tok: usize) -> Vec<ActorRef> {
    let mut out: Vec<ActorRef> = Vec::new();
    for n in sc.tree.subtree_bfs(tok) {
        for a in resolve(sc, ctx, n, 3) {
            if !out.iter().any(|o| o.actor.code == a.actor.code) {
                out.push(a);
            }
        }
    }
    out
}

/// A noun the dictionary knows as an act ("strike", "takeover", "deal").
fn is_act_noun(sc: &SentenceContext, i: usize) -> bool {
    sc.tree.upos(i) == "NOUN"
        && (!sc.patterns.get(Kind::Noun, &sc.tree.lemma(i)).is_empty()
            || !sc.patterns.get(Kind::Noun, &sc.tree.form(i).to_lowercase()).is_empty())
}

/// How many sentences back an act may be referred to ("the strikes", "the deal").
const EVENT_REFERENCE_SENTENCES: usize = 6;

/// A noun naming an act ("the airstrikes", "the coup", "the memorandum") with no actor of
/// its own refers to the latest such act coded before it: in this sentence or a few before,
/// of a CAMEO root the noun's own patterns have. Its agent is who the phrase stands for.
pub(super) fn referred_event_agent(sc: &SentenceContext, ctx: &DocContext, tok: usize) -> Option<ActorRef> {
    let t = &sc.tree;
    if !matches!(t.upos(tok), "NOUN") {
        return None;
    }
    let own = sc.patterns.get(Kind::Noun, &t.lemma(tok));
    let own = if own.is_empty() { sc.patterns.get(Kind::Noun, &t.form(tok).to_lowercase()) } else { own };
    if own.is_empty() {
        return None;
    }
    let roots: Vec<&str> = own.iter().filter_map(|p| p.code.get(..2)).collect();
    ctx.events
        .iter()
        .rev()
        .filter(|e| e.sentence < sc.index || (e.sentence == sc.index && e.token != tok))
        .take_while(|e| sc.index - e.sentence <= EVENT_REFERENCE_SENTENCES)
        .find(|e| roots.contains(&e.root.as_str()))
        .map(|e| ActorRef { via: Some("the act referred to"), tok, ..e.source.clone() })
}

/// The agent named inside a phrase about an act: "the takeover of power by the military",
/// "any seizure of power by force in Gabon". A critic's target is who did the act, not the
/// act; the nearest "by" phrase within a few levels of the noun names them.
pub(super) fn agent_within(sc: &SentenceContext, ctx: &DocContext, tok: usize) -> Vec<ActorRef> {
    let t = &sc.tree;
    if t.upos(tok) != "NOUN" {
        return Vec::new();
    }
    let by_phrase = |c: &usize| t.case_of(*c).as_deref() == Some("by");
    let first_agent = |phrases: &mut dyn Iterator<Item = usize>| {
        phrases
            .map(|c| resolve(sc, ctx, c, 1))
            .find(|found| !found.is_empty())
            .map(|found| found.into_iter().map(|a| ActorRef { via: Some("agent of the act"), ..a }).collect::<Vec<_>>())
    };
    // an active verb cannot have a "by" agent of its own: "condemned the takeover by the
    // military" parsed with "by the military" on the verb still names the takeover's agent
    if let Some(v) = t.head(tok).filter(|&v| t.rel(tok) == "obj" && t.upos(v) == "VERB" && !is_passive(t, v)) {
        if let Some(found) = first_agent(&mut t.kids(v, "obl").filter(by_phrase)) {
            return found;
        }
    }
    let mut level = vec![tok];
    for _ in 0..3 {
        let next: Vec<usize> = level
            .iter()
            .flat_map(|&n| t.children(n).iter().copied())
            .filter(|&c| matches!(t.rel(c), "nmod" | "obl" | "acl"))
            .collect();
        if let Some(found) = first_agent(&mut next.iter().copied().filter(by_phrase)) {
            return found;
        }
        level = next;
    }
    Vec::new()
}
