//! The exploration as plain text for the terminal: the figures first (each saying whether it is exact or a
//! bound), then each finding with the node, the reply number and its text.

use std::fmt::Write;

use crate::analysis::explore::{Exploration, Extreme, Reach, Route};
use crate::analysis::findings::Method;
use crate::analysis::search::SEED;
use crate::analysis::walk::Bound;

/// `1234567` as `1,234,567`.
pub fn thousands(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        thousands(n as u128),
        if n == 1 { one } else { many }
    )
}

fn route_lines(out: &mut String, r: &Route, id: &str) {
    let numbers: Vec<String> = r.replies.iter().map(usize::to_string).collect();
    let _ = writeln!(
        out,
        "    replies: {}   (alliance play {id} --seed {SEED} --replies {})",
        numbers.join(", "),
        numbers.join(",")
    );
    let _ = writeln!(out, "    through: {}", r.nodes.join(" → "));
}

fn extreme(out: &mut String, name: &str, x: &Extreme, id: &str, best: bool) {
    match &x.route {
        Some(r) => {
            let _ = writeln!(
                out,
                "{name} reachable WAI-SR: {}/60 (task {}, bond {}, goal {}) at “{}” ({}), in {}",
                r.wai_sr.total,
                r.wai_sr.task,
                r.wai_sr.bond,
                r.wai_sr.goal,
                r.title,
                r.outcome.as_str(),
                plural(r.replies.len(), "decision", "decisions")
            );
            if !x.proven {
                let bound = x.bound.map_or(String::new(), |b| {
                    format!(
                        "; no path can end {} {b}/60",
                        if best { "above" } else { "below" }
                    )
                });
                let _ = writeln!(
                    out,
                    "    (the {} seen: the search stopped at its state limit{bound})",
                    name.to_lowercase()
                );
            }
            route_lines(out, r, id);
        }
        None => {
            let _ = writeln!(
                out,
                "{name} reachable WAI-SR: no path to an ending was found"
            );
        }
    }
}

/// Renders the exploration for the terminal.
pub fn text(x: &Exploration) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "EXPLORE: {} — “{}”", x.vignette, x.title);
    let _ = writeln!(out);
    let w = &x.exact_walk;
    match w.bound {
        None => {
            let _ = writeln!(
                out,
                "  Every path followed: {} distinct {} (node, alliance, rupture, variables, replies used, …).",
                thousands(w.states as u128),
                if w.states == 1 { "state" } else { "states" }
            );
        }
        Some(b) => {
            let why = match b {
                Bound::States => format!(
                    "its limit of {}",
                    plural(x.limits.max_states, "state", "states")
                ),
                Bound::Depth => format!(
                    "its limit of {} on one path",
                    plural(x.limits.max_depth, "decision", "decisions")
                ),
            };
            let _ = writeln!(
                out,
                "  The exact walk stopped at {why} ({} not followed).",
                plural(w.cut_moves, "move", "moves")
            );
            if let Some(i) = &x.interval_walk {
                let _ = writeln!(
                    out,
                    "  The interval walk (alliance as ranges) {} {}.",
                    if i.complete {
                        "covered every path in"
                    } else {
                        "stopped at"
                    },
                    plural(i.states, "state", "states")
                );
            }
        }
    }
    let p = &x.paths;
    let paths = if p.unbounded {
        "unbounded: a loop can be gone round any number of times and still end".to_owned()
    } else if let Some(n) = p.exact {
        format!(
            "{}{}",
            if p.saturated { "at least " } else { "" },
            thousands(n)
        )
    } else {
        match p.at_most {
            Some(m) => format!(
                "between {} and {} (at least the paths followed; at most what the interval walk allows)",
                thousands(p.at_least),
                thousands(m)
            ),
            None => format!("at least {}", thousands(p.at_least)),
        }
    };
    let _ = writeln!(out, "  Distinct paths to an ending: {paths}");
    let _ = writeln!(out);

    extreme(&mut out, "Best", &x.best, &x.vignette, true);
    extreme(&mut out, "Worst", &x.worst, &x.vignette, false);
    let _ = writeln!(out);

    let _ = writeln!(out, "Shortest path to each ending");
    for e in &x.endings {
        let head = format!("  {} “{}” ({})", e.id, e.title, e.outcome.as_str());
        match (&e.shortest, e.reach) {
            (Some(r), _) => {
                let _ = writeln!(
                    out,
                    "{head}: {}{}, WAI-SR {}/60",
                    plural(r.replies.len(), "decision", "decisions"),
                    if e.proven { "" } else { " (shortest seen)" },
                    r.wai_sr.total
                );
                route_lines(&mut out, r, &x.vignette);
            }
            (None, Reach::No) => {
                let _ = writeln!(out, "{head}: NEVER REACHED");
            }
            (None, _) => {
                let _ = writeln!(out, "{head}: not found before the state limit");
            }
        }
    }
    let _ = writeln!(out);

    let f = &x.findings;
    let source = match f.method {
        Method::Exact => "exact: every state was seen",
        Method::Intervals => {
            "from the interval walk: each finding holds on every path, a few may be missed"
        }
        Method::None => "none: neither walk finished, so nothing below can be proven",
    };
    let _ = writeln!(out, "Findings ({source})");
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Replies never worth choosing (wherever offered, another reply scores higher and goes to the same place)"
    );
    if f.dominated.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for d in &f.dominated {
        let by: Vec<String> = d.by.iter().map(usize::to_string).collect();
        let _ = writeln!(
            out,
            "  {} reply {} “{}”: beaten by reply {} (offered in {})",
            d.node,
            d.reply,
            d.text,
            by.join(" or "),
            plural(d.offered_in, "state", "states")
        );
    }
    let _ = writeln!(out);

    let u = &f.unreached;
    let _ = writeln!(out, "Content no path reaches");
    let mut any = false;
    let mut list = |label: &str, items: Vec<String>| {
        if !items.is_empty() {
            any = true;
            let _ = writeln!(out, "  {label}:");
            for i in items {
                let _ = writeln!(out, "    {i}");
            }
        }
    };
    list("nodes", u.nodes.clone());
    list(
        "variants never shown",
        u.variants
            .iter()
            .map(|v| format!("{} variant {}", v.node, v.variant))
            .collect(),
    );
    list(
        "replies whose `when` never holds",
        u.replies_when_never_holds
            .iter()
            .map(|r| format!("{} reply {} “{}”", r.node, r.reply, r.text))
            .collect(),
    );
    list(
        "replies never offered",
        u.replies_never_offered
            .iter()
            .map(|r| format!("{} reply {} “{}”", r.node, r.reply, r.text))
            .collect(),
    );
    list("endings", u.endings.clone());
    if !any {
        let _ = writeln!(
            out,
            "  none: every node, variant, reply and ending is reached"
        );
    }
    let _ = writeln!(out);

    let _ = writeln!(
        out,
        "Decision points where every reply strains (every offered reply scores below zero, in every state)"
    );
    if f.strain_points.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for p in &f.strain_points {
        let _ = writeln!(
            out,
            "  {} ({}; the least bad reply scores {:.1})",
            p.node,
            plural(p.states, "state", "states"),
            p.best_value
        );
    }
    out
}
