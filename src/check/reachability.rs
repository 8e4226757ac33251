//! The reachability check, state-aware: nodes and endings no path reaches (W004), decision points where every
//! reply strains (W005), replies never on offer (W006). From the interval walk (`analysis::interval`): sound.

use std::sync::Arc;

use crate::analysis::findings::{Method, findings};
use crate::diagnostic::Diagnostic;
use crate::scoring::Rubric;
use crate::vignette::{Target, Vignette};

pub(super) fn check(
    file: &str,
    src: &str,
    v: &Arc<Vignette>,
    rubric: &Rubric,
    out: &mut Vec<Diagnostic>,
) {
    // The interval walk alone: checking runs whenever the library loads a user's own files, and it takes
    // milliseconds where the exact walk can take seconds. Its findings are sound; `alliance explore` can add
    // exact ones.
    let (found, _, _) = findings(v, rubric, None, false);
    if found.method == Method::None {
        return;
    }
    // What the node graph alone cannot reach is reported already (A013, W003); only what the conditions
    // shut off is new here.
    let (nodes_linked, endings_linked) = linked(v);
    let u = &found.unreached;
    for (i, node) in v.nodes.iter().enumerate() {
        if nodes_linked[i] && u.nodes.contains(&node.id) {
            out.push(
                Diagnostic::warning("W004", file, src, node.pos.line, node.pos.column)
                    .message(format!(
                        "no path reaches node `{}`: the conditions on the way to it never hold",
                        node.id
                    ))
                    .hint("check the `when` of the branches and replies that lead here against the alliance a trainee can have there (`alliance explore` shows the reachable range)"),
            );
        }
    }
    for (e, ending) in v.endings.iter().enumerate() {
        if endings_linked[e] && u.endings.contains(&ending.id) {
            out.push(
                Diagnostic::warning("W004", file, src, ending.pos.line, ending.pos.column)
                    .message(format!(
                        "no path reaches ending `{}`: the conditions on the way to it never hold",
                        ending.id
                    ))
                    .hint(
                        "lower the thresholds of the branches that lead here, or delete the ending",
                    ),
            );
        }
    }
    for p in &found.strain_points {
        if let Some(node) = v.nodes.iter().find(|n| n.id == p.node) {
            out.push(
                Diagnostic::warning("W005", file, src, node.pos.line, node.pos.column)
                    .message(format!(
                        "every reply on offer at `{}` strains the alliance, on every path (the least bad scores {:.1})",
                        p.node, p.best_value
                    ))
                    .hint("give the trainee one reply that strengthens the alliance here: a reflection, or naming the strain"),
            );
        }
    }
    for r in &u.replies_never_offered {
        let Some(node) = v.nodes.iter().find(|n| n.id == r.node) else {
            continue;
        };
        let reply = &node.replies[r.reply - 1];
        let why = if reply.when.is_some() {
            "its `when` never holds when a path reaches the node"
        } else {
            "it is `once` and always used before"
        };
        out.push(
            Diagnostic::warning("W006", file, src, reply.pos.line, reply.pos.column)
                .message(format!(
                    "reply {} at `{}` is never offered on any path: {why}",
                    r.reply, r.node
                ))
                .hint("loosen its `when` (or drop `once`), or delete the reply"),
        );
    }
}

/// Nodes and endings the start links to, ignoring every condition.
fn linked(v: &Vignette) -> (Vec<bool>, Vec<bool>) {
    let mut nodes = vec![false; v.nodes.len()];
    let mut endings = vec![false; v.endings.len()];
    let mut stack = vec![v.start];
    nodes[v.start] = true;
    while let Some(i) = stack.pop() {
        for (_, t, _) in v.nodes[i].replies.iter().flat_map(|r| &r.dest) {
            match *t {
                Target::Node(j) if !nodes[j] => {
                    nodes[j] = true;
                    stack.push(j);
                }
                Target::Ending(e) => endings[e] = true,
                Target::Node(_) => {}
            }
        }
    }
    (nodes, endings)
}
