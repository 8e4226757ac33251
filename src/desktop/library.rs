//! The library screen: every vignette with its patient, audience, difficulty, objectives and the student's
//! best and last results; filter by audience or search; start practice or assessment (a follow-up visit from a
//! finished first visit or its own start); see file problems.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui::{RichText, TextStyle};

use crate::engine::Mode;
use crate::engine::transcript::Status;
use crate::vignette::Vignette;
use crate::vignette::model::Audience;

use super::actions::Action;
use super::app::UiSet;
use super::state::{Attempts, Catalog, Notice, SavedAttempt, Screen};
use super::theme::{Palette, focus_ring, text_scale};
use super::widgets::{self, Act, Column, card, nav_bar, notice_line, page, primary_button};

/// The library screen.
pub struct LibraryPlugin;

impl Plugin for LibraryPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<LibraryView>().add_systems(
            EguiPrimaryContextPass,
            library_ui
                .in_set(UiSet::Screens)
                .run_if(in_state(Screen::Library)),
        );
    }
}

/// What the student filtered the library by.
#[derive(Resource, Default, Debug)]
pub struct LibraryView {
    /// Only vignettes for this audience.
    pub audience: Option<Audience>,
    /// Only vignettes whose title, patient, summary or objectives contain this.
    pub search: String,
    /// Put the keyboard on the first shown vignette's Practice button next frame.
    jump_to_first: bool,
    /// For each follow-up visit the student chose a start for: the first visit's attempt to continue, or
    /// `None` for the visit's own start. Not chosen: the newest finished attempt (`StartFrom::choices`).
    pub start_from: std::collections::HashMap<String, Option<std::path::PathBuf>>,
}

impl LibraryView {
    /// Whether `v` passes the filters.
    pub fn shows(&self, v: &Vignette) -> bool {
        let audience_ok = self.audience.is_none_or(|a| v.audience.contains(&a));
        let q = self.search.trim().to_lowercase();
        let text_ok = q.is_empty()
            || [&v.title, &v.patient.name, &v.summary, &v.setting]
                .iter()
                .any(|s| s.to_lowercase().contains(&q))
            || v.learning_objectives
                .iter()
                .any(|o| o.to_lowercase().contains(&q));
        audience_ok && text_ok
    }
}

/// Where a follow-up visit can start: each finished attempt at the visit it follows, newest first, then the
/// visit's own start (`None`). Empty for a vignette that follows none.
pub fn start_choices(v: &Vignette, attempts: &Attempts) -> Vec<Option<std::path::PathBuf>> {
    let Some((first, _)) = &v.follows else {
        return Vec::new();
    };
    attempts
        .finished_newest_first(first)
        .into_iter()
        .map(|a| Some(a.path.clone()))
        .chain(std::iter::once(None))
        .collect()
}

/// The start chosen for follow-up `v` (the newest finished first attempt unless the student chose another),
/// as the action that starts it in `mode`.
pub fn start_action(v: &Vignette, attempts: &Attempts, view: &LibraryView, mode: Mode) -> Action {
    let chosen = view
        .start_from
        .get(&v.id)
        .cloned()
        .unwrap_or_else(|| start_choices(v, attempts).into_iter().next().flatten());
    match chosen {
        Some(first) => Action::Continue {
            vignette: v.id.clone(),
            mode,
            first,
        },
        None => Action::Start {
            vignette: v.id.clone(),
            mode,
        },
    }
}

/// The audience as a student reads it.
pub fn audience_name(a: Audience) -> &'static str {
    match a {
        Audience::Medicine => "Medicine",
        Audience::Physiotherapy => "Physiotherapy",
        Audience::Nursing => "Nursing",
        Audience::OrthoticsProsthetics => "Orthotics & prosthetics",
        Audience::MentalHealth => "Mental health",
    }
}

