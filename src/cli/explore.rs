//! `alliance explore`: every path through a vignette, state-aware and memoised; the figures and findings as
//! text, or as JSON with `--json`.

use std::path::PathBuf;
use std::process::ExitCode;

use alliance::analysis::explore::explore_with;
use alliance::analysis::explore_text::text;
use alliance::analysis::walk::Limits;

pub fn run(
    dirs: &[PathBuf],
    target: &str,
    json: bool,
    max_states: Option<usize>,
    max_depth: Option<usize>,
) -> ExitCode {
    let (v, rubric) = match super::graph::load_vignette(dirs, target) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let mut limits = Limits::for_vignette(&v);
    if let Some(n) = max_states {
        limits.max_states = n.max(1);
    }
    if let Some(n) = max_depth {
        limits.max_depth = n;
    }
    let x = explore_with(&v, &rubric, limits);
    if json {
        match serde_json::to_string_pretty(&x) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print!("{}", text(&x));
    }
    ExitCode::SUCCESS
}
