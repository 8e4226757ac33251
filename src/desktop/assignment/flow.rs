//! The assignment's actions (open a file, begin under a pseudonym, start a vignette's next attempt, hand in,
//! open the submission's folder, close) and the end of its attempts: graded and kept by `Sitting`, exactly as
//! the terminal does; an attempt left before its ending counts, as one interrupted.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::window::RequestRedraw;

use crate::assign;
use crate::assign::uuid::UuidSource;
use crate::attempt::derived_seed;
use crate::sitting::{HandedIn, Note, Sitting, valid_pseudonym};

use super::super::actions::Action;
use super::super::state::{Catalog, ConversationView, DataDir, Notice, Play, Screen};
use super::desk::{Desk, HandIn, Loaded};
use super::{OpenAtStart, SEED_ENV, folder};

/// Something the student asked of the Assignment screen.
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub enum AssignmentAction {
    /// Load the assignment file at this path and show it.
    Open(PathBuf),
    /// Begin (or pick up) the assignment under the pseudonym in the field.
    Begin,
    /// Start the next attempt at the vignette at this place (0-based).
    Start(usize),
    /// Write the submission as it stands.
    HandIn,
    /// Show the folder holding the submission.
    OpenFolder,
    /// Read the debrief of the last attempt (where the assignment shows feedback).
    ReadDebrief,
    /// Put the assignment away (its progress stays on disk).
    Close,
}

/// Opens the file given on the command line, if any.
pub fn open_at_start(start: Res<OpenAtStart>, mut actions: MessageWriter<AssignmentAction>) {
    if let Some(p) = &start.0 {
        actions.write(AssignmentAction::Open(p.clone()));
    }
}

/// Applies the assignment's actions, and ends or puts down its attempt when the conversation asks for the
/// debrief or is left (`Action::ShowDebrief`, `Action::Leave`, which `apply_actions` leaves to this).
#[allow(clippy::too_many_arguments)]
pub fn apply_assignment_actions(
    mut asked: MessageReader<AssignmentAction>,
    // The conversation's actions are read here and `Open` is written: one message type, so a `ParamSet`.
    mut conversation: ParamSet<(MessageReader<Action>, MessageWriter<Action>)>,
    mut desk: ResMut<Desk>,
    mut play: ResMut<Play>,
    mut view: ResMut<ConversationView>,
    mut notice: ResMut<Notice>,
    mut next: ResMut<NextState<Screen>>,
    mut redraw: MessageWriter<RequestRedraw>,
    catalog: Res<Catalog>,
    data: Res<DataDir>,
) {
    let ended: Vec<Action> = conversation.p0().read().cloned().collect();
    for a in &ended {
        if !matches!(a, Action::ShowDebrief | Action::Leave) {
            continue;
        }
        // Only an assignment's attempt: any other is `apply_actions`' (and stays in `Play`).
        let Some(playing) = play.for_assignment.clone() else {
            continue;
        };
        let Some(attempt) = play.attempt.take() else {
            continue;
        };
        desk.debrief = None;
        let Some(sitting) = desk.sitting.as_mut() else {
            continue;
        };
        let mut notes = Vec::new();
        let show = sitting.assignment.show_feedback;
        if attempt.session().is_over() {
            let path = attempt.path().map(PathBuf::from);
            sitting.finish(&playing, &attempt, &catalog.library, &mut notes);
            desk.notes.extend(notes);
            desk.last = Some((playing.item, playing.attempt));
            // The verdict in words first; the debrief one key away, where the assignment shows feedback.
            desk.debrief = path.filter(|_| show);
            if desk.sitting.as_ref().is_some_and(Sitting::complete) {
                hand_in(&mut desk, &catalog);
            }
        } else {
            sitting.interrupt(&playing, &attempt, &catalog.library, &mut notes);
            desk.notes.extend(notes);
            desk.last = Some((playing.item, playing.attempt));
            notice.info(
                "You left this attempt before its ending: it counts as an attempt, as it stood.",
            );
        }
        // The attempt stays on show until the Assignment screen is entered (`put_down_play`): the conversation
        // screen, drawn once more this frame, would go back to the library without one.
        play.attempt = Some(attempt);
        play.for_assignment = None;
        desk.put_down_play = true;
        redraw.write(RequestRedraw);
        next.set(Screen::Assignment);
    }
    for a in asked.read() {
        redraw.write(RequestRedraw);
        match a.clone() {
            AssignmentAction::Open(path) => {
                open(&mut desk, path, &catalog);
                next.set(Screen::Assignment);
            }
            AssignmentAction::Begin => begin(&mut desk, &catalog, &data, &mut notice),
            AssignmentAction::Start(i) => {
                let Some(sitting) = desk.sitting.as_mut() else {
                    continue;
                };
                let seed = std::env::var(SEED_ENV)
                    .ok()
                    .and_then(|s| s.trim().parse::<u64>().ok())
                    .map(|s| derived_seed(s, i, sitting.made(i) + 1));
                let mut notes = Vec::new();
                let started = sitting.start(i, &catalog.library, seed, &mut notes);
                desk.notes.extend(notes);
                let Some((attempt, playing)) = started else {
                    notice.problem("This vignette has no attempts left.");
                    continue;
                };
                if let Some(e) = attempt.save_error() {
                    notice.problem(e.to_string());
                }
                *play = Play {
                    attempt: Some(attempt),
                    for_assignment: Some(playing),
                    ..Play::default()
                };
                *view = ConversationView {
                    focus_line: true,
                    ..ConversationView::default()
                };
                next.set(Screen::Conversation);
            }
            AssignmentAction::HandIn => hand_in(&mut desk, &catalog),
            AssignmentAction::OpenFolder => {
                let Some(Ok(file)) = desk.handed_in.as_ref().map(|h| h.written.clone()) else {
                    continue;
                };
                let dir = file.parent().map(PathBuf::from).unwrap_or_default();
                match folder::open(&dir) {
                    Ok(()) => desk.opened_folders.push(dir),
                    Err(e) => notice.problem(e),
                }
            }
            AssignmentAction::ReadDebrief => {
                if let Some(p) = desk.debrief.clone() {
                    conversation.p1().write(Action::Open(p));
                }
            }
            AssignmentAction::Close => {
                *desk = Desk {
                    found: std::mem::take(&mut desk.found),
                    ..Desk::default()
                };
            }
        }
    }
}

