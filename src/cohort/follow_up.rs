//! How each attempt at a follow-up visit started, as the class report shows it: continuing which of the
//! student's attempts at the first visit (how it ended, its WAI-SR, the alliance it ended at), or fresh.

use crate::assign::bundle::{Attempt, Submission};
use crate::scoring::AllianceState;
use crate::vignette::model::Outcome;

/// One attempt at a follow-up visit: who, and where it started from.
#[derive(Debug, Clone)]
pub struct FollowUpRow {
    /// The student's pseudonym.
    pub pseudonym: String,
    /// The attempt's number at the follow-up.
    pub attempt: u32,
    /// The first visit's vignette id.
    pub follows: String,
    /// What it continued; `None` when it started fresh from the follow-up's own start.
    pub continued: Option<ContinuedFrom>,
    /// The alliance at the follow-up's start (turn 0).
    pub start: AllianceState,
    /// How the follow-up ended: (title, outcome), or `None` when it was stopped before an ending.
    pub ending: Option<(String, Outcome)>,
    /// The follow-up's WAI-SR total.
    pub total: u8,
    /// It passed the criteria.
    pub passed: bool,
}

/// The attempt at the first visit that a follow-up continued.
#[derive(Debug, Clone)]
pub struct ContinuedFrom {
    /// The first visit's title.
    pub title: String,
    /// Its attempt number in the submission, when the transcript records it (attempts in an assignment).
    pub attempt: Option<u32>,
    /// The ending it reached: (id, title, outcome).
    pub ending: (String, String, Outcome),
    /// The alliance when it ended.
    pub ended_at: AllianceState,
    /// The share of it carried into the follow-up's start.
    pub carry: f64,
    /// Its WAI-SR total, when the attempt is in the same submission.
    pub total: Option<u8>,
}

/// The first visit a follow-up attempt follows: from what it continued, else from the transcript's `follows`
/// (a fresh start). `None` for an attempt at a vignette that follows no other.
pub fn follows(a: &Attempt) -> Option<&str> {
    let t = &a.transcript;
    t.continued
        .as_ref()
        .map(|c| c.vignette_id.as_str())
        .or(t.follows.as_deref())
}

/// The row of attempt `a` of submission `s`, when it is an attempt at a follow-up visit.
pub fn row(s: &Submission, a: &Attempt) -> Option<FollowUpRow> {
    let follows = follows(a)?.to_owned();
    let t = &a.transcript;
    let continued = t.continued.as_ref().map(|c| {
        // The continued attempt, found in the same submission by its id (an assignment lists both visits).
        let first = c.registration.as_ref().and_then(|r| {
            s.vignettes
                .iter()
                .filter(|v| v.vignette_id == c.vignette_id)
                .flat_map(|v| v.attempts.iter())
                .find(|x| &x.registration == r)
        });
        ContinuedFrom {
            title: c.vignette_title.clone(),
            attempt: c.attempt.or(first.map(|x| x.attempt)),
            ending: (c.ending_id.clone(), c.ending_title.clone(), c.outcome),
            ended_at: c.ended_at,
            carry: c.carry,
            total: first.map(|x| x.debrief.wai_sr.total),
        }
    });
    Some(FollowUpRow {
        pseudonym: s.pseudonym.clone(),
        attempt: a.attempt,
        follows,
        continued,
        start: t.start,
        ending: t.ending.as_ref().map(|e| (e.title.clone(), e.outcome)),
        total: a.debrief.wai_sr.total,
        passed: a.verdict.passed,
    })
}
