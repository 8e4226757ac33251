//! Field-level checks on the parsed file: required text present, lists not empty, numbers in range.
//! Names and the graph are checked elsewhere (`resolve`, `graph`).

use crate::diagnostic::Diagnostic;
use crate::diagnostic::place::value_at;
use crate::vignette::model::{Condition, Effects, PatientTurn, VignetteFile};

/// Authored effects are adjustments on top of the rubric, so they stay small.
pub const EFFECT_LIMIT: f64 = 20.0;

pub(super) fn check(file: &str, src: &str, v: &VignetteFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let id_at = (v.id.referenced.line(), v.id.referenced.column());
    let at = |out: &mut Vec<Diagnostic>, code, (l, c): (u64, u64), msg: String, hint: &str| {
        out.push(
            Diagnostic::error(code, file, src, l, c)
                .message(msg)
                .hint(hint),
        );
    };

    let id = &v.id.value;
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        at(
            &mut out,
            "A003",
            id_at,
            format!("vignette id `{id}` must be lower-case letters, digits and dashes"),
            "for example `id: diabetes-ambivalence`",
        );
    }
    for (what, empty) in [
        ("audience", v.audience.is_empty()),
        ("sources", v.sources.is_empty()),
        ("learning_objectives", v.learning_objectives.is_empty()),
        ("nodes", v.nodes.is_empty()),
        ("endings", v.endings.is_empty()),
    ] {
        if empty {
            at(
                &mut out,
                "A020",
                id_at,
                format!("`{what}` is empty"),
                "give at least one entry (docs/authoring.md shows each field)",
            );
        }
    }
    if v.disclaimer.trim().is_empty() {
        at(
            &mut out,
            "A020",
            id_at,
            "`disclaimer` is empty".into(),
            "say that this is training material, not clinical guidance",
        );
    }
    let s = &v.patient.start;
    for (name, x) in [
        ("bond", s.bond),
        ("goal", s.goal),
        ("task", s.task),
        ("empathy", s.empathy),
    ] {
        if !(0.0..=100.0).contains(&x) {
            let start = value_at(src, id_at, "start", None);
            at(
                &mut out,
                "A018",
                value_at(src, start, name, Some(x)),
                format!("patient.start.{name} is {x}; it must be between 0 and 100"),
                "starting values are points on a 0-100 scale",
            );
        }
    }

    for node in &v.nodes {
        let node_at = (node.id.referenced.line(), node.id.referenced.column());
        turn(&mut out, file, src, node_at, &node.patient, &node.id.value);
        for variant in &node.variants {
            turn(
                &mut out,
                file,
                src,
                node_at,
                &variant.patient,
                &node.id.value,
            );
            condition(&mut out, file, src, node_at, &variant.when);
        }
        if node.replies.is_empty() {
            at(
                &mut out,
                "A020",
                node_at,
                format!("node `{}` has no replies", node.id.value),
                "give 3-4 replies, or point to an ending instead of this node",
            );
        } else if node.replies.len() < 3 {
            out.push(
                Diagnostic::warning("W002", file, src, node_at.0, node_at.1)
                    .message(format!(
                        "node `{}` offers {} repl{}; a decision teaches best with 3-4",
                        node.id.value,
                        node.replies.len(),
                        if node.replies.len() == 1 { "y" } else { "ies" }
                    ))
                    .hint("add a tempting straining reply and a strengthening one (docs/authoring.md, good practice)"),
            );
        }
        for (key, t) in &node.reactions {
            turn(
                &mut out,
                file,
                src,
                node_at,
                t,
                &format!("{} (reaction to {})", node.id.value, key.as_str()),
            );
        }
        for reply in &node.replies {
            let r_at = (reply.text.referenced.line(), reply.text.referenced.column());
            if reply
                .feedback
                .as_deref()
                .is_none_or(|f| f.trim().is_empty())
            {
                at(
                    &mut out,
                    "A016",
                    r_at,
                    format!("reply \"{}\" has no feedback", short(&reply.text.value)),
                    "add `feedback:` naming the principle the reply shows or breaks, with the seed it comes from",
                );
            }
            if reply.codes.is_empty() {
                at(
                    &mut out,
                    "A020",
                    r_at,
                    format!(
                        "reply \"{}\" has no behaviour codes",
                        short(&reply.text.value)
                    ),
                    "add `codes: [...]` from the vocabulary in docs/authoring.md",
                );
            }
            effects(&mut out, file, src, r_at, &reply.effects);
            match (reply.next.is_some(), reply.branches.is_empty()) {
                (true, false) => at(
                    &mut out,
                    "A020",
                    r_at,
                    "reply has both `next` and `branches`".into(),
                    "use `next` for one destination, or `branches` for conditional ones, not both",
                ),
                (false, true) => at(
                    &mut out,
                    "A020",
                    r_at,
                    format!("reply \"{}\" leads nowhere", short(&reply.text.value)),
                    "add `next: <node or ending id>` or `branches:`",
                ),
                _ => {}
            }
            if let Some(c) = &reply.when {
                condition(&mut out, file, src, r_at, c);
            }
            for b in &reply.branches {
                if let Some(c) = &b.when {
                    condition(&mut out, file, src, r_at, c);
                }
            }
        }
    }
    for (key, t) in &v.reactions {
        let at = (v.id.referenced.line(), v.id.referenced.column());
        turn(
            &mut out,
            file,
            src,
            at,
            t,
            &format!("reaction to {}", key.as_str()),
        );
    }
    for ending in &v.endings {
        let e_at = (ending.id.referenced.line(), ending.id.referenced.column());
        turn(&mut out, file, src, e_at, &ending.patient, &ending.id.value);
    }
    out
}

