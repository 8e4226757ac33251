//! The app's shared state: which screen shows (a Bevy `States`) and the resources the screens read.
//! Plain data with small queries; what changes it is `actions`, `reload` (files) and `save` (disk).

use std::path::{Path, PathBuf};

use bevy::prelude::*;

use crate::attempt::Attempt;
use crate::check::Diagnostic;
use crate::engine::transcript::Status;
use crate::engine::{Mode, Session, Transcript};
use crate::library::{Library, LoadReport};
use crate::report::{Debrief, WaiSr};
use crate::scoring::Rubric;
use crate::store;
use crate::vignette::model::Outcome;

/// The screen on show.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    /// Every vignette, with the student's results; start practice or assessment.
    #[default]
    Library,
    /// Talking with the patient.
    Conversation,
    /// What happened and why: chart, moments, WAI-SR, MITI.
    Debrief,
    /// Past attempts per vignette, scores over time.
    History,
    /// Text size, contrast, motion.
    Settings,
    /// An assignment: open one, its vignettes with attempts and criteria, the verdict and the submission.
    Assignment,
}

impl Screen {
    /// A stable lower-case name (the state log uses it).
    pub fn as_str(self) -> &'static str {
        match self {
            Screen::Library => "library",
            Screen::Conversation => "conversation",
            Screen::Debrief => "debrief",
            Screen::History => "history",
            Screen::Settings => "settings",
            Screen::Assignment => "assignment",
        }
    }
}

/// The vignettes that loaded, what went wrong with the others, and where they came from.
#[derive(Resource)]
pub struct Catalog {
    /// Loaded vignettes and the rubric.
    pub library: Library,
    /// Every problem found while loading.
    pub report: LoadReport,
    /// The folders watched for the user's own vignettes.
    pub dirs: Vec<PathBuf>,
    /// Bumped on every reload, so screens can tell the library changed.
    pub generation: u32,
}

impl Catalog {
    /// Loads the shipped vignettes and every vignette file in `dirs`.
    pub fn load(dirs: Vec<PathBuf>) -> Catalog {
        let (library, report) = Library::load(&dirs, Rubric::shipped());
        Catalog {
            library,
            report,
            dirs,
            generation: 0,
        }
    }

    /// The problems worth showing a student or an educator: errors and warnings, in file order.
    pub fn problems(&self) -> &[Diagnostic] {
        &self.report.diagnostics
    }
}

/// The user's data directory (transcripts, exports, settings), if one could be determined.
#[derive(Resource, Clone, Debug, Default)]
pub struct DataDir(pub Option<PathBuf>);

impl DataDir {
    /// Where transcripts are saved.
    pub fn transcripts(&self) -> Option<PathBuf> {
        self.0.as_deref().map(store::transcripts_dir)
    }
}

/// One saved attempt, summarised for the library and the history.
#[derive(Debug, Clone)]
pub struct SavedAttempt {
    /// The transcript file.
    pub path: PathBuf,
    /// Its contents.
    pub transcript: Transcript,
    /// The WAI-SR total (12-60) the patient would give from the final state.
    pub wai: WaiSr,
    /// Open in a live player when the folder was read (`store::is_live`): not offered for resuming.
    pub live: bool,
    /// An assignment's attempt: played on only within its assignment, never resumed on its own.
    pub in_assignment: bool,
}

impl SavedAttempt {
    /// How the attempt ended, if it did.
    pub fn outcome(&self) -> Option<Outcome> {
        self.transcript.ending.as_ref().map(|e| e.outcome)
    }

    /// Number of replies given.
    pub fn turns(&self) -> usize {
        self.transcript.turns.len()
    }
}

/// The saved attempts, read from the transcripts folder each time the library or the history is entered
/// (`rescan`), never while a frame is drawn.
#[derive(Resource, Debug, Default)]
pub struct Attempts {
    /// Every readable attempt with at least one reply, oldest first.
    pub list: Vec<SavedAttempt>,
    /// Files that could not be read, with why.
    pub unreadable: Vec<String>,
}

impl Attempts {
    /// Reads every transcript in `dir` (none when there is no data directory).
    pub fn scan(dir: Option<&Path>) -> Attempts {
        let Some(dir) = dir else {
            return Attempts::default();
        };
        let (ok, unreadable) = store::list_transcripts(dir);
        // The rubric the trainer plays with (the library is loaded with it), so History shows the WAI-SR the
        // debrief showed.
        let rubric = Rubric::shipped();
        let assigned = dir
            .parent()
            .map(crate::assign::progress::assignment_transcripts)
            .unwrap_or_default();
        let mut list: Vec<SavedAttempt> = ok
            .into_iter()
            .filter(|(_, t)| !t.turns.is_empty())
            .map(|(path, transcript)| {
                let wai = WaiSr::of(&transcript, &rubric);
                SavedAttempt {
                    live: transcript.status == Status::InProgress && store::is_live(&path),
                    in_assignment: path
                        .file_name()
                        .is_some_and(|n| assigned.contains(&*n.to_string_lossy())),
                    path,
                    transcript,
                    wai,
                }
            })
            .collect();
        list.sort_by_key(|a| (a.transcript.started_at, a.path.clone()));
        Attempts { list, unreadable }
    }

    /// Records that the attempt at `path` was set aside (as `save::abandon` wrote it), without a rescan.
    pub fn set_aside(&mut self, path: &Path) {
        for a in self.list.iter_mut().filter(|a| a.path == path) {
            if a.transcript.status == Status::InProgress {
                a.transcript.status = Status::Abandoned;
            }
        }
    }