/// Drops the assignment's attempt that just ended, once the Assignment screen is entered.
pub fn put_down_play(
    mut desk: ResMut<Desk>,
    mut play: ResMut<Play>,
    mut view: ResMut<ConversationView>,
) {
    if std::mem::take(&mut desk.put_down_play) {
        *play = Play::default();
        *view = ConversationView::default();
    }
}

/// Loads the assignment at `path` against the library; a new file puts the last run away.
fn open(desk: &mut Desk, path: PathBuf, catalog: &Catalog) {
    desk.close_run();
    desk.path_field = path.display().to_string();
    desk.loaded = Some(match assign::load(&path, Some(&catalog.library)) {
        Ok(a) => Loaded::Ready(a),
        Err(problems) => Loaded::Problems(problems),
    });
    desk.file = Some(path);
}

/// Opens the run under the pseudonym in the field: refused with a reason when the pseudonym will not do or
/// the run is live in another Alliance.
fn begin(desk: &mut Desk, catalog: &Catalog, data: &DataDir, notice: &mut Notice) {
    let Some(a) = desk.assignment().cloned() else {
        return;
    };
    let pseudonym = desk.pseudonym.trim().to_owned();
    if let Err(why) = valid_pseudonym(&pseudonym) {
        notice.problem(format!("That pseudonym will not do: {why}."));
        return;
    }
    let Some(dir) = data.0.clone() else {
        notice.problem(format!(
            "There is no data folder to keep your attempts and submission in: set {}.",
            crate::store::DATA_DIR_ENV
        ));
        return;
    };
    desk.close_run();
    match Sitting::open(a, &pseudonym, &dir, &catalog.library, UuidSource::fresh()) {
        Ok((mut s, notes)) => {
            desk.notes = notes;
            desk.notes.extend(s.connect_lrs());
            desk.lrs = s.lrs_state();
            desk.sitting = Some(s);
        }
        Err(e) => desk.locked = Some(e.to_string()),
    }
}

/// Writes the submission as it stands.
fn hand_in(desk: &mut Desk, catalog: &Catalog) {
    let Some(s) = desk.sitting.as_mut() else {
        return;
    };
    let HandedIn {
        submission,
        written,
        notes,
    } = s.hand_in(&catalog.library);
    desk.notes.extend(notes);
    desk.handed_in = Some(HandIn {
        written: written.map_err(|(dir, e)| {
            format!(
                "could not write the submission in {}: {e}. Nothing was handed in: free some space or make \
                 the folder writable, then hand in again",
                dir.display()
            )
        }),
        passed: submission.passed,
        reasons: submission.reasons,
    });
}

/// Keeps the quiet "sent / waiting to send" line current while the Assignment screen shows.
pub fn follow_lrs(
    mut desk: ResMut<Desk>,
    screen: Res<State<Screen>>,
    mut last: Local<Option<std::time::Instant>>,
) {
    if *screen.get() != Screen::Assignment {
        return;
    }
    // The outbox is read from disk: a few times a second at most.
    if last.is_some_and(|t| t.elapsed() < std::time::Duration::from_millis(500)) {
        return;
    }
    *last = Some(std::time::Instant::now());
    let state = desk.sitting.as_mut().and_then(Sitting::lrs_state);
    if desk.lrs != state {
        desk.lrs = state;
    }
}

/// The notes for the screen: problems only (the screen says the rest in its own words).
pub fn problems(notes: &[Note]) -> impl Iterator<Item = &str> {
    notes.iter().filter_map(|n| match n {
        Note::Warn(t) => Some(t.as_str()),
        Note::Say(_) => None,
    })
}
