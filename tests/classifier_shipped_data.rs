//! The classifier's embedded data is sound: rules.yaml compiles, the weights file loads, is small and holds
//! numbers only, and every code the classifier is meant to produce can be produced.

use alliance::classify::model::Model;
use alliance::classify::{Classifier, RULES_YAML, WEIGHTS};
use alliance::vignette::BehaviourCode::{self, *};

#[test]
fn embedded_rules_and_weights_load() {
    let c = Classifier::from_parts(RULES_YAML, WEIGHTS)
        .expect("shipped rules.yaml and weights.bin load");
    assert!(!c.rules().cues.is_empty());
    assert_eq!(
        c.model(),
        Classifier::shipped().model(),
        "shipped() uses the embedded weights"
    );
}

#[test]
fn weights_are_small_and_hold_no_text() {
    assert!(WEIGHTS.len() < 2 * 1024 * 1024, "{} bytes", WEIGHTS.len());
    let model = Model::from_bytes(WEIGHTS).unwrap();
    assert!(model.weights().iter().all(|w| w.is_finite()));
    assert!(
        model.weights().iter().any(|w| *w != 0.0),
        "the model is trained"
    );
    // No run of a dozen letters or spaces anywhere in the file: it carries numbers, not sentences.
    let mut run = 0;
    for &b in WEIGHTS {
        run = if b.is_ascii_alphabetic() || b == b' ' {
            run + 1
        } else {
            0
        };
        assert!(run < 12, "a run of text-like bytes in weights.bin");
    }
}

#[test]
fn a_broken_rules_file_is_an_error_not_a_panic() {
    assert!(Classifier::from_parts("version: 1\n", WEIGHTS).is_err());
    let bad_code = RULES_YAML.replacen("- code: affirm", "- code: flattery", 1);
    let err = Classifier::from_parts(&bad_code, WEIGHTS).unwrap_err();
    assert!(err.contains("flattery"), "{err}");
    assert!(Classifier::from_parts(RULES_YAML, b"not weights").is_err());
    assert!(Classifier::from_parts(RULES_YAML, &WEIGHTS[..WEIGHTS.len() - 2]).is_err());
}

#[test]
fn every_code_but_ignoring_cue_can_be_produced() {
    let cases: [(BehaviourCode, &str, Option<&str>); 19] = [
        (
            OpenQuestion,
            "What matters most to you about your health?",
            None,
        ),
        (
            ClosedQuestion,
            "Do you check your sugar every morning?",
            None,
        ),
        (
            SimpleReflection,
            "Four beers a night.",
            Some("I've been drinking four beers a night."),
        ),
        (
            ComplexReflection,
            "Sounds like you're scared the insulin will take over your life.",
            Some("I don't want to be stuck with needles forever."),
        ),
        (Affirm, "Thank you for being so honest with me.", None),
        (
            SeekingCollaboration,
            "What ideas do you have about where we could start?",
            None,
        ),
        (
            EmphasizingAutonomy,
            "It's your decision whether to try it.",
            None,
        ),
        (
            GivingInformation,
            "Research shows that walking after meals lowers blood sugar.",
            None,
        ),
        (Persuade, "You should stop drinking soda.", None),
        (
            PersuadeWithPermission,
            "You should try a walk after dinner.",
            Some("What should I do?"),
        ),
        (Confront, "Come on, you're just making excuses.", None),
        (Judging, "That's irresponsible.", None),
        (
            Summarise,
            "Let me summarise what you've told me so far.",
            None,
        ),
        (
            AskPermission,
            "Would it be okay if I shared what other patients have found helpful?",
            None,
        ),
        (
            ElicitGoals,
            "What are you hoping to get out of today?",
            None,
        ),
        (
            InviteCorrection,
            "Correct me if I'm wrong, but work seems to be the hardest part.",
            None,
        ),
        (
            AcknowledgeStrain,
            "I'm sorry, I think I got ahead of myself there.",
            None,
        ),
        (
            PrematureReassurance,
            "Don't worry, you'll be fine.",
            Some("I'm scared of going low."),
        ),
        (
            UnexplainedJargon,
            "We need to titrate your basal dose.",
            None,
        ),
    ];
    for (code, text, prev) in cases {
        let c = Classifier::shipped().classify(text, prev);
        assert!(
            c.has(code),
            "{text:?} should read as {code}; got {:?}",
            c.codes
        );
    }
}
