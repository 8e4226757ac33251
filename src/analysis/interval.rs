//! The interval walk: every state a vignette can be in, with the alliance kept as a range per component rather
//! than exact values, so it always finishes; what it finds unreachable is unreachable on every path.
//!
//! A state here is everything but the alliance — node, rupture depth, the last line's talk type, the codes the
//! rubric looks back at, variables, visits that conditions test, replies used — with, for each of bond, goal,
//! task and empathy, the lowest and highest value any path can bring to it. Scoring does not depend on the
//! alliance, so each reply's value here is exact; conditions on the alliance are decided as *true*, *false* or
//! *maybe*, and *maybe* follows both ways (narrowing the ranges where it can). Every real path is therefore
//! covered: "never offered", "never reached", "every reply strains" and "dominated" are sound; path counts
//! and WAI-SR figures from here are bounds, not exact values. Rupture depths above 8 are merged ("8 or
//! deeper"), which only widens what may happen.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use crate::engine::rules::{self, Split, Verdict};
use crate::report::WaiSr;
use crate::scoring::{AllianceState, Context, Rubric, code_bit, reply_value, score};
use crate::vignette::compiled::{Condition, Measure, Turn};
use crate::vignette::model::{Effects, Talk};
use crate::vignette::{BehaviourCode, Target, Vignette};

/// Rupture depths above this are kept as "this or deeper": a ladder of markers and deepening replies could
/// otherwise make the number of states grow with the length of the vignette. Real vignettes stay far below.
const DEPTH_CAP: u32 = 8;

/// Updates of one state's ranges after which a component that keeps growing is widened to 0-100, so loops
/// that slowly move the alliance still finish quickly.
const WIDEN_AFTER: u32 = 24;

/// Everything about a session except its alliance values.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Skeleton {
    /// Where it is.
    pub at: Place,
    /// Rupture depth (at an ending: 1 when a rupture is still open, else 0).
    pub depth: u32,
    talk: u8,
    session: u32,
    /// The last replies' codes that some rule looks back for, as bit sets (`code_bit`), oldest first.
    recent: Vec<u32>,
    vars: Vec<i64>,
    visited: Vec<bool>,
    once: Vec<(usize, usize)>,
}

impl Skeleton {
    /// The vignette's variables, in the order they are declared (empty at an ending, where they no longer
    /// matter).
    pub fn vars(&self) -> &[i64] {
        &self.vars
    }
}

/// A node or an ending (a hashable `Target`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Place {
    /// Node index.
    Node(usize),
    /// Ending index.
    Ending(usize),
}

impl Place {
    /// As a `Target`.
    pub fn target(self) -> Target {
        match self {
            Place::Node(n) => Target::Node(n),
            Place::Ending(e) => Target::Ending(e),
        }
    }
}

/// The lowest and highest bond, goal, task and empathy a state can have.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    /// Lowest values.
    pub lo: AllianceState,
    /// Highest values.
    pub hi: AllianceState,
}

/// A state of the interval walk.
#[derive(Debug, Clone)]
pub struct AbstractState {
    /// Everything but the alliance.
    pub skeleton: Skeleton,
    /// The alliance's range.
    pub range: Range,
    updates: u32,
}

/// A reply that may be given in a state, and the states it may lead to.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Authored reply index.
    pub reply: usize,
    /// Its value (exact).
    pub value: f64,
    /// Its scored change to bond, goal and task before clamping (exact).
    pub delta: [f64; 3],
    /// It is on offer in every concrete state this state stands for (not only in some).
    pub surely_offered: bool,
    /// The states it may lead to; one element when the destination is certain.
    pub to: Vec<usize>,
}

/// What the interval walk found.
#[derive(Debug, Clone)]
pub struct IntervalWalk {
    shape: Shape,
    index: HashMap<Skeleton, usize>,
    /// The states.
    pub states: Vec<AbstractState>,
    /// The states a session may start in (one per patient line the first node may open with).
    pub starts: Vec<usize>,
    /// For each state, the replies that may be given there.
    pub edges: Vec<Vec<Edge>>,
    /// Every state was followed (the state limit was not hit).
    pub complete: bool,
    /// Nodes some path may reach.
    pub nodes_reached: Vec<bool>,
    /// Endings some path may reach.
    pub endings_reached: Vec<bool>,
    /// For each node, each variant some path may show.
    pub variants_shown: Vec<Vec<bool>>,
    /// For each node, each reply whose `when` may hold there.
    pub when_may_hold: Vec<Vec<bool>>,
    /// For each node, each reply that may be on offer.
    pub may_offer: Vec<Vec<bool>>,
}

