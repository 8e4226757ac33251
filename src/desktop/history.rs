//! The history screen: past attempts per vignette, newest first, with the WAI-SR total over time as a chart;
//! open any attempt's debrief, or resume one left unfinished.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui::{RichText, TextStyle};
use egui_plot::{GridMark, Line, MarkerShape, Plot, PlotPoints, Points};

use crate::engine::transcript::{ReplayOf, Status};

use super::actions::Action;
use super::app::UiSet;
use super::state::{Attempts, Catalog, Notice, SavedAttempt, Screen};
use super::theme::{Palette, focus_ring, text_scale};
use super::widgets::{self, Act, Column, card, nav_bar, notice_line, page};

/// The history screen.
pub struct HistoryPlugin;

impl Plugin for HistoryPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<HistoryView>().add_systems(
            EguiPrimaryContextPass,
            history_ui
                .in_set(UiSet::Screens)
                .run_if(in_state(Screen::History)),
        );
    }
}

/// Which vignette's attempts are shown.
#[derive(Resource, Default, Debug)]
pub struct HistoryView {
    /// The vignette id; the most recently played one when unset.
    pub vignette: Option<String>,
}

#[allow(clippy::too_many_arguments)]
fn history_ui(
    mut contexts: EguiContexts,
    mut view: ResMut<HistoryView>,
    mut act: Act,
    attempts: Res<Attempts>,
    catalog: Res<Catalog>,
    notice: Res<Notice>,
    pal: Res<Palette>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let mut root = widgets::root_ui(&ctx);
    let mut out = Vec::new();
    nav_bar(&mut root, &pal, Screen::History, &mut out);
    // Vignettes with attempts, in library order, then any no longer in the library.
    let mut ids: Vec<(String, String)> = Vec::new();
    for v in &catalog.library.vignettes {
        if attempts.of(&v.id).next().is_some() {
            ids.push((v.id.clone(), v.title.clone()));
        }
    }
    for a in &attempts.list {
        if !ids.iter().any(|(id, _)| id == &a.transcript.vignette_id) {
            ids.push((
                a.transcript.vignette_id.clone(),
                a.transcript.vignette_title.clone(),
            ));
        }
    }
    if view
        .vignette
        .as_ref()
        .is_none_or(|v| !ids.iter().any(|(id, _)| id == v))
    {
        view.vignette = attempts
            .list
            .iter()
            .max_by_key(|a| a.transcript.updated_at)
            .map(|a| a.transcript.vignette_id.clone());
    }
    page(
        &mut root,
        &pal,
        "history-scroll",
        Column::Left(1180.0),
        |ui| {
            notice_line(ui, &pal, &notice);
            ui.label(
                RichText::new("Your attempts")
                    .text_style(TextStyle::Heading)
                    .strong(),
            );
            if ids.is_empty() {
                ui.label(
                    RichText::new(
                        "No attempts yet: choose a conversation in the library to begin.",
                    )
                    .color(pal.weak),
                );
            }
            ui.horizontal_wrapped(|ui| {
                for (id, title) in &ids {
                    let n = attempts.of(id).count();
                    let on = view.vignette.as_deref() == Some(id.as_str());
                    if ui.selectable_label(on, format!("{title} ({n})")).clicked() {
                        view.vignette = Some(id.clone());
                    }
                }
            });
            ui.add_space(8.0);
            if let Some(id) = view.vignette.clone() {
                one_vignette(ui, &pal, &attempts, &id, &mut out);
            }
            if !attempts.unreadable.is_empty() {
                ui.add_space(8.0);
                card(ui, &pal, |ui| {
                    ui.set_width(ui.available_width());
                    ui.label(
                        RichText::new("Files that could not be read")
                            .strong()
                            .color(pal.problem),
                    );
                    for e in &attempts.unreadable {
                        ui.label(RichText::new(e).color(pal.weak));
                    }
                });
            }
        },
    );
    focus_ring(&ctx, &pal);
    act.send_all(out);
    Ok(())
}

