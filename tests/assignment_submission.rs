//! Assignments as a student plays them and an educator receives them: the file format and its located
//! errors, `alliance play --assignment`, the sealed submission bundle, pass/fail with reasons, the checksum.
#![cfg(feature = "terminal")]

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;

use alliance::assign::{self, Attempt, Criteria, Problem, Submission, VignetteResult};
use alliance::report;
use alliance::scoring::Rubric;
use alliance::vignette::model::Outcome;
use common::{alliance, alliance_in, fixture, mini, play_numbers};
use serde_json::Value;

fn assignment(name: &str) -> String {
    fixture(&format!("assignments/{name}"))
        .display()
        .to_string()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// The one bundle in the data dir's submissions folder, as JSON.
fn only_bundle(data: &Path) -> (PathBuf, Value) {
    let all = files(&data.join("submissions"));
    assert_eq!(all.len(), 1, "exactly one submission file: {all:?}");
    let v = serde_json::from_slice(&std::fs::read(&all[0]).unwrap()).unwrap();
    (all[0].clone(), v)
}

#[test]
fn a_scripted_assignment_writes_one_sealed_bundle_with_verdicts_and_reasons() {
    let d = tempfile::tempdir().unwrap();
    // Attempt 1 pushes advice, presses on and leaves the rupture open; attempt 2 reflects twice.
    let o = alliance(
        d.path(),
        &[
            "play",
            "--assignment",
            &assignment("mini.yaml"),
            "--pseudonym",
            "Blue Fox",
            "--seed",
            "3",
            "--replies",
            "2,2,2/1,1",
        ],
        "",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let (path, b) = only_bundle(d.path());
    assert!(
        stdout(&o).contains(&format!("Submission saved: {}", path.display())),
        "the path is printed"
    );
    assert!(
        path.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("mini-week-1-blue-fox-")
    );
    assert_eq!(b["format"], "alliance.submission/1");
    assert!(b["checksum"].as_str().unwrap().starts_with("sha256:"));
    let c = &b["content"];
    assert_eq!(c["assignment"]["id"], "mini-week-1");
    assert_eq!(c["assignment"]["title"], "Mini review practice");
    assert_eq!(c["pseudonym"], "Blue Fox");
    assert_eq!(c["alliance_version"], env!("CARGO_PKG_VERSION"));
    let v = &c["vignettes"][0];
    let attempts = v["attempts"].as_array().unwrap();
    assert_eq!(
        attempts.len(),
        2,
        "a failed first attempt is followed by the second"
    );
    let first = &attempts[0];
    assert_eq!(first["verdict"]["passed"], false);
    let details: Vec<&str> = first["verdict"]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["passed"] == false)
        .map(|c| c["detail"].as_str().unwrap())
        .collect();
    assert!(
        details
            .iter()
            .any(|d| d.contains("rupture left unrepaired: deferential appeasing")),
        "{details:?}"
    );
    assert!(
        details
            .iter()
            .any(|d| d.contains("outcome poor, needed good")),
        "{details:?}"
    );
    assert_eq!(first["transcript"]["format"], "alliance.transcript/2");
    assert_eq!(first["debrief"]["format"], "alliance.debrief/1");
    assert_eq!(first["transcript"]["turns"].as_array().unwrap().len(), 3);
    assert_eq!(first["decisions"].as_array().unwrap().len(), 3);
    assert_eq!(attempts[1]["verdict"]["passed"], true);
    assert_ne!(first["registration"], attempts[1]["registration"]);
    assert_eq!(v["passed"], true);
    assert_eq!(v["reasons"][0], "passed on attempt 2 of 2");
    assert_eq!(c["passed"], true);
    // Each attempt was also journaled as an ordinary transcript (crash safety).
    assert_eq!(files(&d.path().join("transcripts")).len(), 2);
    // The educator can read it back, and the checksum verifies.
    let r = alliance(d.path(), &["report", path.to_str().unwrap()], "");
    assert!(r.status.success(), "{}", stderr(&r));
    assert!(
        stdout(&r).contains("by Blue Fox: PASSED (checksum verified)"),
        "{}",
        stdout(&r)
    );
}

#[test]
fn the_pseudonym_is_asked_for_when_not_given_and_replies_come_from_stdin() {
    let d = tempfile::tempdir().unwrap();
    let o = alliance(
        d.path(),
        &["play", "--assignment", &assignment("mini.yaml")],
        "River 7\n1\n1\n",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let (_, b) = only_bundle(d.path());
    assert_eq!(b["content"]["pseudonym"], "River 7");
    assert_eq!(b["content"]["passed"], true);
    // A pseudonym that could be a path or markup is refused.
    let bad = alliance(
        d.path(),
        &[
            "play",
            "--assignment",
            &assignment("mini.yaml"),
            "--pseudonym",
            "../<b>",
        ],
        "",
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("pseudonym"));
}

#[test]
fn a_passed_vignette_is_not_offered_again_and_attempts_are_capped() {
    let d = tempfile::tempdir().unwrap();
    let o = alliance(
        d.path(),
        &[
            "play",
            "--assignment",
            &assignment("mini.yaml"),
            "--pseudonym",
            "a",
            "--replies",
            "1,1/2,2,2",
        ],
        "",
    );
    assert!(o.status.success());
    assert!(stderr(&o).contains("1 scripted attempt(s) for `mini-review` were not needed"));
    let (_, b) = only_bundle(d.path());
    assert_eq!(
        b["content"]["vignettes"][0]["attempts"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Two failing attempts use up the two allowed; a third list is never played.
    let d2 = tempfile::tempdir().unwrap();
    let o = alliance(
        d2.path(),
        &[
            "play",
            "--assignment",
            &assignment("mini.yaml"),
            "--pseudonym",
            "b",
            "--replies",
            "2,2,2/3,2/1,1",
        ],
        "",
    );
    assert!(o.status.success());
    let (_, b) = only_bundle(d2.path());
    let v = &b["content"]["vignettes"][0];
    assert_eq!(v["attempts"].as_array().unwrap().len(), 2);
    assert_eq!(v["passed"], false);
    assert_eq!(v["reasons"][0], "not passed in 2 attempts of 2");
    assert!(
        b["content"]["reasons"][0]
            .as_str()
            .unwrap()
            .starts_with("mini-review: not passed in 2 attempts of 2; attempt 2:"),
        "{}",
        b["content"]["reasons"]
    );
}

#[test]
fn assessment_with_hidden_feedback_shows_the_student_no_verdict_but_the_bundle_has_it() {
    let d = tempfile::tempdir().unwrap();
    let o = alliance(
        d.path(),
        &[
            "play",
            "--assignment",
            &assignment("hidden.yaml"),
            "--pseudonym",
            "c",
            "--replies",
            "2,1,1",
        ],
        "",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    for hidden in [
        "Feedback:",
        "Alliance: bond",
        "DEBRIEF",
        "WAI-SR",
        "PASSED",
        "criteria",
    ] {
        assert!(!s.contains(hidden), "`{hidden}` shown to the student:\n{s}");
    }
    assert!(s.contains("Attempt recorded.") && s.contains("Submission saved:"));
    let (_, b) = only_bundle(d.path());
    let a = &b["content"]["vignettes"][0]["attempts"][0];
    assert_eq!(a["transcript"]["mode"], "assessment");
    assert!(a["debrief"]["wai_sr"]["total"].as_u64().unwrap() >= 12);
    assert_eq!(a["verdict"]["passed"], true, "mixed or better was asked");
}

#[test]
fn stopping_early_still_hands_in_what_was_done_and_marks_the_rest_not_attempted() {
    let d = tempfile::tempdir().unwrap();
    // A second vignette: the fixture with another id, in its own folder.
    let extra = tempfile::tempdir().unwrap();
    let src = std::fs::read_to_string(fixture("mini.yaml"))
        .unwrap()
        .replace("id: mini-review", "id: mini-second");
    std::fs::write(extra.path().join("mini-second.yaml"), src).unwrap();
    let asg = extra.path().join("two.yaml");
    std::fs::write(
        &asg,
        "id: two\ntitle: Two\ninstructions: x\nvignettes: [mini-review, mini-second]\nmode: practice\n",
    )
    .unwrap();
    // One reply, then the input ends.
    let o = alliance_in(
        d.path(),
        &[extra.path()],
        &[
            "play",
            "--assignment",
            asg.to_str().unwrap(),
            "--pseudonym",
            "d",
        ],
        "1\n",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let (_, b) = only_bundle(d.path());
    let vs = b["content"]["vignettes"].as_array().unwrap();
    assert_eq!(vs.len(), 2);
    assert_eq!(vs[0]["attempts"][0]["transcript"]["status"], "abandoned");
    assert_eq!(
        vs[0]["attempts"][0]["verdict"]["checks"][0]["detail"],
        "stopped before an ending"
    );
    assert_eq!(vs[1]["attempts"].as_array().unwrap().len(), 0);
    assert_eq!(vs[1]["reasons"][0], "not attempted");
    assert_eq!(b["content"]["passed"], false);
}

#[test]
fn a_bad_assignment_file_gets_every_problem_located_and_nothing_is_played() {
    let d = tempfile::tempdir().unwrap();
    let o = alliance(
        d.path(),
        &[
            "play",
            "--assignment",
            &assignment("bad.yaml"),
            "--pseudonym",
            "e",
        ],
        "",
    );
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    for (code, at) in [
        ("B010", "bad.yaml:2:5"),   // id with a capital and a space
        ("B014", "bad.yaml:5:26"),  // no such vignette
        ("B016", "bad.yaml:5:44"),  // listed twice
        ("B012", "bad.yaml:7:19"),  // attempts_allowed 0
        ("B012", "bad.yaml:9:26"),  // WAI-SR total 70
        ("B015", "bad.yaml:10:11"), // no such ending
        ("B013", "bad.yaml:12:3"),  // pass_for a vignette not listed
    ] {
        assert!(
            e.contains(&format!("error[{code}]")) && e.contains(at),
            "expected {code} at {at} in:\n{e}"
        );
    }
    assert!(e.contains("hint"));
    assert!(!d.path().join("submissions").exists(), "nothing was played");

    let typo = assign::load(&fixture("assignments/typo.yaml"), None).unwrap_err();
    assert_eq!(typo[0].code, "A002", "{typo:?}");
    assert_eq!((typo[0].line, typo[0].column), (7, 3));
    assert!(typo[0].message.contains("wai_sr_totl_at_least"));
}

#[test]
fn per_vignette_criteria_replace_the_shared_ones_field_by_field() {
    let a = assign::parse(
        "t.yaml",
        "id: t\ntitle: T\ninstructions: x\nvignettes: [mini-review]\nmode: assessment\n\
         pass: { wai_sr_total_at_least: 45, no_unrepaired_rupture: true }\n\
         pass_for: { mini-review: { wai_sr_total_at_least: 30, ending: good } }\n",
        None,
    )
    .unwrap();
    assert_eq!(a.attempts_allowed, 1, "one attempt unless said otherwise");
    assert!(a.show_feedback, "feedback is shown unless said otherwise");
    let c = a.criteria_for("mini-review");
    assert_eq!(c.wai_sr_total_at_least, Some(30));
    assert!(c.no_unrepaired_rupture, "kept from `pass`");
    assert_eq!(c.ending.as_deref(), Some("good"));
    assert_eq!(a.criteria_for("other").wai_sr_total_at_least, Some(45));
}

#[test]
fn criteria_are_judged_on_the_debrief_with_a_reason_for_each() {
    let rubric = Rubric::shipped();
    let good = play_numbers(mini(), 1, &[1, 1]);
    let d = report::debrief(good.transcript(), &rubric);
    let c = Criteria {
        wai_sr_total_at_least: Some(d.wai_sr.total),
        ending_outcome: Some(Outcome::Mixed),
        no_unrepaired_rupture: true,
        ..Criteria::default()
    };
    let v = assign::evaluate(&c, &d);
    assert!(v.passed, "{v:?}");
    assert!(
        v.checks
            .iter()
            .any(|c| c.detail == "outcome good, needed mixed or better")
    );
    let higher = Criteria {
        wai_sr_total_at_least: Some(d.wai_sr.total + 1),
        ..c.clone()
    };
    let v = assign::evaluate(&higher, &d);
    assert!(!v.passed);
    assert_eq!(
        v.failures().collect::<Vec<_>>(),
        vec![format!(
            "WAI-SR total {}, needed at least {}",
            d.wai_sr.total,
            d.wai_sr.total + 1
        )]
    );
    // An attempt that stopped before an ending never passes, whatever its scores.
    let mut stopped = play_numbers(mini(), 1, &[1]);
    stopped.abandon();
    let v = assign::evaluate(
        &Criteria::default(),
        &report::debrief(stopped.transcript(), &rubric),
    );
    assert!(!v.passed);
    assert_eq!(v.checks[0].detail, "stopped before an ending");
}

/// Empathy matters: an assignment may require the patient to have felt understood (the empathy meter, seed 000)
/// as well as a good WAI-SR; the verdict says what was found, and a value off the 0-100 scale is refused.
#[test]
fn an_assignment_can_require_empathy_and_says_what_was_found() {
    let rubric = Rubric::shipped();
    let d = report::debrief(play_numbers(mini(), 1, &[1, 1]).transcript(), &rubric);
    let empathy = d.trajectory.last().unwrap().empathy;
    let need = |n: f64| Criteria {
        empathy_at_least: Some(n as u8),
        ..Criteria::default()
    };
    assert!(assign::evaluate(&need(empathy.floor()), &d).passed);
    let v = assign::evaluate(&need(empathy.floor() + 1.0), &d);
    assert!(!v.passed);
    assert_eq!(
        v.failures().collect::<Vec<_>>(),
        vec![format!(
            "empathy {empathy:.0}/100 at the end (how understood the patient felt), needed at least {}",
            empathy.floor() as u8 + 1
        )]
    );
    let a = assign::parse(
        "t.yaml",
        "id: t\ntitle: T\ninstructions: x\nvignettes: [mini-review]\nmode: assessment\n\
         pass: { empathy_at_least: 60 }\n",
        None,
    )
    .unwrap();
    assert_eq!(a.criteria_for("mini-review").empathy_at_least, Some(60));
    let e = assign::parse(
        "t.yaml",
        "id: t\ntitle: T\ninstructions: x\nvignettes: [mini-review]\nmode: assessment\n\
         pass: { empathy_at_least: 130 }\n",
        None,
    )
    .unwrap_err();
    assert_eq!((e[0].code, e[0].line), ("B012", 6), "{e:?}");
    assert!(e[0].hint.contains("0-100"), "{e:?}");
}

fn sample_submission() -> Submission {
    let rubric = Arc::new(Rubric::shipped());
    let a = assign::parse(
        "t.yaml",
        "id: t\ntitle: T\ninstructions: x\nvignettes: [mini-review]\nmode: practice\n",
        None,
    )
    .unwrap();
    let s = play_numbers(mini(), 5, &[2, 1, 1]);
    let t = s.transcript().clone();
    let (decisions, points) = assign::replay::decisions(mini(), Arc::clone(&rubric), &t).unwrap();
    let d = report::debrief(&t, &rubric);
    let c = a.criteria_for("mini-review");
    let attempt = Attempt::new(1, "reg".into(), t, d, decisions, &c);
    let v = VignetteResult::graded(
        "mini-review".into(),
        "A short review".into(),
        c,
        points,
        vec![attempt],
        1,
    );
    Submission::new("id".into(), a, "p".into(), 1_800_000_000, vec![v])
}

#[test]
fn the_checksum_catches_edits_and_truncation_but_not_reindenting() {
    let s = sample_submission();
    let bytes = assign::seal(&s);
    let opened = assign::open(&bytes).expect("a sealed bundle opens");
    assert_eq!(opened.submission, s);

    // Pretty-printing changes no value, so the canonical content and its checksum are the same.
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    let pretty = serde_json::to_vec_pretty(&v).unwrap();
    assert!(assign::open(&pretty).is_ok());

    // Raising a score by hand is caught.
    let text = String::from_utf8(bytes.clone()).unwrap();
    let total = s.vignettes[0].attempts[0].debrief.wai_sr.total;
    let edited = text.replacen(
        &format!("\"total\":{total}"),
        &format!("\"total\":{}", total + 10),
        1,
    );
    assert_ne!(edited, text);
    match assign::open(edited.as_bytes()) {
        Err(Problem::Edited { pseudonym, .. }) => assert_eq!(pseudonym, "p"),
        other => panic!("expected an edit to be caught, got {other:?}"),
    }
    // So is flipping the verdict.
    let flipped = text.replacen("\"passed\":false", "\"passed\":true", 1);
    if flipped != text {
        assert!(matches!(
            assign::open(flipped.as_bytes()),
            Err(Problem::Edited { .. })
        ));
    }
    // A file cut short is reported as truncated, with where it ends.
    let cut = &bytes[..bytes.len() / 2];
    assert!(matches!(assign::open(cut), Err(Problem::Truncated(_))));
    // A transcript is not a submission.
    let t = serde_json::to_vec(&s.vignettes[0].attempts[0].transcript).unwrap();
    assert!(matches!(assign::open(&t), Err(Problem::NotASubmission(_))));
}

#[test]
fn the_committed_assignment_schema_is_up_to_date() {
    let committed = include_str!("../schema/assignment.schema.json");
    assert_eq!(
        committed.trim(),
        assign::schema_json().trim(),
        "run `cargo run -- schema --assignment > schema/assignment.schema.json`"
    );
    assert!(committed.contains("\"additionalProperties\": false"));
    assert!(committed.contains("wai_sr_total_at_least"));
}

#[test]
fn the_example_assignment_is_valid_against_the_shipped_vignettes() {
    let (library, _) = alliance::library::Library::shipped();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assignments/example.yaml");
    match assign::load(&path, Some(&library)) {
        Ok(a) => assert_eq!(a.vignettes.len(), 3),
        Err(problems) => {
            // Vignettes still being written may not ship yet; anything else is a real error.
            let real: Vec<_> = problems
                .iter()
                .filter(|d| {
                    !(d.code == "B014"
                        && [
                            "diabetes-ambivalence",
                            "fear-of-hypoglycaemia",
                            "reluctant-patient",
                        ]
                        .iter()
                        .any(|id| d.message.contains(id)))
                })
                .collect();
            assert!(real.is_empty(), "{real:?}");
        }
    }
    assert!(assign::load(&path, None).is_ok());
}

#[test]
fn an_assignment_may_ask_for_every_reply_in_the_students_own_words() {
    let typed_check = |b: &Value| {
        b["content"]["vignettes"][0]["attempts"][0]["verdict"]["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["criterion"] == "typed_replies")
            .cloned()
            .expect("the typed_replies check is made")
    };
    // Typed: the menu is hidden (a number is read as words), and the check holds.
    let d = tempfile::tempdir().unwrap();
    let o = alliance(
        d.path(),
        &[
            "play",
            "--assignment",
            &assignment("typed.yaml"),
            "--pseudonym",
            "Ash",
        ],
        "It sounds like you've been hard on yourself about this.\nFeeling normal matters most to you. What would a first step look like?\n",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Type every reply in your own words"));
    assert!(
        !stdout(&o).contains("1. It sounds like"),
        "no menu:\n{}",
        stdout(&o)
    );
    let (_, b) = only_bundle(d.path());
    let check = typed_check(&b);
    assert_eq!(check["passed"], true, "{check}");
    assert_eq!(
        check["detail"],
        "all 2 replies typed in the student's own words"
    );
    assert_eq!(b["content"]["passed"], true);
    // Replies chosen by number (scripted) fail the check, with the reason.
    let d = tempfile::tempdir().unwrap();
    let o = alliance(
        d.path(),
        &[
            "play",
            "--assignment",
            &assignment("typed.yaml"),
            "--pseudonym",
            "Ash",
            "--replies",
            "1,1",
        ],
        "",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let (_, b) = only_bundle(d.path());
    let check = typed_check(&b);
    assert_eq!(check["passed"], false);
    assert_eq!(
        check["detail"],
        "2 of 2 replies chosen from the menu; every reply was to be typed"
    );
    assert_eq!(b["content"]["passed"], false);
}
