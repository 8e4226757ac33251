//! Mr Jones (reluctant-patient) can only leave well when the consultation was safe: every path to "See you next
//! week" asks about suicide directly after his hopelessness, follows the answer up, and takes a prescriber's history
//! before options are weighed (issue 11). Proven over every path by the interval walk, and shown in real play.

mod common;

use std::sync::Arc;

use alliance::vignette::Vignette;
use alliance::vignette::model::Outcome;

const ID: &str = "reluctant-patient";

fn vignette() -> Arc<Vignette> {
    common::shipped()
        .get(ID)
        .expect("reluctant-patient is shipped")
}

fn node<'a>(v: &'a Vignette, id: &str) -> &'a alliance::vignette::compiled::Node {
    v.nodes
        .iter()
        .find(|n| n.id == id)
        .unwrap_or_else(|| panic!("{ID} has a node `{id}`"))
}

#[test]
fn no_path_reaches_see_you_next_week_without_the_safety_question_its_follow_up_and_the_history() {
    let v = vignette();
    let good = common::the_one_good_ending(&v, "see_you_next_week");
    let (asked, history) = (common::var(&v, "asked_safety"), common::var(&v, "history"));
    common::each_way_into(&v, good, |from, vars, _, _| {
        assert_eq!(
            vars[asked],
            2,
            "a path reaches the good ending with the safety question {} (state {from})",
            if vars[asked] == 0 {
                "never asked"
            } else {
                "not followed up"
            }
        );
        assert!(
            vars[history] >= 1,
            "a path reaches the good ending without the prescriber's history (state {from})"
        );
    });
}

#[test]
fn only_a_direct_question_counts_as_asking_and_only_plans_and_supports_count_as_following_up() {
    let v = vignette();
    let (asked, history) = (common::var(&v, "asked_safety"), common::var(&v, "history"));
    for n in &v.nodes {
        for r in &n.replies {
            let text = r.text.to_lowercase();
            for &(k, value) in &r.set {
                if k == asked && value == 1 {
                    assert!(
                        text.contains("ending your life") || text.contains("suicid"),
                        "{}: sets asked_safety 1 without asking about suicide: {}",
                        n.id,
                        r.text
                    );
                }
                if k == asked && value == 2 {
                    assert!(
                        text.contains("plans"),
                        "{}: sets asked_safety 2 without asking about plans: {}",
                        n.id,
                        r.text
                    );
                }
                if k == history && value == 1 {
                    assert!(
                        r.dest.iter().all(|(_, t, _)| matches!(t, alliance::vignette::Target::Node(i) if v.nodes[*i].id == "history_answers")),
                        "{}: sets history without leading to his answers: {}",
                        n.id,
                        r.text
                    );
                }
            }
        }
    }
    // What he answers covers what a prescriber needs before naming a medicine.
    let answers = node(&v, "history_answers");
    for line in &answers.patient.say {
        let line = line.to_lowercase();
        for topic in [
            "high|wired",
            "fit",
            "drugs",
            "chemist",
            "most nights",
            "other tablets|else i take",
        ] {
            assert!(
                topic.split('|').any(|t| line.contains(t)),
                "his history answer leaves out `{topic}`: {line}"
            );
        }
    }
}

#[test]
fn the_best_path_asks_follows_up_takes_the_history_then_weighs_the_options_and_ends_well() {
    let v = vignette();
    let s = common::play_best_except(&v, &[]);
    let t = s.transcript();
    assert_eq!(
        t.ending.as_ref().map(|e| e.id.as_str()),
        Some("see_you_next_week")
    );
    let turns = common::said(&s);
    let at = |id: &str| common::turn_at(&turns, id);
    assert!(turns[at("safety")].1.contains("ending your life"));
    assert!(turns[at("safety")].1.contains("i ask everyone"));
    assert!(turns[at("safety_answer")].1.contains("plans"));
    assert!(turns[at("safety_answer")].1.contains("keeps you going"));
    assert!(at("history_answers") < at("options"));
    for (n, text) in &turns[..at("history_answers")] {
        for word in ["antidepressant", "medication", "mirtazapine", "prescri"] {
            assert!(
                !text.contains(word),
                "{n}: a medicine is offered before the history: {text}"
            );
        }
    }
    let options = &turns[at("options")].1;
    for harm in ["unsettle sleep", "drowsy", "sex drive", "wait", "next week"] {
        assert!(
            options.contains(harm),
            "the option talk leaves out `{harm}`"
        );
    }
    assert!(
        turns
            .last()
            .unwrap()
            .1
            .contains("what are you going to try"),
        "teach-back at the close"
    );
}

#[test]
fn reassurance_or_a_vague_question_at_his_hopelessness_closes_the_good_ending_unless_the_trainee_goes_back()
 {
    let v = vignette();
    // Carry on as if nothing was said: at his next turn, say little instead of going back to it.
    let carry_on = ("supports", "No ball on Sundays");
    for instead in [
        "A lot of people feel like that",
        "When you say you don't see the point",
    ] {
        let s = common::play_best_except(&v, &[("safety", instead), carry_on]);
        let ending = s.transcript().ending.clone().expect("an ending");
        assert_ne!(
            ending.outcome,
            Outcome::Good,
            "\"{instead}\" still reached {}",
            ending.id
        );
        // Going back to it later in the visit, asking directly and following up, still can.
        let s = common::play_best_except(&v, &[("safety", instead)]);
        let turns = common::said(&s);
        assert!(
            turns
                .iter()
                .any(|(n, t)| n == "supports" && t.contains("go back a step")),
            "the best reply after \"{instead}\" goes back to the question: {turns:?}"
        );
        assert_eq!(
            s.transcript().ending.as_ref().map(|e| e.outcome),
            Some(Outcome::Good)
        );
    }
    // Stopping at his answer without asking about plans closes it too.
    let s = common::play_best_except(&v, &[("safety_answer", "OK, good."), carry_on]);
    assert_ne!(
        s.transcript().ending.as_ref().map(|e| e.outcome),
        Some(Outcome::Good)
    );
}

#[test]
fn after_an_invitation_to_correct_he_corrects_and_the_best_reply_takes_it_in() {
    let v = vignette();
    let s = common::play_best_except(&v, &[]);
    let turns = &s.transcript().turns;
    let goals = turns
        .iter()
        .position(|t| t.node == "goals")
        .expect("the best path passes the goals");
    assert!(turns[goals].said.contains("Have I got that right"));
    // His answer to the invitation is the line he says at `job`.
    let line = turns[goals].reaction.text.to_lowercase();
    assert!(
        line.contains("not really") && line.contains("it's more like"),
        "{line}"
    );
    let job = &turns[goals + 1];
    assert_eq!(job.node, "job");
    assert!(job.said.contains("I had it a bit wrong"), "{}", job.said);
}
