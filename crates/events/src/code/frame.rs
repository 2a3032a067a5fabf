//! A trigger's frame (its clause, light verb and nominal heads), the constraints of a
//! pattern checked over it, and the slots that hold its source and target.

use super::assertion::{is_negated, unasserted_reason};
use super::reference::{agent_within, mention_at, referred_event_agent, resolve, resolve_deep};
use super::refine::{code_for_source, code_for_target, find_location, refine_code, Target};
use super::surface;
use super::syntax::{head_or_compound_in, is_passive, lemma_in, prep_phrases, subject_of, subjects_of};
use super::{ActorRef, Candidate, DocContext, SentenceContext};
use crate::patterns::{Kind, Pattern, Slot, SlotSpec, WordGroup};
use crate::tree::Tree;
use crate::CoderOptions;

pub(super) struct Frame {
    /// The clause token the filters, date and location look at.
    pub clause: usize,
    /// Nominal heads whose own phrases also count (light verb object, trigger noun).
    pub nominals: Vec<usize>,
    pub trigger_words: String,
    pub is_noun: bool,
    pub light: Option<usize>,
}

/// Why a pattern gave no event at a trigger, for `dyad code --explain`.
#[derive(Debug, Clone, PartialEq)]
pub enum Rejection {
    /// A constraint of the pattern does not hold (`obj=`, `prep=`, `x=`, `prt=`, word order, polarity).
    Constraint(&'static str),
    /// The act is not reported as done.
    Unasserted(&'static str),
    NoSource,
    NoTarget,
    /// Source and target are the same actor.
    SameActor,
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rejection::Constraint(what) => write!(f, "constraint not met: {what}"),
            Rejection::Unasserted(why) => write!(f, "not asserted: {why}"),
            Rejection::NoSource => write!(f, "no actor in the source slots"),
            Rejection::NoTarget => write!(f, "no actor in the target slots"),
            Rejection::SameActor => write!(f, "source and target are one actor"),
        }
    }
}

/// The phrases a pattern's constraints picked out: objects, nominal heads, complements.
struct Bindings {
    objects: Vec<usize>,
    nominals: Vec<usize>,
    complements: Vec<usize>,
    /// The words of the reported clause a `says=` constraint matched.
    said: Vec<usize>,
}

pub(super) fn match_pattern(
    sc: &SentenceContext,
    ctx: &DocContext,
    p: &Pattern,
    t: usize,
    options: &CoderOptions,
) -> Result<Vec<Candidate>, Rejection> {
    let tree = &sc.tree;
    let frame = build_frame(sc, p.kind, t);
    let bindings = check_constraints(sc, p, &frame, t)?;

    // assertion filters
    let mut notes =
        vec![format!("trigger {} ({})", frame.trigger_words, if frame.is_noun { "nominal" } else { "verbal" })];
    let mut confidence: f64 = if frame.is_noun { 0.65 } else { 0.8 };
    if let Some(why) = unasserted_reason(sc, t, &frame, p.neg) {
        if !options.include_unasserted {
            return Err(Rejection::Unasserted(why));
        }
        notes.push(format!("not asserted: {why}"));
        confidence = confidence.min(0.2);
    }
    if tree.children(frame.clause).iter().any(|&c| sc.lex.hedges.contains(&tree.lemma(c))) {
        notes.push("hedged".into());
        confidence -= 0.2;
    }

    let pairs = actor_pairs(sc, ctx, p, &frame, t, &bindings, options, &mut notes)?;
    let code = refine_code(sc.lex, tree, &p.code, &frame, t);
    let location = find_location(sc, &frame, t);
    let mut directed: Vec<(ActorRef, ActorRef, String)> = Vec::new();
    let trigger_lemma = tree.lemma(t);
    for (s, tg) in pairs {
        let by_source = code_for_source(&code, s.actor.sector.as_deref());
        let person = mention_at(sc, tg.tok).is_some_and(|m| m.person);
        let target = Target::of(tree, sc.lex, tg.tok, person, tg.actor.sector.as_deref());
        directed.push((s.clone(), tg.clone(), code_for_target(sc.lex, &by_source, &trigger_lemma, target)));
        if let Some(rev) = &p.reverse {
            directed.push((tg, s, rev.clone()));
        } else if p.conjoined {
            directed.push((tg, s, code.clone()));
        }
    }
    let out = directed
        .into_iter()
        .map(|(s, tg, code)| {
            let mut n = notes.clone();
            let mut conf = confidence;
            for a in [&s, &tg] {
                if let Some(via) = a.via {
                    n.push(format!("{} resolved as {} via {via}", a.text, a.actor.code));
                    conf -= 0.1;
                }
            }
            Candidate {
                source: s,
                target: tg,
                code,
                clause: frame.clause,
                trigger: frame.trigger_words.clone(),
                pattern: format!("{} {}", p.origin, p.text),
                notes: n,
                confidence: conf.clamp(0.05, 1.0),
                sentence: sc.index,
                location: location.clone(),
                symmetric: p.sym,
            }
        })
        .collect();
    Ok(out)
}

