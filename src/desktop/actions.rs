//! Actions: every change a student asks for (start, reply from the menu or in their own words, leave, resume,
//! replay, export, go to a screen), applied in one system so keys, buttons and tests all take the same path
//! through `Attempt`. Reading the transcripts folder is not done here: entering a screen that lists them does.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::window::RequestRedraw;

use crate::attempt::{Attempt, Reply, ResumeError};
use crate::engine::Mode;
use crate::report;
use crate::store;

use super::prefs::Prefs;
use super::resume::ResumeOffer;
use super::save::{self, ExportFormat};
use super::state::{Attempts, Catalog, ConversationView, DataDir, Notice, Play, Review, Screen};

/// Something the student asked for.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum Action {
    /// Start a new attempt at a vignette.
    Start {
        /// Vignette id.
        vignette: String,
        /// Practice or assessment.
        mode: Mode,
    },
    /// Start a follow-up visit that continues the student's finished attempt at the first (saved at `first`).
    Continue {
        /// The follow-up's id.
        vignette: String,
        /// Practice or assessment.
        mode: Mode,
        /// The first visit's transcript file.
        first: PathBuf,
    },
    /// Give the reply at this position among those on offer (0-based).
    Choose(usize),
    /// Give a reply in the student's own words (the engine reads and matches it).
    Say(String),
    /// Show the debrief of the attempt being played.
    ShowDebrief,
    /// Leave the conversation; the attempt stays saved and can be resumed.
    Leave,
    /// Read the debrief of a saved attempt.
    Open(PathBuf),
    /// Continue a saved, unfinished attempt.
    Resume(PathBuf),
    /// Mark a saved, unfinished attempt as abandoned.
    Discard(PathBuf),
    /// Start a new attempt from this turn of the reviewed attempt, with the same seed and state.
    ReplayFrom(u32),
    /// Export the reviewed debrief.
    Export(ExportFormat),
    /// Go to a screen.
    Go(Screen),
    /// Make the text this many tenths larger (negative: smaller), as Ctrl + and Ctrl − do.
    TextSize(i32),
}

