//! The desktop trainer: a Bevy window whose screens (library, conversation, debrief, history, settings) are
//! drawn with egui over the engine library. It holds no rules of its own: everything shown comes from `engine`,
//! `attempt`, `report` and `store`; this module only lays it out and turns keys and clicks into actions.

mod actions;
mod app;
mod assignment;
mod automation;
mod chart;
mod chords;
mod conversation;
mod debrief;
mod display;
mod faces;
#[cfg(test)]
mod headless_assignment_tests;
#[cfg(test)]
mod headless_tests;
mod history;
mod idle;
mod library;
mod portrait;
mod prefs;
mod reload;
mod resume;
mod save;
mod settings;
mod state;
mod theme;
mod widgets;

use std::path::PathBuf;
use std::process::ExitCode;

pub use display::{DisplayCheck, check_display};

/// Opens the desktop trainer on the library at `dirs` (the `--dialogues` folders plus the user's vignettes
/// folder). Without a display it prints where the terminal player is and returns exit code 2, before any
/// window or GPU work is attempted.
pub fn run(dirs: Vec<PathBuf>) -> ExitCode {
    match check_display(|k| std::env::var_os(k)) {
        DisplayCheck::Ready => {}
        problem => {
            eprintln!("{}", problem.message());
            return ExitCode::from(2);
        }
    }
    app::run(dirs, None)
}

/// Opens the desktop trainer on the assignment file at `file` (`alliance FILE.yaml`). Without a display it
/// says so, prints the terminal's command for the same assignment and returns exit code 2.
pub fn run_assignment(dirs: Vec<PathBuf>, file: PathBuf) -> ExitCode {
    match check_display(|k| std::env::var_os(k)) {
        DisplayCheck::Ready => {}
        problem => {
            eprintln!("{}", problem.message());
            eprintln!(
                "Play this assignment in the terminal instead:\n  alliance play --assignment {}",
                file.display()
            );
            return ExitCode::from(2);
        }
    }
    app::run(dirs, Some(file))
}
