//! Exact, bounded searches over real sessions: the best and the worst reachable WAI-SR (branch and bound) and
//! the shortest path to an ending (A*), pruned and guided by bounds from the interval walk (or the node graph).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::sync::Arc;

use crate::analysis::interval::{IntervalWalk, Place};
use crate::analysis::walk::{Key, Scope, wai_sr};
use crate::engine::{Mode, Session};
use crate::report::WaiSr;
use crate::scoring::{AllianceState, Rubric, code_bit};
use crate::vignette::model::{Effects, Outcome};
use crate::vignette::{BehaviourCode, Target, Vignette};

/// The seed the searches play with: a found path's shown numbers are those of a session with this seed.
pub const SEED: u64 = 0;

/// A path found by a search.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// (node index, shown number, authored reply index) for each decision.
    pub steps: Vec<(usize, usize, usize)>,
    /// The ending reached.
    pub ending: usize,
    /// The WAI-SR there.
    pub wai_sr: WaiSr,
}

/// What a search returns.
#[derive(Debug, Clone, PartialEq)]
pub struct Search {
    /// The path, if one was found.
    pub found: Option<Found>,
    /// The search finished: the path is the answer (or, with none, there is none). False when the state limit
    /// stopped it: then the path is only the best seen.
    pub proven: bool,
    /// Distinct states the search visited.
    pub states: usize,
}

/// Where a move in a bounds graph leads.
#[derive(Debug, Clone, Copy)]
enum Next {
    /// Another vertex.
    At(usize),
    /// An ending (its index in the vignette).
    End(usize),
}

/// Per vertex: (best-case delta, worst-case delta, where it leads) for each way on.
type Moves = Vec<Vec<([f64; 3], [f64; 3], Next)>>;

/// For each vertex of a graph (the vignette's nodes, or the interval walk's states), how far bond, goal and
/// task can still move on the way to an ending, and how few decisions each ending still needs. Over nodes the
/// moves use each reply's best and worst possible effect (any rule that could fire, with or without an open
/// rupture); over interval states they use the exact effect. Never too tight, so pruning on it loses nothing.
struct Reach {
    /// Most each component can still gain (sum of deltas), `-inf` when no ending can be reached.
    gain: Vec<[f64; 3]>,
    /// Most gained from any vertex reachable from here (what remains after being clamped at 0).
    gain_after: Vec<[f64; 3]>,
    /// Least (most negative) each can still change, `+inf` when no ending can be reached.
    loss: Vec<[f64; 3]>,
    /// Least from any vertex reachable from here (what remains after being clamped at 100).
    loss_after: Vec<[f64; 3]>,
    /// Fewest decisions to each ending (`usize::MAX`: cannot).
    to_ending: Vec<Vec<usize>>,
}

/// A reply's best and worst possible change to bond, goal and task, in any context.
fn reply_bounds(
    rubric: &Rubric,
    codes: &[BehaviourCode],
    authored: &Effects,
) -> ([f64; 3], [f64; 3]) {
    let bits = codes.iter().fold(0u32, |a, c| a | code_bit(*c));
    let has = |set: &[BehaviourCode]| set.iter().any(|c| bits & code_bit(*c) != 0);
    let comp = |e: &Effects| [e.bond, e.goal, e.task];
    let mut base = comp(authored);
    for c in codes {
        if let Some(e) = rubric.codes.get(c) {
            for (b, x) in base.iter_mut().zip(comp(e)) {
                *b += x;
            }
        }
    }
    let (mut hi, mut lo) = (base, base);
    for rule in &rubric.rules {
        let may_fire = (rule.reply_has_any.is_empty() || has(&rule.reply_has_any))
            && !has(&rule.reply_has_none);
        if may_fire {
            for (k, x) in comp(&rule.effects).into_iter().enumerate() {
                hi[k] += x.max(0.0);
                lo[k] += x.min(0.0);
            }
        }
    }
    // An open rupture can halve a gain; the smallest result is the smallest sum, halved if it is a gain.
    for l in &mut lo {
        if *l > 0.0 {
            *l *= rubric.open_rupture_gain.min(1.0);
        }
    }
    (hi, lo)
}