#[allow(clippy::too_many_arguments)]
fn library_ui(
    mut contexts: EguiContexts,
    mut view: ResMut<LibraryView>,
    mut act: Act,
    catalog: Res<Catalog>,
    attempts: Res<Attempts>,
    notice: Res<Notice>,
    pal: Res<Palette>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let mut root = widgets::root_ui(&ctx);
    let mut out = Vec::new();
    nav_bar(&mut root, &pal, Screen::Library, &mut out);
    let search_id = egui::Id::new("library-search");
    if ctx.memory(|m| m.focused()) != Some(search_id)
        && ctx.input(|i| {
            i.key_pressed(egui::Key::Slash) || (i.modifiers.command && i.key_pressed(egui::Key::F))
        })
    {
        // The "/" that asked for the search box is not typed into it.
        ctx.input_mut(|i| {
            i.events
                .retain(|e| !matches!(e, egui::Event::Text(t) if t == "/"))
        });
        ctx.memory_mut(|m| m.request_focus(search_id));
        // Select what is there, so typing replaces the last search.
        let mut state = egui::text_edit::TextEditState::load(&ctx, search_id).unwrap_or_default();
        let all = egui::text::CCursorRange::two(
            egui::text::CCursor::new(0),
            egui::text::CCursor::new(view.search.chars().count()),
        );
        state.cursor.set_char_range(Some(all));
        state.store(&ctx, search_id);
    }
    page(
        &mut root,
        &pal,
        "library-scroll",
        Column::Centred(1180.0),
        |ui| {
            notice_line(ui, &pal, &notice);
            problems(ui, &pal, &catalog);
            unfinished(ui, &pal, &attempts, &mut out);
            ui.add_space(4.0);
            ui.label(
                RichText::new("Choose a conversation to practise")
                    .text_style(TextStyle::Heading)
                    .strong(),
            );
            ui.label(
                RichText::new(
                    "Practice shows the alliance and feedback after every reply; \
                 assessment keeps them for the debrief. No timer: take the time you need. \
                 Training material for communication practice, not clinical guidance.",
                )
                .color(pal.weak),
            );
            ui.add_space(6.0);
            filters(ui, &catalog, &mut view, search_id);
            ui.add_space(8.0);
            cards(ui, &pal, &catalog, &attempts, &mut view, &mut out);
        },
    );
    focus_ring(&ctx, &pal);
    act.send_all(out);
    Ok(())
}

fn filters(ui: &mut egui::Ui, catalog: &Catalog, view: &mut LibraryView, search_id: egui::Id) {
    let mut present: Vec<Audience> = Vec::new();
    for v in &catalog.library.vignettes {
        for a in &v.audience {
            if !present.contains(a) {
                present.push(*a);
            }
        }
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("For:").strong());
        if ui
            .selectable_label(view.audience.is_none(), "Everyone")
            .clicked()
        {
            view.audience = None;
        }
        for a in present {
            if ui
                .selectable_label(view.audience == Some(a), audience_name(a))
                .clicked()
            {
                view.audience = Some(a);
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Search:").strong());
        let r = ui.add(
            egui::TextEdit::singleline(&mut view.search)
                .id(search_id)
                .hint_text("title, patient or topic (press / to search)")
                // Wide enough for its hint at any text size (it was cut short at 200%).
                .desired_width(ui.available_width().min(420.0 * text_scale(ui))),
        );
        if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            view.jump_to_first = true;
        }
        if !view.search.is_empty() && widgets::button(ui, "Clear").clicked() {
            view.search.clear();
        }
    });
}

fn cards(
    ui: &mut egui::Ui,
    pal: &Palette,
    catalog: &Catalog,
    attempts: &Attempts,
    view: &mut LibraryView,
    out: &mut Vec<Action>,
) {
    let shown: Vec<&std::sync::Arc<Vignette>> = catalog
        .library
        .vignettes
        .iter()
        .filter(|v| view.shows(v))
        .collect();
    if shown.is_empty() {
        ui.label(
            RichText::new("No vignette matches. Clear the search or choose “Everyone”.")
                .color(pal.weak),
        );
        return;
    }
    let cols = if ui.available_width() >= 900.0 { 2 } else { 1 };
    let mut first = true;
    for row in shown.chunks(cols) {
        ui.columns(cols, |columns| {
            for (col, v) in columns.iter_mut().zip(row) {
                let first_title = v.follows.as_ref().map(|(id, _)| {
                    catalog
                        .library
                        .get(id)
                        .map_or(id.clone(), |f| f.title.clone())
                });
                vignette_card(
                    col,
                    pal,
                    v,
                    first_title.as_deref(),
                    attempts,
                    view,
                    first,
                    out,
                );
                first = false;
            }
        });
        ui.add_space(6.0);
    }
}

