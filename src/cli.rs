//! Command-line parsing and dispatch of all 14 subcommands: `menu`, `desktop`, `list`, `play` (also `--assignment`),
//! `resume`, `check`, `report`, `class`, `eval`, `schema`, `paths`, `graph`, `explore`, `score`. Each subcommand's work
//! lives in its own file under `cli/`; this one only wires arguments to them.

/// `println!` for anything that may hold text from a user or a file: control characters are shown, not run
/// by the terminal (`report::markup::visible`), and on a terminal long lines wrap between words
/// (`for_terminal`). JSON is printed with `println!` and `markup::json_safe`, never wrapped.
macro_rules! say {
    () => { println!() };
    ($($t:tt)*) => { println!("{}", crate::cli::for_terminal(&format!($($t)*))) };
}

/// `eprintln!` with control characters shown, not run (as `say!`).
macro_rules! tell {
    ($($t:tt)*) => { eprintln!("{}", alliance::report::markup::visible(&format!($($t)*))) };
}

/// Text for the terminal: control characters made visible, and long lines wrapped at word boundaries to the
/// terminal's width when standard output is one (`ALLIANCE_WRAP=N` sets the width, for scripts and tests;
/// `COLUMNS` is honoured on a terminal). Piped output is left unwrapped.
pub(crate) fn for_terminal(s: &str) -> String {
    let shown = alliance::report::markup::visible(s);
    match wrap_width() {
        Some(w) => alliance::report::wrap::wrap(&shown, w),
        None => shown,
    }
}

/// The width `for_terminal` wraps at, worked out once.
fn wrap_width() -> Option<usize> {
    use std::io::IsTerminal;
    static WIDTH: std::sync::OnceLock<Option<usize>> = std::sync::OnceLock::new();
    *WIDTH.get_or_init(|| {
        let from = |var: &str| std::env::var(var).ok().and_then(|v| v.trim().parse().ok());
        if let Some(w) = from("ALLIANCE_WRAP") {
            return Some(w);
        }
        if !std::io::stdout().is_terminal() {
            return None;
        }
        from("COLUMNS").or_else(|| {
            terminal_size::terminal_size().map(|(terminal_size::Width(w), _)| usize::from(w))
        })
    })
}

mod assignment;
mod check;
mod class;
mod explore;
mod graph;
mod list;
mod play;
mod report;
mod score;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use alliance::library::{Library, LoadReport};
use alliance::scoring::Rubric;
use alliance::store;

