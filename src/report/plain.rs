//! The debrief's technical terms said as a tutor would say them to a student: 3RS rupture markers, MITI summary
//! measures and levels. The technical names stay in the details (`alliance report --details`).

use crate::report::miti::{Level, MitiSummary};
use crate::vignette::model::{RuptureKind, RuptureMarker};

/// What the patient did, for a rupture marker (Safran & Muran's 3RS names are in [`technical`]).
pub fn marker(m: RuptureMarker) -> &'static str {
    use RuptureMarker::*;
    match m {
        Denial => "the patient denied that anything was wrong",
        MinimalResponse => "the patient went quiet and gave short answers",
        AbstractCommunication => "the patient talked in vague, general terms",
        AvoidantTopicShift => "the patient changed the subject",
        DeferentialAppeasing => "the patient pulled back and agreed to end the topic",
        ContentAffectSplit => "what the patient said did not match how they seemed to feel",
        SelfCriticismHopelessness => "the patient turned on themselves and sounded hopeless",
        ComplaintAboutClinician => "the patient complained about you",
        RejectingIntervention => "the patient turned down what you offered",
        ComplaintAboutTreatment => "the patient complained about the treatment",
        ComplaintAboutProgress => "the patient complained that nothing was getting better",
        DefendingSelf => "the patient defended themselves, as if criticised",
        ControllingPressuring => "the patient tried to take control and pressed you",
    }
}

/// The marker's 3RS name and family, for the details: "deferential appeasing (withdrawal)".
pub fn technical(m: RuptureMarker) -> String {
    format!("{} ({})", m.as_str().replace('_', " "), m.kind().as_str())
}

/// The family in words: moving away from you, or against you.
pub fn kind(k: RuptureKind) -> &'static str {
    match k {
        RuptureKind::Withdrawal => "pulling away",
        RuptureKind::Confrontation => "pushing back",
    }
}

/// A MITI level in words.
fn level(l: Level) -> &'static str {
    match l {
        Level::Good => "good",
        Level::Fair => "fair",
        Level::BelowFair => "below fair",
        Level::NotApplicable => "not enough to judge",
    }
}

/// The MITI summary as sentences a student can act on, each figure with what it means and the bar it is
/// measured against.
pub fn miti(mi: &MitiSummary) -> Vec<String> {
    let t = &mi.thresholds;
    let mut out = Vec::new();
    match mi.reflection_to_question {
        Some(r) => out.push(format!(
            "You reflected back {r} time{} for every question you asked: {} (about {} is fair and {} good: \
             reflecting shows you heard before you ask more).",
            if (r - 1.0).abs() < f64::EPSILON { "" } else { "s" },
            level(mi.reflection_to_question_level),
            t.reflection_to_question.fair,
            t.reflection_to_question.good
        )),
        None => out.push(
            "You asked no questions, so there is no balance of reflections to questions to judge.".to_owned(),
        ),
    }
    if let Some(p) = mi.percent_complex_reflections {
        out.push(format!(
            "{p}% of your reflections added meaning to what the patient said rather than repeating it: {} \
             ({}% is fair, {}% good).",
            level(mi.percent_complex_reflections_level),
            t.percent_complex_reflections.fair,
            t.percent_complex_reflections.good
        ));
    }
    if let Some(p) = mi.percent_open_questions {
        out.push(format!(
            "{p}% of your questions were open, inviting the patient to say more than yes or no."
        ));
    }
    out.push(format!(
        "{} of your replies worked with the patient (affirming, inviting them to work it out with you, leaving the \
         choice to them); {} worked against them (persuading, confronting or judging).",
        mi.mi_adherent, mi.mi_non_adherent
    ));
    out
}

/// The MITI figures by their technical names, for the details.
pub fn miti_details(mi: &MitiSummary) -> Vec<String> {
    let t = &mi.thresholds;
    let opt = |x: Option<f64>, unit: &str| x.map_or("n/a".to_owned(), |x| format!("{x}{unit}"));
    let counts: Vec<String> = mi.counts.iter().map(|(c, n)| format!("{c} {n}")).collect();
    vec![
        format!(
            "Reflection-to-question ratio: {} ({}; fair {}, good {})",
            opt(mi.reflection_to_question, ""),
            mi.reflection_to_question_level.as_str(),
            t.reflection_to_question.fair,
            t.reflection_to_question.good
        ),
        format!(
            "Complex reflections: {} ({}; fair {}%, good {}%)",
            opt(mi.percent_complex_reflections, "%"),
            mi.percent_complex_reflections_level.as_str(),
            t.percent_complex_reflections.fair,
            t.percent_complex_reflections.good
        ),
        format!("Open questions: {}", opt(mi.percent_open_questions, "%")),
        format!(
            "MI-adherent {} · MI-non-adherent {}",
            mi.mi_adherent, mi.mi_non_adherent
        ),
        format!("Behaviours: {}", counts.join(", ")),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_said_in_words_and_named_in_the_details() {
        assert_eq!(
            marker(RuptureMarker::DeferentialAppeasing),
            "the patient pulled back and agreed to end the topic"
        );
        assert_eq!(
            technical(RuptureMarker::DeferentialAppeasing),
            "deferential appeasing (withdrawal)"
        );
    }
}
