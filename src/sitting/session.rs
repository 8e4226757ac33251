//! `Sitting`: one student's run through one assignment: the progress file (locked while the run is live),
//! the attempts made so far graded, each new attempt started and graded, and the submission's id.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::assign::bundle::{self, DecisionPoint, VignetteResult};
use crate::assign::model::AssignmentMode;
use crate::assign::progress::{self, Progress, Started};
use crate::assign::replay::{decisions, merge_points};
use crate::assign::uuid::UuidSource;
use crate::assign::{Assignment, Criteria};
use crate::attempt::{self, Attempt};
use crate::engine::transcript::Status;
use crate::engine::{Continued, Mode};
use crate::library::Library;
use crate::lrs::courier::Courier;
use crate::vignette::Vignette;
use crate::{report, store};

use super::Note;
use super::pick_up::pick_up;

/// The assignment is being played under this pseudonym by another live Alliance (the message says whose).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locked(pub String);

impl std::fmt::Display for Locked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The attempt being played: which vignette, its number and its UUID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Playing {
    /// The vignette's place in the assignment (0-based).
    pub item: usize,
    /// The attempt's number (1-based).
    pub attempt: u32,
    /// The attempt's UUID (its xAPI registration).
    pub registration: String,
}

/// One student's run through one assignment.
pub struct Sitting {
    /// The assignment.
    pub assignment: Assignment,
    /// The pseudonym it is played under.
    pub pseudonym: String,
    pub(super) data: PathBuf,
    transcripts: PathBuf,
    progress: Progress,
    progress_path: PathBuf,
    pub(super) submission_id: String,
    ids: UuidSource,
    /// When this run began (times an attempt that could not be journaled).
    started: u64,
    /// Per vignette, the attempts made (this run and earlier ones), graded.
    graded: Vec<Vec<bundle::Attempt>>,
    /// Per vignette, the decision points its attempts visited.
    pub(super) points: Vec<Vec<DecisionPoint>>,
    pub(super) courier: Option<Courier>,
    /// Held while the run is live: a second run (terminal or desktop) would lose this one's attempts.
    _lock: Option<store::Lock>,
}

impl Sitting {
    /// Opens the run of `assignment` under `pseudonym` in the data folder `data`: takes the lock, picks up
    /// an earlier run (its interrupted attempts count) and grades what was made. Refused while another live
    /// Alliance plays it.
    pub fn open(
        assignment: Assignment,
        pseudonym: &str,
        data: &Path,
        library: &Library,
        mut ids: UuidSource,
    ) -> Result<(Sitting, Vec<Note>), Locked> {
        let mut notes = Vec::new();
        let progress_path = progress::path(data, &assignment.id, pseudonym);
        if let Some(dir) = progress_path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let lock = match store::lock::lock(&progress_path) {
            Ok(l) => Some(l),
            Err(e @ store::LockError::Live { .. }) => return Err(Locked(e.to_string())),
            // An unwritable data folder: play on; what cannot be kept is said as it happens.
            Err(e) => {
                notes.push(Note::Warn(format!("warning: {e}")));
                None
            }
        };
        let transcripts = store::transcripts_dir(data);
        let mut progress = pick_up(
            &progress_path,
            &transcripts,
            &assignment,
            pseudonym,
            &mut notes,
        );
        // Known from the start (and kept across interrupted runs), so the statements sent after each attempt
        // are those of the submission handed in at the end.
        let submission_id = progress
            .submission
            .get_or_insert_with(|| ids.next_uuid())
            .clone();
        if let Err(e) = progress::save(&progress_path, &progress) {
            notes.push(Note::Warn(format!(
                "warning: could not save your progress in {}: {e}",
                progress_path.display()
            )));
        }
        let n = assignment.vignettes.len();
        let mut s = Sitting {
            pseudonym: pseudonym.to_owned(),
            data: data.to_path_buf(),
            transcripts,
            progress,
            progress_path,
            submission_id,
            ids,
            started: store::now(),
            graded: vec![Vec::new(); n],
            points: vec![Vec::new(); n],
            courier: None,
            _lock: lock,
            assignment,
        };
        for i in 0..n {
            s.earlier(i, library, &mut notes);
        }
        Ok((s, notes))
    }

    /// The data folder the run keeps its files in.
    pub fn data(&self) -> &Path {
        &self.data
    }

    /// The progress file.
    pub fn progress_path(&self) -> &Path {
        &self.progress_path
    }

    /// The attempts made at vignette `i` (started, in any run; an interrupted one counts).
    pub fn made(&self, i: usize) -> u32 {
        self.progress.attempts(i).len() as u32
    }

    /// The attempts at vignette `i` that can be handed in, graded, first to last.
    pub fn attempts(&self, i: usize) -> &[bundle::Attempt] {
        self.graded.get(i).map_or(&[], Vec::as_slice)
    }

    /// The attempt that passed vignette `i`, if one did.
    pub fn passed_on(&self, i: usize) -> Option<u32> {
        self.attempts(i)
            .iter()
            .find(|a| a.verdict.passed)
            .map(|a| a.attempt)
    }

