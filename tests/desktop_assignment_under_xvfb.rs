//! An assignment in the desktop as a student meets it: `alliance FILE.yaml` opens it under Xvfb, a pseudonym
//! and key presses (xdotool) play a vignette to its ending, and the submission written is the one the
//! terminal writes for the same replies; a desktop killed mid-attempt counts that attempt at the next start.
#![cfg(feature = "desktop")]

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;

use serde_json::Value;

mod xvfb;

use xvfb::{Killed, Probe, keys, missing_tools, screenshot, xdotool, xvfb};

/// Copies a screenshot out when `ALLIANCE_SCREENSHOTS_TO` is set.
fn keep(from: &Path, name: &str) {
    if let Some(to) = std::env::var_os("ALLIANCE_SCREENSHOTS_TO") {
        let to = PathBuf::from(to);
        std::fs::create_dir_all(&to).expect("screenshot folder");
        std::fs::copy(from, to.join(format!("{name}.png"))).expect("copied");
    }
}

/// One app under Xvfb at a time: software rendering on a small machine is slow enough for one.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A data folder holding the mini-review vignette (in its `vignettes`, so no `--dialogues` is needed), and
/// the mini assignment file beside it.
fn student_folder(data: &Path) -> PathBuf {
    std::fs::create_dir_all(data.join("vignettes")).expect("vignettes folder");
    std::fs::copy(fixture("mini.yaml"), data.join("vignettes/mini.yaml")).expect("vignette");
    let asg = data.join("week1.yaml");
    std::fs::copy(fixture("assignments/mini.yaml"), &asg).expect("assignment");
    asg
}

/// The app under its own X display.
struct Running {
    _app: Killed,
    _x: Killed,
    display: String,
    probe: Probe,
}

/// `alliance FILE.yaml` (the file its only argument), seeded as `play --seed 3`; waits for its assignment.
fn open_by_file(data: &Path, asg: &Path, log: &str) -> Running {
    let (x, display) = xvfb();
    let probe_dir = data.join(format!("probe-{log}"));
    let app = Command::new(env!("CARGO_BIN_EXE_alliance"))
        .arg(asg)
        .env("DISPLAY", &display)
        .env_remove("WAYLAND_DISPLAY")
        .env("ALLIANCE_DATA_DIR", data)
        .env("ALLIANCE_DESKTOP_PROBE", &probe_dir)
        .env("ALLIANCE_SEED", "3")
        .env("ALLIANCE_OPEN_FOLDER_LOG", data.join("opened-folders.log"))
        .stdout(Stdio::null())
        .stderr(File::create(data.join(format!("{log}.log"))).expect("log file"))
        .spawn()
        .expect("the app starts");
    let mut run = Running {
        _app: Killed(app),
        _x: x,
        display,
        probe: Probe {
            dir: probe_dir,
            seen: 0,
        },
    };
    let a = run.probe.wait("the assignment screen", 180, |v| {
        v["screen"] == "assignment" && v["assignment"]["id"] == "mini-week-1"
    });
    assert_eq!(a["assignment"]["problems"], serde_json::json!([]), "{a}");
    let window = xdotool(&run.display, &["search", "--sync", "--name", "^Alliance$"]);
    let window = window.lines().next().expect("the window").to_owned();
    xdotool(&run.display, &["windowfocus", "--sync", &window]);
    xdotool(&run.display, &["mousemove", "2", "798"]);
    std::thread::sleep(Duration::from_millis(1000));
    run
}

/// Types the pseudonym into its field (which has the focus) and presses Enter; returns the probe's line.
fn begin_as(run: &mut Running, pseudonym: &str) -> Value {
    xdotool(&run.display, &["type", "--delay", "80", pseudonym]);
    keys(&run.display, &["Return"]);
    run.probe.wait("the assignment begun", 60, |v| {
        v["assignment"]["pseudonym"] == pseudonym
    })
}

/// A submission's content without what differs between two runs of the same replies: ids, clock times and
/// the checksum over them.
fn comparable(mut v: Value) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(m) => {
                for k in [
                    "checksum",
                    "submission_id",
                    "submitted_at",
                    "registration",
                    "started_at",
                    "updated_at",
                    "duration_seconds",
                ] {
                    m.remove(k);
                }
                m.values_mut().for_each(strip);
            }
            Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut v);
    v
}