fn one_vignette(
    ui: &mut egui::Ui,
    pal: &Palette,
    attempts: &Attempts,
    id: &str,
    out: &mut Vec<Action>,
) {
    let list: Vec<_> = attempts.of(id).collect();
    card(ui, pal, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new("WAI-SR total over your attempts (12-60)").strong());
        let finished: Vec<[f64; 2]> = list
            .iter()
            .enumerate()
            .filter(|(_, a)| a.transcript.status == Status::Finished)
            .map(|(i, a)| [(i + 1) as f64, f64::from(a.wai.total)])
            .collect();
        let other: Vec<[f64; 2]> = list
            .iter()
            .enumerate()
            .filter(|(_, a)| a.transcript.status != Status::Finished)
            .map(|(i, a)| [(i + 1) as f64, f64::from(a.wai.total)])
            .collect();
        let all: PlotPoints = list
            .iter()
            .enumerate()
            .map(|(i, a)| [(i + 1) as f64, f64::from(a.wai.total)])
            .collect();
        let k = text_scale(ui);
        chart_key(ui, pal, !finished.is_empty(), !other.is_empty());
        Plot::new(("history", id))
            .height(chart_height(k))
            .show_grid([false, true])
            .allow_zoom(false)
            .allow_drag(false)
            .allow_scroll(false)
            .allow_boxed_zoom(false)
            .default_y_bounds(WAI_RANGE.0, WAI_RANGE.1)
            .default_x_bounds(0.5, list.len() as f64 + 0.5)
            .x_axis_label("attempt")
            .y_axis_label("WAI-SR")
            // Marks every 12 points, whatever the text size: egui_plot drops a number that is taller than the
            // space to the next mark, which at 200% was every one of them.
            .y_grid_spacer(|_| wai_marks())
            .y_axis_formatter(|m, _| format!("{}", m.value as i64))
            // The key is above the chart, in words (a legend inside it covered a point).
            .x_axis_formatter(|m, _| {
                if m.value >= 1.0 && m.value.fract() == 0.0 {
                    format!("{}", m.value as i64)
                } else {
                    String::new()
                }
            })
            .show(ui, |plot| {
                plot.line(Line::new("WAI-SR total", all).color(pal.accent).width(2.0));
                if !finished.is_empty() {
                    plot.points(
                        Points::new("Finished (filled)", finished)
                            .shape(MarkerShape::Circle)
                            .radius(6.0)
                            .filled(true)
                            .color(pal.accent),
                    );
                }
                if !other.is_empty() {
                    plot.points(
                        Points::new("Unfinished or stopped (hollow)", other)
                            .shape(MarkerShape::Diamond)
                            .radius(6.0)
                            .filled(false)
                            .color(pal.weak),
                    );
                }
            });
    });
    ui.add_space(8.0);
    for (i, a) in list.iter().enumerate().rev() {
        card(ui, pal, |ui| {
            ui.set_width(ui.available_width());
            let ending = match (&a.transcript.ending, a.transcript.status) {
                (Some(e), _) => format!("{} ({})", e.title, widgets::outcome(e.outcome, pal).0),
                (None, Status::InProgress) => "unfinished".to_owned(),
                (None, _) => "stopped before an ending".to_owned(),
            };
            ui.label(
                RichText::new(format!(
                    "Attempt {} · {} · {}",
                    i + 1,
                    widgets::when(a.transcript.started_at.max(a.transcript.updated_at)),
                    a.transcript.mode.as_str()
                ))
                .strong(),
            );
            if let Some(r) = a.transcript.replay_of {
                ui.label(
                    RichText::new(replay_mark(&list, r))
                        .color(pal.accent)
                        .strong(),
                );
            }
            ui.label(format!(
                "{ending} · {} replies · WAI-SR {}/60 (task {}, bond {}, goal {})",
                a.turns(),
                a.wai.total,
                a.wai.task,
                a.wai.bond,
                a.wai.goal
            ));
            ui.horizontal_wrapped(|ui| {
                if widgets::button(ui, "Debrief").clicked() {
                    out.push(Action::Open(a.path.clone()));
                }
                if a.transcript.status == Status::InProgress
                    && widgets::button(ui, "Resume").clicked()
                {
                    out.push(Action::Resume(a.path.clone()));
                }
            });
        });
        ui.add_space(4.0);
    }
}

/// The WAI-SR total's range (12 items rated 1-5).
pub const WAI_RANGE: (f64, f64) = (12.0, 60.0);

/// The history chart's height at text scale `k`: it grows with the text, so its numbers keep their room.
pub fn chart_height(k: f32) -> f32 {
    200.0 * k
}

/// The chart's y-axis marks: 12, 24, 36, 48, 60 (the WAI-SR's floor, ceiling and the steps between).
pub fn wai_marks() -> Vec<GridMark> {
    (1..=5)
        .map(|i| GridMark {
            value: 12.0 * f64::from(i),
            step_size: 12.0,
        })
        .collect()
}

/// "Replay of attempt 2 from turn 3": which earlier attempt (by when it started) a replayed one came from.
pub fn replay_mark(list: &[&SavedAttempt], r: ReplayOf) -> String {
    // Not the replay itself (nor another replay from the same point), which may have started the same second.
    let earlier = list.iter().position(|a| {
        r.started_at != 0
            && a.transcript.started_at == r.started_at
            && a.transcript.replay_of != Some(r)
    });
    match earlier {
        Some(i) => format!(
            "Replay of attempt {} from turn {}: the replies before it were given again as they were",
            i + 1,
            r.from_turn
        ),
        None => format!(
            "Replay of an earlier attempt from turn {}: the replies before it were given again as they were",
            r.from_turn
        ),
    }
}

/// The chart's key in words, above it (egui_plot's own legend sat on a point).
fn chart_key(ui: &mut egui::Ui, pal: &Palette, finished: bool, other: bool) {
    ui.horizontal_wrapped(|ui| {
        let h = ui.text_style_height(&TextStyle::Body);
        let swatch = |ui: &mut egui::Ui, filled: bool| {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(h, h), egui::Sense::hover());
            let c = rect.center();
            let r = h * 0.3;
            if filled {
                ui.painter().circle_filled(c, r, pal.accent);
            } else {
                let pts = vec![
                    c + egui::vec2(0.0, -r),
                    c + egui::vec2(r, 0.0),
                    c + egui::vec2(0.0, r),
                    c + egui::vec2(-r, 0.0),
                ];
                ui.painter().add(egui::Shape::closed_line(
                    pts,
                    egui::Stroke::new(2.0, pal.weak),
                ));
            }
        };
        if finished {
            swatch(ui, true);
            ui.label("Finished");
            ui.add_space(6.0);
        }
        if other {
            swatch(ui, false);
            ui.label("Unfinished or stopped");
        }
    });
}
