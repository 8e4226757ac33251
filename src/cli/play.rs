//! The terminal player: the vignette menu, `alliance play` and `alliance resume`.
//! Reads replies by number from the menu, or in the trainee's own words (read by the classifier); journals the
//! transcript after every turn, prints the debrief.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use alliance::attempt::{self, Attempt, Reply, ResumeError};
use alliance::engine::Mode;
use alliance::report;
use alliance::scoring::Rubric;
use alliance::store::{self, SaveError};
use alliance::vignette::Vignette;
use alliance::vignette::model::Person;

use super::Format;

/// Where replies come from: a scripted list first, then stdin lines.
pub(super) struct Replies {
    scripted: std::vec::IntoIter<usize>,
    stdin: io::StdinLock<'static>,
    /// stdin is a terminal (prompts are shown, wrong input is asked again).
    pub(super) interactive: bool,
    /// No menu: every line is a reply in the trainee's own words (`play --typed`).
    pub(super) typed: bool,
    /// The last input came from the scripted list.
    last_was_scripted: bool,
}

enum Input {
    Number(usize),
    Quit,
    Eof,
    Other(String),
}

impl Replies {
    pub(super) fn new(scripted: Vec<usize>) -> Replies {
        Replies {
            scripted: scripted.into_iter(),
            stdin: io::stdin().lock(),
            interactive: io::stdin().is_terminal(),
            typed: false,
            last_was_scripted: false,
        }
    }

    /// Every line read from now on is a typed reply, and no menu is shown.
    pub(super) fn typed(mut self, typed: bool) -> Replies {
        self.typed = typed;
        self
    }

    /// Replaces the scripted replies still unused (an assignment scripts each attempt separately).
    pub(super) fn script(&mut self, scripted: Vec<usize>) {
        self.scripted = scripted.into_iter();
    }

    /// One line of stdin, trimmed (`None` at the end of input). Bytes that are not UTF-8 (a paste from
    /// another encoding) are replaced and the line is kept, with a note: one bad line must not end the attempt.
    pub(super) fn line(&mut self) -> Option<String> {
        let mut bytes = Vec::new();
        match self.stdin.read_until(b'\n', &mut bytes) {
            Ok(0) | Err(_) => None,
            Ok(_) => {
                let line = String::from_utf8_lossy(&bytes);
                if matches!(line, std::borrow::Cow::Owned(_)) {
                    tell!(
                        "note: that line was not valid UTF-8; the unreadable bytes were replaced with \u{fffd}"
                    );
                }
                Some(line.trim().to_owned())
            }
        }
    }

    fn next(&mut self) -> Input {
        if let Some(n) = self.scripted.next() {
            self.last_was_scripted = true;
            return Input::Number(n);
        }
        self.last_was_scripted = false;
        match self.line() {
            None => Input::Eof,
            Some(t) => match t.as_str() {
                "q" | "quit" | "exit" => Input::Quit,
                _ => t.parse().map_or(Input::Other(t), Input::Number),
            },
        }
    }
}

/// How a follow-up visit starts (`play --continue` / `--fresh`, or asked).
pub enum FirstVisitChoice {
    /// Continue this transcript file, or `latest`.
    Continue(String),
    /// The vignette's own start.
    Fresh,
    /// Ask at a terminal; otherwise the vignette's own start.
    Ask,
    /// The vignette's own start, with a note saying how to continue instead (replies are scripted).
    Quiet,
}

