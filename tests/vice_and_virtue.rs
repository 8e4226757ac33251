//! How a reply's codes combine (dialogues/rubric.yaml, docs/scoring.md): a vice is not cancelled by a virtue
//! beside it (MITI 4.2.1 codes such a reply non-adherent), and stacked virtues do not add up in full, so a
//! longer reply does not win by length (seed 004: often the lesson is to say less).

mod common;

use alliance::scoring::{Context, Rubric, reply_value, score};
use alliance::vignette::BehaviourCode::{self, *};
use alliance::vignette::model::{Effects, Phase};

/// Scores `codes` after the `earlier` replies' codes, at a decision point of `phase`.
fn scored_in(
    phase: Option<Phase>,
    earlier: &[Vec<BehaviourCode>],
    codes: &[BehaviourCode],
) -> alliance::scoring::Scored {
    scored_where(phase, false, earlier, codes)
}

/// As `scored_in`, where the patient has (or has not) stated a limit that stands (`limit:` on the node).
fn scored_where(
    phase: Option<Phase>,
    limit_stated: bool,
    earlier: &[Vec<BehaviourCode>],
    codes: &[BehaviourCode],
) -> alliance::scoring::Scored {
    let ctx = Context {
        earlier,
        session_codes: 0,
        rupture_open: false,
        after_talk: None,
        stalled: 0,
        phase,
        limit_stated,
    };
    score(&Rubric::shipped(), codes, &Effects::default(), &ctx)
}

fn fired(s: &alliance::scoring::Scored, rule: &str) -> bool {
    s.rules.iter().any(|r| r == rule)
}

fn scored(codes: &[BehaviourCode]) -> alliance::scoring::Scored {
    scored_in(None, &[], codes)
}

fn value(codes: &[BehaviourCode]) -> f64 {
    reply_value(&scored(codes).delta)
}

#[test]
fn a_vice_is_not_cancelled_by_a_virtue_and_is_named() {
    // "Your family are lucky to have you. And we won't let anything happen to you": the affirmation does not
    // buy back the premature reassurance; the reply strains, and the rule that says why is recorded.
    let s = scored(&[Affirm, PrematureReassurance]);
    assert!(s.delta.bond < 0.0, "bond {}", s.delta.bond);
    assert!(value(&[Affirm, PrematureReassurance]) < value(&[Affirm]) / 2.0 - 3.0);
    assert!(
        s.rules.iter().any(|r| r == "vice-not-cancelled"),
        "{:?}",
        s.rules
    );
    // The rubric's own text names the principle and its source for the debrief.
    let rubric = Rubric::shipped();
    let rule = rubric
        .rule("vice-not-cancelled")
        .expect("the rule is in the rubric");
    assert!(rule.explain.contains("MITI 4.2.1"));
    // An option list in jargon given after permission: permission does not make jargon clear.
    assert!(value(&[AskPermission, GivingInformation, UnexplainedJargon]) < 0.0);
}

#[test]
fn stacked_virtues_do_not_add_up_in_full() {
    let one = value(&[ComplexReflection]);
    let stacked = value(&[ComplexReflection, Affirm, OpenQuestion]);
    let sum = one + value(&[Affirm]) + value(&[OpenQuestion]);
    assert!(
        stacked > one,
        "a richer reply still earns more: {stacked} vs {one}"
    );
    assert!(stacked < sum - 1.0, "but not the sum: {stacked} vs {sum}");
}

#[test]
fn a_short_clean_reflection_beats_a_long_reply_with_a_vice_in_it() {
    let clean = value(&[ComplexReflection]);
    let long = value(&[ComplexReflection, Affirm, SeekingCollaboration, Persuade]);
    assert!(clean > long, "clean {clean} vs long-with-persuasion {long}");
}

#[test]
fn losses_count_in_full() {
    let judge = scored(&[Judging]).delta;
    let judge_and_confront = scored(&[Judging, Confront]).delta;
    assert!(
        (judge_and_confront.bond - (judge.bond + scored(&[Confront]).delta.bond)).abs() < 1e-9,
        "two vices add up"
    );
}