/// The clause a trigger belongs to: a verb heads its own; a noun belongs to the light verb
/// whose object it is ("held talks"), or stands alone ("the talks between ...").
fn build_frame(sc: &SentenceContext, kind: Kind, t: usize) -> Frame {
    let tree = &sc.tree;
    match kind {
        Kind::Verb => Frame {
            clause: t,
            nominals: Vec::new(),
            trigger_words: tree.form(t).to_string(),
            is_noun: false,
            light: None,
        },
        Kind::Noun => {
            // "slapped 25% tariffs", "imposed a new round of sanctions": the light verb's
            // object may be a quantity the act hangs from
            let mut noun = t;
            while let Some(h) =
                tree.head(noun).filter(|&h| is_quantity(sc, h) && matches!(tree.rel(noun), "nmod" | "obj" | "compound"))
            {
                noun = h;
            }
            // "staged a failed coup attempt": the act word modifies the noun the verb takes
            if let Some(h) = tree
                .head(noun)
                .filter(|&h| tree.rel(noun) == "compound" && sc.lex.attempt_nouns.contains(&tree.lemma(h)))
            {
                noun = h;
            }
            let light = tree.head(noun).filter(|&h| {
                let ok_rel = match tree.rel(noun) {
                    "obj" => true,
                    "obl" => matches!(tree.case_of(noun).as_deref(), Some("in") | Some("into")),
                    "nsubj" => is_passive(tree, h),
                    _ => false,
                };
                ok_rel && matches!(tree.upos(h), "VERB" | "AUX") && sc.lex.light_verbs.contains(&tree.lemma(h))
            });
            let words = match light {
                Some(l) => format!("{} … {}", tree.form(l), tree.form(t)),
                None => tree.form(t).to_string(),
            };
            Frame { clause: light.unwrap_or(t), nominals: vec![t], trigger_words: words, is_noun: true, light }
        }
    }
}

/// The objects of the frame's verb: `obj`, the subject of a passive, the noun a relative
/// clause modifies ("the ambassador that Somalia expelled").
/// "a joint announcement by Mali and Niger, recalling their ambassadors": a participle that
/// modifies a noun has that noun's agents (its possessor, `by` phrase or adjective) as subject.
fn agents_of_noun_head(tree: &Tree, v: usize) -> Vec<usize> {
    let Some(n) = tree.head(v).filter(|&n| tree.deprel(v) == "acl" && tree.upos(n) == "NOUN") else {
        return Vec::new();
    };
    let mut out: Vec<usize> = tree.kids(n, "nmod:poss").collect();
    out.extend(prep_phrases(tree, &[n], "by"));
    out.extend(tree.kids(n, "amod"));
    out
}

/// A number, a percentage or a noun of quantity ("a series of", "dozens of", "a package of").
fn is_quantity(sc: &SentenceContext, i: usize) -> bool {
    is_quantity_word(&sc.tree, i) || sc.lex.quantity_nouns.contains(&sc.tree.lemma(i))
}

