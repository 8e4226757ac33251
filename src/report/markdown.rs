//! The debrief as Markdown, for handing in or pasting into a learning platform.
//! Layout only; the content is `Debrief`'s. Every text from a vignette or a student goes through `escape_md`.

use std::fmt::Write;

use crate::report::debrief::Debrief;
use crate::report::markup::escape_md;
use crate::report::text::{moved, opt};

/// Renders `d` as Markdown.
pub fn markdown(d: &Debrief) -> String {
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
    let _ = writeln!(
        o,
        "## Alliance over the turns\n\n| turn | bond | goal | task | empathy |\n|---:|---:|---:|---:|---:|"
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
            "- After turn {}: {} ({}), {}",
            r.turn,
            r.marker.as_str().replace('_', " "),
            r.kind.as_str(),
            status
        );
    }
    let w = &d.wai_sr;
    let _ = writeln!(
        o,
        "\n## WAI-SR (as the simulated patient would rate it)\n\n| Task | Bond | Goal | Total |\n|---:|---:|---:|---:|\n| {}/20 | {}/20 | {}/20 | {}/60 |\n",
        w.task, w.bond, w.goal, w.total
    );
    for item in w.moved() {
        let _ = writeln!(o, "- {}", escape_md(&item.line()));
    }
    if w.moved().next().is_some() {
        let _ = writeln!(o);
    }
    let mi = &d.miti;
    let t = &mi.thresholds;
    let _ = writeln!(
        o,
        "## MITI summary\n\n| measure | value | level | fair | good |\n|---|---:|---|---:|---:|"
    );
    let _ = writeln!(
        o,
        "| Reflection-to-question ratio | {} | {} | {} | {} |",
        opt(mi.reflection_to_question, ""),
        mi.reflection_to_question_level.as_str(),
        t.reflection_to_question.fair,
        t.reflection_to_question.good
    );
    let _ = writeln!(
        o,
        "| % complex reflections | {} | {} | {} | {} |",
        opt(mi.percent_complex_reflections, ""),
        mi.percent_complex_reflections_level.as_str(),
        t.percent_complex_reflections.fair,
        t.percent_complex_reflections.good
    );
    let _ = writeln!(
        o,
        "| % open questions | {} | | | |",
        opt(mi.percent_open_questions, "")
    );
    let _ = writeln!(
        o,
        "| MI-adherent / non-adherent | {} / {} | | | |",
        mi.mi_adherent, mi.mi_non_adherent
    );
    let counts: Vec<String> = mi.counts.iter().map(|(c, n)| format!("{c} {n}")).collect();
    let _ = writeln!(o, "\nBehaviours: {}", counts.join(", "));
    o
}

/// "STRENGTHENED (repair)" → "Strengthened (repair)".
fn sentence_case(s: &str) -> String {
    let lower = s.to_lowercase();
    let mut c = lower.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}
