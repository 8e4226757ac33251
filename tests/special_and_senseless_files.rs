//! Only regular files are opened, and never more than a hard cap is read: a FIFO or `/dev/zero` given to
//! `check`, `report`, `resume` or `class` (or lying in a folder they read) is refused at once, never waited on.
//! A transcript that parses but makes no sense (reply 99, an unknown vignette, bond 1e308, NaN) gets a located
//! error from `report` and `resume`, and nothing of it is shown.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs the binary with `args`, failing the test (not hanging it) if it has not ended within 20 s.
fn bounded(data: &Path, args: &[&str]) -> Output {
    let child = Command::new(env!("CARGO_BIN_EXE_alliance"))
        .args(["--dialogues", common::fixture("").to_str().unwrap()])
        .args(args)
        .env("ALLIANCE_DATA_DIR", data)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_bounded(child, args)
}

fn wait_bounded(mut child: Child, args: &[&str]) -> Output {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            let _ = child.wait();
            panic!(
                "`alliance {}` did not end: it blocked or read forever",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Everything it printed (`check` prints its diagnostics on stdout).
fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned() + &String::from_utf8_lossy(&o.stdout)
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo (coreutils) runs");
    assert!(ok.success());
}

#[test]
#[cfg(unix)]
fn a_fifo_is_refused_by_every_command_and_said_when_skipped_in_a_folder() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let yaml = dir.path().join("pipe.yaml");
    let json = dir.path().join("pipe.json");
    mkfifo(&yaml);
    mkfifo(&json);
    for args in [
        vec!["check", yaml.to_str().unwrap()],
        vec!["report", json.to_str().unwrap()],
        vec!["resume", json.to_str().unwrap()],
    ] {
        let o = bounded(data.path(), &args);
        assert!(!o.status.success(), "{args:?}");
        assert!(
            err(&o).contains("named pipe (FIFO), not a regular file"),
            "{args:?}: {}",
            err(&o)
        );
    }
    // Inside a folder: skipped, and said.
    let o = bounded(data.path(), &["check", dir.path().to_str().unwrap()]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned() + &err(&o);
    assert!(
        out.contains("A005") && out.contains("skipped: a named pipe (FIFO)"),
        "{out}"
    );
    let out_dir = tempfile::tempdir().unwrap();
    let o = bounded(
        data.path(),
        &[
            "class",
            dir.path().to_str().unwrap(),
            "--out",
            out_dir.path().to_str().unwrap(),
        ],
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("not counted: pipe.json") && out.contains("not a regular file"),
        "{out}"
    );
}

#[test]
#[cfg(target_os = "linux")]
fn dev_zero_is_refused_at_once_not_read_until_memory_runs_out() {
    let data = tempfile::tempdir().unwrap();
    for args in [
        vec!["check", "/dev/zero"],
        vec!["report", "/dev/zero"],
        vec!["resume", "/dev/zero"],
        vec!["play", "--assignment", "/dev/zero"],
    ] {
        let o = bounded(data.path(), &args);
        assert!(!o.status.success(), "{args:?}");
        assert!(
            err(&o).contains("a device, not a regular file"),
            "{args:?}: {}",
            err(&o)
        );
    }
}

#[test]
fn a_hard_cap_holds_whatever_size_a_file_reports() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("big.json");
    std::fs::write(&p, vec![b' '; 2048]).unwrap();
    let e = alliance::files::read_capped(&p, 1024).unwrap_err();
    assert!(e.to_string().contains("larger than"), "{e}");
    assert_eq!(alliance::files::read_capped(&p, 4096).unwrap().len(), 2048);
}

/// A transcript of one reply, saved by playing.
fn saved_transcript(data: &Path) -> PathBuf {
    let o = common::alliance(data, &["play", "mini-review", "--seed", "1"], "1\nq\n");
    assert!(o.status.success(), "{}", err(&o));
    std::fs::read_dir(data.join("transcripts"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "json"))
        .unwrap()
}

#[test]
fn a_transcript_that_makes_no_sense_gets_a_located_error_and_is_not_shown() {
    let data = tempfile::tempdir().unwrap();
    let good = saved_transcript(data.path());
    let text = std::fs::read_to_string(&good).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    // Resumable, so `resume` reads it too.
    v["status"] = "in_progress".into();
    let edits: Vec<(&str, serde_json::Value, &str)> = vec![
        (
            "reply-99",
            {
                let mut x = v.clone();
                x["turns"][0]["reply_index"] = 99.into();
                x
            },
            "turn 1",
        ),
        (
            "unknown-vignette",
            {
                let mut x = v.clone();
                x["vignette_id"] = "no-such-vignette".into();
                x
            },
            "no-such-vignette",
        ),
        (
            "huge-bond",
            {
                let mut x = v.clone();
                x["turns"][0]["after"]["bond"] = 1e308.into();
                x
            },
            "`turns[0].after.bond`: 1e308 is not an alliance value (0 to 100)",
        ),
    ];
    for (name, x, expect) in edits {
        let p = data.path().join(format!("{name}.json"));
        std::fs::write(&p, serde_json::to_string_pretty(&x).unwrap()).unwrap();
        for cmd in ["report", "resume"] {
            let o = bounded(data.path(), &[cmd, p.to_str().unwrap()]);
            let e = err(&o);
            assert!(!o.status.success(), "{cmd} {name}");
            assert!(e.contains(expect), "{cmd} {name}: {e}");
            assert!(
                e.contains(&format!("{}:", p.display())),
                "{cmd} {name}: located in the file: {e}"
            );
            assert!(
                !String::from_utf8_lossy(&o.stdout).contains("DEBRIEF"),
                "{cmd} {name}"
            );
        }
    }
    // NaN is not JSON: a parse error with line and column.
    let nan = data.path().join("nan.json");
    std::fs::write(
        &nan,
        serde_json::to_string_pretty(&v)
            .unwrap()
            .replacen("\"bond\": 40.0", "\"bond\": NaN", 1),
    )
    .unwrap();
    let o = bounded(data.path(), &["report", nan.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(
        err(&o).contains(&format!("{}:", nan.display())),
        "{}",
        err(&o)
    );
}