fn is_quantity_word(tree: &Tree, i: usize) -> bool {
    matches!(tree.upos(i), "NUM" | "SYM") || matches!(tree.form(i), "%" | "percent" | "per cent")
}

fn frame_objects(tree: &Tree, frame: &Frame, t: usize) -> Vec<usize> {
    let verb = if frame.is_noun { frame.light } else { Some(t) };
    let mut objects: Vec<usize> = Vec::new();
    if let Some(v) = verb {
        for o in tree.kids(v, "obj") {
            objects.push(o);
            // "imposed 25% tariffs", "expelled dozens of diplomats": the counted noun too
            if is_quantity_word(tree, o) {
                objects.extend(tree.children(o).iter().copied().filter(|&c| matches!(tree.rel(c), "nmod" | "obj")));
            }
        }
        if is_passive(tree, v) {
            objects.extend(tree.kids(v, "nsubj:pass"));
        }
        if tree.deprel(v) == "acl:relcl" && objects.is_empty() {
            if let (Some(s), Some(n)) = (tree.kid(v, "nsubj"), tree.head(v)) {
                if !matches!(tree.lemma(s).as_str(), "that" | "which" | "who") {
                    objects.push(n);
                }
            }
        }
    }
    if frame.is_noun {
        // the light verb's object is the trigger itself
        objects.retain(|&o| o != t);
    }
    objects
}

/// The nouns right after a verb up to the first preposition, punctuation or clause word.
fn object_by_word_order(tree: &Tree, v: usize) -> Vec<usize> {
    // a participle modifying a noun ("the newly appointed ambassador") has no object after it
    if tree.upos(v) != "VERB" || matches!(tree.rel(v), "amod" | "compound") {
        return Vec::new();
    }
    (v + 1..tree.len().min(v + 5))
        .take_while(|&i| !matches!(tree.upos(i), "ADP" | "PUNCT" | "SCONJ" | "PRON" | "AUX"))
        .filter(|&i| matches!(tree.upos(i), "NOUN" | "PROPN"))
        .collect()
}

fn check_constraints(sc: &SentenceContext, p: &Pattern, frame: &Frame, t: usize) -> Result<Bindings, Rejection> {
    let tree = &sc.tree;
    let mut objects = frame_objects(tree, frame, t);
    if let Some(want) = &p.obj {
        let mut hits: Vec<usize> = objects.iter().copied().filter(|&o| head_or_compound_in(tree, o, want)).collect();
        if hits.is_empty() && !frame.is_noun {
            // "engaged in talks", "withdrew from talks" count via `prep`; `obj` also accepts `in`
            hits = prep_phrases(tree, &[t], "in").into_iter().filter(|&o| lemma_in(tree, o, want)).collect();
        }
        if hits.is_empty() && !frame.is_noun {
            // the parse lost the object ("fired tear gas" read with "tear" as a verb): the
            // noun right after the verb, before any preposition or punctuation
            hits = object_by_word_order(tree, t).into_iter().filter(|&o| lemma_in(tree, o, want)).collect();
        }
        if hits.is_empty() {
            return Err(Rejection::Constraint("no object of the listed words (obj=)"));
        }
        objects = hits;
    }
    let mut nominals = frame.nominals.clone();
    nominals.extend(objects.iter().copied());
    if let Some((case, want)) = &p.prep {
        let mut heads = vec![t];
        heads.extend(frame.light);
        let hits: Vec<usize> = prep_phrases(tree, &heads, case)
            .into_iter()
            .filter(|&o| want.iter().any(|w| w == "*") || lemma_in(tree, o, want))
            .collect();
        if hits.is_empty() {
            return Err(Rejection::Constraint("no phrase with the listed preposition and words (prep=)"));
        }
        nominals.extend(hits);
    }
    let mut complements: Vec<usize> = tree
        .children(t)
        .iter()
        .copied()
        .filter(|&c| matches!(tree.deprel(c), "xcomp" | "ccomp" | "acl" | "advcl"))
        .collect();
    let mut said: Vec<usize> = Vec::new();
    if let Some(want) = &p.says {
        let reported = reported_clauses(tree, t);
        for &r in &reported {
            said.extend(tree.subtree_bfs(r).into_iter().filter(|&i| i != t && lemma_in(tree, i, want)));
        }
        if said.is_empty() {
            return Err(Rejection::Constraint("the reported clause has none of the listed words (says=)"));
        }
        for r in reported {
            if !complements.contains(&r) {
                complements.push(r);
            }
        }
    }
    if let Some(want) = &p.xcomp {
        if !complement_matches(tree, &complements, want) {
            return Err(Rejection::Constraint("no complement clause of the listed words (x=)"));
        }
    }
    if let Some(prt) = &p.prt {
        if !tree.children(t).iter().any(|&c| tree.deprel(c) == "compound:prt" && tree.lemma(c) == *prt) {
            return Err(Rejection::Constraint("no verb particle (prt=)"));
        }
    }
    if let Some(groups) = &p.after {
        if !words_follow(tree, frame.clause, t, groups) {
            return Err(Rejection::Constraint("the listed words do not follow in order"));
        }
    }
    if let Some(groups) = &p.before {
        if !words_precede(tree, t, groups) {
            return Err(Rejection::Constraint("the listed words do not precede in order"));
        }
    }
    let negated = is_negated(sc.lex, tree, frame.clause) || (frame.is_noun && is_negated(sc.lex, tree, t));
    // a negation written among the words before the trigger was matched with them
    // ("won't try to clash"), wherever the parse attached it
    let own_negation = p.neg && p.before.is_some();
    if p.neg != negated && !own_negation {
        return Err(if negated {
            Rejection::Unasserted("negated")
        } else {
            Rejection::Constraint("the pattern needs a negated trigger (neg)")
        });
    }
    Ok(Bindings { objects, nominals, complements, said })
}

