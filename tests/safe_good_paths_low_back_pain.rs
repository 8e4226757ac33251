//! Mr Barker (low-back-pain) can only leave well when his first assessment was safe: every path to "Lily's
//! birthday" asks the red flags (NICE NG59, the national cauda equina pathway), gives the cauda equina safety net,
//! meets his fear about his father and ends in a plan he chose; the best path asks what he hopes physiotherapy will do
//! before any option (seed 004, tip 2), and skipping it leaves him less allied; words that harm are never the best reply. Proven over every path by the interval walk, and shown in real play.

mod common;

use std::sync::Arc;

use alliance::vignette::Vignette;
use alliance::vignette::model::Outcome;

const ID: &str = "low-back-pain";

fn vignette() -> Arc<Vignette> {
    common::shipped().get(ID).expect("low-back-pain is shipped")
}

#[test]
fn no_path_reaches_lilys_birthday_without_the_red_flags_and_the_cauda_equina_safety_net() {
    let v = vignette();
    let good = common::the_one_good_ending(&v, "lilys_birthday");
    let (flags, net, chose, father) = (
        common::var(&v, "red_flags"),
        common::var(&v, "safety_net"),
        common::var(&v, "chose"),
        common::var(&v, "father_met"),
    );
    common::each_way_into(&v, good, |from, vars, at, reply| {
        assert!(
            vars[flags] >= 1,
            "a path reaches the good ending without the red flags asked (state {from})"
        );
        assert!(
            vars[father] >= 1,
            "a path reaches the good ending with his fear about his father never met (state {from})"
        );
        assert!(
            vars[chose] >= 1,
            "a path reaches the good ending with a plan he never chose (state {from})"
        );
        // The reply into the ending may give the net itself: the close's teach-back does, where it was not
        // given before.
        let gives_net = v.nodes[at].replies[reply]
            .set
            .iter()
            .any(|&(k, x)| k == net && x >= 1);
        assert!(
            vars[net] >= 1 || gives_net,
            "a path reaches the good ending without the cauda equina safety net (state {from})"
        );
    });
}

#[test]
fn the_replies_that_count_as_asking_and_safety_netting_say_what_they_must() {
    let v = vignette();
    let (flags, net) = (common::var(&v, "red_flags"), common::var(&v, "safety_net"));
    let mut asking = 0;
    let mut netting = 0;
    for n in &v.nodes {
        for r in &n.replies {
            let text = r.text.to_lowercase();
            for &(k, value) in &r.set {
                if k == flags && value >= 1 {
                    asking += 1;
                    for topic in ["bladder", "bowel", "cancer", "weight", "fever", "night"] {
                        assert!(
                            text.contains(topic),
                            "{}: sets red_flags without asking about `{topic}`: {}",
                            n.id,
                            r.text
                        );
                    }
                }
                if k == net && value >= 1 {
                    netting += 1;
                    for topic in [
                        "numbness between your legs",
                        "genitals",
                        "erections",
                        "both legs",
                        "bladder",
                        "a&e",
                        "card",
                    ] {
                        assert!(
                            text.contains(topic),
                            "{}: sets safety_net without `{topic}`: {}",
                            n.id,
                            r.text
                        );
                    }
                }
            }
        }
    }
    assert!(
        asking >= 2 && netting >= 2,
        "{asking} asking, {netting} netting"
    );
}

#[test]
fn the_best_path_lets_him_finish_asks_the_red_flags_with_a_reason_and_asks_about_the_scan_before_explaining()
 {
    let v = vignette();
    let s = common::play_best_except(&v, &[]);
    assert_eq!(
        s.transcript().ending.as_ref().map(|e| e.id.as_str()),
        Some("lilys_birthday")
    );
    let turns = common::said(&s);
    let at = |id: &str| common::turn_at(&turns, id);
    assert!(turns[at("opening")].1.contains("tell me your story"));
    // His father comes out only at the end of an uninterrupted story.
    let father = &s.transcript().turns[at("father")];
    assert!(
        father.reaction.text.to_lowercase().contains("dad") || father.said.contains("dad"),
        "{father:?}"
    );
    assert!(turns[at("red_flags")].1.contains("i ask everyone"));
    assert!(
        turns[at("red_flags")].1.contains("down either leg"),
        "leg symptoms asked (NICE NG59: low back pain or sciatica)"
    );
    assert!(at("father") < at("red_flags"), "red flags after the story");
    assert!(turns[at("mri")].1.contains("mean to you"));
    assert!(at("mri_meaning") < at("explain"));
    assert!(turns[at("mri_meaning")].1.contains("can i tell you"));
    let explain = &turns[at("explain")].1;
    assert!(explain.contains("no back pain"), "{explain}");
    let goal = &turns[at("goal_named")].1;
    assert!(goal.contains("by when"), "a SMART step he sets: {goal}");
    let hopes = &turns[at("hopes")].1;
    assert!(
        hopes.contains("what were you hoping physio would do"),
        "his expectations asked: {hopes}"
    );
    assert!(
        at("goal_named") < at("hopes") && at("hopes") < at("options"),
        "his goal, then his expectations, then the options"
    );
    let answered = &s.transcript().turns[at("hopes")].reaction.text;
    assert!(
        answered.contains("massage") && answered.contains("injections"),
        "he says what he hoped for before the options: {answered}"
    );
    let options = &turns[at("option_talk")].1;
    for option in [
        "exercise",
        "graded activity",
        "phased return",
        "combines exercise with help for the worry",
        "don't recommend them",
        "a trapped nerve",
    ] {
        assert!(
            options.contains(option),
            "option talk leaves out `{option}`"
        );
    }
    assert!(
        turns.last().unwrap().1.contains("a&e"),
        "teach-back of the safety net"
    );
}

