//! The vignette as an educator writes it in YAML: metadata, the patient, nodes, replies and endings.
//! Only the shape lives here; whether the graph makes sense is `check`'s job, and playing it is `engine`'s.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::vignette::BehaviourCode;
pub use crate::vignette::companion::{Companion, Person};

/// A text with the place in the file it came from, so an error can point at it.
pub type Located = Spanned<String>;

/// One scripted consultation, as written in its YAML file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VignetteFile {
    /// Stable id, lower-case with dashes (`diabetes-ambivalence`); a vignette with a shipped id replaces it.
    #[schemars(with = "String")]
    pub id: Located,
    /// Title shown in the library.
    pub title: String,
    /// One line saying what the consultation is about.
    pub summary: String,
    /// Where it happens ("GP surgery, annual diabetes review").
    pub setting: String,
    /// Who it is written for.
    pub audience: Vec<Audience>,
    /// How hard it is.
    pub difficulty: Difficulty,
    /// What a trainee should be able to do afterwards.
    pub learning_objectives: Vec<String>,
    /// The seed files and literature it draws on.
    pub sources: Vec<Source>,
    /// Says that this is training material, not clinical guidance.
    pub disclaimer: String,
    /// Who the trainee is talking with.
    pub patient: Patient,
    /// The id of the vignette this one is a follow-up visit to (docs/authoring.md, "Follow-up visits"): played
    /// after the student's own finished attempt at it, it starts where that attempt ended.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub follows: Option<Located>,
    /// What the patient recalls of the first visit, and how much of its alliance carries over (with `follows`).
    #[serde(default)]
    pub last_time: Option<crate::vignette::last_time::LastTime>,
    /// Someone in the room with the patient who can speak (a parent, a partner); lines with
    /// `speaker: companion` are theirs, replies with `to: companion` are addressed to them.
    #[serde(default)]
    pub companion: Option<Companion>,
    /// Named counters the replies can `set` or `add` to, with their starting values.
    #[serde(default)]
    pub variables: BTreeMap<String, i64>,
    /// The id of the first node.
    #[schemars(with = "String")]
    pub start: Located,
    /// The decision points: a patient turn and the trainee's possible replies.
    pub nodes: Vec<Node>,
    /// How the consultation can end.
    pub endings: Vec<Ending>,
    /// Show every node's replies in the order written, instead of an order drawn from the session's seed
    /// (for a test fixture or a demonstration; `alliance check` lists pinned nodes, since a fixed place for
    /// the best reply is a tell a student learns instead of the skill).
    #[serde(default)]
    pub pin_order: bool,
    /// How this patient reacts to a typed reply that matches no authored reply closely enough, keyed by what
    /// the reply did (a behaviour code, or `unclear`); overrides the rubric's generic reactions.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, PatientTurn>")]
    pub reactions: BTreeMap<ReactionTo, PatientTurn>,
}

/// What a fallback reaction answers: a behaviour code read in a typed reply, or `unclear` (empty input,
/// nonsense, or nothing the classifier could read).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReactionTo {
    /// Nothing readable: the patient asks what the trainee means.
    Unclear,
    /// A reply that did this.
    Code(BehaviourCode),
}

impl ReactionTo {
    /// Every key, `unclear` first, then the codes in vocabulary order.
    pub fn all() -> impl Iterator<Item = ReactionTo> {
        std::iter::once(ReactionTo::Unclear)
            .chain(BehaviourCode::ALL.into_iter().map(ReactionTo::Code))
    }

    /// The YAML spelling: `unclear` or the code's.
    pub fn as_str(self) -> &'static str {
        match self {
            ReactionTo::Unclear => "unclear",
            ReactionTo::Code(c) => c.as_str(),
        }
    }

    /// Parses the YAML spelling.
    pub fn parse(s: &str) -> Option<ReactionTo> {
        if s == "unclear" {
            Some(ReactionTo::Unclear)
        } else {
            BehaviourCode::parse(s).map(ReactionTo::Code)
        }
    }
}

