//! Evaluating a vignette condition against the session's state.
//! The condition's shape is the vignette's; what it means at run time is decided here only.

use crate::scoring::AllianceState;
use crate::vignette::compiled::{Condition, Measure};

/// The parts of a session a condition may look at.
pub(crate) struct View<'a> {
    pub state: &'a AllianceState,
    pub rupture_open: bool,
    pub visits: &'a [u32],
    pub vars: &'a [i64],
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
    }
}
