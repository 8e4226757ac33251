//! Typed replies in other words: on the project's paraphrase set (tests/validity/paraphrases/) and on the unseen
//! one (tests/validity/paraphrases-fresh/), the matcher finds and accepts the written reply a paraphrase means at
//! least as often as docs/typed-replies.md reports, and never takes an off-topic or nonsense line for a written reply.

mod common;

use std::path::Path;

use alliance::analysis::paraphrases::{ParaphraseReport, measure, read_folder, text};
use alliance::classify::Classifier;
use alliance::scoring::Rubric;

/// The paraphrase files of `folder` (from the project's root) matched by the shipped matcher, and the report as
/// `alliance eval paraphrases FOLDER --errors` prints it (shown when an assertion fails).
fn measured(folder: &str) -> (ParaphraseReport, String) {
    let files = read_folder(&Path::new(env!("CARGO_MANIFEST_DIR")).join(folder))
        .expect("the paraphrase files read");
    let library = common::shipped();
    let report = measure(
        &files,
        |id| library.get(id),
        Classifier::shipped(),
        &Rubric::shipped(),
    )
    .expect("every paraphrase names a node and reply its vignette has");
    let shown = text(&report, folder, true);
    (report, shown)
}

#[test]
fn the_paraphrase_set_is_matched_as_reported_and_no_nonsense_is_accepted() {
    let (report, shown) = measured("tests/validity/paraphrases");
    let all = &report.overall;
    assert_eq!(all.nonsense_accepted, 0, "nonsense accepted:\n{shown}");
    assert!(
        all.mean_word_overlap <= 0.4,
        "the paraphrases copy the written words:\n{shown}"
    );
    // All seven vignettes' files are the development set: the accept rule and the near-words
    // (dialogues/matching/near-words.yaml) were chosen looking at every one of them, so there is one set of floors
    // over the merged folder. An unseen set is the honest measure (docs/typed-replies.md, "The paraphrase measure").
    let n = all.paraphrases;
    assert!(n >= 300, "{n} paraphrases (issue 12 item 5: at least 120)");
    assert!(all.nonsense >= 60, "{} nonsense lines", all.nonsense);
    let share = |k: usize| k as f64 / n as f64;
    // Floors a little under what was measured (docs/typed-replies.md, "The paraphrase measure").
    assert!(share(all.top1) >= TOP1_FLOOR, "top-1 fell:\n{shown}");
    assert!(
        share(all.accepted) >= ACCEPTED_FLOOR,
        "accepted fell:\n{shown}"
    );
    assert!(
        all.accepted_wrong <= WRONG_CEILING,
        "paraphrases taken for another reply:\n{shown}"
    );
}

const TOP1_FLOOR: f64 = 0.95;
const ACCEPTED_FLOOR: f64 = 0.87;
/// One line reads closer to a neighbouring reply than to the one meant (`alliance eval paraphrases
/// tests/validity/paraphrases --errors` names it); one more is allowed.
const WRONG_CEILING: usize = 2;

/// The unseen set, written by someone who neither ran nor read the matcher, measured after the matcher, the
/// near-words and the shipped `also:` phrasings were done and never used to tune them (its README): the honest
/// figure for issue 12 item 5 (≥ 70% accepted, no nonsense taken). Floors a little under the one measurement.
#[test]
fn an_unseen_paraphrase_set_is_accepted_as_reported_and_no_nonsense_is_taken() {
    let (report, shown) = measured("tests/validity/paraphrases-fresh");
    let all = &report.overall;
    assert!(all.paraphrases >= 160 && all.nonsense >= 35, "{shown}");
    assert_eq!(all.nonsense_accepted, 0, "nonsense accepted:\n{shown}");
    let share = |k: usize| k as f64 / all.paraphrases as f64;
    assert!(share(all.top1) >= 0.93, "top-1 fell:\n{shown}");
    assert!(share(all.accepted) >= 0.83, "accepted fell:\n{shown}");
    assert!(all.accepted_wrong <= 3, "taken for another reply:\n{shown}");
}

/// The near-word probe (tests/validity/near-word-nonsense/): off-topic lines that share a word or a near-word with a
/// short reply written at their node ("My dog is scared of the hoover." where "Going low scares you." is written).
/// One shared word no longer carries a line that brings two words said nowhere at that point (all of the first 26
/// lines are refused); lines sharing two or three common words with a short reply ("You'd rather do the crossword
/// yourself.") still can be taken, 8 of the 46 when measured (docs/typed-replies.md, "Limits"). A ceiling a
/// little above that.
#[test]
fn few_off_topic_lines_sharing_a_word_with_a_short_reply_are_taken() {
    let (report, shown) = measured("tests/validity/near-word-nonsense");
    let all = &report.overall;
    assert!(all.nonsense >= 46, "{} probe lines", all.nonsense);
    assert!(all.nonsense_accepted <= 10, "probe lines taken:\n{shown}");
}
