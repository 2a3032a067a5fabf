//! Dependency parser: greedy arc-hybrid transitions with labels, scored by an averaged
//! perceptron over Zhang–Nivre-style features, trained with a dynamic oracle (Goldberg &
//! Nivre 2013), so it learns to recover from its own mistakes.
//!
//! The root is a virtual token after the last word; a word attaches to it only when it is
//! the last word left on the stack, so every parse has exactly one root.

use crate::binio::{Reader, Writer};
use crate::perceptron::{feat, feat2, feat3, mix, Model, Trainer};
use crate::NlpError;

const NONE: u64 = 0x6e6f;

/// What the parser sees of one word: its lowercased form hash and its tag.
#[derive(Clone, Copy)]
pub struct ParseInput {
    pub word: u64,
    pub tag: u64,
    /// Hash of the coarse tag (UPOS), a backoff for the fine joint tag.
    pub upos: u64,
    pub is_punct: bool,
    /// Hash of the tags the word took in the tagger's training data (0 when unseen), so the
    /// parser can learn where the predicted tag is a guess.
    pub amb: u64,
}

impl ParseInput {
    pub fn new(word: u64, tag: usize, upos: &str, amb: u64) -> ParseInput {
        ParseInput {
            word,
            tag: tag as u64 + 1,
            upos: crate::perceptron::hash_str(upos),
            is_punct: upos == "PUNCT",
            amb,
        }
    }
}

pub struct Parser {
    labels: Vec<String>,
    root_label: usize,
    pub(crate) model: Model,
}

/// Parser state. Words are 0..n; `n` is the root.
struct State {
    n: usize,
    stack: Vec<usize>,
    b: usize,
    heads: Vec<usize>,
    labels: Vec<usize>,
    // Children bookkeeping, per token (n + 1 entries): nearest-to-edge children first.
    l1: Vec<usize>,
    l2: Vec<usize>,
    r1: Vec<usize>,
    r2: Vec<usize>,
    nl: Vec<u32>,
    nr: Vec<u32>,
    lset: Vec<u64>,
    rset: Vec<u64>,
    /// Punctuation marks before each position, to count those between two words.
    punct_before: Vec<u32>,
}

const NO: usize = usize::MAX;

impl State {
    fn new(inp: &[ParseInput]) -> State {
        let n = inp.len();
        let mut punct_before = Vec::with_capacity(n + 2);
        let mut c = 0;
        for w in inp {
            punct_before.push(c);
            c += u32::from(w.is_punct);
        }
        punct_before.push(c);
        State {
            punct_before,
            n,
            stack: Vec::with_capacity(n),
            b: 0,
            heads: vec![NO; n],
            labels: vec![0; n],
            l1: vec![NO; n + 1],
            l2: vec![NO; n + 1],
            r1: vec![NO; n + 1],
            r2: vec![NO; n + 1],
            nl: vec![0; n + 1],
            nr: vec![0; n + 1],
            lset: vec![0; n + 1],
            rset: vec![0; n + 1],
        }
    }

    fn done(&self) -> bool {
        self.stack.is_empty() && self.b >= self.n
    }

    fn add_arc(&mut self, h: usize, d: usize, label: usize) {
        self.heads[d] = h;
        self.labels[d] = label;
        let bit = 1u64 << (label % 64);
        if d < h {
            self.nl[h] += 1;
            self.lset[h] |= bit;
            if self.l1[h] == NO || d < self.l1[h] {
                self.l2[h] = self.l1[h];
                self.l1[h] = d;
            } else if self.l2[h] == NO || d < self.l2[h] {
                self.l2[h] = d;
            }
        } else {
            self.nr[h] += 1;
            self.rset[h] |= bit;
            if self.r1[h] == NO || d > self.r1[h] {
                self.r2[h] = self.r1[h];
                self.r1[h] = d;
            } else if self.r2[h] == NO || d > self.r2[h] {
                self.r2[h] = d;
            }
        }
    }
}

