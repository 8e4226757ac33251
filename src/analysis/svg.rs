//! The map as a self-contained SVG drawn from the built-in layout, top to bottom and page-wide: phase bands,
//! boxes with every reply in full, numbered edges, the best path, a legend; text escaped, styles inline, no scripts.

use std::fmt::Write;

use crate::analysis::graph::Map;
use crate::analysis::layout::text::{PAD, branch_letter};
use crate::analysis::layout::{BAND_LABEL_W, Layout, Rect, Route};
use crate::report::markup::escape;
use crate::vignette::model::Outcome;

const HEADER_H: f64 = 58.0;
const LEGEND_H: f64 = 128.0;
const LEGEND_W: f64 = 980.0;

const STYLE: &str = "
  text { font-family: 'DejaVu Sans', 'Segoe UI', Helvetica, Arial, sans-serif; fill: #212121; }
  .title { font-size: 18px; font-weight: bold; }
  .subtitle { font-size: 13px; fill: #424242; }
  .box { fill: #ffffff; stroke: #607d8b; stroke-width: 1.5; }
  .node.start .box { stroke: #212121; stroke-width: 3; }
  .node.rupture .box { fill: #fff3e0; }
  .node.best .box { stroke: #1565c0; stroke-width: 3; }
  .id { font-size: 13px; font-weight: bold; }
  .meta { font-size: 11px; fill: #546e7a; }
  .marker { font-size: 11px; fill: #bf360c; }
  .badge { fill: #e65100; stroke: #e65100; stroke-width: 1.5; }
  .badge.variant { fill: #ffffff; }
  .badge-text { font-size: 11px; font-weight: bold; fill: #ffffff; text-anchor: middle; }
  .badge-text.variant { fill: #e65100; }
  .ending .box { stroke-width: 2; }
  .ending.good .box { fill: #e8f5e9; stroke: #2e7d32; }
  .ending.good .inner { fill: none; stroke: #2e7d32; stroke-width: 1; }
  .ending.mixed .box { fill: #fff8e1; stroke: #f9a825; }
  .ending.poor .box { fill: #ffebee; stroke: #c62828; stroke-dasharray: 7 4; }
  .ending.best .box { stroke-width: 4; }
  .edge { fill: none; stroke: #90a4ae; stroke-width: 1.4; }
  .edge.back { stroke: #8e24aa; stroke-dasharray: 6 4; }
  .edge.best { stroke: #1565c0; stroke-width: 3.5; }
  .label { font-size: 11px; fill: #37474f; paint-order: stroke; stroke: #ffffff; stroke-width: 4px; stroke-linejoin: round; }
  .label.best { fill: #0d47a1; font-weight: bold; }
  .label.back { fill: #6a1b9a; }
  .reply, .branch { font-size: 11px; }
  .branch { fill: #455a64; font-style: italic; }
  .band { fill: #f5f7f8; }
  .band.odd { fill: #eceff1; }
  .band-name { font-size: 12px; font-weight: bold; fill: #546e7a; }
  .legend-frame { fill: #fafafa; stroke: #cfd8dc; }
  .legend-text { font-size: 12px; fill: #37474f; }
";

/// Renders `map` laid out as `lay` as a complete SVG document.
pub fn render(map: &Map, lay: &Layout) -> String {
    let width = lay.width.max(LEGEND_W + 40.0);
    let height = HEADER_H + lay.height + LEGEND_H;
    let mut s = String::new();
    let _ = writeln!(s, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}">"#,
        w = width,
        h = height
    );
    let _ = writeln!(
        s,
        "<title>{}</title>",
        escape(&format!("Map of {} ({})", map.title, map.id))
    );
    let _ = writeln!(s, "<style>{STYLE}</style>");
    s.push_str(concat!(
        "<defs>\n",
        r##"<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#90a4ae"/></marker>"##,
        "\n",
        r##"<marker id="arrow-best" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#1565c0"/></marker>"##,
        "\n",
        r##"<marker id="arrow-back" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#8e24aa"/></marker>"##,
        "\n</defs>\n"
    ));
    let _ = writeln!(
        s,
        r##"<rect x="0" y="0" width="{width:.0}" height="{height:.0}" fill="#ffffff"/>"##
    );

    // Header: what this is and where the best path goes.
    let best = match map.best_ending {
        Some(e) => format!(
            "Best path: {} decisions, ends at “{}” ({})",
            map.best_steps,
            map.endings[e].title,
            map.endings[e].outcome.as_str()
        ),
        None => format!(
            "Best path: still going after {} decisions (no ending)",
            map.best_steps
        ),
    };
    let _ = writeln!(
        s,
        r#"<g class="header"><text class="title" x="24" y="26">{}</text><text class="subtitle" x="24" y="46">{}</text></g>"#,
        escape(&format!("{} — {}", map.title, map.id)),
        escape(&format!(
            "{} decision points, {} endings, {} replies drawn as edges. {best}",
            map.nodes.len(),
            map.endings.len(),
            map.edges.len()
        ))
    );

    let _ = writeln!(
        s,
        r#"<g class="map" transform="translate(0,{HEADER_H:.0})">"#
    );
    bands(&mut s, lay, width);
    // Edges first (best ones last, so they sit on top), then boxes, then labels over everything.
    s.push_str("<g class=\"edges\">\n");
    let mut order: Vec<usize> = (0..map.edges.len()).collect();
    order.sort_by_key(|&k| map.edges[k].best);
    for &k in &order {
        let e = &map.edges[k];
        let r = &lay.routes[k];
        let (class, arrow) = if e.best {
            ("edge best", "arrow-best")
        } else if e.back {
            ("edge back", "arrow-back")
        } else {
            ("edge", "arrow")
        };
        let to = match e.to {
            crate::vignette::Target::Node(j) => map.nodes[j].id.as_str(),
            crate::vignette::Target::Ending(j) => map.endings[j].id.as_str(),
        };
        let tip = match &e.condition {
            Some(c) => format!(
                "{} → {to}, reply {} [{c}]: {}",
                map.nodes[e.from].id, e.reply, e.text
            ),
            None => format!(
                "{} → {to}, reply {}: {}",
                map.nodes[e.from].id, e.reply, e.text
            ),
        };
        let _ = writeln!(
            s,
            r#"<path class="{class}" d="{}" marker-end="url(#{arrow})"><title>{}</title></path>"#,
            path_d(r),
            escape(&tip)
        );
    }
    s.push_str("</g>\n<g class=\"boxes\">\n");
    for (i, node) in map.nodes.iter().enumerate() {
        let r = lay.boxes[i];
        let mut class = String::from("node");
        if node.start {
            class.push_str(" start");
        }
        if node.rupture_always {
            class.push_str(" rupture");
        }
        if node.on_best {
            class.push_str(" best");
        }
        let mut meta = Vec::new();
        if node.start {
            meta.push("START".to_owned());
        }
        if let Some(p) = &node.phase {
            meta.push(p.clone());
        }
        let tip = format!(
            "node {}{}{}",
            node.id,
            node.phase
                .as_ref()
                .map(|p| format!(" ({p})"))
                .unwrap_or_default(),
            if node.ruptures.is_empty() {
                String::new()
            } else {
                format!(
                    "; rupture marker{}: {}",
                    if node.rupture_always {
                        ""
                    } else {
                        " in a variant"
                    },
                    node.ruptures
                        .iter()
                        .map(|m| m.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        );
        let _ = writeln!(
            s,
            r#"<g class="{class}" id="node-{}"><title>{}</title>"#,
            escape(&node.id),
            escape(&tip)
        );
        let _ = writeln!(
            s,
            r#"<rect class="box" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="4"/>"#,
            r.x, r.y, r.w, r.h
        );
        lines(&mut s, r, &lay.lines[i]);
        if !node.ruptures.is_empty() {
            let _ = writeln!(
                s,
                r#"<circle class="badge{v}" cx="{:.1}" cy="{:.1}" r="8"/><text class="badge-text{v}" x="{:.1}" y="{:.1}">!</text>"#,
                r.x + r.w - 11.0,
                r.y + 11.0,
                r.x + r.w - 11.0,
                r.y + 15.0,
                v = if node.rupture_always { "" } else { " variant" },
            );
        }
        s.push_str("</g>\n");
    }
    let n = map.nodes.len();
    for (e, ending) in map.endings.iter().enumerate() {
        let r = lay.boxes[n + e];
        let outcome = ending.outcome.as_str();
        let _ = writeln!(
            s,
            r#"<g class="ending {outcome}{}" id="ending-{}"><title>{}</title>"#,
            if ending.on_best { " best" } else { "" },
            escape(&ending.id),
            escape(&format!(
                "ending {} “{}” ({outcome})",
                ending.id, ending.title
            ))
        );
        ending_shape(&mut s, r, ending.outcome);
        lines(&mut s, r, &lay.lines[n + e]);
        s.push_str("</g>\n");
    }
    s.push_str("</g>\n<g class=\"labels\">\n");
    for &k in &order {
        let e = &map.edges[k];
        let (x, y) = lay.routes[k].points[0];
        let class = if e.best {
            "label best"
        } else if e.back {
            "label back"
        } else {
            "label"
        };
        let _ = writeln!(
            s,
            r#"<text class="{class}" x="{:.1}" y="{:.1}">{}</text>"#,
            x + 3.0,
            y + 13.0,
            escape(&number(map, k))
        );
    }
    s.push_str("</g>\n</g>\n");
    legend(&mut s, HEADER_H + lay.height);
    s.push_str("</svg>\n");
    s
}

/// The drawing of one route: smooth curves between rows, straight runs through dummy points, and
/// right-angled runs for back edges.
fn path_d(r: &Route) -> String {
    let mut d = String::new();
    let Some(&(x0, y0)) = r.points.first() else {
        return d;
    };
    let _ = write!(d, "M{x0:.1},{y0:.1}");
    for w in r.points.windows(2) {
        let ((ax, ay), (bx, by)) = (w[0], w[1]);
        if r.back || (ax - bx).abs() < 0.5 {
            let _ = write!(d, " L{bx:.1},{by:.1}");
        } else {
            let dy = (by - ay) / 2.0;
            let _ = write!(
                d,
                " C{ax:.1},{:.1} {bx:.1},{:.1} {bx:.1},{by:.1}",
                ay + dy,
                by - dy
            );
        }
    }
    d
}

fn ending_shape(s: &mut String, r: Rect, outcome: Outcome) {
    let _ = writeln!(
        s,
        r#"<rect class="box" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="{:.1}"/>"#,
        r.x,
        r.y,
        r.w,
        r.h,
        r.h / 2.0
    );
    if outcome == Outcome::Good {
        let _ = writeln!(
            s,
            r#"<rect class="inner" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="{:.1}"/>"#,
            r.x + 4.0,
            r.y + 4.0,
            r.w - 8.0,
            r.h - 8.0,
            r.h / 2.0 - 4.0
        );
    }
}

/// A box's text, line by line, as the layout wrapped it.
fn lines(s: &mut String, r: Rect, lines: &[crate::analysis::layout::Line]) {
    for l in lines {
        let _ = writeln!(
            s,
            r#"<text class="{}" x="{:.1}" y="{:.1}">{}</text>"#,
            l.class,
            r.x + PAD + l.indent,
            r.y + l.baseline,
            escape(&l.text)
        );
    }
}

/// The number an edge is labelled with: its reply's, and a letter for one branch of several.
fn number(map: &Map, k: usize) -> String {
    let e = &map.edges[k];
    let siblings: Vec<usize> = (0..map.edges.len())
        .filter(|&j| map.edges[j].from == e.from && map.edges[j].reply == e.reply)
        .collect();
    match siblings.iter().position(|&j| j == k) {
        Some(p) if siblings.len() > 1 => format!("{}{}", e.reply, branch_letter(p)),
        _ => e.reply.to_string(),
    }
}

/// The phases as shaded horizontal bands behind the rows, each named at the left; neighbouring rows in the same
/// phase share a band.
fn bands(s: &mut String, lay: &Layout, width: f64) {
    s.push_str("<g class=\"bands\">\n");
    let mut i = 0;
    let mut odd = false;
    while i < lay.rows.len() {
        let phase = lay.rows[i].phase.clone();
        let mut j = i;
        while j + 1 < lay.rows.len() && lay.rows[j + 1].phase == phase {
            j += 1;
        }
        if let Some(p) = &phase {
            let top = lay.rows[i].top - 14.0;
            let bottom = lay.rows[j].top + lay.rows[j].height + 14.0;
            let _ = writeln!(
                s,
                r#"<rect class="band{}" x="0" y="{top:.1}" width="{width:.0}" height="{:.1}"><title>{}</title></rect>"#,
                if odd { " odd" } else { "" },
                bottom - top,
                escape(&format!("phase: {p}"))
            );
            let _ = writeln!(
                s,
                r#"<text class="band-name" x="12" y="{:.1}">{}</text>"#,
                top + 28.0,
                escape(
                    &crate::analysis::layout::text::wrap(p, (BAND_LABEL_W / 8.0) as usize)
                        .join(" ")
                )
            );
            odd = !odd;
        }
        i = j + 1;
    }
    s.push_str("</g>\n");
}

/// The key to the drawing, below it.
fn legend(s: &mut String, top: f64) {
    let _ = writeln!(
        s,
        r#"<g class="legend" transform="translate(24,{:.0})">"#,
        top + 8.0
    );
    let _ = writeln!(
        s,
        r#"<rect class="legend-frame" x="0" y="0" width="{LEGEND_W:.0}" height="{:.0}" rx="6"/>"#,
        LEGEND_H - 20.0
    );
    let _ = writeln!(
        s,
        r#"<text class="legend-text" x="12" y="20" font-weight="bold">Legend</text>"#
    );
    // Row 1: boxes.
    s.push_str(concat!(
        r#"<g class="node start"><rect class="box" x="12" y="32" width="34" height="20" rx="3"/></g>"#,
        r#"<text class="legend-text" x="52" y="46">start</text>"#,
        r#"<g class="node"><rect class="box" x="110" y="32" width="34" height="20" rx="3"/></g>"#,
        r#"<text class="legend-text" x="150" y="46">decision point (node id, phase)</text>"#,
        r#"<g class="node rupture"><rect class="box" x="352" y="32" width="34" height="20" rx="3"/>"#,
        r#"<circle class="badge" cx="378" cy="42" r="7"/><text class="badge-text" x="378" y="46">!</text></g>"#,
        r#"<text class="legend-text" x="392" y="46">patient turn carries a rupture marker (hollow ! : only in a variant)</text>"#,
        "\n"
    ));
    // Row 2: edges.
    s.push_str(concat!(
        r#"<path class="edge best" d="M12,72 L46,72" marker-end="url(#arrow-best)"/>"#,
        r#"<text class="legend-text" x="52" y="76">best path (best-scoring reply each time)</text>"#,
        r#"<path class="edge" d="M330,72 L364,72" marker-end="url(#arrow)"/>"#,
        r#"<text class="legend-text" x="370" y="76">reply: its number in the box above (1a, 1b: branches)</text>"#,
        r#"<path class="edge back" d="M780,72 L814,72" marker-end="url(#arrow-back)"/>"#,
        r#"<text class="legend-text" x="820" y="76">back edge (loop)</text>"#,
        "\n"
    ));
    // Row 3: endings by outcome.
    for (x, outcome, words) in [
        (12.0, Outcome::Good, "good ending (double border)"),
        (250.0, Outcome::Mixed, "mixed ending"),
        (430.0, Outcome::Poor, "poor ending (dashed border)"),
    ] {
        let _ = write!(s, r#"<g class="ending {}">"#, outcome.as_str());
        ending_shape(
            s,
            Rect {
                x,
                y: 88.0,
                w: 34.0,
                h: 18.0,
            },
            outcome,
        );
        let _ = writeln!(
            s,
            r#"</g><text class="legend-text" x="{:.0}" y="102">{words}</text>"#,
            x + 40.0
        );
    }
    let _ = writeln!(
        s,
        r#"<text class="legend-text" x="660" y="102">Shaded bands: the consultation's phases.</text>"#
    );
    s.push_str("</g>\n");
}
