//! The best-path check: always taking the best-scoring reply must reach a `good` ending.
//! It plays the vignette through the real engine and rubric, so it judges exactly what a trainee will meet.

use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::engine::{Mode, Session};
use crate::scoring::Rubric;
use crate::vignette::Vignette;
use crate::vignette::model::Outcome;

pub(super) fn check(
    file: &str,
    src: &str,
    v: &Arc<Vignette>,
    rubric: &Rubric,
    out: &mut Vec<Diagnostic>,
) {
    let start = &v.nodes[v.start];
    let mut s = Session::new(Arc::clone(v), Arc::new(rubric.clone()), 0, Mode::Practice);
    let bound = 4 * v.nodes.len() + 16;
    let mut path = Vec::new();
    while !s.is_over() && path.len() < bound {
        let Some(best) = s.best_offered() else { break };
        path.push(s.node_id().unwrap_or_default().to_owned());
        if s.choose(best).is_err() {
            break;
        }
    }
    let ending = s.transcript().ending.clone();
    match ending {
        Some(e) if e.outcome == Outcome::Good => {}
        Some(e) => out.push(
            Diagnostic::error("A019", file, src, start.pos.line, start.pos.column)
                .message(format!(
                    "the best path ({} decisions: {}) ends at `{}` ({}), not a good ending",
                    path.len(),
                    path.join(" → "),
                    e.id,
                    e.outcome.as_str()
                ))
                .hint("lower the thresholds on the branch to the good ending, or strengthen the best replies' effects"),
        ),
        None => out.push(
            Diagnostic::error("A019", file, src, start.pos.line, start.pos.column)
                .message(format!(
                    "the best path never ends: after {} decisions it is still going ({})",
                    path.len(),
                    path.iter().rev().take(6).rev().cloned().collect::<Vec<_>>().join(" → ")
                ))
                .hint("the best-scoring replies form a loop; lead one of them towards an ending"),
        ),
    }
}
