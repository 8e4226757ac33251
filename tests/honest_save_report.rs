//! When saving fails (a folder that cannot be written, a disk that fills), the player says exactly what is and
//! is not on disk, exits 4, leaves no temporary file behind and no empty file that looks like a submission;
//! leftovers from kills are removed at the next start.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use alliance::store::{self, AtomicFile};

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Makes `dir` unusable as a folder, even for root: it becomes a plain file (every write into it fails).
fn break_folder(dir: &Path) -> PathBuf {
    let moved = dir.with_extension("moved");
    std::fs::rename(dir, &moved).unwrap();
    std::fs::write(dir, b"not a folder").unwrap();
    moved
}

#[test]
fn a_failed_commit_removes_its_temporary_file_and_keeps_the_old_file() {
    let d = tempfile::tempdir().unwrap();
    // The target is a non-empty folder: the rename over it fails, for root too.
    let target = d.path().join("attempt.json");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("keep"), b"x").unwrap();
    let mut f = AtomicFile::create(&target).unwrap();
    f.write_all(&vec![b'a'; 200_000]).unwrap();
    assert!(f.commit().is_err());
    assert_eq!(
        names(d.path()),
        ["attempt.json"],
        "no .tmp left filling the disk"
    );
    // Dropped without a commit (a writer that gave up): nothing left either.
    let other = d.path().join("other.json");
    let mut g = AtomicFile::create(&other).unwrap();
    g.write_all(b"half").unwrap();
    drop(g);
    assert_eq!(names(d.path()), ["attempt.json"]);
}

#[test]
fn no_writable_folder_ends_with_nothing_on_disk_and_exit_4() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("transcripts"),
        b"a file where the folder should be",
    )
    .unwrap();
    let o = common::alliance(d.path(), &["play", "mini-review", "--replies", "1,1,1"], "");
    let (out, err) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert_eq!(o.status.code(), Some(4), "{err}");
    assert!(!out.contains("Saved:"), "never a false Saved: {out}");
    assert!(err.contains("Not saved:"), "{err}");
    assert!(err.contains("nothing of this attempt is on disk"), "{err}");
}

#[test]
fn a_disk_that_fails_mid_attempt_says_which_replies_are_on_disk_and_exits_4() {
    let d = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_alliance"))
        .args(["--dialogues", common::fixture("").to_str().unwrap()])
        .args(["play", "mini-review", "--seed", "3"])
        .env("ALLIANCE_DATA_DIR", d.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"1\n").unwrap();
    stdin.flush().unwrap();
    // Wait (bounded) until the first reply is on disk, then take the folder away.
    let transcripts = d.path().join("transcripts");
    let deadline = Instant::now() + Duration::from_secs(30);
    let file = loop {
        let found = names(&transcripts)
            .into_iter()
            .filter(|n| n.ends_with(".json"))
            .map(|n| transcripts.join(n))
            .find(|p| store::load_transcript(p).is_ok_and(|t| t.turns.len() == 1));
        if let Some(f) = found {
            break f;
        }
        assert!(Instant::now() < deadline, "the first reply was never saved");
        std::thread::sleep(Duration::from_millis(20));
    };
    let moved = break_folder(&transcripts);
    stdin.write_all(b"1\n").unwrap();
    drop(stdin);
    let o = child.wait_with_output().unwrap();
    let (out, err) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert_eq!(o.status.code(), Some(4), "{err}");
    assert!(!out.contains("Saved:"), "{out}");
    assert!(
        err.contains("the file holds the first 1 reply (the ones since are not on disk)"),
        "{err}"
    );
    assert!(!out.contains("saved as abandoned"), "{out}");
    let kept = moved.join(file.file_name().unwrap());
    assert_eq!(store::load_transcript(&kept).unwrap().turns.len(), 1);
    assert!(
        !names(&moved).iter().any(|n| n.ends_with(".tmp")),
        "{:?}",
        names(&moved)
    );
}

#[test]
fn an_unwritable_submissions_folder_hands_in_nothing_and_says_so() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("submissions"), b"not a folder").unwrap();
    let asg = common::fixture("assignments/mini.yaml");
    let o = common::alliance(
        d.path(),
        &[
            "play",
            "--assignment",
            asg.to_str().unwrap(),
            "--pseudonym",
            "Blue Fox",
            "--replies",
            "1,1",
        ],
        "",
    );
    let (out, err) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert_eq!(o.status.code(), Some(4), "{err}");
    assert!(!out.contains("Submission saved"), "{out}");
    assert!(err.contains("no submission file is on disk"), "{err}");
}

#[test]
fn leftovers_of_a_kill_are_removed_at_the_next_start() {
    let d = tempfile::tempdir().unwrap();
    let subs = d.path().join("submissions");
    let transcripts = d.path().join("transcripts");
    std::fs::create_dir_all(&subs).unwrap();
    std::fs::create_dir_all(&transcripts).unwrap();
    // A pid above any pid_max: its process is certainly gone.
    let tmp = transcripts.join(".mini-review-20260101T000000Z.json.999999999.tmp");
    std::fs::write(&tmp, vec![0u8; 4096]).unwrap();
    let empty = subs.join("mini-week-1-fox-20260101T000000Z.json");
    let f = std::fs::File::create(&empty).unwrap();
    f.set_modified(SystemTime::now() - Duration::from_secs(3600))
        .unwrap();
    drop(f);
    let fresh = subs.join("mini-week-1-owl-20260101T000000Z.json");
    std::fs::File::create(&fresh).unwrap();
    let o = common::alliance(d.path(), &["list"], "");
    assert!(o.status.success());
    assert!(!tmp.exists(), "an orphaned temporary file is removed");
    assert!(!empty.exists(), "an old empty reservation is removed");
    assert!(fresh.exists(), "a fresh one may be a live player's, kept");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("left by an interrupted save"), "{err}");
}
