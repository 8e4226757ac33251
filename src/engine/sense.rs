//! Whether a transcript that parsed makes sense before anything is shown from it: alliance values in range,
//! turns numbered in order, ruptures at turns that exist, an ending only when finished. Each problem is
//! located by its field path (and the caller adds the file and line).

use crate::engine::transcript::{Status, Transcript};
use crate::vignette::AllianceState;

/// A problem found in a transcript: where (a field path such as `turns[2].after.bond`), the turn it is in
/// (1-based, when it is in one) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nonsense {
    /// The field, as a path into the JSON.
    pub field: String,
    /// The turn it belongs to (1-based), if any.
    pub turn: Option<u32>,
    /// What is wrong.
    pub message: String,
}

/// The first thing in `t` that makes no sense, if any.
pub fn nonsense(t: &Transcript) -> Option<Nonsense> {
    let bad = |field: String, turn: Option<u32>, message: String| {
        Some(Nonsense {
            field,
            turn,
            message,
        })
    };
    if let Some(p) = out_of_range(&t.start) {
        return bad(format!("start.{}", p.0), None, p.1);
    }
    for (i, r) in t.turns.iter().enumerate() {
        let n = i as u32 + 1;
        if r.turn != n {
            return bad(
                format!("turns[{i}].turn"),
                Some(r.turn),
                format!(
                    "turn {} where turn {n} should be (turns are numbered 1, 2, 3, …)",
                    r.turn
                ),
            );
        }
        if let Some(p) = out_of_range(&r.after) {
            return bad(format!("turns[{i}].after.{}", p.0), Some(n), p.1);
        }
        for (name, v) in [
            ("bond", r.delta.bond),
            ("goal", r.delta.goal),
            ("task", r.delta.task),
            ("empathy", r.delta.empathy),
        ] {
            if !v.is_finite() || v.abs() > 100.0 {
                return bad(
                    format!("turns[{i}].delta.{name}"),
                    Some(n),
                    format!(
                        "a change of {} is more than the alliance's whole range (0-100)",
                        num(v)
                    ),
                );
            }
        }
    }
    let last = t.turns.len() as u32;
    for (i, r) in t.ruptures.iter().enumerate() {
        if r.turn > last {
            return bad(
                format!("ruptures[{i}].turn"),
                None,
                format!(
                    "a rupture at turn {} of a transcript with {last} turns",
                    r.turn
                ),
            );
        }
    }
    if t.ending.is_some() != (t.status == Status::Finished) {
        return bad(
            "status".to_owned(),
            None,
            format!(
                "status {:?} {} an ending",
                t.status,
                if t.ending.is_some() {
                    "with"
                } else {
                    "without"
                }
            ),
        );
    }
    None
}

/// The first alliance value that is not a number from 0 to 100: its name and why.
fn out_of_range(s: &AllianceState) -> Option<(&'static str, String)> {
    [
        ("bond", s.bond),
        ("goal", s.goal),
        ("task", s.task),
        ("empathy", s.empathy),
    ]
    .into_iter()
    .find(|(_, v)| !(0.0..=100.0).contains(v))
    .map(|(name, v)| {
        (
            name,
            format!("{} is not an alliance value (0 to 100)", num(v)),
        )
    })
}

/// A number as a person would write it: `1e308`, not 309 digits.
fn num(v: f64) -> String {
    if v.is_finite() && v.abs() >= 1e6 {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}
