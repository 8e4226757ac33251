//! `alliance check`: every problem in every vignette file, located, with a hint; exit 1 on any error.

use std::path::PathBuf;
use std::process::ExitCode;

use alliance::library::{self, Library};
use alliance::scoring::Rubric;

pub fn run(paths: &[PathBuf], dirs: &[PathBuf], json: bool) -> ExitCode {
    let rubric = Rubric::shipped();
    let report = if paths.is_empty() {
        Library::load(dirs, rubric).1
    } else {
        library::check_paths(paths, &rubric)
    };
    let errors = report.errors();
    let warnings = report.diagnostics.len() - errors;
    if json {
        let out = serde_json::json!({
            "files": report.files,
            "errors": errors,
            "warnings": warnings,
            "diagnostics": report.diagnostics,
            "pinned": report.pinned,
            "unverified": report.unverified,
        });
        println!(
            "{}",
            alliance::report::markup::json_safe(
                &serde_json::to_string_pretty(&out).unwrap_or_default()
            )
        );
    } else {
        for d in &report.diagnostics {
            say!("{d}\n");
        }
        for p in &report.pinned {
            say!(
                "note: {} ({}) shows its replies as written (pin_order) at {} of {} decision points: {}\n  = a fixed place for the best reply is a tell; pin only where order carries meaning\n",
                p.vignette,
                p.file,
                p.nodes.len(),
                p.of,
                p.nodes.join(", ")
            );
        }
        for u in &report.unverified {
            say!(
                "note: {} ({}) follows `{}`, which is not among the files checked, so the first visit cannot be verified (that it exists, and the endings and variables `last_time` names)\n  = check them together, e.g. `alliance check dialogues/`\n",
                u.vignette,
                u.file,
                u.follows
            );
        }
        say!(
            "{} file(s) checked: {errors} error(s), {warnings} warning(s)",
            report.files
        );
    }
    if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
