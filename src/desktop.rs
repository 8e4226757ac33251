//! The desktop trainer: a Bevy window whose screens (library, conversation, debrief, history, settings) are
//! drawn with egui over the engine library. It holds no rules of its own: everything shown comes from `engine`,
//! `attempt`, `report` and `store`; this module only lays it out and turns keys and clicks into actions.

mod actions;
mod app;
mod automation;
mod chart;
mod chords;
mod conversation;
mod debrief;
mod display;
mod faces;
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
    app::run(dirs)
}