/// Transition classes: 0 = shift, 1..=L left-arc with label l-1, L+1..=2L right-arc.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Move {
    Shift,
    Left(usize),
    Right(usize),
}

fn decode(class: usize, nl: usize) -> Move {
    if class == 0 {
        Move::Shift
    } else if class <= nl {
        Move::Left(class - 1)
    } else {
        Move::Right(class - 1 - nl)
    }
}

fn valid(st: &State, m: Move, root_label: usize) -> bool {
    match m {
        Move::Shift => st.b < st.n,
        Move::Left(l) => {
            if st.stack.is_empty() {
                return false;
            }
            if st.b == st.n {
                st.stack.len() == 1 && l == root_label
            } else {
                l != root_label
            }
        }
        Move::Right(l) => st.stack.len() >= 2 && l != root_label,
    }
}

fn apply(st: &mut State, m: Move) {
    match m {
        Move::Shift => {
            st.stack.push(st.b);
            st.b += 1;
        }
        Move::Left(l) => {
            if let Some(s0) = st.stack.pop() {
                let b = st.b;
                st.add_arc(b, s0, l);
            }
        }
        Move::Right(l) => {
            if let Some(s0) = st.stack.pop() {
                if let Some(&s1) = st.stack.last() {
                    st.add_arc(s1, s0, l);
                }
            }
        }
    }
}

fn dist_bucket(d: usize) -> u64 {
    match d {
        0..=4 => d as u64,
        5..=7 => 5,
        8..=12 => 6,
        _ => 7,
    }
}

