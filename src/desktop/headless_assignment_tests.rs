//! Assignments in the desktop without a window: opened (by action and by a dropped file), sat under a
//! pseudonym with the terminal's rules, left mid-attempt (it counts), refused while live elsewhere.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::window::FileDragAndDrop;

use crate::assign::progress;
use crate::engine::transcript::Status;
use crate::store;

use super::actions::Action;
use super::assignment::desk::Loaded;
use super::assignment::{AssignmentAction, Desk};
use super::headless_tests::{act, egui_at, fixtures, headless, screen, words_drawn};
use super::state::{Attempts, Play, Screen};

fn mini() -> PathBuf {
    fixtures().join("assignments/mini.yaml")
}

fn ask(app: &mut App, a: AssignmentAction) {
    app.world_mut().write_message(a);
    app.update();
    app.update();
}

/// Opens the mini assignment and begins it as "Blue Fox".
fn begin(app: &mut App) {
    ask(app, AssignmentAction::Open(mini()));
    assert_eq!(screen(app), Screen::Assignment);
    app.world_mut().resource_mut::<Desk>().pseudonym = "Blue Fox".into();
    ask(app, AssignmentAction::Begin);
    let desk = app.world().resource::<Desk>();
    assert!(desk.sitting.is_some(), "begun: {:?}", desk.locked);
}

fn desk(app: &App) -> &Desk {
    app.world().resource::<Desk>()
}

#[test]
fn an_assignment_attempt_played_to_its_ending_is_graded_and_handed_in() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = headless(vec![fixtures()], data.path());
    begin(&mut app);
    ask(&mut app, AssignmentAction::Start(0));
    assert_eq!(screen(&app), Screen::Conversation);
    assert!(app.world().resource::<Play>().for_assignment.is_some());
    // The replies the terminal is given as `--replies 1,1` (a pass of mini.yaml's criteria).
    for position in [0, 0] {
        act(&mut app, Action::Choose(position));
    }
    act(&mut app, Action::ShowDebrief);
    app.update();
    // The verdict in words on the assignment screen, the debrief one action away (the assignment shows
    // feedback).
    assert_eq!(screen(&app), Screen::Assignment);
    let d = desk(&app);
    let s = d.sitting.as_ref().expect("sitting");
    assert_eq!(s.made(0), 1);
    assert_eq!(s.passed_on(0), Some(1), "{:?}", s.attempts(0)[0].verdict);
    assert!(s.complete(), "passed: nothing left to play");
    let h = d.handed_in.as_ref().expect("handed in once complete");
    assert!(h.passed, "{:?}", h.reasons);
    let file = h.written.as_ref().expect("written").clone();
    assert!(file.starts_with(store::submissions_dir(data.path())));
    let opened = crate::assign::open(&std::fs::read(&file).expect("readable")).expect("sealed");
    assert!(opened.submission.passed);
    assert_eq!(opened.submission.pseudonym, "Blue Fox");
    assert_eq!(opened.submission.vignettes[0].attempts.len(), 1);
    // The conversation is over and no longer the assignment's.
    assert!(app.world().resource::<Play>().for_assignment.is_none());
    ask(&mut app, AssignmentAction::ReadDebrief);
    app.update();
    assert_eq!(screen(&app), Screen::Debrief);
}

#[test]
fn leaving_an_assignment_attempt_counts_it_as_interrupted_and_nothing_offers_to_resume_it() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = headless(vec![fixtures()], data.path());
    begin(&mut app);
    ask(&mut app, AssignmentAction::Start(0));
    act(&mut app, Action::Choose(1));
    let path = app
        .world()
        .resource::<Play>()
        .path()
        .expect("journaled")
        .to_path_buf();
    act(&mut app, Action::Leave);
    assert_eq!(screen(&app), Screen::Assignment);
    {
        let s = desk(&app).sitting.as_ref().expect("sitting");
        assert_eq!((s.made(0), s.left(0)), (1, 1), "the left attempt counts");
        assert_eq!(s.attempts(0)[0].transcript.turns.len(), 1);
        assert!(!s.attempts(0)[0].verdict.passed);
    }
    let t = store::load_transcript(&path).expect("readable");
    assert_eq!(
        t.status,
        Status::Abandoned,
        "put down: not offered to resume"
    );
    assert_eq!(t.turns.len(), 1, "its reply is kept");
    let p = progress::path(data.path(), "mini-week-1", "Blue Fox");
    let saved = std::fs::read_to_string(&p).expect("progress saved");
    assert!(saved.contains("\"interrupted\": true"), "{saved}");
    // Put away and opened again (as a new start would): still one attempt made, one left.
    ask(&mut app, AssignmentAction::Close);
    begin(&mut app);
    let s = desk(&app).sitting.as_ref().expect("sitting");
    assert_eq!((s.made(0), s.left(0)), (1, 1));
    act(&mut app, Action::Go(Screen::Library));
    assert!(app.world().resource::<Attempts>().unfinished().is_empty());
}

