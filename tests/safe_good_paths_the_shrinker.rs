//! Ray Whitfield (the-shrinker) can only leave well when the visit was safe: every path to "A shrinker he can live
//! with" gave him the skin step for a red area on a diabetic limb (daily mirror checks, when to stop, whom to ring),
//! asked who checks the foot he has left (NICE NG19), kept the knee of his residual limb straight (BACPAR) and ended
//! with teach-back that covers the night (issue 14). Proven over every path by the interval walk, and shown in real play.

mod common;

use std::sync::Arc;

use alliance::analysis::interval::{self, Place};
use alliance::engine::rules::apply_variables;
use alliance::engine::{Mode, Session};
use alliance::scoring::Rubric;
use alliance::vignette::BehaviourCode::*;
use alliance::vignette::model::Outcome;
use alliance::vignette::{BehaviourCode, Vignette};

const ID: &str = "the-shrinker";

fn vignette() -> Arc<Vignette> {
    common::shipped().get(ID).expect("the-shrinker is shipped")
}

fn skin_safe(v: &Vignette) -> usize {
    common::var(v, "skin_safe")
}

/// The teach-back at the close asks him to say what he will do, including what would make him stop and ring, and
/// what keeps him safe getting up at night (he still goes to stand on the lost leg half asleep).
fn is_teach_back(text: &str) -> bool {
    let text = text.to_lowercase();
    text.contains("tomorrow morning")
        && text.contains("take it off and ring")
        && text.contains("by the bed at night")
}

/// Plays the best-scoring reply everywhere, except the first time it reaches each `(node, start)` of `detours`,
/// where the reply starting with `start` is given.
fn play_best_except(v: &Arc<Vignette>, detours: &[(&str, &str)]) -> Session {
    let mut s = Session::new(
        Arc::clone(v),
        Arc::new(Rubric::shipped()),
        1,
        Mode::Practice,
    );
    let mut left = detours.to_vec();
    for _ in 0..60 {
        if s.is_over() {
            break;
        }
        let here = s.node_id().unwrap_or_default().to_string();
        let detour = left.iter().position(|(at, _)| *at == here);
        let pick = match detour.map(|k| left.remove(k)) {
            Some((at, instead)) => {
                s.offered()
                    .iter()
                    .find(|o| o.text.starts_with(instead))
                    .unwrap_or_else(|| panic!("`{instead}` is offered at {at}"))
                    .index
            }
            None => s.best_offered().expect("a reply is offered"),
        };
        s.choose(pick).expect("an offered reply is accepted");
    }
    assert!(s.is_over(), "the path ends");
    s
}

fn outcome(s: &Session) -> Option<Outcome> {
    s.transcript().ending.as_ref().map(|e| e.outcome)
}

#[test]
fn no_path_reaches_the_good_ending_without_the_skin_step_the_other_foot_the_knee_and_the_teach_back()
 {
    let v = vignette();
    let rubric = Rubric::shipped();
    let goods: Vec<usize> = v
        .endings
        .iter()
        .enumerate()
        .filter(|(_, e)| e.outcome == Outcome::Good)
        .map(|(k, _)| k)
        .collect();
    assert_eq!(goods.len(), 1, "one good ending");
    assert_eq!(v.endings[goods[0]].id, "shrinker_he_can_live_with");
    let skin = skin_safe(&v);
    let (foot, knee) = (
        common::var(&v, "other_foot"),
        common::var(&v, "knee_straight"),
    );
    let iw = interval::walk(&v, &rubric, 2_000_000);
    assert!(iw.complete, "the interval walk covers every path");
    let mut ways_in = 0;
    for (from, edges) in iw.edges.iter().enumerate() {
        let Place::Node(n) = iw.states[from].skeleton.at else {
            continue;
        };
        for e in edges {
            let good =
                e.to.iter()
                    .any(|&t| iw.states[t].skeleton.at == Place::Ending(goods[0]));
            if !good {
                continue;
            }
            ways_in += 1;
            let reply = &v.nodes[n].replies[e.reply];
            let mut vars = iw.states[from].skeleton.vars().to_vec();
            apply_variables(reply, &mut vars);
            assert!(
                vars[skin] >= 1,
                "a path reaches the good ending from `{}` without the skin step (state {from})",
                v.nodes[n].id
            );
            assert!(
                vars[foot] >= 1,
                "a path reaches the good ending from `{}` without asking about his other foot (state {from})",
                v.nodes[n].id
            );
            assert!(
                vars[knee] >= 1,
                "a path reaches the good ending from `{}` without the knee kept straight (state {from})",
                v.nodes[n].id
            );
            assert!(
                is_teach_back(&reply.text),
                "a path reaches the good ending from `{}` without teach-back: {}",
                v.nodes[n].id,
                reply.text
            );
        }
    }
    assert!(ways_in > 0, "the good ending is reachable");
}

#[test]
fn every_reply_that_counts_as_the_skin_step_says_why_what_to_check_when_to_stop_and_whom_to_ring() {
    let v = vignette();
    let skin = skin_safe(&v);
    let setters: Vec<_> = v
        .nodes
        .iter()
        .flat_map(|n| &n.replies)
        .filter(|r| r.set.iter().any(|&(k, x)| k == skin && x > 0))
        .collect();
    assert!(!setters.is_empty());
    for r in &setters {
        let text = r.text.to_lowercase();
        for (what, words) in [
            ("why: he cannot feel it", &["can't feel"][..]),
            ("daily checks", &["every day"]),
            ("with a mirror", &["mirror"]),
            ("the other foot", &["other foot"]),
            (
                "when to stop wearing it",
                &["leave it off", "leave the shrinker off"],
            ),
            ("whom to ring", &["ring us"]),
        ] {
            assert!(
                words.iter().any(|w| text.contains(w)),
                "\"{}\" sets skin_safe without {what}",
                r.text
            );
        }
        assert!(r.codes.contains(&ClinicalQuestion), "{}", r.text);
        assert!(
            !r.codes
                .iter()
                .any(|c| [Persuade, Confront, Judging, PrematureReassurance].contains(c)),
            "a directive reply with reasons, not persuasion: {}",
            r.text
        );
    }
}

