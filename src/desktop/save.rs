//! What the desktop writes besides the attempt being played (that is `Attempt`'s): exported debriefs, and
//! attempts set aside from the library. Every write goes through `store`; nothing here decides what to show.

use std::path::{Path, PathBuf};

use crate::engine::transcript::Status;
use crate::report::{self, Debrief};
use crate::store;

use super::state::DataDir;

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
