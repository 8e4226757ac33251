//! The assignment as an educator writes it in YAML: which vignettes, in which mode, and what counts as a pass.
//! Only the shape lives here (and so the JSON Schema); `load` checks what the values mean.

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::vignette::model::Outcome;

/// One assignment, as written in its YAML file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignmentFile {
    /// Stable id, lower-case letters, digits and dashes (`diabetes-week-3`); every submission carries it.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Title the student sees.
    pub title: String,
    /// What the student is asked to do, shown before the first vignette.
    pub instructions: String,
    /// Vignette ids (see `alliance list`), played in this order.
    #[schemars(with = "Vec<String>")]
    pub vignettes: Vec<Spanned<String>>,
    /// practice: feedback and the alliance after every reply; assessment: nothing until the end.
    pub mode: AssignmentMode,
    /// Whether the student sees the debrief and the pass/fail verdict after each attempt (default true).
    /// With `false` the student sees only the conversation; the educator still gets everything.
    #[serde(default = "yes")]
    pub show_feedback: bool,
    /// How many attempts a student may make at each vignette (1-10, default 1). A vignette that was
    /// passed is not offered again; a vignette passes when any of its attempts does.
    #[serde(default)]
    #[schemars(with = "Option<u32>", range(min = 1, max = 10))]
    pub attempts_allowed: Option<Spanned<u32>>,
    /// Pass criteria for every vignette (all given must hold).
    #[serde(default)]
    pub pass: CriteriaFile,
    /// Per-vignette criteria, keyed by vignette id; each field given replaces the one in `pass`.
    #[serde(default)]
    #[schemars(with = "std::collections::BTreeMap<String, CriteriaFile>")]
    pub pass_for: HashMap<Spanned<String>, CriteriaFile>,
    /// A Learning Record Store the students' players send each finished attempt's xAPI statements to
    /// (docs/lrs.md). Only the pseudonym names a student there, never a name.
    #[serde(default)]
    pub lrs: Option<LrsFile>,
}

/// Where students' statements go, as written.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LrsFile {
    /// The LRS's xAPI address (`https://lrs.example.edu/xAPI/`); http only for a machine's own loopback.
    #[schemars(with = "String")]
    pub endpoint: Spanned<String>,
    /// What students are asked to use as their pseudonym, shown when they are asked for it (e.g. "the code on
    /// your course card, not your name"). The statements name them by it and by nothing else.
    #[serde(default)]
    pub pseudonym: Option<String>,
}

fn yes() -> bool {
    true
}

/// How the conversations are run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AssignmentMode {
    /// Feedback and the alliance after every reply.
    #[default]
    Practice,
    /// Feedback only in the debrief.
    Assessment,
}

impl AssignmentMode {
    /// `practice` or `assessment`.
    pub fn as_str(self) -> &'static str {
        match self {
            AssignmentMode::Practice => "practice",
            AssignmentMode::Assessment => "assessment",
        }
    }
}

/// Pass criteria as written; every field is optional and all that are given must hold.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CriteriaFile {
    /// The patient's WAI-SR total (12-60) is at least this.
    #[schemars(with = "Option<u32>", range(min = 12, max = 60))]
    pub wai_sr_total_at_least: Option<Spanned<u32>>,
    /// The WAI-SR task subscale (4-20) is at least this.
    #[schemars(with = "Option<u32>", range(min = 4, max = 20))]
    pub wai_sr_task_at_least: Option<Spanned<u32>>,
    /// The WAI-SR bond subscale (4-20) is at least this.
    #[schemars(with = "Option<u32>", range(min = 4, max = 20))]
    pub wai_sr_bond_at_least: Option<Spanned<u32>>,
    /// The WAI-SR goal subscale (4-20) is at least this.
    #[schemars(with = "Option<u32>", range(min = 4, max = 20))]
    pub wai_sr_goal_at_least: Option<Spanned<u32>>,
    /// The patient's empathy meter (0-100: how understood they feel, seed 000) is at least this at the end.
    #[schemars(with = "Option<u32>", range(min = 0, max = 100))]
    pub empathy_at_least: Option<Spanned<u32>>,
    /// `true`: no rupture may be left unrepaired at the end.
    pub no_unrepaired_rupture: Option<bool>,
    /// `true`: every reply is typed in the student's own words; the reply menu is hidden while playing
    /// (docs/typed-replies.md).
    pub typed_replies: Option<bool>,
    /// The consultation must end at this ending (an ending id of the vignette); usually set in `pass_for`.
    #[schemars(with = "Option<String>")]
    pub ending: Option<Spanned<String>>,
    /// The ending's outcome must be this or better (good > mixed > poor).
    pub ending_outcome: Option<Outcome>,
}
