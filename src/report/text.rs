//! The debrief as plain terminal text (no colour codes, so it reads the same in a pipe or a screen reader).
//! Layout only; the content is `Debrief`'s.

use std::fmt::Write;

use crate::report::debrief::Debrief;
use crate::report::plain;
use crate::vignette::model::Effects;

/// Renders `d` for a terminal, in the words a student reads.
pub fn text(d: &Debrief) -> String {
    text_with(d, false)
}

/// Renders `d` for a terminal; with `details`, also the technical terms an educator reads (3RS marker names,
/// behaviour codes, MITI measures and thresholds, the alliance turn by turn).
pub fn text_with(d: &Debrief, details: bool) -> String {
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

    if let Some(from) = &d.started_from {
        let _ = writeln!(o, "\nStart: {from}");
    }
    let _ = writeln!(
        o,
        "\nThe alliance at the end (0-100, higher is stronger): the bond between you, agreement on goals, and \
         agreement on the tasks to reach them"
    );
    if details {
        let _ = writeln!(o, "  turn   bond   goal   task  empathy");
        for p in &d.trajectory {
            let _ = writeln!(
                o,
                "  {:>4} {:>6.1} {:>6.1} {:>6.1} {:>8.1}",
                p.turn, p.bond, p.goal, p.task, p.empathy
            );
        }
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
        if details {
            for (label, value) in m.details() {
                let _ = writeln!(o, "    {:<11}{value}", format!("{label}:"));
            }
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
            "  After turn {}: {} ({}), {}{}",
            r.turn,
            plain::marker(r.marker),
            plain::kind(r.kind),
            status,
            if details {
                format!(" [3RS: {}]", plain::technical(r.marker))
            } else {
                String::new()
            }
        );
    }

    let w = &d.wai_sr;
    let _ = writeln!(
        o,
        "\nHow the patient would rate working with you (the WAI-SR questionnaire, each part 4-20, higher is \
         better)\n  Agreement on tasks {}/20 · Bond {}/20 · Agreement on goals {}/20 · Total {}/60",
        w.task, w.bond, w.goal, w.total
    );
    for item in w.moved() {
        let _ = writeln!(o, "  {}", item.line());
    }

    let _ = writeln!(
        o,
        "\nHow you spoke (the MITI, a measure of motivational interviewing)"
    );
    for line in plain::miti(&d.miti) {
        let _ = writeln!(o, "  {line}");
    }
    if details {
        let _ = writeln!(o, "  In MITI 4.2.1 terms:");
        for line in plain::miti_details(&d.miti) {
            let _ = writeln!(o, "  {line}");
        }
    }
    // Everything from a vignette or a student is shown, never run by the terminal.
    crate::report::markup::visible(&o)
}

/// "bond +5.0, empathy +7.0": the components that moved.
pub(crate) fn moved(e: &Effects) -> String {
    moved_to(e, 1)
}

/// The components that moved, each to `places` decimals ("bond +5, empathy +7" with 0); "no change" when none
/// moved by 0.05 or more. A move that would print as zero at `places` ("goal +0") is left out: the reports use one
/// decimal, the desktop's meters whole points.
pub fn moved_to(e: &Effects, places: usize) -> String {
    let parts: Vec<String> = [
        ("bond", e.bond),
        ("goal", e.goal),
        ("task", e.task),
        ("empathy", e.empathy),
    ]
    .iter()
    .filter(|(_, v)| v.abs() >= 0.05)
    .map(|(n, v)| (n, format!("{v:+.places$}")))
    .filter(|(_, shown)| shown.parse::<f64>().is_ok_and(|x| x != 0.0))
    .map(|(n, shown)| format!("{n} {shown}"))
    .collect();
    if parts.is_empty() {
        "no change".to_owned()
    } else {
        parts.join(", ")
    }
}

fn bar(v: f64) -> String {
    let filled = (v / 5.0).round() as usize;
    format!(
        "{}{}",
        "#".repeat(filled.min(20)),
        ".".repeat(20 - filled.min(20))
    )
}

#[cfg(test)]
mod tests {
    use super::moved_to;
    use crate::vignette::model::Effects;

    #[test]
    fn a_move_that_rounds_to_nothing_is_not_shown() {
        let e = Effects {
            bond: 4.6,
            goal: 0.3,
            ..Effects::default()
        };
        assert_eq!(
            moved_to(&e, 0),
            "bond +5",
            "the desktop's whole points never say 'goal +0'"
        );
        assert_eq!(moved_to(&e, 1), "bond +4.6, goal +0.3");
        let tiny = Effects {
            task: -0.4,
            ..Effects::default()
        };
        assert_eq!(moved_to(&tiny, 0), "no change");
    }
}
