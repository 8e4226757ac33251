//! The node map of a vignette as the graph views draw it: nodes, endings, one edge per reply destination,
//! rupture-marked nodes, the best path (the checker's greedy best-scoring walk) and which edges go back.

use std::sync::Arc;

use crate::engine::{Mode, Session};
use crate::scoring::Rubric;
use crate::vignette::compiled::{Condition, Measure};
use crate::vignette::model::{Outcome, RuptureMarker};
use crate::vignette::{Target, Vignette};

/// The map of one vignette.
#[derive(Debug, Clone)]
pub struct Map {
    /// Vignette id.
    pub id: String,
    /// Vignette title.
    pub title: String,
    /// Decision points, in authored order.
    pub nodes: Vec<MapNode>,
    /// Endings, in authored order.
    pub endings: Vec<MapEnding>,
    /// One edge per (reply, destination): a reply with branches has one edge per branch.
    pub edges: Vec<MapEdge>,
    /// The ending the best path reaches, if it ends.
    pub best_ending: Option<usize>,
    /// Decisions on the best path.
    pub best_steps: usize,
}

/// A decision point on the map.
#[derive(Debug, Clone)]
pub struct MapNode {
    /// Node id.
    pub id: String,
    /// Consultation phase, when given (`opening`, `strain`, …).
    pub phase: Option<String>,
    /// Rupture markers on the patient's turn here: the default turn's first, then any variant's.
    pub ruptures: Vec<RuptureMarker>,
    /// The default turn carries a marker (otherwise only some variant does).
    pub rupture_always: bool,
    /// The first node.
    pub start: bool,
    /// The best path passes here.
    pub on_best: bool,
}

/// An ending on the map.
#[derive(Debug, Clone)]
pub struct MapEnding {
    /// Ending id.
    pub id: String,
    /// Its name.
    pub title: String,
    /// good, mixed or poor.
    pub outcome: Outcome,
    /// The best path ends here.
    pub on_best: bool,
}

/// One way out of a node: a reply (or one branch of it) and where it leads.
#[derive(Debug, Clone)]
pub struct MapEdge {
    /// Node index it leaves.
    pub from: usize,
    /// Where it leads.
    pub to: Target,
    /// The reply's authored number at its node (1-based).
    pub reply: usize,
    /// The reply's full text.
    pub text: String,
    /// For a reply with branches, the branch's condition in words (`otherwise` for the last, open one).
    pub condition: Option<String>,
    /// The best path takes this edge.
    pub best: bool,
    /// The edge leads back to a node already on the way from `start` (it closes a loop).
    pub back: bool,
}

impl MapEdge {
    /// A short label: the reply number, the branch condition if any, then the start of the text, cut to
    /// `max_chars` characters with an ellipsis.
    pub fn label(&self, max_chars: usize) -> String {
        let full = match &self.condition {
            Some(c) => format!("{} [{c}] {}", self.reply, self.text),
            None => format!("{} · {}", self.reply, self.text),
        };
        shorten(&full, max_chars)
    }
}

/// Characters a short edge label may use in DOT and Mermaid (the SVG lists every reply in full in its box).
pub const LABEL_CHARS: usize = 32;

/// Cuts `s` to at most `max` characters, ending in `…` when cut.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out = out.trim_end().to_owned();
    out.push('…');
    out
}

impl Map {
    /// Builds the map of `v`, with the best path as `alliance check` plays it under `rubric`.
    pub fn build(v: &Arc<Vignette>, rubric: &Rubric) -> Map {
        let mut nodes: Vec<MapNode> = v
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let mut ruptures: Vec<RuptureMarker> = Vec::new();
                for m in std::iter::once(&n.patient)
                    .chain(n.variants.iter().map(|(_, t)| t))
                    .filter_map(|t| t.rupture)
                {
                    if !ruptures.contains(&m) {
                        ruptures.push(m);
                    }
                }
                MapNode {
                    id: n.id.clone(),
                    phase: n.phase.map(|p| format!("{p:?}").to_lowercase()),
                    ruptures,
                    rupture_always: n.patient.rupture.is_some(),
                    start: i == v.start,
                    on_best: false,
                }
            })
            .collect();
        let mut endings: Vec<MapEnding> = v
            .endings
            .iter()
            .map(|e| MapEnding {
                id: e.id.clone(),
                title: e.title.clone(),
                outcome: e.outcome,
                on_best: false,
            })
            .collect();
        let mut edges = Vec::new();
        for (i, n) in v.nodes.iter().enumerate() {
            for (r, reply) in n.replies.iter().enumerate() {
                let branched = reply.dest.len() > 1 || reply.dest.iter().any(|d| d.0.is_some());
                for (cond, to, _) in &reply.dest {
                    edges.push(MapEdge {
                        from: i,
                        to: *to,
                        reply: r + 1,
                        text: reply.text.clone(),
                        condition: branched.then(|| {
                            cond.as_ref()
                                .map_or_else(|| "otherwise".to_owned(), |c| describe(c, v))
                        }),
                        best: false,
                        back: false,
                    });
                }
            }
        }
        mark_back_edges(v, &mut edges);

        let (steps, ending) = best_path(v, rubric);
        for &(n, reply, to) in &steps {
            nodes[n].on_best = true;
            if let Some(e) = edges
                .iter_mut()
                .find(|e| e.from == n && e.reply == reply + 1 && e.to == to)
            {
                e.best = true;
            }
        }
        if let Some(e) = ending {
            endings[e].on_best = true;
        }
        Map {
            id: v.id.clone(),
            title: v.title.clone(),
            nodes,
            endings,
            edges,
            best_ending: ending,
            best_steps: steps.len(),
        }
    }
}

