//! The class report trusts no verdict a file states: every one is derived again from the attempt's transcript
//! and the criteria, a stored debrief or alliance that does not follow from the turns is flagged, and a reused
//! submission or attempt id is flagged and never written twice into statements.json.

mod common;

use std::path::{Path, PathBuf};

use alliance::assign::{Submission, open, seal};
use serde_json::Value;

/// A failing submission: one attempt that advises, presses on and leaves the rupture open.
fn failing_submission(data: &Path) -> Submission {
    let o = common::alliance(
        data,
        &[
            "play",
            "--assignment",
            common::fixture("assignments/mini.yaml").to_str().unwrap(),
            "--pseudonym",
            "Blue Fox",
            "--seed",
            "3",
            "--replies",
            "2,2,2",
        ],
        "",
    );
    assert!(o.status.success());
    let dir = data.join("submissions");
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let s = open(&std::fs::read(&file).unwrap()).unwrap().submission;
    std::fs::remove_file(file).unwrap();
    assert!(!s.passed);
    s
}

/// Writes `s` re-sealed (a valid checksum, as a forger would make one) into `dir` as `name`.
fn forge(dir: &Path, name: &str, s: &Submission) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, seal(s)).unwrap();
    p
}

fn class(data: &Path, folder: &Path) -> (String, String, Value) {
    let out = tempfile::tempdir().unwrap();
    let o = common::alliance(
        data,
        &[
            "class",
            folder.to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
        ],
        "",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = std::fs::read_to_string(out.path().join("attempts.csv")).unwrap();
    let xapi: Value =
        serde_json::from_slice(&std::fs::read(out.path().join("statements.json")).unwrap())
            .unwrap();
    (String::from_utf8_lossy(&o.stdout).into_owned(), csv, xapi)
}

/// The `passed` cell of each counted attempt row.
fn passed_cells(csv: &str) -> Vec<String> {
    // Counted from the right, by the header: the reason, the one cell here that can hold a comma, is on the left.
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let from_end = header.len() - 1 - header.iter().position(|h| *h == "passed").unwrap();
    csv.lines()
        .skip(1)
        .filter(|l| l.contains(",counted,"))
        .map(|l| l.rsplit(',').nth(from_end).unwrap().to_owned())
        .collect()
}

#[test]
fn a_flipped_verdict_is_graded_again_from_the_transcript() {
    let data = tempfile::tempdir().unwrap();
    let mut s = failing_submission(data.path());
    let a = &mut s.vignettes[0].attempts[0];
    a.verdict.passed = true;
    for c in &mut a.verdict.checks {
        c.passed = true;
    }
    s.vignettes[0].passed = true;
    s.passed = true;
    let folder = tempfile::tempdir().unwrap();
    let f = forge(folder.path(), "forged.json", &s);
    let (_, csv, _) = class(data.path(), folder.path());
    assert_eq!(passed_cells(&csv), ["false"], "{csv}");
    // `report` shows the verdict derived again too.
    let o = common::alliance(data.path(), &["report", f.to_str().unwrap()], "");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("by Blue Fox: NOT PASSED"), "{out}");
}

#[test]
fn a_debrief_or_alliance_that_does_not_follow_from_the_turns_is_flagged() {
    let data = tempfile::tempdir().unwrap();
    let base = failing_submission(data.path());
    let folder = tempfile::tempdir().unwrap();
    // A debrief edited to a perfect WAI-SR, the verdict with it.
    let mut s = base.clone();
    s.submission_id = "00000000-0000-4000-8000-000000000001".into();
    s.pseudonym = "Debrief Editor".into();
    s.vignettes[0].attempts[0].registration = "00000000-0000-4000-8000-00000000000a".into();
    s.vignettes[0].attempts[0].debrief.wai_sr.total = 60;
    s.regrade(None);
    forge(folder.path(), "a-debrief.json", &s);
    // A transcript whose last alliance was raised by hand.
    let mut t = base.clone();
    t.submission_id = "00000000-0000-4000-8000-000000000002".into();
    t.pseudonym = "Turn Editor".into();
    t.vignettes[0].attempts[0].registration = "00000000-0000-4000-8000-00000000000b".into();
    let turns = &mut t.vignettes[0].attempts[0].transcript.turns;
    turns.last_mut().unwrap().after.bond = 100.0;
    forge(folder.path(), "b-turns.json", &t);
    let (out, csv, _) = class(data.path(), folder.path());
    assert!(
        out.contains("flagged: a-debrief.json")
            && out.contains("its stored debrief does not follow from its transcript"),
        "{out}"
    );
    assert!(
        out.contains("flagged: b-turns.json")
            && out.contains("do not give the alliance and ending it stores"),
        "{out}"
    );
    assert!(csv.contains("flagged:inconsistent"), "{csv}");
    assert_eq!(passed_cells(&csv), ["false", "false"], "{csv}");
}

#[test]
fn reused_ids_are_flagged_and_never_written_twice_as_statements() {
    let data = tempfile::tempdir().unwrap();
    let s = failing_submission(data.path());
    let folder = tempfile::tempdir().unwrap();
    forge(folder.path(), "a.json", &s);
    // A copy handed in under another pseudonym: new content, the same ids.
    let mut copy = s.clone();
    copy.pseudonym = "Red Owl".into();
    forge(folder.path(), "b.json", &copy);
    let (out, csv, xapi) = class(data.path(), folder.path());
    assert!(out.contains("2 submissions counted"), "{out}");
    assert!(
        out.contains(&format!(
            "flagged: b.json: submission id {} is also in a.json",
            s.submission_id
        )),
        "{out}"
    );
    assert!(out.contains("attempt id"), "{out}");
    assert!(
        !out.contains("flagged: a.json"),
        "a genuine file is not flagged: {out}"
    );
    assert!(csv.contains("flagged:reused_id"), "{csv}");
    let ids: Vec<&str> = xapi
        .as_array()
        .unwrap()
        .iter()
        .map(|st| st["id"].as_str().unwrap())
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "no statement id twice");
    assert!(!ids.is_empty());
}