/// What of a session the rubric and the vignette's conditions can see (fixed per vignette and rubric), and
/// the replies' scores already worked out (a reply scores the same wherever its context is the same).
#[derive(Debug, Clone)]
struct Shape {
    watched: Vec<usize>,
    watched_at: Vec<Option<usize>>,
    window: usize,
    session_mask: u32,
    recent_mask: u32,
    /// Some condition tests empathy; if none does, its range is left at 0-100 (it cannot change what is
    /// reached, and following it round loops would only slow the walk down).
    empathy: bool,
    scores: RefCell<HashMap<ScoreKey, Lite>>,
}

/// (node, reply, session codes, rupture open, talk, recent codes packed, how many recent).
type ScoreKey = (usize, usize, u32, bool, u8, u128, usize);

/// What of a scored reply the walk uses.
#[derive(Debug, Clone, Copy)]
struct Lite {
    delta: Effects,
    repairs: bool,
    deepens: bool,
}

impl Shape {
    fn of(v: &Vignette, rubric: &Rubric) -> Shape {
        let watched = crate::analysis::walk::watched_nodes(v);
        let mut watched_at = vec![None; v.nodes.len()];
        for (i, &n) in watched.iter().enumerate() {
            watched_at[n] = Some(i);
        }
        Shape {
            window: rubric.window(),
            session_mask: rubric.session_mask(),
            recent_mask: rubric.recent_mask(),
            watched,
            watched_at,
            empathy: crate::analysis::walk::Scope::of(v).empathy,
            scores: RefCell::new(HashMap::new()),
        }
    }
}

struct Rules<'a> {
    v: &'a Vignette,
    rubric: &'a Rubric,
    shape: &'a Shape,
}

fn mask_of(codes: &[BehaviourCode]) -> u32 {
    codes.iter().fold(0, |a, c| a | code_bit(*c))
}

fn get(s: &AllianceState, m: Measure) -> f64 {
    match m {
        Measure::Bond => s.bond,
        Measure::Goal => s.goal,
        Measure::Task => s.task,
        Measure::Empathy => s.empathy,
        Measure::Alliance => s.alliance(),
    }
}

fn set(s: &mut AllianceState, m: Measure, x: f64) {
    match m {
        Measure::Bond => s.bond = x,
        Measure::Goal => s.goal = x,
        Measure::Task => s.task = x,
        Measure::Empathy => s.empathy = x,
        Measure::Alliance => {}
    }
}

const MEASURES: [Measure; 4] = [
    Measure::Bond,
    Measure::Goal,
    Measure::Task,
    Measure::Empathy,
];

impl Range {
    fn hull(&self, o: &Range) -> Range {
        let mut r = *self;
        for m in MEASURES {
            set(&mut r.lo, m, get(&self.lo, m).min(get(&o.lo, m)));
            set(&mut r.hi, m, get(&self.hi, m).max(get(&o.hi, m)));
        }
        r
    }

    fn empty(&self) -> bool {
        MEASURES
            .iter()
            .any(|&m| get(&self.lo, m) > get(&self.hi, m) + 1e-9)
    }
}

