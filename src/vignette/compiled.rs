//! The vignette as the engine plays it: ids resolved to indices, codes parsed, positions kept for errors.
//! Built by `compile` from a `VignetteFile` that passed its checks; never built by hand elsewhere.

use std::collections::BTreeMap;

use crate::vignette::model::{
    Audience, Difficulty, Effects, Emotion, Outcome, Person, Phase, ReactionTo, RuptureMarker, Talk,
};
use crate::vignette::{AllianceState, BehaviourCode};

/// A place in the source file (1-based line and column).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pos {
    /// Line.
    pub line: u64,
    /// Column.
    pub column: u64,
}

/// Where a vignette came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file as the user named it, or `<shipped>/name.yaml`.
    pub file: String,
    /// Built into the binary.
    pub shipped: bool,
}

/// A playable vignette.
#[derive(Debug, Clone)]
pub struct Vignette {
    /// Stable id.
    pub id: String,
    /// Where the id is written.
    pub id_pos: Pos,
    /// Title.
    pub title: String,
    /// One-line summary.
    pub summary: String,
    /// Where the consultation happens.
    pub setting: String,
    /// Who it is for.
    pub audience: Vec<Audience>,
    /// How hard it is.
    pub difficulty: Difficulty,
    /// What a trainee should be able to do afterwards.
    pub learning_objectives: Vec<String>,
    /// (seed file, citation) pairs.
    pub sources: Vec<(Option<String>, String)>,
    /// The training-material note.
    pub disclaimer: String,
    /// The patient.
    pub patient: PatientInfo,
    /// The vignette this one is a follow-up visit to, and where `follows:` is written.
    pub follows: Option<(String, Pos)>,
    /// What a continued visit takes from the first (`last_time:`).
    pub last_time: Option<crate::vignette::last_time::LastTime>,
    /// The second speaker in the room, if the vignette has one.
    pub companion: Option<CompanionInfo>,
    /// Variable names (index = variable id) and starting values.
    pub variables: Vec<(String, i64)>,
    /// Index of the first node.
    pub start: usize,
    /// Decision points.
    pub nodes: Vec<Node>,
    /// Endings.
    pub endings: Vec<Ending>,
    /// The patient's own reactions to unmatched typed replies (over the rubric's generic ones).
    pub reactions: BTreeMap<ReactionTo, Turn>,
    /// Where it came from.
    pub origin: Origin,
}

/// The patient, as the library and the conversation screen show them.
#[derive(Debug, Clone)]
pub struct PatientInfo {
    /// Name.
    pub name: String,
    /// Age in years.
    pub age: u32,
    /// Background.
    pub background: String,
    /// What they want from the visit.
    pub wants: String,
    /// What they fear.
    pub fears: String,
    /// Portrait key.
    pub portrait: String,
    /// The alliance as the consultation opens.
    pub start: AllianceState,
    /// What the patient knows of their own life, by topic.
    pub facts: Vec<Fact>,
}

/// One topic of the patient's life and what they say when asked about it (`facts:`).
#[derive(Debug, Clone)]
pub struct Fact {
    /// The topic's name.
    pub topic: String,
    /// The words and phrases that mark a question as being about it, lower-case: the built-in topic's and the
    /// author's `asked_by`.
    pub words: Vec<String>,
    /// The answer to an open question.
    pub answer: String,
    /// The answer to a closed question.
    pub short: String,
    /// Below this bond the guarded line is given instead (with the line).
    pub guarded: Option<(f64, String)>,
    /// What the patient does while answering.
    pub cue: String,
    /// The feeling shown while answering.
    pub emotion: Emotion,
}

/// The companion, as the conversation screen shows them.
#[derive(Debug, Clone)]
pub struct CompanionInfo {
    /// Name.
    pub name: String,
    /// Who they are to the patient ("her mother").
    pub relation: String,
    /// Age in years, for the portrait.
    pub age: u32,
    /// Portrait key.
    pub portrait: String,
    /// The feeling their portrait shows until they first speak.
    pub start_emotion: Emotion,
}

