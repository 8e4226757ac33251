//! The map as Graphviz DOT text, for `dot -Tsvg` or any tool that reads DOT: the same marks as the built-in
//! SVG (outcome colours and shapes, rupture nodes, the best path, back edges dashed).

use std::fmt::Write;

use crate::analysis::graph::LABEL_CHARS;
use crate::analysis::graph::Map;
use crate::vignette::Target;
use crate::vignette::model::Outcome;

/// Quotes a string as a DOT string literal.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The DOT name of a node or ending (`n:` and `e:` prefixes keep a node and an ending with one id apart).
pub fn name(map: &Map, t: Target) -> String {
    match t {
        Target::Node(i) => quote(&format!("n:{}", map.nodes[i].id)),
        Target::Ending(e) => quote(&format!("e:{}", map.endings[e].id)),
    }
}

/// Renders `map` as a DOT digraph laid out left to right.
pub fn render(map: &Map) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "digraph {} {{", quote(&map.id));
    let _ = writeln!(
        s,
        "  label={}; labelloc=t; fontname=\"Helvetica\"; rankdir=TB; nodesep=0.35; ranksep=0.9;",
        quote(&format!("{} — {}", map.title, map.id))
    );
    s.push_str("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", color=\"#607d8b\", fontname=\"Helvetica\", fontsize=11];\n");
    s.push_str("  edge [color=\"#90a4ae\", fontname=\"Helvetica\", fontsize=9];\n");
    for (i, node) in map.nodes.iter().enumerate() {
        let mut label = node.id.clone();
        if let Some(p) = &node.phase {
            label.push_str(&format!("\\n{p}"));
        }
        if !node.ruptures.is_empty() {
            let names: Vec<&str> = node.ruptures.iter().map(|m| m.as_str()).collect();
            label.push_str(&format!(
                "\\n! rupture{}: {}",
                if node.rupture_always {
                    ""
                } else {
                    " (variant)"
                },
                names.join(", ")
            ));
        }
        let mut attrs = vec![format!("label=\"{}\"", label.replace('"', "\\\""))];
        if node.rupture_always {
            attrs.push("fillcolor=\"#fff3e0\"".to_owned());
        }
        if !node.ruptures.is_empty() {
            attrs.push("class=\"rupture\"".to_owned());
        }
        if node.on_best {
            attrs.push("color=\"#1565c0\", penwidth=3".to_owned());
        } else if node.start {
            attrs.push("color=\"#212121\", penwidth=3".to_owned());
        }
        let _ = writeln!(
            s,
            "  {} [{}];",
            name(map, Target::Node(i)),
            attrs.join(", ")
        );
    }
    for (e, ending) in map.endings.iter().enumerate() {
        let (shape, fill, colour, style) = match ending.outcome {
            Outcome::Good => ("doubleoctagon", "#e8f5e9", "#2e7d32", "filled"),
            Outcome::Mixed => ("octagon", "#fff8e1", "#f9a825", "filled"),
            Outcome::Poor => ("octagon", "#ffebee", "#c62828", "filled,dashed"),
        };
        let _ = writeln!(
            s,
            "  {} [label={}, shape={shape}, style={}, fillcolor=\"{fill}\", color=\"{colour}\", penwidth={}, class=\"ending {}\"];",
            name(map, Target::Ending(e)),
            quote(&format!(
                "{}\n{} ending",
                ending.title,
                ending.outcome.as_str()
            )),
            quote(style),
            if ending.on_best { 4 } else { 2 },
            ending.outcome.as_str()
        );
    }
    for e in &map.edges {
        let mut attrs = vec![format!("label={}", quote(&e.label(LABEL_CHARS)))];
        attrs.push(format!("tooltip={}", quote(&e.text)));
        if e.best {
            attrs.push("color=\"#1565c0\", penwidth=3, class=\"best\"".to_owned());
        } else if e.back {
            attrs.push("color=\"#8e24aa\", style=dashed, class=\"back\"".to_owned());
        }
        let _ = writeln!(
            s,
            "  {} -> {} [{}];",
            name(map, Target::Node(e.from)),
            name(map, e.to),
            attrs.join(", ")
        );
    }
    s.push_str("}\n");
    s
}
