//! Checking who is in the room: a line spoken by the companion, or a reply addressed to them, needs a
//! vignette with a companion (A034) and a node where the companion has not stepped out (A035).

use serde_saphyr::Spanned;

use crate::diagnostic::Diagnostic;
use crate::vignette::model::{Node, PatientTurn, Person, VignetteFile};

/// Adds an error for every line or reply that involves a companion who is absent; false if any.
pub(super) fn check(v: &VignetteFile, file: &str, src: &str, out: &mut Vec<Diagnostic>) -> bool {
    let before = out.len();
    let has_companion = v.companion.is_some();
    let mut at = |p: &Spanned<Person>, alone: bool, what: &str, place: &str| {
        if p.value != Person::Companion {
            return;
        }
        let line = p.referenced.line();
        let column = p.referenced.column();
        if !has_companion {
            out.push(
                Diagnostic::error("A034", file, src, line, column)
                    .message(format!("{what} in {place}, but the vignette has no companion"))
                    .hint("declare one at the top: `companion: { name: Karen, relation: \"her mother\", portrait: karen }`, or remove this"),
            );
        } else if alone {
            out.push(
                Diagnostic::error("A035", file, src, line, column)
                    .message(format!("{what} in {place}, where the companion is out of the room (`alone: true`)"))
                    .hint("give this line to the patient (or this reply to the patient), or remove `alone: true`"),
            );
        }
    };
    let any_alone = v.nodes.iter().any(|n| n.alone) || v.endings.iter().any(|e| e.alone);
    for t in v.reactions.values() {
        if let Some(s) = &t.speaker {
            at(
                s,
                any_alone,
                "a reaction spoken by the companion",
                "the vignette's `reactions`",
            );
        }
    }
    for n in &v.nodes {
        let place = format!("node `{}`", n.id.value);
        for t in turns(n) {
            if let Some(s) = &t.speaker {
                at(s, n.alone, "`speaker: companion`", &place);
            }
        }
        for r in &n.replies {
            if let Some(to) = &r.to {
                at(to, n.alone, "a reply `to: companion`", &place);
            }
        }
    }
    for e in &v.endings {
        if let Some(s) = &e.patient.speaker {
            at(
                s,
                e.alone,
                "`speaker: companion`",
                &format!("ending `{}`", e.id.value),
            );
        }
    }
    out.len() == before
}

/// Every patient turn a node can show: its default, its variants, its reactions.
fn turns(n: &Node) -> impl Iterator<Item = &PatientTurn> {
    std::iter::once(&n.patient)
        .chain(n.variants.iter().map(|x| &x.patient))
        .chain(n.reactions.values())
}
