//! Follow-up visits as a trainee and an author meet them: listed right after the visit they follow (marked, and
//! `follows` in `list --json`), played from a finished first attempt (`--continue`) or afresh (`--fresh`), and
//! checked: a `follows:` naming no vignette (A030), a loop (A031), and a follow-up checked alone (a note).

mod common;

use std::path::Path;
use std::process::Output;

use common::{alliance_in, fixture};

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn with_pair(data: &Path, args: &[&str]) -> Output {
    alliance_in(data, &[&fixture("follow")], args, "")
}

#[test]
fn a_follow_up_is_listed_right_after_the_visit_it_follows() {
    let d = tempfile::tempdir().unwrap();
    let text = out(&with_pair(d.path(), &["list"]));
    let lines: Vec<&str> = text.lines().collect();
    let one = lines
        .iter()
        .position(|l| l.starts_with("visit-one"))
        .unwrap();
    assert!(lines[one + 1].starts_with("visit-two"), "{text}");
    // The mark sits on its own line, so the title column keeps the audience and difficulty in line.
    assert!(
        lines[one + 2]
            .trim_start()
            .starts_with("follows First visit (visit-one)"),
        "{text}"
    );
    let columns = |l: &str| {
        l.find("DIFFICULTY")
            .or_else(|| l.rfind("  ").map(|i| i + 2))
    };
    assert_eq!(columns(lines[0]), columns(lines[one + 1]), "{text}");
    let json: serde_json::Value =
        serde_json::from_slice(&with_pair(d.path(), &["list", "--json"]).stdout).unwrap();
    let rows = json.as_array().unwrap();
    let at = |id: &str| rows.iter().position(|r| r["id"] == id).unwrap();
    assert_eq!(at("visit-two"), at("visit-one") + 1);
    assert_eq!(rows[at("visit-two")]["follows"], "visit-one");
    assert!(rows[at("visit-one")]["follows"].is_null());
}

#[test]
fn play_continue_latest_starts_from_the_newest_finished_first_visit() {
    let d = tempfile::tempdir().unwrap();
    let first = with_pair(
        d.path(),
        &["play", "visit-one", "--seed", "1", "--replies", "1,1"],
    );
    assert!(first.status.success(), "{}", err(&first));
    let two = with_pair(
        d.path(),
        &[
            "play",
            "visit-two",
            "--seed",
            "1",
            "--continue",
            "latest",
            "--replies",
            "1,1",
        ],
    );
    assert!(two.status.success(), "{}", err(&two));
    let s = out(&two);
    assert!(s.contains("Continuing your visit “First visit”"), "{s}");
    assert!(
        s.contains("I did try that first step"),
        "the good recap: {s}"
    );
    assert!(
        s.contains("Start: You started from where your first visit ended"),
        "{s}"
    );
    // The saved transcript names the attempt it continued.
    let mut files: Vec<_> = std::fs::read_dir(d.path().join("transcripts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let second = files
        .iter()
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with("visit-two")
        })
        .unwrap();
    let t: serde_json::Value = serde_json::from_slice(&std::fs::read(second).unwrap()).unwrap();
    assert_eq!(t["continued"]["vignette_id"], "visit-one");
    assert_eq!(t["continued"]["ending_id"], "good");
    assert!(
        t["continued"]["file"]
            .as_str()
            .unwrap()
            .contains("visit-one"),
        "{}",
        t["continued"]
    );
}

#[test]
fn play_fresh_and_a_script_without_a_choice_use_the_default_start() {
    let d = tempfile::tempdir().unwrap();
    with_pair(
        d.path(),
        &["play", "visit-one", "--seed", "1", "--replies", "1,1"],
    );
    for extra in [&["--fresh"][..], &[][..]] {
        let mut args = vec!["play", "visit-two", "--seed", "1", "--replies", "1,1"];
        args.extend(extra);
        let o = with_pair(d.path(), &args);
        assert!(o.status.success(), "{}", err(&o));
        assert!(!out(&o).contains("Continuing your visit"), "{}", out(&o));
        assert!(out(&o).contains("\"So, here I am again.\""), "{}", out(&o));
    }
}

#[test]
fn continue_latest_with_no_finished_first_visit_says_what_to_do() {
    let d = tempfile::tempdir().unwrap();
    let o = with_pair(
        d.path(),
        &[
            "play",
            "visit-two",
            "--continue",
            "latest",
            "--replies",
            "1,1",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("no finished attempt at “First visit”"),
        "{}",
        err(&o)
    );
    assert!(err(&o).contains("--fresh"), "{}", err(&o));
}

#[test]
fn check_reports_an_unknown_first_visit_and_a_loop_with_a_place_and_a_hint() {
    let d = tempfile::tempdir().unwrap();
    let o = alliance_in(
        d.path(),
        &[],
        &[
            "check",
            "--json",
            fixture("follow-bad").to_str().unwrap(),
            fixture("follow").to_str().unwrap(),
        ],
        "",
    );
    assert!(!o.status.success());
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let found = json["diagnostics"].as_array().unwrap();
    let of = |code: &str| {
        found
            .iter()
            .filter(|d| d["code"] == code)
            .collect::<Vec<_>>()
    };
    let unknown = of("A030");
    assert_eq!(unknown.len(), 1, "{found:?}");
    assert!(
        unknown[0]["file"]
            .as_str()
            .unwrap()
            .ends_with("unknown.yaml")
    );
    assert_eq!(unknown[0]["line"], 22);
    assert!(
        unknown[0]["hint"]
            .as_str()
            .unwrap()
            .contains("did you mean `visit-one`?")
    );
    let looped = of("A031");
    assert_eq!(looped.len(), 2, "both ends of the loop: {found:?}");
    assert!(
        looped[0]["message"]
            .as_str()
            .unwrap()
            .contains("loop-a follows loop-b")
    );
}

#[test]
fn a_follow_up_checked_alone_says_it_cannot_verify_the_first_visit() {
    let d = tempfile::tempdir().unwrap();
    let file = fixture("follow/follow-up.yaml");
    let o = alliance_in(d.path(), &[], &["check", file.to_str().unwrap()], "");
    assert!(o.status.success(), "not an error: {}", out(&o));
    let s = out(&o);
    assert!(
        s.contains("follows `visit-one`, which is not among the files checked, so the first visit cannot be verified"),
        "{s}"
    );
    // Checked with its first visit, nothing is unverified.
    let both = alliance_in(
        d.path(),
        &[],
        &["check", "--json", fixture("follow").to_str().unwrap()],
        "",
    );
    let json: serde_json::Value = serde_json::from_slice(&both.stdout).unwrap();
    assert_eq!(json["unverified"].as_array().unwrap().len(), 0);
    assert_eq!(json["errors"], 0);
}
