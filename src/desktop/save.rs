//! What the desktop writes: the attempt file after every turn, exported debriefs, abandoned attempts.
//! Every write goes through `store` (atomic, never over another attempt); nothing here decides what to show.

use std::path::{Path, PathBuf};

use crate::engine::Session;
use crate::engine::transcript::Status;
use crate::report::{self, Debrief};
use crate::store;

use super::state::DataDir;

/// Reserves a new attempt file for `vignette_id` in the transcripts folder.
pub fn reserve(data: &DataDir, vignette_id: &str) -> Result<PathBuf, String> {
    let dir = data.transcripts().ok_or_else(|| {
        format!(
            "attempts cannot be saved: no data directory (set {})",
            store::DATA_DIR_ENV
        )
    })?;
    store::new_attempt_path(&dir, vignette_id, store::now()).map_err(|e| {
        format!(
            "attempts cannot be saved: cannot write in {}: {e}",
            dir.display()
        )
    })
}

/// Saves the session's transcript to its attempt file (stamped with the time).
pub fn save(session: &mut Session, path: &Path) -> Result<(), String> {
    session.stamp(store::now());
    store::save_transcript(path, session.transcript())
        .map_err(|e| format!("could not save the attempt to {}: {e}", path.display()))
}

/// Removes an attempt file that holds no reply yet (the student left before answering).
pub fn forget_empty(session: &Session, path: &Path) {
    if session.transcript().turns.is_empty() {
        // Nothing was said: the file holds no attempt worth keeping. A failure leaves a file the
        // history already skips (attempts with no reply are not listed).
        let _ = std::fs::remove_file(path);
    }
}

/// Marks a saved, unfinished attempt as abandoned (kept, reported, no longer offered for resuming).
pub fn abandon(path: &Path) -> Result<(), String> {
    let mut t = store::load_transcript(path)?;
    if t.status == Status::InProgress {
        t.status = Status::Abandoned;
        t.updated_at = store::now();
        store::save_transcript(path, &t)
            .map_err(|e| format!("could not update {}: {e}", path.display()))?;
    }
    Ok(())
}

/// The two export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Markdown, for reading and printing.
    Markdown,
    /// `alliance.debrief/1` JSON, for other tools.
    Json,
}

/// Writes the debrief to `<data>/exports/<attempt>.debrief.{md,json}` and returns the path.
pub fn export(
    data: &DataDir,
    attempt: Option<&Path>,
    d: &Debrief,
    format: ExportFormat,
) -> Result<PathBuf, String> {
    let dir = data
        .0
        .as_deref()
        .map(|d| d.join("exports"))
        .ok_or_else(|| "no data directory to export to".to_owned())?;
    let stem = attempt
        .and_then(|p| p.file_stem())
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| format!("{}-{}", d.vignette_id, store::utc_stamp(store::now())));
    let (ext, bytes) = match format {
        ExportFormat::Markdown => ("md", report::markdown(d).into_bytes()),
        ExportFormat::Json => (
            "json",
            serde_json::to_vec_pretty(d)
                .map_err(|e| format!("could not encode the debrief: {e}"))?,
        ),
    };
    let path = dir.join(format!("{stem}.debrief.{ext}"));
    store::write_atomic(&path, &bytes)
        .map_err(|e| format!("could not write {}: {e}", path.display()))?;
    Ok(path)
}
