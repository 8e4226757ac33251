//! "Open the folder": shows the folder holding the submission in the system's file manager (xdg-open, open,
//! explorer), never waiting on it. In tests an environment variable makes it record the path instead.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// With this set to a file, "Open the folder" appends the folder's path to it and launches nothing.
pub const OPEN_FOLDER_LOG_ENV: &str = "ALLIANCE_OPEN_FOLDER_LOG";

/// Opens `dir` in the file manager; an error says why it could not.
pub fn open(dir: &Path) -> Result<(), String> {
    if let Some(log) = std::env::var_os(OPEN_FOLDER_LOG_ENV).filter(|l| !l.is_empty()) {
        return std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
            .and_then(|mut f| writeln!(f, "{}", dir.display()))
            .map_err(|e| format!("{OPEN_FOLDER_LOG_ENV}: {e}"));
    }
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    // Spawned, not waited for: the file manager outlives the click. Its output is not ours to show.
    Command::new(program)
        .arg(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(drop)
        .map_err(|e| {
            format!(
                "could not run `{program}` to show {}: {e}; open that folder yourself",
                dir.display()
            )
        })
}
