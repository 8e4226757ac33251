//! `alliance report`: the debrief of a saved transcript (or every attempt in a submission bundle) as text,
//! Markdown, JSON or xAPI statements.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::ValueEnum;

use alliance::assign::replay::decisions;
use alliance::assign::uuid::derived;
use alliance::assign::{self, Submission};
use alliance::cohort::verify::rederive;
use alliance::cohort::xapi::{AttemptView, attempt_statements, submission_statements};
use alliance::report;
use alliance::report::markup;
use alliance::scoring::Rubric;
use alliance::store;

use super::Format;

/// Output format of `alliance report`.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ReportFormat {
    /// Plain text.
    Text,
    /// Markdown.
    Md,
    /// JSON (`alliance.debrief/1`; a submission's content for a bundle).
    Json,
    /// xAPI 1.0.3 statements (JSON array) for an LMS or LRS.
    Xapi,
}

pub fn run(
    dirs: &[PathBuf],
    path: &Path,
    format: ReportFormat,
    pseudonym: Option<&str>,
    details: bool,
) -> ExitCode {
    // A submission is at most the class report's limit; a transcript far less. Only regular files are opened.
    let bytes = match store::read_capped(path, alliance::cohort::intake::MAX_FILE_BYTES) {
        Ok(b) => b,
        Err(e) => {
            tell!("error: {}: cannot read: {e}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let head = &bytes[..bytes.len().min(200)];
    if head.windows(20).any(|w| w == b"alliance.submission/") {
        return submission(dirs, path, &bytes, format, details);
    }
    let t = match store::load_transcript(path) {
        Ok(t) => t,
        Err(e) => {
            tell!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = replays(dirs, path, &bytes, &t) {
        tell!("error: {e}");
        return ExitCode::FAILURE;
    }
    let simple = match format {
        ReportFormat::Text => Format::Text,
        ReportFormat::Md => Format::Md,
        ReportFormat::Json => Format::Json,
        ReportFormat::Xapi => return transcript_xapi(dirs, &t, pseudonym),
    };
    print!(
        "{}",
        render(&report::debrief(&t, &Rubric::shipped()), simple, details)
    );
    ExitCode::SUCCESS
}

/// Checks that the transcript's turns replay against its vignette (a reply that was never on offer, a node
/// the vignette does not have), with the file and line of the first turn that does not.
fn replays(
    dirs: &[PathBuf],
    path: &Path,
    bytes: &[u8],
    t: &alliance::engine::Transcript,
) -> Result<(), String> {
    let library = super::load_library(dirs);
    let Some(vignette) = library.get(&t.vignette_id) else {
        return Err(format!(
            "{}:1: `vignette_id`: the vignette `{}` is not in the library, so this transcript cannot be checked \
             or shown\n  = hint: pass `--dialogues DIR` with the folder that holds it",
            path.display(),
            t.vignette_id
        ));
    };
    alliance::engine::Session::resume(vignette, Arc::clone(&library.rubric), t)
        .map(drop)
        .map_err(|e| {
            let turn = e
                .strip_prefix("turn ")
                .and_then(|r| r.split(':').next())
                .and_then(|n| n.parse().ok());
            let line = turn
                .and_then(|k| store::line_of_turn(&String::from_utf8_lossy(bytes), k))
                .unwrap_or(1);
            format!(
                "{}:{line}: {e}\n  = hint: the file was edited, or the vignette changed since this attempt; \
                 nothing in it is shown",
                path.display()
            )
        })
}

/// A single transcript as xAPI: the actor needs a pseudonym, and the choices need the vignette.
fn transcript_xapi(
    dirs: &[PathBuf],
    t: &alliance::engine::Transcript,
    pseudonym: Option<&str>,
) -> ExitCode {
    let Some(pseudonym) = pseudonym.map(str::trim).filter(|p| !p.is_empty()) else {
        tell!(
            "error: xAPI statements need an actor\n  = hint: pass `--pseudonym NAME` (a submission bundle carries its own)"
        );
        return ExitCode::from(2);
    };
    let library = super::load_library(dirs);
    let Some(vignette) = library.get(&t.vignette_id) else {
        tell!(
            "error: the vignette `{}` is not in the library, so the choices at each turn cannot be listed\n  = hint: \
             pass `--dialogues DIR` with the folder that holds it",
            t.vignette_id
        );
        return ExitCode::FAILURE;
    };
    let (decided, points) = match decisions(vignette, Arc::clone(&library.rubric), t) {
        Ok(x) => x,
        Err(e) => {
            tell!("error: cannot replay the transcript against its vignette: {e}");
            return ExitCode::FAILURE;
        }
    };
    let d = report::debrief(t, &library.rubric);
    // The same transcript always gets the same registration, so sending it twice does not count twice.
    let registration = derived(&[
        b"registration",
        t.vignette_id.as_bytes(),
        &t.seed.to_le_bytes(),
        &t.started_at.to_le_bytes(),
        pseudonym.as_bytes(),
    ]);
    let mut out = Vec::new();
    attempt_statements(
        &AttemptView {
            pseudonym,
            assignment: None,
            submission_id: None,
            attempt: 1,
            registration: &registration,
            duration_seconds: t.updated_at.saturating_sub(t.started_at),
            transcript: t,
            debrief: &d,
            decisions: &decided,
            points: &points,
            verdict: None,
        },
        &mut out,
    );
    println!(
        "{}",
        markup::json_safe(&serde_json::to_string_pretty(&out).unwrap_or_default())
    );
    ExitCode::SUCCESS
}

/// A submission bundle: verified first, then every attempt's debrief, or its xAPI statements.
fn submission(
    dirs: &[PathBuf],
    path: &Path,
    bytes: &[u8],
    format: ReportFormat,
    details: bool,
) -> ExitCode {
    let mut s: Submission = match assign::open(bytes) {
        Ok(o) => o.submission,
        Err(p) => {
            tell!("error: {}: {p}", path.display());
            return ExitCode::FAILURE;
        }
    };
    // The verdicts shown are derived again from the transcripts, not the ones the file states.
    let library = super::load_library(dirs);
    for why in rederive(&mut s, None, Some(&library), &library.rubric) {
        tell!("warning: {}: {why}", path.display());
    }
    let simple = match format {
        ReportFormat::Xapi => {
            let mut out = Vec::new();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            submission_statements(&s, Some((&name, &s)), &mut out);
            println!(
                "{}",
                markup::json_safe(&serde_json::to_string_pretty(&out).unwrap_or_default())
            );
            return ExitCode::SUCCESS;
        }
        ReportFormat::Json => {
            println!(
                "{}",
                markup::json_safe(&serde_json::to_string_pretty(&s).unwrap_or_default())
            );
            return ExitCode::SUCCESS;
        }
        ReportFormat::Text => Format::Text,
        ReportFormat::Md => Format::Md,
    };
    let md = simple == Format::Md;
    // Every name and text in a submission came from a file: escaped for Markdown, made visible for a terminal.
    let t = |s: &str| {
        if md {
            markup::escape_md(s)
        } else {
            markup::visible(s)
        }
    };
    say!(
        "{}{} ({}) by {}: {} (checksum verified)",
        if md { "# " } else { "" },
        t(&s.assignment.title),
        t(&s.assignment.id),
        t(&s.pseudonym),
        if s.passed { "PASSED" } else { "NOT PASSED" }
    );
    for r in &s.reasons {
        say!("{}{}", if md { "- " } else { "  " }, t(r));
    }
    for v in &s.vignettes {
        for a in &v.attempts {
            say!(
                "\n{}{} · attempt {} · {}",
                if md { "## " } else { "" },
                t(&v.vignette_id),
                a.attempt,
                if a.verdict.passed {
                    "passed"
                } else {
                    "not passed"
                }
            );
            for c in &a.verdict.checks {
                say!(
                    "{}[{}] {}",
                    if md { "- " } else { "  " },
                    if c.passed { "x" } else { " " },
                    t(&c.detail)
                );
            }
            say!();
            print!("{}", render(&a.debrief, simple, details));
        }
    }
    ExitCode::SUCCESS
}

/// The debrief in `format`; with `details`, the technical terms too (3RS names, codes, MITI measures).
pub fn render(d: &report::Debrief, format: Format, details: bool) -> String {
    match format {
        // Printed to the terminal: wrapped between words to its width (piped: as it is).
        Format::Text => super::for_terminal(&report::text_with(d, details)),
        Format::Md => report::markdown_with(d, details),
        Format::Json => {
            markup::json_safe(&serde_json::to_string_pretty(d).unwrap_or_default()) + "\n"
        }
    }
}
