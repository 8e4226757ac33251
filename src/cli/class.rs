//! `alliance class FOLDER --out DIR`: the class report over a folder of submission bundles (attempts.csv,
//! report.html, statements.json), with a plain-text progress bar on stderr when it is a terminal.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::ValueEnum;

use alliance::assign;
use alliance::cohort::{self, Options, Outputs};
use alliance::store;

/// One of the class command's outputs.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
pub enum ClassFormat {
    /// attempts.csv: one row per attempt, and per file not counted.
    Csv,
    /// report.html: the report with charts, printable to PDF.
    Html,
    /// statements.json: xAPI 1.0.3 statements for an LMS or LRS.
    Xapi,
}

/// A progress bar drawn in place on stderr, at most ten times a second; silent when stderr is not a terminal.
struct Bar {
    on: bool,
    started: Instant,
    drawn: Option<Instant>,
}

impl Bar {
    fn new() -> Bar {
        Bar {
            on: io::stderr().is_terminal(),
            started: Instant::now(),
            drawn: None,
        }
    }

    fn tick(&mut self, done: usize, total: usize) {
        if !self.on || total == 0 {
            return;
        }
        let finished = done == total;
        if !finished
            && self
                .drawn
                .is_some_and(|t| t.elapsed() < Duration::from_millis(100))
        {
            return;
        }
        self.drawn = Some(Instant::now());
        let width = 30;
        let filled = done * width / total;
        let mut err = io::stderr().lock();
        let _ = write!(
            err,
            "\r[{}{}] {done}/{total} submissions  {:.1} s",
            "#".repeat(filled),
            " ".repeat(width - filled),
            self.started.elapsed().as_secs_f64()
        );
        if finished {
            let _ = writeln!(err);
        }
        let _ = err.flush();
    }
}

/// Runs the class report.
pub fn run(
    dirs: &[PathBuf],
    folder: &Path,
    out: &Path,
    assignment: Option<&Path>,
    formats: &[ClassFormat],
) -> ExitCode {
    let asg = match assignment.map(|p| assign::load(p, None)) {
        None => None,
        Some(Ok(a)) => Some(a),
        Some(Err(problems)) => {
            for d in &problems {
                tell!("{d}\n");
            }
            return ExitCode::FAILURE;
        }
    };
    if !folder.is_dir() {
        tell!(
            "error: `{}` is not a folder\n  = hint: give the folder holding the submission files (*.json)",
            folder.display()
        );
        return ExitCode::FAILURE;
    }
    let outputs = if formats.is_empty() {
        Outputs::ALL
    } else {
        Outputs {
            csv: formats.contains(&ClassFormat::Csv),
            html: formats.contains(&ClassFormat::Html),
            xapi: formats.contains(&ClassFormat::Xapi),
        }
    };
    // Each attempt's turns are replayed against its vignette when the library has it.
    let library = super::load_library(dirs);
    let graded_with = assignment.map(|p| p.display().to_string());
    let opts = Options {
        assignment: asg.as_ref(),
        graded_with: graded_with.as_deref(),
        outputs,
        generated_at: store::now(),
        library: Some(&library),
    };
    let mut bar = Bar::new();
    let summary = match cohort::run(folder, out, &opts, &mut |d, t| bar.tick(d, t)) {
        Ok(s) => s,
        Err(e) => {
            tell!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    say!(
        "Read {} file{}: {} submission{} counted, {} not counted.",
        summary.files,
        if summary.files == 1 { "" } else { "s" },
        summary.counted,
        if summary.counted == 1 { "" } else { "s" },
        summary.rejected.len()
    );
    for (file, why) in &summary.rejected {
        say!("  not counted: {file}: {why}");
    }
    for (file, why) in &summary.flagged {
        say!("  flagged: {file}: {why}");
    }
    for p in &summary.written {
        if p.file_name().is_some_and(|n| n == "statements.json") {
            say!(
                "Wrote {} ({} xAPI statements)",
                p.display(),
                summary.statements
            );
        } else {
            say!("Wrote {}", p.display());
        }
    }
    ExitCode::SUCCESS
}
