//! The debrief screen: the ending, a chart of bond, goal and task over the turns with the strained and
//! strengthened moments marked, each moment in context with its better alternative and "replay from here",
//! how each typed reply was read, the WAI-SR and MITI summaries, and export as Markdown or JSON.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui::{RichText, TextStyle};

use crate::engine::transcript::Status;
use crate::engine::{Mode, PatientLine, Transcript};
use crate::report::{Debrief, Moment, MomentKind};

use super::actions::Action;
use super::app::UiSet;
use super::chart;
use super::prefs::Prefs;
use super::save::ExportFormat;
use super::state::{Notice, Review, Screen};
use super::theme::{Palette, focus_ring, title_style};
use super::widgets::{
    self, Act, Column, card, labelled, moved, nav_bar, notice_line, page, primary_button, words,
};

/// The debrief screen.
pub struct DebriefPlugin;

impl Plugin for DebriefPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            EguiPrimaryContextPass,
            debrief_ui
                .in_set(UiSet::Screens)
                .run_if(in_state(Screen::Debrief)),
        );
    }
}

fn debrief_ui(
    mut contexts: EguiContexts,
    mut review: ResMut<Review>,
    mut act: Act,
    notice: Res<Notice>,
    pal: Res<Palette>,
    prefs: Res<Prefs>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let mut root = widgets::root_ui(&ctx);
    let mut out = Vec::new();
    nav_bar(&mut root, &pal, Screen::Debrief, &mut out);
    // The debrief is borrowed for the frame, not cloned; only the selected moment is written back.
    let shown = &*review;
    let (Some(d), Some(t)) = (shown.debrief.as_ref(), shown.transcript.as_ref()) else {
        act.send(Action::Go(Screen::Library));
        return Ok(());
    };
    let mut selected = shown.selected;
    let k = prefs.text_scale;
    page(
        &mut root,
        &pal,
        "debrief-scroll",
        Column::Centred(1180.0),
        |ui| {
            notice_line(ui, &pal, &notice);
            header(ui, &pal, d, t);
            ui.add_space(8.0);
            card(ui, &pal, |ui| {
                ui.set_width(ui.available_width());
                ui.label(
                    RichText::new("The alliance over the turns")
                        .text_style(TextStyle::Heading)
                        .strong(),
                );
                ui.label(
                RichText::new("Click a mark on the chart, or choose a moment below, to see it in context.")
                    .color(pal.weak),
            );
                let h = (240.0 * k.min(1.4)).min(ui.ctx().viewport_rect().height() * 0.45);
                if let Some(turn) = chart::trajectory(ui, &pal, d, selected, h) {
                    selected = Some(turn);
                }
            });
            ui.add_space(8.0);
            let wide = ui.available_width() >= 560.0 + 380.0 * k;
            if wide {
                ui.columns(2, |cols| {
                    moments_list(&mut cols[0], &pal, d, &mut selected);
                    moment_detail(&mut cols[1], &pal, d, t, selected, &mut out);
                });
            } else {
                moments_list(ui, &pal, d, &mut selected);
                ui.add_space(8.0);
                moment_detail(ui, &pal, d, t, selected, &mut out);
            }
            readings(ui, &pal, d);
            ui.add_space(8.0);
            if wide {
                ui.columns(2, |cols| {
                    wai_sr(&mut cols[0], &pal, d);
                    miti(&mut cols[1], &pal, d);
                });
            } else {
                wai_sr(ui, &pal, d);
                ui.add_space(8.0);
                miti(ui, &pal, d);
            }
            ui.add_space(8.0);
            ruptures(ui, &pal, d);
            ui.add_space(8.0);
            exports(ui, &pal, shown, d, t, &mut out);
        },
    );
    if selected != review.selected {
        review.selected = selected;
    }
    focus_ring(&ctx, &pal);
    act.send_all(out);
    Ok(())
}

