//! Typed replies in other words: on the project's paraphrase set (tests/validity/paraphrases/), the matcher finds
//! and accepts the written reply a paraphrase means at least as often as docs/typed-replies.md reports, and
//! never takes an off-topic or nonsense line for a written reply.

mod common;

use std::path::Path;

use alliance::analysis::paraphrases::{measure, read_folder, text};
use alliance::classify::Classifier;
use alliance::scoring::Rubric;

#[test]
fn the_paraphrase_set_is_matched_as_reported_and_no_nonsense_is_accepted() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/validity/paraphrases");
    let files = read_folder(&folder).expect("the paraphrase files read");
    let library = common::shipped();
    let report = measure(
        &files,
        |id| library.get(id),
        Classifier::shipped(),
        &Rubric::shipped(),
    )
    .expect("every paraphrase names a node and reply its vignette has");
    let all = &report.overall;
    let shown = text(&report, "tests/validity/paraphrases", true);
    assert_eq!(all.nonsense_accepted, 0, "nonsense accepted:\n{shown}");
    assert!(
        all.mean_word_overlap <= 0.4,
        "the paraphrases copy the written words:\n{shown}"
    );
    // The three vignettes the threshold was chosen on (issue 12 item 5: at least 120 paraphrases), and the files
    // written for the four new vignettes, never looked at when choosing it: the honest check.
    let tuned = [
        "diabetes-ambivalence",
        "fear-of-hypoglycaemia",
        "reluctant-patient",
    ];
    let sum = |on_tuned: bool| {
        report
            .vignettes
            .iter()
            .filter(|(id, _)| tuned.contains(&id.as_str()) == on_tuned)
            .fold((0, 0, 0), |(n, top1, acc), (_, f)| {
                (n + f.paraphrases, top1 + f.top1, acc + f.accepted)
            })
    };
    let (n, top1, accepted) = sum(true);
    assert!(n >= 120, "{n} paraphrases of the tuned vignettes' replies");
    let share = |k: usize, n: usize| k as f64 / n as f64;
    // Floors a little under what was measured (docs/typed-replies.md, "Measured").
    assert!(share(top1, n) >= TOP1_FLOOR, "top-1 fell:\n{shown}");
    assert!(
        share(accepted, n) >= ACCEPTED_FLOOR,
        "accepted fell:\n{shown}"
    );
    let (n, top1, accepted) = sum(false);
    assert!(n >= 150, "{n} paraphrases of the new vignettes' replies");
    assert!(
        share(top1, n) >= HELD_OUT_TOP1_FLOOR,
        "top-1 on the held-out files fell:\n{shown}"
    );
    assert!(
        share(accepted, n) >= HELD_OUT_ACCEPTED_FLOOR,
        "accepted on the held-out files fell:\n{shown}"
    );
}

const TOP1_FLOOR: f64 = 0.92;
const ACCEPTED_FLOOR: f64 = 0.70;
const HELD_OUT_TOP1_FLOOR: f64 = 0.88;
const HELD_OUT_ACCEPTED_FLOOR: f64 = 0.60;
