//! Pass criteria and the verdict on one attempt: each criterion checked against the debrief, with its reason.
//! An attempt passes when it reached an ending and every criterion given holds.

use serde::{Deserialize, Serialize};

use crate::engine::transcript::Status;
use crate::report::Debrief;
use crate::vignette::model::Outcome;

/// The criteria for one vignette, after `pass` and `pass_for` were merged. Absent fields are not checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criteria {
    /// WAI-SR total (12-60) at least.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wai_sr_total_at_least: Option<u8>,
    /// WAI-SR task subscale (4-20) at least.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wai_sr_task_at_least: Option<u8>,
    /// WAI-SR bond subscale (4-20) at least.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wai_sr_bond_at_least: Option<u8>,
    /// WAI-SR goal subscale (4-20) at least.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wai_sr_goal_at_least: Option<u8>,
    /// Empathy (0-100, how understood the patient feels) at the end, at least.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub empathy_at_least: Option<u8>,
    /// No rupture left unrepaired.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_unrepaired_rupture: bool,
    /// Every reply typed in the student's own words (the menu is hidden while playing).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub typed_replies: bool,
    /// This ending id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ending: Option<String>,
    /// This outcome or better.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ending_outcome: Option<Outcome>,
}

/// One criterion checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// The criterion's name as written in the assignment (`finished` is always checked).
    pub criterion: String,
    /// Whether it held.
    pub passed: bool,
    /// What was found and what was needed, in words.
    pub detail: String,
}

/// The verdict on one attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Verdict {
    /// Every check held.
    pub passed: bool,
    /// Each criterion, in a fixed order.
    pub checks: Vec<Check>,
}

impl Verdict {
    /// The details of the checks that failed (empty when passed).
    pub fn failures(&self) -> impl Iterator<Item = &str> {
        self.checks
            .iter()
            .filter(|c| !c.passed)
            .map(|c| c.detail.as_str())
    }
}

/// Checks `d` against `c`. Reaching an ending is always required: an abandoned attempt never passes.
pub fn evaluate(c: &Criteria, d: &Debrief) -> Verdict {
    let mut checks = Vec::new();
    let mut check = |criterion: &str, passed: bool, detail: String| {
        checks.push(Check {
            criterion: criterion.to_owned(),
            passed,
            detail,
        });
    };
    let finished = d.status == Status::Finished;
    check(
        "finished",
        finished,
        match (&d.ending, d.status) {
            (Some(e), _) => format!("reached the ending \"{}\"", e.title),
            (None, Status::Abandoned) => "stopped before an ending".to_owned(),
            // A submission holds an attempt still in progress only when its run was stopped or killed.
            (None, _) => {
                "interrupted before an ending (the player was stopped or killed)".to_owned()
            }
        },
    );
    let w = &d.wai_sr;
    for (name, label, got, need) in [
        (
            "wai_sr_total_at_least",
            "total",
            w.total,
            c.wai_sr_total_at_least,
        ),
        (
            "wai_sr_task_at_least",
            "task",
            w.task,
            c.wai_sr_task_at_least,
        ),
        (
            "wai_sr_bond_at_least",
            "bond",
            w.bond,
            c.wai_sr_bond_at_least,
        ),
        (
            "wai_sr_goal_at_least",
            "goal",
            w.goal,
            c.wai_sr_goal_at_least,
        ),
    ] {
        if let Some(need) = need {
            check(
                name,
                got >= need,
                format!("WAI-SR {label} {got}, needed at least {need}"),
            );
        }
    }
    if let Some(need) = c.empathy_at_least {
        let got = d.trajectory.last().map_or(0.0, |p| p.empathy);
        check(
            "empathy_at_least",
            got >= f64::from(need),
            format!(
                "empathy {got:.0}/100 at the end (how understood the patient felt), needed at least {need}"
            ),
        );
    }
    if c.no_unrepaired_rupture {
        let open: Vec<String> = d
            .unrepaired_ruptures
            .iter()
            .map(|r| {
                let marker = r.marker.as_str().replace('_', " ");
                // Turn 0: shown by the opening line, or left unrepaired at the first visit of a follow-up.
                if r.turn == 0 {
                    format!("{marker} (open from the start)")
                } else {
                    format!("{marker} (turn {})", r.turn)
                }
            })
            .collect();
        check(
            "no_unrepaired_rupture",
            open.is_empty(),
            if open.is_empty() {
                "no rupture left unrepaired".to_owned()
            } else {
                format!("rupture left unrepaired: {}", open.join(", "))
            },
        );
    }
    if c.typed_replies {
        let replies = d.trajectory.len().saturating_sub(1);
        let chosen = replies - d.readings.len().min(replies);
        check(
            "typed_replies",
            chosen == 0,
            if chosen == 0 {
                format!("all {replies} replies typed in the student's own words")
            } else {
                format!(
                    "{chosen} of {replies} replies chosen from the menu; every reply was to be typed"
                )
            },
        );
    }
    if let Some(want) = &c.ending {
        let got = d.ending.as_ref().map(|e| e.id.as_str());
        check(
            "ending",
            got == Some(want.as_str()),
            match got {
                Some(g) => format!("ended at `{g}`, needed `{want}`"),
                None => format!("no ending reached, needed `{want}`"),
            },
        );
    }
    if let Some(want) = c.ending_outcome {
        let got = d.ending.as_ref().map(|e| e.outcome);
        let better = if want == Outcome::Good {
            String::new()
        } else {
            " or better".to_owned()
        };
        check(
            "ending_outcome",
            got.is_some_and(|g| g >= want),
            match got {
                Some(g) => format!("outcome {}, needed {}{better}", g.as_str(), want.as_str()),
                None => format!(
                    "no ending reached, needed outcome {}{better}",
                    want.as_str()
                ),
            },
        );
    }
    Verdict {
        passed: checks.iter().all(|c| c.passed),
        checks,
    }
}
