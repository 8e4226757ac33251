//! A follow-up visit that continues the student's own attempt at the first: what carries over (the end state,
//! an unrepaired rupture, the recap's key, named variables) and the start it gives. Finding the attempt is not here.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::Session;
use crate::engine::transcript::RuptureRecord;
use crate::scoring::AllianceState;
use crate::vignette::Vignette;
use crate::vignette::compiled::Turn;
use crate::vignette::last_time::{DEFAULT_CARRY, Recap};
use crate::vignette::model::Outcome;

/// The finished attempt a follow-up continues, as its transcript records it (`Transcript::continued`): enough
/// to start (and resume) the follow-up without the first attempt's file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Continued {
    /// The first attempt's transcript file, as it was named when the follow-up started.
    pub file: String,
    /// The first visit's vignette id.
    pub vignette_id: String,
    /// Its title.
    pub vignette_title: String,
    /// The ending the first attempt reached.
    pub ending_id: String,
    /// That ending's title.
    pub ending_title: String,
    /// good, mixed or poor.
    pub outcome: Outcome,
    /// The alliance when the first attempt ended.
    pub ended_at: AllianceState,
    /// The share of it the follow-up starts from (`last_time.carry`; docs/authoring.md, "Follow-up visits").
    pub carry: f64,
    /// The rupture the first attempt left unrepaired, open again at the follow-up's start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_rupture: Option<RuptureRecord>,
    /// How many repairing replies that rupture still needed (0: none open).
    #[serde(default)]
    pub rupture_depth: u32,
    /// The variables `last_time.variables` carries, with their values at the first attempt's end.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub variables: BTreeMap<String, i64>,
    /// In an assignment: the continued attempt's number there (`file` names it in words). Absent outside an
    /// assignment and in older files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempt: Option<u32>,
    /// In an assignment: the continued attempt's id (its xAPI `registration`), so the class report and an LRS
    /// can point at it. Absent outside an assignment and in older files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration: Option<String>,
}

/// Why a saved attempt cannot be continued by a follow-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContinueError {
    /// The follow-up declares no `follows:`.
    NotAFollowUp(String),
    /// The attempt is at another vignette than the one the follow-up follows.
    OtherVignette {
        /// What the follow-up follows.
        follows: String,
        /// What the attempt is at.
        attempt: String,
    },
    /// The attempt has not reached an ending.
    Unfinished,
}

impl std::fmt::Display for ContinueError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ContinueError::NotAFollowUp(id) => {
                write!(f, "`{id}` is not a follow-up visit (it has no `follows:`)")
            }
            ContinueError::OtherVignette { follows, attempt } => write!(
                f,
                "that attempt is at `{attempt}`, but this visit follows `{follows}`"
            ),
            ContinueError::Unfinished => write!(
                f,
                "that attempt has not reached an ending; finish it first (`alliance resume`)"
            ),
        }
    }
}

impl std::error::Error for ContinueError {}

impl Continued {
    /// What `follow_up` takes from `first`, a session of the first visit replayed to its end (saved as `file`).
    pub fn of(
        first: &Session,
        file: &str,
        follow_up: &Vignette,
    ) -> Result<Continued, ContinueError> {
        let Some((follows, _)) = &follow_up.follows else {
            return Err(ContinueError::NotAFollowUp(follow_up.id.clone()));
        };
        let t = first.transcript();
        if &t.vignette_id != follows {
            return Err(ContinueError::OtherVignette {
                follows: follows.clone(),
                attempt: t.vignette_id.clone(),
            });
        }
        let Some(ending) = &t.ending else {
            return Err(ContinueError::Unfinished);
        };
        let last = follow_up.last_time.as_ref();
        let first_v = first.vignette();
        let variables = last
            .map(|l| l.variables.as_slice())
            .unwrap_or_default()
            .iter()
            .filter_map(|name| {
                let i = first_v.variables.iter().position(|(n, _)| n == name)?;
                Some((name.clone(), first.variables()[i]))
            })
            .collect();
        Ok(Continued {
            file: file.to_owned(),
            vignette_id: t.vignette_id.clone(),
            vignette_title: t.vignette_title.clone(),
            ending_id: ending.id.clone(),
            ending_title: ending.title.clone(),
            outcome: ending.outcome,
            ended_at: first.state(),
            carry: last.map_or(DEFAULT_CARRY, |l| l.carry),
            open_rupture: first
                .rupture_open()
                .then(|| t.unrepaired().last().cloned())
                .flatten(),
            rupture_depth: first.rupture_depth(),
            variables,
            attempt: None,
            registration: None,
        })
    }

    /// The alliance the follow-up starts from: `carry` of the way from its own `start` to where the first
    /// attempt ended, each component (1: exactly where it ended).
    pub fn start(&self, default: AllianceState) -> AllianceState {
        let blend = |d: f64, e: f64| ((d + self.carry * (e - d)) * 10.0).round() / 10.0;
        AllianceState {
            bond: blend(default.bond, self.ended_at.bond),
            goal: blend(default.goal, self.ended_at.goal),
            task: blend(default.task, self.ended_at.task),
            empathy: blend(default.empathy, self.ended_at.empathy),
        }
    }

    /// The patient's recap for how the first attempt ended, when the follow-up wrote one.
    pub fn recap<'v>(&self, follow_up: &'v Vignette) -> Option<&'v Recap> {
        follow_up
            .last_time
            .as_ref()
            .and_then(|l| l.recap(&self.ending_id, self.outcome))
    }
}

/// The opening line with the recap: its words said first (or instead), its cue and feeling over the opening's.
/// Each of the opening's phrasings gets one of the recap's in turn, so the seeded pick still draws one number.
pub(crate) fn with_recap(opening: &Turn, recap: &Recap) -> Turn {
    let n = recap.say.len().max(1);
    let say = if recap.replaces_opening {
        recap.say.clone()
    } else {
        opening
            .say
            .iter()
            .enumerate()
            .map(|(i, s)| match recap.say.get(i % n) {
                Some(r) => format!("{} {s}", r.trim_end()),
                None => s.clone(),
            })
            .collect()
    };
    Turn {
        say,
        cue: recap.cue.clone().unwrap_or_else(|| opening.cue.clone()),
        emotion: recap.emotion.unwrap_or(opening.emotion),
        rupture: opening.rupture,
        talk: opening.talk,
        speaker: opening.speaker,
    }
}
