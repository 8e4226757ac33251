//! `alliance eval annomi`: the metrics are computed right on a small made-up CSV (not AnnoMI text), malformed
//! files are refused with the line named, and, when the AnnoMI dev file is present, the shipped classifier
//! still reaches the figure documented in docs/classifier.md.

use std::path::{Path, PathBuf};

use alliance::classify::eval::{self, Report};
use alliance::classify::metrics::Confusion;

const HEADER: &str = "id,split,transcript_id,utterance_id,interlocutor,mi_quality,topic,utterance_text,\
prev_utterance_text,main_therapist_behaviour,question_subtype,reflection_subtype,therapist_input_subtype,\
fine_label,client_talk_type,n_annotators";

/// The dev macro-F1 measured with the shipped weights and rules is 0.720 (0.728 before the retraining of e30006b;
/// docs/classifier.md); this leaves a small margin.
const DEV_MACRO_F1_FLOOR: f64 = 0.71;

fn row(id: usize, who: &str, text: &str, prev: &str, main: &str, q: &str, r: &str) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    format!(
        "x-{id},dev,7,{id},{who},high,made up,{},{},{main},{q},{r},n/a,n/a,n/a,1",
        quote(text),
        quote(prev)
    )
}

fn write(dir: &Path, name: &str, body: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap();
    p
}

fn json_report(path: &Path) -> Report {
    let out = eval::run_annomi(path, true).expect("the made-up file is well formed");
    serde_json::from_str(&out).expect("run_annomi(json = true) returns the report as JSON")
}

#[test]
fn a_known_confusion_matrix_gives_known_figures() {
    // Gold 2 question, 2 reflection; predicted 3 question, 1 reflection (one reflection read as a question).
    let mut c = Confusion::new(&["question", "reflection"]);
    c.add(0, 0);
    c.add(0, 0);
    c.add(1, 0);
    c.add(1, 1);
    let f = c.figures();
    // question: P 2/3, R 1, F1 0.8; reflection: P 1, R 1/2, F1 2/3; macro (0.8 + 0.667) / 2.
    assert!((f.classes[0].f1 - 0.8).abs() < 1e-9);
    assert!((f.classes[1].f1 - 2.0 / 3.0).abs() < 1e-9);
    assert!((f.macro_f1 - (0.8 + 2.0 / 3.0) / 2.0).abs() < 1e-9);
    assert!((f.accuracy - 0.75).abs() < 1e-9);
    // Expected agreement (2*3 + 2*1) / 16 = 0.5, so kappa = (0.75 - 0.5) / 0.5 = 0.5.
    assert!((f.kappa - 0.5).abs() < 1e-9);
}

#[test]
fn run_annomi_scores_therapist_lines_of_a_made_up_file() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        HEADER.to_owned(),
        row(
            0,
            "therapist",
            "What brings you in today?",
            "",
            "question",
            "open",
            "n/a",
        ),
        row(
            1,
            "client",
            "My feet have been hurting, \"a lot\".",
            "What brings you in today?",
            "n/a",
            "n/a",
            "n/a",
        ),
        row(
            2,
            "therapist",
            "Sounds like the pain is really wearing you down,\nand you're worried it will get worse.",
            "My feet hurt and I'm scared it's getting worse.",
            "reflection",
            "n/a",
            "complex",
        ),
        row(
            3,
            "therapist",
            "Do you check your feet every day?",
            "Yes.",
            "question",
            "closed",
            "n/a",
        ),
        row(
            4,
            "therapist",
            "Mm-hmm.",
            "I try to.",
            "other",
            "n/a",
            "n/a",
        ),
        row(
            5,
            "therapist",
            "Research shows that daily foot checks prevent most ulcers.",
            "Okay.",
            "therapist_input",
            "n/a",
            "n/a",
        ),
    ];
    let path = write(dir.path(), "made_up.csv", &(lines.join("\n") + "\n"));
    let r = json_report(&path);
    assert_eq!(r.therapist_utterances, 5, "the client line is skipped");
    assert_eq!(r.main.n, 5);
    // The report is consistent with its own confusion matrix.
    let again = r.main.confusion.figures();
    assert!((again.macro_f1 - r.main.macro_f1).abs() < 1e-12);
    assert_eq!(r.question_subtype.n, 2, "two coded questions");
    assert_eq!(r.reflection_subtype.n, 1, "one coded reflection");
    // These plain lines are easy: all five main behaviours right.
    let correct: u64 = (0..4).map(|i| r.main.confusion.matrix[i][i]).sum();
    assert_eq!(correct, 5, "confusion: {:?}", r.main.confusion.matrix);
    let text = eval::run_annomi(&path, false).unwrap();
    for needle in [
        "macro-F1",
        "question_subtype",
        "confusion",
        "open",
        "complex",
    ] {
        let needle = if needle == "question_subtype" {
            "Question subtype"
        } else {
            needle
        };
        assert!(text.contains(needle), "text report lacks {needle}:\n{text}");
    }
}

