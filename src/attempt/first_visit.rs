//! Finding the student's own finished attempts at the visit a follow-up follows, and what one of them carries
//! into the follow-up (`engine::Continued`). Front ends offer the choice; the engine applies it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::engine::{Continued, Session, Transcript};
use crate::library::Library;
use crate::store;
use crate::vignette::Vignette;

/// A finished attempt at the first visit that a follow-up can continue.
#[derive(Debug, Clone)]
pub struct FirstVisit {
    /// Its transcript file.
    pub path: PathBuf,
    /// Its transcript.
    pub transcript: Transcript,
}

impl FirstVisit {
    /// "2026-11-30 10:04 · Agreed plan (good)", for a menu.
    pub fn label(&self) -> String {
        let when = store::utc_stamp(self.transcript.updated_at);
        let ending = self
            .transcript
            .ending
            .as_ref()
            .map_or("no ending".to_owned(), |e| {
                format!("{} ({})", e.title, e.outcome.as_str())
            });
        format!(
            "{}-{}-{} {}:{} · {ending}",
            &when[0..4],
            &when[4..6],
            &when[6..8],
            &when[9..11],
            &when[11..13]
        )
    }
}

/// The finished attempts at the vignette `follow_up` follows, saved in `dir`, newest first (by last save, then
/// by file name); empty for a vignette that follows none.
pub fn finished_attempts(dir: &Path, follow_up: &Vignette) -> Vec<FirstVisit> {
    let Some((first, _)) = &follow_up.follows else {
        return Vec::new();
    };
    let (saved, _) = store::list_transcripts(dir);
    let mut out: Vec<FirstVisit> = saved
        .into_iter()
        .filter(|(_, t)| &t.vignette_id == first && t.ending.is_some())
        .map(|(path, transcript)| FirstVisit { path, transcript })
        .collect();
    out.sort_by(|a, b| (b.transcript.updated_at, &b.path).cmp(&(a.transcript.updated_at, &a.path)));
    out
}

/// What the finished attempt saved at `path` carries into `follow_up`: its first visit is replayed from the
/// library (so the end state, an open rupture and the variables are exactly the attempt's).
pub fn continuation(
    library: &Library,
    path: &Path,
    follow_up: &Vignette,
) -> Result<Continued, String> {
    let saved = store::load_transcript(path)?;
    continuation_of(library, &saved, &path.display().to_string(), follow_up)
}

/// As `continuation`, for a transcript already read (`file` names it in the follow-up's transcript).
pub fn continuation_of(
    library: &Library,
    saved: &Transcript,
    file: &str,
    follow_up: &Vignette,
) -> Result<Continued, String> {
    let first = library
        .get(&saved.vignette_id)
        .ok_or_else(|| format!("the vignette `{}` is not in the library", saved.vignette_id))?;
    let session = Session::resume(first, Arc::clone(&library.rubric), saved)
        .map_err(|e| format!("{file}: {e}"))?;
    Continued::of(&session, file, follow_up).map_err(|e| format!("{file}: {e}"))
}
