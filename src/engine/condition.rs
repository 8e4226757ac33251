//! Evaluating a vignette condition against the session's state.
//! The condition's shape is the vignette's; what it means at run time is decided here only.

use crate::scoring::AllianceState;
use crate::vignette::Vignette;
use crate::vignette::compiled::{Condition, Measure};

/// The parts of a session a condition may look at.
pub(crate) struct View<'a> {
    pub state: &'a AllianceState,
    pub rupture_open: bool,
    pub visits: &'a [u32],
    pub vars: &'a [i64],
    /// The visit continues the student's attempt at the vignette it follows.
    pub continued: bool,
}

impl Condition {
    /// True when every test in the condition holds.
    pub(crate) fn holds(&self, v: &View) -> bool {
        self.ranges.iter().all(|(m, lo, hi)| {
            let x = match m {
                Measure::Bond => v.state.bond,
                Measure::Goal => v.state.goal,
                Measure::Task => v.state.task,
                Measure::Empathy => v.state.empathy,
                Measure::Alliance => v.state.alliance(),
            };
            lo.is_none_or(|lo| x >= lo) && hi.is_none_or(|hi| x < hi)
        }) && self.rupture_open.is_none_or(|o| o == v.rupture_open)
            && self.visited.iter().all(|&n| v.visits[n] > 0)
            && self.not_visited.iter().all(|&n| v.visits[n] == 0)
            && self.var_at_least.iter().all(|&(i, n)| v.vars[i] >= n)
            && self.var_below.iter().all(|&(i, n)| v.vars[i] < n)
            && self.continued.is_none_or(|c| c == v.continued)
    }
}

impl Condition {
    /// The tests in the condition that do not hold, each in words with the value found, for a trainee reading
    /// why a branch was not taken ("agreement on goals at least 55: it was 54").
    pub(crate) fn unmet(&self, v: &View, vignette: &Vignette) -> Vec<String> {
        let mut out = Vec::new();
        for (m, lo, hi) in &self.ranges {
            let (name, x) = match m {
                Measure::Bond => ("the bond", v.state.bond),
                Measure::Goal => ("agreement on goals", v.state.goal),
                Measure::Task => ("agreement on tasks", v.state.task),
                Measure::Empathy => ("empathy (how understood the patient felt)", v.state.empathy),
                Measure::Alliance => (
                    "the alliance (bond, goals and tasks together)",
                    v.state.alliance(),
                ),
            };
            if let Some(lo) = lo.filter(|lo| x < *lo) {
                out.push(format!("{name} at least {lo:.0}: it was {x:.0}"));
            }
            if let Some(hi) = hi.filter(|hi| x >= *hi) {
                out.push(format!("{name} below {hi:.0}: it was {x:.0}"));
            }
        }
        match self.rupture_open {
            Some(false) if v.rupture_open => {
                out.push("no strain left unrepaired: one was still open".to_owned());
            }
            Some(true) if !v.rupture_open => {
                out.push("a strain still open: there was none".to_owned())
            }
            _ => {}
        }
        match self.continued {
            Some(true) if !v.continued => {
                out.push("a visit that continues your first: this one started afresh".to_owned())
            }
            Some(false) if v.continued => {
                out.push("a visit started afresh: this one continued your first".to_owned())
            }
            _ => {}
        }
        let node = |n: usize| vignette.nodes[n].id.replace('_', " ");
        for &n in self.visited.iter().filter(|&&n| v.visits[n] == 0) {
            out.push(format!(
                "the conversation to have passed through \"{}\": it had not",
                node(n)
            ));
        }
        for &n in self.not_visited.iter().filter(|&&n| v.visits[n] > 0) {
            out.push(format!(
                "the conversation not to have passed through \"{}\": it had",
                node(n)
            ));
        }
        let var = |i: usize| {
            vignette
                .variables
                .get(i)
                .map_or("?", |(name, _)| name.as_str())
        };
        for &(i, n) in self.var_at_least.iter().filter(|&&(i, n)| v.vars[i] < n) {
            out.push(format!("`{}` at least {n}: it was {}", var(i), v.vars[i]));
        }
        for &(i, n) in self.var_below.iter().filter(|&&(i, n)| v.vars[i] >= n) {
            out.push(format!("`{}` below {n}: it was {}", var(i), v.vars[i]));
        }
        out
    }
}