fn turn(
    out: &mut Vec<Diagnostic>,
    file: &str,
    src: &str,
    at: (u64, u64),
    t: &PatientTurn,
    id: &str,
) {
    if t.say.is_empty() || t.say.iter().any(|s| s.trim().is_empty()) {
        out.push(
            Diagnostic::error("A020", file, src, at.0, at.1)
                .message(format!("the patient says nothing at `{id}` (empty `say`)"))
                .hint("give one or more phrasings under `say:`"),
        );
    }
    if t.cue.trim().is_empty() {
        out.push(
            Diagnostic::error("A020", file, src, at.0, at.1)
                .message(format!("no nonverbal cue at `{id}`"))
                .hint("describe what the patient does (`cue: \"looks at the floor\"`)"),
        );
    }
}

fn effects(out: &mut Vec<Diagnostic>, file: &str, src: &str, at: (u64, u64), e: &Effects) {
    for (name, x) in [
        ("bond", e.bond),
        ("goal", e.goal),
        ("task", e.task),
        ("empathy", e.empathy),
    ] {
        if !(-EFFECT_LIMIT..=EFFECT_LIMIT).contains(&x) || !x.is_finite() {
            let at = value_at(src, value_at(src, at, "effects", None), name, Some(x));
            out.push(
                Diagnostic::error("A018", file, src, at.0, at.1)
                    .message(format!("effects.{name} is {x}; authored effects must be between -20 and 20"))
                    .hint("authored effects adjust the rubric's; change dialogues/rubric.yaml for larger shifts"),
            );
        }
    }
}

fn condition(out: &mut Vec<Diagnostic>, file: &str, src: &str, at: (u64, u64), c: &Condition) {
    for (name, x) in [
        ("bond_at_least", c.bond_at_least),
        ("bond_below", c.bond_below),
        ("goal_at_least", c.goal_at_least),
        ("goal_below", c.goal_below),
        ("task_at_least", c.task_at_least),
        ("task_below", c.task_below),
        ("empathy_at_least", c.empathy_at_least),
        ("empathy_below", c.empathy_below),
        ("alliance_at_least", c.alliance_at_least),
        ("alliance_below", c.alliance_below),
    ] {
        let Some(x) = x else { continue };
        if !(0.0..=100.0).contains(&x) {
            let at = value_at(src, at, name, Some(x));
            out.push(
                Diagnostic::error("A018", file, src, at.0, at.1)
                    .message(format!("condition threshold {x} is outside 0-100"))
                    .hint("alliance components are points on a 0-100 scale"),
            );
        }
    }
}

/// The first words of a reply, for messages.
pub(super) fn short(text: &str) -> String {
    let mut s: String = text.chars().take(48).collect();
    if text.chars().count() > 48 {
        s.push('…');
    }
    s
}
