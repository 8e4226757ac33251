//! Golden transcripts: each shipped vignette played with a fixed seed and fixed replies, the whole debrief JSON
//! compared with a committed expectation (blade-ink's conformance style). Any change to a vignette, the rubric
//! or the engine that moves a debrief shows up here, line by line.
//!
//! To accept an intended change: `UPDATE_GOLDEN=1 cargo test --test golden_transcripts`, then review the diff.

mod common;

use alliance::report::{Debrief, MomentKind, debrief};
use alliance::scoring::Rubric;
use alliance::vignette::model::Outcome;

struct Case {
    vignette: &'static str,
    name: &'static str,
    seed: u64,
    /// Replies by their shown numbers (1-based), as a trainee picks them.
    replies: &'static [usize],
    outcome: Outcome,
}

const CASES: &[Case] = &[
    Case {
        vignette: "diabetes-ambivalence",
        name: "best",
        seed: 1,
        replies: &[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
        outcome: Outcome::Good,
    },
    Case {
        vignette: "diabetes-ambivalence",
        name: "straining",
        seed: 1,
        replies: &[2, 3, 2, 2, 3, 3, 3, 2, 3, 5, 3, 3, 3, 3, 3, 3],
        outcome: Outcome::Poor,
    },
    Case {
        vignette: "diabetes-ambivalence",
        name: "repair",
        seed: 1,
        replies: &[1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
        outcome: Outcome::Good,
    },
    Case {
        vignette: "fear-of-hypoglycaemia",
        name: "best",
        seed: 1,
        replies: &[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
        outcome: Outcome::Good,
    },
    Case {
        vignette: "fear-of-hypoglycaemia",
        name: "straining",
        seed: 1,
        replies: &[2, 4, 2, 4, 2, 2, 3, 3, 4, 3, 2, 2, 2, 2, 3],
        outcome: Outcome::Poor,
    },
    Case {
        vignette: "fear-of-hypoglycaemia",
        name: "repair",
        seed: 1,
        replies: &[1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
        outcome: Outcome::Good,
    },
    Case {
        vignette: "reluctant-patient",
        name: "best",
        seed: 1,
        replies: &[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
        outcome: Outcome::Good,
    },
    Case {
        vignette: "reluctant-patient",
        name: "straining",
        seed: 1,
        replies: &[2, 2, 2, 3, 2, 3, 3, 3, 2, 2, 5, 5, 3, 3, 2, 3, 3],
        outcome: Outcome::Poor,
    },
    Case {
        vignette: "reluctant-patient",
        name: "repair",
        seed: 1,
        replies: &[1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
        outcome: Outcome::Good,
    },
    Case {
        vignette: "four-sessions-no-better",
        name: "best",
        seed: 1,
        replies: &[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
        outcome: Outcome::Good,
    },
    Case {
        vignette: "four-sessions-no-better",
        name: "straining",
        seed: 1,
        replies: &[2, 2, 3, 2, 2, 3, 2, 3, 2, 2, 3],
        outcome: Outcome::Poor,
    },
    Case {
        vignette: "four-sessions-no-better",
        name: "repair",
        seed: 1,
        replies: &[1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
        outcome: Outcome::Good,
    },
    Case {
        vignette: "the-shrinker",
        name: "best",
        seed: 1,
        replies: &[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
        outcome: Outcome::Good,
    },
    Case {
        vignette: "the-shrinker",
        name: "straining",
        seed: 1,
        replies: &[2, 2, 2, 2, 2, 2, 4, 2, 2, 3, 2, 2, 2, 2, 2, 2, 4],
        outcome: Outcome::Poor,
    },
    Case {
        vignette: "the-shrinker",
        name: "repair",
        seed: 1,
        replies: &[1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
        outcome: Outcome::Good,
    },
    Case {
        vignette: "low-back-pain",
        name: "best",
        seed: 1,
        replies: &[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
        outcome: Outcome::Good,
    },
    // Scan first, his story interrupted, words that harm (avoid bending; protect the L4/5 disc), his fear argued
    // with, a pain goal set for him, exercise prescribed before his hopes are asked, a plan chosen for him, and
    // reassurance at the door.
    Case {
        vignette: "low-back-pain",
        name: "straining",
        seed: 1,
        replies: &[2, 2, 6, 4, 3, 3, 3, 2, 3, 3, 2, 3, 3, 4, 3, 5],
        outcome: Outcome::Poor,
    },
    // His story interrupted and the interruption repaired, so the fear about his father still comes out; his
    // fear-avoidance argued with and the rupture repaired.
    Case {
        vignette: "low-back-pain",
        name: "repair",
        seed: 1,
        replies: &[1, 2, 4, 1, 1, 1, 1, 1, 1, 3, 1, 1, 1, 1, 1, 1, 1, 1],
        outcome: Outcome::Good,
    },
    Case {
        vignette: "type-1-at-school",
        name: "best",
        seed: 1,
        replies: &[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
        outcome: Outcome::Good,
    },
    Case {
        vignette: "type-1-at-school",
        name: "straining",
        seed: 1,
        replies: &[2, 4, 2, 2, 2, 2, 2, 2, 3, 2, 3, 2, 2, 2, 2, 3],
        outcome: Outcome::Poor,
    },
    Case {
        vignette: "type-1-at-school",
        name: "repair",
        seed: 1,
        replies: &[1, 3, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1],
        outcome: Outcome::Good,
    },
];

fn run(case: &Case) -> Debrief {
    let lib = common::shipped();
    let v = lib.get(case.vignette).expect("shipped");
    let s = common::play_written(v, case.seed, case.replies);
    assert!(
        s.is_over(),
        "{}/{}: the replies do not reach an ending",
        case.vignette,
        case.name
    );
    debrief(s.transcript(), &Rubric::shipped())
}

fn compare(case: &Case, d: &Debrief) {
    common::golden(
        &format!("{}--{}.json", case.vignette, case.name),
        d,
        "golden_transcripts",
    );
}

#[test]
fn every_case_matches_its_golden_debrief() {
    for case in CASES {
        let d = run(case);
        assert_eq!(
            d.ending.as_ref().map(|e| e.outcome),
            Some(case.outcome),
            "{}/{} ends at {:?}",
            case.vignette,
            case.name,
            d.ending
        );
        compare(case, &d);
    }
}

#[test]
fn each_vignette_has_a_best_a_straining_and_a_repair_path() {
    for id in common::shipped_ids() {
        for name in ["best", "straining", "repair"] {
            assert!(
                CASES.iter().any(|c| c.vignette == id && c.name == name),
                "{id}: no `{name}` golden case"
            );
        }
    }
}

#[test]
fn the_repair_paths_show_a_rupture_repaired_and_the_straining_paths_leave_one_open() {
    for case in CASES {
        let d = run(case);
        match case.name {
            "repair" => {
                assert!(!d.ruptures.is_empty(), "{}: no rupture", case.vignette);
                assert!(
                    d.ruptures.iter().any(|r| r.repaired_at.is_some()),
                    "{}: none repaired",
                    case.vignette
                );
                assert!(
                    d.moments.iter().any(|m| m.repaired),
                    "{}: no repair moment",
                    case.vignette
                );
            }
            "straining" => {
                assert!(
                    d.moments
                        .iter()
                        .any(|m| m.kind == MomentKind::Strained && m.better.is_some())
                );
                assert!(
                    d.wai_sr.total < 36,
                    "{}: WAI-SR {} after a straining path",
                    case.vignette,
                    d.wai_sr.total
                );
            }
            "best" => assert!(
                d.wai_sr.total >= 45,
                "{}: WAI-SR {} on the best path",
                case.vignette,
                d.wai_sr.total
            ),
            _ => {}
        }
    }
}