/// A decision point.
#[derive(Debug, Clone)]
pub struct Node {
    /// Id.
    pub id: String,
    /// Where the id is written.
    pub pos: Pos,
    /// Consultation phase, when given.
    pub phase: Option<Phase>,
    /// The default patient turn.
    pub patient: Turn,
    /// State-dependent alternatives; the first that holds wins.
    pub variants: Vec<(Condition, Turn)>,
    /// The replies.
    pub replies: Vec<Reply>,
    /// The replies are shown in the order written (the node's or the vignette's `pin_order`), not in the
    /// session's seeded order.
    pub pinned: bool,
    /// A limit the patient has stated that stands here (`limit:`), in words.
    pub limit: Option<String>,
    /// Reactions to unmatched typed replies at this point (over the vignette's).
    pub reactions: BTreeMap<ReactionTo, Turn>,
    /// What the patient's cue here is about, when the author said.
    pub cue: Option<Cue>,
    /// The companion is out of the room here.
    pub alone: bool,
}

/// What a node's cue is about, compiled: its words lower-cased, the replies that attend to it by index.
#[derive(Debug, Clone, Default)]
pub struct Cue {
    /// Words or phrases of the cue, lower-case.
    pub about: Vec<String>,
    /// Indices (0-based) of the written replies that attend to it.
    pub attended_by: Vec<usize>,
}

/// What the patient says and shows.
#[derive(Debug, Clone)]
pub struct Turn {
    /// Phrasings.
    pub say: Vec<String>,
    /// Nonverbal cue.
    pub cue: String,
    /// Emotion.
    pub emotion: Emotion,
    /// 3RS marker, if any.
    pub rupture: Option<RuptureMarker>,
    /// Change or sustain talk.
    pub talk: Option<Talk>,
    /// Who says it.
    pub speaker: Person,
}

/// A trainee reply.
#[derive(Debug, Clone)]
pub struct Reply {
    /// What the trainee says.
    pub text: String,
    /// Other phrasings the typed-reply matcher accepts for it.
    pub also: Vec<String>,
    /// Where it is written.
    pub pos: Pos,
    /// Behaviour codes.
    pub codes: Vec<BehaviourCode>,
    /// Feedback naming the principle.
    pub feedback: String,
    /// Authored adjustment.
    pub effects: Effects,
    /// Destinations in order; the first whose condition holds is taken.
    pub dest: Vec<(Option<Condition>, Target, Pos)>,
    /// Offered only when this holds.
    pub when: Option<Condition>,
    /// Offered once per session.
    pub once: bool,
    /// (variable, value) to set.
    pub set: Vec<(usize, i64)>,
    /// (variable, amount) to add.
    pub add: Vec<(usize, i64)>,
    /// Whom it is addressed to.
    pub to: Person,
}

/// Where a reply leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A node, by index.
    Node(usize),
    /// An ending, by index.
    Ending(usize),
}

/// An ending.
#[derive(Debug, Clone)]
pub struct Ending {
    /// Id.
    pub id: String,
    /// Where the id is written.
    pub pos: Pos,
    /// Name.
    pub title: String,
    /// How good an outcome.
    pub outcome: Outcome,
    /// What it means.
    pub meaning: String,
    /// The patient's last words.
    pub patient: Turn,
    /// The companion is out of the room as it ends.
    pub alone: bool,
}

/// A resolved condition on the session's state.
#[derive(Debug, Clone, Default)]
pub struct Condition {
    /// (component, lower bound inclusive, upper bound exclusive) tests.
    pub ranges: Vec<(Measure, Option<f64>, Option<f64>)>,
    /// Rupture open or not.
    pub rupture_open: Option<bool>,
    /// The visit continues the student's attempt at the vignette it follows, or not.
    pub continued: Option<bool>,
    /// Node indices that must have been visited.
    pub visited: Vec<usize>,
    /// Node indices that must not have been visited.
    pub not_visited: Vec<usize>,
    /// (variable, at least).
    pub var_at_least: Vec<(usize, i64)>,
    /// (variable, below).
    pub var_below: Vec<(usize, i64)>,
}

/// What a range test looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Bond.
    Bond,
    /// Goal.
    Goal,
    /// Task.
    Task,
    /// Empathy.
    Empathy,
    /// Mean of bond, goal and task.
    Alliance,
}

impl Vignette {
    /// The name of who speaks a line: the patient's, or the companion's (the patient's when there is none).
    pub fn name_of(&self, who: Person) -> &str {
        match (who, &self.companion) {
            (Person::Companion, Some(c)) => &c.name,
            _ => &self.patient.name,
        }
    }

    /// Looks up a node index by id.
    pub fn node_index(&self, id: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.id == id)
    }
}