fn features(st: &State, inp: &[ParseInput], out: &mut Vec<u64>) {
    out.clear();
    let n = st.n;
    let w = |i: usize| -> u64 {
        if i == NO {
            NONE
        } else if i >= n {
            0x524f4f54
        } else {
            inp[i].word
        }
    };
    let t = |i: usize| -> u64 {
        if i == NO || i > n {
            NONE
        } else if i == n {
            0x524f4f54
        } else {
            inp[i].tag
        }
    };
    let lab = |i: usize| -> u64 {
        if i == NO || i >= n {
            NONE
        } else {
            st.labels[i] as u64 + 7
        }
    };
    let at = |v: &Vec<usize>, i: usize| -> usize {
        if i == NO {
            NO
        } else {
            v[i]
        }
    };
    let len = st.stack.len();
    let s0 = if len >= 1 { st.stack[len - 1] } else { NO };
    let s1 = if len >= 2 { st.stack[len - 2] } else { NO };
    let s2 = if len >= 3 { st.stack[len - 3] } else { NO };
    let n0 = if st.b <= n { st.b } else { NO };
    let n1 = if st.b < n { st.b + 1 } else { NO };
    let n2 = if st.b + 1 < n { st.b + 2 } else { NO };
    let (s0w, s0t, s1w, s1t, s2t) = (w(s0), t(s0), w(s1), t(s1), t(s2));
    let (n0w, n0t, n1w, n1t, n2w, n2t) = (w(n0), t(n0), w(n1), t(n1), w(n2), t(n2));
    let s0l1 = at(&st.l1, s0);
    let s0l2 = at(&st.l2, s0);
    let s0r1 = at(&st.r1, s0);
    let s0r2 = at(&st.r2, s0);
    let s1r1 = at(&st.r1, s1);
    let s1l1 = at(&st.l1, s1);
    let n0l1 = at(&st.l1, n0);
    let n0l2 = at(&st.l2, n0);
    let s0wt = mix(s0w, s0t);
    let s1wt = mix(s1w, s1t);
    let n0wt = mix(n0w, n0t);
    let n1wt = mix(n1w, n1t);
    // Single words.
    out.push(feat(1, 0));
    out.push(feat(2, s0w));
    out.push(feat(3, s0t));
    out.push(feat(4, s0wt));
    out.push(feat(5, s1w));
    out.push(feat(6, s1t));
    out.push(feat(7, s1wt));
    out.push(feat(8, n0w));
    out.push(feat(9, n0t));
    out.push(feat(10, n0wt));
    out.push(feat(11, n1w));
    out.push(feat(12, n1t));
    out.push(feat(13, n1wt));
    out.push(feat(14, n2w));
    out.push(feat(15, n2t));
    out.push(feat(16, s2t));
    out.push(feat(17, w(s2)));
    // Pairs.
    out.push(feat2(20, s0wt, n0wt));
    out.push(feat2(21, s0wt, n0w));
    out.push(feat2(22, s0w, n0wt));
    out.push(feat2(23, s0wt, n0t));
    out.push(feat2(24, s0t, n0wt));
    out.push(feat2(25, s0w, n0w));
    out.push(feat2(26, s0t, n0t));
    out.push(feat2(27, n0t, n1t));
    out.push(feat2(28, s1t, s0t));
    out.push(feat2(29, s1w, s0w));
    out.push(feat2(30, s1wt, s0wt));
    out.push(feat2(31, s1t, n0t));
    out.push(feat2(32, s1wt, s0t));
    out.push(feat2(33, s1t, s0wt));
    out.push(feat2(34, s1w, n0w));
    // Triples of tags.
    out.push(feat3(40, n0t, n1t, n2t));
    out.push(feat3(41, s0t, n0t, n1t));
    out.push(feat3(42, s1t, s0t, n0t));
    out.push(feat3(43, s2t, s1t, s0t));
    out.push(feat3(44, s0t, t(s0l1), n0t));
    out.push(feat3(45, s0t, t(s0r1), n0t));
    out.push(feat3(46, s0t, n0t, t(n0l1)));
    out.push(feat3(47, s1t, t(s1r1), s0t));
    out.push(feat3(48, s1t, s0t, t(s0r1)));
    out.push(feat3(49, s1t, s0t, t(s0l1)));
    out.push(feat3(50, s1t, t(s1l1), s0t));
    out.push(feat3(51, s0w, n0t, n1t));
    out.push(feat3(52, s0t, n0w, n1t));
    out.push(feat3(53, s1t, s0w, n0t));
    out.push(feat3(54, s1t, s0t, n0w));
    // Distance.
    let d0 = if s0 != NO && n0 != NO { dist_bucket(n0.saturating_sub(s0)) } else { NONE };
    let d1 = if s0 != NO && s1 != NO { dist_bucket(s0.saturating_sub(s1)) } else { NONE };
    out.push(feat2(60, s0w, d0));
    out.push(feat2(61, s0t, d0));
    out.push(feat2(62, n0w, d0));
    out.push(feat2(63, n0t, d0));
    out.push(feat3(64, s0w, n0w, d0));
    out.push(feat3(65, s0t, n0t, d0));
    out.push(feat3(66, s1t, s0t, d1));
    out.push(feat3(67, s1w, s0w, d1));
    // Valency.
    let vl = |i: usize| if i == NO { NONE } else { u64::from(st.nl[i].min(6)) };
    let vr = |i: usize| if i == NO { NONE } else { u64::from(st.nr[i].min(6)) };
    out.push(feat2(70, s0w, vr(s0)));
    out.push(feat2(71, s0t, vr(s0)));
    out.push(feat2(72, s0w, vl(s0)));
    out.push(feat2(73, s0t, vl(s0)));
    out.push(feat2(74, n0w, vl(n0)));
    out.push(feat2(75, n0t, vl(n0)));
    out.push(feat2(76, s1t, vr(s1)));
    // Children.
    out.push(feat(80, w(s0l1)));
    out.push(feat(81, t(s0l1)));
    out.push(feat(82, lab(s0l1)));
    out.push(feat(83, w(s0r1)));
    out.push(feat(84, t(s0r1)));
    out.push(feat(85, lab(s0r1)));
    out.push(feat(86, w(n0l1)));
    out.push(feat(87, t(n0l1)));
    out.push(feat(88, lab(n0l1)));
    out.push(feat(89, t(s1r1)));
    out.push(feat(90, lab(s1r1)));
    out.push(feat2(91, s0t, lab(s0l1)));
    out.push(feat2(92, s0t, lab(s0r1)));
    out.push(feat2(93, n0t, lab(n0l1)));
    // Third order.
    out.push(feat(100, w(s0l2)));
    out.push(feat(101, t(s0l2)));
    out.push(feat(102, lab(s0l2)));
    out.push(feat(103, w(s0r2)));
    out.push(feat(104, t(s0r2)));
    out.push(feat(105, lab(s0r2)));
    out.push(feat(106, w(n0l2)));
    out.push(feat(107, t(n0l2)));
    out.push(feat(108, lab(n0l2)));
    out.push(feat3(109, s0t, t(s0l1), t(s0l2)));
    out.push(feat3(110, s0t, t(s0r1), t(s0r2)));
    out.push(feat3(111, n0t, t(n0l1), t(n0l2)));
    // Label sets.
    let ls = |v: &Vec<u64>, i: usize| if i == NO { NONE } else { v[i] };
    out.push(feat2(120, s0w, ls(&st.rset, s0)));
    out.push(feat2(121, s0t, ls(&st.rset, s0)));
    out.push(feat2(122, s0w, ls(&st.lset, s0)));
    out.push(feat2(123, s0t, ls(&st.lset, s0)));
    out.push(feat2(124, n0w, ls(&st.lset, n0)));
    out.push(feat2(125, n0t, ls(&st.lset, n0)));
    out.push(feat2(126, s1t, ls(&st.rset, s1)));
    // Punctuation between s0 and n0 (appositions, coordination, clause boundaries).
    let pb = |i: usize| st.punct_before.get(i).copied().unwrap_or(0);
    let between =
        if s0 != NO && n0 != NO && n0 > s0 { u64::from((pb(n0) - pb(s0 + 1).min(pb(n0))).min(3)) } else { NONE };
    out.push(feat(130, between));
    out.push(feat3(131, s0t, n0t, between));
    out.push(feat3(132, s0w, n0t, between));
    out.push(feat3(133, s0t, n0w, between));
    // Coarse-tag backoff and more look-ahead.
    let u = |i: usize| -> u64 {
        if i == NO {
            NONE
        } else if i >= n {
            0x524f4f54
        } else {
            inp[i].upos
        }
    };
    out.push(feat2(140, u(s0), u(n0)));
    out.push(feat3(141, u(s1), u(s0), u(n0)));
    out.push(feat3(142, u(s0), u(n0), u(n1)));
    out.push(feat3(143, u(s0), lab(s0l1), u(n0)));
    out.push(feat3(144, u(s0), lab(s0r1), u(n0)));
    out.push(feat2(145, n0w, n1w));
    out.push(feat2(146, n0wt, n1t));
    out.push(feat3(147, s0w, n0w, n1t));
    out.push(feat3(148, u(s2), u(s1), u(s0)));
    let n3 = if st.b + 3 < n { st.b + 3 } else { NO };
    out.push(feat2(149, n0t, t(n3)));
    // Tag ambiguity: the predicted tag with the tags the word could have had.
    let amb = |i: usize| -> u64 {
        if i == NO || i >= n {
            NONE
        } else {
            inp[i].amb
        }
    };
    out.push(feat2(170, amb(s0), s0t));
    out.push(feat2(171, amb(n0), n0t));
    out.push(feat3(172, amb(s0), amb(n0), s0t));
    out.push(feat3(173, amb(s0), n0t, amb(n1)));
    out.push(feat2(174, amb(n1), n1t));
}