impl Reach {
    /// Over the vignette's nodes.
    fn of_nodes(v: &Vignette, rubric: &Rubric) -> Reach {
        let moves: Moves = v
            .nodes
            .iter()
            .map(|node| {
                node.replies
                    .iter()
                    .flat_map(|r| {
                        let (hi, lo) = reply_bounds(rubric, &r.codes, &r.effects);
                        r.dest.iter().map(move |(_, t, _)| {
                            let next = match *t {
                                Target::Node(j) => Next::At(j),
                                Target::Ending(e) => Next::End(e),
                            };
                            (hi, lo, next)
                        })
                    })
                    .collect()
            })
            .collect();
        Reach::over(&moves, v.endings.len())
    }

    /// Over the interval walk's states (exact deltas; ending states count as endings).
    fn of_intervals(iw: &IntervalWalk, endings: usize) -> Reach {
        let moves: Moves = iw
            .edges
            .iter()
            .map(|es| {
                es.iter()
                    .flat_map(|e| {
                        e.to.iter().map(move |&t| {
                            let next = match iw.states[t].skeleton.at {
                                Place::Ending(x) => Next::End(x),
                                Place::Node(_) => Next::At(t),
                            };
                            (e.delta, e.delta, next)
                        })
                    })
                    .collect()
            })
            .collect();
        Reach::over(&moves, endings)
    }

    fn over(moves: &Moves, endings: usize) -> Reach {
        let n = moves.len();
        // Reverse edges: for each vertex, the (vertex, move) pairs that lead to it.
        let mut preds: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
        for (i, ms) in moves.iter().enumerate() {
            for (k, (_, _, t)) in ms.iter().enumerate() {
                if let Next::At(j) = *t {
                    preds[j].push((i, k));
                }
            }
        }
        let relax = |best: bool| -> (Vec<[f64; 3]>, Vec<[f64; 3]>) {
            let none = if best {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            };
            let better = |a: f64, b: f64| if best { a > b } else { a < b };
            let cap = if best { 200.0 } else { -200.0 };
            let mut g = vec![[none; 3]; n];
            let mut updates = vec![0u32; n];
            let mut queue: Vec<usize> = Vec::new();
            let mut queued = vec![false; n];
            // Worklist from the vertices with a way straight to an ending, backwards along the moves. A loop
            // that keeps gaining would take long to settle, so a vertex updated many times jumps to the cap:
            // looser, never wrong.
            let improve = |i: usize, g: &mut Vec<[f64; 3]>, updates: &mut Vec<u32>| -> bool {
                let mut changed = false;
                for (hi, lo, t) in &moves[i] {
                    let d = if best { hi } else { lo };
                    let rest = match *t {
                        Next::End(_) => [0.0; 3],
                        Next::At(j) => g[j],
                    };
                    for k in 0..3 {
                        if rest[k].is_infinite() {
                            continue;
                        }
                        let x = (d[k] + rest[k]).clamp(-200.0, 200.0);
                        if better(x, g[i][k]) {
                            g[i][k] = x;
                            changed = true;
                        }
                    }
                }
                if changed {
                    updates[i] += 1;
                    if updates[i] > 64 {
                        for x in g[i].iter_mut().filter(|x| x.is_finite()) {
                            *x = cap;
                        }
                    }
                }
                changed
            };
            for i in 0..n {
                if moves[i].iter().any(|m| matches!(m.2, Next::End(_))) {
                    queue.push(i);
                    queued[i] = true;
                }
            }
            while let Some(i) = queue.pop() {
                queued[i] = false;
                if improve(i, &mut g, &mut updates) {
                    for &(p, _) in &preds[i] {
                        if !queued[p] {
                            queued[p] = true;
                            queue.push(p);
                        }
                    }
                }
            }
            // Any later vertex: a clamp at 0 (or 100) forgets everything before it. Push each vertex's value
            // back to everything that can reach it.
            let mut after = g.clone();
            let mut queue: Vec<usize> = (0..n).collect();
            let mut queued = vec![true; n];
            while let Some(j) = queue.pop() {
                queued[j] = false;
                let later = after[j];
                for &(i, _) in &preds[j] {
                    let mut changed = false;
                    for (mine, x) in after[i].iter_mut().zip(later) {
                        if better(x, *mine) {
                            *mine = x;
                            changed = true;
                        }
                    }
                    if changed && !queued[i] {
                        queued[i] = true;
                        queue.push(i);
                    }
                }
            }
            (g, after)
        };
        let (gain, gain_after) = relax(true);
        let (loss, loss_after) = relax(false);
        // Fewest decisions to each ending: breadth first backwards from the vertices that end there.
        let to_ending = (0..endings)
            .map(|e| {
                let mut d = vec![usize::MAX; n];
                let mut frontier: std::collections::VecDeque<usize> = (0..n)
                    .filter(|&i| {
                        moves[i]
                            .iter()
                            .any(|m| matches!(m.2, Next::End(x) if x == e))
                    })
                    .collect();
                for &i in &frontier {
                    d[i] = 1;
                }
                while let Some(j) = frontier.pop_front() {
                    for &(i, _) in &preds[j] {
                        if d[i] == usize::MAX {
                            d[i] = d[j] + 1;
                            frontier.push_back(i);
                        }
                    }
                }
                d
            })
            .collect();
        Reach {
            gain,
            gain_after,
            loss,
            loss_after,
            to_ending,
        }
    }