#[allow(clippy::too_many_arguments)]
pub fn run(
    dirs: &[PathBuf],
    id: &str,
    seed: Option<u64>,
    mode: Mode,
    replies: Vec<usize>,
    typed: bool,
    format: Format,
    from: FirstVisitChoice,
) -> ExitCode {
    let library = super::load_library(dirs);
    let Some(vignette) = library.get(id) else {
        tell!(
            "error: no vignette `{id}`\n  = hint: `alliance list` shows the ids; available: {}",
            library
                .vignettes
                .iter()
                .map(|v| v.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
        return ExitCode::from(2);
    };
    // Scripted replies answer the conversation, never the question of where a follow-up starts.
    let from = match from {
        FirstVisitChoice::Ask if !replies.is_empty() => FirstVisitChoice::Quiet,
        other => other,
    };
    let mut input = Replies::new(replies).typed(typed);
    let continued = match first_visit(&library, &vignette, from, &mut input) {
        Ok(c) => c,
        Err(e) => {
            tell!("error: {e}");
            return ExitCode::from(2);
        }
    };
    // Without --seed each attempt gets a fresh one (printed, so it can be replayed exactly).
    let attempt = start_continuing(vignette, Arc::clone(&library.rubric), mode, seed, continued);
    play(attempt, input, format)
}

/// What a follow-up visit continues: the attempt given with `--continue` (a file, or `latest`), none with
/// `--fresh`, else the trainee's choice at a terminal (finished attempts at the first visit, newest first, or
/// the default start). Not a follow-up: none, and `--continue` is an error.
fn first_visit(
    library: &alliance::library::Library,
    vignette: &Vignette,
    from: FirstVisitChoice,
    input: &mut Replies,
) -> Result<Option<alliance::engine::Continued>, String> {
    let Some((first_id, _)) = &vignette.follows else {
        return match from {
            FirstVisitChoice::Continue(_) => Err(format!(
                "`{}` is not a follow-up visit (it follows no other vignette); --continue is for one that does",
                vignette.id
            )),
            _ => Ok(None),
        };
    };
    let first_title = library
        .get(first_id)
        .map_or(first_id.clone(), |f| f.title.clone());
    let dir = store::data_dir().map(|d| store::transcripts_dir(&d));
    let attempts = || {
        dir.as_deref()
            .map(|d| attempt::finished_attempts(d, vignette))
            .unwrap_or_default()
    };
    // Away from a terminal there is no one to ask.
    let from = match from {
        FirstVisitChoice::Ask if !input.interactive => FirstVisitChoice::Quiet,
        other => other,
    };
    let path = match from {
        FirstVisitChoice::Fresh => return Ok(None),
        FirstVisitChoice::Continue(f) if f == "latest" => match attempts().into_iter().next() {
            Some(a) => a.path,
            None => {
                return Err(format!(
                    "no finished attempt at “{first_title}” (`{first_id}`) to continue\n  = hint: play it first (`alliance play {first_id}`), or start this visit with --fresh"
                ));
            }
        },
        FirstVisitChoice::Continue(f) => PathBuf::from(f),
        FirstVisitChoice::Quiet => {
            tell!(
                "note: “{}” follows “{first_title}”; it starts from its own default start (--continue latest continues your last finished attempt at it)",
                vignette.title
            );
            return Ok(None);
        }
        FirstVisitChoice::Ask => {
            let found = attempts();
            if found.is_empty() {
                say!(
                    "\n“{}” follows “{first_title}”, which you have not finished yet: it starts from its own default start.",
                    vignette.title
                );
                return Ok(None);
            }
            say!(
                "\n“{}” follows “{first_title}”. Start from:",
                vignette.title
            );
            for (i, a) in found.iter().enumerate() {
                say!("  {}. your attempt of {}", i + 1, a.label());
            }
            say!(
                "  {}. this visit's default start (not continuing)",
                found.len() + 1
            );
            loop {
                print!("Choose 1-{}: ", found.len() + 1);
                let _ = io::stdout().flush();
                match input.next() {
                    Input::Number(n) if (1..=found.len()).contains(&n) => {
                        break found[n - 1].path.clone();
                    }
                    Input::Number(n) if n == found.len() + 1 => return Ok(None),
                    Input::Quit | Input::Eof => return Ok(None),
                    _ => say!("Please type a number from the list."),
                }
            }
        }
    };
    attempt::continuation(library, &path, vignette).map(Some)
}

/// Starts an attempt saved in the data directory's transcripts folder (continuing the student's first visit
/// when `from` says so); a folder that cannot be written is warned about, and the attempt is played unsaved.
pub(super) fn start_continuing(
    vignette: Arc<Vignette>,
    rubric: Arc<Rubric>,
    mode: Mode,
    seed: Option<u64>,
    from: Option<alliance::engine::Continued>,
) -> Attempt {
    let dir = store::data_dir().map(|d| store::transcripts_dir(&d));
    let attempt = Attempt::start_continuing(vignette, rubric, mode, seed, dir.as_deref(), from);
    match attempt.save_error() {
        // No data directory at all: the terminal player has always played unsaved then, silently.
        None | Some(SaveError::NoDataDir) => {}
        Some(e) => tell!("warning: {e}"),
    }
    attempt
}

pub fn resume(dirs: &[PathBuf], path: &Path) -> ExitCode {
    let library = super::load_library(dirs);
    match Attempt::resume(&library, path) {
        Ok(a) if a.session().is_over() => {
            tell!(
                "This attempt already ended; `alliance report {}` shows its debrief.",
                path.display()
            );
            ExitCode::SUCCESS
        }
        Ok(mut a) => {
            if let Some(o) = a.took_over() {
                tell!(
                    "note: this attempt was left open by process {} (since {}), which is gone; it is yours now",
                    o.pid,
                    store::utc_stamp(o.since)
                );
            }
            say!("Resuming at turn {}.", a.transcript().turns.len() + 1);
            a.save();
            // An attempt played in the trainee's own words goes on without the menu.
            let turns = &a.transcript().turns;
            let typed = !turns.is_empty() && turns.iter().all(|t| t.typed.is_some());
            play(a, Replies::new(Vec::new()).typed(typed), Format::Text)
        }
        Err(ResumeError::Unreadable(e)) => {
            tell!("error: {e}");
            ExitCode::FAILURE
        }
        Err(ResumeError::NotInLibrary(id)) => {
            tell!(
                "error: {}:1: `vignette_id`: the vignette `{id}` of this transcript is not in the library\n  \
                 = hint: pass `--dialogues DIR` with the folder that holds it",
                path.display()
            );
            ExitCode::FAILURE
        }
        Err(ResumeError::Diverged(e)) => {
            // Located at the turn that does not replay (a reply never on offer, an edited node).
            let line = e
                .strip_prefix("turn ")
                .and_then(|r| r.split(':').next())
                .and_then(|n| n.parse().ok())
                .and_then(|k| {
                    let text = store::read_text(path, store::MAX_TEXT_BYTES).ok()?;
                    store::line_of_turn(&text, k)
                })
                .unwrap_or(1);
            tell!("error: cannot resume {}:{line}: {e}", path.display());
            ExitCode::FAILURE
        }
        Err(ResumeError::Locked(e)) => {
            tell!("error: cannot resume {}: {e}", path.display());
            ExitCode::from(super::EXIT_LOCKED)
        }
    }
}

/// No subcommand: choose a vignette and a mode, then play.
pub fn menu(dirs: &[PathBuf]) -> ExitCode {
    let library = super::load_library(dirs);
    say!("Alliance: practise building a working alliance with a patient.\n");
    say!("Training material for communication practice, not clinical guidance.\n");
    for (i, v) in library.vignettes.iter().enumerate() {
        let audience: Vec<&str> = v.audience.iter().map(|a| a.as_str()).collect();
        say!(
            "  {}. {} with {} ({}; {})\n     {}",
            i + 1,
            v.title,
            v.patient.name,
            v.difficulty.as_str(),
            audience.join(", "),
            v.summary
        );
    }
    let mut input = Replies::new(Vec::new());
    let vignette = loop {
        print!(
            "\nChoose a vignette (1-{}, q to quit): ",
            library.vignettes.len()
        );
        let _ = io::stdout().flush();
        match input.next() {
            Input::Number(n) if (1..=library.vignettes.len()).contains(&n) => {
                break Arc::clone(&library.vignettes[n - 1]);
            }
            Input::Quit | Input::Eof => return ExitCode::SUCCESS,
            _ => say!("Please type a number from the list."),
        }
    };
    let mode = loop {
        print!(
            "Mode: 1. practice (feedback after each reply)  2. assessment (feedback at the end): "
        );
        let _ = io::stdout().flush();
        match input.next() {
            Input::Number(1) => break Mode::Practice,
            Input::Number(2) => break Mode::Assessment,
            Input::Quit | Input::Eof => return ExitCode::SUCCESS,
            _ => say!("Please type 1 or 2."),
        }
    };
    let typed = loop {
        print!(
            "Replies: 1. choose from a menu (or type your own)  2. type every reply in your own words: "
        );
        let _ = io::stdout().flush();
        match input.next() {
            Input::Number(1) => break false,
            Input::Number(2) => break true,
            Input::Quit | Input::Eof => return ExitCode::SUCCESS,
            _ => say!("Please type 1 or 2."),
        }
    };
    let continued = match first_visit(&library, &vignette, FirstVisitChoice::Ask, &mut input) {
        Ok(c) => c,
        Err(e) => {
            tell!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let attempt = start_continuing(vignette, Arc::clone(&library.rubric), mode, None, continued);
    play(attempt, input.typed(typed), Format::Text)
}

fn play(mut attempt: Attempt, mut input: Replies, format: Format) -> ExitCode {
    let chatty = format == Format::Text;
    let Played { code, .. } = converse(&mut attempt, &mut input, chatty);
    let s = attempt.session();
    let save_path = attempt.path();
    let d = report::debrief(s.transcript(), s.rubric());
    if chatty {
        say!("\n{}", "=".repeat(72));
    }
    print!("{}", super::report::render(&d, format, false));
    match attempt.save_error() {
        None => {
            if let (Some(p), true) = (save_path, chatty) {
                say!(
                    "\nSaved: {}\n(`alliance report {}` shows this debrief again.)",
                    p.display(),
                    p.display()
                );
            }
            code
        }
        // Played without a data directory: nothing was ever going to be kept, and that was said at the start.
        Some(SaveError::NoDataDir) => code,
        Some(e) => {
            tell!("\nNot saved: {e}.");
            ExitCode::from(super::EXIT_NOT_SAVED)
        }
    }
}

/// How a conversation stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum EndedBy {
    /// An ending was reached.
    Ending,
    /// The trainee typed q.
    Quit,
    /// The input ran out.
    Eof,
    /// A scripted reply was not on offer (exit code 2).
    BadInput,
}

/// How far a conversation went.
pub(super) struct Played {
    /// The exit code so far.
    pub(super) code: ExitCode,
    /// Why it stopped.
    pub(super) ended: EndedBy,
}

/// Plays the attempt until an ending or until the trainee stops (it is saved after every turn, and as
/// abandoned when the trainee stops); `chatty` prints the conversation (and, in practice mode, the feedback).
pub(super) fn converse(attempt: &mut Attempt, input: &mut Replies, chatty: bool) -> Played {
    let v = Arc::clone(attempt.session().vignette());
    if chatty {
        say!("\n{}: {}", v.title, v.setting);
        say!(
            "{} ({}). {}",
            v.patient.name,
            v.patient.age,
            v.patient.background
        );
        if let Some(c) = &v.companion {
            say!("With {}: {}, {}.", v.patient.name, c.name, c.relation);
        }
        say!("{}\n", v.disclaimer);
        say!(
            "Mode: {} · seed {}",
            attempt.session().mode().as_str(),
            attempt.seed()
        );
        if let Some(c) = &attempt.transcript().continued {
            let a = attempt.transcript().start;
            say!(
                "Continuing your visit “{}” (ended “{}”, {}): starting at bond {:.0} · goal {:.0} · task {:.0}{}",
                c.vignette_title,
                c.ending_title,
                c.outcome.as_str(),
                a.bond,
                a.goal,
                a.task,
                if c.open_rupture.is_some() {
                    "; the strain left last time is still open"
                } else {
                    ""
                }
            );
        }
    }
    let mut code = ExitCode::SUCCESS;
    let mut ended = EndedBy::Ending;
    let mut present = attempt.session().companion_present();
    while !attempt.session().is_over() {
        let s = attempt.session();
        let line = s.patient_line().clone();
        let offered = s.offered();
        if chatty {
            say_presence(&v, &mut present, s.companion_present());
            say!("\n{}: \"{}\"", v.name_of(line.speaker), line.text);
            say!("   ({}; {})", line.cue, line.emotion.as_str());
            if !input.typed {
                let node = s.at_node().map(|n| &v.nodes[n]);
                for (i, o) in offered.iter().enumerate() {
                    let to = node.map_or(Person::Patient, |n| n.replies[o.index].to);
                    say!("  {}. {}{}", i + 1, addressed(&v, to), o.text);
                }
            }
        }
        let choice = loop {
            if input.interactive {
                if input.typed {
                    print!("Your reply (q to stop): ");
                } else {
                    print!(
                        "Your reply (1-{}, or your own words; q to stop): ",
                        offered.len()
                    );
                }
                let _ = io::stdout().flush();
            }
            match input.next() {
                // In typed mode a line is words, even a number; scripted replies always choose.
                Input::Number(n) if input.typed && !input.last_was_scripted => {
                    break Some(Reply::Typed(n.to_string()));
                }
                Input::Number(n) if (1..=offered.len()).contains(&n) => {
                    break Some(Reply::Chosen(offered[n - 1].index));
                }
                Input::Quit => {
                    ended = EndedBy::Quit;
                    break None;
                }
                Input::Eof => {
                    ended = EndedBy::Eof;
                    break None;
                }
                Input::Number(n) if !input.interactive => {
                    tell!(
                        "error: reply {n} is not one of 1-{} at turn {}",
                        offered.len(),
                        s.transcript().turns.len() + 1
                    );
                    code = ExitCode::from(2);
                    ended = EndedBy::BadInput;
                    break None;
                }
                // An empty line at the menu is a slip of the Enter key; in typed mode it is a reply
                // (the patient asks what you mean).
                Input::Other(t) if !t.is_empty() || input.typed => break Some(Reply::Typed(t)),
                _ => say!(
                    "Please type a number from 1 to {}, your own words, or q to stop.",
                    offered.len()
                ),
            }
        };
        let Some(given) = choice else {
            attempt.leave();
            warn_unsaved(attempt);
            if chatty {
                match attempt.save_error() {
                    None => {
                        say!("\nStopped before the end. The attempt is saved as abandoned.")
                    }
                    Some(_) => say!(
                        "\nStopped before the end. The attempt could not be saved as abandoned (see below)."
                    ),
                }
            }
            break;
        };
        let practice = s.mode() == Mode::Practice;
        let rec = match attempt.give(&given) {
            Ok(r) => r,
            Err(e) => {
                tell!("error: {e}");
                code = ExitCode::from(2);
                ended = EndedBy::BadInput;
                break;
            }
        };
        warn_unsaved(attempt);
        if chatty {
            say!("\nYou{}: \"{}\"", to_whom(&v, rec.to), rec.said);
            if practice {
                if let Some(reading) = report::Reading::of(&rec) {
                    // "You typed" repeats the line above.
                    for (label, value) in reading.lines().into_iter().skip(1) {
                        say!("   {label}: {value}");
                    }
                }
                say!("   Feedback: {}", rec.feedback);
                for r in &rec.rules {
                    say!("   Rubric: {}", r.explain);
                }
                if rec.repaired {
                    say!("   Repair: this reply worked on the strain in the alliance.");
                }
                let a = rec.after;
                say!(
                    "   Alliance: bond {:.0} ({:+.0}) · goal {:.0} ({:+.0}) · task {:.0} ({:+.0}) · empathy {:.0} ({:+.0})",
                    a.bond,
                    rec.delta.bond,
                    a.goal,
                    rec.delta.goal,
                    a.task,
                    rec.delta.task,
                    a.empathy,
                    rec.delta.empathy
                );
            }
        }
    }
    let s = attempt.session();
    if s.is_over() && chatty {
        say_presence(&v, &mut present, s.companion_present());
        let line = s.patient_line();
        say!(
            "\n{}: \"{}\"\n   ({}; {})",
            v.name_of(line.speaker),
            line.text,
            line.cue,
            line.emotion.as_str()
        );
    }
    Played { code, ended }
}

/// Says when the companion steps out of the room or comes back (`was` is updated to `now`).
fn say_presence(v: &Vignette, was: &mut bool, now: bool) {
    if let Some(c) = &v.companion
        && *was != now
    {
        if now {
            say!("\n({} comes back into the room.)", c.name);
        } else {
            say!("\n({} steps out of the room.)", c.name);
        }
    }
    *was = now;
}

/// "(to Karen) " before a reply addressed to the companion; nothing for one to the patient.
fn addressed(v: &Vignette, to: Person) -> String {
    match to {
        Person::Companion => format!("(to {}) ", v.name_of(to)),
        Person::Patient => String::new(),
    }
}

/// " (to Karen)" after "You" for a reply addressed to the companion.
fn to_whom(v: &Vignette, to: Person) -> String {
    match to {
        Person::Companion => format!(" (to {})", v.name_of(to)),
        Person::Patient => String::new(),
    }
}

/// Warns when the save after a turn failed (an attempt that never had a file was warned about at its start).
fn warn_unsaved(attempt: &Attempt) {
    if let Some(e @ SaveError::Write { .. }) = attempt.save_error() {
        tell!("warning: {e}");
    }
}