/// Who the words of a reported judgement are about: the word's own phrase ("Ethiopia's
/// interference", "Russian aggression") and the subject it is predicated of ("the move was
/// illegal", "Kyiv is responsible").
fn judged_heads(tree: &Tree, said: &[usize]) -> Vec<usize> {
    let mut out = Vec::new();
    for &w in said {
        out.push(w);
        out.extend(tree.kids(w, "nsubj"));
        // "a response to the sanctions": the act it answers
        out.extend(tree.kids(w, "nmod"));
        if let Some(h) = tree.head(w).filter(|_| matches!(tree.rel(w), "amod" | "advmod" | "obj" | "xcomp")) {
            out.push(h);
            out.extend(tree.kids(h, "nsubj"));
        }
    }
    out
}

/// The clauses a speech verb reports: its clausal complements, and the quote it follows
/// ("'..., ' said X" makes the quote the root and "said" its parataxis).
fn reported_clauses(tree: &Tree, t: usize) -> Vec<usize> {
    let mut out: Vec<usize> =
        tree.children(t).iter().copied().filter(|&c| matches!(tree.rel(c), "ccomp" | "xcomp" | "parataxis")).collect();
    if tree.rel(t) == "parataxis" {
        out.extend(tree.head(t));
    }
    out
}

/// A complement clause headed by, or with an object among, the wanted words ("agreed to
/// meet", "agreed to hold talks", "agreed to begin negotiations"); `*` takes any.
fn complement_matches(tree: &Tree, complements: &[usize], want: &[String]) -> bool {
    let any = want.iter().any(|w| w == "*");
    complements.iter().any(|&c| {
        (any && tree.deprel(c) != "advcl")
            || lemma_in(tree, c, want)
            || tree.kids(c, "obj").any(|o| lemma_in(tree, o, want))
            || tree
                .kids(c, "xcomp")
                .any(|x| lemma_in(tree, x, want) || tree.kids(x, "obj").any(|o| lemma_in(tree, o, want)))
    })
}