fn header(ui: &mut egui::Ui, pal: &Palette, d: &Debrief, t: &Transcript) {
    ui.label(
        RichText::new(format!(
            "Debrief: {} with {}",
            d.vignette_title, d.patient_name
        ))
        .text_style(title_style())
        .strong(),
    );
    ui.label(
        RichText::new(format!(
            "{} · {} replies · {} · seed {}",
            if t.mode == Mode::Assessment {
                "Assessment"
            } else {
                "Practice"
            },
            t.turns.len(),
            widgets::when(t.updated_at),
            d.seed
        ))
        .color(pal.weak),
    );
    card(ui, pal, |ui| {
        ui.set_width(ui.available_width());
        match &d.ending {
            Some(e) => {
                let (word, color) = widgets::outcome(e.outcome, pal);
                ui.label(
                    RichText::new(format!("Ending: {} ({word})", e.title))
                        .text_style(TextStyle::Heading)
                        .color(color)
                        .strong(),
                );
                ui.label(&e.meaning);
                for why in &e.decided_by {
                    ui.label(RichText::new(format!("Not a better ending: {why}.")).color(pal.weak));
                }
            }
            None => {
                let why = match d.status {
                    Status::InProgress => "the attempt is unfinished",
                    _ => "the attempt was stopped",
                };
                ui.label(
                    RichText::new(format!("No ending: {why} at turn {}.", t.turns.len()))
                        .text_style(TextStyle::Heading)
                        .strong(),
                );
            }
        }
        if let Some(from) = &d.started_from {
            ui.label(RichText::new(from).color(pal.weak));
        }
        if !d.unrepaired_ruptures.is_empty() {
            ui.label(
                RichText::new(format!(
                    "{} strain{} never repaired: it costs the bond items of the WAI-SR a point each.",
                    d.unrepaired_ruptures.len(),
                    if d.unrepaired_ruptures.len() == 1 { " was" } else { "s were" }
                ))
                .color(pal.strained),
            );
        }
    });
}

fn kind_label(m: &Moment) -> &'static str {
    match (m.kind, m.repaired) {
        (_, true) => "Strengthened (repair)",
        (MomentKind::Strained, _) => "Strained",
        (MomentKind::Strengthened, _) => "Strengthened",
        (MomentKind::Missed, _) => "A better reply was on offer",
    }
}

fn moments_list(ui: &mut egui::Ui, pal: &Palette, d: &Debrief, selected: &mut Option<u32>) {
    card(ui, pal, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            RichText::new("Where the alliance strained and strengthened, and where a better reply was on offer")
                .text_style(TextStyle::Heading)
                .strong(),
        );
        if d.moments.is_empty() {
            ui.label(
                RichText::new("No turn moved the alliance past the thresholds.").color(pal.weak),
            );
        }
        for m in &d.moments {
            let color = match m.kind {
                MomentKind::Strained => pal.strained,
                MomentKind::Strengthened => pal.strengthened,
                MomentKind::Missed => pal.text,
            };
            ui.horizontal_top(|ui| {
                chart::marker(ui, m.kind, pal);
                let text = RichText::new(format!(
                    "Turn {} · {} · {}\n“{}”",
                    m.turn,
                    kind_label(m),
                    moved(&m.delta),
                    m.said
                ))
                .color(if *selected == Some(m.turn) {
                    pal.text
                } else {
                    color
                });
                let r = ui.add(egui::Button::selectable(*selected == Some(m.turn), text).wrap());
                if r.clicked() {
                    *selected = Some(m.turn);
                }
            });
        }
    });
}

fn bubble(
    ui: &mut egui::Ui,
    pal: &Palette,
    who: &str,
    text: &str,
    extra: Option<String>,
    mine: bool,
) {
    egui::Frame::new()
        .fill(if mine { pal.mine } else { pal.bg })
        .stroke(egui::Stroke::new(pal.outline(), pal.line))
        .corner_radius(egui::CornerRadius::same(8))
        .inner_margin(egui::Margin::symmetric(10, 6))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(who).strong().color(pal.weak));
            ui.label(format!("“{text}”"));
            if let Some(x) = extra {
                ui.label(RichText::new(x).italics().color(pal.weak));
            }
        });
}

fn cue_of(l: &PatientLine) -> Option<String> {
    (!l.cue.is_empty()).then(|| format!("({}; looks {})", l.cue, words(l.emotion.as_str())))
}

