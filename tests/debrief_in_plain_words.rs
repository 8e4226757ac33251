//! The debrief speaks to the student as a tutor would: a rupture is what the patient did ("the patient pulled
//! back and agreed to end the topic"), the MITI figures are sentences with their bar, and the technical names
//! (3RS markers, MI-adherent, behaviour codes) appear only with `--details`.

mod common;

use std::sync::Arc;

use alliance::report;
use alliance::scoring::Rubric;
use common::{mini, play_numbers};

/// Advice first: the patient pulls back (a deferential-appeasing rupture), then a reflection, then "OK".
fn strained_debrief() -> report::Debrief {
    let s = play_numbers(mini(), 1, &[2, 1, 3]);
    report::debrief(s.transcript(), &Arc::new(Rubric::shipped()))
}

#[test]
fn the_student_reads_plain_words_and_the_educator_can_ask_for_the_terms() {
    let d = strained_debrief();
    for (plain, detailed) in [
        (report::text(&d), report::text_with(&d, true)),
        (report::markdown(&d), report::markdown_with(&d, true)),
    ] {
        assert!(
            plain.contains("the patient pulled back and agreed to end the topic"),
            "{plain}"
        );
        for term in [
            "deferential appeasing",
            "(withdrawal)",
            "MI-non-adherent",
            "MI-adherent",
            "Reflection-to-question",
            "fair; fair",
        ] {
            assert!(
                !plain.contains(term),
                "`{term}` shown to the student:\n{plain}"
            );
        }
        // Each MITI figure says what it means and the bar it is measured against.
        assert!(plain.contains("worked against them"), "{plain}");
        assert!(plain.contains("is fair and"), "{plain}");
        // The details keep every technical name.
        for term in [
            "deferential appeasing (withdrawal)",
            "MI-adherent",
            "MI-non-adherent",
            "Reflection-to-question ratio",
        ] {
            assert!(
                detailed.contains(term),
                "`{term}` missing from the details:\n{detailed}"
            );
        }
        assert!(
            detailed.contains("the patient pulled back and agreed to end the topic"),
            "the details add to the words, they do not replace them"
        );
    }
}

#[test]
fn alliance_report_takes_details() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let o = common::alliance(
        &data,
        &["play", "mini-review", "--seed", "1", "--replies", "2,1,3"],
        "",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let transcript = std::fs::read_dir(data.join("transcripts"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "json"))
        .expect("a transcript");
    let run = |extra: &[&str]| {
        let mut args = vec!["report", transcript.to_str().unwrap()];
        args.extend(extra);
        let o = common::alliance(&data, &args, "");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let plain = run(&[]);
    let detailed = run(&["--details"]);
    assert!(
        plain.contains("pulled back and agreed to end the topic"),
        "{plain}"
    );
    assert!(!plain.contains("deferential appeasing"), "{plain}");
    assert!(
        detailed.contains("deferential appeasing (withdrawal)"),
        "{detailed}"
    );
    let md = run(&["--details", "--format", "md"]);
    assert!(md.contains("MI-non-adherent"), "{md}");
}
