//! The map as a Mermaid flowchart, for pasting into Markdown that renders Mermaid (GitHub, GitLab, wikis):
//! outcome classes on endings, rupture nodes marked, the best path as thick links, back edges dotted.

use std::fmt::Write;

use crate::analysis::graph::LABEL_CHARS;
use crate::analysis::graph::Map;
use crate::vignette::Target;

/// Text made safe inside a quoted Mermaid label (quotes and markup characters as entity codes).
pub fn label_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '#' => out.push_str("#35;"),
            '|' => out.push_str("#124;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The Mermaid id of a node (`n3`) or ending (`e1`): vignette ids may contain characters Mermaid reserves.
pub fn id(t: Target) -> String {
    match t {
        Target::Node(i) => format!("n{i}"),
        Target::Ending(e) => format!("e{e}"),
    }
}

/// Renders `map` as a left-to-right Mermaid flowchart.
pub fn render(map: &Map) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "---\ntitle: \"{}\"\n---",
        label_text(&format!("{} — {}", map.title, map.id))
    );
    s.push_str("flowchart LR\n");
    for (i, node) in map.nodes.iter().enumerate() {
        let mut label = node.id.clone();
        if node.start {
            label.push_str(" · START");
        }
        if !node.ruptures.is_empty() {
            let names: Vec<&str> = node.ruptures.iter().map(|m| m.as_str()).collect();
            label.push_str(&format!(
                "<br/>! rupture{}: {}",
                if node.rupture_always {
                    ""
                } else {
                    " (variant)"
                },
                names.join(", ")
            ));
        }
        // The <br/> is Mermaid markup; everything else is escaped.
        let text = label_text(&label).replace("#lt;br/#gt;", "<br/>");
        let _ = writeln!(s, "  {}[\"{text}\"]", id(Target::Node(i)));
    }
    for (e, ending) in map.endings.iter().enumerate() {
        let _ = writeln!(
            s,
            "  {}([\"{}\"])",
            id(Target::Ending(e)),
            label_text(&format!(
                "{} · {} ending",
                ending.title,
                ending.outcome.as_str()
            ))
        );
    }
    let mut best_links = Vec::new();
    let mut back_links = Vec::new();
    for (k, e) in map.edges.iter().enumerate() {
        let arrow = if e.best {
            best_links.push(k);
            "==>"
        } else if e.back {
            back_links.push(k);
            "-.->"
        } else {
            "-->"
        };
        let _ = writeln!(
            s,
            "  {} {arrow}|\"{}\"| {}",
            id(Target::Node(e.from)),
            label_text(&e.label(LABEL_CHARS)),
            id(e.to)
        );
    }
    s.push_str("  classDef good fill:#e8f5e9,stroke:#2e7d32,stroke-width:3px\n");
    s.push_str("  classDef mixed fill:#fff8e1,stroke:#f9a825,stroke-width:2px\n");
    s.push_str(
        "  classDef poor fill:#ffebee,stroke:#c62828,stroke-width:2px,stroke-dasharray:6 3\n",
    );
    s.push_str("  classDef rupture fill:#fff3e0,stroke:#e65100\n");
    s.push_str("  classDef best stroke:#1565c0,stroke-width:3px\n");
    for (e, ending) in map.endings.iter().enumerate() {
        let _ = writeln!(
            s,
            "  class {} {}",
            id(Target::Ending(e)),
            ending.outcome.as_str()
        );
    }
    for (i, node) in map.nodes.iter().enumerate() {
        let mut classes = Vec::new();
        if !node.ruptures.is_empty() {
            classes.push("rupture");
        }
        if node.on_best {
            classes.push("best");
        }
        if !classes.is_empty() {
            // Mermaid applies one class per statement; later ones win on shared properties.
            for c in classes {
                let _ = writeln!(s, "  class {} {c}", id(Target::Node(i)));
            }
        }
    }
    let list = |ks: &[usize]| {
        ks.iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(",")
    };
    if !best_links.is_empty() {
        let _ = writeln!(
            s,
            "  linkStyle {} stroke:#1565c0,stroke-width:3px",
            list(&best_links)
        );
    }
    if !back_links.is_empty() {
        let _ = writeln!(s, "  linkStyle {} stroke:#8e24aa", list(&back_links));
    }
    s
}