impl Rules<'_> {
    fn tri(&self, c: &Condition, sk: &Skeleton, r: &Range) -> Verdict {
        let mut out = Verdict::Holds;
        let mut and = |t: Verdict| {
            out = match (out, t) {
                (Verdict::Fails, _) | (_, Verdict::Fails) => Verdict::Fails,
                (Verdict::Perhaps, _) | (_, Verdict::Perhaps) => Verdict::Perhaps,
                _ => Verdict::Holds,
            }
        };
        for &(m, lo, hi) in &c.ranges {
            // The alliance is a mean, and the mean of the lows (highs) is the lowest (highest) it can be.
            let (a, b) = (get(&r.lo, m), get(&r.hi, m));
            if let Some(lo) = lo {
                and(if a >= lo {
                    Verdict::Holds
                } else if b < lo {
                    Verdict::Fails
                } else {
                    Verdict::Perhaps
                });
            }
            if let Some(hi) = hi {
                and(if b < hi {
                    Verdict::Holds
                } else if a >= hi {
                    Verdict::Fails
                } else {
                    Verdict::Perhaps
                });
            }
        }
        let exact = Verdict::exact;
        if let Some(o) = c.rupture_open {
            and(exact(o == (sk.depth > 0)));
        }
        // A follow-up is walked played alone, yet a student may continue a first visit: either can hold.
        if c.continued.is_some() {
            and(Verdict::Perhaps);
        }
        let visited = |n: usize| self.shape.watched_at[n].is_some_and(|i| sk.visited[i]);
        and(exact(c.visited.iter().all(|&n| visited(n))));
        and(exact(c.not_visited.iter().all(|&n| !visited(n))));
        and(exact(c.var_at_least.iter().all(|&(i, x)| sk.vars[i] >= x)));
        and(exact(c.var_below.iter().all(|&(i, x)| sk.vars[i] < x)));
        out
    }

    /// The range narrowed to where `c` holds (`holds`) or fails. Narrowing is only done where it is exact
    /// enough to be safe: tests on one component; a failed condition only when it has a single bound.
    fn narrow(&self, c: &Condition, r: &Range, holds: bool) -> Option<Range> {
        let mut out = *r;
        if holds {
            for &(m, lo, hi) in c.ranges.iter().filter(|t| t.0 != Measure::Alliance) {
                if let Some(lo) = lo {
                    let x = get(&out.lo, m).max(lo);
                    set(&mut out.lo, m, x);
                }
                if let Some(hi) = hi {
                    let x = get(&out.hi, m).min(hi);
                    set(&mut out.hi, m, x);
                }
            }
        } else if let [(m, lo, hi)] = c.ranges.as_slice()
            && *m != Measure::Alliance
        {
            match (lo, hi) {
                (Some(lo), None) => {
                    let x = get(&out.hi, *m).min(*lo);
                    set(&mut out.hi, *m, x);
                }
                (None, Some(hi)) => {
                    let x = get(&out.lo, *m).max(*hi);
                    set(&mut out.lo, *m, x);
                }
                _ => {}
            }
        }
        (!out.empty()).then_some(out)
    }

    /// A condition decided on a range: wholly true, wholly false, or both ways with the range narrowed to
    /// each side where that is safe (`narrow`).
    fn split(&self, c: &Condition, sk: &Skeleton, r: &Range) -> Split<Range> {
        match self.tri(c, sk, r) {
            Verdict::Holds => Split::exact(true, *r),
            Verdict::Fails => Split::exact(false, *r),
            Verdict::Perhaps => Split {
                holds: self.narrow(c, r, true),
                fails: self.narrow(c, r, false),
            },
        }
    }

    /// Which replies are on offer (`rules::on_offer`): (may be offered, surely offered, offered because its
    /// own test passes).
    fn offers(&self, n: usize, sk: &Skeleton, r: &Range) -> (Vec<bool>, Vec<bool>, bool) {
        let mut offer: Vec<Verdict> = self.v.nodes[n]
            .replies
            .iter()
            .enumerate()
            .map(|(i, reply)| {
                if rules::spent(reply, (n, i), &sk.once) {
                    Verdict::Fails
                } else {
                    reply
                        .when
                        .as_ref()
                        .map_or(Verdict::Holds, |c| self.tri(c, sk, r))
                }
            })
            .collect();
        let by_when = rules::on_offer(&mut offer);
        (
            offer.iter().map(|&v| v != Verdict::Fails).collect(),
            offer.iter().map(|&v| v == Verdict::Holds).collect(),
            by_when,
        )
    }

    fn start(&self) -> Vec<(Skeleton, Range, Option<usize>)> {
        let v = self.v;
        let s = v.patient.start;
        let mut sk = Skeleton {
            at: Place::Node(v.start),
            depth: 0,
            talk: 0,
            session: 0,
            recent: Vec::new(),
            vars: v.variables.iter().map(|(_, x)| *x).collect(),
            visited: vec![false; self.shape.watched.len()],
            once: Vec::new(),
        };
        if let Some(i) = self.shape.watched_at[v.start] {
            sk.visited[i] = true;
        }
        let mut r = Range { lo: s, hi: s };
        if !self.shape.empathy {
            (r.lo.empathy, r.hi.empathy) = (0.0, 100.0);
        }
        self.arrive(sk, r)
    }

    /// Shows the patient's line at the skeleton's place: one result per turn that may be shown, with the
    /// rupture marker and talk type it brings.
    fn arrive(&self, sk: Skeleton, r: Range) -> Vec<(Skeleton, Range, Option<usize>)> {
        match sk.at {
            Place::Ending(e) => {
                let mut sk = sk;
                sk.depth = marked(sk.depth, &self.v.endings[e].patient);
                vec![(ending_skeleton(sk), r, None)]
            }
            Place::Node(n) => {
                let node = &self.v.nodes[n];
                let mut out = Vec::new();
                rules::variant(
                    node,
                    r,
                    |c, cur| self.split(c, &sk, cur),
                    |variant, r| {
                        let turn = variant.map_or(&node.patient, |i| &node.variants[i].1);
                        let mut shown = sk.clone();
                        shown.depth = marked(shown.depth, turn);
                        shown.talk = match turn.talk {
                            None => 0,
                            Some(Talk::Change) => 1,
                            Some(Talk::Sustain) => 2,
                        };
                        out.push((shown, r, variant));
                    },
                );
                out
            }
        }
    }

    /// The reply's scored effect in this skeleton, exactly as the engine scores it (the recent replies are
    /// kept only as the codes rules look back for, which gives the same score).
    fn scored(&self, n: usize, reply: usize, sk: &Skeleton) -> Lite {
        let key = (sk.recent.len() <= 4).then(|| {
            let packed = sk
                .recent
                .iter()
                .fold(0u128, |a, &b| (a << 32) | u128::from(b));
            (
                n,
                reply,
                sk.session,
                sk.depth > 0,
                sk.talk,
                packed,
                sk.recent.len(),
            )
        });
        if let Some(hit) = key.and_then(|k| self.shape.scores.borrow().get(&k).copied()) {
            return hit;
        }
        let rep = &self.v.nodes[n].replies[reply];
        let earlier: Vec<Vec<BehaviourCode>> = sk
            .recent
            .iter()
            .map(|&bits| {
                BehaviourCode::ALL
                    .iter()
                    .copied()
                    .filter(|c| bits & code_bit(*c) != 0)
                    .collect()
            })
            .collect();
        let ctx = Context {
            earlier: &earlier,
            session_codes: sk.session,
            rupture_open: sk.depth > 0,
            after_talk: match sk.talk {
                1 => Some(Talk::Change),
                2 => Some(Talk::Sustain),
                _ => None,
            },
            // The explorer walks authored replies only; a stall comes from unmatched typed ones.
            stalled: 0,
            phase: self.v.nodes[n].phase,
            limit_stated: self.v.nodes[n].limit.is_some(),
        };
        let s = score(self.rubric, &rep.codes, &rep.effects, &ctx);
        let lite = Lite {
            delta: s.delta,
            repairs: s.repairs,
            deepens: s.deepens,
        };
        if let Some(k) = key {
            self.shape.scores.borrow_mut().insert(k, lite);
        }
        lite
    }

    /// Giving `reply` in (sk, r), narrowed by its `when` if `narrow_when`: every state it may lead to, with the
    /// variant shown on arrival.
    fn step(
        &self,
        sk: &Skeleton,
        r: &Range,
        reply: usize,
        narrow_when: bool,
    ) -> Vec<(Skeleton, Range, Option<usize>)> {
        let Place::Node(n) = sk.at else {
            return Vec::new();
        };
        let rep = &self.v.nodes[n].replies[reply];
        let mut r = *r;
        if narrow_when && let Some(c) = &rep.when {
            match self.narrow(c, &r, true) {
                Some(x) => r = x,
                None => return Vec::new(),
            }
        }
        let scored = self.scored(n, reply, sk);
        apply(&mut r, &scored.delta, self.shape.empathy);
        let mut next = sk.clone();
        rules::apply_variables(rep, &mut next.vars);
        rules::use_once(rep, (n, reply), &mut next.once);
        next.session |= mask_of(&rep.codes) & self.shape.session_mask;
        if self.shape.window > 0 {
            next.recent
                .push(mask_of(&rep.codes) & self.shape.recent_mask);
            let extra = next.recent.len().saturating_sub(self.shape.window);
            next.recent.drain(..extra);
        }
        let mut out = Vec::new();
        for depth in depths_after(sk.depth, &scored) {
            next.depth = depth;
            rules::destination(
                rep,
                r,
                |c, cur| self.split(c, &next, cur),
                |d, r| {
                    let Some(d) = d else { return };
                    let mut there = next.clone();
                    match rep.dest[d].1 {
                        Target::Node(j) => {
                            there.at = Place::Node(j);
                            if let Some(i) = self.shape.watched_at[j] {
                                there.visited[i] = true;
                            }
                        }
                        Target::Ending(e) => there.at = Place::Ending(e),
                    }
                    out.extend(self.arrive(there, r));
                },
            );
        }
        out
    }
}

