//! The debrief's chart: bond, goal and task over the turns (egui_plot), with strained moments marked by
//! downward triangles and strengthened ones by upward triangles, so the marks never rely on colour alone.

use bevy_egui::egui::{self, Color32, RichText, Sense, Stroke, WidgetInfo, WidgetType};
use egui_plot::{Line, LineStyle, MarkerShape, Plot, PlotPoints, Points, VLine};

use crate::report::{Debrief, MomentKind};

use super::theme::Palette;

/// Draws the chart `height` points tall; returns the turn of a moment the student clicked, if any.
pub fn trajectory(
    ui: &mut egui::Ui,
    pal: &Palette,
    d: &Debrief,
    selected: Option<u32>,
    height: f32,
) -> Option<u32> {
    let last = d.trajectory.last().map_or(1, |p| p.turn.max(1));
    let series = |f: fn(&crate::report::TrajectoryPoint) -> f64| -> PlotPoints<'static> {
        d.trajectory
            .iter()
            .map(|p| [f64::from(p.turn), f(p)])
            .collect()
    };
    let marks = |kind: MomentKind| -> Vec<[f64; 2]> {
        d.moments
            .iter()
            .filter(|m| m.kind == kind)
            .map(|m| {
                [
                    f64::from(m.turn),
                    if kind == MomentKind::Strained {
                        4.0
                    } else {
                        96.0
                    },
                ]
            })
            .collect()
    };
    let strained = marks(MomentKind::Strained);
    let strengthened = marks(MomentKind::Strengthened);
    let text_color = pal.text;
    legend(ui, pal);
    let response = Plot::new("trajectory")
        .height(height)
        .show_grid([false, true])
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .show_y(false)
        .default_x_bounds(-0.2, f64::from(last) + 0.2)
        .default_y_bounds(0.0, 100.0)
        .x_axis_label(RichText::new("turn").color(text_color))
        .y_axis_label(RichText::new("0-100").color(text_color))
        .x_axis_formatter(|mark, _| {
            if mark.value >= 0.0 && mark.value.fract() == 0.0 {
                format!("{}", mark.value as i64)
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            if let Some(t) = selected {
                plot.vline(
                    VLine::new("Selected turn", f64::from(t))
                        .color(pal.focus)
                        .width(2.0),
                );
            }
            for (name, color, f) in [
                (
                    "Bond",
                    pal.bond,
                    (|p: &crate::report::TrajectoryPoint| p.bond) as fn(&_) -> f64,
                ),
                ("Goal", pal.goal, |p| p.goal),
                ("Task", pal.task, |p| p.task),
            ] {
                plot.line(Line::new(name, series(f)).color(color).width(2.5));
            }
            plot.line(
                Line::new("Empathy", series(|p| p.empathy))
                    .color(pal.empathy)
                    .width(1.5)
                    .style(LineStyle::dashed_dense()),
            );
            if !strained.is_empty() {
                plot.points(
                    Points::new("Strained", strained.clone())
                        .shape(MarkerShape::Down)
                        .filled(true)
                        .radius(8.0)
                        .color(pal.strained),
                );
            }
            if !strengthened.is_empty() {
                plot.points(
                    Points::new("Strengthened", strengthened.clone())
                        .shape(MarkerShape::Up)
                        .filled(true)
                        .radius(8.0)
                        .color(pal.strengthened),
                );
            }
            if plot.response().clicked() {
                plot.pointer_coordinate().map(|p| p.x.round())
            } else {
                None
            }
        });
    let summary = chart_summary(d);
    response
        .response
        .widget_info(|| WidgetInfo::labeled(WidgetType::Other, true, &summary));
    let clicked = response.inner?;
    // A click selects the moment nearest the clicked turn, if one is there.
    d.moments
        .iter()
        .map(|m| m.turn)
        .find(|t| (f64::from(*t) - clicked).abs() < 0.5)
}

