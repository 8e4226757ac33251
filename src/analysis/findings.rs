//! The findings an educator acts on: replies never worth choosing, content no path reaches, decision points
//! where every reply strains; exact from the full walk when it finishes, else sound from the interval walk.

use std::sync::Arc;

use serde::Serialize;

use crate::analysis::interval::{self, IntervalWalk, Place};
use crate::analysis::walk::{Limits, Walk, walk};
use crate::engine::rules::beats;
use crate::scoring::Rubric;
use crate::vignette::{Target, Vignette};

/// Which walk the findings come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The exact walk finished: every real state was seen, the findings are exact.
    Exact,
    /// The exact walk hit its limit; the interval walk covers every real state (and perhaps some that are
    /// not real), so a finding is always true, but a few may be missed.
    Intervals,
    /// Neither walk finished (a vignette with an enormous number of variable or visit combinations): no
    /// finding is reported, since none can be proven.
    None,
}

/// What the walks found.
#[derive(Debug, Clone, Serialize)]
pub struct Findings {
    /// Where the findings come from.
    pub method: Method,
    /// Replies never worth choosing.
    pub dominated: Vec<Dominated>,
    /// Content no path reaches.
    pub unreached: Unreached,
    /// Decision points where every reply on offer strains, in every state they are reached in.
    pub strain_points: Vec<StrainPoint>,
}

/// A reply never worth choosing: in every reachable state where it is on offer, another reply that is surely
/// on offer there scores strictly higher and leads to the same node or ending.
#[derive(Debug, Clone, Serialize)]
pub struct Dominated {
    /// Node id.
    pub node: String,
    /// The reply's authored number at the node (1-based).
    pub reply: usize,
    /// Its text.
    pub text: String,
    /// In how many states (of the walk the findings come from) it is on offer.
    pub offered_in: usize,
    /// Authored numbers of the replies that beat it (in at least one of those states).
    pub by: Vec<usize>,
}

/// A reply at a node, by authored number.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ReplyRef {
    /// Node id.
    pub node: String,
    /// Authored number (1-based).
    pub reply: usize,
    /// Its text.
    pub text: String,
}

/// A variant of a node's patient turn, by authored number.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct VariantRef {
    /// Node id.
    pub node: String,
    /// Authored number among the node's variants (1-based).
    pub variant: usize,
}

/// Content no path reaches.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Unreached {
    /// Nodes no path reaches.
    pub nodes: Vec<String>,
    /// Variants never shown at nodes that are reached.
    pub variants: Vec<VariantRef>,
    /// Replies (at reached nodes) whose `when` never holds.
    pub replies_when_never_holds: Vec<ReplyRef>,
    /// Replies (at reached nodes) never on offer: gated off, or `once` and always used before.
    pub replies_never_offered: Vec<ReplyRef>,
    /// Endings no path reaches.
    pub endings: Vec<String>,
}

/// A decision point where every reply strains.
#[derive(Debug, Clone, Serialize)]
pub struct StrainPoint {
    /// Node id.
    pub node: String,
    /// States at the node (of the walk the findings come from).
    pub states: usize,
    /// The highest value any offered reply has there (still below zero).
    pub best_value: f64,
}

/// States the interval walk may follow. Each is a combination of node, rupture depth, variables, visits,
/// replies used and recent codes; real vignettes have hundreds to thousands.
pub const INTERVAL_STATES: usize = 1_000_000;

/// The findings for `v`: from the exact walk if it finishes within `exact`, else from the interval walk.
/// With `exact` `None` only the interval walk runs (what `alliance check` does: it is fast). Returns the walks
/// too (the interval walk is run when the exact walk stopped early or did not run, or when `always`).
pub fn findings(
    v: &Arc<Vignette>,
    rubric: &Rubric,
    exact: Option<Limits>,
    always: bool,
) -> (Findings, Option<Walk>, Option<IntervalWalk>) {
    let w = exact.map(|limits| walk(v, &Arc::new(rubric.clone()), limits));
    let finished = w.as_ref().is_some_and(|w| w.cut.is_none());
    let iw = (always || !finished).then(|| interval::walk(v, rubric, INTERVAL_STATES));
    if finished && let Some(w) = w {
        let f = Findings {
            method: Method::Exact,
            dominated: dominated_exact(v, &w),
            unreached: unreached_exact(v, &w),
            strain_points: strain_exact(v, &w),
        };
        return (f, Some(w), iw);
    }
    let iw = iw.expect("the interval walk runs when the exact walk did not finish");
    let f = if iw.complete {
        Findings {
            method: Method::Intervals,
            dominated: dominated_interval(v, &iw),
            unreached: unreached_interval(v, &iw),
            strain_points: strain_interval(v, &iw),
        }
    } else {
        Findings {
            method: Method::None,
            dominated: Vec::new(),
            unreached: Unreached::default(),
            strain_points: Vec::new(),
        }
    };
    (f, w, Some(iw))
}

