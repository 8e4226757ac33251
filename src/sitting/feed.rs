//! Feeding the assignment's LRS, where it names one: each finished attempt's statements queued in the outbox
//! and sent in the background (offline first: nothing lost, play never waits), then the submission's own.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::assign::bundle::{self, Submission};
use crate::cohort::Formatted;
use crate::cohort::xapi::{AttemptView, Statement, attempt_statements, submission_statements};
use crate::lrs::courier::{Courier, Delivery};
use crate::lrs::{AUTH_ENV, Credentials};

use super::{Note, Sitting};

/// How the statements for the assignment's LRS stand, for a quiet line on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LrsState {
    /// The LRS's statements endpoint.
    pub endpoint: String,
    /// Statements confirmed by the LRS in this run (stored now or already there).
    pub sent: usize,
    /// Statements waiting in the outbox.
    pub waiting: usize,
    /// A send is running.
    pub sending: bool,
    /// Why the last send stopped, or why nothing can be sent (no credentials).
    pub problem: Option<String>,
}

/// Formats statements for the outbox.
fn formatted(list: &[Statement]) -> Vec<Formatted> {
    list.iter()
        .map(|st| Formatted {
            id: st.id().to_owned(),
            json: serde_json::to_vec(st).unwrap_or_default(),
        })
        .collect()
}

impl Sitting {
    /// Connects the run to the assignment's LRS, if it names one: statements queued by an earlier run start
    /// on their way now. Says where results go, and that they wait while no key is set.
    pub fn connect_lrs(&mut self) -> Vec<Note> {
        let mut notes = Vec::new();
        let Some(endpoint) = self.assignment.lrs.as_ref().map(|l| l.endpoint.clone()) else {
            return notes;
        };
        notes.push(Note::Say(format!(
            "This assignment sends each finished attempt's results to {endpoint}, under your pseudonym only."
        )));
        let credentials = Credentials::load(None).ok();
        if credentials.is_none() {
            notes.push(Note::Say(format!(
                "{AUTH_ENV} is not set (the key your educator gave you): your results are kept on this computer until it is."
            )));
        }
        match Courier::new(&endpoint, credentials, &self.data) {
            Ok(mut c) => {
                c.send();
                self.courier = Some(c);
            }
            Err(e) => notes.push(Note::Warn(format!(
                "warning: cannot keep statements for the LRS in {}: {e}",
                self.data.display()
            ))),
        }
        notes
    }

    /// How the statements for the LRS stand (`None`: the assignment names no LRS, or none can be kept).
    pub fn lrs_state(&mut self) -> Option<LrsState> {
        let endpoint = self.assignment.lrs.as_ref()?.endpoint.clone();
        let c = self.courier.as_mut()?;
        let s = c.status();
        Some(LrsState {
            endpoint,
            sent: s.sent,
            waiting: s.waiting,
            sending: s.sending,
            problem: s.problem,
        })
    }

    /// Queues attempt `a` at vignette `i`'s statements for the LRS and starts sending them (never waits).
    pub(super) fn queue_attempt(&mut self, a: &bundle::Attempt, i: usize, notes: &mut Vec<Note>) {
        let Some(courier) = self.courier.as_mut() else {
            return;
        };
        let mut list = Vec::new();
        let view = AttemptView::submitted(
            &self.pseudonym,
            &self.assignment,
            &self.submission_id,
            a,
            &self.points[i],
        );
        attempt_statements(&view, &mut list);
        match courier.queue(&formatted(&list)) {
            Ok(()) => courier.send(),
            Err(e) => notes.push(Note::Warn(format!(
                "warning: could not queue this attempt for the LRS in {}: {e}",
                courier.dir().display()
            ))),
        }
    }

    /// Queues the submission's own statement (with the file, for the educator's report from the LRS) and
    /// starts sending it (never waits).
    pub(super) fn queue_submission(&mut self, submission: &Submission, file: &Path) -> Vec<Note> {
        let mut notes = Vec::new();
        let Some(courier) = self.courier.as_mut() else {
            return notes;
        };
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut list = Vec::new();
        submission_statements(submission, Some((&name, submission)), &mut list);
        let own = list.split_off(list.len().saturating_sub(1));
        match courier.queue(&formatted(&own)) {
            Ok(()) => courier.send(),
            Err(e) => notes.push(Note::Warn(format!(
                "warning: could not queue the submission for the LRS in {}: {e}",
                courier.dir().display()
            ))),
        }
        notes
    }

    /// Waits at most `wait` for the LRS to take what is queued, and says how it stands; what is not sent
    /// stays queued for the next run. (The terminal waits a little at its end; the desktop never waits.)
    pub fn wait_for_lrs(&mut self, wait: Duration) -> Vec<Note> {
        let Some(courier) = self.courier.take() else {
            return Vec::new();
        };
        let dir: PathBuf = courier.dir().to_path_buf();
        match courier.finish(wait) {
            Delivery::Sent(sent, already) => vec![Note::Say(format!(
                "Your results were sent to your educator's learning record store ({sent} statements, {already} already there), under your pseudonym only."
            ))],
            Delivery::Queued(n, why) => {
                let mut notes = vec![Note::Say(format!(
                    "{n} statements wait in {} and will be sent the next time you play this assignment.",
                    dir.display()
                ))];
                if let Some(f) = why {
                    notes.push(Note::Say(format!(
                        "(The learning record store could not take them now: {})",
                        f.message
                    )));
                }
                notes
            }
        }
    }
}
