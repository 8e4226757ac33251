//! What the Assignment screen shows and keeps between frames: the file opened, the assignment or its located
//! problems, the pseudonym, the run (`Sitting`), the last attempt's verdict, the hand-in and the LRS line.

use std::path::PathBuf;

use bevy::prelude::*;

use crate::assign::Assignment;
use crate::diagnostic::Diagnostic;
use crate::sitting::{LrsState, Note, Sitting};

/// The assignment file as loaded.
pub enum Loaded {
    /// It loaded and every vignette it names is in the library.
    Ready(Assignment),
    /// What is wrong with it, each problem located (file:line:column, snippet, hint).
    Problems(Vec<Diagnostic>),
}

/// A submission written (or not).
#[derive(Debug, Clone)]
pub struct HandIn {
    /// The file, or why none could be written.
    pub written: Result<PathBuf, String>,
    /// The submission's verdict.
    pub passed: bool,
    /// Its reasons, in words.
    pub reasons: Vec<String>,
}

/// The Assignment screen's state.
#[derive(Resource, Default)]
pub struct Desk {
    /// The assignment file opened.
    pub file: Option<PathBuf>,
    /// It, loaded, or its problems.
    pub loaded: Option<Loaded>,
    /// The pseudonym field.
    pub pseudonym: String,
    /// The run, once a pseudonym was given.
    pub sitting: Option<Sitting>,
    /// The run is live in another Alliance (whose, in words): nothing is offered to play.
    pub locked: Option<String>,
    /// The last attempt finished or left in this run: vignette and attempt number.
    pub last: Option<(usize, u32)>,
    /// The last attempt's transcript, when its debrief may be read (the assignment shows feedback).
    pub debrief: Option<PathBuf>,
    /// The submission, once handed in.
    pub handed_in: Option<HandIn>,
    /// What the run had to say (picking up, saving problems), newest last.
    pub notes: Vec<Note>,
    /// The path field of the picker.
    pub path_field: String,
    /// Assignment files found in the usual places.
    pub found: Vec<PathBuf>,
    /// How the statements for the assignment's LRS stand.
    pub lrs: Option<LrsState>,
    /// The attempt that just ended is still in `Play`, to be dropped on entering the Assignment screen.
    pub put_down_play: bool,
    /// Folders "Open the folder" asked to show (the last one last).
    pub opened_folders: Vec<PathBuf>,
}

impl Desk {
    /// The assignment, when one is loaded.
    pub fn assignment(&self) -> Option<&Assignment> {
        match &self.loaded {
            Some(Loaded::Ready(a)) => Some(a),
            _ => None,
        }
    }

    /// Forgets the run (its lock is released) and everything shown of it.
    pub fn close_run(&mut self) {
        self.sitting = None;
        self.locked = None;
        self.last = None;
        self.debrief = None;
        self.handed_in = None;
        self.notes.clear();
        self.lrs = None;
    }
}
