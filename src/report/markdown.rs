//! The debrief as Markdown, for handing in or pasting into a learning platform.
//! Layout only; the content is `Debrief`'s. Every text from a vignette or a student goes through `escape_md`.

use std::fmt::Write;

use crate::report::debrief::Debrief;
use crate::report::markup::escape_md;
use crate::report::plain;
use crate::report::text::moved;

/// Renders `d` as Markdown, in the words a student reads.
pub fn markdown(d: &Debrief) -> String {
    markdown_with(d, false)
}

/// Renders `d` as Markdown; with `details`, also the technical terms an educator reads (3RS marker names,
/// behaviour codes, MITI measures and thresholds).
pub fn markdown_with(d: &Debrief, details: bool) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "# Debrief: {} with {}\n",
        escape_md(&d.vignette_title),
        escape_md(&d.patient_name)
    );
    if let Some(c) = &d.companion {
        let _ = writeln!(
            o,
            "Also in the room: {}, {}.\n",
            escape_md(&c.name),
            escape_md(&c.relation)
        );
    }
    let _ = writeln!(
        o,
        "Mode: {} · seed {} · status {:?}\n",
        d.mode, d.seed, d.status
    );
    match &d.ending {
        Some(e) => {
            let _ = writeln!(
                o,
                "**Ending: {}** ({}). {}\n",
                escape_md(&e.title),
                e.outcome.as_str(),
                escape_md(&e.meaning)
            );
            for why in &e.decided_by {
                let _ = writeln!(o, "- Not a better ending: {}.", escape_md(why));
            }
            if !e.decided_by.is_empty() {
                let _ = writeln!(o);
            }
        }
        None => {
            let _ = writeln!(o, "**Ending: not reached.**\n");
        }
    }
    if let Some(from) = &d.started_from {
        let _ = writeln!(o, "**Start.** {}\n", escape_md(from));
    }
    let _ = writeln!(
        o,
        "## The alliance turn by turn\n\nEach from 0 to 100, higher is stronger: the bond between you, agreement on \
         goals, agreement on the tasks to reach them, and how heard the patient felt (empathy).\n\n\
         | turn | bond | goal | task | empathy |\n|---:|---:|---:|---:|---:|"
    );
    for p in &d.trajectory {
        let _ = writeln!(
            o,
            "| {} | {:.1} | {:.1} | {:.1} | {:.1} |",
            p.turn, p.bond, p.goal, p.task, p.empathy
        );
    }
    let _ = writeln!(
        o,
        "\n## Where the alliance strained and strengthened, and where a better reply was on offer\n"
    );
    if d.moments.is_empty() {
        let _ = writeln!(o, "No turn moved the alliance past the thresholds.\n");
    }
    for m in &d.moments {
        let _ = writeln!(
            o,
            "### Turn {}: {} ({})\n",
            m.turn,
            sentence_case(m.label()),
            moved(&m.delta)
        );
        for (label, value) in m.lines() {
            let _ = writeln!(o, "- **{label}:** {}", escape_md(&value));
        }
        if details {
            for (label, value) in m.details() {
                let _ = writeln!(o, "- **{label}:** {}", escape_md(&value));
            }
        }
        let _ = writeln!(o);
    }
    if !d.readings.is_empty() {
        let _ = writeln!(o, "## How your typed replies were read\n");
        for r in &d.readings {
            let _ = writeln!(o, "### Turn {}\n", r.turn);
            for (label, value) in r.lines() {
                let _ = writeln!(o, "- **{label}:** {}", escape_md(&value));
            }
            let _ = writeln!(o);
        }
    }
    let _ = writeln!(o, "## Ruptures\n");
    if d.ruptures.is_empty() {
        let _ = writeln!(o, "None.\n");
    }
    for r in &d.ruptures {
        let status = r.repaired_at.map_or("**not repaired**".to_owned(), |t| {
            format!("repaired at turn {t}")
        });
        let _ = writeln!(
            o,
            "- After turn {}: {} ({}), {}{}",
            r.turn,
            plain::marker(r.marker),
            plain::kind(r.kind),
            status,
            if details {
                format!(" (3RS: {})", plain::technical(r.marker))
            } else {
                String::new()
            }
        );
    }
    let w = &d.wai_sr;
    let _ = writeln!(
        o,
        "\n## How the patient would rate working with you\n\nThe WAI-SR questionnaire as the simulated patient would \
         answer it: each part 4-20, higher is better.\n\n| Agreement on tasks | Bond | Agreement on goals | Total |\n\
         |---:|---:|---:|---:|\n| {}/20 | {}/20 | {}/20 | {}/60 |\n",
        w.task, w.bond, w.goal, w.total
    );
    for item in w.moved() {
        let _ = writeln!(o, "- {}", escape_md(&item.line()));
    }
    if w.moved().next().is_some() {
        let _ = writeln!(o);
    }
    let _ = writeln!(
        o,
        "## How you spoke\n\nThe MITI, a measure of motivational interviewing, counted over your replies.\n"
    );
    for line in plain::miti(&d.miti) {
        let _ = writeln!(o, "- {line}");
    }
    if details {
        let _ = writeln!(o, "\nDetails:\n");
        for line in plain::miti_details(&d.miti) {
            let _ = writeln!(o, "- {}", escape_md(&line));
        }
    }
    o
}

/// "STRENGTHENED (repair)" → "Strengthened (repair)".
fn sentence_case(s: &str) -> String {
    let lower = s.to_lowercase();
    let mut c = lower.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}
