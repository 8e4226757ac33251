//! `alliance class FOLDER --out DIR`: the class report over a folder of submission bundles (attempts.csv,
//! report.html, statements.json), with a progress bar on stderr when it is a terminal; `--lrs` also sends the
//! statements to a Learning Record Store, `--from-lrs` reports from one instead of a folder.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Args, ValueEnum};

use alliance::assign;
use alliance::cohort::{self, Options, Outputs};
use alliance::lrs::{self, Credentials, Failure, Lrs, Outbox, Sender, Tally};
use alliance::store;

mod from_lrs;

/// The Learning Record Store options of `alliance class` (docs/lrs.md).
#[derive(Args, Debug, Default)]
pub struct LrsArgs {
    /// Also send the statements to this LRS (its xAPI address, e.g. https://lrs.example.edu/xAPI/).
    #[arg(long, value_name = "URL")]
    pub lrs: Option<String>,
    /// Report from this LRS instead of a folder: the statements of the --assignment's submissions.
    #[arg(long, value_name = "URL")]
    pub from_lrs: Option<String>,
    /// A file holding the LRS credentials as `user:password` (else the ALLIANCE_LRS_AUTH variable).
    #[arg(long, value_name = "FILE")]
    pub lrs_auth_file: Option<PathBuf>,
    /// Statements per request to the LRS.
    #[arg(long, value_name = "N", default_value_t = lrs::send::DEFAULT_BATCH)]
    pub lrs_batch: usize,
    /// With --from-lrs: only statements stored after this time (ISO 8601, e.g. 2026-09-01T00:00:00Z).
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Where to keep the record of what the LRS confirmed (default: DIR/lrs-outbox/<the LRS's host>-<hash>).
    #[arg(long, value_name = "DIR")]
    pub outbox: Option<PathBuf>,
}

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
    folder: Option<&Path>,
    out: &Path,
    assignment: Option<&Path>,
    formats: &[ClassFormat],
    lrs_args: &LrsArgs,
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
    // Each attempt's turns are replayed against its vignette when the library has it.
    let library = super::load_library(dirs);
    if let Some(endpoint) = &lrs_args.from_lrs {
        let (Some(asg), Some(path)) = (asg.as_ref(), assignment) else {
            eprintln!(
                "error: --from-lrs needs --assignment FILE: the assignment whose statements to read"
            );
            return ExitCode::from(2);
        };
        return from_lrs::run(endpoint, lrs_args, out, asg, path, formats, &library);
    }
    let Some(folder) = folder else {
        eprintln!("error: give the folder holding the submission files, or --from-lrs URL");
        return ExitCode::from(2);
    };
    if !folder.is_dir() {
        tell!(
            "error: `{}` is not a folder\n  = hint: give the folder holding the submission files (*.json)",
            folder.display()
        );
        return ExitCode::FAILURE;
    }
    let outputs = outputs_of(formats);
    let graded_with = assignment.map(|p| p.display().to_string());
    let opts = Options {
        assignment: asg.as_ref(),
        graded_with: graded_with.as_deref(),
        outputs,
        generated_at: store::now(),
        statements: false,
        source: None,
        library: Some(&library),
    };
    let mut bar = Bar::new();
    let mut sending = match &lrs_args.lrs {
        None => None,
        Some(endpoint) => match open_lrs(endpoint, lrs_args, out) {
            Ok(x) => Some(x),
            Err(f) => {
                eprintln!("{f}");
                return ExitCode::FAILURE;
            }
        },
    };
    let opts = Options {
        statements: sending.is_some(),
        ..opts
    };
    let mut failed: Option<Failure> = None;
    let (ran, tally) = match &mut sending {
        None => (
            cohort::run(folder, out, &opts, &mut |d, t| bar.tick(d, t)),
            None,
        ),
        Some((lrs, outbox)) => {
            let mut sender = Sender::new(lrs, outbox, lrs_args.lrs_batch);
            let ran = cohort::run_with(folder, out, &opts, &mut |d, t| bar.tick(d, t), &mut |c| {
                sender.offer(c.statements).map_err(|f| {
                    let e = io::Error::other(f.message.clone());
                    failed = Some(f);
                    e
                })
            });
            let tally = if failed.is_some() {
                sender.tally().clone()
            } else {
                let (t, flushed) = sender.finish();
                failed = flushed.err();
                t
            };
            (ran, Some(tally))
        }
    };
    if let Some(f) = failed {
        if let (Some(t), Some((lrs, outbox))) = (&tally, &sending) {
            print_tally(lrs, outbox, t);
        }
        eprintln!("{f}");
        return ExitCode::FAILURE;
    }
    let summary = match ran {
        Ok(s) => s,
        Err(e) => {
            tell!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    print_summary(&summary);
    if let (Some(t), Some((lrs, outbox))) = (&tally, &sending) {
        print_tally(lrs, outbox, t);
    }
    ExitCode::SUCCESS
}

/// Which files to write: all three unless `--format` names some.
fn outputs_of(formats: &[ClassFormat]) -> Outputs {
    if formats.is_empty() {
        Outputs::ALL
    } else {
        Outputs {
            csv: formats.contains(&ClassFormat::Csv),
            html: formats.contains(&ClassFormat::Html),
            xapi: formats.contains(&ClassFormat::Xapi),
        }
    }
}

/// What was counted, left out and written.
fn print_summary(summary: &cohort::Summary) {
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
    if summary.worth_a_look > 0 {
        say!(
            "  worth a look: {} submission{} whose attempts went faster than they can be read or kept to one menu \
             position (report.html, \"Each student\"; a prompt to look, not a verdict)",
            summary.worth_a_look,
            if summary.worth_a_look == 1 { "" } else { "s" }
        );
    }
    for (file, n) in &summary.duplicate_statements {
        println!(
            "  left out of the statements: {n} from {file}, whose ids were already written (an attempt or submission handed in twice)"
        );
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
}

/// The LRS client and the outbox for `endpoint`.
fn open_lrs(endpoint: &str, args: &LrsArgs, out: &Path) -> Result<(Lrs, Outbox), Failure> {
    let credentials = Credentials::load(args.lrs_auth_file.as_deref())?;
    let lrs = Lrs::new(endpoint, &credentials)?;
    let dir = args.outbox.clone().unwrap_or_else(|| {
        out.join("lrs-outbox")
            .join(lrs::outbox::folder_for(endpoint))
    });
    let outbox = Outbox::open(&dir).map_err(|e| {
        Failure::new(
            "L009",
            format!("cannot open the outbox {}: {e}", dir.display()),
            "give a writable folder with --outbox DIR",
        )
    })?;
    Ok((lrs, outbox))
}

/// What the LRS stored, already had, and refused.
fn print_tally(lrs: &Lrs, outbox: &Outbox, t: &Tally) {
    println!(
        "LRS {}: {} statement{} sent, {} already there, {} confirmed by an earlier run ({} request{}); outbox {}",
        lrs.statements_url(),
        t.sent,
        if t.sent == 1 { "" } else { "s" },
        t.already,
        t.earlier,
        t.batches,
        if t.batches == 1 { "" } else { "s" },
        outbox.dir().display()
    );
    for (id, why) in &t.conflicts {
        println!("  already there with other content, not sent again: {id}: {why}");
    }
}
