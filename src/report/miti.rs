//! The MITI 4.2.1 style summary of the trainee's replies: counts, ratios, and fair/good levels.
//! Counting only; the thresholds come from the rubric file.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::TurnRecord;
use crate::scoring::rubric::{FairGood, MitiThresholds};
use crate::vignette::BehaviourCode;

/// Where a summary score stands against the published thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Below fair.
    BelowFair,
    /// At least fair.
    Fair,
    /// At least good.
    Good,
    /// Not computable (e.g. no questions asked).
    NotApplicable,
}

impl Level {
    /// Words for the level.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::BelowFair => "below fair",
            Level::Fair => "fair",
            Level::Good => "good",
            Level::NotApplicable => "n/a",
        }
    }
}

/// Behaviour counts and MITI summary scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MitiSummary {
    /// How often each code was used (codes never used are left out).
    pub counts: BTreeMap<BehaviourCode, u32>,
    /// Reflections per question (`None` when no question was asked).
    pub reflection_to_question: Option<f64>,
    /// Against the fair/good thresholds.
    pub reflection_to_question_level: Level,
    /// Complex reflections as % of reflections (`None` without reflections).
    pub percent_complex_reflections: Option<f64>,
    /// Against the fair/good thresholds.
    pub percent_complex_reflections_level: Level,
    /// Open questions as % of questions.
    pub percent_open_questions: Option<f64>,
    /// MI-adherent: affirm + seeking collaboration + emphasizing autonomy.
    pub mi_adherent: u32,
    /// MI-non-adherent: persuade + confront (judging counts as confront).
    pub mi_non_adherent: u32,
    /// The thresholds used.
    pub thresholds: Thresholds,
}

/// Fair/good thresholds, copied into the summary so a reader can see what was applied.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    /// R:Q.
    pub reflection_to_question: FairGood,
    /// %CR.
    pub percent_complex_reflections: FairGood,
}

impl MitiSummary {
    /// Counts the codes of `turns`.
    pub fn of(turns: &[TurnRecord], t: &MitiThresholds) -> MitiSummary {
        let mut counts = BTreeMap::new();
        for c in turns.iter().flat_map(|t| &t.codes) {
            *counts.entry(*c).or_insert(0u32) += 1;
        }
        let n = |c: BehaviourCode| counts.get(&c).copied().unwrap_or(0);
        use BehaviourCode::*;
        let reflections = n(SimpleReflection) + n(ComplexReflection);
        let questions = n(OpenQuestion) + n(ClosedQuestion);
        let ratio = |a: u32, b: u32| (b > 0).then(|| round2(f64::from(a) / f64::from(b)));
        let rq = ratio(reflections, questions);
        let cr = ratio(n(ComplexReflection) * 100, reflections);
        MitiSummary {
            reflection_to_question: rq,
            reflection_to_question_level: level(rq, t.reflection_to_question),
            percent_complex_reflections: cr,
            percent_complex_reflections_level: level(cr, t.percent_complex_reflections),
            percent_open_questions: ratio(n(OpenQuestion) * 100, questions),
            mi_adherent: n(Affirm) + n(SeekingCollaboration) + n(EmphasizingAutonomy),
            mi_non_adherent: n(Persuade) + n(Confront) + n(Judging),
            thresholds: Thresholds {
                reflection_to_question: t.reflection_to_question,
                percent_complex_reflections: t.percent_complex_reflections,
            },
            counts,
        }
    }
}

fn level(x: Option<f64>, t: FairGood) -> Level {
    match x {
        None => Level::NotApplicable,
        Some(x) if x >= t.good => Level::Good,
        Some(x) if x >= t.fair => Level::Fair,
        Some(_) => Level::BelowFair,
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