/// The word groups follow the trigger, in order, within its clause's phrase; a tight group
/// comes right after the one before it (or the trigger).
fn words_follow(tree: &Tree, clause: usize, t: usize, groups: &[WordGroup]) -> bool {
    let in_phrase: std::collections::HashSet<usize> = tree.subtree_bfs(clause).into_iter().collect();
    let mut end = t + 1;
    for g in groups {
        let starts: Box<dyn Iterator<Item = usize>> =
            if g.tight { Box::new(std::iter::once(end)) } else { Box::new(end..tree.len()) };
        let mut found = None;
        'starts: for start in starts {
            for alt in &g.alternatives {
                if words_at(tree, start, alt) && (start..start + alt.len()).all(|i| in_phrase.contains(&i)) {
                    found = Some(start + alt.len());
                    break 'starts;
                }
            }
        }
        match found {
            Some(e) => end = e,
            None => return false,
        }
    }
    true
}

/// The word groups precede the trigger, in order, in its sentence; a tight group comes right
/// before the one after it (or the trigger).
fn words_precede(tree: &Tree, t: usize, groups: &[WordGroup]) -> bool {
    let mut end = t;
    for g in groups.iter().rev() {
        let mut found = None;
        'ends: for e in (0..=end).rev() {
            if g.tight && e != end {
                break;
            }
            for alt in &g.alternatives {
                if let Some(start) = e.checked_sub(alt.len()).filter(|&s| words_at(tree, s, alt)) {
                    found = Some(start);
                    break 'ends;
                }
            }
        }
        match found {
            Some(s) => end = s,
            None => return false,
        }
    }
    true
}

/// The words stand at `start`, one token each, as written (case aside).
fn words_at(tree: &Tree, start: usize, words: &[String]) -> bool {
    start + words.len() <= tree.len()
        && words.iter().enumerate().all(|(k, w)| tree.form(start + k).eq_ignore_ascii_case(w))
}

/// The actors of one slot list entry, nearest first, each once.
fn slot_actors(
    sc: &SentenceContext,
    ctx: &DocContext,
    frame: &Frame,
    t: usize,
    b: &Bindings,
    spec: &SlotSpec,
) -> Vec<ActorRef> {
    let tree = &sc.tree;
    let heads = slot_heads(tree, frame, t, &spec.slot, b);
    let mut out: Vec<ActorRef> = Vec::new();
    for h in heads {
        let mut found = if spec.deep { resolve_deep(sc, ctx, h) } else { resolve(sc, ctx, h, 0) };
        if found.is_empty() {
            // "condemned the takeover by the military": the agent named in the act's phrase
            found = agent_within(sc, ctx, h);
        }
        if found.is_empty() {
            // "condemned the airstrikes": the agent of the act referred to
            found.extend(referred_event_agent(sc, ctx, h));
        }
        if spec.slot == Slot::Mod {
            // "the Istanbul talks": a place name modifying the act is where, not who
            found.retain(|a| !(a.place && tree.deprel(a.tok) == "compound"));
        }
        for a in found {
            if !out.iter().any(|o| o.actor.code == a.actor.code) {
                out.push(a);
            }
        }
    }
    out
}

/// The parse has no phrase at all in this slot (as opposed to a phrase without an actor).
fn slot_is_empty(sc: &SentenceContext, frame: &Frame, t: usize, b: &Bindings, spec: &SlotSpec) -> bool {
    slot_heads(&sc.tree, frame, t, &spec.slot, b).is_empty()
}

