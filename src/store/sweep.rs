//! Cleaning up after kills at the next start: temporary files of saves that never finished, and files
//! reserved for a submission that was never written (empty), so neither fills the disk nor looks like work.

use std::fs;
use std::path::{Path, PathBuf};

/// How old an empty reserved submission must be before it counts as left by a kill (a live player writes
/// it within milliseconds of reserving it).
const RESERVED_GRACE_SECS: u64 = 60;

/// Removes, in the data directory's transcripts and submissions folders, the temporary files whose writing
/// process is gone and the empty submission files left by a kill; returns what was removed.
pub fn sweep(data: &Path) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    for dir in [super::transcripts_dir(data), super::submissions_dir(data)] {
        let Ok(rd) = fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.filter_map(Result::ok) {
            let path = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            let Ok(meta) = e.metadata() else {
                continue;
            };
            if !meta.is_file() {
                continue;
            }
            let orphan_tmp = tmp_owner(&name).is_some_and(|pid| !super::lock::pid_running(pid));
            let old = meta
                .modified()
                .ok()
                .and_then(|m| m.elapsed().ok())
                .is_some_and(|d| d.as_secs() >= RESERVED_GRACE_SECS);
            let empty_submission =
                dir.ends_with("submissions") && name.ends_with(".json") && meta.len() == 0 && old;
            if (orphan_tmp || empty_submission) && fs::remove_file(&path).is_ok() {
                removed.push(path);
            }
        }
    }
    removed
}

/// The pid in a temporary file's name (`.<name>.<pid>.tmp`, as `AtomicFile` names them).
fn tmp_owner(name: &str) -> Option<u32> {
    let stem = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    stem.rsplit_once('.')?.1.parse().ok()
}
