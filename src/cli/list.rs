//! `alliance list`: the vignettes with id, title, audience and difficulty, as a table or JSON; a follow-up visit
//! right after the one it follows, marked "follows <title>".

use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(dirs: &[PathBuf], json: bool) -> ExitCode {
    let library = super::load_library(dirs);
    if json {
        let rows: Vec<serde_json::Value> = library
            .vignettes
            .iter()
            .map(|v| {
                serde_json::json!({
                    "id": v.id,
                    "title": v.title,
                    "summary": v.summary,
                    "patient": v.patient.name,
                    "audience": v.audience.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
                    "difficulty": v.difficulty.as_str(),
                    "learning_objectives": v.learning_objectives,
                    "source": v.origin.file,
                    "follows": v.follows.as_ref().map(|(id, _)| id),
                })
            })
            .collect();
        println!(
            "{}",
            alliance::report::markup::json_safe(
                &serde_json::to_string_pretty(&rows).unwrap_or_default()
            )
        );
        return ExitCode::SUCCESS;
    }
    say!("{:<24} {:<34} {:<28} DIFFICULTY", "ID", "TITLE", "AUDIENCE");
    for v in &library.vignettes {
        // Names as a person reads them ("mental health"); `--json` keeps the ids.
        let audience: Vec<String> = v
            .audience
            .iter()
            .map(|a| a.as_str().replace('_', " "))
            .collect();
        say!(
            "{:<24} {:<34} {:<28} {}",
            v.id,
            v.title,
            audience.join(", "),
            v.difficulty.as_str()
        );
        // A follow-up is listed right after the visit it follows, marked so on a line of its own (in the title
        // column it pushed the audience and difficulty out of line).
        if let Some(first) = v.follows.as_ref().and_then(|(id, _)| library.get(id)) {
            say!("{:<24} follows {} ({})", "", first.title, first.id);
        }
    }
    ExitCode::SUCCESS
}