/// Source and target pairs of a matched pattern: the first slot that names an actor wins.
#[allow(clippy::too_many_arguments)]
fn actor_pairs(
    sc: &SentenceContext,
    ctx: &DocContext,
    p: &Pattern,
    frame: &Frame,
    t: usize,
    b: &Bindings,
    options: &CoderOptions,
    notes: &mut Vec<String>,
) -> Result<Vec<(ActorRef, ActorRef)>, Rejection> {
    let between = SlotSpec { slot: Slot::Prep("between".into()), deep: false };
    let mut sources: Vec<ActorRef> = Vec::new();
    for spec in &p.source {
        sources = slot_actors(sc, ctx, frame, t, b, spec);
        if !sources.is_empty() {
            if spec.deep && options.every_target {
                sources = nearest_with_conjuncts(sc, ctx, sources, &[]);
            }
            break;
        }
    }
    if sources.is_empty() && p.sym && frame.is_noun {
        // "the meeting between A and B": both sides in one phrase
        sources = slot_actors(sc, ctx, frame, t, b, &between);
    }
    let subj = SlotSpec { slot: Slot::Subj, deep: false };
    if sources.is_empty() && p.source.contains(&subj) && slot_is_empty(sc, frame, t, b, &subj) {
        // the parse gave the verb no subject at all: the actors before it
        // (not a passive: the words before it are what was done to)
        let verb = if frame.is_noun { frame.light } else { Some(t) };
        if let Some(v) = verb.filter(|&v| !is_passive(&sc.tree, v)) {
            sources = surface::before(sc, v);
        }
    }
    if sources.is_empty() {
        return Err(Rejection::NoSource);
    }
    if p.conjoined {
        // "A and B agree": each acts on the other (the reverse direction is added by the caller)
        let mut pairs = Vec::new();
        for (i, a) in sources.iter().enumerate() {
            for b in &sources[i + 1..] {
                if a.distinct_from(b) {
                    pairs.push((a.clone(), b.clone()));
                }
            }
        }
        if pairs.is_empty() {
            return Err(Rejection::Constraint("the source slot names no two actors (conjoined)"));
        }
        notes.push("conjoined actors act on each other".into());
        return Ok(pairs);
    }
    let mut targets: Vec<ActorRef> = Vec::new();
    let mutual = p.sym && sources.len() >= 2;
    // "Eriador was opposed by Osgiliath": the target is the subject, before the verb
    let passive = is_passive(&sc.tree, frame.light.filter(|_| frame.is_noun).unwrap_or(t));
    for spec in p.target.iter().filter(|s| !(mutual && s.deep)) {
        targets = slot_actors(sc, ctx, frame, t, b, spec)
            .into_iter()
            .filter(|a| sources.iter().all(|s| a.distinct_from(s)))
            .filter(|a| !(options.targets_named_only && a.via == Some("pronoun")))
            .filter(|a| !p.target_follows || a.tok > t || passive)
            .collect();
        if !targets.is_empty() {
            if spec.deep && options.every_target {
                targets = nearest_with_conjuncts(sc, ctx, targets, &sources);
            }
            notes.push(format!("target via {}", slot_name(spec)));
            break;
        }
    }
    if targets.is_empty() && !mutual {
        // the parse gave the trigger no phrase of a target slot: the actor after the
        // trigger, behind that slot's preposition
        let from = frame.light.filter(|_| frame.is_noun).map_or(t, |l| l.max(t));
        for spec in p.target.iter().filter(|s| slot_is_empty(sc, frame, t, b, s)) {
            let case = match &spec.slot {
                Slot::Obj if !frame.is_noun => None,
                Slot::Obj => Some("of"),
                Slot::Prep(c) => Some(c.as_str()),
                _ => continue,
            };
            targets = surface::after(sc, from, case)
                .into_iter()
                .filter(|a| sources.iter().all(|s| a.distinct_from(s)))
                .collect();
            if !targets.is_empty() {
                notes.push(format!("target by word order after `{}`", case.unwrap_or("the verb")));
                break;
            }
        }
    }
    if targets.is_empty() && p.partner {
        // "raised its alert after North Korea fired a missile", "massed troops along its
        // border with Ukraine": the other side named in the act's cause or its own phrases
        let verb = if frame.is_noun { frame.light.unwrap_or(t) } else { t };
        targets = reason_actors(sc, ctx, verb)
            .into_iter()
            .filter(|a| !a.place || sc.tree.rel(a.tok) != "compound")
            .filter(|a| sources.iter().all(|s| a.distinct_from(s) && a.country() != s.country()))
            .take(1)
            .collect();
        if !targets.is_empty() {
            notes.push("target is the other side named in the act's cause or setting".into());
        }
    }
    if targets.is_empty() && p.partner {
        if let Some(o) = counterpart(ctx, &sources) {
            targets.push(ActorRef { via: Some("counterpart in the last linked pair"), ..o.clone() });
            notes.push("target is the source's counterpart".into());
        }
    }
    let mut pairs: Vec<(ActorRef, ActorRef)> = Vec::new();
    if targets.is_empty() {
        if p.sym && sources.len() >= 2 {
            // "A and B met", "talks between A and B"
            let (a, rest) = sources.split_first().ok_or(Rejection::NoSource)?;
            if let Some(other) = rest.iter().find(|o| o.distinct_from(a)) {
                pairs.push((a.clone(), other.clone()));
                notes.push("mutual act of conjoined actors".into());
            }
        } else if p.sym && frame.is_noun {
            // "the meeting between A and B" when the source slot found only one side
            let both = slot_actors(sc, ctx, frame, t, b, &between);
            if both.len() >= 2 && both[0].distinct_from(&both[1]) {
                pairs.push((both[0].clone(), both[1].clone()));
            }
        }
        if pairs.is_empty() && options.null_targets {
            let null = ActorRef {
                actor: dyad_doc::Actor { code: "---".into(), ..Default::default() },
                text: String::new(),
                place: false,
                tok: t,
                via: None,
            };
            pairs.extend(sources.iter().map(|s| (s.clone(), null.clone())));
            notes.push("no target: coded against the null actor".into());
        }
        if pairs.is_empty() {
            return Err(Rejection::NoTarget);
        }
        return Ok(pairs);
    }
    // one record per source; further targets are alternatives of the same act
    let coded: Vec<ActorRef> =
        if options.every_target { std::mem::take(&mut targets) } else { vec![targets.remove(0)] };
    for target in &coded {
        for s in &sources {
            let known = pairs.iter().any(|(a, b)| a.actor.code == s.actor.code && b.actor.code == target.actor.code);
            if s.distinct_from(target) && !known {
                pairs.push((s.clone(), target.clone()));
            }
        }
    }
    if !targets.is_empty() {
        let codes: Vec<&str> = targets.iter().map(|a| a.actor.code.as_str()).collect();
        notes.push(format!("also aimed at {}", codes.join(", ")));
    }
    if pairs.is_empty() {
        return Err(Rejection::SameActor);
    }
    Ok(pairs)
}

