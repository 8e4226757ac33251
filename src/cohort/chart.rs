//! Inline SVG charts for the class report: a histogram, stacked and share bars, a line over attempts.
//! Plain SVG with titles and text labels: no script, no fonts or images fetched, readable in print.

use std::fmt::Write;

use crate::report::markup::escape as esc;

/// Colours that stay distinct in greyscale print, each paired with a text label wherever used.
pub mod colour {
    /// Passed, good outcome, repaired.
    pub const GOOD: &str = "#2e7d5b";
    /// Mixed outcome.
    pub const MIXED: &str = "#d9a03f";
    /// Failed, poor outcome, strained.
    pub const POOR: &str = "#b8463a";
    /// Not attempted, unfinished.
    pub const NONE: &str = "#b9bec7";
    /// Neutral bars.
    pub const BAR: &str = "#3d6fb6";
    /// Axis and grid.
    pub const AXIS: &str = "#6b7280";
}

/// A histogram: one bar per bin with its count on top, labels below, an optional marked threshold between
/// bins (`at` is a bin position, e.g. 8.25 = a quarter into the ninth bin).
pub fn histogram(bins: &[(String, u32)], threshold: Option<(f64, String)>, label: &str) -> String {
    let (w, h, left, bottom, top) = (600.0, 240.0, 36.0, 40.0, 34.0);
    let n = bins.len().max(1) as f64;
    let plot_w = w - left - 10.0;
    let plot_h = h - bottom - top;
    let bw = plot_w / n;
    let max = bins.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart histogram" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{}"><title>{}</title>"#,
        esc(label),
        esc(label)
    );
    let base = top + plot_h;
    let _ = write!(
        s,
        r#"<line x1="{left}" y1="{base}" x2="{}" y2="{base}" stroke="{}" stroke-width="1"/>"#,
        w - 10.0,
        colour::AXIS
    );
    let _ = write!(
        s,
        r##"<text x="{}" y="{}" font-size="11" text-anchor="end" fill="{}">{max}</text><line x1="{left}" y1="{top}" x2="{}" y2="{top}" stroke="#e5e7eb" stroke-width="1"/>"##,
        left - 4.0,
        top + 4.0,
        colour::AXIS,
        w - 10.0
    );
    // The counts are drawn last, haloed in white; one the pass mark's line would cross moves beside the line.
    let mark = threshold.as_ref().map(|(at, _)| left + at * bw);
    let mut counts = String::new();
    for (i, (name, count)) in bins.iter().enumerate() {
        let x = left + i as f64 * bw;
        let bh = plot_h * f64::from(*count) / f64::from(max);
        let _ = write!(
            s,
            r#"<rect class="bar" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{}"><title>{}: {count}</title></rect>"#,
            x + 2.0,
            base - bh,
            bw - 4.0,
            bh,
            colour::BAR,
            esc(name)
        );
        if *count > 0 {
            let centre = x + bw / 2.0;
            let (at, anchor) = match mark {
                Some(m) if (centre - m).abs() < 10.0 && centre >= m => (m + 4.0, "start"),
                Some(m) if (centre - m).abs() < 10.0 => (m - 4.0, "end"),
                _ => (centre, "middle"),
            };
            let _ = write!(
                counts,
                r##"<text x="{at:.1}" y="{:.1}" font-size="11" text-anchor="{anchor}" stroke="#fff" stroke-width="3" paint-order="stroke">{count}</text>"##,
                base - bh - 4.0
            );
        }
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{:.1}" font-size="10" text-anchor="middle" fill="{}">{}</text>"#,
            x + bw / 2.0,
            base + 14.0,
            colour::AXIS,
            esc(name)
        );
    }
    if let Some((at, text)) = threshold {
        // The line spans the plot; its label sits above the plot, clear of the bars' counts.
        let x = left + at * bw;
        let _ = write!(
            s,
            r#"<line class="threshold" x1="{x:.1}" y1="{}" x2="{x:.1}" y2="{base}" stroke="{}" stroke-width="2" stroke-dasharray="5,3"/><text x="{x:.1}" y="12" font-size="11" text-anchor="middle" fill="{}">{}</text>"#,
            top - 16.0,
            colour::POOR,
            colour::POOR,
            esc(&text)
        );
    }
    s.push_str(&counts);
    let _ = write!(
        s,
        r#"<text x="{:.1}" y="{}" font-size="11" text-anchor="middle" fill="{}">WAI-SR total (12-60)</text></svg>"#,
        left + plot_w / 2.0,
        h - 6.0,
        colour::AXIS
    );
    s
}

