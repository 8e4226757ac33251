//! One attempt at a vignette as every front end plays it: the session, its transcript file, its seed and the
//! last save error, saved through `store` after every turn. Draws, prints and reads nothing (front ends do).

mod first_visit;

pub use first_visit::{FirstVisit, continuation, continuation_of, finished_attempts};

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::engine::{ChoiceError, Continued, Mode, Session, Transcript, TurnRecord};
use crate::library::Library;
use crate::scoring::Rubric;
use crate::store::{self, SaveError};
use crate::vignette::Vignette;

/// A reply as the trainee gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// An authored reply, by its index among the node's replies (not its position on the menu).
    Chosen(usize),
    /// The trainee's own words (read by the classifier).
    Typed(String),
}

/// Why a saved attempt could not be taken up again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResumeError {
    /// The transcript file is unreadable (the loader's located message).
    Unreadable(String),
    /// The transcript's vignette is not in the library.
    NotInLibrary(String),
    /// The vignette no longer plays the saved replies (it was edited since).
    Diverged(String),
    /// The attempt is open in another live process: the message says whose.
    Locked(String),
}

impl std::fmt::Display for ResumeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ResumeError::Unreadable(e) | ResumeError::Diverged(e) | ResumeError::Locked(e) => {
                f.write_str(e)
            }
            ResumeError::NotInLibrary(id) => write!(f, "the vignette `{id}` is not in the library"),
        }
    }
}

impl std::error::Error for ResumeError {}

/// A fresh seed for a new attempt: the clock's nanoseconds, the process id and a per-process count, so two
/// attempts started in the same instant (or by two processes) differ. The transcript records it, so the
/// attempt replays exactly.
pub fn fresh_seed() -> u64 {
    static STARTED: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    // The count is spread over the high bits by the golden-ratio constant so it never cancels the clock.
    let count = STARTED
        .fetch_add(1, Ordering::Relaxed)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    nanos ^ (u64::from(std::process::id()) << 32) ^ count
}

/// The seed of a numbered attempt derived from a seed given by the user (an assignment played with `--seed`):
/// vignette `item` (0-based) and attempt `k` (1-based) each get their own, and the same ones on every run.
pub fn derived_seed(base: u64, item: usize, k: u32) -> u64 {
    base.wrapping_add(((item as u64) << 16) | u64::from(k))
}

/// One attempt: a session saved to its own transcript file after every turn.
#[derive(Debug)]
pub struct Attempt {
    session: Session,
    path: Option<PathBuf>,
    save_error: Option<SaveError>,
    /// Replies in the file after the last save that worked (`None`: none worked yet).
    on_disk: Option<usize>,
    /// Held while the attempt is live, so no other process opens it; released when the attempt is dropped.
    lock: Option<store::Lock>,
}

impl Attempt {
    /// Starts a new attempt with `seed` (a fresh one when `None`), reserves its file in `dir` and saves the
    /// opening. With no `dir` (no data directory), or no file to be had, it is played unsaved and
    /// `save_error` says so.
    pub fn start(
        vignette: Arc<Vignette>,
        rubric: Arc<Rubric>,
        mode: Mode,
        seed: Option<u64>,
        dir: Option<&Path>,
    ) -> Attempt {
        Attempt::start_continuing(vignette, rubric, mode, seed, dir, None)
    }

    /// As `start`, for a follow-up visit that continues the student's attempt at the first (`from`; `None`:
    /// from the vignette's own start).
    pub fn start_continuing(
        vignette: Arc<Vignette>,
        rubric: Arc<Rubric>,
        mode: Mode,
        seed: Option<u64>,
        dir: Option<&Path>,
        from: Option<Continued>,
    ) -> Attempt {
        let seed = seed.unwrap_or_else(fresh_seed);
        Attempt::reserved(Session::continuing(vignette, rubric, seed, mode, from), dir)
    }

    /// Takes up the attempt saved at `path` where it stopped (its replies replayed with its seed); it goes on
    /// saving to the same file. Nothing is written until `save` or the next turn. An attempt open in another
    /// live process is refused (`Locked`), so two players never overwrite each other's replies.
    pub fn resume(library: &Library, path: &Path) -> Result<Attempt, ResumeError> {
        let lock = match store::lock::lock(path) {
            Ok(l) => Some(l),
            Err(e @ store::LockError::Live { .. }) => {
                return Err(ResumeError::Locked(e.to_string()));
            }
            // A folder that cannot be written cannot hold a lock either: resume it, and let the first save
            // say what cannot be kept.
            Err(store::LockError::Io { .. }) => None,
        };
        let saved = store::load_transcript(path).map_err(ResumeError::Unreadable)?;
        let vignette = library
            .get(&saved.vignette_id)
            .ok_or_else(|| ResumeError::NotInLibrary(saved.vignette_id.clone()))?;
        let session = Session::resume(vignette, Arc::clone(&library.rubric), &saved)
            .map_err(ResumeError::Diverged)?;
        Ok(Attempt {
            on_disk: Some(session.transcript().turns.len()),
            session,
            path: Some(path.to_path_buf()),
            save_error: None,
            lock,
        })
    }

