//! Picking up an assignment where an earlier run stopped: its progress file read, and every attempt its run
//! left in progress (killed, Ctrl-C, the window closed) put down on disk as interrupted: it counts as made.

use std::path::Path;

use crate::assign::Assignment;
use crate::assign::progress::{self, Found, Progress};
use crate::engine::transcript::Status;
use crate::store;

use super::Note;

/// The progress of an earlier run of this assignment under this pseudonym (interrupted attempts marked as
/// such and put down), or a fresh start; with what to tell the student.
pub fn pick_up(
    path: &Path,
    transcripts: &Path,
    assignment: &Assignment,
    pseudonym: &str,
    notes: &mut Vec<Note>,
) -> Progress {
    let mut p = match progress::load(path, assignment, pseudonym) {
        Found::Resume(p) => *p,
        found => {
            match found {
                Found::Changed => notes.push(Note::Warn(format!(
                    "note: the assignment `{}` changed since your last run; starting it afresh",
                    assignment.id
                ))),
                Found::Unreadable(e) => {
                    notes.push(Note::Warn(format!(
                        "warning: {e}; starting the assignment afresh"
                    )));
                }
                _ => {}
            }
            return Progress::new(assignment.clone(), pseudonym);
        }
    };
    let mut made = 0;
    for started in p.vignettes.iter_mut().flatten() {
        made += 1;
        let Some(file) = &started.transcript else {
            continue;
        };
        let file = transcripts.join(file);
        if let Ok(mut t) = store::load_transcript(&file)
            && t.status == Status::InProgress
        {
            // Its run was killed or stopped: it counts as an attempt, as it stood. Put down on disk, so it
            // is not offered for resuming (which would let a failing attempt be played on).
            started.interrupted = true;
            t.status = Status::Abandoned;
            if let Err(e) = store::save_transcript(&file, &t) {
                notes.push(Note::Warn(format!(
                    "warning: could not mark {} as interrupted: {e}",
                    file.display()
                )));
            }
        }
    }
    if made > 0 {
        notes.push(Note::Say(format!(
            "Picking up where you stopped: {made} attempt{} already made (an interrupted attempt counts).",
            if made == 1 { "" } else { "s" }
        )));
    }
    if let Err(e) = progress::save(path, &p) {
        notes.push(Note::Warn(format!(
            "warning: could not save your progress in {}: {e}",
            path.display()
        )));
    }
    p
}