impl Parser {
    fn n_labels(&self) -> usize {
        self.labels.len()
    }

    /// Parses one sentence: returns (head, label) per word, heads 1-based with 0 = root.
    pub fn parse(&self, inp: &[ParseInput]) -> Vec<(usize, &str)> {
        let n = inp.len();
        let mut st = State::new(inp);
        let nl = self.n_labels();
        let mut feats = Vec::with_capacity(128);
        let mut scores = vec![0i32; 1 + 2 * nl];
        while !st.done() {
            features(&st, inp, &mut feats);
            scores.iter_mut().for_each(|s| *s = 0);
            self.model.score(&feats, &mut scores);
            let mut best = None;
            let mut bs = i32::MIN;
            for (c, s) in scores.iter().enumerate() {
                if *s > bs || best.is_none() {
                    let m = decode(c, nl);
                    if valid(&st, m, self.root_label) {
                        bs = *s;
                        best = Some(m);
                    }
                }
            }
            match best {
                Some(m) => apply(&mut st, m),
                None => break,
            }
        }
        (0..n)
            .map(|i| {
                let h = st.heads[i];
                let head = if h == NO || h >= n { 0 } else { h + 1 };
                let label = if h == NO { self.root_label } else { st.labels[i] };
                (head, self.labels.get(label).map_or("dep", |s| s.as_str()))
            })
            .collect()
    }