/// Every actor of an act, not every actor in its phrase: of `found` (nearest first), the
/// nearest and those conjoined with it, none of them one of `others`.
fn nearest_with_conjuncts(
    sc: &SentenceContext,
    ctx: &DocContext,
    mut found: Vec<ActorRef>,
    others: &[ActorRef],
) -> Vec<ActorRef> {
    if found.is_empty() {
        return found;
    }
    let first = found.remove(0);
    let mut near: Vec<ActorRef> = resolve(sc, ctx, first.tok, 0)
        .into_iter()
        .filter(|a| a.actor.code != first.actor.code && others.iter().all(|s| a.distinct_from(s)))
        .collect();
    near.insert(0, first);
    near
}

/// Actors of the clauses and phrases that give an act its cause or setting: "after", "amid",
/// "following", "as", "over" clauses or phrases and "with"/"along" phrases, in word order.
fn reason_actors(sc: &SentenceContext, ctx: &DocContext, verb: usize) -> Vec<ActorRef> {
    let tree = &sc.tree;
    let mut out = Vec::new();
    for &c in tree.children(verb) {
        let marker = tree
            .children(c)
            .iter()
            .find(|&&k| matches!(tree.rel(k), "mark" | "case"))
            .map(|&k| tree.lemma(k))
            .unwrap_or_default();
        let reason = matches!(marker.as_str(), "after" | "amid" | "following" | "as" | "over" | "with" | "along");
        if reason && matches!(tree.rel(c), "advcl" | "obl" | "nmod") {
            out.extend(resolve_deep(sc, ctx, c));
        }
    }
    out
}

/// The other side of the last pair the document linked, when one of `sources` is a side.
fn counterpart<'c>(ctx: &'c DocContext, sources: &[ActorRef]) -> Option<&'c ActorRef> {
    let (a, b) = ctx.last_pair.as_ref()?;
    if sources.iter().any(|s| s.country() == a.country()) {
        Some(b)
    } else if sources.iter().any(|s| s.country() == b.country()) {
        Some(a)
    } else {
        None
    }
}