/// The rupture depths after a reply that `repairs`/`deepens` (`rules::after_reply`). At the cap the depth
/// stands for "the cap or deeper", so the rule is applied to the cap and to one deeper (which stands for any
/// deeper depth): a repair may or may not bring it below the cap.
fn depths_after(depth: u32, scored: &Lite) -> Vec<u32> {
    let real: &[u32] = if depth == DEPTH_CAP {
        &[DEPTH_CAP, DEPTH_CAP + 1]
    } else {
        &[depth]
    };
    let mut out: Vec<u32> = real
        .iter()
        .map(|&d| {
            rules::after_reply(d, scored.repairs, scored.deepens)
                .depth
                .min(DEPTH_CAP)
        })
        .collect();
    out.dedup();
    out
}

/// The rupture depth once `turn` is shown (its marker opens or deepens a rupture), kept at the cap.
fn marked(depth: u32, turn: &Turn) -> u32 {
    (depth + rules::marker_weight(turn.rupture)).min(DEPTH_CAP)
}

/// At an ending nothing but the ending and an open rupture (for the WAI-SR) matters any more.
fn ending_skeleton(sk: Skeleton) -> Skeleton {
    Skeleton {
        at: sk.at,
        depth: u32::from(sk.depth > 0),
        talk: 0,
        session: 0,
        recent: Vec::new(),
        vars: Vec::new(),
        visited: Vec::new(),
        once: Vec::new(),
    }
}

