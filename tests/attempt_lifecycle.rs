//! An attempt as every front end plays it: started in its own file, saved after every turn, left as
//! abandoned, resumed in the same file, replayed from a turn into a new one; save failures say what is on disk.

mod common;

use std::path::Path;
use std::sync::Arc;

use alliance::attempt::{self, Attempt, Reply, ResumeError};
use alliance::engine::Mode;
use alliance::engine::transcript::Status;
use alliance::library::Library;
use alliance::scoring::Rubric;
use alliance::store::{self, SaveError};

fn library() -> Library {
    Library::load(&[common::fixture("")], Rubric::shipped()).0
}

fn start(lib: &Library, dir: Option<&Path>, seed: u64) -> Attempt {
    let v = lib.get("mini-review").expect("the mini fixture loads");
    Attempt::start(v, Arc::clone(&lib.rubric), Mode::Practice, Some(seed), dir)
}

/// Gives the reply shown at `n` (1-based) on the menu.
fn give(a: &mut Attempt, n: usize) {
    let index = a.session().offered()[n - 1].index;
    a.give(&Reply::Chosen(index)).expect("on offer");
}

#[test]
fn a_new_attempt_has_its_own_file_and_every_turn_is_on_disk() {
    let d = tempfile::tempdir().unwrap();
    let lib = library();
    let mut a = start(&lib, Some(d.path()), 7);
    let path = a.path().expect("a file").to_path_buf();
    assert!(a.save_error().is_none());
    assert_eq!(a.seed(), 7);
    let saved = store::load_transcript(&path).unwrap();
    assert!(
        saved.turns.is_empty(),
        "the opening is saved before any reply"
    );
    assert_eq!((saved.seed, saved.mode), (7, Mode::Practice));
    give(&mut a, 2);
    give(&mut a, 1);
    let saved = store::load_transcript(&path).unwrap();
    assert_eq!(saved.turns.len(), 2);
    assert_eq!(&saved, a.transcript());
    let other = start(&lib, Some(d.path()), 7);
    assert_ne!(other.path(), Some(path.as_path()), "never another's file");
}

#[test]
fn leaving_saves_the_attempt_as_abandoned() {
    let d = tempfile::tempdir().unwrap();
    let lib = library();
    let mut a = start(&lib, Some(d.path()), 3);
    give(&mut a, 1);
    a.leave();
    let saved = store::load_transcript(a.path().unwrap()).unwrap();
    assert_eq!(saved.status, Status::Abandoned);
    assert_eq!(saved.turns.len(), 1);
}

#[test]
fn a_resumed_attempt_stands_where_it_stopped_and_goes_on_in_the_same_file() {
    let d = tempfile::tempdir().unwrap();
    let lib = library();
    let mut a = start(&lib, Some(d.path()), 11);
    give(&mut a, 2);
    let path = a.path().unwrap().to_path_buf();
    let (state, line) = (a.session().state(), a.session().patient_line().clone());
    drop(a); // as after a crash: nothing more is written

    let mut b = Attempt::resume(&lib, &path).expect("resumes");
    assert_eq!(b.path(), Some(path.as_path()));
    assert_eq!(
        (b.seed(), b.session().state(), b.session().patient_line()),
        (11, state, &line)
    );
    give(&mut b, 1);
    assert_eq!(store::load_transcript(&path).unwrap().turns.len(), 2);
    drop(b); // put down, so it is free to be opened again

    let elsewhere = Library::load(&[], Rubric::shipped()).0;
    assert_eq!(
        Attempt::resume(&elsewhere, &path).unwrap_err(),
        ResumeError::NotInLibrary("mini-review".into())
    );
}

#[test]
fn replaying_until_a_turn_starts_a_new_attempt_with_the_same_seed_and_alliance() {
    let d = tempfile::tempdir().unwrap();
    let lib = library();
    let mut a = start(&lib, Some(d.path()), 5);
    give(&mut a, 2);
    give(&mut a, 1);
    let t = a.transcript().clone();
    let r = Attempt::replay_until(&lib, &t, 2, Some(d.path())).expect("replays");
    assert_ne!(r.path(), a.path(), "a new file");
    assert_eq!(r.transcript().turns.len(), 1);
    assert_eq!(r.seed(), 5);
    assert_eq!(r.session().state(), t.turns[0].after);
    let on_disk = store::load_transcript(r.path().unwrap()).unwrap();
    assert_eq!(
        on_disk.turns.len(),
        1,
        "the replayed reply is saved at once"
    );
}

#[test]
fn an_attempt_without_a_folder_is_played_and_says_nothing_is_on_disk() {
    let lib = library();
    let mut a = start(&lib, None, 1);
    give(&mut a, 1);
    assert!(a.path().is_none());
    let e = a.save_error().expect("not saved");
    assert!(matches!(e, SaveError::NoDataDir));
    assert!(
        e.to_string().contains("nothing of this attempt is on disk"),
        "{e}"
    );

    let d = tempfile::tempdir().unwrap();
    let not_a_folder = d.path().join("file");
    std::fs::write(&not_a_folder, "x").unwrap();
    let a = start(&lib, Some(&not_a_folder), 1);
    let e = a.save_error().expect("no file reserved");
    assert!(matches!(e, SaveError::Reserve { .. }), "{e:?}");
    assert!(
        e.to_string().contains("nothing of this attempt is on disk"),
        "{e}"
    );
}

#[test]
fn a_failed_save_says_which_replies_the_file_still_holds() {
    let d = tempfile::tempdir().unwrap();
    let lib = library();
    let mut a = start(&lib, Some(d.path()), 2);
    give(&mut a, 2);
    // The file is replaced by a folder: the next save cannot rename over it.
    let path = a.path().unwrap().to_path_buf();
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    give(&mut a, 1);
    let e = a.save_error().expect("the save failed");
    assert!(
        matches!(
            e,
            SaveError::Write {
                on_disk: Some(1),
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("holds the first 1 reply"), "{e}");
}

#[test]
fn fresh_seeds_differ_and_derived_seeds_are_stable() {
    let a = attempt::fresh_seed();
    let b = attempt::fresh_seed();
    assert_ne!(a, b);
    assert_eq!(attempt::derived_seed(100, 1, 2), 100 + (1 << 16) + 2);
}

#[test]
fn an_unknown_mode_in_a_transcript_is_a_located_error_not_practice() {
    let d = tempfile::tempdir().unwrap();
    let lib = library();
    let a = start(&lib, Some(d.path()), 4);
    let path = a.path().unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    assert!(
        text.contains("\"mode\": \"practice\""),
        "the JSON keeps the word"
    );
    std::fs::write(path, text.replace("\"practice\"", "\"practise\"")).unwrap();
    let e = store::load_transcript(path).unwrap_err();
    let line = text
        .lines()
        .position(|l| l.contains("\"mode\""))
        .map(|i| i + 1)
        .unwrap();
    assert!(
        e.starts_with(&format!("{}:{line}:", path.display())),
        "located: {e}"
    );
    assert!(e.contains("unknown mode `practise`"), "{e}");
    assert!(e.contains("`practice` or `assessment`"), "{e}");
}
