//! What `alliance explore` reports: how many paths, the best and worst reachable WAI-SR, the shortest way to
//! each ending, and the findings; each figure says whether it is exact, proven, or a bound.

use std::sync::Arc;

use serde::Serialize;

use crate::analysis::findings::{Findings, findings};
use crate::analysis::search::{Found, Guide, SEED, Search, extreme, shortest};
use crate::analysis::walk::{Bound, Limits, Walk};
use crate::engine::{Mode, Session};
use crate::report::WaiSr;
use crate::scoring::Rubric;
use crate::vignette::Vignette;
use crate::vignette::model::Outcome;

/// Everything `alliance explore` reports about one vignette (also its `--json` shape).
#[derive(Debug, Clone, Serialize)]
pub struct Exploration {
    /// Vignette id.
    pub vignette: String,
    /// Vignette title.
    pub title: String,
    /// The limits used (each walk and search may visit at most `max_states` states).
    pub limits: Limits,
    /// The exact walk over every path.
    pub exact_walk: WalkSummary,
    /// The interval walk (alliance kept as ranges), which bounds the figures and guides the searches.
    pub interval_walk: Option<IntervalSummary>,
    /// Distinct paths from the start to an ending.
    pub paths: PathCount,
    /// The highest reachable WAI-SR total, and a path to it.
    pub best: Extreme,
    /// The lowest reachable WAI-SR total, and a path to it.
    pub worst: Extreme,
    /// Each ending and the shortest path to it.
    pub endings: Vec<EndingReach>,
    /// Dominated replies, unreached content, all-straining decision points.
    pub findings: Findings,
}

/// How the exact walk went.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct WalkSummary {
    /// Distinct states (node, alliance, rupture, variables, replies used, visits conditions test, the codes
    /// the rubric looks back at; endings by WAI-SR).
    pub states: usize,
    /// Every path was followed to its end.
    pub complete: bool,
    /// The limit hit first, if any.
    pub bound: Option<Bound>,
    /// Moves a limit stopped it from following.
    pub cut_moves: usize,
}

/// How the interval walk went.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct IntervalSummary {
    /// Distinct states (everything but the alliance, which is kept as a range).
    pub states: usize,
    /// It finished.
    pub complete: bool,
}

/// The number of distinct paths (reply sequences) from the start to an ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PathCount {
    /// The exact count, when the exact walk finished and no loop can be repeated.
    pub exact: Option<u128>,
    /// At least this many: the paths the exact walk followed to an ending.
    pub at_least: u128,
    /// At most this many (from the interval walk, when it ran); `None` when no finite bound is known.
    pub at_most: Option<u128>,
    /// A loop that can still end can be gone round any number of times: infinitely many paths.
    pub unbounded: bool,
    /// A count passed 2^128 − 1 and stopped there.
    pub saturated: bool,
}

/// The best or worst reachable WAI-SR.
#[derive(Debug, Clone, Serialize)]
pub struct Extreme {
    /// A path reaching it (the first found, replies tried best-valued first for the best).
    pub route: Option<Route>,
    /// The search finished, so no path does better (worse); otherwise this is the best (worst) seen.
    pub proven: bool,
    /// No path can end above (for the best) or below (for the worst) this total, from the interval walk.
    pub bound: Option<u8>,
}

/// One path, as a trainee would play it.
#[derive(Debug, Clone, Serialize)]
pub struct Route {
    /// Ending id.
    pub ending: String,
    /// Ending title.
    pub title: String,
    /// good, mixed or poor.
    pub outcome: Outcome,
    /// The WAI-SR the patient would give.
    pub wai_sr: WaiSr,
    /// The replies by their shown numbers (1-based) in a session seeded with `search::SEED`, as `alliance play
    /// --seed 0 --replies` takes them.
    pub replies: Vec<usize>,
    /// The node each decision is taken at.
    pub nodes: Vec<String>,
}

/// Whether an ending can be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reach {
    /// A path reaches it.
    Yes,
    /// No path reaches it (proven).
    No,
    /// Not known: the search hit its limit first.
    Unknown,
}

/// An ending and how it is reached.
#[derive(Debug, Clone, Serialize)]
pub struct EndingReach {
    /// Ending id.
    pub id: String,
    /// Title.
    pub title: String,
    /// good, mixed or poor.
    pub outcome: Outcome,
    /// Whether any path reaches it.
    pub reach: Reach,
    /// The shortest path to it (fewest decisions), when one was found.
    pub shortest: Option<Route>,
    /// No shorter path exists (the search finished before the limit).
    pub proven: bool,
}

/// Explores `v` with the default limits.
pub fn explore(v: &Arc<Vignette>, rubric: &Rubric) -> Exploration {
    explore_with(v, rubric, Limits::for_vignette(v))
}

