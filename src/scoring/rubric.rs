//! The rubric file: each behaviour code's default effect and the context rules that change it.
//! Loaded from dialogues/rubric.yaml (embedded) or an educator's copy; checked so every code has an effect.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::scoring::apply::code_bit;

use crate::diagnostic::{Diagnostic, parse_yaml};
use crate::vignette::BehaviourCode;
use crate::vignette::model::{Effects, PatientTurn, Phase, ReactionTo, Talk};

/// The shipped rubric's text, built into the binary.
pub const SHIPPED: &str = include_str!("../../dialogues/rubric.yaml");

/// The scoring rubric.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    /// Format version (1).
    pub version: u32,
    /// Default effect of each code.
    pub codes: BTreeMap<BehaviourCode, Effects>,
    /// Context rules, applied in order.
    pub rules: Vec<Rule>,
    /// Fraction at which non-repairing gains count while a rupture is open.
    pub open_rupture_gain: f64,
    /// Fraction at which gains count for each typed reply in a row that matched nothing at one decision point.
    #[serde(default = "half")]
    pub stalled_gain: f64,
    /// In each component, the largest gain among a reply's codes counts in full and each further code's gain at
    /// this fraction, so stacking codes does not reward length (1 adds them all up).
    #[serde(default = "one")]
    pub further_gains: f64,
    /// Debrief thresholds.
    pub moments: Moments,
    /// MITI summary thresholds.
    pub miti: MitiThresholds,
    /// Generic reactions to unmatched typed replies, for every code and `unclear` (an educator's rubric
    /// without this section gets the shipped ones).
    #[serde(default)]
    pub reactions: BTreeMap<ReactionTo, Reaction>,
    /// How each WAI-SR item moves from its subscale's rating for the events that bear on it (an educator's
    /// rubric without this section gets the shipped ones).
    #[serde(default)]
    pub wai_sr: Vec<WaiSrItem>,
}

/// One WAI-SR item as the simulated patient rates it: its subscale's rating, one point up for what builds it,
/// one down for what undermines it (docs/scoring.md lists every item).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaiSrItem {
    /// The item number, 1-12.
    pub item: usize,
    /// What the item asks the patient, paraphrased.
    pub asks: String,
    /// A code among these anywhere in the session raises the rating by one.
    #[serde(default)]
    pub raised_by: Vec<BehaviourCode>,
    /// A code among these anywhere in the session lowers it by one.
    #[serde(default)]
    pub lowered_by: Vec<BehaviourCode>,
    /// None of these anywhere in the session lowers it by one (what the item asks about never happened).
    #[serde(default)]
    pub lowered_without: Vec<BehaviourCode>,
}

/// A generic patient reaction to an unmatched typed reply, and the principle its feedback names.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reaction {
    /// The principle the reply showed or broke, with its source.
    pub principle: String,
    /// What the patient says and shows.
    pub patient: PatientTurn,
}

/// A context rule: when its conditions hold, its effects add to the reply's.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable id shown in transcripts.
    pub id: String,
    /// Why, with the source, shown in feedback.
    pub explain: String,
    /// This reply has at least one of these codes.
    #[serde(default)]
    pub reply_has_any: Vec<BehaviourCode>,
    /// This reply has none of these codes.
    #[serde(default)]
    pub reply_has_none: Vec<BehaviourCode>,
    /// This reply or one of the `within` before it has one of these.
    #[serde(default)]
    pub recent_has_any: Vec<BehaviourCode>,
    /// Neither this reply nor the `within` before it has any of these.
    #[serde(default)]
    pub recent_has_none: Vec<BehaviourCode>,
    /// How many earlier replies count as recent.
    #[serde(default)]
    pub within: usize,
    /// No earlier reply in the session had any of these.
    #[serde(default)]
    pub session_has_none: Vec<BehaviourCode>,
    /// A rupture is (or is not) open.
    #[serde(default)]
    pub rupture_open: Option<bool>,
    /// The patient's last line was this talk type.
    #[serde(default)]
    pub after_talk: Option<Talk>,
    /// Added to the reply's effect.
    #[serde(default)]
    pub effects: Effects,
    /// Repairs an open rupture by one step.
    #[serde(default)]
    pub repairs: bool,
    /// Makes an open rupture one step harder to repair.
    #[serde(default)]
    pub deepens: bool,
    /// The phase of the decision point (`story`: the patient is still telling it).
    #[serde(default)]
    pub phase: Option<Phase>,
    /// The patient has (or has not) stated a limit that stands at this decision point (the node's `limit:`).
    #[serde(default)]
    pub limit_stated: Option<bool>,
    /// Codes of any of the `within` replies before this one (not this one): "a second closed question in a row".
    #[serde(default)]
    pub before_has_any: Vec<BehaviourCode>,
    /// While this rule fires, the gains (positive effects) of the reply's codes count at this fraction: a vice
    /// in the reply is not cancelled by a virtue beside it (MITI 4.2.1 codes such a reply non-adherent).
    #[serde(default)]
    pub code_gains: Option<f64>,
}

/// What the debrief calls strained and strengthened.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Moments {
    /// A component change at or below this is a strain.
    pub strained_at: f64,
    /// A component change at or above this is a strengthening.
    pub strengthened_at: f64,
    /// A reply whose value (`reply_value`) is within this of the best on offer counts as good as the best: the
    /// debrief shows a better reply only when it was better by more.
    #[serde(default = "one")]
    pub as_good_as_best_within: f64,
}

