//! The transcript: everything that happened in one attempt, journaled after every turn.
//! A versioned JSON shape (`alliance.transcript/2`; `/1` still reads); the debrief is computed from it alone.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::engine::Mode;
use crate::engine::typed::TypedReading;
use crate::scoring::AllianceState;
use crate::vignette::BehaviourCode;
use crate::vignette::model::{Effects, Emotion, Outcome, Person, RuptureKind, RuptureMarker, Talk};

/// The format tag written into every transcript. `/2` records the number each chosen reply was shown as
/// (`TurnRecord::shown_as`), since replies are shown in a seeded order; `/1` files, whose replies were shown
/// as written, still read and resume (docs/debrief.md).
pub const FORMAT: &str = "alliance.transcript/2";

/// The transcript formats this version reads.
pub const READABLE: [&str; 2] = ["alliance.transcript/1", FORMAT];

/// One attempt at one vignette.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transcript {
    /// `alliance.transcript/2` (or `/1` in a file written before replies were shown in a seeded order).
    pub format: String,
    /// Vignette id.
    pub vignette_id: String,
    /// Vignette title.
    pub vignette_title: String,
    /// Patient name.
    pub patient_name: String,
    /// The second speaker in the room, when the vignette has one (absent in older transcripts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub companion: Option<CompanionRecord>,
    /// The seed that chose the patient's phrasings.
    pub seed: u64,
    /// Practice or assessment (`"practice"` or `"assessment"` in the file; any other word is an error).
    pub mode: Mode,
    /// in_progress, finished or abandoned.
    pub status: Status,
    /// Seconds since the Unix epoch when the attempt started (0 in golden tests).
    pub started_at: u64,
    /// Seconds since the Unix epoch of the last save.
    pub updated_at: u64,
    /// The alliance before the first reply.
    pub start: AllianceState,
    /// The patient's opening line.
    pub opening: PatientLine,
    /// Every reply, in order.
    pub turns: Vec<TurnRecord>,
    /// Every rupture, repaired or not.
    pub ruptures: Vec<RuptureRecord>,
    /// The ending, once reached.
    pub ending: Option<EndingRecord>,
    /// For a follow-up visit that continued the student's own attempt at the first: which attempt, how it ended
    /// and what carried over. Absent when the visit was played from its own `start:` (and in older files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continued: Option<crate::engine::continuation::Continued>,
    /// For a follow-up visit (`follows:`): the id of the visit it follows, whether it continued an attempt there
    /// (`continued`) or started fresh from its own `start:`, so a class report and an LRS can tell the two apart
    /// without the vignette. Absent for any other vignette (and in files written before it was recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follows: Option<String>,
    /// Set when the attempt was started by "replay from here" on an earlier one (absent otherwise, so files
    /// written before it existed read the same).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replay_of: Option<ReplayOf>,
}

/// Where a replayed attempt came from: the earlier attempt (by when it started) and the turn it was replayed
/// from, so the history can mark it as a replay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplayOf {
    /// Seconds since the Unix epoch when the earlier attempt started (0 if unknown).
    pub started_at: u64,
    /// The turn the student chose again from (the earlier replies up to it were replayed as given).
    pub from_turn: u32,
}

// The mode is written as its word, so the JSON is the same as when the field was a string. The impls live here,
// beside the one field that stores a mode, rather than on the enum in `session.rs`.
impl Serialize for Mode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Mode {
    /// An unknown word is an error (the loader adds the file, line and column), never a silent practice.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Mode, D::Error> {
        let word = String::deserialize(d)?;
        Mode::parse(&word).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown mode `{word}`: a transcript's mode is `practice` or `assessment`"
            ))
        })
    }
}

/// The companion, as transcripts and debriefs name them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompanionRecord {
    /// Name.
    pub name: String,
    /// Who they are to the patient ("her mother").
    pub relation: String,
}

/// Where an attempt stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Still being played (or the program was killed mid-session: it can be resumed).
    InProgress,
    /// An ending was reached.
    Finished,
    /// The trainee quit before an ending.
    Abandoned,
}

