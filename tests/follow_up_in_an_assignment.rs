//! A first visit and its follow-up listed together in an assignment: the follow-up continues the student's
//! attempt at the first visit made in that assignment (the one that passed, else the last finished), it is not
//! started before the first visit has reached an ending, and listing it before its first visit is B018.
#![cfg(feature = "terminal")]

mod common;

use std::path::Path;
use std::process::Output;

use common::{alliance_in, fixture};
use serde_json::Value;

fn pair(name: &str) -> String {
    fixture(&format!("follow-assignment/{name}"))
        .display()
        .to_string()
}

fn run(data: &Path, args: &[&str], stdin: &str) -> Output {
    alliance_in(data, &[&fixture("follow")], args, stdin)
}

fn bundle(data: &Path) -> Value {
    let rd: Vec<_> = std::fs::read_dir(data.join("submissions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(rd.len(), 1, "{rd:?}");
    serde_json::from_slice(&std::fs::read(&rd[0]).unwrap()).unwrap()
}

#[test]
fn the_follow_up_continues_the_passing_attempt_made_in_the_assignment() {
    let d = tempfile::tempdir().unwrap();
    // First visit: attempt 1 ends poorly, attempt 2 passes; then the follow-up.
    let o = run(
        d.path(),
        &[
            "play",
            "--assignment",
            &pair("pair.yaml"),
            "--pseudonym",
            "t1",
            "--seed",
            "5",
            "--replies",
            "2,2,2/1,1",
            "--replies",
            "1,1",
        ],
        "",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let b = bundle(d.path());
    let results = b["content"]["vignettes"].as_array().unwrap();
    assert_eq!(results[0]["vignette_id"], "visit-one");
    let passing = &results[0]["attempts"][1];
    assert_eq!(passing["verdict"]["passed"], true);
    let two = &results[1]["attempts"][0]["transcript"];
    assert_eq!(two["continued"]["vignette_id"], "visit-one");
    assert_eq!(two["continued"]["ending_id"], "good");
    assert!(
        two["continued"]["file"]
            .as_str()
            .unwrap()
            .contains(passing["registration"].as_str().unwrap()),
        "names the attempt it continued: {}",
        two["continued"]
    );
    assert_eq!(
        two["continued"]["ended_at"],
        passing["transcript"]["turns"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()["after"]
    );
}

#[test]
fn the_follow_up_cannot_start_before_the_first_visit_is_finished() {
    let d = tempfile::tempdir().unwrap();
    // One reply into the first visit, then the student stops (q) and does not try again (n).
    let o = run(
        d.path(),
        &[
            "play",
            "--assignment",
            &pair("pair.yaml"),
            "--pseudonym",
            "t2",
            "--seed",
            "5",
            "--replies",
            "1",
        ],
        "q\nn\n",
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("not started: it continues your attempt at “First visit”, which has not reached an ending"),
        "{out}"
    );
    let b = bundle(d.path());
    assert_eq!(b["content"]["vignettes"][1]["vignette_id"], "visit-two");
    assert_eq!(
        b["content"]["vignettes"][1]["attempts"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn a_follow_up_listed_before_its_first_visit_is_b018() {
    let d = tempfile::tempdir().unwrap();
    let o = run(
        d.path(),
        &[
            "play",
            "--assignment",
            &pair("reversed.yaml"),
            "--pseudonym",
            "t3",
        ],
        "",
    );
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("B018"), "{err}");
    assert!(
        err.contains("`visit-two` follows `visit-one`, which is listed after it"),
        "{err}"
    );
}
