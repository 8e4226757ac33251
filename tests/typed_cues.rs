//! A node may say what its patient's cue is about (`cue:`); a typed reply that passes over it for facts is read
//! as `ignoring_cue`, with its evidence, and scored as the written reply that does the same.

mod common;

use std::sync::Arc;

use alliance::analysis::score::{score_line, value};
use alliance::classify::Classifier;
use alliance::scoring::Rubric;
use alliance::vignette::BehaviourCode as C;

fn at(id: &str, node: &str, text: &str) -> alliance::analysis::score::LineScore {
    let v = common::shipped().get(id).expect("shipped");
    score_line(
        &v,
        &Arc::new(Rubric::shipped()),
        Classifier::shipped(),
        node,
        None,
        text,
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_fact_question_at_carols_fear_scores_as_the_written_fact_question() {
    let s = at(
        "diabetes-ambivalence",
        "worse",
        "Was your mum type 1 or type 2?",
    );
    let reading = s.turn.typed.as_ref().expect("typed");
    let ignoring = reading
        .codes
        .iter()
        .find(|c| c.code == C::IgnoringCue)
        .unwrap_or_else(|| panic!("read as ignoring the cue: {:?}", reading.codes));
    assert!(ignoring.evidence[0].contains("neither reflected nor asked about"));
    let written = s
        .written
        .iter()
        .find(|w| w.text == "Was your mum type 1 or type 2?")
        .expect("the written fact question");
    assert!(
        (value(&s) - written.value).abs() <= 2.0,
        "typed {} against written {}",
        value(&s),
        written.value
    );
}

#[test]
fn reflecting_or_asking_about_the_cue_attends_to_it() {
    for text in [
        "It sounds like you're frightened of going the same way as your mum.",
        "What happened with your mum?",
        "Are you worried you'll end up like her?",
    ] {
        let s = at("diabetes-ambivalence", "worse", text);
        let codes = s.turn.typed.as_ref().expect("typed").code_list();
        assert!(!codes.contains(&C::IgnoringCue), "{text}: {codes:?}");
    }
}

#[test]
fn a_vice_is_named_as_itself_not_as_an_ignored_cue() {
    let s = at(
        "diabetes-ambivalence",
        "worse",
        "Don't worry, that won't happen to you.",
    );
    let codes = s.turn.typed.as_ref().expect("typed").code_list();
    assert!(codes.contains(&C::PrematureReassurance), "{codes:?}");
    assert!(!codes.contains(&C::IgnoringCue), "{codes:?}");
}
