//! The submission bundle's content: who, which assignment, every attempt's transcript, debrief and verdict,
//! and the pass/fail per vignette and overall with the reasons (`alliance.submission/1`, docs/assignments.md).

use serde::{Deserialize, Serialize};

use crate::assign::criteria::{Criteria, Verdict, evaluate};
use crate::assign::load::Assignment;
use crate::engine::Transcript;
use crate::report::Debrief;

/// The format tag of a submission bundle.
pub const FORMAT: &str = "alliance.submission/1";

/// Everything a student hands in for one assignment. The file wraps it with its format and checksum (`seal`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    /// A UUID for this submission.
    pub submission_id: String,
    /// The assignment as it was played (criteria included), so the bundle can be graded on its own.
    pub assignment: Assignment,
    /// The name the student chose to be known by.
    pub pseudonym: String,
    /// The version of Alliance that wrote it.
    pub alliance_version: String,
    /// Seconds since the Unix epoch when it was written.
    pub submitted_at: u64,
    /// One entry per vignette of the assignment, in order (also those never attempted).
    pub vignettes: Vec<VignetteResult>,
    /// Every vignette passed.
    pub passed: bool,
    /// Why it passed or not, in words.
    pub reasons: Vec<String>,
}

/// The attempts at one vignette and its verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VignetteResult {
    /// Vignette id.
    pub vignette_id: String,
    /// Vignette title (empty if it was never attempted and is not in the library).
    pub vignette_title: String,
    /// The criteria applied.
    pub criteria: Criteria,
    /// The decision points visited in any attempt, with all their authored replies.
    pub decision_points: Vec<DecisionPoint>,
    /// The attempts, first to last.
    pub attempts: Vec<Attempt>,
    /// Some attempt passed.
    pub passed: bool,
    /// Why, in words.
    pub reasons: Vec<String>,
}

/// A decision point and its authored replies (index = `reply_index` in the transcript).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionPoint {
    /// Node id.
    pub node: String,
    /// Reply texts in authored order.
    pub replies: Vec<String>,
}

/// What was on offer at one turn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// Turn number (1-based, as in the transcript).
    pub turn: u32,
    /// Authored indices of the replies offered.
    pub offered: Vec<usize>,
    /// Authored index of the best-scoring reply on offer (the engine's "better alternative" rule).
    pub best: usize,
}

/// One attempt at a vignette.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attempt {
    /// 1-based attempt number.
    pub attempt: u32,
    /// A UUID for the attempt (the xAPI `context.registration`).
    pub registration: String,
    /// Seconds from the first save to the last.
    pub duration_seconds: u64,
    /// What was on offer at each turn.
    pub decisions: Vec<Decision>,
    /// The verdict against the vignette's criteria.
    pub verdict: Verdict,
    /// The transcript.
    pub transcript: Transcript,
    /// The debrief.
    pub debrief: Debrief,
}

impl Attempt {
    /// Builds an attempt and its verdict.
    pub fn new(
        attempt: u32,
        registration: String,
        transcript: Transcript,
        debrief: Debrief,
        decisions: Vec<Decision>,
        criteria: &Criteria,
    ) -> Attempt {
        Attempt {
            attempt,
            registration,
            duration_seconds: transcript.updated_at.saturating_sub(transcript.started_at),
            decisions,
            verdict: evaluate(criteria, &debrief),
            transcript,
            debrief,
        }
    }
}

impl VignetteResult {
    /// Grades a vignette from its attempts: it passes when any attempt passed.
    pub fn graded(
        vignette_id: String,
        vignette_title: String,
        criteria: Criteria,
        decision_points: Vec<DecisionPoint>,
        attempts: Vec<Attempt>,
        attempts_allowed: u32,
    ) -> VignetteResult {
        let mut r = VignetteResult {
            vignette_id,
            vignette_title,
            criteria,
            decision_points,
            attempts,
            passed: false,
            reasons: Vec::new(),
        };
        r.regrade(None, attempts_allowed);
        r
    }

    /// Re-evaluates every attempt (against `criteria` when given, else its own) and the vignette's verdict.
    pub fn regrade(&mut self, criteria: Option<&Criteria>, attempts_allowed: u32) {
        if let Some(c) = criteria {
            self.criteria = c.clone();
        }
        for a in &mut self.attempts {
            a.verdict = evaluate(&self.criteria, &a.debrief);
        }
        let n = self.attempts.len();
        let passed_at = self.attempts.iter().find(|a| a.verdict.passed);
        self.passed = passed_at.is_some();
        self.reasons = match (passed_at, self.attempts.last()) {
            (Some(a), _) => vec![format!(
                "passed on attempt {} of {attempts_allowed}",
                a.attempt
            )],
            (None, None) => vec!["not attempted".to_owned()],
            (None, Some(last)) => {
                let mut v = vec![format!(
                    "not passed in {n} attempt{} of {attempts_allowed}",
                    if n == 1 { "" } else { "s" }
                )];
                v.extend(
                    last.verdict
                        .failures()
                        .map(|f| format!("attempt {}: {f}", last.attempt)),
                );
                v
            }
        };
    }
}

impl Submission {
    /// Assembles a submission and its overall verdict.
    pub fn new(
        submission_id: String,
        assignment: Assignment,
        pseudonym: String,
        submitted_at: u64,
        vignettes: Vec<VignetteResult>,
    ) -> Submission {
        let mut s = Submission {
            submission_id,
            assignment,
            pseudonym,
            alliance_version: env!("CARGO_PKG_VERSION").to_owned(),
            submitted_at,
            vignettes,
            passed: false,
            reasons: Vec::new(),
        };
        s.regrade(None);
        s
    }

    /// Re-grades every vignette (against `with`'s criteria when given) and the overall verdict.
    pub fn regrade(&mut self, with: Option<&Assignment>) {
        let allowed = with.map_or(self.assignment.attempts_allowed, |a| a.attempts_allowed);
        for v in &mut self.vignettes {
            let c = with.map(|a| a.criteria_for(&v.vignette_id));
            v.regrade(c.as_ref(), allowed);
        }
        let failed: Vec<&VignetteResult> = self.vignettes.iter().filter(|v| !v.passed).collect();
        self.passed = failed.is_empty() && !self.vignettes.is_empty();
        self.reasons = if self.passed {
            vec![match self.vignettes.len() {
                1 => "the vignette passed".to_owned(),
                2 => "both vignettes passed".to_owned(),
                n => format!("all {n} vignettes passed"),
            }]
        } else {
            failed
                .iter()
                .map(|v| format!("{}: {}", v.vignette_id, v.reasons.join("; ")))
                .collect()
        };
    }
}