fn apply(r: &mut Range, delta: &Effects, empathy: bool) {
    // The engine's own arithmetic (add, clamp to 0-100, round to 0.1) is monotone, so the ends map to ends.
    r.lo.apply(delta);
    r.hi.apply(delta);
    if !empathy {
        (r.lo.empathy, r.hi.empathy) = (0.0, 100.0);
    }
}

/// Walks `v` under `rubric` with alliance ranges, following at most `max_states` states.
pub fn walk(v: &Vignette, rubric: &Rubric, max_states: usize) -> IntervalWalk {
    let shape = Shape::of(v, rubric);
    let rules = Rules {
        v,
        rubric,
        shape: &shape,
    };
    let mut fix = Fixpoint::new(&rules, max_states);
    fix.start();
    while let Some(id) = fix.next() {
        fix.expand(id);
    }
    fix.finish()
}

/// The walk in progress: the states found so far, and those whose range grew since they were last followed.
struct Fixpoint<'r, 'a> {
    rules: &'r Rules<'a>,
    w: IntervalWalk,
    max_states: usize,
    /// Lowest id first: states found earlier are mostly upstream, so ranges settle before they are passed on.
    queue: BinaryHeap<Reverse<usize>>,
    queued: Vec<bool>,
}

impl<'r, 'a> Fixpoint<'r, 'a> {
    fn new(rules: &'r Rules<'a>, max_states: usize) -> Self {
        let v = rules.v;
        let per_reply = || -> Vec<Vec<bool>> {
            v.nodes
                .iter()
                .map(|n| vec![false; n.replies.len()])
                .collect()
        };
        let w = IntervalWalk {
            shape: rules.shape.clone(),
            index: HashMap::new(),
            states: Vec::new(),
            starts: Vec::new(),
            edges: Vec::new(),
            complete: true,
            nodes_reached: vec![false; v.nodes.len()],
            endings_reached: vec![false; v.endings.len()],
            variants_shown: v
                .nodes
                .iter()
                .map(|n| vec![false; n.variants.len()])
                .collect(),
            when_may_hold: per_reply(),
            may_offer: per_reply(),
        };
        Fixpoint {
            rules,
            w,
            max_states,
            queue: BinaryHeap::new(),
            queued: Vec::new(),
        }
    }

    /// Admits the states a session may start in.
    fn start(&mut self) {
        for s in self.rules.start() {
            if let Some(id) = self.admit(s) {
                self.w.starts.push(id);
            }
        }
        self.w.starts.sort_unstable();
        self.w.starts.dedup();
    }

    /// The next state to follow, if any is waiting.
    fn next(&mut self) -> Option<usize> {
        let Reverse(id) = self.queue.pop()?;
        self.queued[id] = false;
        Some(id)
    }