/// Dominated replies over the interval walk: the beating reply must surely be on offer, and both must have one
/// certain destination, the same.
fn dominated_interval(v: &Vignette, w: &IntervalWalk) -> Vec<Dominated> {
    let mut tally: Vec<Vec<(usize, usize, Vec<usize>)>> = v
        .nodes
        .iter()
        .map(|n| vec![(0, 0, Vec::new()); n.replies.len()])
        .collect();
    let place = |to: &[usize]| -> Option<Place> {
        let mut places = to.iter().map(|&s| w.states[s].skeleton.at);
        let first = places.next()?;
        places.all(|p| p == first).then_some(first)
    };
    for (s, st) in w.states.iter().enumerate() {
        let Place::Node(n) = st.skeleton.at else {
            continue;
        };
        let edges = &w.edges[s];
        for e in edges {
            let t = &mut tally[n][e.reply];
            t.0 += 1;
            let Some(mine) = place(&e.to) else { continue };
            let mut beaten = false;
            for o in edges {
                if o.reply != e.reply
                    && o.surely_offered
                    && beats(o.value, e.value)
                    && place(&o.to) == Some(mine)
                {
                    beaten = true;
                    if !t.2.contains(&(o.reply + 1)) {
                        t.2.push(o.reply + 1);
                    }
                }
            }
            if beaten {
                t.1 += 1;
            }
        }
    }
    collect_dominated(v, tally)
}

fn collect_dominated(v: &Vignette, tally: Vec<Vec<(usize, usize, Vec<usize>)>>) -> Vec<Dominated> {
    let mut out = Vec::new();
    for (n, replies) in tally.into_iter().enumerate() {
        for (r, (offered, beaten, mut by)) in replies.into_iter().enumerate() {
            if offered > 0 && beaten == offered {
                by.sort_unstable();
                out.push(Dominated {
                    node: v.nodes[n].id.clone(),
                    reply: r + 1,
                    text: v.nodes[n].replies[r].text.clone(),
                    offered_in: offered,
                    by,
                });
            }
        }
    }
    out
}

fn unreached_interval(v: &Vignette, w: &IntervalWalk) -> Unreached {
    unreached_from(
        v,
        &w.nodes_reached,
        &w.endings_reached,
        &w.variants_shown,
        &w.when_may_hold,
        &w.may_offer,
    )
}

fn unreached_from(
    v: &Vignette,
    node_seen: &[bool],
    ending_seen: &[bool],
    variant_seen: &[Vec<bool>],
    when_seen: &[Vec<bool>],
    offered_seen: &[Vec<bool>],
) -> Unreached {
    let mut u = Unreached::default();
    for (n, node) in v.nodes.iter().enumerate() {
        if !node_seen[n] {
            u.nodes.push(node.id.clone());
            continue;
        }
        for (i, seen) in variant_seen[n].iter().enumerate() {
            if !seen {
                u.variants.push(VariantRef {
                    node: node.id.clone(),
                    variant: i + 1,
                });
            }
        }
        for (r, reply) in node.replies.iter().enumerate() {
            let reference = || ReplyRef {
                node: node.id.clone(),
                reply: r + 1,
                text: reply.text.clone(),
            };
            if reply.when.is_some() && !when_seen[n][r] {
                u.replies_when_never_holds.push(reference());
            }
            if !offered_seen[n][r] {
                u.replies_never_offered.push(reference());
            }
        }
    }
    for (e, ending) in v.endings.iter().enumerate() {
        if !ending_seen[e] {
            u.endings.push(ending.id.clone());
        }
    }
    u
}

