//! `alliance report`: the debrief of a saved transcript as text, Markdown or JSON.

use std::path::Path;
use std::process::ExitCode;

use alliance::report;
use alliance::scoring::Rubric;
use alliance::store;

use super::Format;

pub fn run(path: &Path, format: Format) -> ExitCode {
    match store::load_transcript(path) {
        Ok(t) => {
            print!(
                "{}",
                render(&report::debrief(&t, &Rubric::shipped()), format)
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

pub fn render(d: &report::Debrief, format: Format) -> String {
    match format {
        Format::Text => report::text(d),
        Format::Md => report::markdown(d),
        Format::Json => serde_json::to_string_pretty(d).unwrap_or_default() + "\n",
    }
}
