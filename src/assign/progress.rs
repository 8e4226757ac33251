//! An assignment's progress on disk, so a killed or interrupted run loses nothing: which attempts were started
//! at each vignette (their transcripts are journaled after every turn), kept in `<data>/assignments/`.
//! The next run picks up there: passed vignettes stay passed, and an interrupted attempt counts as one.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::assign::load::Assignment;
use crate::store;

/// The format tag of a progress file.
pub const FORMAT: &str = "alliance.progress/1";

/// One student's progress through one assignment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    /// `alliance.progress/1`.
    pub format: String,
    /// The assignment as first played (a changed assignment starts afresh).
    pub assignment: Assignment,
    /// The pseudonym it is played under.
    pub pseudonym: String,
    /// Per vignette of the assignment (in order), the attempts started, first to last.
    pub vignettes: Vec<Vec<Started>>,
    /// The submission's UUID, fixed at the first run, so statements sent after each attempt (to an LRS) and
    /// the submission handed in at the end, perhaps runs later, name the same submission.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submission: Option<String>,
}

/// An attempt that was started: its number, its UUID and its transcript file (in the transcripts folder).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Started {
    /// 1-based attempt number.
    pub attempt: u32,
    /// The attempt's UUID.
    pub registration: String,
    /// The transcript's file name in the transcripts folder (`None`: it could not be saved).
    pub transcript: Option<String>,
    /// The run that started it ended without finishing it (killed, Ctrl-C): it counts as an attempt.
    #[serde(default)]
    pub interrupted: bool,
}

impl Progress {
    /// A fresh start.
    pub fn new(assignment: Assignment, pseudonym: &str) -> Progress {
        Progress {
            format: FORMAT.to_owned(),
            vignettes: vec![Vec::new(); assignment.vignettes.len()],
            assignment,
            pseudonym: pseudonym.to_owned(),
            submission: None,
        }
    }

    /// The attempts started at vignette `i`.
    pub fn attempts(&self, i: usize) -> &[Started] {
        self.vignettes.get(i).map_or(&[], Vec::as_slice)
    }

    /// Records an attempt started at vignette `i`.
    pub fn start(&mut self, i: usize, started: Started) {
        if let Some(v) = self.vignettes.get_mut(i) {
            v.push(started);
        }
    }
}

/// Where the progress of `pseudonym` on assignment `id` is kept: `<data>/assignments/<id>-<hash>.json`
/// (the hash of the pseudonym keeps two similar pseudonyms apart and spells nothing out).
pub fn path(data: &Path, id: &str, pseudonym: &str) -> PathBuf {
    let h = Sha256::digest(pseudonym.as_bytes());
    let hex: String = h[..8].iter().map(|b| format!("{b:02x}")).collect();
    data.join("assignments").join(format!("{id}-{hex}.json"))
}

/// What was found on disk for this student and assignment.
#[derive(Debug)]
pub enum Found {
    /// Nothing yet.
    None,
    /// Progress to go on with.
    Resume(Box<Progress>),
    /// Progress for an earlier version of the assignment (a different file with the same id): not used.
    Changed,
    /// A progress file that cannot be read (the message says why).
    Unreadable(String),
}

/// Reads the progress at `path` for `assignment` and `pseudonym`.
pub fn load(path: &Path, assignment: &Assignment, pseudonym: &str) -> Found {
    let bytes = match store::read_capped(path, store::MAX_TEXT_BYTES) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Found::None,
        Err(e) => return Found::Unreadable(format!("{}: cannot read: {e}", path.display())),
    };
    match serde_json::from_slice::<Progress>(&bytes) {
        Err(e) => Found::Unreadable(format!(
            "{}:{}:{}: not a readable progress file: {e}",
            path.display(),
            e.line(),
            e.column()
        )),
        Ok(p) if p.format != FORMAT => Found::Unreadable(format!(
            "{}: progress format `{}`, expected `{FORMAT}`",
            path.display(),
            p.format
        )),
        Ok(p) if p.assignment != *assignment || p.pseudonym != pseudonym => Found::Changed,
        Ok(p) if p.vignettes.len() != assignment.vignettes.len() => Found::Changed,
        Ok(p) => Found::Resume(Box::new(p)),
    }
}

/// Saves the progress atomically.
pub fn save(path: &Path, p: &Progress) -> std::io::Result<()> {
    let json = serde_json::to_vec_pretty(p).map_err(std::io::Error::other)?;
    store::write_atomic(path, &json)
}

/// The transcript file names of every assignment attempt recorded in `<data>/assignments/` (any student,
/// any assignment): such an attempt is played on only within its assignment, never resumed on its own.
pub fn assignment_transcripts(data: &Path) -> std::collections::BTreeSet<String> {
    let mut names = std::collections::BTreeSet::new();
    let Ok(rd) = std::fs::read_dir(data.join("assignments")) else {
        return names;
    };
    for e in rd.filter_map(Result::ok) {
        let p = e.path();
        if p.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let Ok(bytes) = store::read_capped(&p, store::MAX_TEXT_BYTES) else {
            continue;
        };
        if let Ok(progress) = serde_json::from_slice::<Progress>(&bytes) {
            names.extend(
                progress
                    .vignettes
                    .into_iter()
                    .flatten()
                    .filter_map(|s| s.transcript),
            );
        }
    }
    names
}