    /// The highest WAI-SR total any path on from vertex `i` can end with, the alliance being `s` now.
    fn ceiling(&self, s: &AllianceState, i: usize, rubric: &Rubric) -> u8 {
        let now = [s.bond, s.goal, s.task];
        let mut hi = [0.0; 3];
        for k in 0..3 {
            if self.gain[i][k].is_infinite() {
                return 0;
            }
            hi[k] = (now[k] + self.gain[i][k])
                .max(self.gain_after[i][k])
                .clamp(0.0, 100.0);
        }
        let st = AllianceState {
            bond: hi[0],
            goal: hi[1],
            task: hi[2],
            empathy: 0.0,
        };
        WaiSr::ceiling(&st, 0, rubric)
    }

    /// The lowest WAI-SR total any path on from vertex `i` can end with, the alliance being `s` now.
    fn floor(&self, s: &AllianceState, i: usize, rubric: &Rubric) -> u8 {
        let now = [s.bond, s.goal, s.task];
        let mut lo = [0.0; 3];
        for k in 0..3 {
            if self.loss[i][k].is_infinite() {
                return 60;
            }
            lo[k] = (now[k] + self.loss[i][k])
                .min(100.0 + self.loss_after[i][k])
                .clamp(0.0, 100.0);
        }
        let st = AllianceState {
            bond: lo[0],
            goal: lo[1],
            task: lo[2],
            empathy: 0.0,
        };
        // An unrepaired rupture may still cost a point on each bond item.
        WaiSr::floor(&st, 1, rubric)
    }
}

/// Bounds for the searches, worked out once per vignette: from a session's interval state when it can be
/// followed there, else from its node.
pub struct Guide<'a> {
    v: &'a Vignette,
    rubric: &'a Rubric,
    nodes: Reach,
    intervals: Option<(&'a IntervalWalk, Reach)>,
}

