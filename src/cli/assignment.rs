//! `alliance play --assignment FILE`: a pseudonym, then each vignette in order with the assignment's mode,
//! feedback and attempts, then one sealed submission bundle in the data directory's `submissions` folder.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use alliance::assign::bundle::{self, DecisionPoint, Submission, VignetteResult};
use alliance::assign::criteria::{Criteria, Verdict};
use alliance::assign::model::AssignmentMode;
use alliance::assign::progress::{self, Progress, Started};
use alliance::assign::replay::{decisions, merge_points};
use alliance::assign::uuid::UuidSource;
use alliance::assign::{self, Assignment, seal};
use alliance::attempt::{self, Attempt, derived_seed};
use alliance::cohort::Formatted;
use alliance::cohort::xapi::{AttemptView, Statement, attempt_statements, submission_statements};
use alliance::engine::Mode;
use alliance::engine::transcript::Status;
use alliance::library::Library;
use alliance::lrs::courier::{Courier, Delivery};
use alliance::lrs::{AUTH_ENV, Credentials};
use alliance::vignette::Vignette;
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
    let mut ids = UuidSource::fresh();
    let progress_path = progress::path(&data, &assignment.id, &pseudonym);
    // One run at a time per student and assignment: a second would lose the first's attempts.
    if let Some(dir) = progress_path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _lock = match store::lock::lock(&progress_path) {
        Ok(l) => Some(l),
        Err(e @ store::LockError::Live { .. }) => {
            tell!("error: cannot play this assignment now: {e}");
            return ExitCode::from(super::EXIT_LOCKED);
        }
        // An unwritable data folder: play on; what cannot be kept is said as it happens.
        Err(e) => {
            tell!("warning: {e}");
            None
        }
    };
    let mut progress = pick_up(&progress_path, &assignment, &pseudonym);
    // Known from the start (and kept across interrupted runs), so the statements sent after each attempt are
    // those of the submission handed in at the end.
    let submission_id = progress
        .submission
        .get_or_insert_with(|| ids.next_uuid())
        .clone();
    if let Err(e) = progress::save(&progress_path, &progress) {
        tell!(
            "warning: could not save your progress in {}: {e}",
            progress_path.display()
        );
    }
    let courier = assignment
        .lrs
        .as_ref()
        .and_then(|l| courier_for(&l.endpoint, &data));
    let mut player = Player {
        library: &library,
        assignment: &assignment,
        transcripts: store::transcripts_dir(&data),
        input,
        typed,
        seed,
        scripted: !replies.is_empty(),
        ids,
        started: store::now(),
        pseudonym: pseudonym.clone(),
        submission_id,
        courier,
        code: ExitCode::SUCCESS,
        out_of_input: false,
        progress,
        progress_path,
    };
    let mut results: Vec<VignetteResult> = Vec::new();
    for (i, vid) in assignment.vignettes.iter().enumerate() {
        let lists = replies.get(i).map(|r| r.0.as_slice()).unwrap_or(&[]);
        let result = player.vignette(i, vid, lists, &results);
        results.push(result);
    }
    let Player {
        code,
        submission_id,
        courier,
        ..
    } = player;
    submit(
        assignment,
        &data,
        &pseudonym,
        submission_id,
        results,
        code,
        courier,
    )
}

/// The courier to the assignment's LRS (queued statements from an earlier run start on their way now).
fn courier_for(endpoint: &str, data: &Path) -> Option<Courier> {
    println!(
        "This assignment sends each finished attempt's results to {endpoint}, under your pseudonym only."
    );
    let credentials = Credentials::load(None).ok();
    if credentials.is_none() {
        println!(
            "{AUTH_ENV} is not set (the key your educator gave you): your results are kept on this computer until it is."
        );
    }
    match Courier::new(endpoint, credentials, data) {
        Ok(mut c) => {
            c.send();
            Some(c)
        }
        Err(e) => {
            eprintln!(
                "warning: cannot keep statements for the LRS in {}: {e}",
                data.display()
            );
            None
        }
    }
}

/// Formats statements for the outbox.
fn formatted(list: &[Statement]) -> Vec<Formatted> {
    list.iter()
        .map(|st| Formatted {
            id: st.id().to_owned(),
            json: serde_json::to_vec(st).unwrap_or_default(),
        })
        .collect()
}