    /// Attempts left at vignette `i` (none once it is passed).
    pub fn left(&self, i: usize) -> u32 {
        if self.passed_on(i).is_some() {
            return 0;
        }
        self.assignment
            .attempts_allowed
            .saturating_sub(self.made(i))
    }

    /// Every vignette is passed or out of attempts: the submission can say nothing more.
    pub fn complete(&self) -> bool {
        (0..self.assignment.vignettes.len()).all(|i| self.left(i) == 0)
    }

    /// The mode the assignment's attempts are played in.
    pub fn mode(&self) -> Mode {
        match self.assignment.mode {
            AssignmentMode::Practice => Mode::Practice,
            AssignmentMode::Assessment => Mode::Assessment,
        }
    }

    /// Starts the next attempt at vignette `i` (`seed`: a fresh one when `None`), journaled in the transcripts
    /// folder and recorded in the progress before the first reply: from here a kill or a closed window still
    /// counts it. `None` when the vignette is not loaded or has no attempts left.
    pub fn start(
        &mut self,
        i: usize,
        library: &Library,
        seed: Option<u64>,
        notes: &mut Vec<Note>,
    ) -> Option<(Attempt, Playing)> {
        let vignette = library.get(self.assignment.vignettes.get(i)?)?;
        if self.left(i) == 0 {
            return None;
        }
        let from = match self.first_visit(i, &vignette, library) {
            Ok(from) => from,
            Err(why) => {
                notes.push(Note::Say(format!("{}: {why}", vignette.title)));
                return None;
            }
        };
        let k = self.made(i) + 1;
        let played = Attempt::start_continuing(
            vignette,
            Arc::clone(&library.rubric),
            self.mode(),
            seed,
            Some(&self.transcripts),
            from,
        );
        if let Some(e) = played.save_error() {
            notes.push(Note::Warn(format!("warning: {e}")));
        }
        let registration = self.ids.next_uuid();
        self.progress.start(
            i,
            Started {
                attempt: k,
                registration: registration.clone(),
                transcript: played
                    .path()
                    .and_then(Path::file_name)
                    .map(|n| n.to_string_lossy().into_owned()),
                interrupted: false,
            },
        );
        self.save_progress(notes);
        let playing = Playing {
            item: i,
            attempt: k,
            registration,
        };
        Some((played, playing))
    }

    /// Whether vignette `i` can be started now: a follow-up visit cannot before its first visit, earlier in
    /// this assignment, has an attempt that reached an ending (the error says so, in words).
    pub fn can_start(&self, i: usize, library: &Library) -> Result<(), String> {
        let Some(vignette) = self
            .assignment
            .vignettes
            .get(i)
            .and_then(|v| library.get(v))
        else {
            return Err("not in the library".to_owned());
        };
        self.first_visit(i, &vignette, library).map(drop)
    }

    /// What a follow-up visit continues in this assignment: the student's attempt at its first visit made
    /// here (the first that passed, else the last that reached an ending). `Ok(None)` for a vignette that
    /// follows none or whose first visit the assignment does not list before it; an error when that visit has
    /// no finished attempt yet (the follow-up cannot start before it).
    fn first_visit(
        &self,
        i: usize,
        vignette: &Vignette,
        library: &Library,
    ) -> Result<Option<Continued>, String> {
        let Some((first, _)) = &vignette.follows else {
            return Ok(None);
        };
        let Some(j) = self.assignment.vignettes[..i]
            .iter()
            .position(|v| v == first)
        else {
            return Ok(None);
        };
        let finished = |a: &&bundle::Attempt| a.transcript.ending.is_some();
        let chosen = self.graded[j]
            .iter()
            .find(|a| a.verdict.passed)
            .or_else(|| self.graded[j].iter().rev().find(finished))
            .filter(finished);
        let Some(chosen) = chosen else {
            let title = library
                .get(first)
                .map_or_else(|| first.clone(), |v| v.title.clone());
            return Err(format!(
                "not started: it continues your attempt at “{title}”, which has not reached an ending"
            ));
        };
        let label = format!(
            "{} attempt {} (registration {})",
            first, chosen.attempt, chosen.registration
        );
        let mut continued =
            attempt::continuation_of(library, &chosen.transcript, &label, vignette)?;
        continued.attempt = Some(chosen.attempt);
        continued.registration = Some(chosen.registration.clone());
        Ok(Some(continued))
    }