fn strain_interval(v: &Vignette, w: &IntervalWalk) -> Vec<StrainPoint> {
    let mut tally: Vec<(usize, bool, f64)> = vec![(0, true, f64::NEG_INFINITY); v.nodes.len()];
    for (s, st) in w.states.iter().enumerate() {
        let Place::Node(n) = st.skeleton.at else {
            continue;
        };
        if w.edges[s].is_empty() {
            continue;
        }
        let t = &mut tally[n];
        t.0 += 1;
        for e in &w.edges[s] {
            t.2 = t.2.max(e.value);
            if e.value >= 0.0 {
                t.1 = false;
            }
        }
    }
    strain_from(v, &tally)
}

fn strain_from(v: &Vignette, tally: &[(usize, bool, f64)]) -> Vec<StrainPoint> {
    tally
        .iter()
        .enumerate()
        .filter(|(_, t)| t.0 > 0 && t.1)
        .map(|(n, t)| StrainPoint {
            node: v.nodes[n].id.clone(),
            states: t.0,
            best_value: t.2,
        })
        .collect()
}

/// Replies that, in every state where they are offered, are beaten (strictly higher value) by another offered
/// reply that leads to the same place (the same node or ending, in that state).
fn dominated_exact(v: &Vignette, w: &Walk) -> Vec<Dominated> {
    // (node, reply) → (offered in, dominated in, beaten by)
    let mut tally: Vec<Vec<(usize, usize, Vec<usize>)>> = v
        .nodes
        .iter()
        .map(|n| vec![(0, 0, Vec::new()); n.replies.len()])
        .collect();
    for st in &w.states {
        let Target::Node(n) = st.at else { continue };
        for m in &st.moves {
            let t = &mut tally[n][m.reply];
            t.0 += 1;
            let Some(to) = m.to else { continue };
            let place = w.states[to].at;
            let mut beaten = false;
            for o in &st.moves {
                if o.reply != m.reply
                    && beats(o.value, m.value)
                    && o.to.is_some_and(|x| w.states[x].at == place)
                {
                    beaten = true;
                    if !t.2.contains(&(o.reply + 1)) {
                        t.2.push(o.reply + 1);
                    }
                }
            }
            if beaten {
                t.1 += 1;
            }
        }
    }
    collect_dominated(v, tally)
}

fn unreached_exact(v: &Vignette, w: &Walk) -> Unreached {
    let mut node_seen = vec![false; v.nodes.len()];
    let mut ending_seen = vec![false; v.endings.len()];
    let mut variant_seen: Vec<Vec<bool>> = v
        .nodes
        .iter()
        .map(|n| vec![false; n.variants.len()])
        .collect();
    let mut when_seen: Vec<Vec<bool>> = v
        .nodes
        .iter()
        .map(|n| vec![false; n.replies.len()])
        .collect();
    let mut offered_seen = when_seen.clone();
    for st in &w.states {
        match st.at {
            Target::Node(n) => {
                node_seen[n] = true;
                if let Some(i) = st.variant {
                    variant_seen[n][i] = true;
                }
                for (r, &h) in st.when_holds.iter().enumerate() {
                    when_seen[n][r] |= h;
                }
                for m in &st.moves {
                    offered_seen[n][m.reply] = true;
                }
            }
            Target::Ending(e) => ending_seen[e] = true,
        }
    }
    unreached_from(
        v,
        &node_seen,
        &ending_seen,
        &variant_seen,
        &when_seen,
        &offered_seen,
    )
}

fn strain_exact(v: &Vignette, w: &Walk) -> Vec<StrainPoint> {
    // node → (states, all strained so far, highest value)
    let mut tally: Vec<(usize, bool, f64)> = vec![(0, true, f64::NEG_INFINITY); v.nodes.len()];
    for st in &w.states {
        let Target::Node(n) = st.at else { continue };
        if st.moves.is_empty() {
            continue;
        }
        let t = &mut tally[n];
        t.0 += 1;
        for m in &st.moves {
            t.2 = t.2.max(m.value);
            if m.value >= 0.0 {
                t.1 = false;
            }
        }
    }
    strain_from(v, &tally)
}
