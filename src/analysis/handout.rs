//! A printable handout of a vignette for educators: every decision point's patient lines in full, every reply
//! with its codes, its value alone there, its feedback and where it leads, and the endings (HTML, print-ready).
//! The map (`svg`) shows the shape; this shows the words. All text from the file is escaped.

use std::fmt::Write;

use crate::report::markup::escape;
use crate::scoring::{Context, Rubric, reply_value, score};
use crate::vignette::compiled::{Condition, Measure, Node};
use crate::vignette::{Target, Vignette};

/// The handout as one self-contained HTML page, laid out for A4 or Letter paper.
pub fn render(v: &Vignette, rubric: &Rubric) -> String {
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>{title} — handout</title>\n<style>\n\
         body {{ font-family: 'DejaVu Sans', 'Segoe UI', Helvetica, Arial, sans-serif; font-size: 11pt; margin: 2em; color: #212121; }}\n\
         h1 {{ font-size: 18pt; margin-bottom: 0.2em; }} h2 {{ font-size: 13pt; margin: 1.2em 0 0.3em; border-bottom: 1px solid #999; }}\n\
         .node {{ break-inside: avoid; page-break-inside: avoid; margin-bottom: 1em; }}\n\
         .patient {{ background: #f3f3f3; padding: 0.4em 0.6em; border-radius: 4px; }}\n\
         .cue {{ color: #555; font-style: italic; }} .meta {{ color: #555; font-size: 9.5pt; }}\n\
         ol {{ margin: 0.4em 0 0 1.2em; padding: 0; }} li {{ margin-bottom: 0.4em; }}\n\
         .value {{ font-variant-numeric: tabular-nums; font-weight: bold; }}\n\
         @page {{ size: A4; margin: 15mm; }} @media print {{ body {{ margin: 0; }} }}\n\
         </style></head><body>\n<h1>{title}</h1>\n<p class=\"meta\">{id} · {setting} · {disclaimer}</p>\n<p>{summary}</p>\n\
         <p><strong>{name}</strong>, {age}: {background}</p>\n",
        title = escape(&v.title),
        id = escape(&v.id),
        setting = escape(&v.setting),
        disclaimer = escape(&v.disclaimer),
        summary = escape(&v.summary),
        name = escape(&v.patient.name),
        age = v.patient.age,
        background = escape(&v.patient.background),
    );
    let _ = writeln!(
        o,
        "<p class=\"meta\">Replies are listed as written; students see them in an order drawn from the session's seed. \
         <em>Value</em> is bond + goal + task + ½ empathy for the reply on its own at that point (no history), as \
         <code>alliance score</code> ranks it.</p>"
    );
    for node in &v.nodes {
        node_section(&mut o, v, node, rubric);
    }
    let _ = writeln!(o, "<h2>Endings</h2>\n<ol>");
    for e in &v.endings {
        let _ = writeln!(
            o,
            "<li><strong>{}</strong> ({}): {}<div class=\"patient\">“{}” <span class=\"cue\">({})</span></div></li>",
            escape(&e.title),
            e.outcome.as_str(),
            escape(&e.meaning),
            escape(&e.patient.say.join(" / ")),
            escape(&e.patient.cue)
        );
    }
    let _ = writeln!(o, "</ol>\n</body></html>");
    o
}

fn node_section(o: &mut String, v: &Vignette, node: &Node, rubric: &Rubric) {
    let phase = node
        .phase
        .map(|p| format!(" · {}", format!("{p:?}").to_lowercase()))
        .unwrap_or_default();
    let _ = writeln!(
        o,
        "<div class=\"node\"><h2>{}{}</h2>",
        escape(&node.id),
        phase
    );
    let turn = |o: &mut String, when: &str, t: &crate::vignette::compiled::Turn| {
        let _ = writeln!(
            o,
            "<div class=\"patient\">{when}“{}” <span class=\"cue\">({}; {})</span></div>",
            escape(&t.say.join(" / ")),
            escape(&t.cue),
            t.emotion.as_str()
        );
    };
    turn(o, "", &node.patient);
    for (c, t) in &node.variants {
        turn(o, &format!("<em>{}:</em> ", escape(&describe(c, v))), t);
    }
    if let Some(limit) = &node.limit {
        let _ = writeln!(o, "<p class=\"meta\">Stated limit: {}</p>", escape(limit));
    }
    let ctx = Context::alone_at(node);
    let _ = writeln!(o, "<ol>");
    for r in &node.replies {
        let value = reply_value(&score(rubric, &r.codes, &r.effects, &ctx).delta);
        let codes: Vec<String> = r
            .codes
            .iter()
            .map(|c| c.as_str().replace('_', " "))
            .collect();
        let leads: Vec<String> = r
            .dest
            .iter()
            .map(|(c, t, _)| {
                let to = match *t {
                    Target::Node(n) => v.nodes[n].id.clone(),
                    Target::Ending(e) => format!("ending “{}”", v.endings[e].title),
                };
                match c {
                    Some(c) => format!("{to} {}", describe(c, v)),
                    None => to,
                }
            })
            .collect();
        let _ = writeln!(
            o,
            "<li>“{}”<br><span class=\"meta\">{} · value <span class=\"value\">{value:+.1}</span> · leads to {}</span><br>{}</li>",
            escape(&r.text),
            escape(&codes.join(", ")),
            escape(&leads.join("; otherwise ")),
            escape(&r.feedback)
        );
    }
    let _ = writeln!(o, "</ol></div>");
}

/// A condition in words: "if the alliance is at least 45 and no strain is open".
fn describe(c: &Condition, v: &Vignette) -> String {
    let mut parts = Vec::new();
    for (m, lo, hi) in &c.ranges {
        let name = match m {
            Measure::Bond => "the bond",
            Measure::Goal => "goal agreement",
            Measure::Task => "task agreement",
            Measure::Empathy => "empathy",
            Measure::Alliance => "the alliance",
        };
        if let Some(lo) = lo {
            parts.push(format!("{name} is at least {lo:.0}"));
        }
        if let Some(hi) = hi {
            parts.push(format!("{name} is below {hi:.0}"));
        }
    }
    match c.continued {
        Some(true) => parts.push("the visit continues the first".to_owned()),
        Some(false) => parts.push("the visit started afresh".to_owned()),
        None => {}
    }
    match c.rupture_open {
        Some(true) => parts.push("a strain is open".to_owned()),
        Some(false) => parts.push("no strain is open".to_owned()),
        None => {}
    }
    for &n in &c.visited {
        parts.push(format!("{} was reached", v.nodes[n].id));
    }
    for &n in &c.not_visited {
        parts.push(format!("{} was not reached", v.nodes[n].id));
    }
    let var = |i: usize| v.variables.get(i).map_or("?", |(n, _)| n.as_str());
    for &(i, n) in &c.var_at_least {
        parts.push(format!("{} is at least {n}", var(i)));
    }
    for &(i, n) in &c.var_below {
        parts.push(format!("{} is below {n}", var(i)));
    }
    if parts.is_empty() {
        "always".to_owned()
    } else {
        format!("if {}", parts.join(" and "))
    }
}
