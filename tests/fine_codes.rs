//! The fine behaviour codes a typed reply is scored by are read as a clinician would: `alliance eval codes` on the
//! project's own labelled set (dialogues/classifier/codes/), and issue 12's examples scored where they were typed.

mod common;

use std::path::Path;
use std::sync::Arc;

use alliance::analysis::score::{score_line, value};
use alliance::classify::codes_eval::{self, CodesReport};
use alliance::classify::{BehaviourCode as C, Classifier};
use alliance::scoring::Rubric;

fn report(file: &str) -> CodesReport {
    report_of(file, |_| true)
}

/// The figures over the lines of `file` that `keep` keeps.
fn report_of(file: &str, keep: impl Fn(&codes_eval::Labelled) -> bool) -> CodesReport {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("dialogues/classifier/codes")
        .join(file);
    let mut data = codes_eval::load(&path).unwrap_or_else(|e| panic!("{e}"));
    data.retain(keep);
    codes_eval::evaluate(Classifier::shipped(), file, &data)
}

/// Lines added to the set for the affirm target (templates.py's AFFIRM_MORE, MIXED_MORE, HARD_MORE), after the
/// first held-out figures were taken.
fn added_later(l: &codes_eval::Labelled) -> bool {
    ["affirm2-", "mixed2-", "hard2-"]
        .iter()
        .any(|p| l.id.starts_with(p))
}

fn f1(r: &CodesReport, code: C) -> f64 {
    r.get(code).map_or(0.0, |c| c.f1)
}

/// Held-out F1 over the first 528 held-out lines, measured when they were first scored (docs/classifier.md), less
/// a small margin. Affirm (0.818 then) is below the 0.85.
const FIRST_HELD_OUT_FLOORS: [(C, f64); 7] = [
    (C::Judging, 0.95),
    (C::Confront, 0.90),
    (C::Persuade, 0.87),
    (C::PrematureReassurance, 0.94),
    (C::Affirm, 0.78),
    (C::EmphasizingAutonomy, 0.90),
    (C::SeekingCollaboration, 0.87),
];

/// Held-out F1 over the whole held-out file (620 lines, with the 92 added for the affirm target), measured after
/// tuning on dev (docs/classifier.md; affirm last scored after the strength rule, 0.874), less a small margin.
/// Persuade (0.841) is below 0.85.
const HELD_OUT_FLOORS: [(C, f64); 7] = [
    (C::Judging, 0.95),
    (C::Confront, 0.90),
    (C::Persuade, 0.81),
    (C::PrematureReassurance, 0.90),
    (C::Affirm, 0.84),
    (C::EmphasizingAutonomy, 0.90),
    (C::SeekingCollaboration, 0.87),
];

fn assert_floors(r: &CodesReport, floors: &[(C, f64)]) {
    for &(code, floor) in floors {
        assert!(
            f1(r, code) >= floor,
            "{code}: F1 {:.3} on {}, floor {floor}",
            f1(r, code),
            r.file
        );
    }
}

#[test]
fn the_held_out_lines_are_read_at_the_measured_figures() {
    let r = report("heldout.csv");
    assert!(r.lines >= 600, "the held-out file has {} lines", r.lines);
    assert_floors(&r, &HELD_OUT_FLOORS);
    // Measured after the strength rule: 3 of 44 judgements and 4 of 56 persuasions (7 and 7 before it), all in
    // added mixed lines whose affirmation was read as a reflection.
    let judging = &r.vice_as_reflection[0];
    assert_eq!(judging.vice, C::Judging);
    assert!(judging.read_as_reflection <= 3, "{:?}", judging.ids);
    let persuade = &r.vice_as_reflection[1];
    assert!(persuade.read_as_reflection <= 4, "{:?}", persuade.ids);
}

#[test]
fn the_first_held_out_lines_keep_their_floors() {
    let r = report_of("heldout.csv", |l| !added_later(l));
    assert_eq!(r.lines, 528);
    assert_floors(&r, &FIRST_HELD_OUT_FLOORS);
    let judging = &r.vice_as_reflection[0];
    assert_eq!(judging.read_as_reflection, 0, "{:?}", judging.ids);
    let persuade = &r.vice_as_reflection[1];
    // Measured when first scored: 5 of 48, all mixed lines whose other part was read as a reflection too.
    assert!(persuade.read_as_reflection <= 5, "{:?}", persuade.ids);
}

#[test]
fn the_dev_lines_reach_the_targets_they_were_tuned_to() {
    let r = report("dev.csv");
    for (code, _) in HELD_OUT_FLOORS {
        assert!(
            f1(&r, code) >= 0.85,
            "{code}: F1 {:.3} on dev",
            f1(&r, code)
        );
    }
    for v in &r.vice_as_reflection {
        assert_eq!(
            v.read_as_reflection, 0,
            "{} read as a reflection: {:?}",
            v.vice, v.ids
        );
    }
}

#[test]
fn the_labelled_set_is_large_and_covers_every_code_the_classifier_produces() {
    let (dev, held) = (report("dev.csv"), report("heldout.csv"));
    assert!(dev.lines + held.lines >= 1500);
    // Only a vignette knows an ignored cue or a clinical question the situation needs; the classifier reads the rest.
    let from_the_vignette = [C::IgnoringCue, C::ClinicalQuestion];
    for code in C::ALL
        .into_iter()
        .filter(|c| !from_the_vignette.contains(c))
    {
        let n = dev.get(code).map_or(0, |c| c.support) + held.get(code).map_or(0, |c| c.support);
        assert!(n >= 60, "{code}: {n} lines");
    }
}

