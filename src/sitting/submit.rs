//! Handing in: the submission assembled from every vignette as it stands, sealed (checksum) and written
//! atomically into the data folder's `submissions`, never leaving an empty file that looks like one.

use std::io;
use std::path::PathBuf;

use crate::assign::bundle::Submission;
use crate::assign::seal;
use crate::library::Library;
use crate::store;

use super::{Note, Sitting, slug};

/// What handing in did.
#[derive(Debug)]
pub struct HandedIn {
    /// The submission, with its verdict and reasons.
    pub submission: Submission,
    /// The file written, or the folder it could not be written in and why.
    pub written: Result<PathBuf, (PathBuf, io::Error)>,
    /// Problems queueing it for the LRS.
    pub notes: Vec<Note>,
}

impl Sitting {
    /// Seals the submission as it stands into `<data>/submissions/<assignment>-<pseudonym>-….json` and
    /// queues its statement for the LRS. The run may go on (the desktop hands in again after more attempts:
    /// each hand-in is a new file).
    pub fn hand_in(&mut self, library: &Library) -> HandedIn {
        let submission = Submission::new(
            self.submission_id.clone(),
            self.assignment.clone(),
            self.pseudonym.clone(),
            store::now(),
            self.results(library),
        );
        let dir = store::submissions_dir(&self.data);
        let name = format!("{}-{}", submission.assignment.id, slug(&self.pseudonym));
        let written = store::new_attempt_path(&dir, &name, store::now())
            .and_then(|p| {
                store::write_atomic(&p, &seal(&submission))
                    .map(|()| p.clone())
                    .inspect_err(|_| {
                        // The reserved name stays empty when the write fails: never leave what looks like a
                        // submission.
                        let _ = std::fs::remove_file(&p);
                    })
            })
            .map_err(|e| (dir, e));
        let notes = match &written {
            Ok(p) => self.queue_submission(&submission, p),
            Err(_) => Vec::new(),
        };
        HandedIn {
            submission,
            written,
            notes,
        }
    }
}
