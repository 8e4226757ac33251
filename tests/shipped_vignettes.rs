//! The shipped vignettes teach as VIGNETTES.md asks: long enough, every decision a real choice, ruptures with a
//! chance to repair, the seeds' exemplar lines among the strengthening replies, and every random play ends.

mod common;

use std::sync::Arc;

use alliance::engine::{Mode, Session};
use alliance::scoring::Rubric;
use alliance::vignette::BehaviourCode::*;
use alliance::vignette::Vignette;
use alliance::vignette::model::Outcome;
use rand::{RngExt, SeedableRng};

/// Every vignette that ships, and only those (issue 14: seven).
const SHIPPED: &[&str] = &[
    "diabetes-ambivalence",
    "fear-of-hypoglycaemia",
    "four-sessions-no-better",
    "low-back-pain",
    "reluctant-patient",
    "the-shrinker",
    "type-1-at-school",
];

/// Phrases from each seed's exemplar clinician lines (seeds 000, 002, 003 and 004) that must appear in a
/// strengthening reply.
const EXEMPLARS: &[(&str, &[&str])] = &[
    (
        "diabetes-ambivalence",
        &[
            "other things important to you",
            "less hard on yourself",
            "things getting worse",
        ],
    ),
    (
        "fear-of-hypoglycaemia",
        &[
            "feeling anxious about taking your insulin",
            "fend for themselves",
        ],
    ),
    (
        "reluctant-patient",
        &[
            "how do you think i can be helpful",
            "thank you for being honest",
            "am or am not",
        ],
    ),
    // Seed 002 (Bordin): the task linked vividly to the patient's own wish.
    (
        "the-shrinker",
        &[
            "how you walk emma down the aisle",
            "what are you hoping a new leg",
        ],
    ),
    ("low-back-pain", &["tell me your story"]),
];

fn vignette(id: &str) -> Arc<Vignette> {
    common::shipped()
        .get(id)
        .unwrap_or_else(|| panic!("`{id}` is shipped"))
}

fn normalise(s: &str) -> String {
    s.to_lowercase()
        .replace(['’', '‘'], "'")
        .replace(['“', '”'], "\"")
}

fn best_path(v: &Arc<Vignette>) -> Session {
    let mut s = Session::new(
        Arc::clone(v),
        Arc::new(Rubric::shipped()),
        1,
        Mode::Practice,
    );
    for _ in 0..200 {
        if s.is_over() {
            break;
        }
        let i = s.best_offered().unwrap();
        s.choose(i).unwrap();
    }
    s
}

