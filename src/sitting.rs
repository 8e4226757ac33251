//! An assignment as a student sits it, for every front end (terminal and desktop): the pseudonym, the progress
//! kept after every attempt started, each attempt graded, the submission sealed and the LRS fed. Prints nothing.

pub mod criteria_words;
pub mod feed;
mod pick_up;
pub mod pseudonym;
mod session;
pub mod submit;

pub use feed::LrsState;
pub use pseudonym::{slug, valid_pseudonym};
pub use session::{Locked, Playing, Sitting};
pub use submit::HandedIn;

/// Something a front end should tell the student, in the order it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// Information for the student (the terminal prints it on standard output).
    Say(String),
    /// A problem that did not stop play (the terminal prints it on standard error).
    Warn(String),
}

impl Note {
    /// The text of the note.
    pub fn text(&self) -> &str {
        match self {
            Note::Say(t) | Note::Warn(t) => t,
        }
    }
}