    pub fn write(&self, w: &mut Writer) {
        w.strs(&self.labels);
        w.u32(self.root_label as u32);
        self.model.write(w);
    }

    pub fn read(r: &mut Reader) -> Result<Parser, NlpError> {
        let labels = r.strs()?;
        let root_label = r.u32()? as usize;
        let model = Model::read(r)?;
        if model.n_classes() != 1 + 2 * labels.len() || root_label >= labels.len() {
            return Err(NlpError::Model("parser classes do not match its labels".into()));
        }
        Ok(Parser { labels, root_label, model })
    }
}

/// A training sentence: parser inputs and gold heads (1-based, 0 = root) and labels.
pub struct ParseExample {
    pub input: Vec<ParseInput>,
    pub heads: Vec<usize>,
    pub labels: Vec<String>,
}

/// Costs of each move under the dynamic oracle: how many reachable gold arcs it loses.
struct Oracle<'a> {
    gold_head: &'a [usize],
    gold_label: &'a [usize],
    children: Vec<Vec<usize>>,
}

impl Oracle<'_> {
    fn cost(&self, st: &State, in_stack: &[bool], m: Move) -> u32 {
        let n = st.n;
        let b = st.b;
        match m {
            Move::Shift => {
                let mut c = 0;
                let gh = self.gold_head[b];
                let s0 = st.stack.last().copied();
                if gh < n && in_stack[gh] && Some(gh) != s0 {
                    c += 1;
                }
                for &d in &self.children[b] {
                    if in_stack[d] {
                        c += 1;
                    }
                }
                c
            }
            Move::Left(l) | Move::Right(l) => {
                let Some(&s0) = st.stack.last() else { return 0 };
                let s1 = if st.stack.len() >= 2 { Some(st.stack[st.stack.len() - 2]) } else { None };
                let head = if matches!(m, Move::Left(_)) { b } else { s1.unwrap_or(NO) };
                let gh = self.gold_head[s0];
                let mut c = 0;
                if gh == head {
                    if self.gold_label[s0] != l {
                        c += 1;
                    }
                } else {
                    let reachable = gh >= b || Some(gh) == s1;
                    if reachable {
                        c += 1;
                    }
                }
                for &d in &self.children[s0] {
                    if d >= b {
                        c += 1;
                    }
                }
                c
            }
        }
    }
}