#[test]
fn the_listed_vignettes_are_shipped_and_load_cleanly() {
    let (lib, report) = alliance::library::Library::shipped();
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    for &id in SHIPPED {
        assert!(lib.get(id).is_some(), "{id} missing");
    }
    let mut ids: Vec<&str> = lib.vignettes.iter().map(|v| v.id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(ids, SHIPPED, "the shipped vignettes are these, no more");
}

/// Loading skips the whole-graph analysis for the shipped vignettes; this is where they get it.
#[test]
fn the_shipped_vignettes_pass_the_whole_check_with_no_warning() {
    let report = alliance::library::check_shipped(&Rubric::shipped());
    assert_eq!(report.files, SHIPPED.len());
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
}

#[test]
fn the_best_path_has_at_least_eight_decisions_and_ends_well() {
    for &id in SHIPPED {
        let s = best_path(&vignette(id));
        let t = s.transcript();
        assert!(
            t.turns.len() >= 8,
            "{id}: best path has {} decisions",
            t.turns.len()
        );
        assert_eq!(
            t.ending.as_ref().map(|e| e.outcome),
            Some(Outcome::Good),
            "{id}"
        );
    }
}

#[test]
fn every_decision_offers_strengthening_and_straining_replies() {
    for &id in SHIPPED {
        let v = vignette(id);
        for node in &v.nodes {
            assert!(
                node.replies.len() >= 3,
                "{id}/{}: {} replies",
                node.id,
                node.replies.len()
            );
            let values: Vec<f64> = node
                .replies
                .iter()
                .map(|r| common::value_alone(&r.codes))
                .collect();
            let best = values.iter().cloned().fold(f64::MIN, f64::max);
            let worst = values.iter().cloned().fold(f64::MAX, f64::min);
            assert!(best > worst, "{id}/{}: all replies score alike", node.id);
            for r in &node.replies {
                assert!(
                    r.feedback.len() > 40,
                    "{id}/{}: thin feedback on \"{}\"",
                    node.id,
                    r.text
                );
            }
        }
    }
}

#[test]
fn at_least_three_endings_from_good_to_poor() {
    for &id in SHIPPED {
        let v = vignette(id);
        assert!(v.endings.len() >= 3, "{id}");
        for o in [Outcome::Good, Outcome::Mixed, Outcome::Poor] {
            assert!(
                v.endings.iter().any(|e| e.outcome == o),
                "{id}: no {o:?} ending"
            );
        }
    }
}

#[test]
fn every_rupture_is_followed_by_a_chance_to_repair() {
    let repairs = [
        SimpleReflection,
        ComplexReflection,
        AcknowledgeStrain,
        InviteCorrection,
        EmphasizingAutonomy,
    ];
    for &id in SHIPPED {
        let v = vignette(id);
        let mut ruptures = 0;
        for node in &v.nodes {
            let marked = node.patient.rupture.is_some()
                || node.variants.iter().any(|(_, t)| t.rupture.is_some());
            if marked {
                ruptures += 1;
                assert!(
                    node.replies
                        .iter()
                        .any(|r| r.codes.iter().any(|c| repairs.contains(c))),
                    "{id}/{}: a rupture with no repairing reply",
                    node.id
                );
            }
        }
        assert!(ruptures >= 1, "{id}: no rupture marker");
    }
}

#[test]
fn the_seeds_exemplar_lines_are_among_the_strengthening_replies() {
    for &(id, phrases) in EXEMPLARS {
        let v = vignette(id);
        for phrase in phrases {
            let reply = v
                .nodes
                .iter()
                .flat_map(|n| &n.replies)
                .find(|r| normalise(&r.text).contains(phrase))
                .unwrap_or_else(|| panic!("{id}: no reply contains \"{phrase}\""));
            assert!(
                common::value_alone(&reply.codes) > 0.0,
                "{id}: \"{}\" should strengthen",
                reply.text
            );
        }
        // And their paternalistic opposites strain.
        let straining = v
            .nodes
            .iter()
            .flat_map(|n| &n.replies)
            .filter(|r| {
                r.codes
                    .iter()
                    .any(|c| [Persuade, Confront, Judging, PrematureReassurance].contains(c))
            })
            .filter(|r| common::value_alone(&r.codes) < 0.0)
            .count();
        assert!(
            straining >= 3,
            "{id}: only {straining} paternalistic replies"
        );
    }
}

#[test]
fn every_patient_turn_shows_a_nonverbal_cue_and_the_vignette_says_it_is_training_material() {
    for &id in SHIPPED {
        let v = vignette(id);
        assert!(
            normalise(&v.disclaimer).contains("not clinical guidance"),
            "{id}"
        );
        assert!(
            v.sources
                .iter()
                .any(|(seed, _)| seed.as_deref().is_some_and(|s| s.ends_with(".txt"))),
            "{id} cites a seed file"
        );
        let turns = v
            .nodes
            .iter()
            .flat_map(|n| std::iter::once(&n.patient).chain(n.variants.iter().map(|(_, t)| t)))
            .chain(v.endings.iter().map(|e| &e.patient));
        for t in turns {
            assert!(t.cue.len() >= 5, "{id}: cue `{}`", t.cue);
            assert!(t.say.iter().all(|s| s.len() >= 2));
        }
    }
}

/// The seeds live beside the project (`../shared/seeds`), not in it: a fresh clone without them lists this test
/// as ignored; `.ci/run`, which has them, runs it with `--include-ignored`, and it fails if they are missing.
#[test]
#[ignore = "needs the seed documents beside the project (../shared/seeds); .ci/run runs this"]
fn cited_seed_files_exist_when_the_seeds_are_beside_the_project() {
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    assert!(
        seeds.is_dir(),
        "{} is not present on this machine",
        seeds.display()
    );
    for &id in SHIPPED {
        for (seed, _) in &vignette(id).sources {
            if let Some(seed) = seed {
                assert!(
                    seeds.join(seed).is_file(),
                    "{id} cites {seed}, which is not in shared/seeds"
                );
            }
        }
    }
}

#[test]
fn random_play_always_reaches_an_ending() {
    const BOUND: usize = 120;
    for &id in SHIPPED {
        let v = vignette(id);
        let mut endings = std::collections::BTreeSet::new();
        for seed in 0..400u64 {
            let mut rng = rand_pcg::Pcg32::seed_from_u64(seed);
            let mut s = Session::new(
                Arc::clone(&v),
                Arc::new(Rubric::shipped()),
                seed,
                Mode::Practice,
            );
            let mut steps = 0;
            while !s.is_over() {
                let offered = s.offered();
                assert!(!offered.is_empty(), "{id}: stranded at {:?}", s.node_id());
                let pick = offered[rng.random_range(0..offered.len())].index;
                s.choose(pick).unwrap();
                steps += 1;
                assert!(
                    steps <= BOUND,
                    "{id} seed {seed}: no ending after {BOUND} replies"
                );
            }
            endings.insert(s.transcript().ending.as_ref().unwrap().id.clone());
        }
        assert!(
            endings.len() >= 3,
            "{id}: random play reached only {endings:?}"
        );
    }
}