fn moment_detail(
    ui: &mut egui::Ui,
    pal: &Palette,
    d: &Debrief,
    t: &Transcript,
    selected: Option<u32>,
    out: &mut Vec<Action>,
) {
    card(ui, pal, |ui| {
        ui.set_width(ui.available_width());
        let Some(m) = selected.and_then(|s| d.moments.iter().find(|m| m.turn == s)) else {
            ui.label(RichText::new("Choose a moment to see it in context.").color(pal.weak));
            return;
        };
        ui.label(
            RichText::new(format!("Turn {}: {}", m.turn, kind_label(m)))
                .text_style(TextStyle::Heading)
                .strong(),
        );
        let before = if m.turn <= 1 {
            Some(&t.opening)
        } else {
            t.turns.get(m.turn as usize - 2).map(|r| &r.reaction)
        };
        if let Some(b) = before {
            bubble(
                ui,
                pal,
                &format!("{} had said", d.patient_name),
                &b.text,
                cue_of(b),
                false,
            );
        }
        let typed = (m.turn as usize)
            .checked_sub(1)
            .and_then(|i| t.turns.get(i))
            .is_some_and(|r| r.typed.is_some());
        let who = if typed { "You typed" } else { "You said" };
        bubble(ui, pal, who, &m.said, None, true);
        bubble(
            ui,
            pal,
            &format!("{} answered", d.patient_name),
            &m.reaction.text,
            cue_of(&m.reaction),
            false,
        );
        if let Some(r) = m.reaction.rupture {
            ui.label(
                RichText::new(format!(
                    "Strain: {} ({})",
                    words(r.as_str()),
                    r.kind().as_str()
                ))
                .color(pal.strained)
                .strong(),
            );
        }
        ui.label(RichText::new(format!("Alliance: {}", moved(&m.delta))).strong());
        ui.label(RichText::new("Why").strong());
        ui.label(&m.why);
        for r in &m.rules {
            ui.label(RichText::new(r).color(pal.weak));
        }
        if let Some(b) = &m.better {
            ui.add_space(4.0);
            ui.label(
                RichText::new("What would have worked better")
                    .strong()
                    .color(pal.strengthened),
            );
            bubble(
                ui,
                pal,
                "Better",
                &b.said,
                Some(format!("Alliance: {}", moved(&b.delta))),
                true,
            );
            if !b.feedback.is_empty() {
                ui.label(&b.feedback);
            }
        }
        ui.add_space(6.0);
        let can_replay = (m.turn as usize) <= t.turns.len();
        if can_replay && primary_button(ui, pal, &format!("Replay from turn {}", m.turn)).clicked()
        {
            out.push(Action::ReplayFrom(m.turn));
        }
        ui.label(
            RichText::new("Starts a new attempt with the same patient, phrasing and alliance as at this turn.")
                .text_style(TextStyle::Small)
                .color(pal.weak),
        );
    });
}

/// "How your typed replies were read": one block per typed turn, as the report builds the lines.
fn readings(ui: &mut egui::Ui, pal: &Palette, d: &Debrief) {
    if d.readings.is_empty() {
        return;
    }
    ui.add_space(8.0);
    card(ui, pal, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            RichText::new("How your typed replies were read")
                .text_style(TextStyle::Heading)
                .strong(),
        );
        for (i, r) in d.readings.iter().enumerate() {
            if i > 0 {
                ui.separator();
            }
            ui.label(RichText::new(format!("Turn {}", r.turn)).strong());
            for (label, value) in r.lines() {
                labelled(ui, pal, label, &value);
            }
            // The figures behind the plain words, one click away for an educator or an author.
            egui::CollapsingHeader::new("Details (confidence, match score)")
                .id_salt(("reading-details", r.turn))
                .show(ui, |ui| {
                    for (label, value) in r.detail_lines().into_iter().skip(1) {
                        labelled(ui, pal, label, &value);
                    }
                });
        }
    });
}