impl<'de> Deserialize<'de> for ReactionTo {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        ReactionTo::parse(&s).ok_or_else(|| {
            let near = crate::diagnostic::nearest(&s, ReactionTo::all().map(ReactionTo::as_str))
                .map(|n| format!(" (did you mean `{n}`?)"))
                .unwrap_or_default();
            serde::de::Error::custom(format!(
                "unknown reaction `{s}`{near}: a reaction is keyed by `unclear` or a behaviour code ({})",
                BehaviourCode::ALL.map(|c| c.as_str()).join(", ")
            ))
        })
    }
}

impl serde::Serialize for ReactionTo {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A professional group the vignette is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Audience {
    Medicine,
    Physiotherapy,
    Nursing,
    OrthoticsProsthetics,
    MentalHealth,
}

impl Audience {
    /// The YAML spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Medicine => "medicine",
            Self::Physiotherapy => "physiotherapy",
            Self::Nursing => "nursing",
            Self::OrthoticsProsthetics => "orthotics_prosthetics",
            Self::MentalHealth => "mental_health",
        }
    }
}

/// How demanding a vignette is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Difficulty {
    Introductory,
    Intermediate,
    Advanced,
}

impl Difficulty {
    /// The YAML spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Introductory => "introductory",
            Self::Intermediate => "intermediate",
            Self::Advanced => "advanced",
        }
    }
}

/// A source the vignette is faithful to.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The seed file in shared/seeds, by name (`000_445d576fc9e97a73.txt`), when there is one.
    #[serde(default)]
    pub seed: Option<String>,
    /// What is drawn from it: the section, or the literature reference.
    pub cite: String,
}

/// The virtual patient.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Patient {
    /// Name as the clinician would use it.
    pub name: String,
    /// Age in years.
    pub age: u32,
    /// Life and history, in a few sentences.
    pub background: String,
    /// What they want from the visit, in their terms.
    pub wants: String,
    /// What they fear.
    pub fears: String,
    /// Key of the portrait a front end draws (expressions vary by emotion).
    pub portrait: String,
    /// The alliance as the consultation opens.
    pub start: StartAlliance,
    /// What the patient knows of their own life, by topic: a typed question about a topic that no written reply
    /// covers gets the answer given here (docs/authoring.md, "What the patient knows").
    #[serde(default)]
    pub facts: Vec<Fact>,
}

/// What the patient says when asked about one topic of their life.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// The topic: a built-in one (alcohol, smoking, drugs, medicines, family, work, sleep, mood, risk,
    /// red_flags, tried, diet, exercise, monitoring, hypos) or one of the author's own, which then needs
    /// `asked_by`.
    #[schemars(with = "String")]
    pub topic: Located,
    /// More words or short phrases that show a question is about this topic, beside the built-in topic's own.
    #[serde(default)]
    pub asked_by: Vec<String>,
    /// The answer to an open question about it, in the patient's voice.
    pub answer: String,
    /// The answer to a closed question ("Do you drink?"); the first sentence of `answer` when not given.
    #[serde(default)]
    pub short: Option<String>,
    /// Below this bond (0-100) the patient gives the `guarded` line instead.
    #[serde(default)]
    pub guarded_below: Option<f64>,
    /// What the patient says about it while the bond is below `guarded_below`.
    #[serde(default)]
    pub guarded: Option<String>,
    /// What the patient does while answering; "answers your question" when not given.
    #[serde(default)]
    pub cue: Option<String>,
    /// The feeling the portrait shows while answering (neutral when not given; guarded for the guarded line).
    #[serde(default)]
    pub emotion: Option<Emotion>,
}

/// Starting values, each 0-100.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StartAlliance {
    /// The affective bond.
    pub bond: f64,
    /// Agreement on goals.
    pub goal: f64,
    /// Agreement on tasks.
    pub task: f64,
    /// How understood the patient feels so far (defaults to 50).
    #[serde(default = "half")]
    pub empathy: f64,
}