pub(super) fn slot_name(spec: &SlotSpec) -> String {
    let base = match &spec.slot {
        Slot::Subj => "subj".to_string(),
        Slot::Obj => "obj".into(),
        Slot::Iobj => "iobj".into(),
        Slot::XObj => "xobj".into(),
        Slot::XSubj => "xsubj".into(),
        Slot::XComp => "x".into(),
        Slot::Speaker => "speaker".into(),
        Slot::Poss => "poss".into(),
        Slot::Judged => "judged".into(),
        Slot::Mod => "mod".into(),
        Slot::Phrase => "phrase".into(),
        Slot::Prep(p) => p.clone(),
    };
    if spec.deep {
        format!("*{base}")
    } else {
        base
    }
}

fn slot_heads(tree: &Tree, frame: &Frame, t: usize, slot: &Slot, b: &Bindings) -> Vec<usize> {
    let (objects, nominals, complements) = (&b.objects[..], &b.nominals[..], &b.complements[..]);
    let verb = if frame.is_noun { frame.light } else { Some(t) };
    match slot {
        Slot::Subj => {
            let Some(v) = verb else { return Vec::new() };
            if is_passive(tree, v) {
                // passive: the agent is the source ("was attacked by X")
                return prep_phrases(tree, &[v], "by");
            }
            let own = subjects_of(tree, v);
            if own.is_empty() {
                return agents_of_noun_head(tree, v);
            }
            own
        }
        Slot::Obj => {
            if frame.is_noun {
                // "the invasion of Ukraine"
                return prep_phrases(tree, &[t], "of");
            }
            objects.to_vec()
        }
        Slot::Iobj => verb.map(|v| tree.kids(v, "iobj").collect()).unwrap_or_default(),
        Slot::XObj => complements.iter().flat_map(|&c| tree.kids(c, "obj").collect::<Vec<_>>()).collect(),
        Slot::XSubj => {
            let mut v: Vec<usize> = complements.iter().filter_map(|&c| tree.kid(c, "nsubj")).collect();
            if v.is_empty() {
                v = objects.to_vec();
            }
            v
        }
        Slot::XComp => complements.iter().copied().filter(|&c| tree.deprel(c) != "advcl").collect(),
        Slot::Speaker => {
            // up from the trigger's clause to the first clausal complement, then its governor's subject
            let mut cur = frame.clause;
            for _ in 0..tree.len() {
                let Some(h) = tree.head(cur) else { break };
                if tree.rel(cur) == "ccomp" {
                    return subject_of(tree, h).into_iter().collect();
                }
                cur = h;
            }
            Vec::new()
        }
        Slot::Judged => judged_heads(tree, &b.said),
        Slot::Poss => nominals.iter().flat_map(|&n| tree.kids(n, "nmod:poss").collect::<Vec<_>>()).collect(),
        Slot::Mod => {
            if !frame.is_noun {
                return Vec::new();
            }
            tree.children(t)
                .iter()
                .copied()
                .filter(|&c| matches!(tree.deprel(c), "nmod:poss" | "amod" | "compound"))
                .collect()
        }
        Slot::Phrase => {
            let v = verb.unwrap_or(t);
            tree.children(v).iter().copied().filter(|&c| c > t && tree.deprel(c) != "punct").collect()
        }
        Slot::Prep(case) => {
            let mut heads: Vec<usize> = vec![t];
            heads.extend(frame.light);
            heads.extend(nominals.iter().copied());
            if frame.is_noun && frame.light.is_none() {
                // "the proceedings launched by South Africa against Israel", "sanctions imposed
                // by the EU on Russia": a past participle modifying the act carries its phrases
                heads.extend(tree.kids(t, "acl").filter(|&c| tree.tokens.get(c).is_some_and(|k| k.xpos == "VBN")));
            }
            heads.sort_unstable();
            heads.dedup();
            prep_phrases(tree, &heads, case)
        }
    }
}
