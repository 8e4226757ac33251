//! A follow-up visit's `last_time:` block: what the patient recalls of the first visit, keyed by how it ended,
//! and how much of its alliance carries over. Only the shape; the engine's `continuation` applies it.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::vignette::model::{Emotion, Outcome};

/// How much of the first visit's end state a follow-up starts from when `carry` is not given: three quarters
/// of the way from the follow-up's own `start:` to where the first visit ended. Seed 002 (Brinkmann) calls the
/// alliance "an achievement … dynamic in time", changed by what happened since (the device, the results), so
/// what was built is kept but not frozen; the exact share is an authoring judgement, which `carry` overrides.
pub const DEFAULT_CARRY: f64 = 0.75;

/// What a follow-up takes from the student's own attempt at the first visit.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LastTime {
    /// The share (0-1) of the first visit's end state kept: 1 starts exactly where it ended, 0 at this
    /// vignette's `start:`; each of bond, goal, task and empathy is `start + carry × (ended − start)`.
    #[serde(default = "default_carry")]
    pub carry: f64,
    /// The recap when the first visit ended `good`.
    #[serde(default)]
    pub good: Option<Recap>,
    /// The recap when it ended `mixed`.
    #[serde(default)]
    pub mixed: Option<Recap>,
    /// The recap when it ended `poor`.
    #[serde(default)]
    pub poor: Option<Recap>,
    /// Recaps for particular endings of the first visit, by ending id; one given here is used over its outcome's.
    #[serde(default)]
    pub endings: BTreeMap<String, Recap>,
    /// Variables whose values at the end of the first visit are carried in (declared in both vignettes).
    #[serde(default)]
    pub variables: Vec<String>,
}

fn default_carry() -> f64 {
    DEFAULT_CARRY
}

/// The patient's words about last time, said at the opening of a continued visit.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recap {
    /// One or more phrasings; said before the opening line (each opening phrasing gets one in turn).
    pub say: Vec<String>,
    /// What the patient does without words, instead of the opening's cue.
    #[serde(default)]
    pub cue: Option<String>,
    /// The feeling shown, instead of the opening's.
    #[serde(default)]
    pub emotion: Option<Emotion>,
    /// The recap is the whole opening line (its words replace the opening's), rather than said before it.
    #[serde(default)]
    pub replaces_opening: bool,
}

impl LastTime {
    /// The recap for a first visit that ended at `ending` with `outcome`: the ending's own, else the outcome's.
    pub fn recap(&self, ending: &str, outcome: Outcome) -> Option<&Recap> {
        self.endings.get(ending).or(match outcome {
            Outcome::Good => self.good.as_ref(),
            Outcome::Mixed => self.mixed.as_ref(),
            Outcome::Poor => self.poor.as_ref(),
        })
    }
}