#[allow(clippy::too_many_arguments)]
fn vignette_card(
    ui: &mut egui::Ui,
    pal: &Palette,
    v: &Vignette,
    first_title: Option<&str>,
    attempts: &Attempts,
    view: &mut LibraryView,
    first: bool,
    out: &mut Vec<Action>,
) {
    card(ui, pal, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            RichText::new(&v.title)
                .text_style(TextStyle::Heading)
                .strong(),
        );
        ui.label(
            RichText::new(format!(
                "with {}, {} · {}",
                v.patient.name, v.patient.age, v.setting
            ))
            .color(pal.weak),
        );
        if let Some(title) = first_title {
            ui.label(
                RichText::new(format!(
                    "Follows “{title}”: a later visit with the same patient"
                ))
                .strong(),
            );
        }
        let audience: Vec<&str> = v.audience.iter().map(|a| audience_name(*a)).collect();
        ui.label(format!(
            "For {} · {} difficulty",
            audience.join(", "),
            v.difficulty.as_str()
        ));
        ui.add_space(2.0);
        ui.label(&v.summary);
        if !v.learning_objectives.is_empty() {
            ui.add_space(2.0);
            ui.label(RichText::new("You will practise").strong());
            for o in &v.learning_objectives {
                ui.horizontal_top(|ui| {
                    ui.label("•");
                    ui.add(egui::Label::new(o).wrap());
                });
            }
        }
        ui.add_space(4.0);
        results(ui, pal, attempts, &v.id);
        start_from(ui, pal, v, attempts, view);
        ui.add_space(6.0);
        ui.horizontal_wrapped(|ui| {
            let practice = primary_button(ui, pal, "Practice");
            if first && std::mem::take(&mut view.jump_to_first) {
                practice.request_focus();
                practice.scroll_to_me(Some(egui::Align::Center));
            }
            if practice.clicked() {
                out.push(start_action(v, attempts, view, Mode::Practice));
            }
            if widgets::button(ui, "Assessment").clicked() {
                out.push(start_action(v, attempts, view, Mode::Assessment));
            }
        });
        if !v.origin.shipped {
            ui.label(
                RichText::new(format!("Your file: {}", v.origin.file))
                    .text_style(TextStyle::Small)
                    .color(pal.weak),
            );
        }
    });
}

/// For a follow-up visit: "Start from" your finished attempts at the first visit (newest first) or this
/// visit's own start; the choice is kept in the view until the student changes it.
fn start_from(
    ui: &mut egui::Ui,
    pal: &Palette,
    v: &Vignette,
    attempts: &Attempts,
    view: &mut LibraryView,
) {
    let choices = start_choices(v, attempts);
    if choices.is_empty() {
        return;
    }
    let chosen = view
        .start_from
        .get(&v.id)
        .cloned()
        .unwrap_or_else(|| choices.first().cloned().flatten());
    ui.add_space(4.0);
    ui.label(RichText::new("Start from").strong());
    for c in choices.iter().take(6) {
        let label = match c {
            Some(path) => {
                attempts
                    .list
                    .iter()
                    .find(|a| &a.path == path)
                    .map_or_else(String::new, |a| {
                        let ending = a.outcome().map_or("", |o| widgets::outcome(o, pal).0);
                        format!(
                            "Where your visit of {} ended ({ending})",
                            widgets::when(a.transcript.updated_at)
                        )
                    })
            }
            None => "This visit's usual start (not continuing)".to_owned(),
        };
        if ui.radio(&chosen == c, label).clicked() {
            view.start_from.insert(v.id.clone(), c.clone());
        }
    }
}

/// "Best: WAI-SR 52/60, good outcome · Last: …", from the saved attempts.
fn results(ui: &mut egui::Ui, pal: &Palette, attempts: &Attempts, id: &str) {
    let describe = |a: &SavedAttempt| -> String {
        let ending = match (a.transcript.status, a.outcome()) {
            (_, Some(o)) => widgets::outcome(o, pal).0.to_owned(),
            (Status::InProgress, None) => format!("unfinished at turn {}", a.turns()),
            (_, None) => format!("stopped at turn {}", a.turns()),
        };
        format!(
            "WAI-SR {}/60, {} ({}, {})",
            a.wai.total,
            ending,
            a.transcript.mode.as_str(),
            widgets::when(a.transcript.updated_at)
        )
    };
    match (attempts.best(id), attempts.last(id)) {
        (None, None) => {
            ui.label(RichText::new("Not tried yet.").color(pal.weak));
        }
        (best, last) => {
            if let Some(b) = best {
                ui.label(format!("Best: {}", describe(b)));
            }
            if let Some(l) = last
                && best.is_none_or(|b| b.path != l.path)
            {
                ui.label(format!("Last: {}", describe(l)));
            }
        }
    }
}

