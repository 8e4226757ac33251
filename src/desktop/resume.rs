//! After a crash or a kill, the next start offers to resume the attempts left `in_progress`: a dialog over
//! the library with Resume, Set aside and Not now (Escape). `Attempt::resume` takes the attempt up again.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui::{RichText, TextStyle};

use super::actions::Action;
use super::app::UiSet;
use super::state::{Attempts, Screen};
use super::theme::{Palette, focus_ring};
use super::widgets::{self, Act, primary_button};

/// The resume offer.
pub struct ResumePlugin;

impl Plugin for ResumePlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<ResumeOffer>()
            .add_systems(Startup, offer_on_start)
            .add_systems(
                EguiPrimaryContextPass,
                resume_dialog
                    .in_set(UiSet::Overlays)
                    .run_if(in_state(Screen::Library)),
            );
    }
}

/// Whether the dialog is showing.
#[derive(Resource, Default, Debug)]
pub struct ResumeOffer {
    /// Open until the student resumes, sets aside every attempt, or says not now.
    pub open: bool,
    focused: bool,
}

/// Opens the offer when the last run left attempts unfinished.
pub fn offer_on_start(attempts: Res<Attempts>, mut offer: ResMut<ResumeOffer>) {
    offer.open = !attempts.unfinished().is_empty();
}

fn resume_dialog(
    mut contexts: EguiContexts,
    mut offer: ResMut<ResumeOffer>,
    mut act: Act,
    attempts: Res<Attempts>,
    pal: Res<Palette>,
) -> Result {
    if !offer.open {
        return Ok(());
    }
    let list = attempts.unfinished();
    if list.is_empty() {
        offer.open = false;
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?.clone();
    let mut out = Vec::new();
    let mut close = false;
    let first_time = !std::mem::replace(&mut offer.focused, true);
    let r = egui::Modal::new(egui::Id::new("resume-offer"))
        .frame(
            egui::Frame::new()
                .fill(pal.card)
                .stroke(egui::Stroke::new(2.0, pal.accent))
                .corner_radius(egui::CornerRadius::same(12))
                .inner_margin(egui::Margin::same(18)),
        )
        .show(&ctx, |ui| {
            ui.set_max_width((ctx.viewport_rect().width() - 80.0).min(640.0));
            ui.label(
                RichText::new("Continue where you left off?")
                    .text_style(TextStyle::Heading)
                    .strong(),
            );
            ui.label(
                RichText::new(
                    "These conversations were interrupted. Every reply you gave was saved.",
                )
                .color(pal.weak),
            );
            ui.add_space(6.0);
            for (i, a) in list.iter().take(4).enumerate() {
                ui.separator();
                ui.label(
                    RichText::new(format!(
                        "{} with {}",
                        a.transcript.vignette_title, a.transcript.patient_name
                    ))
                    .strong(),
                );
                ui.label(format!(
                    "{} replies given, {}, saved {}",
                    a.turns(),
                    a.transcript.mode.as_str(),
                    widgets::when(a.transcript.updated_at)
                ));
                ui.horizontal_wrapped(|ui| {
                    let resume = primary_button(ui, &pal, "Resume");
                    if i == 0 && first_time {
                        resume.request_focus();
                    }
                    if resume.clicked() {
                        out.push(Action::Resume(a.path.clone()));
                    }
                    if widgets::button(ui, "Set aside").clicked() {
                        out.push(Action::Discard(a.path.clone()));
                    }
                });
            }
            ui.separator();
            if widgets::button(ui, "Not now (Escape)").clicked() {
                close = true;
            }
        });
    if close || r.should_close() {
        offer.open = false;
    }
    focus_ring(&ctx, &pal);
    act.send_all(out);
    Ok(())
}
