//! Command-line parsing and dispatch: `list`, `play`, `resume`, `check`, `report`, `schema`, `paths`.
//! Each subcommand lives in its own file; this one only wires arguments to them.

mod check;
mod list;
mod play;
mod report;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use alliance::scoring::Rubric;
use alliance::store;
use alliance::vignette::{Library, LoadReport};

/// Practise the conversations that build a working alliance with a patient.
#[derive(Parser)]
#[command(name = "alliance", version, about, long_about = None)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// Also load vignettes from this folder (repeatable).
    #[arg(long, global = true, value_name = "DIR")]
    dialogues: Vec<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// The terminal player's menu: choose a vignette and a mode, then play (the default without a desktop).
    Menu,
    /// List the vignettes (id, title, audience, difficulty).
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Play a vignette in the terminal.
    Play {
        /// Vignette id (see `alliance list`).
        id: String,
        /// Seed for the patient's phrasings (a replay with the same seed and replies is identical).
        #[arg(long)]
        seed: Option<u64>,
        /// practice: alliance and feedback after each reply; assessment: only in the debrief.
        #[arg(long, value_enum, default_value_t = ModeArg::Practice)]
        mode: ModeArg,
        /// Scripted replies by their shown numbers, e.g. `2,1,3` (then stdin, if any is left).
        #[arg(long, value_delimiter = ',')]
        replies: Vec<usize>,
        /// Format of the final debrief.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Continue an attempt that was interrupted (a transcript with status in_progress).
    Resume {
        /// The transcript file.
        transcript: PathBuf,
    },
    /// Check vignette files and folders; every problem in every file. Exit 1 if any error.
    Check {
        /// Files or folders (default: the shipped vignettes and your vignettes folder).
        paths: Vec<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Print the debrief of a saved transcript.
    Report {
        /// The transcript file.
        transcript: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print the JSON Schema for vignette files.
    Schema,
    /// Print where Alliance keeps transcripts and looks for your vignettes.
    Paths,
}

#[derive(Clone, Copy, ValueEnum)]
enum ModeArg {
    Practice,
    Assessment,
}

/// Output format of a debrief.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// Plain text.
    Text,
    /// Markdown.
    Md,
    /// JSON (`alliance.debrief/1`).
    Json,
}

pub fn main() -> ExitCode {
    let args = Args::parse();
    let dirs = library_dirs(&args.dialogues);
    match args.command {
        None | Some(Command::Menu) => play::menu(&dirs),
        Some(Command::List { json }) => list::run(&dirs, json),
        Some(Command::Play {
            id,
            seed,
            mode,
            replies,
            format,
        }) => {
            let mode = match mode {
                ModeArg::Practice => alliance::engine::Mode::Practice,
                ModeArg::Assessment => alliance::engine::Mode::Assessment,
            };
            play::run(&dirs, &id, seed, mode, replies, format)
        }
        Some(Command::Resume { transcript }) => play::resume(&dirs, &transcript),
        Some(Command::Check { paths, json }) => check::run(&paths, &dirs, json),
        Some(Command::Report { transcript, format }) => report::run(&transcript, format),
        Some(Command::Schema) => {
            println!("{}", alliance::vignette::schema_json());
            ExitCode::SUCCESS
        }
        Some(Command::Paths) => {
            match store::data_dir() {
                Some(d) => {
                    println!("data:        {}", d.display());
                    println!("transcripts: {}", store::transcripts_dir(&d).display());
                    println!("vignettes:   {}", store::vignettes_dir(&d).display());
                }
                None => println!(
                    "no data directory could be determined; set {}",
                    store::DATA_DIR_ENV
                ),
            }
            ExitCode::SUCCESS
        }
    }
}

/// `--dialogues` folders plus the user's vignettes folder.
fn library_dirs(extra: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirs = extra.to_vec();
    if let Some(d) = store::data_dir() {
        dirs.push(store::vignettes_dir(&d));
    }
    dirs
}

/// Loads the library and prints any problems with the user's files to stderr (they never stop the rest).
fn load_library(dirs: &[PathBuf]) -> Library {
    let (library, report) = Library::load(dirs, Rubric::shipped());
    print_problems(&report);
    library
}

fn print_problems(report: &LoadReport) {
    for d in &report.diagnostics {
        eprintln!("{d}\n");
    }
    if report.errors() > 0 {
        eprintln!(
            "{} file(s) with errors were skipped; the other vignettes are available. Run `alliance check` for details.\n",
            report.errors()
        );
    }
}