/// The problems found in the user's vignette files: located, with a hint, and the rest still usable. Errors
/// are shown (the first few open); warnings, which do not stop a file loading, are folded away.
fn problems(ui: &mut egui::Ui, pal: &Palette, catalog: &Catalog) {
    let list = catalog.problems();
    if list.is_empty() {
        return;
    }
    let errors: Vec<_> = list.iter().filter(|d| d.is_error()).collect();
    let warnings: Vec<_> = list.iter().filter(|d| !d.is_error()).collect();
    let one = |ui: &mut egui::Ui, d: &crate::check::Diagnostic| {
        ui.add_space(4.0);
        let level = if d.is_error() { "error" } else { "warning" };
        let place = if d.line > 0 {
            format!("{}:{}:{}", d.file, d.line, d.column)
        } else {
            d.file.clone()
        };
        ui.label(RichText::new(format!("{level}[{}] {place}", d.code)).strong());
        ui.label(&d.message);
        if !d.snippet.is_empty() {
            ui.label(RichText::new(&d.snippet).monospace());
        }
        ui.label(RichText::new(format!("Hint: {}", d.hint)).color(pal.weak));
    };
    let color = if errors.is_empty() {
        pal.line
    } else {
        pal.problem
    };
    egui::Frame::new()
        .fill(pal.card)
        .stroke(egui::Stroke::new(2.0, color))
        .corner_radius(egui::CornerRadius::same(10))
        .inner_margin(egui::Margin::same(12))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                if !errors.is_empty() {
                    let n = errors.len();
                    ui.label(
                        RichText::new(format!(
                            "{n} problem{} in your vignette files: {} not loaded; every other vignette is ready.",
                            if n == 1 { "" } else { "s" },
                            if n == 1 { "that file was" } else { "those files were" }
                        ))
                        .strong()
                        .color(pal.problem),
                    );
                    for d in errors.iter().take(3) {
                        one(ui, d);
                    }
                    if n > 3 {
                        egui::CollapsingHeader::new(format!("{} more problems", n - 3))
                            .id_salt("more-errors")
                            .show(ui, |ui| {
                                for d in &errors[3..] {
                                    one(ui, d);
                                }
                            });
                    }
                    ui.label(
                        RichText::new("Fix the file and save it: the library reloads by itself.")
                            .color(pal.weak),
                    );
                }
                if !warnings.is_empty() {
                    egui::CollapsingHeader::new(format!(
                        "{} note{} on your vignette files (they loaded; `alliance check` lists them too)",
                        warnings.len(),
                        if warnings.len() == 1 { "" } else { "s" }
                    ))
                    .id_salt("warnings")
                    .show(ui, |ui| {
                        for d in &warnings {
                            one(ui, d);
                        }
                    });
                }
            });
        });
    ui.add_space(8.0);
}

/// Attempts left unfinished, each with Resume and Set aside.
fn unfinished(ui: &mut egui::Ui, pal: &Palette, attempts: &Attempts, out: &mut Vec<Action>) {
    let list = attempts.unfinished();
    if list.is_empty() {
        return;
    }
    card(ui, pal, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new("Unfinished conversations").strong());
        for a in list.iter().take(5) {
            ui.horizontal_wrapped(|ui| {
                ui.label(format!(
                    "{} with {}: turn {}, {}, saved {}",
                    a.transcript.vignette_title,
                    a.transcript.patient_name,
                    a.turns(),
                    a.transcript.mode.as_str(),
                    widgets::when(a.transcript.updated_at)
                ));
                if widgets::button(ui, "Resume").clicked() {
                    out.push(Action::Resume(a.path.clone()));
                }
                if widgets::button(ui, "Set aside").clicked() {
                    out.push(Action::Discard(a.path.clone()));
                }
            });
        }
    });
    ui.add_space(8.0);
}
