//! uncovered.yaml beside the class report: the typed replies no written reply covered, by vignette and decision
//! point, as a block an author can paste from (`also:` under the reply meant, or a reply of its own).

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::cohort::aggregate::Aggregate;

/// The YAML text; `None` when every typed reply matched a written one.
pub fn render(agg: &Aggregate) -> Option<String> {
    let mut s = String::from(
        "# Typed replies that no written reply covered, by vignette and decision point (the first few of each).\n\
         # Paste a line under the written reply it means, as `also:`, or make it a reply of its own with the codes\n\
         # it should carry (docs/authoring.md). `read_as` is what the classifier read; `alliance check` warns (W010)\n\
         # when an alternative reads differently from its reply.\n",
    );
    // Vignette -> node -> (typed, unmatched, examples), over every assignment, each text once.
    type Examples<'a> = Vec<&'a crate::cohort::aggregate::UnmatchedReply>;
    let mut by: BTreeMap<&str, BTreeMap<&str, (u32, u32, Examples)>> = BTreeMap::new();
    for v in agg.assignments.iter().flat_map(|a| &a.vignettes) {
        for n in v.nodes.iter().filter(|n| !n.unmatched_examples.is_empty()) {
            let e = by.entry(&v.id).or_default().entry(&n.node).or_default();
            e.0 += n.typed;
            e.1 += n.unmatched;
            for u in &n.unmatched_examples {
                if !e.2.iter().any(|x| x.text == u.text) {
                    e.2.push(u);
                }
            }
        }
    }
    let any = !by.is_empty();
    for (vignette, nodes) in by {
        let _ = writeln!(s, "{}:", quote(vignette));
        for (node, (typed, unmatched, examples)) in nodes {
            let _ = writeln!(
                s,
                "  {}:  # {unmatched} unmatched of {typed} typed",
                quote(node)
            );
            for u in examples {
                let _ = writeln!(
                    s,
                    "    - {{ also: {}, read_as: [{}]{} }}",
                    quote(&u.text),
                    u.codes.join(", "),
                    if u.strained { ", strained: true" } else { "" }
                );
            }
        }
    }
    any.then_some(s)
}

/// A YAML double-quoted scalar (JSON's string syntax is valid YAML), so any typed text is safe to paste.
fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}