/// The progress of an earlier run of this assignment under this pseudonym (interrupted attempts marked as
/// such and put down), or a fresh start.
fn pick_up(path: &Path, assignment: &Assignment, pseudonym: &str) -> Progress {
    let mut p = match progress::load(path, assignment, pseudonym) {
        progress::Found::Resume(p) => *p,
        found => {
            match found {
                progress::Found::Changed => tell!(
                    "note: the assignment `{}` changed since your last run; starting it afresh",
                    assignment.id
                ),
                progress::Found::Unreadable(e) => {
                    tell!("warning: {e}; starting the assignment afresh")
                }
                _ => {}
            }
            return Progress::new(assignment.clone(), pseudonym);
        }
    };
    let data = path
        .parent()
        .and_then(Path::parent)
        .unwrap_or(Path::new("."));
    let transcripts = store::transcripts_dir(data);
    let mut made = 0;
    for started in p.vignettes.iter_mut().flatten() {
        made += 1;
        let Some(file) = &started.transcript else {
            continue;
        };
        let file = transcripts.join(file);
        if let Ok(mut t) = store::load_transcript(&file)
            && t.status == Status::InProgress
        {
            // Its run was killed or stopped: it counts as an attempt, as it stood. Put down on disk, so it
            // is not offered for resuming (which would let a failing attempt be played on).
            started.interrupted = true;
            t.status = Status::Abandoned;
            if let Err(e) = store::save_transcript(&file, &t) {
                tell!(
                    "warning: could not mark {} as interrupted: {e}",
                    file.display()
                );
            }
        }
    }
    if made > 0 {
        say!(
            "Picking up where you stopped: {made} attempt{} already made (an interrupted attempt counts).",
            if made == 1 { "" } else { "s" }
        );
    }
    if let Err(e) = progress::save(path, &p) {
        tell!(
            "warning: could not save your progress in {}: {e}",
            path.display()
        );
    }
    p
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
    assignment: &'a Assignment,
    /// Where each attempt's transcript is journaled.
    transcripts: PathBuf,
    input: Replies,
    /// `--typed`: every reply in the trainee's own words.
    typed: bool,
    /// `--seed`: each attempt's seed derives from it.
    seed: Option<u64>,
    /// `--replies` was given: retries follow the script, not a question.
    scripted: bool,
    ids: UuidSource,
    /// When the assignment was started (times an attempt that could not be journaled).
    started: u64,
    code: ExitCode,
    /// The input ran out (or a scripted reply was refused): the vignettes left are graded as not attempted.
    out_of_input: bool,
    pseudonym: String,
    /// The id the submission will have.
    submission_id: String,
    /// Sends each finished attempt's statements to the assignment's LRS, when it names one.
    courier: Option<Courier>,
    /// The attempts started so far, in this run and earlier ones; saved whenever one starts.
    progress: Progress,
    progress_path: PathBuf,
}