fn scored_after(
    earlier: &[Vec<BehaviourCode>],
    codes: &[BehaviourCode],
) -> alliance::scoring::Scored {
    scored_in(None, earlier, codes)
}

/// The rubric's own comment called a run of closed questions an interrogation, yet it cost almost nothing: a
/// closed question straight after another now strains (rule `interrogation`), one after a reflection does not.
#[test]
fn a_second_closed_question_in_a_row_is_an_interrogation() {
    let second = scored_after(&[vec![ClosedQuestion]], &[ClosedQuestion]);
    assert!(
        second.rules.iter().any(|r| r == "interrogation"),
        "{:?}",
        second.rules
    );
    let after_reflection = scored_after(&[vec![ComplexReflection]], &[ClosedQuestion]);
    assert!(!after_reflection.rules.iter().any(|r| r == "interrogation"));
    assert!(reply_value(&second.delta) < reply_value(&after_reflection.delta) - 2.0);
    // A reflection with the question in it is not an interrogation.
    let reflected = scored_after(&[vec![ClosedQuestion]], &[SimpleReflection, ClosedQuestion]);
    assert!(!reflected.rules.iter().any(|r| r == "interrogation"));
    // Two questions back is not "in a row".
    let later = scored_after(
        &[vec![ClosedQuestion], vec![OpenQuestion]],
        &[ClosedQuestion],
    );
    assert!(!later.rules.iter().any(|r| r == "interrogation"));
}

/// Permission, once given, covers the information that follows for a few replies, not one: an option list two
/// replies after "may I tell you about some options?" is heard as help, not as a lecture (seed 000: Invite).
#[test]
fn permission_covers_the_information_that_follows_it() {
    let asked = vec![AskPermission];
    let two_later = scored_after(
        &[asked.clone(), vec![ComplexReflection]],
        &[GivingInformation],
    );
    assert!(
        two_later.rules.iter().any(|r| r == "invited-information")
            && !two_later.rules.iter().any(|r| r == "unasked-information"),
        "{:?}",
        two_later.rules
    );
    let never_asked = scored_after(&[vec![ComplexReflection]], &[GivingInformation]);
    assert!(never_asked.rules.iter().any(|r| r == "unasked-information"));
    assert!(reply_value(&two_later.delta) > reply_value(&never_asked.delta) + 5.0);
    // Long after, permission has lapsed.
    let long_after = scored_after(
        &[
            asked,
            vec![OpenQuestion],
            vec![ComplexReflection],
            vec![Summarise],
        ],
        &[GivingInformation],
    );
    assert!(long_after.rules.iter().any(|r| r == "unasked-information"));
}

/// Information or a closed question while the patient is still telling their story interrupts it (seed 004:
/// physicians interrupt after about 18 seconds, and what matters most often comes last); an open question or a
/// reflection there lets the story go on.
#[test]
fn information_or_a_closed_question_during_the_story_interrupts_it() {
    let story = Some(Phase::Story);
    let tally = scored_in(story, &[], &[ClosedQuestion]);
    assert!(
        tally.rules.iter().any(|r| r == "interrupting-the-story"),
        "{:?}",
        tally.rules
    );
    let later = scored_in(Some(Phase::Goals), &[], &[ClosedQuestion]);
    assert!(!later.rules.iter().any(|r| r == "interrupting-the-story"));
    assert!(reply_value(&tally.delta) < reply_value(&later.delta) - 3.0);
    for listening in [
        &[OpenQuestion][..],
        &[ComplexReflection],
        &[SimpleReflection],
    ] {
        let s = scored_in(story, &[], listening);
        assert!(
            !s.rules.iter().any(|r| r == "interrupting-the-story"),
            "{listening:?}"
        );
    }
    let info = scored_in(story, &[], &[GivingInformation]);
    assert!(info.rules.iter().any(|r| r == "interrupting-the-story"));
}