fn half() -> f64 {
    50.0
}

/// A decision point.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// Unique within the vignette.
    #[schemars(with = "String")]
    pub id: Located,
    /// Which part of the consultation this is (for the debrief and the map).
    #[serde(default)]
    pub phase: Option<Phase>,
    /// What the patient says here, unless a variant applies.
    pub patient: PatientTurn,
    /// Alternative patient turns, chosen by the alliance state: the first whose `when` holds replaces `patient`.
    #[serde(default)]
    pub variants: Vec<Variant>,
    /// What the trainee may say.
    pub replies: Vec<Reply>,
    /// Show these replies in the order written, where order carries meaning; by default the order shown is
    /// drawn from the session's seed, so the best reply has no fixed place.
    #[serde(default)]
    pub pin_order: bool,
    /// A limit the patient has stated that stands at this decision point, in words ("she won't raise her doses
    /// yet"): advice that overrides it is never heard as invited (rubric rule `overriding-a-stated-limit`).
    #[serde(default)]
    pub limit: Option<String>,
    /// Reactions to an unmatched typed reply at this point, overriding the vignette's and the rubric's.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, PatientTurn>")]
    pub reactions: BTreeMap<ReactionTo, PatientTurn>,
    /// What the patient's cue here is about, so a typed reply that passes over it is read as `ignoring_cue`.
    #[serde(default)]
    pub cue: Option<CueAbout>,
    /// The companion is out of the room at this node (time alone with the patient): no line here is theirs,
    /// no reply here is addressed to them, and the desktop does not draw them.
    #[serde(default)]
    pub alone: bool,
}

/// What a node's cue is about (docs/authoring.md, "Cues"): a typed reply attends to it when it reflects, asks an
/// open question, asks about one of `about`'s words, or matches a reply of `attended_by`; otherwise, unless it
/// already carries a vice, it is read as `ignoring_cue`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CueAbout {
    /// Words or short phrases of the feeling or meaning the patient half-said ("frightened", "end up like her").
    #[serde(default)]
    pub about: Vec<String>,
    /// The written replies that attend to it, by their place among the node's replies (1-based).
    #[serde(default)]
    pub attended_by: Vec<usize>,
}

/// The stages of a consultation in which the alliance is built (docs/authoring.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Phase {
    Opening,
    Story,
    Cue,
    Strain,
    Repair,
    Goals,
    Tasks,
    Closing,
}

/// A patient turn that replaces the node's default when the state says so.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    /// When this variant applies.
    pub when: Condition,
    /// What the patient says instead.
    pub patient: PatientTurn,
}

/// What the patient says and shows.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PatientTurn {
    /// One or more phrasings of the same line; the session's seeded generator picks one.
    pub say: Vec<String>,
    /// What the patient does without words ("avoids eye contact").
    pub cue: String,
    /// The feeling the portrait shows.
    pub emotion: Emotion,
    /// A 3RS rupture marker, if this turn shows a strain in the alliance.
    #[serde(default)]
    pub rupture: Option<RuptureMarker>,
    /// Change or sustain talk (MI), if the line is either.
    #[serde(default)]
    pub talk: Option<Talk>,
    /// Who says it: `patient` (the default) or `companion`, the vignette's second speaker.
    #[serde(default)]
    #[schemars(with = "Option<Person>")]
    pub speaker: Option<Spanned<Person>>,
}

/// The feeling a patient turn shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Emotion {
    Neutral,
    Guarded,
    Anxious,
    Sad,
    Tearful,
    Ashamed,
    Frustrated,
    Angry,
    Relieved,
    Hopeful,
    Engaged,
    Warm,
}

