//! `alliance play --assignment FILE`: a pseudonym, then each vignette in order with the assignment's mode,
//! feedback and attempts, then one sealed submission bundle in the data directory's `submissions` folder.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use alliance::assign::criteria::Verdict;
use alliance::assign::uuid::UuidSource;
use alliance::assign::{self, Assignment};
use alliance::attempt::derived_seed;
use alliance::library::Library;
use alliance::sitting::{HandedIn, Note, Sitting, valid_pseudonym};
use alliance::{report, store};

use super::play::{EndedBy, Replies, converse};

/// The scripted replies for one vignette: one list per attempt (`2,1,1/1,1` = two attempts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyList(pub Vec<Vec<usize>>);

/// Parses `--replies`: numbers separated by commas, attempts by `/`.
pub fn parse_reply_list(s: &str) -> Result<ReplyList, String> {
    s.split('/')
        .map(|attempt| {
            attempt
                .split(',')
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(|x| {
                    x.parse::<usize>()
                        .map_err(|_| format!("`{x}` is not a reply number"))
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .collect::<Result<Vec<_>, _>>()
        .map(ReplyList)
}

fn ask_pseudonym(input: &mut Replies, rule: Option<&str>) -> Result<String, ExitCode> {
    loop {
        if input.interactive {
            match rule {
                Some(r) => print!("Your pseudonym ({r}; never your real name): "),
                None => print!(
                    "Your pseudonym (the name your educator asked you to use, not your real name): "
                ),
            }
            let _ = io::stdout().flush();
        }
        let Some(line) = input.line() else {
            tell!("error: no pseudonym given\n  = hint: type one, or pass `--pseudonym NAME`");
            return Err(ExitCode::from(2));
        };
        match valid_pseudonym(&line) {
            Ok(()) => return Ok(line),
            Err(why) if input.interactive => say!("That pseudonym will not do: {why}."),
            Err(why) => {
                tell!("error: pseudonym `{line}`: {why}");
                return Err(ExitCode::from(2));
            }
        }
    }
}

fn print_verdict(v: &Verdict) {
    say!(
        "\nAssignment criteria: {}",
        if v.passed { "PASSED" } else { "NOT PASSED" }
    );
    for c in &v.checks {
        say!("  [{}] {}", if c.passed { "x" } else { " " }, c.detail);
    }
}

/// Prints what the shared assignment run (`sitting`) has to say, in order.
fn print_notes(notes: &[Note]) {
    for n in notes {
        match n {
            Note::Say(t) => say!("{t}"),
            Note::Warn(t) => tell!("{t}"),
        }
    }
}

/// Plays the assignment at `path` and writes the submission bundle.
pub fn run(
    dirs: &[PathBuf],
    path: &Path,
    pseudonym: Option<String>,
    seed: Option<u64>,
    replies: Vec<ReplyList>,
    typed: bool,
) -> ExitCode {
    let library = super::load_library(dirs);
    let Some(assignment) = load_assignment(path, &library) else {
        return ExitCode::FAILURE;
    };
    let Some(data) = store::data_dir() else {
        tell!(
            "error: no data directory for the submission\n  = hint: set {}",
            store::DATA_DIR_ENV
        );
        return ExitCode::FAILURE;
    };
    let mut input = Replies::new(Vec::new()).typed(typed);
    print_header(&assignment);
    let rule = assignment.lrs.as_ref().and_then(|l| l.pseudonym.as_deref());
    let pseudonym = match pseudonym_of(pseudonym, &mut input, rule) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let mut sitting =
        match Sitting::open(assignment, &pseudonym, &data, &library, UuidSource::fresh()) {
            Ok((s, notes)) => {
                print_notes(&notes);
                s
            }
            Err(e) => {
                tell!("error: cannot play this assignment now: {e}");
                return ExitCode::from(super::EXIT_LOCKED);
            }
        };
    print_notes(&sitting.connect_lrs());
    let vignettes = sitting.assignment.vignettes.clone();
    let mut player = Player {
        library: &library,
        sitting,
        input,
        typed,
        seed,
        scripted: !replies.is_empty(),
        code: ExitCode::SUCCESS,
        out_of_input: false,
    };
    for (i, vid) in vignettes.iter().enumerate() {
        let lists = replies.get(i).map(|r| r.0.as_slice()).unwrap_or(&[]);
        player.vignette(i, vid, lists);
    }
    let Player { code, sitting, .. } = player;
    submit(sitting, &library, code)
}

/// Loads and checks the assignment, printing every problem (`None`: nothing can be played).
fn load_assignment(path: &Path, library: &Library) -> Option<Assignment> {
    match assign::load(path, Some(library)) {
        Ok(a) => Some(a),
        Err(problems) => {
            for d in &problems {
                tell!("{d}\n");
            }
            tell!(
                "The assignment has {} problem(s); nothing was played.",
                problems.len()
            );
            None
        }
    }
}

/// Title, instructions and the rules of the assignment.
fn print_header(assignment: &Assignment) {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    say!("\n{} ({})", assignment.title, assignment.id);
    say!("{}\n", assignment.instructions.trim());
    say!(
        "{} vignette{} · {} mode · {} attempt{} allowed each{}",
        assignment.vignettes.len(),
        plural(assignment.vignettes.len()),
        assignment.mode.as_str(),
        assignment.attempts_allowed,
        plural(assignment.attempts_allowed as usize),
        if assignment.show_feedback {
            ""
        } else {
            " · the debrief goes to your educator"
        }
    );
    say!("Training material for communication practice, not clinical guidance.\n");
}

/// The pseudonym given with `--pseudonym` (checked), else asked for (with the assignment's rule for it).
fn pseudonym_of(
    given: Option<String>,
    input: &mut Replies,
    rule: Option<&str>,
) -> Result<String, ExitCode> {
    match given {
        Some(p) => match valid_pseudonym(p.trim()) {
            Ok(()) => Ok(p.trim().to_owned()),
            Err(why) => {
                tell!("error: pseudonym `{p}`: {why}");
                Err(ExitCode::from(2))
            }
        },
        None => ask_pseudonym(input, rule),
    }
}

/// What stays the same while the assignment's vignettes are played one after another.
struct Player<'a> {
    library: &'a Library,
    /// The run: progress, attempts graded, the LRS.
    sitting: Sitting,
    input: Replies,
    /// `--typed`: every reply in the trainee's own words.
    typed: bool,
    /// `--seed`: each attempt's seed derives from it.
    seed: Option<u64>,
    /// `--replies` was given: retries follow the script, not a question.
    scripted: bool,
    code: ExitCode,
    /// The input ran out (or a scripted reply was refused): the vignettes left are played no further.
    out_of_input: bool,
}

impl Player<'_> {
    /// Plays vignette `i` (`vid`) up to the attempts allowed (the sitting grades each).
    fn vignette(&mut self, i: usize, vid: &str, lists: &[Vec<usize>]) {
        let criteria = self.sitting.criteria(i);
        let allowed = self.sitting.assignment.attempts_allowed;
        let (Some(vignette), false) = (self.library.get(vid), self.out_of_input) else {
            return;
        };
        if let Err(why) = self.sitting.can_start(i, self.library) {
            say!("\n{}: {why}", vignette.title);
            return;
        }
        let made = self.sitting.made(i);
        if let Some(k) = self.sitting.passed_on(i) {
            say!(
                "\n{}: passed on attempt {k} in an earlier run.",
                vignette.title
            );
        } else if made >= allowed {
            say!(
                "\n{}: no attempts left ({made} of {allowed} made).",
                vignette.title
            );
        }
        while self.sitting.left(i) > 0 {
            let k = self.sitting.made(i) + 1;
            let this_run = (k - made) as usize;
            say!(
                "\n{}\nVignette {} of {}: {} · attempt {k} of {allowed}",
                "-".repeat(72),
                i + 1,
                self.sitting.assignment.vignettes.len(),
                vignette.title,
            );
            self.input
                .script(lists.get(this_run - 1).cloned().unwrap_or_default());
            self.input.typed = self.typed || criteria.typed_replies;
            if criteria.typed_replies && k == 1 {
                say!("Type every reply in your own words: there is no menu in this assignment.");
            }
            let Some((passed, ended)) = self.attempt(i, k) else {
                break;
            };
            if matches!(ended, EndedBy::Eof | EndedBy::BadInput) {
                self.out_of_input = true;
                break;
            }
            if passed || k == allowed || !self.again(k, this_run, lists) {
                break;
            }
        }
        let played = (self.sitting.made(i) - made) as usize;
        if lists.len() > played && !self.out_of_input {
            tell!(
                "warning: {} scripted attempt(s) for `{vid}` were not needed",
                lists.len() - played
            );
        }
    }

    /// Plays attempt `k` at vignette `i`, journaled in the transcripts folder, and has it graded (showing the
    /// debrief when the assignment allows): whether it passed, and how it ended.
    fn attempt(&mut self, i: usize, k: u32) -> Option<(bool, EndedBy)> {
        let seed = self.seed.map(|s| derived_seed(s, i, k));
        let mut notes = Vec::new();
        let started = self.sitting.start(i, self.library, seed, &mut notes);
        print_notes(&notes);
        let (mut played, playing) = started?;
        let outcome = converse(&mut played, &mut self.input, true);
        if outcome.ended == EndedBy::BadInput {
            self.code = outcome.code;
        }
        let mut notes = Vec::new();
        let show = self.sitting.assignment.show_feedback;
        let graded = self
            .sitting
            .finish(&playing, &played, self.library, &mut notes);
        print_notes(&notes);
        if show {
            say!("\n{}", "=".repeat(72));
            print!("{}", report::text(&graded.debrief));
            print_verdict(&graded.verdict);
        } else {
            say!("\nAttempt recorded.");
        }
        Some((graded.verdict.passed, outcome.ended))
    }

    /// After attempt `k` (the `this_run`th of this run) failed: another one? The script decides when there
    /// is one, else the trainee.
    fn again(&mut self, k: u32, this_run: usize, lists: &[Vec<usize>]) -> bool {
        if self.scripted {
            return lists.len() > this_run;
        }
        let left = self.sitting.assignment.attempts_allowed - k;
        print!(
            "\nTry this vignette again? ({left} attempt{} left) [y/N]: ",
            if left == 1 { "" } else { "s" }
        );
        let _ = io::stdout().flush();
        match self.input.line() {
            Some(l) => matches!(l.to_lowercase().as_str(), "y" | "yes"),
            None => {
                self.out_of_input = true;
                false
            }
        }
    }
}

/// Seals the submission into the data directory's submissions folder and says where it is.
fn submit(mut sitting: Sitting, library: &Library, code: ExitCode) -> ExitCode {
    let show = sitting.assignment.show_feedback;
    let HandedIn {
        submission,
        written,
        notes,
    } = sitting.hand_in(library);
    say!("\n{}", "=".repeat(72));
    if show {
        say!(
            "{}: {}",
            submission.assignment.title,
            if submission.passed {
                "PASSED"
            } else {
                "NOT PASSED"
            }
        );
        for r in &submission.reasons {
            say!("  {r}");
        }
    }
    match written {
        Ok(p) => {
            say!(
                "\nSubmission saved: {}\nHand in this file as your educator asked. Editing it invalidates its checksum.",
                p.display()
            );
            print_notes(&notes);
            print_notes(&sitting.wait_for_lrs(FINAL_WAIT));
            code
        }
        Err((dir, e)) => {
            tell!(
                "error: could not write the submission in {}: {e}\n  = nothing was handed in: no submission \
                 file is on disk; free some space or make the folder writable, then run the assignment again",
                dir.display()
            );
            ExitCode::from(super::EXIT_NOT_SAVED)
        }
    }
}

/// How long the end of an assignment waits for the LRS before leaving the rest queued for the next run.
const FINAL_WAIT: Duration = Duration::from_secs(15);
