//! `alliance play --assignment FILE`: a pseudonym, then each vignette in order with the assignment's mode,
//! feedback and attempts, then one sealed submission bundle in the data directory's `submissions` folder.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use alliance::assign::bundle::{Attempt, Submission, VignetteResult};
use alliance::assign::criteria::Verdict;
use alliance::assign::model::AssignmentMode;
use alliance::assign::replay::{decisions, merge_points};
use alliance::assign::uuid::UuidSource;
use alliance::assign::{self, seal};
use alliance::engine::{Mode, Session};
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

/// A pseudonym: 1-40 characters, letters, digits, spaces, `-`, `_` or `.`, with at least one letter or digit.
fn valid_pseudonym(p: &str) -> Result<(), &'static str> {
    let n = p.chars().count();
    if n == 0 || n > 40 {
        return Err("use 1-40 characters");
    }
    if !p
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'))
    {
        return Err("use letters, digits, spaces, `-`, `_` or `.` only");
    }
    if !p.chars().any(char::is_alphanumeric) {
        return Err("include at least one letter or digit");
    }
    Ok(())
}

/// The pseudonym as a file-name part: lower-case ASCII letters and digits, other runs as one dash.
fn slug(p: &str) -> String {
    let mut s = String::new();
    for c in p.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') {
            s.push('-');
        }
    }
    let s = s.trim_matches('-').to_owned();
    if s.is_empty() {
        "student".to_owned()
    } else {
        s
    }
}

fn ask_pseudonym(input: &mut Replies) -> Result<String, ExitCode> {
    loop {
        if input.interactive {
            print!(
                "Your pseudonym (the name your educator asked you to use, not your real name): "
            );
            let _ = io::stdout().flush();
        }
        let Some(line) = input.line() else {
            eprintln!("error: no pseudonym given\n  = hint: type one, or pass `--pseudonym NAME`");
            return Err(ExitCode::from(2));
        };
        match valid_pseudonym(&line) {
            Ok(()) => return Ok(line),
            Err(why) if input.interactive => println!("That pseudonym will not do: {why}."),
            Err(why) => {
                eprintln!("error: pseudonym `{line}`: {why}");
                return Err(ExitCode::from(2));
            }
        }
    }
}

