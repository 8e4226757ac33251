//! `alliance report`: the debrief of a saved transcript (or every attempt in a submission bundle) as text,
//! Markdown, JSON or xAPI statements.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::ValueEnum;

use alliance::assign::replay::decisions;
use alliance::assign::uuid::derived;
use alliance::assign::{self, Submission};
use alliance::cohort::xapi::{AttemptView, attempt_statements, submission_statements};
use alliance::report;
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
) -> ExitCode {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {}: cannot read: {e}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let head = &bytes[..bytes.len().min(200)];
    if head.windows(20).any(|w| w == b"alliance.submission/") {
        return submission(path, &bytes, format);
    }
    let t = match store::load_transcript(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let simple = match format {
        ReportFormat::Text => Format::Text,
        ReportFormat::Md => Format::Md,
        ReportFormat::Json => Format::Json,
        ReportFormat::Xapi => return transcript_xapi(dirs, &t, pseudonym),
    };
    print!(
        "{}",
        render(&report::debrief(&t, &Rubric::shipped()), simple)
    );
    ExitCode::SUCCESS
}

/// A single transcript as xAPI: the actor needs a pseudonym, and the choices need the vignette.
fn transcript_xapi(
    dirs: &[PathBuf],
    t: &alliance::engine::Transcript,
    pseudonym: Option<&str>,
) -> ExitCode {
    let Some(pseudonym) = pseudonym.map(str::trim).filter(|p| !p.is_empty()) else {
        eprintln!(
            "error: xAPI statements need an actor\n  = hint: pass `--pseudonym NAME` (a submission bundle carries its own)"
        );
        return ExitCode::from(2);
    };
    let library = super::load_library(dirs);
    let Some(vignette) = library.get(&t.vignette_id) else {
        eprintln!(
            "error: the vignette `{}` is not in the library, so the choices at each turn cannot be listed\n  = hint: \
             pass `--dialogues DIR` with the folder that holds it",
            t.vignette_id
        );
        return ExitCode::FAILURE;
    };
    let (decided, points) = match decisions(vignette, Arc::clone(&library.rubric), t) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: cannot replay the transcript against its vignette: {e}");
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
    println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    ExitCode::SUCCESS
}

/// A submission bundle: verified first, then every attempt's debrief, or its xAPI statements.
fn submission(path: &Path, bytes: &[u8], format: ReportFormat) -> ExitCode {
    let s: Submission = match assign::open(bytes) {
        Ok(o) => o.submission,
        Err(p) => {
            eprintln!("error: {}: {p}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let simple = match format {
        ReportFormat::Xapi => {
            let mut out = Vec::new();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            submission_statements(&s, Some((&name, &s)), &mut out);
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
            return ExitCode::SUCCESS;
        }
        ReportFormat::Json => {
            println!("{}", serde_json::to_string_pretty(&s).unwrap_or_default());
            return ExitCode::SUCCESS;
        }
        ReportFormat::Text => Format::Text,
        ReportFormat::Md => Format::Md,
    };
    let md = simple == Format::Md;
    println!(
        "{}{} ({}) by {}: {} (checksum verified)",
        if md { "# " } else { "" },
        s.assignment.title,
        s.assignment.id,
        s.pseudonym,
        if s.passed { "PASSED" } else { "NOT PASSED" }
    );
    for r in &s.reasons {
        println!("{}{r}", if md { "- " } else { "  " });
    }
    for v in &s.vignettes {
        for a in &v.attempts {
            println!(
                "\n{}{} · attempt {} · {}",
                if md { "## " } else { "" },
                v.vignette_id,
                a.attempt,
                if a.verdict.passed {
                    "passed"
                } else {
                    "not passed"
                }
            );
            for c in &a.verdict.checks {
                println!(
                    "{}[{}] {}",
                    if md { "- " } else { "  " },
                    if c.passed { "x" } else { " " },
                    c.detail
                );
            }
            println!();
            print!("{}", render(&a.debrief, simple));
        }
    }
    ExitCode::SUCCESS
}

pub fn render(d: &report::Debrief, format: Format) -> String {
    match format {
        Format::Text => report::text(d),
        Format::Md => report::markdown(d),
        Format::Json => serde_json::to_string_pretty(d).unwrap_or_default() + "\n",
    }
}
