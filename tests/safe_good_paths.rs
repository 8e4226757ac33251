//! A good ending is safe care: in the shipped diabetes and prosthetic vignettes no path reaches a good ending without the
//! questions the clinical situation needs, asked well (issue 11). Proven over every path with the interval walk.

mod common;

use std::sync::Arc;

use alliance::analysis::interval::{self, Place};
use alliance::engine::rules::apply_variables;
use alliance::scoring::Rubric;
use alliance::vignette::BehaviourCode::{self, *};
use alliance::vignette::model::Outcome;
use alliance::vignette::{Target, Vignette};

/// A safety step: the variable its replies set, and words each of those replies must contain (any one of them).
struct Step {
    var: &'static str,
    words: &'static [&'static str],
}

const HYPO: &[Step] = &[
    Step {
        var: "asked_awareness",
        words: &["going low", "warning"],
    },
    Step {
        var: "asked_help",
        words: &["glucagon"],
    },
    Step {
        var: "raised_driving",
        words: &["driv"],
    },
    Step {
        var: "raised_ketones",
        words: &["ketones"],
    },
];

const AMBIVALENCE: &[Step] = &[Step {
    var: "raised_intensification",
    words: &["medicine", "tablet"],
}];

/// A new amputee with diabetes whose socket rubs, who has fallen at night (four-sessions-no-better): the skin and
/// the other foot looked at (NICE NG19), the fall asked about and a plan for the nights made or arranged.
const FOLLOW_UP: &[Step] = &[
    Step {
        var: "checked_skin",
        words: &["look"],
    },
    Step {
        var: "asked_fall",
        words: &["fall", "night"],
    },
];

const NON_ADHERENT: [BehaviourCode; 5] = [
    Persuade,
    Confront,
    Judging,
    PrematureReassurance,
    UnexplainedJargon,
];

fn vignette(id: &str) -> Arc<Vignette> {
    common::shipped()
        .get(id)
        .unwrap_or_else(|| panic!("`{id}` is shipped"))
}

fn var(v: &Vignette, name: &str) -> usize {
    v.variables
        .iter()
        .position(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{}: no variable `{name}`", v.id))
}

/// Every move into a good ending, over every path the interval walk allows, has each step's variable set.
fn good_endings_need(id: &str, steps: &[Step]) {
    let v = vignette(id);
    let rubric = Rubric::shipped();
    let iw = interval::walk(&v, &rubric, 2_000_000);
    assert!(iw.complete, "{id}: the interval walk did not finish");
    let wanted: Vec<usize> = steps.iter().map(|s| var(&v, s.var)).collect();
    let mut good_moves = 0;
    for (from, edges) in iw.edges.iter().enumerate() {
        let Place::Node(n) = iw.states[from].skeleton.at else {
            continue;
        };
        for e in edges {
            let good = e.to.iter().any(|&t| {
                matches!(iw.states[t].skeleton.at,
                    Place::Ending(k) if v.endings[k].outcome == Outcome::Good)
            });
            if !good {
                continue;
            }
            good_moves += 1;
            let mut vars = iw.states[from].skeleton.vars().to_vec();
            apply_variables(&v.nodes[n].replies[e.reply], &mut vars);
            for (step, &i) in steps.iter().zip(&wanted) {
                assert!(
                    vars[i] >= 1,
                    "{id}: a path reaches a good ending from `{}` without `{}`",
                    v.nodes[n].id,
                    step.var
                );
            }
        }
    }
    assert!(good_moves > 0, "{id}: no path reaches a good ending");
}

/// The replies that count as asking do say it, and at least one of them asks well: it builds the alliance and no
/// non-adherent code (persuade, confront, judging, reassurance, jargon) rides along. (A clumsy checklist may
/// also count as asked: the patient's reaction to it is the lesson there.)
fn the_asking_replies_ask_well(id: &str, steps: &[Step]) {
    let v = vignette(id);
    for step in steps {
        let i = var(&v, step.var);
        let setters: Vec<_> = v
            .nodes
            .iter()
            .flat_map(|n| &n.replies)
            .filter(|r| r.set.iter().chain(&r.add).any(|&(k, x)| k == i && x > 0))
            .collect();
        for r in &setters {
            let text = r.text.to_lowercase();
            assert!(
                step.words.iter().any(|w| text.contains(w)),
                "{id}: \"{}\" sets `{}` but does not say it",
                r.text,
                step.var
            );
        }
        assert!(
            setters
                .iter()
                .any(|r| !r.codes.iter().any(|c| NON_ADHERENT.contains(c))
                    && common::value_alone(&r.codes)
                        + r.effects.bond
                        + r.effects.goal
                        + r.effects.task
                        > 0.0),
            "{id}: nothing asks `{}` well",
            step.var
        );
    }
}

#[test]
fn after_a_severe_night_time_hypo_no_good_ending_skips_awareness_glucagon_driving_or_ketones() {
    good_endings_need("fear-of-hypoglycaemia", HYPO);
    the_asking_replies_ask_well("fear-of-hypoglycaemia", HYPO);
}

#[test]
fn ketones_are_raised_only_after_permission_was_asked() {
    // The node where the ketones reply is offered is entered only through a reply that asks permission.
    let v = vignette("fear-of-hypoglycaemia");
    let i = var(&v, "raised_ketones");
    let at: Vec<usize> = v
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| {
            n.replies
                .iter()
                .any(|r| r.set.iter().any(|&(k, x)| k == i && x > 0))
        })
        .map(|(k, _)| k)
        .collect();
    assert!(!at.is_empty());
    for n in &v.nodes {
        for r in &n.replies {
            if r.dest
                .iter()
                .any(|(_, t, _)| matches!(t, Target::Node(k) if at.contains(k)))
            {
                assert!(
                    r.codes.contains(&AskPermission),
                    "\"{}\" leads to the ketones point without asking permission",
                    r.text
                );
            }
        }
    }
}

#[test]
fn with_an_hba1c_of_71_on_metformin_alone_no_good_ending_skips_treatment_intensification() {
    good_endings_need("diabetes-ambivalence", AMBIVALENCE);
    the_asking_replies_ask_well("diabetes-ambivalence", AMBIVALENCE);
}

#[test]
fn a_rubbing_socket_and_a_night_time_fall_are_never_skipped_on_the_way_to_a_good_ending() {
    good_endings_need("four-sessions-no-better", FOLLOW_UP);
    the_asking_replies_ask_well("four-sessions-no-better", FOLLOW_UP);
}