#[test]
fn going_to_the_options_without_asking_what_he_hopes_for_leaves_the_alliance_weaker() {
    let v = vignette();
    let best = common::play_best_except(&v, &[]);
    for skip in ["Great. Let me tell you", "Six weeks is tight"] {
        let s = common::play_best_except(&v, &[("hopes", skip)]);
        let turns = common::said(&s);
        assert!(
            !turns.iter().any(|(_, t)| t.contains("hoping physio")),
            "{skip}: {turns:?}"
        );
        assert!(
            s.state().alliance() < best.state().alliance(),
            "{skip}: the alliance ends at {} without his expectations asked, {} with them",
            s.state().alliance(),
            best.state().alliance()
        );
    }
}

#[test]
fn words_that_harm_are_never_the_best_reply_and_always_strain() {
    let v = vignette();
    let harmful = [
        "normal at your age",
        "avoid bending",
        "protect your spine",
        "no heavy lifting or bending",
        "three out of ten",
    ];
    let s = common::play_best_except(&v, &[]);
    for (n, text) in common::said(&s) {
        for words in harmful {
            assert!(!text.contains(words), "{n}: the best path says `{words}`");
        }
    }
    for words in harmful {
        let reply = v
            .nodes
            .iter()
            .flat_map(|n| &n.replies)
            .find(|r| r.text.to_lowercase().contains(words))
            .unwrap_or_else(|| panic!("a tempting reply says `{words}`"));
        assert!(
            common::value_alone(&reply.codes) < 0.0,
            "`{}` should strain",
            reply.text
        );
    }
}

#[test]
fn skipping_the_red_flags_closes_the_good_ending_unless_the_trainee_goes_back_before_the_plan() {
    let v = vignette();
    // Skipped, and the chance to go back passed over at the options: no good ending.
    let s = common::play_best_except(
        &v,
        &[
            ("red_flags", "Shall we start with that scan"),
            ("options", "We could start with some massage"),
        ],
    );
    assert_ne!(
        s.transcript().ending.as_ref().map(|e| e.outcome),
        Some(Outcome::Good)
    );
    // Skipped, then the best reply at the options goes back for them, and the good ending can still be earned.
    let s = common::play_best_except(&v, &[("red_flags", "Shall we start with that scan")]);
    let turns = common::said(&s);
    assert!(
        turns
            .iter()
            .any(|(n, t)| n == "options" && t.contains("go back a step")),
        "{turns:?}"
    );
    assert_eq!(
        s.transcript().ending.as_ref().map(|e| e.outcome),
        Some(Outcome::Good)
    );
}

#[test]
fn interrupting_his_story_keeps_his_fear_unsaid_unless_the_interruption_is_repaired() {
    let v = vignette();
    let interrupt = ("story", "Did you feel anything go");
    let s = common::play_best_except(&v, &[interrupt, ("father", "OK. Is it just in your back")]);
    let t = s.transcript();
    assert!(
        !t.turns
            .iter()
            .any(|t| t.reaction.text.contains("my dad") || t.reaction.text.contains("My dad")),
        "his father came out after all"
    );
    assert_ne!(t.ending.as_ref().map(|e| e.outcome), Some(Outcome::Good));
    // The best reply after the interruption repairs it, and he finishes his story.
    let s = common::play_best_except(&v, &[interrupt]);
    let turns = common::said(&s);
    assert!(
        turns
            .iter()
            .any(|(n, t)| n == "father" && t.contains("cut across you")),
        "{turns:?}"
    );
    assert_eq!(
        s.transcript().ending.as_ref().map(|e| e.outcome),
        Some(Outcome::Good)
    );
}
