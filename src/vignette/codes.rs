//! The behaviour-code vocabulary: what a trainee reply *does*.
//! MITI 4.2.1 behaviours plus the seeds' own; the rubric (dialogues/rubric.yaml) says what each one is worth.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One thing a reply does, from a fixed vocabulary an educator can look up in docs/scoring.md.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum BehaviourCode {
    /// MITI: a question that invites a wide range of answers ("What brings you in today?").
    OpenQuestion,
    /// MITI: a question answerable with yes/no or a fact.
    ClosedQuestion,
    /// MITI: repeats or rephrases what the patient said, adding little.
    SimpleReflection,
    /// MITI: adds meaning or feeling the patient implied ("You are afraid your family would be left alone").
    ComplexReflection,
    /// MITI: states something positive about the patient's strengths or efforts.
    Affirm,
    /// MITI: invites the patient's ideas, shares power ("Are there things we could change?").
    SeekingCollaboration,
    /// MITI: says the choice is the patient's.
    EmphasizingAutonomy,
    /// MITI: gives information neutrally.
    GivingInformation,
    /// MITI: tries to change the patient's mind by argument, advice or warning, unasked.
    Persuade,
    /// MITI: persuades only after asking, or with explicit room to disagree.
    PersuadeWithPermission,
    /// MITI: disagrees, corrects, shames, argues.
    Confront,
    /// Seed 000 (Ask-Listen-Summarise-Invite): gathers what the patient said into a summary.
    Summarise,
    /// Seed 000: asks before offering information or advice ("Would it be all right if…").
    AskPermission,
    /// Seeds 000/001: asks what the patient hopes for, before options are given.
    ElicitGoals,
    /// Seed 000 (Elliott): communicates understanding tentatively and invites correction.
    InviteCorrection,
    /// 3RS repair: names the strain, takes the clinician's part in it.
    AcknowledgeStrain,
    /// Seed 000: reassures before the worry is understood ("Don't worry, that won't happen").
    PrematureReassurance,
    /// Seed 000: clinical terms the patient was not given (A1c, titration) without explanation.
    UnexplainedJargon,
    /// Seed 000/004: passes over a feeling or worry the patient half-said, for facts.
    IgnoringCue,
    /// Seeds 000/003: judges the patient ("You need to take this seriously").
    Judging,
    /// A question the clinical situation requires (thoughts of suicide, a severe hypo, red flags); code its form
    /// (open or closed) beside it. Asked with a reason or with permission it is care, not a missed cue.
    ClinicalQuestion,
}

impl BehaviourCode {
    /// Every code, in the order of the vocabulary.
    pub const ALL: [BehaviourCode; 21] = [
        Self::OpenQuestion,
        Self::ClosedQuestion,
        Self::SimpleReflection,
        Self::ComplexReflection,
        Self::Affirm,
        Self::SeekingCollaboration,
        Self::EmphasizingAutonomy,
        Self::GivingInformation,
        Self::Persuade,
        Self::PersuadeWithPermission,
        Self::Confront,
        Self::Summarise,
        Self::AskPermission,
        Self::ElicitGoals,
        Self::InviteCorrection,
        Self::AcknowledgeStrain,
        Self::PrematureReassurance,
        Self::UnexplainedJargon,
        Self::IgnoringCue,
        Self::Judging,
        Self::ClinicalQuestion,
    ];

    /// The code as written in YAML (`complex_reflection`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OpenQuestion => "open_question",
            Self::ClosedQuestion => "closed_question",
            Self::SimpleReflection => "simple_reflection",
            Self::ComplexReflection => "complex_reflection",
            Self::Affirm => "affirm",
            Self::SeekingCollaboration => "seeking_collaboration",
            Self::EmphasizingAutonomy => "emphasizing_autonomy",
            Self::GivingInformation => "giving_information",
            Self::Persuade => "persuade",
            Self::PersuadeWithPermission => "persuade_with_permission",
            Self::Confront => "confront",
            Self::Summarise => "summarise",
            Self::AskPermission => "ask_permission",
            Self::ElicitGoals => "elicit_goals",
            Self::InviteCorrection => "invite_correction",
            Self::AcknowledgeStrain => "acknowledge_strain",
            Self::PrematureReassurance => "premature_reassurance",
            Self::UnexplainedJargon => "unexplained_jargon",
            Self::IgnoringCue => "ignoring_cue",
            Self::Judging => "judging",
            Self::ClinicalQuestion => "clinical_question",
        }
    }

    /// Parses the YAML spelling; `None` for anything outside the vocabulary.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// A reflection of either depth (MITI counts both toward the reflection-to-question ratio).
    pub fn is_reflection(self) -> bool {
        matches!(self, Self::SimpleReflection | Self::ComplexReflection)
    }

    /// A question of either kind.
    pub fn is_question(self) -> bool {
        matches!(self, Self::OpenQuestion | Self::ClosedQuestion)
    }
}

impl std::fmt::Display for BehaviourCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
