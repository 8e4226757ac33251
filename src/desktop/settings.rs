//! The settings screen: text size (100-200%), high contrast, reduced motion, with a preview, and whether every
//! reply is typed (the reply menu hidden); every change is
//! applied at once and remembered between runs (`prefs` writes the file, `theme` turns it into a style).

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui::{RichText, TextStyle};

use super::app::UiSet;
use super::prefs::{Prefs, TEXT_SCALE_RANGE};
use super::state::{DataDir, Notice, Screen};
use super::theme::{Palette, focus_ring, patient_style};
use super::widgets::{self, Act, Column, card, nav_bar, notice_line, page};

/// The setting's words, here and on the conversation screen.
pub const TYPE_EVERY_REPLY: &str = "Type every reply (hide the menu)";

/// The settings screen, and saving the preferences when they change.
pub struct SettingsPlugin;

impl Plugin for SettingsPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(Update, remember_prefs).add_systems(
            EguiPrimaryContextPass,
            settings_ui
                .in_set(UiSet::Screens)
                .run_if(in_state(Screen::Settings)),
        );
    }
}

/// Writes the preferences when they changed (not while a slider is still being dragged).
fn remember_prefs(
    prefs: Res<Prefs>,
    data: Res<DataDir>,
    mut notice: ResMut<Notice>,
    mut saved: Local<Option<Prefs>>,
    mouse: Option<Res<ButtonInput<MouseButton>>>,
) {
    let last = *saved.get_or_insert(*prefs);
    if last == *prefs || mouse.is_some_and(|m| m.pressed(MouseButton::Left)) {
        return;
    }
    *saved = Some(*prefs);
    if let Some(dir) = data.0.as_deref()
        && let Err(e) = prefs.save(dir)
    {
        notice.problem(e);
    }
}

fn settings_ui(
    mut contexts: EguiContexts,
    mut prefs: ResMut<Prefs>,
    mut act: Act,
    data: Res<DataDir>,
    notice: Res<Notice>,
    pal: Res<Palette>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let mut root = widgets::root_ui(&ctx);
    let mut out = Vec::new();
    nav_bar(&mut root, &pal, Screen::Settings, &mut out);
    let mut p = *prefs;
    page(
        &mut root,
        &pal,
        "settings-scroll",
        Column::Left(900.0),
        |ui| {
            notice_line(ui, &pal, &notice);
            ui.label(
                RichText::new("Settings")
                    .text_style(TextStyle::Heading)
                    .strong(),
            );
            card(ui, &pal, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new("Text size").strong());
                // The slider first on its row, so its left end stays put while the text grows as it is dragged.
                ui.add(
                    egui::Slider::new(&mut p.text_scale, TEXT_SCALE_RANGE)
                        .step_by(0.1)
                        .custom_formatter(|v, _| format!("{:.0}%", v * 100.0))
                        .text("of the default"),
                );
                ui.label(
                    RichText::new(
                        "Or Larger and Smaller at the top right of the window (they stay under the pointer as the \
                         text grows), or Ctrl + and Ctrl − anywhere in the app, the conversation too.",
                    )
                    .color(pal.weak),
                );
                ui.add_space(6.0);
                ui.checkbox(
                    &mut p.high_contrast,
                    "High contrast: black background, white text, bright outlines",
                );
                ui.checkbox(
                    &mut p.reduced_motion,
                    "Reduced motion: meters and panels change without animation",
                );
                ui.add_space(6.0);
                if widgets::button(ui, "Back to the defaults").clicked() {
                    p = Prefs::default();
                }
            });
            ui.add_space(8.0);
            card(ui, &pal, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new("Preview").strong());
                ui.label(
                RichText::new(
                    "“I’m fine — honestly. It’s just… the café’s menu, the naïve 3–4 carbs rule, and Zoë’s worry.”",
                )
                .text_style(patient_style()),
            );
                ui.label(
                    RichText::new("(looks away; twists the strap of her bag)")
                        .italics()
                        .color(pal.weak),
                );
                widgets::meter(ui, &pal, "Bond", 62.0, 4.0, pal.bond);
            });
            ui.add_space(8.0);
            card(ui, &pal, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new("Replies").strong());
                ui.checkbox(&mut p.type_every_reply, TYPE_EVERY_REPLY);
                ui.label(
                RichText::new(
                    "Your own words are read for what they do (a question, a reflection, advice) and matched \
                     to the replies written for the moment. With this off you can still type any reply \
                     below the menu.",
                )
                .color(pal.weak),
            );
            });
            ui.add_space(8.0);
            ui.label(
                RichText::new(match data.0.as_deref() {
                    Some(d) => format!(
                        "Remembered in {}. Attempts are saved in {}.",
                        Prefs::file(d).display(),
                        crate::store::transcripts_dir(d).display()
                    ),
                    None => "No data directory: settings last until the app closes.".to_owned(),
                })
                .color(pal.weak),
            );
        },
    );
    let p = p.clamped();
    if p != *prefs {
        *prefs = p;
    }
    focus_ring(&ctx, &pal);
    act.send_all(out);
    Ok(())
}
