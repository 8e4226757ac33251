//! Replays a transcript against its vignette to recover what the transcript does not store: which replies
//! were on offer at each turn, which was the best-scoring one, and every decision point's authored replies.

use std::sync::Arc;

use crate::assign::bundle::{Decision, DecisionPoint};
use crate::engine::{Session, Transcript};
use crate::scoring::Rubric;
use crate::vignette::Vignette;

/// The decisions of `t` (one per turn) and the decision points it visited, in order of first visit.
/// Fails when the vignette no longer matches the transcript (it was edited since the attempt).
pub fn decisions(
    vignette: Arc<Vignette>,
    rubric: Arc<Rubric>,
    t: &Transcript,
) -> Result<(Vec<Decision>, Vec<DecisionPoint>), String> {
    if t.vignette_id != vignette.id {
        return Err(format!(
            "the transcript is for `{}`, not `{}`",
            t.vignette_id, vignette.id
        ));
    }
    let mut s = Session::new(Arc::clone(&vignette), rubric, t.seed, t.mode);
    let mut out = Vec::with_capacity(t.turns.len());
    let mut points: Vec<DecisionPoint> = Vec::new();
    for turn in &t.turns {
        let Some(node) = s.node_id().map(str::to_owned) else {
            return Err(format!(
                "turn {}: the consultation had already ended",
                turn.turn
            ));
        };
        if node != turn.node {
            return Err(format!(
                "turn {}: the vignette has changed since this attempt (expected node `{}`)",
                turn.turn, turn.node
            ));
        }
        let offered: Vec<usize> = s.offered().iter().map(|o| o.index).collect();
        let best = s.best_offered().or(turn.reply_index).unwrap_or_default();
        if !points.iter().any(|p| p.node == node)
            && let Some(n) = vignette.nodes.iter().find(|n| n.id == node)
        {
            points.push(DecisionPoint {
                node: node.clone(),
                replies: n.replies.iter().map(|r| r.text.clone()).collect(),
            });
        }
        s.replay(turn)?;
        out.push(Decision {
            turn: turn.turn,
            offered,
            best,
        });
    }
    Ok((out, points))
}

/// Adds the points of one attempt to those already gathered for its vignette, keeping first-visit order.
pub fn merge_points(into: &mut Vec<DecisionPoint>, more: Vec<DecisionPoint>) {
    for p in more {
        if !into.iter().any(|q| q.node == p.node) {
            into.push(p);
        }
    }
}