fn codes(text: &str, patient: &str) -> Vec<C> {
    codes_eval::scored_codes(Classifier::shipped(), text, patient)
}

#[test]
fn hard_negatives_are_not_read_as_the_cue_they_share_words_with() {
    let worry = "I'm terrified of going hypo in front of everyone at work again.";
    let c = codes("You must be so worried", worry);
    assert!(!c.contains(&C::Persuade), "{c:?}");
    assert!(c.iter().any(|c| c.is_reflection()), "{c:?}");
    let c = codes("Was that your idea?", "I tried the patches in January.");
    assert!(!c.contains(&C::SeekingCollaboration), "{c:?}");
    let c = codes(
        "I wonder if you're being hard on yourself.",
        "I'm useless at this.",
    );
    assert!(!c.contains(&C::Judging), "{c:?}");
    assert!(c.iter().any(|c| c.is_reflection()), "{c:?}");
    let c = codes("I'm not saying you need to stop.", "I'm not giving it up.");
    assert!(!c.contains(&C::Persuade), "{c:?}");
}

fn scored(id: &str, node: &str, text: &str) -> (Vec<C>, f64) {
    let v = common::shipped().get(id).expect("shipped");
    let s = score_line(
        &v,
        &Arc::new(Rubric::shipped()),
        Classifier::shipped(),
        node,
        None,
        text,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let codes = s.turn.typed.as_ref().expect("typed").code_list();
    (codes, value(&s))
}

#[test]
fn a_judgement_after_mr_jones_complaint_is_a_judgement_and_costs_the_alliance() {
    let (c, v) = scored(
        "reluctant-patient",
        "honest",
        "That's a pretty negative attitude to bring to your first appointment.",
    );
    assert!(c.contains(&C::Judging), "{c:?}");
    assert!(!c.iter().any(|c| c.is_reflection()), "{c:?}");
    let (_, reflection) = scored(
        "reluctant-patient",
        "honest",
        "You'd rather not talk about your problems; you want your sleep and your energy back.",
    );
    assert!(
        v < 0.0 && v < reflection,
        "judgement {v}, reflection {reflection}"
    );
}

#[test]
fn pushing_therapy_scores_below_reflecting_his_limits() {
    let (c, push) = scored(
        "reluctant-patient",
        "honest",
        "Talking about your problems is really the only way to get better, though.",
    );
    assert!(c.contains(&C::Persuade), "{c:?}");
    let (_, limits) = scored(
        "reluctant-patient",
        "honest",
        "You'd rather not talk about your problems; you want your sleep and your energy back.",
    );
    assert!(push < limits, "persuasion {push}, reflection {limits}");
}

#[test]
fn a_promise_she_will_not_go_low_scores_below_reflecting_her_fear() {
    let (c, promise) = scored(
        "fear-of-hypoglycaemia",
        "disclosure",
        "You won't go low if you follow the plan properly, I promise.",
    );
    assert!(c.contains(&C::PrematureReassurance), "{c:?}");
    let (_, fear) = scored(
        "fear-of-hypoglycaemia",
        "disclosure",
        "Going low frightens you more than running high does.",
    );
    assert!(promise < fear, "reassurance {promise}, reflection {fear}");
}

#[test]
fn affirmations_about_the_patient_are_affirmations_not_reflections() {
    let effort = "I went four days without a drink last week.";
    for line in [
        "You've worked really hard at this.",
        "You must have worked so hard to manage that.",
        "It sounds like you've put a huge amount of effort into this.",
        "You should be really pleased with yourself.",
    ] {
        let c = codes(line, effort);
        assert!(c.contains(&C::Affirm), "{line}: {c:?}");
        assert!(!c.iter().any(|c| c.is_reflection()), "{line}: {c:?}");
        assert!(!c.contains(&C::Persuade), "{line}: {c:?}");
    }
    // Praise denied is not praise.
    let c = codes("You have never worked that hard at anything.", effort);
    assert!(!c.contains(&C::Affirm), "{c:?}");
}

#[test]
fn a_strength_the_patient_shows_is_an_affirmation_in_words_no_cue_names() {
    // rules.yaml affirm_rule: a VIA character strength or an effort attributed to the patient, in a statement.
    let effort = "I've checked my sugars every morning this month.";
    for line in [
        "You've been remarkably disciplined about it.",
        "You were really resilient through all of that.",
        "That shows real self-control.",
        "Your dedication is obvious.",
        "You've been so organised with your readings.",
        "That's genuine progress.",
    ] {
        let c = codes(line, effort);
        assert!(c.contains(&C::Affirm), "{line}: {c:?}");
    }
    // Asked, denied, demanded, reported, obliged or about someone else: not praise of the patient.
    for line in [
        "Are you disciplined about it?",
        "You haven't been very disciplined.",
        "You need to be more disciplined.",
        "You feel you're not resilient enough.",
        "Your daughter is very resilient.",
        "You've had to be the organised one for everybody.",
        "It's kind of hard to keep up.",
    ] {
        let c = codes(line, effort);
        assert!(!c.contains(&C::Affirm), "{line}: {c:?}");
    }
}
