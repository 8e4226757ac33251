//! A physiotherapy or prosthetics term the patient was not given, typed in a reply, is read as unexplained jargon:
//! the feedback names the term and the patient says they do not know what it means. The same reply in plain words,
//! or with the term explained, is not (dialogues/classifier/rules.yaml, `jargon:`).

mod common;

use std::sync::Arc;

use alliance::analysis::score::{LineScore, score_line};
use alliance::classify::Classifier;
use alliance::scoring::Rubric;
use alliance::vignette::BehaviourCode as C;
use alliance::vignette::model::ReactionTo;

fn at(id: &str, node: &str, text: &str) -> LineScore {
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

/// The terms the reply was read as jargon for (from the evidence), empty when it was not.
fn jargon_in(s: &LineScore) -> Vec<String> {
    let reading = s.turn.typed.as_ref().expect("typed");
    reading
        .codes
        .iter()
        .filter(|c| c.code == C::UnexplainedJargon)
        .flat_map(|c| c.evidence.clone())
        .collect()
}

#[test]
fn your_residuum_has_some_oedema_gets_the_jargon_feedback() {
    let s = at("the-shrinker", "swollen", "Your residuum has some oedema.");
    let evidence = jargon_in(&s).join("; ");
    assert!(
        evidence.contains("'residuum'") && evidence.contains("'oedema'"),
        "{evidence:?}"
    );
    assert!(
        s.turn.codes.contains(&C::UnexplainedJargon),
        "{:?}",
        s.turn.codes
    );
    // It is near enough a written reply about the swelling to follow it; the feedback says how it was read.
    assert!(
        s.turn.feedback.contains("unexplained jargon"),
        "the feedback names it: {}",
        s.turn.feedback
    );
    // Where no written reply is about the swelling, the patient answers the jargon itself.
    let s = at("the-shrinker", "grief", "Your residuum has some oedema.");
    let reading = s.turn.typed.as_ref().expect("typed");
    assert_eq!(
        reading.reaction,
        Some(ReactionTo::Code(C::UnexplainedJargon)),
        "the patient answers the jargon first: {}",
        s.turn.feedback
    );
}

#[test]
fn the_same_in_plain_words_or_explained_is_not_jargon() {
    for text in [
        "The stump \u{2014} the residual limb \u{2014} is a bit swollen.",
        "The stump is a bit swollen today.",
        "There's some oedema, that's swelling, in the residual limb.",
    ] {
        let s = at("the-shrinker", "swollen", text);
        assert!(jargon_in(&s).is_empty(), "{text}: {:?}", jargon_in(&s));
        assert!(!s.turn.codes.contains(&C::UnexplainedJargon), "{text}");
    }
}

#[test]
fn back_pain_terms_are_jargon_unless_explained() {
    for (text, term) in [
        ("Your MRI shows an L4/5 disc bulge.", "l4 5"),
        ("I need to rule out cauda equina.", "cauda equina"),
        ("Keep taking the NSAIDs for a week.", "nsaids"),
        ("It could be a radiculopathy.", "radiculopathy"),
    ] {
        let s = at("low-back-pain", "opening", text);
        let evidence = jargon_in(&s).join("; ");
        assert!(
            evidence.contains(&format!("'{term}'")),
            "{text}: {evidence:?}"
        );
    }
    for text in [
        "Your MRI shows a disc bulge low in your back, which is common.",
        "Any numbness around your bottom? That's cauda equina, which means the nerves at the bottom of your spine are squashed.",
        "Keep taking the NSAIDs, the anti-inflammatories, for a week.",
    ] {
        let s = at("low-back-pain", "opening", text);
        assert!(jargon_in(&s).is_empty(), "{text}: {:?}", jargon_in(&s));
    }
    // Nor is a term the patient read out first: his scan report says "L4/5".
    let s = at(
        "low-back-pain",
        "mri",
        "So the L4/5 bulge is what worries you.",
    );
    assert!(jargon_in(&s).is_empty(), "{:?}", jargon_in(&s));
}
