//! An attempt is open in one place at a time: a second player (another terminal, or the desktop's resume
//! offer) is refused with the owner's process while it is live, and a lock left by a killed player is taken over.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use alliance::attempt::{Attempt, Reply, ResumeError};
use alliance::engine::Mode;
use alliance::library::Library;
use alliance::scoring::Rubric;
use alliance::store;

fn library() -> Library {
    Library::load(&[common::fixture("")], Rubric::shipped()).0
}

/// A live attempt with one reply given, in `dir`.
fn live_attempt(lib: &Library, dir: &Path) -> (Attempt, PathBuf) {
    let v = lib.get("mini-review").expect("the mini fixture loads");
    let mut a = Attempt::start(
        v,
        Arc::clone(&lib.rubric),
        Mode::Practice,
        Some(5),
        Some(dir),
    );
    let index = a.session().offered()[0].index;
    a.give(&Reply::Chosen(index)).expect("on offer");
    let path = a.path().expect("a file").to_path_buf();
    (a, path)
}

/// The pid of a process that has ended (a child that ran and was reaped).
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_alliance"))
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("the binary runs");
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn a_live_attempt_cannot_be_opened_a_second_time_until_it_is_put_down() {
    let d = tempfile::tempdir().unwrap();
    let lib = library();
    let (a, path) = live_attempt(&lib, d.path());
    assert!(store::is_live(&path), "the desktop would not offer it");
    assert!(
        store::lock::lock_path(&path).exists(),
        "a lock file beside it"
    );
    match Attempt::resume(&lib, &path) {
        Err(ResumeError::Locked(msg)) => {
            assert!(
                msg.contains(&format!("process {}", std::process::id())),
                "names the owner: {msg}"
            );
            assert!(msg.contains("hint"), "{msg}");
        }
        other => panic!("a second opener must be refused, got {other:?}"),
    }
    assert!(a.close(), "resumable, on disk");
    assert!(!store::is_live(&path), "put down: offered again");
    assert!(!store::lock::lock_path(&path).exists(), "the lock is gone");
    let again = Attempt::resume(&lib, &path).expect("free to resume now");
    assert_eq!(again.transcript().turns.len(), 1);
    assert!(again.took_over().is_none());
}

#[test]
fn a_lock_left_by_a_killed_player_is_taken_over_with_a_note() {
    let d = tempfile::tempdir().unwrap();
    let lib = library();
    let (a, path) = live_attempt(&lib, d.path());
    assert!(a.close());
    let gone = dead_pid();
    std::fs::write(
        store::lock::lock_path(&path),
        format!("pid {gone}\nsince 1700000000\n"),
    )
    .unwrap();
    assert!(!store::is_live(&path), "its owner is gone");
    let b = Attempt::resume(&lib, &path).expect("a stale lock does not block");
    assert_eq!(b.took_over().map(|o| o.pid), Some(gone));
    assert!(store::is_live(&path), "now held by this process");

    // The terminal says so when it takes one over.
    drop(b);
    std::fs::write(
        store::lock::lock_path(&path),
        format!("pid {gone}\nsince 1700000000\n"),
    )
    .unwrap();
    let o = common::alliance(d.path(), &["resume", path.to_str().unwrap()], "q\n");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains(&format!("left open by process {gone}")),
        "{err}"
    );
    assert!(!store::lock::lock_path(&path).exists(), "released at exit");
}

#[test]
fn a_second_terminal_gets_a_clear_message_and_exit_code_3() {
    let d = tempfile::tempdir().unwrap();
    let lib = library();
    let (a, path) = live_attempt(&lib, d.path());
    let before = std::fs::read(&path).unwrap();
    let o = common::alliance(d.path(), &["resume", path.to_str().unwrap()], "1\n1\n1\n");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(err.contains("is open in another Alliance"), "{err}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the live attempt's file is untouched"
    );
    drop(a);
}
