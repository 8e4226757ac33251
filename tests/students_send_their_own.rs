//! An assignment that names an LRS (`lrs:`): the terminal player queues each finished attempt's statements on
//! disk and sends them in the background, so nothing is lost offline and the educator's later send of the
//! same class finds every statement already there.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::fixture;
use common::ralph::{PASSWORD, Ralph, USER};
use serde_json::Value;

fn alliance(data: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_alliance"));
    cmd.args(["--dialogues", fixture("").to_str().unwrap()])
        .args(args)
        .env("ALLIANCE_DATA_DIR", data)
        .env_remove("ALLIANCE_LRS_AUTH")
        .stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("the binary runs")
}

fn text(o: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The mini assignment with `lrs:` naming `endpoint`.
fn assignment_for(dir: &Path, endpoint: &str) -> PathBuf {
    let mini = std::fs::read_to_string(fixture("assignments/mini.yaml")).unwrap();
    let p = dir.join("with-lrs.yaml");
    std::fs::write(
        &p,
        format!("{mini}lrs:\n  endpoint: {endpoint}\n  pseudonym: the code on your course card\n"),
    )
    .unwrap();
    p
}

fn play(data: &Path, assignment: &Path, pseudonym: &str, replies: &str) -> Output {
    let auth = format!("{USER}:{PASSWORD}");
    alliance(
        data,
        &[
            "play",
            "--assignment",
            assignment.to_str().unwrap(),
            "--pseudonym",
            pseudonym,
            "--replies",
            replies,
        ],
        &[("ALLIANCE_LRS_AUTH", &auth)],
    )
}

/// The pseudonyms (actor account names) of the stored statements, with how many each.
fn actors(lrs: &Ralph) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = Vec::new();
    for s in lrs.stored() {
        let name = s["actor"]["account"]["name"].as_str().unwrap().to_owned();
        match v.iter_mut().find(|x| x.0 == name) {
            Some(x) => x.1 += 1,
            None => v.push((name, 1)),
        }
    }
    v.sort();
    v
}

fn no_id_twice(lrs: &Ralph) {
    let mut ids: Vec<String> = lrs
        .stored()
        .iter()
        .map(|s: &Value| s["id"].as_str().unwrap().to_owned())
        .collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "no statement stored twice");
}

#[test]
#[ignore = "needs Ralph (an xAPI LRS): .ci/run installs it"]
fn a_students_statements_reach_the_lrs_and_the_educators_send_finds_them_there() {
    let lrs = Ralph::start();
    let d = tempfile::tempdir().unwrap();
    let asg = assignment_for(d.path(), &lrs.endpoint());
    let o = play(d.path(), &asg, "K-1234", "2,2,2/2,1,1");
    assert!(o.status.success(), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("under your pseudonym only"), "{}", text(&o));
    assert!(out.contains("Your results were sent"), "{}", text(&o));
    // Two attempts (3 turns + 3 turns, each with its attempt statement) and the assignment's.
    assert_eq!(actors(&lrs), vec![("K-1234".to_owned(), 9)]);

    let folder = d.path().join("submissions");
    let class_out = d.path().join("out");
    let endpoint = lrs.endpoint();
    let o = alliance(
        d.path(),
        &[
            "class",
            folder.to_str().unwrap(),
            "--out",
            class_out.to_str().unwrap(),
            "--lrs",
            &endpoint,
            "--lrs-auth-file",
            lrs.credentials().to_str().unwrap(),
        ],
        &[],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("0 statements sent, 9 already there"),
        "the educator's statements are the student's, byte for byte: {}",
        text(&o)
    );
    no_id_twice(&lrs);
}

#[test]
#[ignore = "needs Ralph (an xAPI LRS): .ci/run installs it"]
fn offline_the_statements_wait_on_disk_and_go_with_the_next_run() {
    let mut lrs = Ralph::start();
    let d = tempfile::tempdir().unwrap();
    let asg = assignment_for(d.path(), &lrs.endpoint());
    lrs.stop();
    let o = play(d.path(), &asg, "offline", "1,1");
    assert!(
        o.status.success(),
        "offline play still ends well: {}",
        text(&o)
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("Submission saved"), "{}", text(&o));
    assert!(
        out.contains("4 statements wait in")
            && out.contains("the next time you play this assignment"),
        "{}",
        text(&o)
    );

    lrs.resume();
    let o = play(d.path(), &asg, "online", "1,1");
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(
        actors(&lrs),
        vec![("offline".to_owned(), 4), ("online".to_owned(), 4)],
        "the queued statements went with the next run: {}",
        text(&o)
    );
    no_id_twice(&lrs);
}

#[test]
fn an_lrs_endpoint_must_be_an_encrypted_address() {
    let d = tempfile::tempdir().unwrap();
    for (endpoint, says) in [
        ("http://lrs.example.edu/xAPI/", "is not encrypted"),
        ("lrs.example.edu", "is not an address"),
    ] {
        let asg = assignment_for(d.path(), endpoint);
        let o = alliance(
            d.path(),
            &[
                "play",
                "--assignment",
                asg.to_str().unwrap(),
                "--pseudonym",
                "x",
            ],
            &[],
        );
        let all = text(&o);
        assert!(!o.status.success(), "{all}");
        assert!(all.contains("B017") && all.contains(says), "{all}");
    }
}