fn wai_sr(ui: &mut egui::Ui, pal: &Palette, d: &Debrief) {
    card(ui, pal, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            RichText::new("WAI-SR as the simulated patient would rate it")
                .text_style(TextStyle::Heading)
                .strong(),
        );
        let w = &d.wai_sr;
        for (name, v, color) in [
            ("Task", w.task, pal.task),
            ("Bond", w.bond, pal.bond),
            ("Goal", w.goal, pal.goal),
        ] {
            widgets::scale(ui, pal, name, f64::from(v), 20.0, 0.0, color);
        }
        ui.label(RichText::new(format!("Total: {} / 60", w.total)).strong());
        for item in w.moved() {
            ui.label(RichText::new(item.line()).text_style(TextStyle::Small));
        }
        ui.label(
            RichText::new("Twelve items, each 1-5, from the patient's final state and what happened in the conversation (a teaching model, not a validated measure).")
                .text_style(TextStyle::Small)
                .color(pal.weak),
        );
    });
}

fn miti(ui: &mut egui::Ui, pal: &Palette, d: &Debrief) {
    card(ui, pal, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            RichText::new("How you talked with the patient")
                .text_style(TextStyle::Heading)
                .strong(),
        );
        // In words a tutor would use; the MITI terms and thresholds one click away (issue 16).
        for line in crate::report::plain::miti(&d.miti) {
            ui.label(line);
        }
        egui::CollapsingHeader::new("Details (MITI 4.2.1 terms)")
            .id_salt("miti-details")
            .show(ui, |ui| {
                for line in crate::report::plain::miti_details(&d.miti) {
                    ui.label(RichText::new(line).color(pal.weak));
                }
            });
        ui.label(
            RichText::new(
                "A mirror of your replies, not a MITI rating: a few replies are too few to code.",
            )
            .text_style(TextStyle::Small)
            .color(pal.weak),
        );
    });
}

fn ruptures(ui: &mut egui::Ui, pal: &Palette, d: &Debrief) {
    if d.ruptures.is_empty() {
        return;
    }
    card(ui, pal, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            RichText::new("Strains in the alliance")
                .text_style(TextStyle::Heading)
                .strong(),
        );
        for r in &d.ruptures {
            let status = match r.repaired_at {
                Some(t) => format!("repaired at turn {t}"),
                None => "not repaired".to_owned(),
            };
            let after = if r.turn == 0 {
                "From the start".to_owned()
            } else {
                format!("After turn {}", r.turn)
            };
            ui.label(format!(
                "{after}: {}, {status}: “{}”",
                crate::report::plain::marker(r.marker),
                r.patient_said
            ));
        }
        egui::CollapsingHeader::new("Details (3RS rupture markers)")
            .id_salt("rupture-details")
            .show(ui, |ui| {
                for r in &d.ruptures {
                    ui.label(
                        RichText::new(format!(
                            "Turn {}: {}",
                            r.turn,
                            crate::report::plain::technical(r.marker)
                        ))
                        .color(pal.weak),
                    );
                }
            });
    });
}

fn exports(
    ui: &mut egui::Ui,
    pal: &Palette,
    review: &Review,
    d: &Debrief,
    t: &Transcript,
    out: &mut Vec<Action>,
) {
    card(ui, pal, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            RichText::new("Keep or share this debrief")
                .text_style(TextStyle::Heading)
                .strong(),
        );
        ui.horizontal_wrapped(|ui| {
            if widgets::button(ui, "Export Markdown").clicked() {
                out.push(Action::Export(ExportFormat::Markdown));
            }
            if widgets::button(ui, "Export JSON").clicked() {
                out.push(Action::Export(ExportFormat::Json));
            }
            if primary_button(ui, pal, "Try this conversation again").clicked() {
                // A follow-up that continued a first visit is tried again from the same one.
                out.push(match &t.continued {
                    Some(c) if std::path::Path::new(&c.file).is_file() => Action::Continue {
                        vignette: d.vignette_id.clone(),
                        mode: t.mode,
                        first: c.file.clone().into(),
                    },
                    _ => Action::Start {
                        vignette: d.vignette_id.clone(),
                        mode: t.mode,
                    },
                });
            }
            if widgets::button(ui, "Back to the library").clicked() {
                out.push(Action::Go(Screen::Library));
            }
        });
        for p in &review.exported {
            ui.label(RichText::new(format!("Saved: {}", p.display())).color(pal.weak));
        }
        if let Some(p) = &review.path {
            ui.label(
                RichText::new(format!("The attempt itself: {}", p.display()))
                    .text_style(TextStyle::Small)
                    .color(pal.weak),
            );
        }
    });
}