fn only_submission(data: &Path) -> PathBuf {
    let files: Vec<PathBuf> = std::fs::read_dir(data.join("submissions"))
        .expect("a submissions folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

#[test]
#[ignore = "needs Xvfb, xdotool and Mesa's software Vulkan; .ci/run installs them and runs this"]
fn an_assignment_opened_by_its_file_is_played_and_handed_in_as_the_terminal_would() {
    if let Some(why) = missing_tools() {
        panic!("the desktop test needs {why}");
    }
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let desk = tempfile::tempdir().expect("temp dir");
    let asg = student_folder(desk.path());
    let mut run = open_by_file(desk.path(), &asg, "played");
    let begun = begin_as(&mut run, "Blue Fox");
    assert_eq!(
        begun["assignment"]["made"],
        serde_json::json!([0]),
        "{begun}"
    );
    let display = run.display.clone();
    let shot = screenshot(&display, &mut run.probe, "assignment");
    keep(&shot, "assignment");

    // Key 1 starts the first vignette; keys 1, 1 give its first replies (the terminal's `--replies 1,1`).
    keys(&display, &["1"]);
    let c = run.probe.wait("the conversation", 60, |v| {
        v["screen"] == "conversation" && v["vignette"] == "mini-review"
    });
    assert_eq!(c["mode"], "practice", "the assignment's mode: {c}");
    keys(&display, &["1"]);
    run.probe.wait("turn 1", 30, |v| v["turn"] == 1);
    keys(&display, &["1"]);
    run.probe
        .wait("the ending", 30, |v| v["turn"] == 2 && v["over"] == true);
    // Enter at the ending: back on the assignment, graded, and (every vignette passed) handed in.
    keys(&display, &["Return"]);
    let done = run.probe.wait("the submission", 60, |v| {
        v["screen"] == "assignment" && v["assignment"]["submission"].is_string()
    });
    assert_eq!(done["assignment"]["passed"], true, "{done}");
    assert_eq!(done["assignment"]["complete"], true, "{done}");
    let shot = screenshot(&display, &mut run.probe, "assignment");
    keep(&shot, "assignment-verdict");

    // O: the folder holding the submission is shown (recorded, not launched, under test).
    keys(&display, &["o"]);
    run.probe.wait("the folder opened", 30, |v| {
        v["assignment"]["opened_folders"]
            .as_array()
            .is_some_and(|a| !a.is_empty())
    });
    let opened = std::fs::read_to_string(desk.path().join("opened-folders.log")).expect("logged");
    assert_eq!(
        opened.trim(),
        desk.path().join("submissions").display().to_string()
    );

    // The terminal, given the same replies and seed, writes the same submission.
    let term = tempfile::tempdir().expect("temp dir");
    let asg_t = student_folder(term.path());
    let o = Command::new(env!("CARGO_BIN_EXE_alliance"))
        .args(["play", "--assignment"])
        .arg(&asg_t)
        .args(["--pseudonym", "Blue Fox", "--seed", "3", "--replies", "1,1"])
        .env("ALLIANCE_DATA_DIR", term.path())
        .stdin(Stdio::null())
        .output()
        .expect("the terminal runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let read = |p: PathBuf| -> Value {
        serde_json::from_slice(&std::fs::read(p).expect("readable")).expect("JSON")
    };
    let from_desktop = read(only_submission(desk.path()));
    let from_terminal = read(only_submission(term.path()));
    assert_eq!(from_desktop["format"], "alliance.submission/1");
    assert_eq!(comparable(from_desktop), comparable(from_terminal));
}

#[test]
#[ignore = "needs Xvfb, xdotool and Mesa's software Vulkan; .ci/run installs them and runs this"]
fn a_desktop_killed_mid_attempt_counts_that_attempt_at_the_next_start() {
    if let Some(why) = missing_tools() {
        panic!("the desktop test needs {why}");
    }
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let data = tempfile::tempdir().expect("temp dir");
    let asg = student_folder(data.path());
    let transcript = {
        let mut run = open_by_file(data.path(), &asg, "killed");
        begin_as(&mut run, "Blue Fox");
        let display = run.display.clone();
        keys(&display, &["1"]);
        run.probe
            .wait("the conversation", 60, |v| v["screen"] == "conversation");
        keys(&display, &["2"]);
        let t1 = run.probe.wait("turn 1", 30, |v| v["turn"] == 1);
        PathBuf::from(t1["attempt"].as_str().expect("journaled"))
        // Dropped here: the app is killed (SIGKILL) mid-attempt, as a crash would.
    };
    let saved = alliance::store::load_transcript(&transcript).expect("readable");
    assert_eq!(saved.turns.len(), 1, "the reply was saved before the kill");

    let mut run = open_by_file(data.path(), &asg, "next");
    let begun = begin_as(&mut run, "Blue Fox");
    assert_eq!(
        begun["assignment"]["made"],
        serde_json::json!([1]),
        "the killed attempt counts: {begun}"
    );
    let put_down = alliance::store::load_transcript(&transcript).expect("readable");
    assert_eq!(
        put_down.status,
        alliance::engine::transcript::Status::Abandoned,
        "put down, so nothing offers to resume it"
    );
}