impl Emotion {
    /// The YAML spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Neutral => "neutral",
            Self::Guarded => "guarded",
            Self::Anxious => "anxious",
            Self::Sad => "sad",
            Self::Tearful => "tearful",
            Self::Ashamed => "ashamed",
            Self::Frustrated => "frustrated",
            Self::Angry => "angry",
            Self::Relieved => "relieved",
            Self::Hopeful => "hopeful",
            Self::Engaged => "engaged",
            Self::Warm => "warm",
        }
    }
}

/// A rupture marker from the 3RS coding system (Eubanks, Muran & Safran); its kind follows from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum RuptureMarker {
    // Withdrawal: moving away from the clinician or the work.
    Denial,
    MinimalResponse,
    AbstractCommunication,
    AvoidantTopicShift,
    DeferentialAppeasing,
    ContentAffectSplit,
    SelfCriticismHopelessness,
    // Confrontation: moving against the clinician or the work.
    ComplaintAboutClinician,
    RejectingIntervention,
    ComplaintAboutTreatment,
    ComplaintAboutProgress,
    DefendingSelf,
    ControllingPressuring,
}

/// The two families of rupture in 3RS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuptureKind {
    /// Moving away: minimal answers, topic shifts, appeasing agreement.
    Withdrawal,
    /// Moving against: complaints, rejecting the intervention, defending oneself.
    Confrontation,
}

impl RuptureMarker {
    /// Withdrawal or confrontation.
    pub fn kind(self) -> RuptureKind {
        use RuptureMarker::*;
        match self {
            Denial
            | MinimalResponse
            | AbstractCommunication
            | AvoidantTopicShift
            | DeferentialAppeasing
            | ContentAffectSplit
            | SelfCriticismHopelessness => RuptureKind::Withdrawal,
            _ => RuptureKind::Confrontation,
        }
    }

    /// The YAML spelling.
    pub fn as_str(self) -> &'static str {
        use RuptureMarker::*;
        match self {
            Denial => "denial",
            MinimalResponse => "minimal_response",
            AbstractCommunication => "abstract_communication",
            AvoidantTopicShift => "avoidant_topic_shift",
            DeferentialAppeasing => "deferential_appeasing",
            ContentAffectSplit => "content_affect_split",
            SelfCriticismHopelessness => "self_criticism_hopelessness",
            ComplaintAboutClinician => "complaint_about_clinician",
            RejectingIntervention => "rejecting_intervention",
            ComplaintAboutTreatment => "complaint_about_treatment",
            ComplaintAboutProgress => "complaint_about_progress",
            DefendingSelf => "defending_self",
            ControllingPressuring => "controlling_pressuring",
        }
    }
}

impl RuptureKind {
    /// The YAML spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Withdrawal => "withdrawal",
            Self::Confrontation => "confrontation",
        }
    }
}

/// Motivational-interviewing talk type of a patient line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Talk {
    Change,
    Sustain,
}

/// One reply the trainee may give.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    /// What the trainee says.
    #[schemars(with = "String")]
    pub text: Located,
    /// Other ways of saying the same thing, in other words: a typed reply close to any of them matches this reply
    /// (docs/typed-replies.md). Scored and shown as `text`.
    #[serde(default)]
    pub also: Vec<String>,
    /// What the reply does, from the behaviour-code vocabulary.
    #[schemars(with = "Vec<crate::vignette::BehaviourCode>")]
    pub codes: Vec<Located>,
    /// Why it helps or strains: names the principle and cites the seed. Required.
    #[serde(default)]
    pub feedback: Option<String>,
    /// Authored adjustment on top of the rubric's effect, each component -20..20.
    #[serde(default)]
    pub effects: Effects,
    /// Where the conversation goes next: a node or an ending id. Give `next` or `branches`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub next: Option<Located>,
    /// Conditional destinations, tried in order after the reply is scored; the last should have no `when`.
    #[serde(default)]
    pub branches: Vec<Branch>,
    /// The reply is offered only when this holds.
    #[serde(default)]
    pub when: Option<Condition>,
    /// Offered only once per session.
    #[serde(default)]
    pub once: bool,
    /// Variables to set to a value.
    #[serde(default)]
    pub set: BTreeMap<String, i64>,
    /// Variables to add to.
    #[serde(default)]
    pub add: BTreeMap<String, i64>,
    /// Whom the reply is addressed to: `patient` (the default) or `companion`; recorded in the transcript.
    #[serde(default)]
    #[schemars(with = "Option<Person>")]
    pub to: Option<Spanned<Person>>,
}

