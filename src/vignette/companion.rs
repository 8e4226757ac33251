//! A second person in the room: the companion a vignette may bring (a parent, a partner, a carer), and
//! `Person`, which says who speaks a line or whom a reply is addressed to.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::vignette::model::Emotion;

/// Someone who came with the patient and can speak (docs/authoring.md, "A second speaker in the room").
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Companion {
    /// Name as the clinician would use it ("Karen").
    pub name: String,
    /// Who they are to the patient, as a phrase ("her mother").
    pub relation: String,
    /// Age in years, for the portrait (grey hair, an older face); a middle-aged adult when absent.
    #[serde(default)]
    pub age: Option<u32>,
    /// Key of the companion's portrait, drawn beside the patient's while the companion is in the room.
    pub portrait: String,
    /// The feeling the companion's portrait shows until they first speak (neutral when absent).
    #[serde(default)]
    pub start_emotion: Option<Emotion>,
}

/// Who speaks a line, or whom a reply is addressed to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Person {
    /// The patient (the default).
    #[default]
    Patient,
    /// The vignette's companion.
    Companion,
}

impl Person {
    /// The YAML spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Person::Patient => "patient",
            Person::Companion => "companion",
        }
    }

    /// True for the patient: the default, left out of transcripts so older files read the same.
    pub fn is_patient(&self) -> bool {
        *self == Person::Patient
    }
}