    /// A new attempt that replays the first `turn - 1` replies of `t` with its seed and mode, so the trainee
    /// stands at `turn` exactly as before and can answer differently; saved to a new file in `dir`.
    pub fn replay_until(
        library: &Library,
        t: &Transcript,
        turn: u32,
        dir: Option<&Path>,
    ) -> Result<Attempt, ResumeError> {
        let vignette = library
            .get(&t.vignette_id)
            .ok_or_else(|| ResumeError::NotInLibrary(t.vignette_id.clone()))?;
        let mut s = Session::continuing(
            vignette,
            Arc::clone(&library.rubric),
            t.seed,
            t.mode,
            t.continued.clone(),
        );
        for rec in t.turns.iter().take(turn.saturating_sub(1) as usize) {
            s.replay(rec).map_err(ResumeError::Diverged)?;
        }
        s.mark_replay_of(crate::engine::transcript::ReplayOf {
            started_at: t.started_at,
            from_turn: turn,
        });
        Ok(Attempt::reserved(s, dir))
    }

    /// Wraps a session played without a file (nothing is ever written).
    pub fn unsaved(session: Session) -> Attempt {
        Attempt {
            session,
            path: None,
            save_error: None,
            on_disk: None,
            lock: None,
        }
    }

    fn reserved(session: Session, dir: Option<&Path>) -> Attempt {
        let (path, save_error) = match dir {
            None => (None, Some(SaveError::NoDataDir)),
            Some(dir) => match store::new_attempt_path(dir, &session.vignette().id, store::now()) {
                Ok(p) => (Some(p), None),
                Err(source) => (
                    None,
                    Some(SaveError::Reserve {
                        dir: dir.to_path_buf(),
                        source,
                    }),
                ),
            },
        };
        // A new file is nobody else's, but locking it keeps other processes from offering to resume it.
        let lock = path.as_deref().and_then(|p| store::lock::lock(p).ok());
        let mut a = Attempt {
            session,
            path,
            save_error,
            on_disk: None,
            lock,
        };
        a.save();
        a
    }

    /// The session being played.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The session, to end (it keeps the transcript as last saved).
    pub fn into_session(self) -> Session {
        self.session
    }

    /// The transcript so far.
    pub fn transcript(&self) -> &Transcript {
        self.session.transcript()
    }

    /// The seed that chooses the patient's phrasings.
    pub fn seed(&self) -> u64 {
        self.session.transcript().seed
    }

    /// The attempt's file, when it has one.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Replies in the file after the last save that worked (`None`: no save worked, nothing is on disk).
    pub fn on_disk(&self) -> Option<usize> {
        self.on_disk
    }

    /// The lock of a process that was gone, taken over when this attempt was resumed.
    pub fn took_over(&self) -> Option<&store::lock::Owner> {
        self.lock.as_ref().and_then(|l| l.took_over.as_ref())
    }

    /// Why the attempt is not (fully) on disk, after the last save; `None` when the last save worked.
    pub fn save_error(&self) -> Option<&SaveError> {
        self.save_error.as_ref()
    }

    /// Writes the transcript to the attempt's file now (stamped with the time). Without a file it does
    /// nothing and the reason it has none stays in `save_error`.
    pub fn save(&mut self) {
        let Some(path) = &self.path else {
            return;
        };
        self.session.stamp(store::now());
        self.save_error = match store::save_transcript(path, self.session.transcript()) {
            Ok(()) => {
                self.on_disk = Some(self.session.transcript().turns.len());
                None
            }
            Err(source) => Some(SaveError::Write {
                path: path.clone(),
                source,
                on_disk: self.on_disk,
            }),
        };
    }

    /// Gives a reply, then saves. A refused reply changes nothing and saves nothing.
    pub fn give(&mut self, reply: &Reply) -> Result<TurnRecord, ChoiceError> {
        let rec = match reply {
            Reply::Chosen(index) => self.session.choose(*index)?.clone(),
            Reply::Typed(text) => self.session.say(text)?.clone(),
        };
        self.save();
        Ok(rec)
    }

    /// Stops before an ending: the attempt is saved as abandoned (kept and reported, not offered to resume).
    pub fn leave(&mut self) {
        self.session.abandon();
        self.save();
    }

    /// Puts the attempt down unfinished, resumable later as saved. An attempt with no reply yet is not worth
    /// keeping, so its file is removed. Returns whether a resumable attempt stays on disk.
    pub fn close(self) -> bool {
        let t = self.session.transcript();
        if t.turns.is_empty() {
            if let Some(p) = &self.path {
                // A failure leaves a file the history already skips (attempts with no reply are not listed).
                let _ = std::fs::remove_file(p);
            }
            return false;
        }
        self.path.is_some() && !self.session.is_over()
    }
}