impl Player<'_> {
    /// Plays vignette `i` (`vid`) up to the attempts allowed, and grades it.
    fn vignette(
        &mut self,
        i: usize,
        vid: &str,
        lists: &[Vec<usize>],
        before: &[VignetteResult],
    ) -> VignetteResult {
        let criteria = self.assignment.criteria_for(vid);
        let allowed = self.assignment.attempts_allowed;
        let vignette = self.library.get(vid);
        let (Some(vignette), false) = (vignette, self.out_of_input) else {
            let title = self
                .library
                .get(vid)
                .map(|v| v.title.clone())
                .unwrap_or_default();
            return VignetteResult::graded(
                vid.to_owned(),
                title,
                criteria,
                Vec::new(),
                Vec::new(),
                allowed,
            );
        };
        let from = match self.first_visit(&vignette, before) {
            Ok(from) => from,
            Err(why) => {
                say!("\n{}: {why}", vignette.title);
                return VignetteResult::graded(
                    vid.to_owned(),
                    vignette.title.clone(),
                    criteria,
                    Vec::new(),
                    Vec::new(),
                    allowed,
                );
            }
        };
        let mut points = Vec::new();
        let mut attempts = self.earlier(i, &vignette, &criteria, &mut points);
        let made = self.progress.attempts(i).len() as u32;
        if let Some(a) = attempts.iter().find(|a| a.verdict.passed) {
            say!(
                "\n{}: passed on attempt {} in an earlier run.",
                vignette.title,
                a.attempt
            );
        } else if made >= allowed {
            say!(
                "\n{}: no attempts left ({made} of {allowed} made).",
                vignette.title
            );
        }
        let done = made >= allowed || attempts.iter().any(|a| a.verdict.passed);
        for k in (made + 1..=allowed).filter(|_| !done) {
            let this_run = (k - made) as usize;
            say!(
                "\n{}\nVignette {} of {}: {} · attempt {k} of {allowed}",
                "-".repeat(72),
                i + 1,
                self.assignment.vignettes.len(),
                vignette.title,
            );
            self.input
                .script(lists.get(this_run - 1).cloned().unwrap_or_default());
            self.input.typed = self.typed || criteria.typed_replies;
            if criteria.typed_replies && k == 1 {
                say!("Type every reply in your own words: there is no menu in this assignment.");
            }
            let (attempt, ended) =
                self.attempt(i, k, &vignette, &criteria, &mut points, from.clone());
            let passed = attempt.verdict.passed;
            attempts.push(attempt);
            if matches!(ended, EndedBy::Eof | EndedBy::BadInput) {
                self.out_of_input = true;
                break;
            }
            if passed || k == allowed || !self.again(k, this_run, lists) {
                break;
            }
        }
        let played = attempts.len() - made as usize;
        if lists.len() > played && !self.out_of_input {
            tell!(
                "warning: {} scripted attempt(s) for `{vid}` were not needed",
                lists.len() - played
            );
        }
        VignetteResult::graded(
            vid.to_owned(),
            vignette.title.clone(),
            criteria,
            points,
            attempts,
            allowed,
        )
    }

    /// Plays attempt `k` at vignette `i`, journaled in the transcripts folder, and grades it (showing the
    /// debrief when the assignment allows); adds the decision points it visited to `points`.
    fn attempt(
        &mut self,
        i: usize,
        k: u32,
        vignette: &Arc<Vignette>,
        criteria: &Criteria,
        points: &mut Vec<DecisionPoint>,
        from: Option<alliance::engine::Continued>,
    ) -> (bundle::Attempt, EndedBy) {
        let mode = match self.assignment.mode {
            AssignmentMode::Practice => Mode::Practice,
            AssignmentMode::Assessment => Mode::Assessment,
        };
        let seed = self.seed.map(|s| derived_seed(s, i, k));
        let mut played = Attempt::start_continuing(
            Arc::clone(vignette),
            Arc::clone(&self.library.rubric),
            mode,
            seed,
            Some(&self.transcripts),
            from,
        );
        if let Some(e) = played.save_error() {
            tell!("warning: {e}");
        }
        // Recorded before the first reply: from here a kill or Ctrl-C still counts this attempt.
        let registration = self.ids.next_uuid();
        self.progress.start(
            i,
            Started {
                attempt: k,
                registration: registration.clone(),
                transcript: played
                    .path()
                    .and_then(Path::file_name)
                    .map(|n| n.to_string_lossy().into_owned()),
                interrupted: false,
            },
        );
        if let Err(e) = progress::save(&self.progress_path, &self.progress) {
            tell!(
                "warning: could not save your progress in {}: {e}",
                self.progress_path.display()
            );
        }
        let outcome = converse(&mut played, &mut self.input, true);
        if outcome.ended == EndedBy::BadInput {
            self.code = outcome.code;
        }
        let mut t = played.transcript().clone();
        if t.started_at == 0 {
            // Not journaled (no writable folder): still time the attempt.
            t.started_at = self.started;
            t.updated_at = store::now();
        }
        let d = report::debrief(&t, played.session().rubric());
        let (decided, visited) =
            decisions(Arc::clone(vignette), Arc::clone(&self.library.rubric), &t).unwrap_or_else(
                |e| {
                    tell!("warning: could not list the replies on offer: {e}");
                    (Vec::new(), Vec::new())
                },
            );
        merge_points(points, visited);
        let graded = bundle::Attempt::new(k, registration, t, d, decided, criteria);
        self.queue_statements(&graded, points);
        if self.assignment.show_feedback {
            say!("\n{}", "=".repeat(72));
            print!("{}", report::text(&graded.debrief));
            print_verdict(&graded.verdict);
        } else {
            say!("\nAttempt recorded.");
        }
        (graded, outcome.ended)
    }

    /// What a follow-up visit continues in this assignment: the student's attempt at its first visit made
    /// here (the first that passed, else the last that reached an ending). `Ok(None)` for a vignette that
    /// follows none or whose first visit the assignment does not list; an error when that visit has no
    /// finished attempt yet (the follow-up cannot start before it).
    fn first_visit(
        &self,
        vignette: &Vignette,
        before: &[VignetteResult],
    ) -> Result<Option<alliance::engine::Continued>, String> {
        let Some((first, _)) = &vignette.follows else {
            return Ok(None);
        };
        let Some(result) = before.iter().find(|r| &r.vignette_id == first) else {
            return Ok(None);
        };
        let finished = |a: &&bundle::Attempt| a.transcript.ending.is_some();
        let chosen = result
            .attempts
            .iter()
            .find(|a| a.verdict.passed)
            .or_else(|| result.attempts.iter().rev().find(finished))
            .filter(finished);
        let Some(chosen) = chosen else {
            return Err(format!(
                "not started: it continues your attempt at “{}”, which has not reached an ending",
                result.vignette_title
            ));
        };
        let label = format!(
            "{} attempt {} (registration {})",
            first, chosen.attempt, chosen.registration
        );
        attempt::continuation_of(self.library, &chosen.transcript, &label, vignette).map(Some)
    }

    /// Queues the attempt's statements for the assignment's LRS and starts sending them (never waits).
    fn queue_statements(&mut self, a: &bundle::Attempt, points: &[DecisionPoint]) {
        let Some(courier) = self.courier.as_mut() else {
            return;
        };
        let mut list = Vec::new();
        attempt_statements(
            &AttemptView {
                pseudonym: &self.pseudonym,
                assignment: Some(self.assignment),
                submission_id: Some(&self.submission_id),
                attempt: a.attempt,
                registration: &a.registration,
                duration_seconds: a.duration_seconds,
                transcript: &a.transcript,
                debrief: &a.debrief,
                decisions: &a.decisions,
                points,
                verdict: Some(&a.verdict),
            },
            &mut list,
        );
        match courier.queue(&formatted(&list)) {
            Ok(()) => courier.send(),
            Err(e) => eprintln!(
                "warning: could not queue this attempt for the LRS in {}: {e}",
                courier.dir().display()
            ),
        }
    }

    /// The attempts at vignette `i` made in earlier runs, graded again from their transcripts; adds the
    /// decision points they visited to `points`.
    fn earlier(
        &self,
        i: usize,
        vignette: &Arc<Vignette>,
        criteria: &Criteria,
        points: &mut Vec<DecisionPoint>,
    ) -> Vec<bundle::Attempt> {
        let mut out = Vec::new();
        for started in self.progress.attempts(i) {
            let Some(file) = &started.transcript else {
                tell!(
                    "note: attempt {} at `{}` was never saved; it counts, but cannot be handed in",
                    started.attempt,
                    vignette.id
                );
                continue;
            };
            let path = self.transcripts.join(file);
            let mut t = match store::load_transcript(&path) {
                Ok(t) => t,
                Err(e) => {
                    tell!(
                        "warning: attempt {} cannot be handed in: {e}",
                        started.attempt
                    );
                    continue;
                }
            };
            if started.interrupted {
                t.status = Status::InProgress;
            }
            let d = report::debrief(&t, &self.library.rubric);
            let (decided, visited) =
                decisions(Arc::clone(vignette), Arc::clone(&self.library.rubric), &t)
                    .unwrap_or_default();
            merge_points(points, visited);
            out.push(bundle::Attempt::new(
                started.attempt,
                started.registration.clone(),
                t,
                d,
                decided,
                criteria,
            ));
        }
        out
    }

    /// After attempt `k` (the `this_run`th of this run) failed: another one? The script decides when there
    /// is one, else the trainee.
    fn again(&mut self, k: u32, this_run: usize, lists: &[Vec<usize>]) -> bool {
        if self.scripted {
            return lists.len() > this_run;
        }
        let left = self.assignment.attempts_allowed - k;
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
fn submit(
    assignment: Assignment,
    data: &Path,
    pseudonym: &str,
    submission_id: String,
    results: Vec<VignetteResult>,
    code: ExitCode,
    courier: Option<Courier>,
) -> ExitCode {
    let show = assignment.show_feedback;
    let submission = Submission::new(
        submission_id,
        assignment,
        pseudonym.to_owned(),
        store::now(),
        results,
    );
    let dir = store::submissions_dir(data);
    let name = format!("{}-{}", submission.assignment.id, slug(pseudonym));
    let written = store::new_attempt_path(&dir, &name, store::now()).and_then(|p| {
        store::write_atomic(&p, &seal(&submission))
            .map(|()| p.clone())
            .inspect_err(|_| {
                // The reserved name stays empty when the write fails: never leave what looks like a submission.
                let _ = std::fs::remove_file(&p);
            })
    });
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
            if let Some(c) = courier {
                deliver(c, &submission, &p);
            }
            code
        }
        Err(e) => {
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

/// Queues the submission's own statement (with the file, for the educator's report from the LRS), waits a
/// little for the sending, and says where the statements are.
fn deliver(mut courier: Courier, submission: &Submission, file: &Path) {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut list = Vec::new();
    submission_statements(submission, Some((&name, submission)), &mut list);
    let own = list.split_off(list.len().saturating_sub(1));
    match courier.queue(&formatted(&own)) {
        Ok(()) => courier.send(),
        Err(e) => eprintln!(
            "warning: could not queue the submission for the LRS in {}: {e}",
            courier.dir().display()
        ),
    }
    let dir = courier.dir().to_path_buf();
    match courier.finish(FINAL_WAIT) {
        Delivery::Sent(sent, already) => println!(
            "Your results were sent to your educator's learning record store ({sent} statements, {already} already there), under your pseudonym only."
        ),
        Delivery::Queued(n, why) => {
            println!(
                "{n} statements wait in {} and will be sent the next time you play this assignment.",
                dir.display()
            );
            if let Some(f) = why {
                println!(
                    "(The learning record store could not take them now: {})",
                    f.message
                );
            }
        }
    }
}