impl<'a> Guide<'a> {
    /// The bounds for `v` under `rubric`; `iw`, the interval walk, makes them tighter when it finished.
    pub fn new(v: &'a Vignette, rubric: &'a Rubric, iw: Option<&'a IntervalWalk>) -> Guide<'a> {
        Guide {
            v,
            rubric,
            nodes: Reach::of_nodes(v, rubric),
            intervals: iw
                .filter(|w| w.complete)
                .map(|w| (w, Reach::of_intervals(w, v.endings.len()))),
        }
    }

    fn start(&self) -> Option<usize> {
        self.intervals
            .as_ref()
            .and_then(|(w, _)| w.start_state(self.v, self.rubric))
    }

    /// The interval state after giving `reply` from interval state `at` with the alliance at `before`, the
    /// session having moved to `after`.
    fn follow(
        &self,
        at: Option<usize>,
        before: &AllianceState,
        reply: usize,
        after: &Session,
    ) -> Option<usize> {
        let (w, _) = self.intervals.as_ref()?;
        w.follow(
            self.v,
            self.rubric,
            at?,
            before,
            reply,
            after.rupture_depth(),
        )
    }

    fn pick(&self, abs: Option<usize>, node: usize) -> (&Reach, usize) {
        match (&self.intervals, abs) {
            (Some((_, r)), Some(a)) => (r, a),
            _ => (&self.nodes, node),
        }
    }

    fn ceiling(&self, s: &AllianceState, abs: Option<usize>, node: usize) -> u8 {
        let (r, i) = self.pick(abs, node);
        r.ceiling(s, i, self.rubric)
    }

    fn floor(&self, s: &AllianceState, abs: Option<usize>, node: usize) -> u8 {
        let (r, i) = self.pick(abs, node);
        r.floor(s, i, self.rubric)
    }

    fn to_ending(&self, e: usize, abs: Option<usize>, node: usize) -> usize {
        let (r, i) = self.pick(abs, node);
        r.to_ending[e][i]
    }
}

struct Frame {
    session: Session,
    abs: Option<usize>,
    children: Vec<(usize, usize)>,
    next: usize,
}

/// The path to the highest (`best`) or lowest WAI-SR total, ranking equal totals by outcome (good above
/// mixed above poor for the best; the reverse for the worst). Depth first, replies tried best-valued first
/// (worst-valued first for the worst), a branch dropped when no ending under it can beat the path in hand.
pub fn extreme(
    v: &Arc<Vignette>,
    rubric: &Rubric,
    guide: &Guide,
    max_states: usize,
    best: bool,
) -> Search {
    let scope = Scope::of(v);
    let root = Session::new(
        Arc::clone(v),
        Arc::new(rubric.clone()),
        SEED,
        Mode::Practice,
    );
    let rank = |total: u8, outcome: Outcome| -> (i32, i32) {
        if best {
            (i32::from(total), outcome as i32)
        } else {
            (-i32::from(total), -(outcome as i32))
        }
    };
    let children = |s: &Session| -> Vec<(usize, usize)> {
        let mut c: Vec<(usize, usize, f64)> = s
            .offered()
            .iter()
            .enumerate()
            .map(|(k, o)| (k + 1, o.index, s.value_of(o.index).unwrap_or(0.0)))
            .collect();
        c.sort_by(|a, b| {
            let ord = b.2.total_cmp(&a.2);
            (if best { ord } else { ord.reverse() }).then(a.0.cmp(&b.0))
        });
        c.into_iter().map(|(k, i, _)| (k, i)).collect()
    };
    let mut incumbent: Option<((i32, i32), Found)> = None;
    let mut seen: HashSet<Key> = HashSet::new();
    let mut proven = true;
    let mut path: Vec<(usize, usize, usize)> = Vec::new();
    seen.insert(scope.key(&root));
    let mut stack = vec![Frame {
        children: children(&root),
        abs: guide.start(),
        session: root,
        next: 0,
    }];
    while let Some(top) = stack.last_mut() {
        let Some(&(shown, reply)) = top.children.get(top.next) else {
            stack.pop();
            path.pop();
            continue;
        };
        top.next += 1;
        let Target::Node(n) = top.session.at() else {
            continue;
        };
        let before = top.session.state();
        let mut next = top.session.fork();
        if next.choose(reply).is_err() {
            continue;
        }
        let abs = guide.follow(top.abs, &before, reply, &next);
        let step = (n, shown, reply);
        match next.at() {
            Target::Ending(e) => {
                let w = wai_sr(&next);
                let r = rank(w.total, v.endings[e].outcome);
                if incumbent.as_ref().is_none_or(|(b, _)| r > *b) {
                    let mut steps = path.clone();
                    steps.push(step);
                    incumbent = Some((
                        r,
                        Found {
                            steps,
                            ending: e,
                            wai_sr: w,
                        },
                    ));
                }
            }
            Target::Node(m) => {
                if let Some((b, _)) = &incumbent {
                    let limit = if best {
                        rank(guide.ceiling(&next.state(), abs, m), Outcome::Good)
                    } else {
                        rank(guide.floor(&next.state(), abs, m), Outcome::Poor)
                    };
                    if limit <= *b {
                        continue;
                    }
                }
                if !seen.insert(scope.key(&next)) {
                    continue;
                }
                if seen.len() > max_states {
                    proven = false;
                    break;
                }
                path.push(step);
                stack.push(Frame {
                    children: children(&next),
                    session: next,
                    abs,
                    next: 0,
                });
            }
        }
    }
    Search {
        found: incumbent.map(|(_, f)| f),
        proven,
        states: seen.len(),
    }
}

/// One session waiting in the A* queue, and how it was reached.
struct Open {
    session: Session,
    abs: Option<usize>,
    parent: Option<(usize, (usize, usize, usize))>,
}

/// The fewest-decisions path to ending `e`: A*, guided by the fewest decisions the interval walk (or the node
/// graph) needs from each state, which never overestimates.
pub fn shortest(
    v: &Arc<Vignette>,
    rubric: &Rubric,
    guide: &Guide,
    max_states: usize,
    e: usize,
) -> Search {
    let scope = Scope::of(v);
    let root = Session::new(
        Arc::clone(v),
        Arc::new(rubric.clone()),
        SEED,
        Mode::Practice,
    );
    let root_abs = guide.start();
    let h0 = guide.to_ending(e, root_abs, v.start);
    if h0 == usize::MAX {
        return Search {
            found: None,
            proven: true,
            states: 1,
        };
    }
    let mut best_g: HashMap<Key, usize> = HashMap::new();
    best_g.insert(scope.key(&root), 0);
    let mut arena = vec![Open {
        session: root,
        abs: root_abs,
        parent: None,
    }];
    // Min-heap on (g + h), deeper first among equals.
    let mut open: BinaryHeap<Reverse<(usize, Reverse<usize>, usize)>> = BinaryHeap::new();
    open.push(Reverse((h0, Reverse(0), 0)));
    let mut proven = true;
    while let Some(Reverse((_, Reverse(g), id))) = open.pop() {
        let Target::Node(n) = arena[id].session.at() else {
            continue;
        };
        if best_g
            .get(&scope.key(&arena[id].session))
            .is_some_and(|&b| b < g)
        {
            continue;
        }
        let offered = arena[id].session.offered();
        let before = arena[id].session.state();
        for (k, o) in offered.iter().enumerate() {
            let mut next = arena[id].session.fork();
            if next.choose(o.index).is_err() {
                continue;
            }
            let abs = guide.follow(arena[id].abs, &before, o.index, &next);
            let step = (n, k + 1, o.index);
            match next.at() {
                Target::Ending(x) if x == e => {
                    // Unit costs and a guide that never overestimates: an ending generated from the cheapest
                    // open state is reached by a shortest path.
                    let mut steps = vec![step];
                    let mut at = id;
                    while let Some((p, s)) = arena[at].parent {
                        steps.push(s);
                        at = p;
                    }
                    steps.reverse();
                    return Search {
                        found: Some(Found {
                            steps,
                            ending: e,
                            wai_sr: wai_sr(&next),
                        }),
                        proven,
                        states: best_g.len(),
                    };
                }
                Target::Ending(_) => {}
                Target::Node(m) => {
                    let h = guide.to_ending(e, abs, m);
                    if h == usize::MAX {
                        continue;
                    }
                    let key = scope.key(&next);
                    if best_g.get(&key).is_some_and(|&b| b <= g + 1) {
                        continue;
                    }
                    if best_g.len() >= max_states {
                        proven = false;
                        continue;
                    }
                    best_g.insert(key, g + 1);
                    arena.push(Open {
                        session: next,
                        abs,
                        parent: Some((id, step)),
                    });
                    open.push(Reverse((g + 1 + h, Reverse(g + 1), arena.len() - 1)));
                }
            }
        }
    }
    Search {
        found: None,
        proven,
        states: best_g.len(),
    }
}
