//! Actions: every change a student asks for (start, reply from the menu or in their own words, leave, resume,
//! replay, export, go to a screen), applied in one system so keys, buttons and tests all take the same path
//! through the engine.

use std::path::PathBuf;
use std::sync::Arc;

use bevy::prelude::*;
use bevy::window::RequestRedraw;

use crate::engine::{Mode, Session};
use crate::report;
use crate::store;

use super::resume::ResumeOffer;
use super::save::{self, ExportFormat};
use super::state::{Attempts, Catalog, DataDir, Notice, Play, Review, Screen};

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
}

/// Applies the actions sent this frame, in order.
#[allow(clippy::too_many_arguments)]
pub fn apply_actions(
    mut actions: MessageReader<Action>,
    mut play: ResMut<Play>,
    mut review: ResMut<Review>,
    mut attempts: ResMut<Attempts>,
    mut notice: ResMut<Notice>,
    mut offer: ResMut<ResumeOffer>,
    mut next: ResMut<NextState<Screen>>,
    mut redraw: MessageWriter<RequestRedraw>,
    mut started: Local<u64>,
    catalog: Res<Catalog>,
    data: Res<DataDir>,
) {
    for action in actions.read() {
        redraw.write(RequestRedraw);
        // A notice answers the last thing done; the next action replaces it.
        notice.text = None;
        match action.clone() {
            Action::Start { vignette, mode } => {
                let Some(v) = catalog.library.get(&vignette) else {
                    notice.problem(format!("No vignette `{vignette}` is loaded."));
                    continue;
                };
                *started += 1;
                // A fresh seed per attempt; the transcript records it, so the attempt replays exactly.
                let seed = store::now() ^ (u64::from(std::process::id()) << 16) ^ *started;
                let session = Session::new(v, Arc::clone(&catalog.library.rubric), seed, mode);
                begin(&mut play, &mut notice, &data, session, None);
                next.set(Screen::Conversation);
            }
            Action::Choose(position) => {
                let Some(s) = play.session.as_mut() else {
                    continue;
                };
                let offered = s.offered();
                let Some(o) = offered.get(position) else {
                    continue;
                };
                if s.choose(o.index).is_err() {
                    continue;
                }
                play.focus_line = true;
                persist(&mut play);
                if play.session.as_ref().is_some_and(Session::is_over) {
                    *attempts = Attempts::scan(data.transcripts().as_deref());
                }
            }
            Action::Say(text) => {
                let Some(s) = play.session.as_mut() else {
                    continue;
                };
                if s.say(&text).is_err() {
                    continue;
                }
                let over = s.is_over();
                // Typing goes on in the field; at the ending the patient's last words take the focus.
                play.focus_line = over;
                play.focus_field = !over;
                persist(&mut play);
                if over {
                    *attempts = Attempts::scan(data.transcripts().as_deref());
                }
            }
            Action::ShowDebrief => {
                let Some(s) = play.session.as_ref() else {
                    continue;
                };
                show(
                    &mut review,
                    s.transcript().clone(),
                    play.path.clone(),
                    &catalog,
                );
                next.set(Screen::Debrief);
            }
            Action::Leave => {
                if let (Some(s), Some(p)) = (play.session.as_ref(), play.path.as_ref()) {
                    save::forget_empty(s, p);
                    if !s.transcript().turns.is_empty() && !s.is_over() {
                        notice.info(
                            "Your attempt is saved: resume it from the library whenever you like.",
                        );
                    }
                }
                *play = Play::default();
                *attempts = Attempts::scan(data.transcripts().as_deref());
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
                match resumed(&catalog, &path) {
                    Ok(session) => {
                        begin(&mut play, &mut notice, &data, session, Some(path));
                        next.set(Screen::Conversation);
                    }
                    Err(e) => notice.problem(e),
                }
            }
            Action::Discard(path) => {
                match save::abandon(&path) {
                    Ok(()) => notice
                        .info("The unfinished attempt was set aside (it stays in your history)."),
                    Err(e) => notice.problem(e),
                }
                *attempts = Attempts::scan(data.transcripts().as_deref());
                offer.open = offer.open && !attempts.unfinished().is_empty();
            }
            Action::ReplayFrom(turn) => {
                let Some(t) = review.transcript.as_ref() else {
                    continue;
                };
                match replayed(&catalog, t, turn) {
                    Ok(session) => {
                        begin(&mut play, &mut notice, &data, session, None);
                        play.replayed_from = Some(turn);
                        next.set(Screen::Conversation);
                    }
                    Err(e) => notice.problem(e),
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
            Action::Go(screen) => {
                if screen == Screen::History || screen == Screen::Library {
                    *attempts = Attempts::scan(data.transcripts().as_deref());
                }
                next.set(screen);
            }
        }
    }
}

/// Makes `session` the one being played, saved to `path` (or to a newly reserved attempt file).
fn begin(
    play: &mut Play,
    notice: &mut Notice,
    data: &DataDir,
    session: Session,
    path: Option<PathBuf>,
) {
    let path = match path {
        Some(p) => Some(p),
        None => match save::reserve(data, &session.vignette().id) {
            Ok(p) => Some(p),
            Err(e) => {
                notice.problem(e);
                None
            }
        },
    };
    *play = Play {
        session: Some(session),
        path,
        focus_line: true,
        ..Play::default()
    };
    persist(play);
}

/// Saves the attempt after a turn; a failure is shown and the conversation goes on.
fn persist(play: &mut Play) {
    let Play {
        session: Some(s),
        path: Some(p),
        save_error,
        ..
    } = play
    else {
        return;
    };
    *save_error = save::save(s, p).err();
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

/// Rebuilds a saved attempt where it stopped.
fn resumed(catalog: &Catalog, path: &std::path::Path) -> Result<Session, String> {
    let t = store::load_transcript(path)?;
    let v = catalog.library.get(&t.vignette_id).ok_or_else(|| {
        format!(
            "`{}` is not in the library any more, so this attempt cannot be resumed",
            t.vignette_id
        )
    })?;
    Session::resume(v, Arc::clone(&catalog.library.rubric), &t)
}

/// A new attempt at the reviewed vignette that replays its first `turn - 1` replies with the same seed, so the
/// student stands at `turn` exactly as before and can answer differently.
pub fn replayed(
    catalog: &Catalog,
    t: &crate::engine::Transcript,
    turn: u32,
) -> Result<Session, String> {
    let v = catalog.library.get(&t.vignette_id).ok_or_else(|| {
        format!(
            "`{}` is not in the library any more, so it cannot be replayed",
            t.vignette_id
        )
    })?;
    let mode = Mode::parse(&t.mode).unwrap_or(Mode::Practice);
    let mut s = Session::new(v, Arc::clone(&catalog.library.rubric), t.seed, mode);
    for rec in t.turns.iter().take(turn.saturating_sub(1) as usize) {
        s.replay(rec)
            .map_err(|e| format!("{e}, so it cannot be replayed"))?;
    }
    Ok(s)
}