/// Trains the parser. `dev` (with predicted tags) picks the epoch by LAS.
pub fn train(
    train: &[ParseExample],
    dev: &[ParseExample],
    epochs: usize,
    min_weight: f32,
    log: &mut dyn FnMut(String),
) -> Parser {
    let mut labels: Vec<String> = train.iter().flat_map(|s| s.labels.iter().cloned()).collect();
    labels.sort();
    labels.dedup();
    let root_label = labels.iter().position(|l| l == "root").unwrap_or(0);
    let nl = labels.len();
    let label_index = |l: &str| labels.binary_search_by(|x| x.as_str().cmp(l)).unwrap_or(0);
    let mut trainer = Trainer::new(1 + 2 * nl);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = crate::Rng(0xd1ce);
    let mut best: Option<(f64, Model)> = None;
    let mut feats = Vec::with_capacity(128);
    let mut scores = vec![0f32; 1 + 2 * nl];
    let mut costs = vec![0u32; 1 + 2 * nl];
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        let (mut steps, mut errors) = (0usize, 0usize);
        for &si in &order {
            let ex = &train[si];
            let n = ex.input.len();
            if n == 0 {
                continue;
            }
            let gold_head: Vec<usize> = ex.heads.iter().map(|&h| if h == 0 || h > n { n } else { h - 1 }).collect();
            let gold_label: Vec<usize> = ex.labels.iter().map(|l| label_index(l)).collect();
            let mut children = vec![Vec::new(); n + 1];
            for (d, &h) in gold_head.iter().enumerate() {
                children[h].push(d);
            }
            let oracle = Oracle { gold_head: &gold_head, gold_label: &gold_label, children };
            let mut st = State::new(&ex.input);
            let mut in_stack = vec![false; n + 1];
            while !st.done() {
                features(&st, &ex.input, &mut feats);
                scores.iter_mut().for_each(|s| *s = 0.0);
                trainer.score(&feats, &mut scores);
                let mut min_cost = u32::MAX;
                for (c, cost) in costs.iter_mut().enumerate() {
                    let m = decode(c, nl);
                    *cost = if valid(&st, m, root_label) { oracle.cost(&st, &in_stack, m) } else { u32::MAX };
                    min_cost = min_cost.min(*cost);
                }
                let (mut guess, mut gs) = (NO, f32::NEG_INFINITY);
                let (mut gold, mut golds) = (NO, f32::NEG_INFINITY);
                for c in 0..costs.len() {
                    if costs[c] == u32::MAX {
                        continue;
                    }
                    if scores[c] > gs {
                        gs = scores[c];
                        guess = c;
                    }
                    if costs[c] == min_cost && scores[c] > golds {
                        golds = scores[c];
                        gold = c;
                    }
                }
                if guess == NO || gold == NO {
                    break;
                }
                steps += 1;
                if costs[guess] != min_cost {
                    errors += 1;
                    trainer.update(&feats, gold, guess);
                }
                trainer.tick();
                // Explore: follow the model's own move after the first epoch.
                let follow = if epoch >= 1 && !rng.next().is_multiple_of(10) { guess } else { gold };
                let m = decode(follow, nl);
                match m {
                    Move::Shift => in_stack[st.b] = true,
                    _ => {
                        if let Some(&s0) = st.stack.last() {
                            in_stack[s0] = false;
                        }
                    }
                }
                apply(&mut st, m);
            }
        }
        let model = trainer.average(min_weight);
        let parser = Parser { labels: labels.clone(), root_label, model };
        let (uas, las) = evaluate(&parser, dev);
        log(format!(
            "parser epoch {}: train errors {:.4}, dev UAS {:.4} LAS {:.4} ({} features)",
            epoch + 1,
            errors as f64 / steps.max(1) as f64,
            uas,
            las,
            parser.model.n_features()
        ));
        // Without dev data every epoch scores 0, and the last one is kept.
        if best.as_ref().is_none_or(|b| las > b.0 || dev.is_empty()) {
            best = Some((las, parser.model));
        }
    }
    let model = best.map(|b| b.1).unwrap_or_else(|| trainer.average(min_weight));
    Parser { labels, root_label, model }
}

/// Unlabelled and labelled attachment scores on examples.
pub fn evaluate(parser: &Parser, data: &[ParseExample]) -> (f64, f64) {
    let (mut n, mut u, mut l) = (0usize, 0usize, 0usize);
    for ex in data {
        for (i, (h, lab)) in parser.parse(&ex.input).into_iter().enumerate() {
            n += 1;
            if h == ex.heads[i] {
                u += 1;
                if lab.split(':').next() == ex.labels[i].split(':').next() {
                    l += 1;
                }
            }
        }
    }
    (u as f64 / n.max(1) as f64, l as f64 / n.max(1) as f64)
}
