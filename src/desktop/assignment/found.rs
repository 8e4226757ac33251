//! The assignment files the picker lists without a file dialog: YAML files in the data folder, the current
//! folder and `./assignments` that look like assignments (an `attempts_allowed:` or `pass:` key at the top).

use std::path::{Path, PathBuf};

use bevy::prelude::*;

use crate::store;

use super::desk::Desk;

/// Looks again for assignment files (on entering the Assignment screen).
pub fn rescan(mut desk: ResMut<Desk>) {
    let mut dirs = vec![PathBuf::from("."), PathBuf::from("assignments")];
    if let Some(d) = store::data_dir() {
        dirs.push(d.join("assignments"));
        dirs.push(d);
    }
    desk.found = find(&dirs);
}

/// Assignment files directly in `dirs`, sorted, each once.
pub fn find(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    for dir in dirs {
        let Ok(rd) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut here: Vec<PathBuf> = rd
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| is_yaml(p) && p.is_file() && looks_like_assignment(p))
            .collect();
        here.sort();
        for p in here {
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out
}

/// Whether `p` ends in `.yaml` or `.yml`.
pub fn is_yaml(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// A top-level key only an assignment has (vignettes have neither), read from a file of at most `MAX_TEXT_BYTES`.
fn looks_like_assignment(p: &Path) -> bool {
    let Ok(bytes) = store::read_capped(p, store::MAX_TEXT_BYTES) else {
        return false;
    };
    String::from_utf8_lossy(&bytes)
        .lines()
        .any(|l| l.starts_with("attempts_allowed:") || l.starts_with("pass:"))
}