/// Exit code when an attempt is open in another live Alliance (`resume`).
pub const EXIT_LOCKED: u8 = 3;
/// Exit code when an attempt or submission could not be (fully) kept on disk; the message says what is there.
pub const EXIT_NOT_SAVED: u8 = 4;

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
    /// The desktop trainer (the default when built with the `desktop` feature and a display is available).
    #[cfg(feature = "desktop")]
    Desktop,
    /// List the vignettes (id, title, audience, difficulty).
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Play a vignette in the terminal, or every vignette of an assignment (`--assignment FILE`).
    Play {
        /// Vignette id (see `alliance list`).
        #[arg(required_unless_present = "assignment")]
        id: Option<String>,
        /// Play an assignment file instead: each vignette in order, then write one submission bundle.
        #[arg(long, value_name = "FILE", conflicts_with_all = ["id", "mode", "format"])]
        assignment: Option<PathBuf>,
        /// With --assignment: the pseudonym to submit under (asked for when absent).
        #[arg(long, value_name = "NAME", requires = "assignment")]
        pseudonym: Option<String>,
        /// Seed for the patient's phrasings (a replay with the same seed and replies is identical).
        #[arg(long)]
        seed: Option<u64>,
        /// practice: alliance and feedback after each reply; assessment: only in the debrief.
        #[arg(long, value_enum, default_value_t = ModeArg::Practice)]
        mode: ModeArg,
        /// Scripted replies by their shown numbers, e.g. `2,1,3` (then stdin, if any is left). With
        /// --assignment: one `--replies` per vignette, attempts separated by `/` (`2,1,1/1,1`).
        #[arg(long, value_parser = assignment::parse_reply_list)]
        replies: Vec<assignment::ReplyList>,
        /// No menu: type every reply in your own words (read by the classifier, matched to the replies written
        /// for that moment). Without it you may still type your own words instead of a number.
        #[arg(long)]
        typed: bool,
        /// Format of the final debrief.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// For a follow-up visit: continue your finished attempt at the visit it follows (its transcript file,
        /// or `latest` for your newest); without this or --fresh you are asked when at a terminal.
        #[arg(long = "continue", value_name = "FILE|latest", conflicts_with_all = ["fresh", "assignment"])]
        continue_from: Option<String>,
        /// For a follow-up visit: start from its own default start, not from a first visit.
        #[arg(long, conflicts_with = "assignment")]
        fresh: bool,
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
    /// Print the debrief of a saved transcript, or of every attempt in a submission bundle.
    Report {
        /// The transcript or submission file.
        transcript: PathBuf,
        /// Output format (xapi: xAPI 1.0.3 statements).
        #[arg(long, value_enum, default_value_t = report::ReportFormat::Text)]
        format: report::ReportFormat,
        /// With --format xapi on a transcript: the actor's pseudonym.
        #[arg(long, value_name = "NAME")]
        pseudonym: Option<String>,
        /// Also show the technical terms an educator reads: 3RS rupture marker names, behaviour codes, MITI
        /// measures and thresholds, the alliance turn by turn.
        #[arg(long)]
        details: bool,
    },
    /// The class report over a folder of submissions: attempts.csv, report.html and statements.json (xAPI).
    Class {
        /// The folder holding the submission files (not with --from-lrs).
        #[arg(required_unless_present = "from_lrs", conflicts_with = "from_lrs")]
        folder: Option<PathBuf>,
        /// Where to write the outputs.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Count only submissions for this assignment, and grade them by its criteria.
        #[arg(long, value_name = "FILE")]
        assignment: Option<PathBuf>,
        /// Which outputs to write (default: all three), e.g. `--format xapi` or `--format csv,html`.
        #[arg(long, value_enum, value_delimiter = ',')]
        format: Vec<class::ClassFormat>,
        #[command(flatten)]
        lrs: class::LrsArgs,
    },
    /// Measure the reply classifier against human coders.
    Eval {
        #[command(subcommand)]
        what: EvalCommand,
    },
    /// Print the JSON Schema for vignette files (or, with --assignment, for assignment files).
    Schema {
        /// The schema of assignment files instead (schema/assignment.schema.json).
        #[arg(long)]
        assignment: bool,
    },
    /// Print where Alliance keeps transcripts and looks for your vignettes.
    Paths,
    /// Draw a vignette's node map: endings by outcome, rupture turns, the best path (svg, dot or mermaid).
    Graph {
        /// Vignette id (see `alliance list`) or a vignette file.
        vignette: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = graph::GraphFormat::Svg)]
        format: graph::GraphFormat,
        /// Write to this file instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// SVG layout: Graphviz when installed (auto), or always the built-in one.
        #[arg(long, value_enum, default_value_t = graph::LayoutChoice::Auto)]
        layout: graph::LayoutChoice,
    },
    /// Walk every path of a vignette: path count, best and worst WAI-SR, unreachable content, weak replies.
    Explore {
        /// Vignette id (see `alliance list`) or a vignette file.
        vignette: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// Stop each walk and search after this many distinct states (default 100000).
        #[arg(long, value_name = "N")]
        max_states: Option<usize>,
        /// Cut paths longer than this many decisions (default 4 × nodes + 16).
        #[arg(long, value_name = "N")]
        max_depth: Option<usize>,
    },
    /// Score one line where the patient stands: how it is read, matched and scored, and the written replies
    /// there. `alliance score fear-of-hypoglycaemia --at disclosure "Going low frightens you."`
    Score {
        /// Vignette id (see `alliance list`) or a vignette file.
        vignette: String,
        /// The decision point (node id) to say it at.
        #[arg(long, value_name = "NODE")]
        at: String,
        /// The written replies that lead there, by their place in the file (1-based): `--after 1,1,2`.
        /// Without it, the best path is followed if it passes through the node, else the fewest decisions.
        #[arg(long, value_name = "R1,R2…", value_delimiter = ',')]
        after: Option<Vec<usize>>,
        /// The reply, in your own words.
        text: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum EvalCommand {
    /// AnnoMI-shaped CSV: the 4-way main behaviour (question / reflection / input / other) for therapist
    /// utterances: macro-F1, per-class precision/recall/F1, confusion matrix, open/closed and simple/complex.
    Annomi {
        /// The CSV file (columns as in AnnoMI: utterance_text, prev_utterance_text, main_therapist_behaviour, …).
        #[arg(required_unless_present = "transcripts")]
        csv: Option<PathBuf>,
        /// Instead: play each transcript of this CSV through the classifier and the rubric and report how well a
        /// transcript's score separates high- from low-quality MI (ROC AUC, bootstrap interval, per topic).
        #[arg(long, value_name = "CSV", conflicts_with = "csv")]
        transcripts: Option<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// A folder of paraphrase files (tests/validity/paraphrases/*.yaml): how often the typed-reply matcher picks
    /// and accepts the written reply a paraphrase means, and whether it accepts any nonsense line.
    Paraphrases {
        /// The folder.
        folder: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// List every paraphrase not accepted as its reply, and every nonsense line accepted.
        #[arg(long)]
        errors: bool,
    },
    /// A labelled-codes CSV (dialogues/classifier/codes/*.csv): per-code precision, recall and F1 of the fine
    /// codes, and the vices (judging, persuade, confront) read as a reflection.
    Codes {
        /// The CSV file (columns id, patient, clinician, codes).
        csv: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// List every line read differently from its label.
        #[arg(long)]
        errors: bool,
    },
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

/// `alliance FILE.yaml`: an assignment file (`.yaml` or `.yml`) as the only argument, if that is how the
/// program was called.
pub fn lone_assignment(args: &[std::ffi::OsString]) -> Option<PathBuf> {
    let [_, file] = args else {
        return None;
    };
    let p = PathBuf::from(file);
    let yaml = p
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    (yaml && !file.to_string_lossy().starts_with('-')).then_some(p)
}

/// Opens the assignment at `file` in the desktop; without one (or without a display) says how to play it
/// in the terminal, exit code 2.
pub fn open_assignment(file: PathBuf) -> ExitCode {
    let dirs = library_dirs(&[]);
    if let Some(data) = store::data_dir() {
        for p in store::sweep(&data) {
            eprintln!("note: removed {}, left by an interrupted save", p.display());
        }
    }
    #[cfg(feature = "desktop")]
    {
        alliance::desktop::run_assignment(dirs, file)
    }
    #[cfg(not(feature = "desktop"))]
    {
        let _ = dirs;
        tell!(
            "This alliance was built without the desktop. Play the assignment in the terminal:\n  alliance play --assignment {}",
            file.display()
        );
        ExitCode::from(2)
    }
}

pub fn main() -> ExitCode {
    let args = Args::parse();
    let dirs = library_dirs(&args.dialogues);
    // Temporary files and empty reservations left by a kill are removed at the next start.
    if let Some(data) = store::data_dir() {
        for p in store::sweep(&data) {
            eprintln!("note: removed {}, left by an interrupted save", p.display());
        }
    }
    match args.command {
        // With the desktop feature, no subcommand opens the window (or explains why it cannot, exit 2).
        #[cfg(feature = "desktop")]
        None | Some(Command::Desktop) => alliance::desktop::run(dirs),
        #[cfg(not(feature = "desktop"))]
        None => play::menu(&dirs),
        Some(Command::Menu) => play::menu(&dirs),
        Some(Command::List { json }) => list::run(&dirs, json),
        Some(Command::Play {
            id,
            assignment: Some(file),
            pseudonym,
            seed,
            replies,
            typed,
            ..
        }) => {
            if id.is_some() {
                eprintln!("error: give a vignette id or --assignment, not both");
                return ExitCode::from(2);
            }
            assignment::run(&dirs, &file, pseudonym, seed, replies, typed)
        }
        Some(Command::Play {
            id,
            seed,
            mode,
            replies,
            typed,
            format,
            continue_from,
            fresh,
            ..
        }) => {
            let mode = match mode {
                ModeArg::Practice => alliance::engine::Mode::Practice,
                ModeArg::Assessment => alliance::engine::Mode::Assessment,
            };
            let Some(replies) = flat_replies(replies) else {
                eprintln!(
                    "error: `/` separates attempts in --replies, and only works with --assignment"
                );
                return ExitCode::from(2);
            };
            let from = match (continue_from, fresh) {
                (Some(f), _) => play::FirstVisitChoice::Continue(f),
                (None, true) => play::FirstVisitChoice::Fresh,
                (None, false) => play::FirstVisitChoice::Ask,
            };
            play::run(
                &dirs,
                id.as_deref().unwrap_or_default(),
                seed,
                mode,
                replies,
                typed,
                format,
                from,
            )
        }
        Some(Command::Resume { transcript }) => play::resume(&dirs, &transcript),
        Some(Command::Check { paths, json }) => check::run(&paths, &dirs, json),
        Some(Command::Report {
            transcript,
            format,
            pseudonym,
            details,
        }) => report::run(&dirs, &transcript, format, pseudonym.as_deref(), details),
        Some(Command::Class {
            folder,
            out,
            assignment,
            format,
            lrs,
        }) => class::run(
            &dirs,
            folder.as_deref(),
            &out,
            assignment.as_deref(),
            &format,
            &lrs,
        ),
        Some(Command::Graph {
            vignette,
            format,
            out,
            layout,
        }) => graph::run(&dirs, &vignette, format, out.as_deref(), layout),
        Some(Command::Explore {
            vignette,
            json,
            max_states,
            max_depth,
        }) => explore::run(&dirs, &vignette, json, max_states, max_depth),
        Some(Command::Score {
            vignette,
            at,
            after,
            text,
            json,
        }) => score::run(&dirs, &vignette, &at, after.as_deref(), &text, json),
        Some(Command::Eval { what }) => match match what {
            EvalCommand::Annomi {
                transcripts: Some(t),
                json,
                ..
            } => alliance::analysis::transcripts::run(&t, json),
            EvalCommand::Annomi { csv, json, .. } => {
                alliance::classify::eval::run_annomi(&csv.unwrap_or_default(), json)
            }
            EvalCommand::Paraphrases {
                folder,
                json,
                errors,
            } => eval_paraphrases(&dirs, &folder, json, errors),
            EvalCommand::Codes { csv, json, errors } => {
                alliance::classify::codes_eval::run_codes(&csv, json, errors)
            }
        } {
            Ok(report) => {
                print!("{report}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Some(Command::Schema { assignment }) => {
            if assignment {
                println!("{}", alliance::assign::schema_json());
                return ExitCode::SUCCESS;
            }
            println!("{}", alliance::vignette::schema_json());
            ExitCode::SUCCESS
        }
        Some(Command::Paths) => {
            match store::data_dir() {
                Some(d) => {
                    println!("data:        {}", d.display());
                    println!("transcripts: {}", store::transcripts_dir(&d).display());
                    println!("submissions: {}", store::submissions_dir(&d).display());
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

/// A single play's `--replies`, all in one list (attempts separated by `/` are for assignments only).
fn flat_replies(lists: Vec<assignment::ReplyList>) -> Option<Vec<usize>> {
    let mut out = Vec::new();
    for l in lists {
        let [one] = <[Vec<usize>; 1]>::try_from(l.0).ok()?;
        out.extend(one);
    }
    Some(out)
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
        tell!("{d}\n");
    }
    if report.errors() > 0 {
        let files = report.files_with_errors();
        eprintln!(
            "{files} file{} with errors {} skipped ({} error{} in all); the other vignettes are available. Run `alliance check` for details.\n",
            if files == 1 { "" } else { "s" },
            if files == 1 { "was" } else { "were" },
            report.errors(),
            if report.errors() == 1 { "" } else { "s" },
        );
    }
}

/// `alliance eval paraphrases <folder>`: the shipped vignettes and those in `dirs`, measured on the folder's files.
fn eval_paraphrases(
    dirs: &[PathBuf],
    folder: &std::path::Path,
    json: bool,
    errors: bool,
) -> Result<String, String> {
    use alliance::analysis::paraphrases;
    let files = paraphrases::read_folder(folder)?;
    let (library, _) = alliance::library::Library::load(dirs, alliance::scoring::Rubric::shipped());
    let report = paraphrases::measure(
        &files,
        |id| library.get(id),
        alliance::classify::Classifier::shipped(),
        &alliance::scoring::Rubric::shipped(),
    )?;
    Ok(if json {
        serde_json::to_string_pretty(&report).map_err(|e| e.to_string())? + "\n"
    } else {
        paraphrases::text(&report, &folder.display().to_string(), errors)
    })
}
