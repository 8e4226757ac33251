//! `alliance score`: one typed line scored where the patient stands, for authors trying a line: how it is read,
//! matched and scored, the rules that fired, and the written replies' values there. Text, or JSON with `--json`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use alliance::analysis::score::{LineScore, score_line, value};
use alliance::classify::Classifier;
use alliance::report::{Reading, moved_to};

pub fn run(
    dirs: &[PathBuf],
    target: &str,
    at: &str,
    after: Option<&[usize]>,
    text: &str,
    json: bool,
) -> ExitCode {
    let (v, rubric) = match super::graph::load_vignette(dirs, target) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let s = match score_line(
        &v,
        &Arc::new(rubric),
        Classifier::shipped(),
        at,
        after,
        text,
    ) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {}", plain(&e));
            return ExitCode::FAILURE;
        }
    };
    if json {
        match serde_json::to_string_pretty(&s) {
            Ok(j) => println!("{j}"),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print!("{}", lines(&s));
    }
    ExitCode::SUCCESS
}

/// The score as text: where, what the patient said, how the line was read and scored, and the written replies.
fn lines(s: &LineScore) -> String {
    let after: Vec<String> = s.after.iter().map(usize::to_string).collect();
    let mut o = format!(
        "At `{}` of {} (after written replies {}):\n  Patient: \"{}\"\n\n",
        s.node,
        s.vignette,
        if after.is_empty() {
            "none".to_owned()
        } else {
            after.join(",")
        },
        plain(&s.patient)
    );
    if let Some(r) = Reading::of(&s.turn) {
        for (label, line) in r.detail_lines() {
            o.push_str(&format!("  {label:<10} {}\n", plain(&line)));
        }
    }
    for rule in &s.turn.rules {
        o.push_str(&format!(
            "  Rule       {}: {}\n",
            rule.id,
            plain(&rule.explain)
        ));
    }
    o.push_str(&format!(
        "  Moves      {} (value {:+.1})\n  Reaction   \"{}\" ({})\n\nWritten replies here, best first (value = bond + goal + task + ½ empathy):\n",
        moved_to(&s.turn.delta, 1),
        value(s),
        plain(&s.turn.reaction.text),
        plain(&s.turn.reaction.cue)
    ));
    for w in &s.written {
        o.push_str(&format!(
            "  {:+6.1}  [{}] \"{}\"\n",
            w.value,
            w.place,
            plain(&w.text)
        ));
    }
    o
}

/// Text from a file or the command line, safe to print: control characters (a terminal's escape sequences
/// among them) become spaces.
fn plain(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect()
}