/// "The sensor is the answer here… put your doses back up" earned the invited-information bonus because she had
/// agreed to hear options: advice given as an instruction is persuasion, never invited; where she has stated a
/// limit (she won't raise her doses yet), pushing past it strains; neutral options after permission still help.
#[test]
fn advice_that_overrides_a_stated_limit_is_never_invited() {
    let asked = [vec![AskPermission]];
    let instruction = scored_after(&asked, &[Persuade, GivingInformation]);
    assert!(
        !fired(&instruction, "invited-information"),
        "{:?}",
        instruction.rules
    );
    let at_limit = scored_where(None, true, &asked, &[Persuade, GivingInformation]);
    assert!(
        fired(&at_limit, "overriding-a-stated-limit"),
        "{:?}",
        at_limit.rules
    );
    assert!(!fired(&at_limit, "invited-information"));
    let options = scored_where(
        None,
        true,
        &asked,
        &[GivingInformation, EmphasizingAutonomy],
    );
    assert!(
        fired(&options, "invited-information"),
        "{:?}",
        options.rules
    );
    assert!(!fired(&options, "overriding-a-stated-limit"));
    assert!(reply_value(&at_limit.delta) < 0.0);
    assert!(reply_value(&options.delta) > reply_value(&at_limit.delta) + 10.0);
    // Without a stated limit, the same instruction is still non-adherent but not "overriding".
    assert!(reply_value(&instruction.delta) > reply_value(&at_limit.delta));
}

/// A question the situation needs (thoughts of suicide, a severe hypo, red flags), asked with a reason or with
/// permission, is rewarded and is not an interrogation even after another closed question; the same words
/// without a reason earn less; reassurance in its place strains (NICE NG225).
#[test]
fn a_needed_clinical_question_with_a_reason_is_rewarded() {
    let with_reason = scored_after(
        &[vec![ClosedQuestion]],
        &[GivingInformation, ClosedQuestion, ClinicalQuestion],
    );
    assert!(
        fired(&with_reason, "needed-question-with-a-reason"),
        "{:?}",
        with_reason.rules
    );
    assert!(!fired(&with_reason, "interrogation"));
    let with_permission = scored_after(&[vec![AskPermission]], &[ClosedQuestion, ClinicalQuestion]);
    assert!(fired(&with_permission, "needed-question-with-a-reason"));
    let bare = scored_after(&[vec![OpenQuestion]], &[ClosedQuestion, ClinicalQuestion]);
    assert!(!fired(&bare, "needed-question-with-a-reason"));
    let reassurance = scored(&[PrematureReassurance]);
    assert!(reply_value(&with_permission.delta) > reply_value(&bare.delta));
    assert!(
        reply_value(&bare.delta) > 0.0,
        "asking at all is part of the task"
    );
    assert!(reply_value(&reassurance.delta) < 0.0);
    assert!(reply_value(&with_reason.delta) > reply_value(&reassurance.delta) + 10.0);
}

/// Permission covers what follows until the patient declines: once she pulls back (a rupture is open), the
/// information she had agreed to hear is no longer "invited" (3RS: repair first).
#[test]
fn permission_lapses_when_the_patient_declines() {
    let asked = [vec![AskPermission]];
    let ctx = |rupture_open| Context {
        earlier: &asked,
        session_codes: 0,
        rupture_open,
        after_talk: None,
        stalled: 0,
        phase: None,
        limit_stated: false,
    };
    let rubric = Rubric::shipped();
    let open = score(
        &rubric,
        &[GivingInformation],
        &Effects::default(),
        &ctx(true),
    );
    let calm = score(
        &rubric,
        &[GivingInformation],
        &Effects::default(),
        &ctx(false),
    );
    assert!(fired(&calm, "invited-information"));
    assert!(!fired(&open, "invited-information"), "{:?}", open.rules);
}