/// The chart in words, for screen readers.
pub fn chart_summary(d: &Debrief) -> String {
    let turns = |kind: MomentKind| -> String {
        let v: Vec<String> = d
            .moments
            .iter()
            .filter(|m| m.kind == kind)
            .map(|m| m.turn.to_string())
            .collect();
        if v.is_empty() {
            "none".to_owned()
        } else {
            v.join(", ")
        }
    };
    let (first, last) = (d.trajectory.first(), d.trajectory.last());
    let from_to = match (first, last) {
        (Some(a), Some(b)) => format!(
            "bond {:.0} to {:.0}, goal {:.0} to {:.0}, task {:.0} to {:.0}",
            a.bond, b.bond, a.goal, b.goal, a.task, b.task
        ),
        _ => String::new(),
    };
    format!(
        "Chart of the alliance over {} turns: {from_to}. Strained at turns {}; strengthened at turns {}.",
        d.trajectory.len().saturating_sub(1),
        turns(MomentKind::Strained),
        turns(MomentKind::Strengthened)
    )
}

/// A triangle pointing down (strained) or up (strengthened), or a diamond (a better reply was on offer), drawn
/// inline, one text line tall.
pub fn marker(ui: &mut egui::Ui, kind: MomentKind, pal: &Palette) {
    let h = ui.text_style_height(&egui::TextStyle::Body);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(h, h), Sense::hover());
    let c = rect.center();
    let r = h * 0.38;
    let (pts, color) = match kind {
        MomentKind::Strained => (
            vec![
                c + egui::vec2(-r, -r * 0.8),
                c + egui::vec2(r, -r * 0.8),
                c + egui::vec2(0.0, r),
            ],
            pal.strained,
        ),
        MomentKind::Strengthened => (
            vec![
                c + egui::vec2(-r, r * 0.8),
                c + egui::vec2(r, r * 0.8),
                c + egui::vec2(0.0, -r),
            ],
            pal.strengthened,
        ),
        // A diamond: the alliance held, but a better reply was on offer.
        MomentKind::Missed => (
            vec![
                c + egui::vec2(0.0, -r),
                c + egui::vec2(r, 0.0),
                c + egui::vec2(0.0, r),
                c + egui::vec2(-r, 0.0),
            ],
            pal.weak,
        ),
    };
    ui.painter()
        .add(egui::Shape::convex_polygon(pts, color, Stroke::NONE));
}

/// The chart's key, in words, above it (the plot's own legend would sit on the lines).
fn legend(ui: &mut egui::Ui, pal: &Palette) {
    let swatch = |ui: &mut egui::Ui, color: Color32, dashed: bool| {
        let h = ui.text_style_height(&egui::TextStyle::Body);
        let (rect, _) = ui.allocate_exact_size(egui::vec2(h * 1.6, h), Sense::hover());
        let y = rect.center().y;
        if dashed {
            let mut x = rect.left();
            while x < rect.right() {
                let end = (x + h * 0.3).min(rect.right());
                ui.painter().line_segment(
                    [egui::pos2(x, y), egui::pos2(end, y)],
                    Stroke::new(2.0, color),
                );
                x += h * 0.5;
            }
        } else {
            ui.painter().line_segment(
                [egui::pos2(rect.left(), y), egui::pos2(rect.right(), y)],
                Stroke::new(3.0, color),
            );
        }
    };
    ui.horizontal_wrapped(|ui| {
        for (name, color, dashed) in [
            ("Bond", pal.bond, false),
            ("Goal", pal.goal, false),
            ("Task", pal.task, false),
            ("Empathy (dashed)", pal.empathy, true),
        ] {
            swatch(ui, color, dashed);
            ui.label(name);
            ui.add_space(6.0);
        }
        marker(ui, MomentKind::Strained, pal);
        ui.label("Strained");
        ui.add_space(6.0);
        marker(ui, MomentKind::Strengthened, pal);
        ui.label("Strengthened");
        ui.add_space(6.0);
        marker(ui, MomentKind::Missed, pal);
        ui.label("A better reply was on offer (listed below)");
    });
}