/// Explores `v` with the given limits.
pub fn explore_with(v: &Arc<Vignette>, rubric: &Rubric, limits: Limits) -> Exploration {
    let (found, w, iw) = findings(v, rubric, Some(limits), true);
    let w = w.expect("the exact walk runs when given limits");
    let route = |f: &Found| route_of(v, rubric, f);
    let guide = Guide::new(v, rubric, iw.as_ref());
    let bounds = iw
        .as_ref()
        .filter(|i| i.complete)
        .and_then(|i| i.wai_sr_bounds(rubric));
    let extreme_of = |best: bool| {
        let s: Search = extreme(v, rubric, &guide, limits.max_states, best);
        let bound = bounds.map(|(hi, lo)| if best { hi } else { lo });
        // A path that reaches the bound cannot be beaten, even if the search stopped early.
        let at_bound = s.found.as_ref().map(|f| f.wai_sr.total) == bound && bound.is_some();
        Extreme {
            route: s.found.as_ref().map(route),
            proven: s.proven || at_bound,
            bound,
        }
    };
    let (best, worst) = (extreme_of(true), extreme_of(false));
    let endings = v
        .endings
        .iter()
        .enumerate()
        .map(|(e, ending)| {
            let ruled_out = found.unreached.endings.contains(&ending.id);
            let s = if ruled_out {
                Search {
                    found: None,
                    proven: true,
                    states: 0,
                }
            } else {
                shortest(v, rubric, &guide, limits.max_states, e)
            };
            EndingReach {
                id: ending.id.clone(),
                title: ending.title.clone(),
                outcome: ending.outcome,
                reach: match (&s.found, s.proven) {
                    (Some(_), _) => Reach::Yes,
                    (None, true) => Reach::No,
                    (None, false) => Reach::Unknown,
                },
                shortest: s.found.as_ref().map(route),
                proven: s.proven,
            }
        })
        .collect();
    let (at_least, unbounded, saturated) = count_paths(&w);
    let at_most = iw
        .as_ref()
        .filter(|i| i.complete)
        .and_then(|i| i.path_bound());
    Exploration {
        vignette: v.id.clone(),
        title: v.title.clone(),
        limits,
        exact_walk: WalkSummary {
            states: w.states.len(),
            complete: w.cut.is_none(),
            bound: w.cut,
            cut_moves: w.cut_moves,
        },
        interval_walk: iw.as_ref().map(|i| IntervalSummary {
            states: i.states.len(),
            complete: i.complete,
        }),
        paths: PathCount {
            exact: (w.cut.is_none() && !unbounded).then_some(at_least),
            at_least,
            at_most: if w.cut.is_none() && !unbounded {
                Some(at_least)
            } else {
                at_most
            },
            unbounded,
            saturated,
        },
        best,
        worst,
        endings,
        findings: found,
    }
}

/// A found path as `alliance play --seed 0 --replies` replays it: each authored reply by the number it is
/// shown as at that point of a session seeded as the search's (the order shown depends on the seed and on how
/// often a node was visited, which states the search merged need not share).
fn route_of(v: &Arc<Vignette>, rubric: &Rubric, f: &Found) -> Route {
    let ending = &v.endings[f.ending];
    let mut s = Session::new(
        Arc::clone(v),
        Arc::new(rubric.clone()),
        SEED,
        Mode::Practice,
    );
    let mut replies = Vec::with_capacity(f.steps.len());
    for &(_, _, reply) in &f.steps {
        // The search only records replies that were on offer on this very path, so both always succeed.
        replies.push(s.shown_number(reply).unwrap_or(0));
        let _ = s.choose(reply);
    }
    Route {
        ending: ending.id.clone(),
        title: ending.title.clone(),
        outcome: ending.outcome,
        wai_sr: f.wai_sr.clone(),
        replies,
        nodes: f
            .steps
            .iter()
            .map(|&(n, _, _)| v.nodes[n].id.clone())
            .collect(),
    }
}

/// Counts reply sequences from the start to an ending over the exact walk's states: (count, a loop that can
/// still end exists, the count saturated). States from which no ending is reached count zero; moves the walk
/// did not follow count zero, so an incomplete walk gives a lower bound.
pub fn count_paths(w: &Walk) -> (u128, bool, bool) {
    let n = w.states.len();
    let mut rev: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (s, st) in w.states.iter().enumerate() {
        for t in st.moves.iter().filter_map(|m| m.to) {
            rev[t].push(s);
        }
    }
    let mut can_end = vec![false; n];
    let mut stack: Vec<usize> = (0..n).filter(|&s| w.states[s].finish.is_some()).collect();
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
    // Kahn's order over the states that can end, from the endings backwards.
    let mut out_deg = vec![0usize; n];
    for (s, st) in w.states.iter().enumerate().filter(|(s, _)| can_end[*s]) {
        out_deg[s] = st
            .moves
            .iter()
            .filter(|m| m.to.is_some_and(|t| can_end[t]))
            .count();
    }
    let mut ready: Vec<usize> = (0..n).filter(|&s| can_end[s] && out_deg[s] == 0).collect();
    let mut count = vec![0u128; n];
    let mut saturated = false;
    let mut done = 0usize;
    while let Some(s) = ready.pop() {
        done += 1;
        count[s] = if w.states[s].finish.is_some() {
            1
        } else {
            w.states[s]
                .moves
                .iter()
                .filter_map(|m| m.to)
                .filter(|&t| can_end[t])
                .fold(0u128, |acc, t| {
                    acc.checked_add(count[t]).unwrap_or_else(|| {
                        saturated = true;
                        u128::MAX
                    })
                })
        };
        for &p in &rev[s] {
            if can_end[p] {
                // One decrement per move from p to s (several replies may lead to the same state).
                out_deg[p] -= 1;
                if out_deg[p] == 0 {
                    ready.push(p);
                }
            }
        }
    }
    let unbounded = done < can_end.iter().filter(|&&c| c).count();
    (if n > 0 { count[0] } else { 0 }, unbounded, saturated)
}