/// Applies the actions sent this frame, in order.
#[allow(clippy::too_many_arguments)]
pub fn apply_actions(
    mut actions: MessageReader<Action>,
    mut play: ResMut<Play>,
    mut view: ResMut<ConversationView>,
    mut review: ResMut<Review>,
    mut attempts: ResMut<Attempts>,
    mut notice: ResMut<Notice>,
    mut offer: ResMut<ResumeOffer>,
    mut next: ResMut<NextState<Screen>>,
    mut redraw: MessageWriter<RequestRedraw>,
    catalog: Res<Catalog>,
    data: Res<DataDir>,
    mut prefs: ResMut<Prefs>,
) {
    for action in actions.read() {
        redraw.write(RequestRedraw);
        // A notice answers the last thing done; the next action replaces it.
        notice.text = None;
        match action.clone() {
            // An assignment's attempt ends and is left through the assignment's own rules (`assignment`).
            Action::ShowDebrief | Action::Leave if play.for_assignment.is_some() => {}
            Action::Start { vignette, mode } => {
                let Some(v) = catalog.library.get(&vignette) else {
                    notice.problem(format!("No vignette `{vignette}` is loaded."));
                    continue;
                };
                let dir = data.transcripts();
                let rubric = std::sync::Arc::clone(&catalog.library.rubric);
                let attempt = Attempt::start(v, rubric, mode, None, dir.as_deref());
                begin(&mut play, &mut view, &mut notice, attempt);
                next.set(Screen::Conversation);
            }
            Action::Continue {
                vignette,
                mode,
                first,
            } => {
                let Some(v) = catalog.library.get(&vignette) else {
                    notice.problem(format!("No vignette `{vignette}` is loaded."));
                    continue;
                };
                let from = match crate::attempt::continuation(&catalog.library, &first, &v) {
                    Ok(from) => from,
                    Err(e) => {
                        notice.problem(format!("Cannot continue that visit: {e}"));
                        continue;
                    }
                };
                let dir = data.transcripts();
                let rubric = std::sync::Arc::clone(&catalog.library.rubric);
                let attempt =
                    Attempt::start_continuing(v, rubric, mode, None, dir.as_deref(), Some(from));
                begin(&mut play, &mut view, &mut notice, attempt);
                next.set(Screen::Conversation);
            }
            Action::Choose(position) => {
                let Some(a) = play.attempt.as_mut() else {
                    continue;
                };
                let Some(o) = a.session().offered().get(position).cloned() else {
                    continue;
                };
                if a.give(&Reply::Chosen(o.index)).is_ok() {
                    view.focus_line = true;
                }
            }
            Action::Say(text) => {
                let Some(a) = play.attempt.as_mut() else {
                    continue;
                };
                // A menu number typed into the field (focus stayed there after a typed reply) is the choice
                // it names, never words said to the patient; with the menu hidden it names nothing.
                if let Some(position) = menu_number(&text, a.session().offered().len()) {
                    if prefs.type_every_reply {
                        notice.problem(
                            "A number alone is not a reply while the menu is hidden: type what you would say to the patient.",
                        );
                        view.focus_field = true;
                        continue;
                    }
                    let index = a.session().offered()[position].index;
                    if a.give(&Reply::Chosen(index)).is_ok() {
                        view.focus_line = true;
                    }
                    continue;
                }
                if a.give(&Reply::Typed(text)).is_err() {
                    continue;
                }
                let over = a.session().is_over();
                // Typing goes on in the field; at the ending the patient's last words take the focus.
                view.focus_line = over;
                view.focus_field = !over;
            }
            Action::ShowDebrief => {
                let Some(a) = play.attempt.as_ref() else {
                    continue;
                };
                let path = a.path().map(PathBuf::from);
                show(&mut review, a.transcript().clone(), path, &catalog);
                next.set(Screen::Debrief);
            }
            Action::Leave => {
                if let Some(a) = play.attempt.take() {
                    // Only a save that worked is called saved; otherwise say what is (not) on disk.
                    let unsaved = a.save_error().map(ToString::to_string);
                    match (a.close(), unsaved) {
                        (_, Some(e)) => notice.problem(format!("Not saved: {e}")),
                        (true, None) => notice.info(
                            "Your attempt is saved: resume it from the library whenever you like.",
                        ),
                        (false, None) => {}
                    }
                }
                *play = Play::default();
                *view = ConversationView::default();
                next.set(Screen::Library);
            }
            Action::Open(path) => match store::load_transcript(&path) {
                Ok(t) => {
                    show(&mut review, t, Some(path), &catalog);
                    next.set(Screen::Debrief);
                }
                Err(e) => notice.problem(e),
            },
            Action::Resume(path) => {
                offer.open = false;
                match Attempt::resume(&catalog.library, &path) {
                    Ok(mut attempt) => {
                        attempt.save();
                        begin(&mut play, &mut view, &mut notice, attempt);
                        next.set(Screen::Conversation);
                    }
                    Err(e) => notice.problem(cannot("resumed", e)),
                }
            }
            Action::Discard(path) => {
                match save::abandon(&path) {
                    Ok(()) => {
                        attempts.set_aside(&path);
                        notice.info(
                            "The unfinished attempt was set aside (it stays in your history).",
                        );
                    }
                    Err(e) => notice.problem(e),
                }
                offer.open = offer.open && !attempts.unfinished().is_empty();
            }
            Action::ReplayFrom(turn) => {
                let Some(t) = review.transcript.as_ref() else {
                    continue;
                };
                let dir = data.transcripts();
                match Attempt::replay_until(&catalog.library, t, turn, dir.as_deref()) {
                    Ok(attempt) => {
                        begin(&mut play, &mut view, &mut notice, attempt);
                        play.replayed_from = Some(turn);
                        next.set(Screen::Conversation);
                    }
                    Err(e) => notice.problem(cannot("replayed", e)),
                }
            }
            Action::Export(format) => {
                let Some(d) = review.debrief.as_ref() else {
                    continue;
                };
                match save::export(&data, review.path.as_deref(), d, format) {
                    Ok(p) => {
                        notice.info(format!("Exported to {}", p.display()));
                        review.exported.retain(|q| q != &p);
                        review.exported.push(p);
                    }
                    Err(e) => notice.problem(e),
                }
            }
            Action::Go(screen) => next.set(screen),
            Action::TextSize(steps) => {
                let p = prefs.stepped(steps);
                if p != *prefs {
                    *prefs = p;
                }
            }
        }
    }
}

/// Makes `attempt` the one being played; a file that could not be had is said once, and play goes on.
fn begin(play: &mut Play, view: &mut ConversationView, notice: &mut Notice, attempt: Attempt) {
    if let Some(e) = attempt.save_error() {
        notice.problem(e.to_string());
    }
    *play = Play {
        attempt: Some(attempt),
        ..Play::default()
    };
    *view = ConversationView {
        focus_line: true,
        ..ConversationView::default()
    };
}

/// Why a saved attempt cannot be resumed or replayed, in the student's words.
fn cannot(what: &str, e: ResumeError) -> String {
    match e {
        ResumeError::Unreadable(e) => e,
        ResumeError::NotInLibrary(id) => {
            format!("`{id}` is not in the library any more, so this attempt cannot be {what}")
        }
        ResumeError::Diverged(e) => format!("{e}, so it cannot be {what}"),
        ResumeError::Locked(e) => e,
    }
}

/// Puts a transcript's debrief on the review screen.
fn show(
    review: &mut Review,
    t: crate::engine::Transcript,
    path: Option<PathBuf>,
    catalog: &Catalog,
) {
    let d = report::debrief(&t, &catalog.library.rubric);
    *review = Review {
        selected: d.moments.first().map(|m| m.turn),
        debrief: Some(d),
        transcript: Some(t),
        path,
        exported: Vec::new(),
    };
}

/// The 0-based position named by a reply that is only a menu number ("1", " 2 ", "3."), if one of `offered`.
pub fn menu_number(text: &str, offered: usize) -> Option<usize> {
    let n: usize = text.trim().trim_end_matches(['.', ')']).parse().ok()?;
    (1..=offered).contains(&n).then(|| n - 1)
}