    /// Grades the attempt `playing` as `played` stands (finished, or stopped before its ending), keeps it
    /// for the submission and queues its statements for the assignment's LRS; returns it graded.
    pub fn finish(
        &mut self,
        playing: &Playing,
        played: &Attempt,
        library: &Library,
        notes: &mut Vec<Note>,
    ) -> &bundle::Attempt {
        let i = playing.item;
        let criteria = self.criteria(i);
        let mut t = played.transcript().clone();
        if t.started_at == 0 {
            // Not journaled (no writable folder): still time the attempt.
            t.started_at = self.started;
            t.updated_at = store::now();
        }
        let d = report::debrief(&t, played.session().rubric());
        let (decided, visited) = decisions(
            Arc::clone(played.session().vignette()),
            Arc::clone(&library.rubric),
            &t,
        )
        .unwrap_or_else(|e| {
            notes.push(Note::Warn(format!(
                "warning: could not list the replies on offer: {e}"
            )));
            (Vec::new(), Vec::new())
        });
        merge_points(&mut self.points[i], visited);
        let graded = bundle::Attempt::new(
            playing.attempt,
            playing.registration.clone(),
            t,
            d,
            decided,
            &criteria,
        );
        self.queue_attempt(&graded, i, notes);
        self.graded[i].push(graded);
        self.graded[i].last().expect("pushed just above")
    }

    /// Puts down the attempt `playing`, left before its ending (the desktop's Leave): it counts as an
    /// interrupted attempt, exactly as one whose run was killed counts at the next run, and is graded as such.
    pub fn interrupt(
        &mut self,
        playing: &Playing,
        played: &Attempt,
        library: &Library,
        notes: &mut Vec<Note>,
    ) {
        let path = played.path().map(Path::to_path_buf);
        let mut t = played.transcript().clone();
        let vignette = Arc::clone(played.session().vignette());
        if let Some(p) = &path {
            let mut put_down = t.clone();
            put_down.status = Status::Abandoned;
            if let Err(e) = store::save_transcript(p, &put_down) {
                notes.push(Note::Warn(format!(
                    "warning: could not mark {} as interrupted: {e}",
                    p.display()
                )));
            }
        }
        let i = playing.item;
        if let Some(s) = self
            .progress
            .vignettes
            .get_mut(i)
            .and_then(|v| v.iter_mut().find(|s| s.attempt == playing.attempt))
        {
            s.interrupted = true;
        }
        self.save_progress(notes);
        if path.is_none() {
            // Never saved: it counts, but cannot be handed in (as `earlier` says of such an attempt).
            return;
        }
        if t.started_at == 0 {
            t.started_at = self.started;
        }
        t.status = Status::InProgress;
        let d = report::debrief(&t, &library.rubric);
        let (decided, visited) =
            decisions(vignette, Arc::clone(&library.rubric), &t).unwrap_or_default();
        merge_points(&mut self.points[i], visited);
        let criteria = self.criteria(i);
        self.graded[i].push(bundle::Attempt::new(
            playing.attempt,
            playing.registration.clone(),
            t,
            d,
            decided,
            &criteria,
        ));
    }

    /// The criteria for vignette `i`.
    pub fn criteria(&self, i: usize) -> Criteria {
        self.assignment
            .criteria_for(self.assignment.vignettes.get(i).map_or("", String::as_str))
    }

    /// Vignette `i` as it would be handed in now.
    pub fn result(&self, i: usize, library: &Library) -> VignetteResult {
        let vid = self.assignment.vignettes[i].clone();
        let title = library
            .get(&vid)
            .map(|v| v.title.clone())
            .unwrap_or_default();
        VignetteResult::graded(
            vid,
            title,
            self.criteria(i),
            self.points[i].clone(),
            self.graded[i].clone(),
            self.assignment.attempts_allowed,
        )
    }

    /// Every vignette as it would be handed in now.
    pub fn results(&self, library: &Library) -> Vec<VignetteResult> {
        (0..self.assignment.vignettes.len())
            .map(|i| self.result(i, library))
            .collect()
    }

    fn save_progress(&self, notes: &mut Vec<Note>) {
        if let Err(e) = progress::save(&self.progress_path, &self.progress) {
            notes.push(Note::Warn(format!(
                "warning: could not save your progress in {}: {e}",
                self.progress_path.display()
            )));
        }
    }

    /// Grades the attempts at vignette `i` made in earlier runs from their transcripts.
    fn earlier(&mut self, i: usize, library: &Library, notes: &mut Vec<Note>) {
        let Some(vignette) = library.get(&self.assignment.vignettes[i]) else {
            return;
        };
        let criteria = self.criteria(i);
        for started in self.progress.attempts(i) {
            let Some(file) = &started.transcript else {
                notes.push(Note::Warn(format!(
                    "note: attempt {} at `{}` was never saved; it counts, but cannot be handed in",
                    started.attempt, vignette.id
                )));
                continue;
            };
            let mut t = match store::load_transcript(&self.transcripts.join(file)) {
                Ok(t) => t,
                Err(e) => {
                    notes.push(Note::Warn(format!(
                        "warning: attempt {} cannot be handed in: {e}",
                        started.attempt
                    )));
                    continue;
                }
            };
            if started.interrupted {
                t.status = Status::InProgress;
            }
            let d = report::debrief(&t, &library.rubric);
            let (decided, visited) =
                decisions(Arc::clone(&vignette), Arc::clone(&library.rubric), &t)
                    .unwrap_or_default();
            merge_points(&mut self.points[i], visited);
            self.graded[i].push(bundle::Attempt::new(
                started.attempt,
                started.registration.clone(),
                t,
                d,
                decided,
                &criteria,
            ));
        }
    }
}
