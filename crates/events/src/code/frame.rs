//! A trigger's frame (its clause, light verb and nominal heads), the constraints of a
//! pattern checked over it, and the slots that hold its source and target.

use super::assertion::{is_negated, unasserted_reason};
use super::reference::{resolve, resolve_deep};
use super::refine::{find_location, refine_code};
use super::syntax::{is_passive, lemma_in, prep_phrases, subject_of};
use super::{ActorRef, Candidate, DocContext, SentenceContext};
use crate::patterns::{Kind, Pattern, Slot, SlotSpec};
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

pub(super) fn match_pattern(
    sc: &SentenceContext,
    ctx: &DocContext,
    p: &Pattern,
    t: usize,
    options: &CoderOptions,
) -> Option<Vec<Candidate>> {
    let tree = &sc.tree;
    let frame = match p.kind {
        Kind::Verb => Frame {
            clause: t,
            nominals: Vec::new(),
            trigger_words: tree.form(t).to_string(),
            is_noun: false,
            light: None,
        },
        Kind::Noun => {
            let light = tree.head(t).filter(|&h| {
                let ok_rel = match tree.rel(t) {
                    "obj" => true,
                    "obl" => matches!(tree.case_of(t).as_deref(), Some("in") | Some("into")),
                    "nsubj" => is_passive(tree, h),
                    _ => false,
                };
                ok_rel && matches!(tree.upos(h), "VERB" | "AUX") && sc.lex.light_verbs.contains(&tree.lemma(h).as_str())
            });
            let words = match light {
                Some(l) => format!("{} … {}", tree.form(l), tree.form(t)),
                None => tree.form(t).to_string(),
            };
            Frame { clause: light.unwrap_or(t), nominals: vec![t], trigger_words: words, is_noun: true, light }
        }
    };
    // constraints
    let verb = if frame.is_noun { frame.light } else { Some(t) };
    let mut objects: Vec<usize> = Vec::new();
    if let Some(v) = verb {
        objects.extend(tree.kids(v, "obj"));
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
    if let Some(want) = &p.obj {
        let mut hits: Vec<usize> = objects.iter().copied().filter(|&o| lemma_in(tree, o, want)).collect();
        if hits.is_empty() && !frame.is_noun {
            // "engaged in talks", "withdrew from talks" count via `prep`; `obj` also accepts `in`
            hits = prep_phrases(tree, &[t], "in").into_iter().filter(|&o| lemma_in(tree, o, want)).collect();
        }
        if hits.is_empty() {
            return None;
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
            return None;
        }
        nominals.extend(hits);
    }
    let complements: Vec<usize> = {
        let base = if frame.is_noun { t } else { t };
        tree.children(base)
            .iter()
            .copied()
            .filter(|&c| matches!(tree.deprel(c), "xcomp" | "ccomp" | "acl" | "advcl"))
            .collect()
    };
    if let Some(want) = &p.xcomp {
        let any = want.iter().any(|w| w == "*");
        let ok = complements.iter().any(|&c| {
            (any && tree.deprel(c) != "advcl")
                || lemma_in(tree, c, want)
                || tree.kids(c, "obj").any(|o| lemma_in(tree, o, want))
                || {
                    // "begin negotiations": one more level of control
                    tree.kids(c, "xcomp")
                        .any(|x| lemma_in(tree, x, want) || tree.kids(x, "obj").any(|o| lemma_in(tree, o, want)))
                }
        });
        if !ok {
            return None;
        }
    }
    if let Some(prt) = &p.prt {
        if !tree.children(t).iter().any(|&c| tree.deprel(c) == "compound:prt" && tree.lemma(c) == *prt) {
            return None;
        }
    }
    if let Some(groups) = &p.after {
        // the words must follow the verb, in order, within its phrase
        let mut toks: Vec<usize> = tree.subtree_bfs(frame.clause).into_iter().filter(|&i| i > t).collect();
        toks.sort_unstable();
        let mut from = 0;
        for g in groups {
            let found = toks.iter().enumerate().skip(from).find(|(_, &i)| lemma_in(tree, i, g)).map(|(k, _)| k);
            match found {
                Some(k) => from = k + 1,
                None => return None,
            }
        }
    }
    let negated = is_negated(sc.lex, tree, frame.clause) || (frame.is_noun && is_negated(sc.lex, tree, t));
    if p.neg != negated {
        return None;
    }

    // assertion filters
    let mut notes =
        vec![format!("trigger {} ({})", frame.trigger_words, if frame.is_noun { "nominal" } else { "verbal" })];
    let mut confidence: f64 = if frame.is_noun { 0.65 } else { 0.8 };
    let unasserted = unasserted_reason(sc, t, &frame, p.neg);
    if let Some(why) = unasserted {
        if !options.include_unasserted {
            return None;
        }
        notes.push(format!("not asserted: {why}"));
        confidence = confidence.min(0.2);
    }
    if tree.children(frame.clause).iter().any(|&c| sc.lex.hedges.contains(&tree.lemma(c).as_str())) {
        notes.push("hedged".into());
        confidence -= 0.2;
    }

    // arguments
    let slot_actors = |spec: &SlotSpec| -> Vec<ActorRef> {
        let heads = slot_heads(tree, &frame, t, &spec.slot, &objects, &nominals, &complements);
        let mut out: Vec<ActorRef> = Vec::new();
        for h in heads {
            let mut found = if spec.deep { resolve_deep(sc, ctx, h) } else { resolve(sc, ctx, h, 0) };
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
    };
    let mut sources: Vec<ActorRef> = Vec::new();
    for spec in &p.source {
        sources = slot_actors(spec);
        if !sources.is_empty() {
            break;
        }
    }
    if sources.is_empty() && p.sym && frame.is_noun {
        // "the meeting between A and B": both sides in one phrase
        sources = slot_actors(&SlotSpec { slot: Slot::Prep("between".into()), deep: false });
    }
    if sources.is_empty() {
        return None;
    }
    let mut targets: Vec<ActorRef> = Vec::new();
    for spec in &p.target {
        targets = slot_actors(spec).into_iter().filter(|a| sources.iter().all(|s| a.distinct_from(s))).collect();
        if !targets.is_empty() {
            notes.push(format!("target via {}", slot_name(spec)));
            break;
        }
    }
    if targets.is_empty() && p.partner {
        if let Some((a, b)) = &ctx.last_pair {
            let other = if sources.iter().any(|s| s.country() == a.country()) {
                Some(b)
            } else if sources.iter().any(|s| s.country() == b.country()) {
                Some(a)
            } else {
                None
            };
            if let Some(o) = other {
                targets.push(ActorRef { via: Some("counterpart in the last linked pair"), ..o.clone() });
                notes.push("target is the source's counterpart".into());
            }
        }
    }
    let mut pairs: Vec<(ActorRef, ActorRef)> = Vec::new();
    if targets.is_empty() {
        if p.sym && sources.len() >= 2 {
            // "A and B met", "talks between A and B"
            let (a, rest) = sources.split_first()?;
            if let Some(b) = rest.iter().find(|b| b.distinct_from(a)) {
                pairs.push((a.clone(), b.clone()));
                notes.push("mutual act of conjoined actors".into());
            }
        } else if p.sym && frame.is_noun {
            // "the meeting between A and B" when the source slot found only one side
            let between = slot_actors(&SlotSpec { slot: Slot::Prep("between".into()), deep: false });
            if between.len() >= 2 && between[0].distinct_from(&between[1]) {
                pairs.push((between[0].clone(), between[1].clone()));
            }
        }
    } else {
        // one record per source; further targets are alternatives of the same act
        let coded: Vec<ActorRef> =
            if options.every_target { std::mem::take(&mut targets) } else { vec![targets.remove(0)] };
        for target in &coded {
            for s in &sources {
                if s.distinct_from(target)
                    && !pairs.iter().any(|(a, b)| a.actor.code == s.actor.code && b.actor.code == target.actor.code)
                {
                    pairs.push((s.clone(), target.clone()));
                }
            }
        }
        if !targets.is_empty() {
            notes.push(format!(
                "also aimed at {}",
                targets.iter().map(|a| a.actor.code.as_str()).collect::<Vec<_>>().join(", ")
            ));
        }
    }
    if pairs.is_empty() {
        return None;
    }
    let code = refine_code(sc.lex, tree, &p.code, &frame, t);
    let location = find_location(sc, &frame, t);
    let mut out = Vec::new();
    let mut directed: Vec<(ActorRef, ActorRef, String)> = Vec::new();
    for (s, tg) in pairs {
        if let Some(rev) = &p.reverse {
            directed.push((tg.clone(), s.clone(), rev.clone()));
        }
        directed.insert(directed.len() - p.reverse.is_some() as usize, (s, tg, code.clone()));
    }
    for (s, tg, code) in directed {
        let mut n = notes.clone();
        let mut conf = confidence;
        for a in [&s, &tg] {
            if let Some(via) = a.via {
                n.push(format!("{} resolved as {} via {via}", a.text, a.actor.code));
                conf -= 0.1;
            }
        }
        out.push(Candidate {
            source: s,
            target: tg,
            code: code.clone(),
            clause: frame.clause,
            trigger: frame.trigger_words.clone(),
            pattern: format!("{} {}", p.origin, p.text),
            notes: n,
            confidence: conf.clamp(0.05, 1.0),
            sentence: sc.index,
            location: location.clone(),
            symmetric: p.sym,
        });
    }
    Some(out)
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
        Slot::Mod => "mod".into(),
        Slot::Prep(p) => p.clone(),
    };
    if spec.deep {
        format!("*{base}")
    } else {
        base
    }
}

pub(super) fn slot_heads(
    tree: &Tree,
    frame: &Frame,
    t: usize,
    slot: &Slot,
    objects: &[usize],
    nominals: &[usize],
    complements: &[usize],
) -> Vec<usize> {
    let verb = if frame.is_noun { frame.light } else { Some(t) };
    match slot {
        Slot::Subj => {
            let Some(v) = verb else { return Vec::new() };
            if is_passive(tree, v) {
                // passive: the agent is the source ("was attacked by X")
                return prep_phrases(tree, &[v], "by");
            }
            subject_of(tree, v).into_iter().collect()
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
        Slot::Prep(case) => {
            let mut heads: Vec<usize> = vec![t];
            heads.extend(frame.light);
            heads.extend(nominals.iter().copied());
            heads.sort_unstable();
            heads.dedup();
            prep_phrases(tree, &heads, case)
        }
    }
}