fn print_verdict(v: &Verdict) {
    println!(
        "\nAssignment criteria: {}",
        if v.passed { "PASSED" } else { "NOT PASSED" }
    );
    for c in &v.checks {
        println!("  [{}] {}", if c.passed { "x" } else { " " }, c.detail);
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
    let assignment = match assign::load(path, Some(&library)) {
        Ok(a) => a,
        Err(problems) => {
            for d in &problems {
                eprintln!("{d}\n");
            }
            eprintln!(
                "The assignment has {} problem(s); nothing was played.",
                problems.len()
            );
            return ExitCode::FAILURE;
        }
    };
    let Some(data) = store::data_dir() else {
        eprintln!(
            "error: no data directory for the submission\n  = hint: set {}",
            store::DATA_DIR_ENV
        );
        return ExitCode::FAILURE;
    };
    let mut input = Replies::new(Vec::new()).typed(typed);
    let scripted = !replies.is_empty();
    println!("\n{} ({})", assignment.title, assignment.id);
    println!("{}\n", assignment.instructions.trim());
    println!(
        "{} vignette{} · {} mode · {} attempt{} allowed each{}",
        assignment.vignettes.len(),
        if assignment.vignettes.len() == 1 {
            ""
        } else {
            "s"
        },
        assignment.mode.as_str(),
        assignment.attempts_allowed,
        if assignment.attempts_allowed == 1 {
            ""
        } else {
            "s"
        },
        if assignment.show_feedback {
            ""
        } else {
            " · the debrief goes to your educator"
        }
    );
    println!("Training material for communication practice, not clinical guidance.\n");
    let pseudonym = match pseudonym {
        Some(p) => match valid_pseudonym(p.trim()) {
            Ok(()) => p.trim().to_owned(),
            Err(why) => {
                eprintln!("error: pseudonym `{p}`: {why}");
                return ExitCode::from(2);
            }
        },
        None => match ask_pseudonym(&mut input) {
            Ok(p) => p,
            Err(code) => return code,
        },
    };

    let now = store::now();
    let mut ids = UuidSource::fresh();
    let mode = match assignment.mode {
        AssignmentMode::Practice => Mode::Practice,
        AssignmentMode::Assessment => Mode::Assessment,
    };
    let mut code = ExitCode::SUCCESS;
    let mut results = Vec::new();
    let mut out_of_input = false;
    let count = assignment.vignettes.len();
    for (i, vid) in assignment.vignettes.iter().enumerate() {
        let criteria = assignment.criteria_for(vid);
        let vignette = library.get(vid);
        let (Some(vignette), false) = (vignette, out_of_input) else {
            results.push(VignetteResult::graded(
                vid.clone(),
                library
                    .get(vid)
                    .map(|v| v.title.clone())
                    .unwrap_or_default(),
                criteria,
                Vec::new(),
                Vec::new(),
                assignment.attempts_allowed,
            ));
            continue;
        };
        let lists = replies.get(i).map(|r| r.0.as_slice()).unwrap_or(&[]);
        let mut attempts: Vec<Attempt> = Vec::new();
        let mut points = Vec::new();
        for k in 1..=assignment.attempts_allowed {
            println!(
                "\n{}\nVignette {} of {count}: {} · attempt {k} of {}",
                "-".repeat(72),
                i + 1,
                vignette.title,
                assignment.attempts_allowed
            );
            input.script(lists.get(k as usize - 1).cloned().unwrap_or_default());
            input.typed = typed || criteria.typed_replies;
            if criteria.typed_replies && k == 1 {
                println!(
                    "Type every reply in your own words: there is no menu in this assignment."
                );
            }
            let attempt_seed = seed.map_or_else(fresh_seed, |s| {
                s.wrapping_add(((i as u64) << 16) | u64::from(k))
            });
            let session = Session::new(
                Arc::clone(&vignette),
                Arc::clone(&library.rubric),
                attempt_seed,
                mode,
            );
            let dir = store::transcripts_dir(&data);
            let save_to = match store::new_attempt_path(&dir, &vignette.id, store::now()) {
                Ok(p) => Some(p),
                Err(e) => {
                    eprintln!(
                        "warning: the attempt will not be journaled: cannot write in {}: {e}",
                        dir.display()
                    );
                    None
                }
            };
            let played = converse(session, save_to, &mut input, true);
            if played.ended == EndedBy::BadInput {
                code = played.code;
            }
            let mut t = played.session.transcript().clone();
            if t.started_at == 0 {
                // Not journaled (no writable folder): still time the attempt.
                t.started_at = now;
                t.updated_at = store::now();
            }
            let d = report::debrief(&t, played.session.rubric());
            let (decided, visited) =
                decisions(Arc::clone(&vignette), Arc::clone(&library.rubric), &t).unwrap_or_else(
                    |e| {
                        eprintln!("warning: could not list the replies on offer: {e}");
                        (Vec::new(), Vec::new())
                    },
                );
            merge_points(&mut points, visited);
            let attempt = Attempt::new(k, ids.next_uuid(), t, d, decided, &criteria);
            if assignment.show_feedback {
                println!("\n{}", "=".repeat(72));
                print!("{}", report::text(&attempt.debrief));
                print_verdict(&attempt.verdict);
            } else {
                println!("\nAttempt recorded.");
            }
            let passed = attempt.verdict.passed;
            attempts.push(attempt);
            if matches!(played.ended, EndedBy::Eof | EndedBy::BadInput) {
                out_of_input = true;
                break;
            }
            if passed || k == assignment.attempts_allowed {
                break;
            }
            let again = if scripted {
                lists.len() > k as usize
            } else {
                print!(
                    "\nTry this vignette again? ({} attempt{} left) [y/N]: ",
                    assignment.attempts_allowed - k,
                    if assignment.attempts_allowed - k == 1 {
                        ""
                    } else {
                        "s"
                    }
                );
                let _ = io::stdout().flush();
                match input.line() {
                    Some(l) => matches!(l.to_lowercase().as_str(), "y" | "yes"),
                    None => {
                        out_of_input = true;
                        false
                    }
                }
            };
            if !again {
                break;
            }
        }
        if lists.len() > attempts.len() && !out_of_input {
            eprintln!(
                "warning: {} scripted attempt(s) for `{vid}` were not needed",
                lists.len() - attempts.len()
            );
        }
        results.push(VignetteResult::graded(
            vid.clone(),
            vignette.title.clone(),
            criteria,
            points,
            attempts,
            assignment.attempts_allowed,
        ));
    }

    let show = assignment.show_feedback;
    let submission = Submission::new(
        ids.next_uuid(),
        assignment,
        pseudonym.clone(),
        store::now(),
        results,
    );
    let dir = store::submissions_dir(&data);
    let name = format!("{}-{}", submission.assignment.id, slug(&pseudonym));
    let written = store::new_attempt_path(&dir, &name, store::now())
        .and_then(|p| store::write_atomic(&p, &seal(&submission)).map(|()| p));
    println!("\n{}", "=".repeat(72));
    if show {
        println!(
            "{}: {}",
            submission.assignment.title,
            if submission.passed {
                "PASSED"
            } else {
                "NOT PASSED"
            }
        );
        for r in &submission.reasons {
            println!("  {r}");
        }
    }
    match written {
        Ok(p) => {
            println!(
                "\nSubmission saved: {}\nHand in this file as your educator asked. Editing it invalidates its checksum.",
                p.display()
            );
            code
        }
        Err(e) => {
            eprintln!(
                "error: could not write the submission in {}: {e}",
                dir.display()
            );
            ExitCode::FAILURE
        }
    }
}

fn fresh_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    (nanos as u64) ^ (u64::from(std::process::id()) << 32)
}