/// A horizontal bar split into labelled parts (label, count, colour); parts of zero are left out.
pub fn stacked_bar(parts: &[(&str, u32, &str)], label: &str) -> String {
    let (w, h) = (600.0, 34.0);
    let total: u32 = parts.iter().map(|p| p.1).sum();
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart stacked" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{}"><title>{}</title>"#,
        esc(label),
        esc(label)
    );
    if total == 0 {
        let _ = write!(
            s,
            r##"<rect x="0" y="4" width="{w}" height="26" fill="#f3f4f6"/><text x="8" y="21" font-size="12">none</text></svg>"##
        );
        return s;
    }
    let mut x = 0.0;
    for (name, count, fill) in parts.iter().filter(|p| p.1 > 0) {
        let pw = w * f64::from(*count) / f64::from(total);
        let pct = 100.0 * f64::from(*count) / f64::from(total);
        let _ = write!(
            s,
            r#"<rect class="part" x="{x:.1}" y="4" width="{pw:.1}" height="26" fill="{fill}"><title>{}: {count} ({pct:.0}%)</title></rect>"#,
            esc(name)
        );
        if pw > 70.0 {
            let _ = write!(
                s,
                r##"<text x="{:.1}" y="21" font-size="12" fill="#fff">{} {pct:.0}%</text>"##,
                x + 6.0,
                esc(name)
            );
        } else if pw > 28.0 {
            let _ = write!(
                s,
                r##"<text x="{:.1}" y="21" font-size="11" fill="#fff">{pct:.0}%</text>"##,
                x + 3.0
            );
        }
        x += pw;
    }
    s.push_str("</svg>");
    s
}

/// A small bar showing a share (0-1), with the percentage beside it.
pub fn share_bar(share: f64, fill: &str) -> String {
    let (w, h) = (160.0, 16.0);
    let share = share.clamp(0.0, 1.0);
    format!(
        r##"<svg class="chart share" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{pct:.0}%"><rect x="0" y="2" width="120" height="12" fill="#f3f4f6"/><rect class="part" x="0" y="2" width="{bw:.1}" height="12" fill="{fill}"/><text x="126" y="13" font-size="11">{pct:.0}%</text></svg>"##,
        bw = 120.0 * share,
        pct = share * 100.0
    )
}

/// Points joined by a line over labelled x positions; `None` leaves a gap. `y` is the axis range, and each
/// point carries its label text.
pub fn line(points: &[(String, Option<f64>, String)], y: (f64, f64), label: &str) -> String {
    let (w, h, left, bottom, top) = (600.0, 200.0, 40.0, 34.0, 20.0);
    let plot_w = w - left - 30.0;
    let plot_h = h - bottom - top;
    let n = points.len().max(1);
    let px = |i: usize| {
        if n > 1 {
            left + 10.0 + i as f64 * (plot_w - 20.0) / (n - 1) as f64
        } else {
            left + plot_w / 2.0
        }
    };
    let py = |v: f64| top + plot_h * (1.0 - (v - y.0) / (y.1 - y.0).max(1e-9));
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart line" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{}"><title>{}</title>"#,
        esc(label),
        esc(label)
    );
    for v in [y.0, (y.0 + y.1) / 2.0, y.1] {
        let _ = write!(
            s,
            r##"<line x1="{left}" y1="{0:.1}" x2="{1}" y2="{0:.1}" stroke="#e5e7eb"/><text x="{2}" y="{3:.1}" font-size="10" text-anchor="end" fill="{4}">{v:.0}</text>"##,
            py(v),
            w - 20.0,
            left - 4.0,
            py(v) + 3.0,
            colour::AXIS
        );
    }
    let mut path = String::new();
    for (i, (_, v, _)) in points.iter().enumerate() {
        if let Some(v) = v {
            let cmd = if path.is_empty() { 'M' } else { 'L' };
            let _ = write!(path, "{cmd}{:.1},{:.1} ", px(i), py(*v));
        }
    }
    if !path.is_empty() {
        let _ = write!(
            s,
            r#"<path d="{}" fill="none" stroke="{}" stroke-width="2.5"/>"#,
            path.trim_end(),
            colour::BAR
        );
    }
    for (i, (name, v, text)) in points.iter().enumerate() {
        if let Some(v) = v {
            let _ = write!(
                s,
                r#"<circle class="point" cx="{:.1}" cy="{:.1}" r="5" fill="{}"><title>{}: {}</title></circle><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle">{}</text>"#,
                px(i),
                py(*v),
                colour::BAR,
                esc(name),
                esc(text),
                px(i),
                py(*v) - 10.0,
                esc(text)
            );
        }
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{}" font-size="11" text-anchor="middle" fill="{}">{}</text>"#,
            px(i),
            h - 12.0,
            colour::AXIS,
            esc(name)
        );
    }
    s.push_str("</svg>");
    s
}
