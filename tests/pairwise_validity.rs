//! Pairwise validity: for each pair of typed replies in tests/validity/pairs.yaml (written for this project from
//! MITI 4.2.1 and the seeds), where clinicians trained in MI would agree which builds the alliance more, the
//! better reply must score higher when typed at that decision point, read and scored exactly as in play. Target:
//! at least 95% of pairs. `cargo test --test pairwise_validity -- --nocapture` prints each failure and the rate.

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;

use alliance::analysis::score::{score_line, value};
use alliance::classify::Classifier;
use alliance::scoring::Rubric;
use serde::Deserialize;

#[derive(Deserialize)]
struct PairFile {
    pairs: Vec<Pair>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Pair {
    vignette: String,
    at: String,
    kind: String,
    better: String,
    worse: String,
    why: String,
}

const AGREEMENT_AT_LEAST: f64 = 0.95;

const KINDS: [&str; 10] = [
    "reflection-vs-advice",
    "reflection-vs-reassurance",
    "affirmation-vs-judgement",
    "repair-vs-defence",
    "autonomy-vs-persuasion",
    "short-vs-long-with-vice",
    "cue-vs-fact",
    "summary-vs-any-questions",
    "safety-vs-reassurance",
    "double-vs-one-sided",
];

fn pairs() -> Vec<Pair> {
    let path = common::fixture("../validity/pairs.yaml");
    let text = std::fs::read_to_string(&path).expect("tests/validity/pairs.yaml");
    serde_saphyr::from_str::<PairFile>(&text)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .pairs
}

#[test]
fn the_set_has_sixty_pairs_covering_every_contrast_on_every_shipped_vignette() {
    let pairs = pairs();
    assert!(pairs.len() >= 60, "{} pairs", pairs.len());
    let lib = common::shipped();
    for p in &pairs {
        assert!(KINDS.contains(&p.kind.as_str()), "unknown kind {}", p.kind);
        assert!(!p.why.is_empty() && p.better != p.worse);
        let v = lib
            .get(&p.vignette)
            .unwrap_or_else(|| panic!("{} is shipped", p.vignette));
        assert!(
            v.nodes.iter().any(|n| n.id == p.at),
            "{} has no node `{}`",
            p.vignette,
            p.at
        );
    }
    for kind in KINDS {
        assert!(
            pairs.iter().any(|p| p.kind == kind),
            "no pair of kind {kind}"
        );
    }
    for v in &lib.vignettes {
        assert!(
            pairs.iter().filter(|p| p.vignette == v.id).count() >= 15,
            "{}",
            v.id
        );
    }
}

#[test]
fn the_better_reply_of_a_pair_scores_higher_at_least_95_percent_of_the_time() {
    let lib = common::shipped();
    let rubric = Arc::new(Rubric::shipped());
    let classifier = Classifier::shipped();
    let pairs = pairs();
    let mut failures = Vec::new();
    let mut by_kind: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    // Where each decision point is reached (`alliance score` finds the way once), so both replies of a pair and
    // every pair at the same point are scored in the same conversation.
    let mut ways: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for p in &pairs {
        let v = lib.get(&p.vignette).expect("shipped");
        let key = (p.vignette.clone(), p.at.clone());
        let score = |text: &str, after: Option<&[usize]>| {
            score_line(&v, &rubric, classifier, &p.at, after, text)
                .unwrap_or_else(|e| panic!("{} at {}: {e}", p.vignette, p.at))
        };
        let b = score(&p.better, ways.get(&key).map(Vec::as_slice));
        let w = score(&p.worse, Some(&b.after));
        ways.insert(key, b.after.clone());
        let agreed = value(&b) > value(&w);
        let tally = by_kind.entry(p.kind.as_str()).or_default();
        tally.1 += 1;
        if agreed {
            tally.0 += 1;
        } else {
            failures.push(format!(
                "{} at {} ({}):\n  better {:+.1} {:?} \"{}\"\n  worse  {:+.1} {:?} \"{}\"",
                p.vignette,
                p.at,
                p.kind,
                value(&b),
                b.turn.codes,
                p.better,
                value(&w),
                w.turn.codes,
                p.worse
            ));
        }
    }
    let rate = 1.0 - failures.len() as f64 / pairs.len() as f64;
    println!(
        "pairwise agreement: {:.1}% ({} of {})",
        100.0 * rate,
        pairs.len() - failures.len(),
        pairs.len()
    );
    for (kind, (ok, n)) in &by_kind {
        println!("  {kind:<28} {ok}/{n}");
    }
    for f in &failures {
        println!("{f}");
    }
    assert!(
        rate >= AGREEMENT_AT_LEAST,
        "agreement {:.1}% is under {:.0}%:\n{}",
        100.0 * rate,
        100.0 * AGREEMENT_AT_LEAST,
        failures.join("\n")
    );
}
