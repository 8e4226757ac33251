//! Ellie (type-1-at-school) can only leave with the good ending when the consultation was safe: every path to "A
//! plan she chose and shared" explains the limits of confidentiality honestly, asks with a reason whether skipping
//! insulin is partly about weight, asks about mood and self-harm, and lets her choose what her mother hears
//! (NICE NG18; HEADSS; GMC 0-18 years). Proven over every path by the interval walk, and shown in real play.

mod common;

use std::sync::Arc;

use alliance::vignette::Vignette;
use alliance::vignette::model::{Outcome, Person};

const ID: &str = "type-1-at-school";
const SAFETY: [&str; 4] = ["confidential", "asked_weight", "asked_mood", "shared_ok"];

fn vignette() -> Arc<Vignette> {
    common::shipped()
        .get(ID)
        .expect("type-1-at-school is shipped")
}

#[test]
fn no_path_reaches_the_good_ending_without_confidentiality_the_weight_and_mood_questions_and_her_consent()
 {
    let v = vignette();
    let good = common::the_one_good_ending(&v, "shared_plan");
    let vars: Vec<usize> = SAFETY.iter().map(|n| common::var(&v, n)).collect();
    common::each_way_into(&v, good, |from, values, _, _| {
        for (name, &k) in SAFETY.iter().zip(&vars) {
            assert!(
                values[k] >= 1,
                "a path reaches the good ending without `{name}` (state {from})"
            );
        }
    });
}

#[test]
fn only_the_questions_themselves_set_the_safety_variables() {
    let v = vignette();
    let checks: [(&str, &[&str]); 4] = [
        ("confidential", &["serious harm", "tell you first"]),
        ("asked_weight", &["weight", "ask everyone"]),
        ("asked_mood", &["depressed|mood"]),
        ("shared_ok", &["serious harm", "your call|up to you"]),
    ];
    for (name, words) in checks {
        let k = common::var(&v, name);
        let mut setters = 0;
        for n in &v.nodes {
            for r in n
                .replies
                .iter()
                .filter(|r| r.set.iter().any(|&(i, x)| i == k && x >= 1))
            {
                setters += 1;
                let text = r.text.to_lowercase();
                for w in words {
                    assert!(
                        w.split('|').any(|w| text.contains(w)),
                        "{}: sets `{name}` without `{w}`: {}",
                        n.id,
                        r.text
                    );
                }
            }
        }
        assert!(setters >= 1, "something sets `{name}`");
    }
}

#[test]
fn the_best_path_thanks_the_mother_sees_ellie_alone_asks_the_safety_questions_and_ends_well() {
    let v = vignette();
    let s = common::play_best_except(&v, &[]);
    let t = s.transcript();
    assert_eq!(
        t.ending.as_ref().map(|e| e.id.as_str()),
        Some("shared_plan")
    );
    assert_eq!(t.opening.speaker, Person::Companion, "Dawn answers for her");
    assert_eq!(
        t.turns[0].to,
        Person::Companion,
        "the mother is acknowledged first"
    );
    let alone: Vec<&str> = t
        .turns
        .iter()
        .filter(|r| r.reaction.alone)
        .map(|r| r.node.as_str())
        .collect();
    assert!(
        alone.contains(&"time_alone"),
        "time alone follows: {alone:?}"
    );
    let back = t
        .turns
        .iter()
        .find(|r| r.node == "bring_mum")
        .expect("the path passes bring_mum");
    assert!(!back.reaction.alone, "Dawn is back in for the plan");
    assert_eq!(back.reaction.speaker, Person::Companion);
}

#[test]
fn a_promise_of_total_confidentiality_or_skipping_a_safety_question_closes_the_good_ending() {
    let v = vignette();
    for (at, instead) in [
        ("confidentiality", "Don't worry, everything"),
        ("disclosure", "You honestly don't need"),
        ("weight_answer", "OK. So what would"),
        ("bring_mum", "Nothing, don't worry"),
    ] {
        let s = common::play_best_except(&v, &[(at, instead)]);
        let ending = s.transcript().ending.clone().expect("an ending");
        assert_ne!(
            ending.outcome,
            Outcome::Good,
            "\"{instead}\" at {at} still reached {}",
            ending.id
        );
    }
}