/// Fair and good levels of the MITI summary scores.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MitiThresholds {
    /// Reflections per question.
    pub reflection_to_question: FairGood,
    /// Complex reflections as a percentage of all reflections.
    pub percent_complex_reflections: FairGood,
}

/// A fair and a good level.
#[derive(Debug, Clone, Copy, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FairGood {
    /// Fair from here.
    pub fair: f64,
    /// Good from here.
    pub good: f64,
}

fn half() -> f64 {
    0.5
}

fn one() -> f64 {
    1.0
}

impl Rubric {
    /// The rubric built into the binary. Its validity is asserted by the test suite.
    pub fn shipped() -> Rubric {
        // The embedded file is checked by tests/rubric.rs; a broken one cannot ship.
        Self::parse("<shipped>/rubric.yaml", SHIPPED).expect("the shipped rubric is valid")
    }

    /// Parses and checks a rubric file: every code must have an effect.
    // A diagnostic is built once per file, on the error path only: boxing it would buy nothing.
    #[allow(clippy::result_large_err)]
    pub fn parse(file: &str, source: &str) -> Result<Rubric, Diagnostic> {
        let mut rubric: Rubric = parse_yaml(file, source)?;
        if rubric.reactions.is_empty() && source != SHIPPED {
            rubric.reactions = Self::shipped().reactions;
        }
        let no_reaction: Vec<&str> = ReactionTo::all()
            .filter(|k| {
                rubric.reactions.get(k).is_none_or(|r| {
                    r.patient.say.is_empty() || r.patient.say.iter().any(|s| s.trim().is_empty())
                })
            })
            .map(ReactionTo::as_str)
            .collect();
        if !no_reaction.is_empty() {
            return Err(Diagnostic::error("A003", file, source, 0, 0)
                .message(format!(
                    "the rubric gives no patient reaction (or an empty `say`) for: {}",
                    no_reaction.join(", ")
                ))
                .hint("add an entry under `reactions:` for each, e.g. `affirm: { principle: \"...\", patient: { say: [\"Thanks.\"], cue: \"smiles\", emotion: relieved } }`"));
        }
        if rubric.wai_sr.is_empty() && source != SHIPPED {
            rubric.wai_sr = Self::shipped().wai_sr;
        }
        let mut numbers: Vec<usize> = rubric.wai_sr.iter().map(|i| i.item).collect();
        numbers.sort_unstable();
        if numbers != (1..=12).collect::<Vec<_>>() {
            return Err(Diagnostic::error("A003", file, source, 0, 0)
                .message(format!(
                    "`wai_sr` must give items 1 to 12, each once; it gives {numbers:?}"
                ))
                .hint("one entry per WAI-SR item: `- { item: 1, asks: \"...\", raised_by: [summarise] }`"));
        }
        let missing: Vec<&str> = BehaviourCode::ALL
            .iter()
            .filter(|c| !rubric.codes.contains_key(c))
            .map(|c| c.as_str())
            .collect();
        if !missing.is_empty() {
            return Err(Diagnostic::error("A003", file, source, 0, 0)
                .message(format!("the rubric gives no effect for: {}", missing.join(", ")))
                .hint("add a line under `codes:` for each, e.g. `affirm: { bond: 4, goal: 0, task: 0, empathy: 3 }`"));
        }
        let fractions = std::iter::once(("further_gains", rubric.further_gains)).chain(
            rubric
                .rules
                .iter()
                .filter_map(|r| r.code_gains.map(|g| (r.id.as_str(), g))),
        );
        for (what, f) in fractions {
            if !(0.0..=1.0).contains(&f) {
                return Err(Diagnostic::error("A018", file, source, 0, 0)
                    .message(format!(
                        "`{what}`: a fraction of a gain must be between 0 and 1, not {f}"
                    ))
                    .hint("1 keeps the gains whole, 0 cancels them; see docs/scoring.md"));
            }
        }
        Ok(rubric)
    }

    /// The rule with this id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The codes some rule looks for among earlier replies, as a set (`code_bit`): only these in the last
    /// `window()` replies can change a score, so the session's future key and the interval walk keep only them.
    pub fn recent_mask(&self) -> u32 {
        let bits = |codes: &[BehaviourCode]| codes.iter().fold(0u32, |a, c| a | code_bit(*c));
        self.rules.iter().fold(0, |a, r| {
            a | bits(&r.recent_has_any) | bits(&r.recent_has_none) | bits(&r.before_has_any)
        })
    }

    /// The codes some rule looks for anywhere earlier in the session, as a set (`code_bit`).
    pub fn session_mask(&self) -> u32 {
        self.rules.iter().fold(0, |a, r| {
            a | r
                .session_has_none
                .iter()
                .fold(0u32, |b, c| b | code_bit(*c))
        })
    }

    /// The codes some WAI-SR item looks for anywhere in the session, as a set (`code_bit`): they change how the
    /// patient rates the alliance at the end, not how a reply scores.
    pub fn wai_sr_mask(&self) -> u32 {
        let bits = |codes: &[BehaviourCode]| codes.iter().fold(0u32, |a, c| a | code_bit(*c));
        self.wai_sr.iter().fold(0, |a, i| {
            a | bits(&i.raised_by) | bits(&i.lowered_by) | bits(&i.lowered_without)
        })
    }

    /// How many earlier replies any rule looks back at.
    pub fn window(&self) -> usize {
        self.rules.iter().map(|r| r.within).max().unwrap_or(0)
    }
}