#[test]
fn malformed_files_are_refused_with_the_line_named() {
    let dir = tempfile::tempdir().unwrap();
    let good = row(
        0,
        "therapist",
        "How are you?",
        "",
        "question",
        "open",
        "n/a",
    );
    // Line 3 has a field too few.
    let short = write(
        dir.path(),
        "short.csv",
        &format!("{HEADER}\n{good}\nx,dev,7,1,therapist,high\n"),
    );
    let err = eval::run_annomi(&short, false).unwrap_err();
    assert!(err.contains("line 3"), "{err}");
    // A quote that never closes, opened on line 3.
    let open = write(
        dir.path(),
        "open.csv",
        &format!("{HEADER}\n{good}\nx,dev,7,1,therapist,high,t,\"never closed\n"),
    );
    let err = eval::run_annomi(&open, false).unwrap_err();
    assert!(err.contains("line 3"), "{err}");
    // An unknown label on line 2.
    let bad = row(0, "therapist", "How are you?", "", "lecture", "n/a", "n/a");
    let label = write(dir.path(), "label.csv", &format!("{HEADER}\n{bad}\n"));
    let err = eval::run_annomi(&label, false).unwrap_err();
    assert!(err.contains("line 2") && err.contains("lecture"), "{err}");
    // A missing column.
    let nocol = write(dir.path(), "nocol.csv", "id,utterance_text\n1,hello\n");
    let err = eval::run_annomi(&nocol, false).unwrap_err();
    assert!(err.contains("missing column"), "{err}");
    // A missing file.
    let err = eval::run_annomi(&dir.path().join("absent.csv"), false).unwrap_err();
    assert!(err.contains("cannot read"), "{err}");
}

/// The AnnoMI dev file: `$ALLIANCE_ANNOMI_DIR/annomi_dev.csv`, else `../shared/eval/annomi/` beside the
/// project (never an absolute machine path).
fn dev_file() -> PathBuf {
    let dir = std::env::var_os("ALLIANCE_ANNOMI_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/annomi"),
        PathBuf::from,
    );
    dir.join("annomi_dev.csv")
}

/// The data set is not the project's to ship (see its README), so a fresh clone lists this test as ignored;
/// `.ci/run` runs it with `--include-ignored`, and it fails there if the file is missing.
#[test]
#[ignore = "needs the AnnoMI dev set beside the project (../shared/eval/annomi, or ALLIANCE_ANNOMI_DIR); .ci/run runs this"]
fn shipped_classifier_reaches_its_documented_dev_figure() {
    let path = dev_file();
    assert!(
        path.is_file(),
        "{} not found: set ALLIANCE_ANNOMI_DIR to the folder holding annomi_dev.csv",
        path.display()
    );
    let text = eval::run_annomi(&path, false).unwrap();
    println!("{text}");
    let r = json_report(&path);
    assert!(
        r.main.macro_f1 >= DEV_MACRO_F1_FLOOR,
        "dev macro-F1 {:.3} fell below {DEV_MACRO_F1_FLOOR}",
        r.main.macro_f1
    );
}

/// Simple vs complex reflection agreement with AnnoMI's coders on dev: kappa 0.209 measured (docs/classifier.md,
/// "Simple vs complex"); issue 12's target of 0.5 is not reached. The floor keeps it from sliding further.
const DEV_SUBTYPE_KAPPA_FLOOR: f64 = 0.18;

#[test]
#[ignore = "needs the AnnoMI dev set beside the project (../shared/eval/annomi, or ALLIANCE_ANNOMI_DIR); .ci/run runs this"]
fn reflection_subtype_agreement_holds_its_dev_figure() {
    let path = dev_file();
    assert!(
        path.is_file(),
        "{} not found: set ALLIANCE_ANNOMI_DIR to the folder holding annomi_dev.csv",
        path.display()
    );
    let r = json_report(&path);
    assert!(
        r.reflection_subtype.kappa >= DEV_SUBTYPE_KAPPA_FLOOR,
        "dev simple/complex kappa {:.3} fell below {DEV_SUBTYPE_KAPPA_FLOOR}",
        r.reflection_subtype.kappa
    );
}
