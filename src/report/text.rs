//! The debrief as plain terminal text (no colour codes, so it reads the same in a pipe or a screen reader).
//! Layout only; the content is `Debrief`'s.

use std::fmt::Write;

use crate::report::debrief::Debrief;
use crate::vignette::model::Effects;

/// Renders `d` for a terminal.
pub fn text(d: &Debrief) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "DEBRIEF: {} with {}", d.vignette_title, d.patient_name);
    if let Some(c) = &d.companion {
        let _ = writeln!(o, "also in the room: {}, {}", c.name, c.relation);
    }
    let _ = writeln!(o, "mode {} · seed {} · {:?}", d.mode, d.seed, d.status);
    match &d.ending {
        Some(e) => {
            let _ = writeln!(
                o,
                "\nEnding: {} ({})\n  {}",
                e.title,
                e.outcome.as_str(),
                e.meaning
            );
            for why in &e.decided_by {
                let _ = writeln!(o, "  Not a better ending: {why}.");
            }
        }
        None => {
            let _ = writeln!(
                o,
                "\nEnding: not reached (the attempt stopped at turn {})",
                d.trajectory.len() - 1
            );
        }
    }

    let _ = writeln!(o, "\nAlliance over the turns (0-100)");
    let _ = writeln!(o, "  turn   bond   goal   task  empathy");
    for p in &d.trajectory {
        let _ = writeln!(
            o,
            "  {:>4} {:>6.1} {:>6.1} {:>6.1} {:>8.1}",
            p.turn, p.bond, p.goal, p.task, p.empathy
        );
    }
    if let Some(last) = d.trajectory.last() {
        for (name, v) in [
            ("bond", last.bond),
            ("goal", last.goal),
            ("task", last.task),
        ] {
            let _ = writeln!(o, "  {name:<5} {} {v:.0}", bar(v));
        }
    }

    let _ = writeln!(
        o,
        "\nWhere the alliance strained and strengthened, and where a better reply was on offer"
    );
    if d.moments.is_empty() {
        let _ = writeln!(o, "  No turn moved the alliance past the thresholds.");
    }
    for m in &d.moments {
        let _ = writeln!(
            o,
            "\n  Turn {} · {} · {}",
            m.turn,
            m.label(),
            moved(&m.delta)
        );
        for (label, value) in m.lines() {
            let _ = writeln!(o, "    {:<11}{value}", format!("{label}:"));
        }
    }

    if !d.readings.is_empty() {
        let _ = writeln!(o, "\nHow your typed replies were read");
        for r in &d.readings {
            let _ = writeln!(o, "\n  Turn {}", r.turn);
            for (label, value) in r.lines() {
                let _ = writeln!(o, "    {:<11}{value}", format!("{label}:"));
            }
        }
    }

    let _ = writeln!(o, "\nRuptures");
    if d.ruptures.is_empty() {
        let _ = writeln!(o, "  None.");
    }
    for r in &d.ruptures {
        let status = match r.repaired_at {
            Some(t) => format!("repaired at turn {t}"),
            None => "NOT repaired".to_owned(),
        };
        let _ = writeln!(
            o,
            "  After turn {}: {} ({}), {}",
            r.turn,
            r.marker.as_str().replace('_', " "),
            r.kind.as_str(),
            status
        );
    }

    let w = &d.wai_sr;
    let _ = writeln!(
        o,
        "\nWAI-SR as the simulated patient would rate it\n  Task {}/20 · Bond {}/20 · Goal {}/20 · Total {}/60",
        w.task, w.bond, w.goal, w.total
    );
    for item in w.moved() {
        let _ = writeln!(o, "  {}", item.line());
    }

    let mi = &d.miti;
    let t = &mi.thresholds;
    let _ = writeln!(o, "\nMITI summary");
    let _ = writeln!(
        o,
        "  Reflection-to-question ratio: {} ({}; fair {}, good {})",
        opt(mi.reflection_to_question, ""),
        mi.reflection_to_question_level.as_str(),
        t.reflection_to_question.fair,
        t.reflection_to_question.good
    );
    let _ = writeln!(
        o,
        "  Complex reflections: {} ({}; fair {}%, good {}%)",
        opt(mi.percent_complex_reflections, "%"),
        mi.percent_complex_reflections_level.as_str(),
        t.percent_complex_reflections.fair,
        t.percent_complex_reflections.good
    );
    let _ = writeln!(
        o,
        "  Open questions: {}",
        opt(mi.percent_open_questions, "%")
    );
    let _ = writeln!(
        o,
        "  MI-adherent {} · MI-non-adherent {}",
        mi.mi_adherent, mi.mi_non_adherent
    );
    let counts: Vec<String> = mi.counts.iter().map(|(c, n)| format!("{c} {n}")).collect();
    let _ = writeln!(o, "  Behaviours: {}", counts.join(", "));
    // Everything from a vignette or a student is shown, never run by the terminal.
    crate::report::markup::visible(&o)
}

/// "bond +5.0, empathy +7.0": the components that moved.
pub(crate) fn moved(e: &Effects) -> String {
    moved_to(e, 1)
}

/// The components that moved, each to `places` decimals ("bond +5, empathy +7" with 0); "no change" when none
/// moved by 0.05 or more. The reports use one decimal, the desktop's meters whole points.
pub fn moved_to(e: &Effects, places: usize) -> String {
    let parts: Vec<String> = [
        ("bond", e.bond),
        ("goal", e.goal),
        ("task", e.task),
        ("empathy", e.empathy),
    ]
    .iter()
    .filter(|(_, v)| v.abs() >= 0.05)
    .map(|(n, v)| format!("{n} {v:+.places$}"))
    .collect();
    if parts.is_empty() {
        "no change".to_owned()
    } else {
        parts.join(", ")
    }
}

pub(crate) fn opt(x: Option<f64>, unit: &str) -> String {
    x.map_or("n/a".to_owned(), |x| format!("{x}{unit}"))
}

fn bar(v: f64) -> String {
    let filled = (v / 5.0).round() as usize;
    format!(
        "{}{}",
        "#".repeat(filled.min(20)),
        ".".repeat(20 - filled.min(20))
    )
}