    /// Records that a state was reached (its place, and the variant shown there), then merges it into the
    /// state with the same skeleton or adds it as a new one. Its id, or `None` once the state limit is hit.
    fn admit(&mut self, (sk, r, variant): (Skeleton, Range, Option<usize>)) -> Option<usize> {
        match sk.at {
            Place::Node(n) => {
                self.w.nodes_reached[n] = true;
                if let Some(i) = variant {
                    self.w.variants_shown[n][i] = true;
                }
            }
            Place::Ending(e) => self.w.endings_reached[e] = true,
        }
        if let Some(&id) = self.w.index.get(&sk) {
            if self.widen(id, &r) {
                self.enqueue(id);
            }
            return Some(id);
        }
        if self.w.states.len() >= self.max_states {
            self.w.complete = false;
            return None;
        }
        let id = self.w.states.len();
        self.w.index.insert(sk.clone(), id);
        self.w.states.push(AbstractState {
            skeleton: sk,
            range: r,
            updates: 0,
        });
        self.queued.push(false);
        self.enqueue(id);
        Some(id)
    }

    /// Grows state `id`'s range to take in `r`; true when it grew. A component that keeps growing is widened
    /// to 0-100 after `WIDEN_AFTER` updates, so slow loops finish.
    fn widen(&mut self, id: usize, r: &Range) -> bool {
        let st = &mut self.w.states[id];
        let mut grown = st.range.hull(r);
        if grown == st.range {
            return false;
        }
        st.updates += 1;
        if st.updates > WIDEN_AFTER {
            for m in MEASURES {
                if get(&grown.lo, m) < get(&st.range.lo, m) {
                    set(&mut grown.lo, m, 0.0);
                }
                if get(&grown.hi, m) > get(&st.range.hi, m) {
                    set(&mut grown.hi, m, 100.0);
                }
            }
        }
        st.range = grown;
        true
    }

    fn enqueue(&mut self, id: usize) {
        if !self.queued[id] {
            self.queued[id] = true;
            self.queue.push(Reverse(id));
        }
    }

    /// Follows every reply that may be offered in state `id`, admitting the states it may lead to.
    fn expand(&mut self, id: usize) {
        let (sk, r) = (self.w.states[id].skeleton.clone(), self.w.states[id].range);
        let Place::Node(n) = sk.at else { return };
        let rules = self.rules;
        let (may, _, by_when) = rules.offers(n, &sk, &r);
        for (i, reply) in rules.v.nodes[n].replies.iter().enumerate() {
            if reply
                .when
                .as_ref()
                .is_none_or(|c| rules.tri(c, &sk, &r) != Verdict::Fails)
            {
                self.w.when_may_hold[n][i] = true;
            }
        }
        for (reply, _) in may.iter().enumerate().filter(|(_, m)| **m) {
            self.w.may_offer[n][reply] = true;
            for next in rules.step(&sk, &r, reply, by_when) {
                self.admit(next);
            }
        }
    }

    /// The fixed point is reached: the edges from each state's final range.
    fn finish(mut self) -> IntervalWalk {
        let edges = (0..self.w.states.len())
            .map(|id| self.edges_from(id))
            .collect();
        self.w.edges = edges;
        self.w
    }

    /// The replies that may be given in state `id`, each with its exact value and the states it may lead to.
    fn edges_from(&self, id: usize) -> Vec<Edge> {
        let st = &self.w.states[id];
        let Place::Node(n) = st.skeleton.at else {
            return Vec::new();
        };
        let (may, sure, by_when) = self.rules.offers(n, &st.skeleton, &st.range);
        (0..may.len())
            .filter(|&i| may[i])
            .map(|reply| {
                let mut to: Vec<usize> = self
                    .rules
                    .step(&st.skeleton, &st.range, reply, by_when)
                    .into_iter()
                    .filter_map(|(sk, _, _)| self.w.index.get(&sk).copied())
                    .collect();
                to.sort_unstable();
                to.dedup();
                let delta = self.rules.scored(n, reply, &st.skeleton).delta;
                Edge {
                    reply,
                    value: reply_value(&delta),
                    delta: [delta.bond, delta.goal, delta.task],
                    surely_offered: sure[reply],
                    to,
                }
            })
            .collect()
    }
}