/// The button that leaves an assignment's attempt says where it goes and that leaving uses the attempt, never
/// "your attempt is saved" or "Back to the library" (it goes back to the assignment, and counts).
#[test]
fn leaving_an_assignment_attempt_says_it_counts_and_goes_back_to_the_assignment() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = headless(vec![fixtures()], data.path());
    begin(&mut app);
    ask(&mut app, AssignmentAction::Start(0));
    act(&mut app, Action::Choose(1));
    let play = std::mem::take(&mut *app.world_mut().resource_mut::<Play>());
    assert!(play.for_assignment.is_some(), "an assignment's attempt");
    let (ctx, mut prefs, pal) = egui_at(1.0);
    let mut view = Default::default();
    let words = words_drawn(&ctx, |ctx| {
        super::conversation::draw(ctx, &play, &mut view, &pal, &mut prefs);
    });
    assert!(
        words
            .iter()
            .any(|w| w.starts_with("Leave (") && w.contains("counts")),
        "{words:?}"
    );
    assert!(
        !words
            .iter()
            .any(|w| w.contains("saved") || w.contains("library")),
        "{words:?}"
    );
}

#[test]
fn an_assignment_open_in_another_live_alliance_is_not_offered() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = headless(vec![fixtures()], data.path());
    let p = progress::path(data.path(), "mini-week-1", "Blue Fox");
    std::fs::create_dir_all(p.parent().expect("a folder")).expect("folder");
    // This process holds the run, as a terminal playing it would.
    let _held = store::lock::lock(&p).expect("locked");
    ask(&mut app, AssignmentAction::Open(mini()));
    app.world_mut().resource_mut::<Desk>().pseudonym = "Blue Fox".into();
    ask(&mut app, AssignmentAction::Begin);
    let d = desk(&app);
    assert!(d.sitting.is_none(), "nothing to play");
    assert!(d.locked.is_some());
    ask(&mut app, AssignmentAction::Start(0));
    assert_eq!(screen(&app), Screen::Assignment);
}

#[test]
fn a_malformed_assignment_shows_every_problem_located_and_a_dropped_file_opens() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = headless(vec![fixtures()], data.path());
    let bad = fixtures().join("assignments/bad.yaml");
    app.world_mut().write_message(FileDragAndDrop::DroppedFile {
        window: Entity::PLACEHOLDER,
        path_buf: bad.clone(),
    });
    app.update();
    app.update();
    app.update();
    assert_eq!(screen(&app), Screen::Assignment);
    let Some(Loaded::Problems(list)) = &desk(&app).loaded else {
        panic!("the bad file's problems are shown");
    };
    assert!(list.len() >= 3, "{list:?}");
    let first = list[0].to_string();
    assert!(
        first.contains("bad.yaml:") && first.contains("hint"),
        "located, with a hint: {first}"
    );
    // A pseudonym cannot begin what did not load; a good file replaces the bad one.
    ask(&mut app, AssignmentAction::Begin);
    assert!(desk(&app).sitting.is_none());
    ask(&mut app, AssignmentAction::Open(mini()));
    assert!(desk(&app).assignment().is_some());
}

#[test]
fn the_picker_lists_assignment_files_and_not_vignettes() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(mini(), dir.path().join("week1.yaml")).expect("copy");
    std::fs::copy(
        fixtures().join("mini.yaml"),
        dir.path().join("vignette.yaml"),
    )
    .expect("copy");
    let found = super::assignment::found::find(&[dir.path().to_path_buf()]);
    assert_eq!(found, vec![dir.path().join("week1.yaml")]);
}

#[test]
fn an_assignment_attempt_left_in_progress_by_a_crash_is_not_offered_for_resuming() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = headless(vec![fixtures()], data.path());
    begin(&mut app);
    ask(&mut app, AssignmentAction::Start(0));
    act(&mut app, Action::Choose(1));
    // A crash: the attempt is never put down (its lock goes with the process).
    let attempt = app
        .world_mut()
        .resource_mut::<Play>()
        .attempt
        .take()
        .expect("playing");
    let path = attempt.path().expect("journaled").to_path_buf();
    drop(attempt);
    assert_eq!(
        store::load_transcript(&path).expect("readable").status,
        Status::InProgress
    );
    let scanned = Attempts::scan(Some(&store::transcripts_dir(data.path())));
    assert_eq!(scanned.list.len(), 1);
    assert!(
        scanned.unfinished().is_empty(),
        "only its assignment takes it up (as interrupted)"
    );
}

#[test]
fn an_ordinary_attempt_is_untouched_by_the_assignment_while_one_is_open() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = headless(vec![fixtures()], data.path());
    begin(&mut app);
    act(
        &mut app,
        Action::Start {
            vignette: "mini-review".into(),
            mode: crate::engine::Mode::Practice,
        },
    );
    for position in [0, 0] {
        act(&mut app, Action::Choose(position));
    }
    act(&mut app, Action::ShowDebrief);
    assert_eq!(screen(&app), Screen::Debrief);
    assert!(
        app.world().resource::<Play>().session().is_some(),
        "the attempt stays for replay"
    );
    let s = desk(&app).sitting.as_ref().expect("sitting");
    assert_eq!(s.made(0), 0, "not counted for the assignment");
}