/// A conditional destination.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    /// Taken when this holds (always, when absent).
    #[serde(default)]
    pub when: Option<Condition>,
    /// A node or an ending id.
    #[schemars(with = "String")]
    pub to: Located,
}

/// Changes to the alliance, in points on the 0-100 scales.
#[derive(Debug, Default, Clone, Copy, PartialEq, serde::Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Effects {
    /// The affective bond.
    #[serde(default)]
    pub bond: f64,
    /// Agreement on goals.
    #[serde(default)]
    pub goal: f64,
    /// Agreement on tasks.
    #[serde(default)]
    pub task: f64,
    /// How understood the patient feels.
    #[serde(default)]
    pub empathy: f64,
}

/// A test on the session's state. Every field given must hold.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// Bond is at least this.
    #[serde(default)]
    pub bond_at_least: Option<f64>,
    /// Bond is below this.
    #[serde(default)]
    pub bond_below: Option<f64>,
    /// Goal agreement is at least this.
    #[serde(default)]
    pub goal_at_least: Option<f64>,
    /// Goal agreement is below this.
    #[serde(default)]
    pub goal_below: Option<f64>,
    /// Task agreement is at least this.
    #[serde(default)]
    pub task_at_least: Option<f64>,
    /// Task agreement is below this.
    #[serde(default)]
    pub task_below: Option<f64>,
    /// Empathy is at least this.
    #[serde(default)]
    pub empathy_at_least: Option<f64>,
    /// Empathy is below this.
    #[serde(default)]
    pub empathy_below: Option<f64>,
    /// The mean of bond, goal and task is at least this.
    #[serde(default)]
    pub alliance_at_least: Option<f64>,
    /// The mean of bond, goal and task is below this.
    #[serde(default)]
    pub alliance_below: Option<f64>,
    /// A rupture is (true) or is not (false) still unrepaired.
    #[serde(default)]
    pub rupture_open: Option<bool>,
    /// The visit continues (true) or does not continue (false) the student's own attempt at the vignette it
    /// `follows`.
    #[serde(default)]
    pub continued: Option<bool>,
    /// These nodes have been visited.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub visited: Vec<Located>,
    /// These nodes have not been visited.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub not_visited: Vec<Located>,
    /// Each variable is at least the value.
    #[serde(default)]
    pub var_at_least: BTreeMap<String, i64>,
    /// Each variable is below the value.
    #[serde(default)]
    pub var_below: BTreeMap<String, i64>,
}

/// How a consultation can end.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ending {
    /// Unique among nodes and endings.
    #[schemars(with = "String")]
    pub id: Located,
    /// Its name ("Agreed plan").
    pub title: String,
    /// How good an outcome it is for the alliance.
    pub outcome: Outcome,
    /// What it means for the patient and what usually follows.
    pub meaning: String,
    /// The patient's last words.
    pub patient: PatientTurn,
    /// The companion is out of the room as the consultation ends (as a node's `alone`).
    #[serde(default)]
    pub alone: bool,
}

/// Ranks the endings; a vignette's best path must be able to reach a `good` one.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Disengaged, likely to drop out.
    Poor,
    /// Partial engagement.
    Mixed,
    /// An agreed plan the patient owns.
    Good,
}

impl Outcome {
    /// The YAML spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Poor => "poor",
            Self::Mixed => "mixed",
            Self::Good => "good",
        }
    }
}