/// The greedy best-scoring walk, as the best-path check plays it: (node, reply index, where it went) for each
/// decision, and the ending reached (none if it is still going after 4 × nodes + 16 decisions).
pub fn best_path(
    v: &Arc<Vignette>,
    rubric: &Rubric,
) -> (Vec<(usize, usize, Target)>, Option<usize>) {
    let mut s = Session::new(Arc::clone(v), Arc::new(rubric.clone()), 0, Mode::Practice);
    let bound = 4 * v.nodes.len() + 16;
    let mut steps = Vec::new();
    while steps.len() < bound {
        let (Target::Node(n), Some(best)) = (s.at(), s.best_offered()) else {
            break;
        };
        if s.choose(best).is_err() {
            break;
        }
        steps.push((n, best, s.at()));
    }
    let ending = match s.at() {
        Target::Ending(e) => Some(e),
        Target::Node(_) => None,
    };
    (steps, ending)
}

/// Marks the edges a depth-first walk from `start` (replies in authored order) finds going to a node still on
/// its stack: the edges that close loops. Removing them leaves the map without cycles, so it can be layered.
fn mark_back_edges(v: &Vignette, edges: &mut [MapEdge]) {
    let n = v.nodes.len();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, e) in edges.iter().enumerate() {
        out[e.from].push(k);
    }
    // 0 = not seen, 1 = on the stack, 2 = done.
    let mut colour = vec![0u8; n];
    let mut roots: Vec<usize> = vec![v.start];
    roots.extend((0..n).filter(|&i| i != v.start));
    for root in roots {
        if colour[root] != 0 {
            continue;
        }
        colour[root] = 1;
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (node, ref mut k)) = stack.last_mut() {
            let Some(&edge) = out[node].get(*k) else {
                colour[node] = 2;
                stack.pop();
                continue;
            };
            *k += 1;
            if let Target::Node(j) = edges[edge].to {
                match colour[j] {
                    0 => {
                        colour[j] = 1;
                        stack.push((j, 0));
                    }
                    1 => edges[edge].back = true,
                    _ => {}
                }
            }
        }
    }
}

/// A condition in an educator's words: `alliance ≥ 45, no rupture`.
pub fn describe(c: &Condition, v: &Vignette) -> String {
    let mut parts: Vec<String> = Vec::new();
    for (m, lo, hi) in &c.ranges {
        let name = match m {
            Measure::Bond => "bond",
            Measure::Goal => "goal",
            Measure::Task => "task",
            Measure::Empathy => "empathy",
            Measure::Alliance => "alliance",
        };
        if let Some(lo) = lo {
            parts.push(format!("{name} ≥ {lo}"));
        }
        if let Some(hi) = hi {
            parts.push(format!("{name} < {hi}"));
        }
    }
    match c.continued {
        Some(true) => parts.push("continued".to_owned()),
        Some(false) => parts.push("fresh start".to_owned()),
        None => {}
    }
    match c.rupture_open {
        Some(true) => parts.push("rupture open".to_owned()),
        Some(false) => parts.push("no rupture".to_owned()),
        None => {}
    }
    for &n in &c.visited {
        parts.push(format!("visited {}", v.nodes[n].id));
    }
    for &n in &c.not_visited {
        parts.push(format!("not visited {}", v.nodes[n].id));
    }
    for &(i, x) in &c.var_at_least {
        parts.push(format!("{} ≥ {x}", v.variables[i].0));
    }
    for &(i, x) in &c.var_below {
        parts.push(format!("{} < {x}", v.variables[i].0));
    }
    if parts.is_empty() {
        "always".to_owned()
    } else {
        parts.join(", ")
    }
}
