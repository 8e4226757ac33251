//! Graph checks on the compiled vignette: unreachable nodes, dead ends, loops with no way out.
//! Conditions are ignored here (every destination counts); the engine guarantees a reply is always offered.

use crate::diagnostic::Diagnostic;
use crate::vignette::{Target, Vignette};

pub(super) fn check(file: &str, src: &str, v: &Vignette, out: &mut Vec<Diagnostic>) {
    let n = v.nodes.len();
    let edges: Vec<Vec<Target>> = v
        .nodes
        .iter()
        .map(|node| {
            node.replies
                .iter()
                .flat_map(|r| r.dest.iter().map(|(_, t, _)| *t))
                .collect()
        })
        .collect();

    // Forward: what the start reaches.
    let mut reached = vec![false; n];
    let mut ending_reached = vec![false; v.endings.len()];
    let mut stack = vec![v.start];
    reached[v.start] = true;
    while let Some(i) = stack.pop() {
        for t in &edges[i] {
            match *t {
                Target::Node(j) if !reached[j] => {
                    reached[j] = true;
                    stack.push(j);
                }
                Target::Ending(e) => ending_reached[e] = true,
                _ => {}
            }
        }
    }
    for (i, node) in v.nodes.iter().enumerate() {
        if !reached[i] {
            out.push(
                Diagnostic::error("A013", file, src, node.pos.line, node.pos.column)
                    .message(format!("node `{}` cannot be reached from `start`", node.id))
                    .hint("point a reply's `next` or a branch's `to` at it, or delete it"),
            );
        }
    }
    for (e, ending) in v.endings.iter().enumerate() {
        if !ending_reached[e] {
            out.push(
                Diagnostic::warning("W003", file, src, ending.pos.line, ending.pos.column)
                    .message(format!("ending `{}` is never reached", ending.id))
                    .hint("lead a reply or branch to it, or delete it"),
            );
        }
    }

    // Backward: what can still reach an ending, by a search over the reversed edges from the nodes that lead
    // to one (linear; a pass-until-nothing-changes loop was quadratic on a long chain).
    let mut finishes: Vec<bool> = edges
        .iter()
        .map(|es| es.iter().any(|t| matches!(t, Target::Ending(_))))
        .collect();
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, es) in edges.iter().enumerate() {
        for t in es {
            if let Target::Node(j) = *t {
                preds[j].push(i);
            }
        }
    }
    let mut stack: Vec<usize> = (0..n).filter(|&i| finishes[i]).collect();
    while let Some(j) = stack.pop() {
        for &i in &preds[j] {
            if !finishes[i] {
                finishes[i] = true;
                stack.push(i);
            }
        }
    }
    let mut reported_loop = vec![false; n];
    for i in (0..n).filter(|&i| reached[i] && !finishes[i]) {
        let node = &v.nodes[i];
        if let Some(cycle) = cycle_through(i, &edges) {
            if cycle.iter().any(|&c| reported_loop[c]) {
                continue;
            }
            cycle.iter().for_each(|&c| reported_loop[c] = true);
            let names: Vec<&str> = cycle.iter().map(|&c| v.nodes[c].id.as_str()).collect();
            out.push(
                Diagnostic::error("A015", file, src, node.pos.line, node.pos.column)
                    .message(format!(
                        "loop with no way out: {} → {}",
                        names.join(" → "),
                        names[0]
                    ))
                    .hint("give one reply in the loop a `next` that leads towards an ending"),
            );
        } else {
            out.push(
                Diagnostic::error("A014", file, src, node.pos.line, node.pos.column)
                    .message(format!("no ending can be reached from node `{}`", node.id))
                    .hint("lead at least one reply from here (or from where it goes) to an ending"),
            );
        }
    }
}

/// A cycle through `start`, if there is one (depth-first search over node edges).
fn cycle_through(start: usize, edges: &[Vec<Target>]) -> Option<Vec<usize>> {
    let mut path = vec![start];
    let mut seen = vec![false; edges.len()];
    seen[start] = true;
    let mut iters = vec![0usize];
    while let Some(&top) = path.last() {
        let k = iters.last_mut()?;
        if *k >= edges[top].len() {
            path.pop();
            iters.pop();
            continue;
        }
        let t = edges[top][*k];
        *k += 1;
        if let Target::Node(j) = t {
            if j == start {
                return Some(path);
            }
            if !seen[j] {
                seen[j] = true;
                path.push(j);
                iters.push(0);
            }
        }
    }
    None
}
