//! A killed or interrupted assignment run loses nothing and escapes nothing: progress is kept after every turn,
//! the next run picks up there, an interrupted attempt counts as an attempt (shown as interrupted), and a
//! vignette already passed stays in the next submission.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use alliance::engine::transcript::Status;
use alliance::store;
use serde_json::Value;

fn transcripts(data: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(data.join("transcripts"))
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
        .into_iter()
        .filter(|p: &PathBuf| p.extension().is_some_and(|x| x == "json"))
        .collect();
    v.sort();
    v
}

/// Starts `play --assignment` as a child, types `lines` and kills it (SIGKILL) once `turns` replies of an
/// attempt in progress at `vignette` are on disk, as a student's crash, kill -9 or Ctrl-C would.
fn kill_mid_attempt(
    data: &Path,
    extra: &[&Path],
    asg: &Path,
    lines: &str,
    (vignette, turns): (&str, usize),
) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_alliance"));
    cmd.args(["--dialogues", common::fixture("").to_str().unwrap()]);
    for d in extra {
        cmd.args(["--dialogues", d.to_str().unwrap()]);
    }
    let mut child = cmd
        .args(["play", "--assignment", asg.to_str().unwrap()])
        .args(["--pseudonym", "Blue Fox", "--seed", "3"])
        .env("ALLIANCE_DATA_DIR", data)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(lines.as_bytes()).unwrap();
    stdin.flush().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let live = transcripts(data).into_iter().any(|p| {
            store::load_transcript(&p).is_ok_and(|t| {
                t.vignette_id == vignette
                    && t.status == Status::InProgress
                    && t.turns.len() == turns
            })
        });
        if live {
            break;
        }
        assert!(Instant::now() < deadline, "the replies were never saved");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    drop(stdin);
}

fn run(data: &Path, extra: &[&Path], asg: &Path, replies: &str) -> (std::process::Output, Value) {
    let o = common::alliance_in(
        data,
        extra,
        &[
            "play",
            "--assignment",
            asg.to_str().unwrap(),
            "--pseudonym",
            "Blue Fox",
            "--seed",
            "3",
            "--replies",
            replies,
        ],
        "",
    );
    // The newest submission (names share the second, so by the time written).
    let last = std::fs::read_dir(data.join("submissions"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .max_by_key(|p| std::fs::metadata(p).unwrap().modified().unwrap())
        .expect("a submission");
    let v: Value = serde_json::from_slice(&std::fs::read(last).unwrap()).unwrap();
    (o, v)
}

#[test]
fn a_killed_attempt_counts_and_the_next_run_goes_on_from_there() {
    let d = tempfile::tempdir().unwrap();
    let asg = common::fixture("assignments/mini.yaml");
    kill_mid_attempt(d.path(), &[], &asg, "1\n", ("mini-review", 1));
    assert!(
        !d.path().join("submissions").exists(),
        "nothing handed in yet"
    );
    // The next run offers attempt 2 of 2, not attempt 1 again.
    let (o, b) = run(d.path(), &[], &asg, "1,1");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.contains("1 attempt already made"), "{out}");
    assert!(out.contains("attempt 2 of 2"), "{out}");
    assert!(!out.contains("attempt 1 of 2"), "{out}");
    let attempts = b["content"]["vignettes"][0]["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempts[0]["attempt"], 1);
    assert_eq!(attempts[0]["transcript"]["status"], "in_progress");
    assert_eq!(
        attempts[0]["transcript"]["turns"].as_array().unwrap().len(),
        1
    );
    assert_eq!(
        attempts[0]["verdict"]["checks"][0]["detail"],
        "interrupted before an ending (the player was stopped or killed)"
    );
    assert_eq!(attempts[1]["verdict"]["passed"], true);
    // The interrupted attempt is put down: no resume offer lets it be played on.
    let on_disk: Vec<_> = transcripts(d.path())
        .iter()
        .map(|p| store::load_transcript(p).unwrap())
        .collect();
    assert!(
        on_disk
            .iter()
            .any(|t| t.turns.len() == 1 && t.status == Status::Abandoned),
        "{on_disk:?}"
    );
    assert!(on_disk.iter().all(|t| t.status != Status::InProgress));

    // The class report shows it as interrupted.
    let out_dir = tempfile::tempdir().unwrap();
    let c = common::alliance(
        d.path(),
        &[
            "class",
            d.path().join("submissions").to_str().unwrap(),
            "--out",
            out_dir.path().to_str().unwrap(),
            "--format",
            "csv",
        ],
        "",
    );
    assert!(c.status.success());
    let csv = std::fs::read_to_string(out_dir.path().join("attempts.csv")).unwrap();
    assert!(csv.contains("interrupted before an ending"), "{csv}");
}

#[test]
fn killing_a_failing_last_attempt_does_not_buy_another() {
    let d = tempfile::tempdir().unwrap();
    let asg = common::fixture("assignments/mini.yaml");
    // Attempt 1 fails (advice, pressing on), attempt 2 is killed mid-way.
    let (o, _) = run(d.path(), &[], &asg, "2,2,2");
    assert!(o.status.success());
    kill_mid_attempt(d.path(), &[], &asg, "2\n", ("mini-review", 1));
    let (o, b) = run(d.path(), &[], &asg, "1,1");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("no attempts left (2 of 2 made)"), "{out}");
    let v = &b["content"]["vignettes"][0];
    assert_eq!(v["attempts"].as_array().unwrap().len(), 2);
    assert_eq!(v["passed"], false);
}

#[test]
fn a_vignette_passed_before_a_kill_stays_in_the_next_submission() {
    let d = tempfile::tempdir().unwrap();
    let extra = tempfile::tempdir().unwrap();
    let src = std::fs::read_to_string(common::fixture("mini.yaml"))
        .unwrap()
        .replace("id: mini-review", "id: mini-second");
    std::fs::write(extra.path().join("mini-second.yaml"), src).unwrap();
    let asg = extra.path().join("two.yaml");
    std::fs::write(
        &asg,
        "id: two\ntitle: Two\ninstructions: x\nvignettes: [mini-review, mini-second]\nmode: practice\n\
         attempts_allowed: 2\npass:\n  ending_outcome: good\n",
    )
    .unwrap();
    // Vignette 1 passed with 1,1; killed one reply into vignette 2.
    kill_mid_attempt(
        d.path(),
        &[extra.path()],
        &asg,
        "1\n1\n1\n",
        ("mini-second", 1),
    );
    let (o, b) = run(d.path(), &[extra.path()], &asg, "/1,1");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        out.contains("passed on attempt 1 in an earlier run"),
        "{out}"
    );
    let vs = b["content"]["vignettes"].as_array().unwrap();
    assert_eq!(vs[0]["passed"], true, "the passed vignette is handed in");
    assert_eq!(vs[0]["attempts"].as_array().unwrap().len(), 1);
    let second = vs[1]["attempts"].as_array().unwrap();
    assert_eq!(second.len(), 2, "the interrupted one and the new one");
    assert_eq!(second[0]["transcript"]["status"], "in_progress");
    assert_eq!(second[1]["attempt"], 2);
}