    /// The attempts at one vignette, oldest first.
    pub fn of<'a>(&'a self, vignette: &'a str) -> impl Iterator<Item = &'a SavedAttempt> + 'a {
        self.list
            .iter()
            .filter(move |a| a.transcript.vignette_id == vignette)
    }

    /// The finished attempt with the highest WAI-SR total.
    pub fn best<'a>(&'a self, vignette: &'a str) -> Option<&'a SavedAttempt> {
        self.of(vignette)
            .filter(|a| a.transcript.status == Status::Finished)
            .max_by_key(|a| (a.wai.total, a.transcript.updated_at))
    }

    /// The most recently saved attempt, finished or not.
    pub fn last<'a>(&'a self, vignette: &'a str) -> Option<&'a SavedAttempt> {
        self.of(vignette).max_by_key(|a| a.transcript.updated_at)
    }

    /// The finished attempts at `vignette`, newest first: what a follow-up visit to it can continue.
    pub fn finished_newest_first<'a>(&'a self, vignette: &'a str) -> Vec<&'a SavedAttempt> {
        let mut v: Vec<&SavedAttempt> = self
            .of(vignette)
            .filter(|a| a.transcript.status == Status::Finished)
            .collect();
        v.sort_by_key(|a| std::cmp::Reverse((a.transcript.updated_at, a.path.clone())));
        v
    }

    /// Attempts left in progress (a crash, a kill, or leaving mid-conversation), newest first; not those live
    /// elsewhere, nor an assignment's (its next run counts them as interrupted).
    pub fn unfinished(&self) -> Vec<&SavedAttempt> {
        let mut v: Vec<&SavedAttempt> = self
            .list
            .iter()
            .filter(|a| a.transcript.status == Status::InProgress && !a.live && !a.in_assignment)
            .collect();
        v.sort_by_key(|a| std::cmp::Reverse(a.transcript.updated_at));
        v
    }
}

/// Reads the transcripts folder again: run on entering the library and the history, the two screens that
/// list saved attempts.
pub fn rescan(mut attempts: ResMut<Attempts>, data: Res<DataDir>) {
    *attempts = Attempts::scan(data.transcripts().as_deref());
}

/// The attempt being played (its session, file and save error live in `Attempt`).
#[derive(Resource, Default)]
pub struct Play {
    /// The attempt, once started.
    pub attempt: Option<Attempt>,
    /// The attempt was started by "replay from here" at this turn.
    pub replayed_from: Option<u32>,
    /// The attempt is one of an assignment's (its end and leaving it are the assignment screen's to handle).
    pub for_assignment: Option<crate::sitting::Playing>,
}

impl Play {
    /// The session being played, once started.
    pub fn session(&self) -> Option<&Session> {
        self.attempt.as_ref().map(Attempt::session)
    }

    /// The attempt file it is saved to after every turn.
    pub fn path(&self) -> Option<&Path> {
        self.attempt.as_ref().and_then(Attempt::path)
    }

    /// Practice shows meters and feedback during the conversation; assessment shows none until the end.
    pub fn shows_feedback(&self) -> bool {
        self.session().is_some_and(|s| s.mode() == Mode::Practice)
    }

    /// Replies given so far.
    pub fn turn(&self) -> u32 {
        self.session()
            .map_or(0, |s| s.transcript().turns.len() as u32)
    }
}

/// What the conversation screen keeps between frames that is not the attempt: the draft and the focus.
#[derive(Resource, Default)]
pub struct ConversationView {
    /// Move keyboard focus to the patient's newest line (so a screen reader reads it).
    pub focus_line: bool,
    /// The reply being typed in the conversation's text field (kept until it is sent).
    pub draft: String,
    /// The text field had the keyboard focus when the screen was last drawn: keys type, they do not choose.
    pub typing: bool,
    /// Move keyboard focus to the text field (after a typed reply, or when every reply is typed).
    pub focus_field: bool,
    /// Where the last frame put what the student must see after a reply (for tests and the probe).
    pub shown: Shown,
}

/// Where the conversation screen last drew the latest exchange, in window points.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Shown {
    /// The part of the conversation column on screen (its scroll area's visible rect).
    pub visible: Option<bevy_egui::egui::Rect>,
    /// The feedback on the last reply (practice only).
    pub feedback: Option<bevy_egui::egui::Rect>,
    /// The patient's newest line.
    pub line: Option<bevy_egui::egui::Rect>,
    /// The part of the side panel on screen.
    pub side: Option<bevy_egui::egui::Rect>,
    /// The alliance meters (practice only).
    pub meters: Option<bevy_egui::egui::Rect>,
}

/// The debrief being read.
#[derive(Resource, Default)]
pub struct Review {
    /// The attempt it describes.
    pub transcript: Option<Transcript>,
    /// The debrief itself.
    pub debrief: Option<Debrief>,
    /// The attempt file, when saved.
    pub path: Option<PathBuf>,
    /// The turn of the moment selected in the list (shown in context).
    pub selected: Option<u32>,
    /// Files written by the export buttons.
    pub exported: Vec<PathBuf>,
}

/// A short message at the top of the window: saved, reloaded, or what went wrong.
#[derive(Resource, Default, Debug)]
pub struct Notice {
    /// The text, and whether it reports a problem.
    pub text: Option<(String, bool)>,
}

impl Notice {
    /// Shows an informational message.
    pub fn info(&mut self, text: impl Into<String>) {
        self.text = Some((text.into(), false));
    }

    /// Shows a problem.
    pub fn problem(&mut self, text: impl Into<String>) {
        self.text = Some((text.into(), true));
    }
}
