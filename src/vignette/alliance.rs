//! The alliance state: Bordin's bond, goal and task, plus empathy, each on a 0-100 scale.
//! Only arithmetic on the state lives here (a vignette's start names it); what moves it is `scoring::apply`.

use serde::{Deserialize, Serialize};

use crate::vignette::model::Effects;

/// Where the alliance stands after a turn.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AllianceState {
    /// The affective bond.
    pub bond: f64,
    /// Agreement on goals.
    pub goal: f64,
    /// Agreement on tasks.
    pub task: f64,
    /// How understood the patient feels.
    pub empathy: f64,
}

impl AllianceState {
    /// The mean of bond, goal and task: the single "alliance" figure conditions can test.
    pub fn alliance(&self) -> f64 {
        (self.bond + self.goal + self.task) / 3.0
    }

    /// Adds `delta`, keeping each component within 0-100.
    pub fn apply(&mut self, delta: &Effects) {
        self.bond = clamp(self.bond + delta.bond);
        self.goal = clamp(self.goal + delta.goal);
        self.task = clamp(self.task + delta.task);
        self.empathy = clamp(self.empathy + delta.empathy);
    }

    /// What actually changed from `before` to `self` (after clamping).
    pub fn since(&self, before: &AllianceState) -> Effects {
        Effects {
            bond: round1(self.bond - before.bond),
            goal: round1(self.goal - before.goal),
            task: round1(self.task - before.task),
            empathy: round1(self.empathy - before.empathy),
        }
    }
}

fn clamp(v: f64) -> f64 {
    round1(v.clamp(0.0, 100.0))
}

/// Rounds to one decimal so transcripts stay readable and golden files stable across platforms.
pub(crate) fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}