/// A patient line as shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatientLine {
    /// The node (or ending) id it belongs to.
    pub node: String,
    /// The words.
    pub text: String,
    /// Nonverbal cue.
    pub cue: String,
    /// Emotion.
    pub emotion: Emotion,
    /// 3RS marker, if the line shows a strain.
    pub rupture: Option<RuptureMarker>,
    /// Change or sustain talk.
    pub talk: Option<Talk>,
    /// Who said it: the patient (left out of the file) or the companion.
    #[serde(default, skip_serializing_if = "Person::is_patient")]
    pub speaker: Person,
    /// The companion was out of the room (only in a vignette with a companion; left out when false).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub alone: bool,
}

/// One trainee reply and what it did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TurnRecord {
    /// 1-based turn number.
    pub turn: u32,
    /// The node the reply was given at.
    pub node: String,
    /// The index among the node's authored replies of the reply given, or of the one a typed reply was matched
    /// to (0-based; stable across replays); `None` for a typed reply that matched none.
    pub reply_index: Option<usize>,
    /// What the trainee said.
    pub said: String,
    /// Its behaviour codes.
    pub codes: Vec<BehaviourCode>,
    /// The authored feedback.
    pub feedback: String,
    /// Context rules that fired, with their explanation.
    pub rules: Vec<RuleFired>,
    /// The change to the alliance (after clamping to 0-100).
    pub delta: Effects,
    /// The alliance after the reply.
    pub after: AllianceState,
    /// This reply repaired a rupture (fully or by one step).
    pub repaired: bool,
    /// This reply deepened an open rupture.
    pub deepened: bool,
    /// The patient's reaction: the next line, or the ending's last words.
    pub reaction: PatientLine,
    /// The best-scoring reply that was on offer, when it was not this one.
    pub better: Option<Alternative>,
    /// For a reply the trainee typed: how it was read and matched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typed: Option<TypedReading>,
    /// The 1-based number the chosen reply was shown as (the order shown is seeded); `None` for a typed reply
    /// and in `/1` transcripts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shown_as: Option<usize>,
    /// Whom the reply was addressed to: the patient (left out of the file) or the companion.
    #[serde(default, skip_serializing_if = "Person::is_patient")]
    pub to: Person,
}

/// A context rule that changed a reply's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleFired {
    /// Rule id.
    pub id: String,
    /// Its explanation.
    pub explain: String,
}

/// A reply that was available and would have scored better.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alternative {
    /// Its words.
    pub said: String,
    /// Its codes.
    pub codes: Vec<BehaviourCode>,
    /// Its feedback.
    pub feedback: String,
    /// What it would have done to the alliance.
    pub delta: Effects,
}

/// A rupture in the alliance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuptureRecord {
    /// The 3RS marker.
    pub marker: RuptureMarker,
    /// Withdrawal or confrontation.
    pub kind: RuptureKind,
    /// The turn whose reply provoked it (0 when present from the opening).
    pub turn: u32,
    /// The patient's words that showed it.
    pub patient_said: String,
    /// The turn that repaired it, if any.
    pub repaired_at: Option<u32>,
}

/// The ending reached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EndingRecord {
    /// Ending id.
    pub id: String,
    /// Name.
    pub title: String,
    /// good, mixed or poor.
    pub outcome: Outcome,
    /// What it means.
    pub meaning: String,
    /// Why this ending and not one the reply could have led to first, in words: each earlier branch's
    /// conditions that did not hold, with the values found ("“Agreed plan” needs agreement on goals at least
    /// 55: it was 54"). Empty when the reply led here unconditionally.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decided_by: Vec<String>,
}

impl Transcript {
    /// The alliance now: after the last reply, or at the start.
    pub fn current(&self) -> AllianceState {
        self.turns.last().map_or(self.start, |t| t.after)
    }

    /// The name of who speaks a line: the patient's, or the companion's (the patient's when there is none).
    pub fn name_of(&self, who: Person) -> &str {
        match (who, &self.companion) {
            (Person::Companion, Some(c)) => &c.name,
            _ => &self.patient_name,
        }
    }

    /// Ruptures still open.
    pub fn unrepaired(&self) -> impl Iterator<Item = &RuptureRecord> {
        self.ruptures.iter().filter(|r| r.repaired_at.is_none())
    }
}