/// Every reply that sets `name` says each of `musts` (any one of its words), is a needed question or instruction
/// given with a reason, and persuades, confronts, judges or reassures nowhere.
fn setters_say(v: &Vignette, name: &str, musts: &[(&str, &[&str])], needed: BehaviourCode) {
    let k = common::var(v, name);
    let setters: Vec<_> = v
        .nodes
        .iter()
        .flat_map(|n| &n.replies)
        .filter(|r| r.set.iter().any(|&(j, x)| j == k && x > 0))
        .collect();
    assert!(!setters.is_empty(), "a reply sets `{name}`");
    for r in setters {
        let text = r.text.to_lowercase();
        for (what, words) in musts {
            assert!(
                words.iter().any(|w| text.contains(w)),
                "\"{}\" sets {name} without {what}",
                r.text
            );
        }
        assert!(r.codes.contains(&needed), "{name}: {}", r.text);
        assert!(
            !r.codes
                .iter()
                .any(|c| [Persuade, Confront, Judging, PrematureReassurance].contains(c)),
            "{name}: a reply with reasons, not persuasion: {}",
            r.text
        );
    }
}

#[test]
fn the_replies_that_protect_his_other_foot_and_his_knee_ask_and_say_why() {
    let v = vignette();
    setters_say(
        &v,
        "other_foot",
        &[
            ("why: the other foot is at high risk", &["high risk"]),
            ("who checks it", &["keeping an eye on it"]),
            ("a look at it", &["have a look", "take a look"]),
        ],
        OpenQuestion,
    );
    setters_say(
        &v,
        "knee_straight",
        &[
            (
                "why: a bent knee stiffens and a leg won't fit",
                &["stiffen"],
            ),
            ("a stump board when he sits", &["stump board"]),
            ("no pillow under the knee", &["no pillow"]),
            ("lying on his front", &["on your front"]),
        ],
        GivingInformation,
    );
}

#[test]
fn the_best_path_gives_the_skin_step_at_the_red_area_links_the_shrinker_to_the_wedding_and_ends_well()
 {
    let v = vignette();
    let s = play_best_except(&v, &[]);
    assert_eq!(outcome(&s), Some(Outcome::Good));
    let turns = &s.transcript().turns;
    let said = |node: &str| {
        turns
            .iter()
            .find(|t| t.node == node)
            .unwrap_or_else(|| panic!("the best path passes {node}"))
            .said
            .to_lowercase()
    };
    let opening = said("opening");
    assert!(
        opening.contains("i'm sam") && opening.contains("prosthetist"),
        "name and role first: {opening}"
    );
    assert!(opening.contains("hoping"), "his goal first");
    let red = said("red_area");
    assert!(red.contains("mirror"), "{red}");
    assert!(
        red.contains("warm") && red.contains("weeping") && red.contains("shivery"),
        "the best reply checks for infection: {red}"
    );
    let foot = said("other_foot");
    assert!(
        foot.contains("keeping an eye on it") && foot.contains("have a look"),
        "the best path asks who checks his other foot: {foot}"
    );
    let knee = said("knee");
    assert!(
        knee.contains("stump board")
            && knee.contains("no pillow")
            && knee.contains("on your front"),
        "the best path keeps his knee straight: {knee}"
    );
    assert!(
        knee.contains("cracked")
            && knee.contains("refer you to the foot protection team")
            && knee.contains("podiatrists for feet at high risk"),
        "what the look at his other foot found is acted on: the referral is made, in words: {knee}"
    );
    let link = said("link");
    assert!(link.contains("socket") && link.contains("emma"), "{link}");
    assert!(is_teach_back(&turns.last().unwrap().said));
}

#[test]
fn reassurance_at_the_red_area_skipping_the_foot_or_the_knee_or_a_summary_instead_of_teach_back_closes_the_good_ending()
 {
    let v = vignette();
    // Reassured at the red area, and not going back to it before the plan.
    let s = play_best_except(
        &v,
        &[
            ("red_area", "It's probably just"),
            ("plan", "Can I check I've got it"),
        ],
    );
    assert_ne!(outcome(&s), Some(Outcome::Good));
    // Going back to it at the plan, late, still can.
    let s = play_best_except(
        &v,
        &[
            ("red_area", "It's probably just"),
            ("plan", "Before we get to June"),
        ],
    );
    assert_eq!(outcome(&s), Some(Outcome::Good));
    // Moving on from the foot he has left, or letting the knee rest bent: no good ending.
    let s = play_best_except(&v, &[("other_foot", "Good. Let's keep today")]);
    assert_ne!(outcome(&s), Some(Outcome::Good));
    let s = play_best_except(&v, &[("knee", "That's fine, whatever's comfiest")]);
    assert_ne!(outcome(&s), Some(Outcome::Good));
    // A warm summary at the close is not teach-back.
    let s = play_best_except(&v, &[("closing", "Let me check I've understood")]);
    assert_ne!(outcome(&s), Some(Outcome::Good));
}