impl IntervalWalk {
    /// The state a session stands in when it starts (the start is one point, so exactly one state).
    pub fn start_state(&self, v: &Vignette, rubric: &Rubric) -> Option<usize> {
        let rules = Rules {
            v,
            rubric,
            shape: &self.shape,
        };
        match rules.start().as_slice() {
            [(sk, _, _)] => self.index.get(sk).copied(),
            _ => None,
        }
    }

    /// The state a real session moves to from state `id` when it gives `reply` with the alliance at `before`
    /// and the rupture depth `depth_after` once it has moved: the interval step with the range shrunk to that
    /// one point, which decides every condition (the depth picks between "8" and "deeper" at the cap).
    pub fn follow(
        &self,
        v: &Vignette,
        rubric: &Rubric,
        id: usize,
        before: &AllianceState,
        reply: usize,
        depth_after: u32,
    ) -> Option<usize> {
        let rules = Rules {
            v,
            rubric,
            shape: &self.shape,
        };
        let point = Range {
            lo: *before,
            hi: *before,
        };
        let mut next: Vec<Skeleton> = Vec::new();
        for (sk, _, _) in rules.step(&self.states[id].skeleton, &point, reply, false) {
            let fits = match sk.at {
                Place::Node(_) => sk.depth == depth_after.min(DEPTH_CAP),
                Place::Ending(_) => sk.depth == u32::from(depth_after > 0),
            };
            if fits && !next.contains(&sk) {
                next.push(sk);
            }
        }
        match next.as_slice() {
            [sk] => self.index.get(sk).copied(),
            _ => None,
        }
    }
    /// The highest and lowest WAI-SR total any path can end with (bounds: the ranges may be wider than what
    /// is really reachable), or `None` if no ending may be reached.
    pub fn wai_sr_bounds(&self, rubric: &Rubric) -> Option<(u8, u8)> {
        let mut out: Option<(u8, u8)> = None;
        for st in &self.states {
            if let Place::Ending(_) = st.skeleton.at {
                let open = st.skeleton.depth as usize;
                // The walk keeps only the codes scoring looks at, so the events the WAI-SR items weigh are
                // bounded, not known: each item may still move one point either way.
                let hi = WaiSr::ceiling(&st.range.hi, open, rubric);
                let lo = WaiSr::floor(&st.range.lo, open, rubric);
                out = Some(out.map_or((hi, lo), |(h, l)| (h.max(hi), l.min(lo))));
            }
        }
        out
    }

    /// The most distinct paths there can be (every real path follows a path here), or `None` when a loop
    /// makes the bound unbounded. Saturates at 2^128 − 1.
    pub fn path_bound(&self) -> Option<u128> {
        let n = self.states.len();
        let finished = |s: usize| matches!(self.states[s].skeleton.at, Place::Ending(_));
        let mut rev: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (s, es) in self.edges.iter().enumerate() {
            for e in es {
                for &t in &e.to {
                    rev[t].push(s);
                }
            }
        }
        let mut can_end = vec![false; n];
        let mut stack: Vec<usize> = (0..n).filter(|&s| finished(s)).collect();
        for &s in &stack {
            can_end[s] = true;
        }
        while let Some(t) = stack.pop() {
            for &s in &rev[t] {
                if !can_end[s] {
                    can_end[s] = true;
                    stack.push(s);
                }
            }
        }
        let mut out_deg: Vec<usize> = (0..n)
            .map(|s| {
                self.edges[s]
                    .iter()
                    .flat_map(|e| &e.to)
                    .filter(|&&t| can_end[t])
                    .count()
            })
            .collect();
        let mut ready: Vec<usize> = (0..n).filter(|&s| can_end[s] && out_deg[s] == 0).collect();
        let mut count = vec![0u128; n];
        let mut done = 0;
        while let Some(s) = ready.pop() {
            done += 1;
            count[s] = if finished(s) {
                1
            } else {
                self.edges[s]
                    .iter()
                    .flat_map(|e| &e.to)
                    .filter(|&&t| can_end[t])
                    .fold(0u128, |a, &t| a.saturating_add(count[t]))
            };
            for &p in &rev[s] {
                if can_end[p] {
                    out_deg[p] -= 1;
                    if out_deg[p] == 0 {
                        ready.push(p);
                    }
                }
            }
        }
        if done < can_end.iter().filter(|&&c| c).count() {
            return None;
        }
        Some(
            self.starts
                .iter()
                .fold(0u128, |a, &s| a.saturating_add(count[s])),
        )
    }
}
