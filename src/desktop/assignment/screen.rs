//! The Assignment screen: a picker (path field and the files found), or the assignment's problems located,
//! or its title, instructions and rules, the pseudonym, each vignette with attempts used and left, its
//! criteria in words and a Start button, the last verdict, the hand-in with its folder, the LRS line.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};
use egui::{RichText, TextStyle};

use crate::assign::Assignment;
use crate::sitting::criteria_words::in_words;
use crate::sitting::{LrsState, Sitting};

use super::super::state::{Catalog, Notice, Screen};
use super::super::theme::{Palette, focus_ring};
use super::super::widgets::{self, Act, Column, card, nav_bar, notice_line, page, primary_button};
use super::desk::{Desk, HandIn, Loaded};
use super::flow::{AssignmentAction, problems};

const DIGITS: [egui::Key; 9] = [
    egui::Key::Num1,
    egui::Key::Num2,
    egui::Key::Num3,
    egui::Key::Num4,
    egui::Key::Num5,
    egui::Key::Num6,
    egui::Key::Num7,
    egui::Key::Num8,
    egui::Key::Num9,
];

/// Draws the Assignment screen.
#[allow(clippy::too_many_arguments)]
pub fn assignment_ui(
    mut contexts: EguiContexts,
    mut desk: ResMut<Desk>,
    mut act: Act,
    mut asked: MessageWriter<AssignmentAction>,
    catalog: Res<Catalog>,
    notice: Res<Notice>,
    pal: Res<Palette>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let mut root = widgets::root_ui(&ctx);
    let mut out = Vec::new();
    let mut wants = Vec::new();
    nav_bar(&mut root, &pal, Screen::Assignment, &mut out);
    let desk = &mut *desk;
    page(
        &mut root,
        &pal,
        "assignment-scroll",
        Column::Centred(1000.0),
        |ui| {
            notice_line(ui, &pal, &notice);
            match &desk.loaded {
                None => {}
                Some(Loaded::Problems(list)) => {
                    let file = desk
                        .file
                        .as_ref()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default();
                    file_problems(ui, &pal, &file, list);
                }
                Some(Loaded::Ready(a)) => {
                    let a = a.clone();
                    header(ui, &pal, &a);
                    match desk.sitting.as_ref() {
                        None => pseudonym(ui, &pal, desk, &a, &mut wants),
                        Some(s) => {
                            sitting(ui, &pal, s, &catalog, desk, &mut wants);
                        }
                    }
                    ui.add_space(10.0);
                }
            }
            if desk.sitting.is_none() {
                picker(ui, &pal, desk, &mut wants);
            }
        },
    );
    // Keys, when no field has the focus: D reads the last debrief, O opens the submission's folder.
    if desk.sitting.is_some() && ctx.memory(|m| m.focused()).is_none() {
        if desk.debrief.is_some() && ctx.input(|i| i.key_pressed(egui::Key::D)) {
            wants.push(AssignmentAction::ReadDebrief);
        }
        if desk.handed_in.as_ref().is_some_and(|h| h.written.is_ok())
            && ctx.input(|i| i.key_pressed(egui::Key::O))
        {
            wants.push(AssignmentAction::OpenFolder);
        }
    }
    // Digits start a vignette's next attempt, as they give replies in the conversation.
    if let Some(s) = desk.sitting.as_ref()
        && ctx.memory(|m| m.focused()).is_none()
        && let Some(i) = DIGITS
            .iter()
            .position(|k| ctx.input(|inp| inp.key_pressed(*k)))
        && s.left(i) > 0
        && s.can_start(i, &catalog.library).is_ok()
    {
        wants.push(AssignmentAction::Start(i));
    }
    focus_ring(&ctx, &pal);
    act.send_all(out);
    for w in wants {
        asked.write(w);
    }
    Ok(())
}

/// The located problems of an assignment file that did not load.
fn file_problems(
    ui: &mut egui::Ui,
    pal: &Palette,
    file: &str,
    list: &[crate::diagnostic::Diagnostic],
) {
    card(ui, pal, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            RichText::new(format!(
                "This assignment file has {} problem{}; nothing can be played until it is fixed",
                list.len(),
                if list.len() == 1 { "" } else { "s" }
            ))
            .text_style(TextStyle::Heading)
            .color(pal.problem)
            .strong(),
        );
        ui.label(RichText::new(file).color(pal.weak));
        for d in list {
            ui.add_space(4.0);
            ui.label(RichText::new(d.to_string()).monospace());
        }
    });
    ui.add_space(10.0);
}

/// Title, instructions and the rules.
fn header(ui: &mut egui::Ui, pal: &Palette, a: &Assignment) {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    ui.label(
        RichText::new(&a.title)
            .text_style(TextStyle::Heading)
            .strong(),
    );
    ui.label(RichText::new(format!("Assignment `{}`", a.id)).color(pal.weak));
    ui.add_space(4.0);
    ui.label(a.instructions.trim());
    ui.add_space(4.0);
    ui.label(
        RichText::new(format!(
            "{} vignette{} · {} mode · {} attempt{} allowed each · {}",
            a.vignettes.len(),
            plural(a.vignettes.len()),
            a.mode.as_str(),
            a.attempts_allowed,
            plural(a.attempts_allowed as usize),
            if a.show_feedback {
                "you see your debrief and verdict after each attempt"
            } else {
                "the debrief and verdict go to your educator"
            }
        ))
        .strong(),
    );
    ui.label(
        RichText::new("Training material for communication practice, not clinical guidance.")
            .color(pal.weak),
    );
    ui.add_space(8.0);
}

/// The pseudonym field and Begin (or why the assignment cannot be played now).
fn pseudonym(
    ui: &mut egui::Ui,
    pal: &Palette,
    desk: &mut Desk,
    a: &Assignment,
    wants: &mut Vec<AssignmentAction>,
) {
    card(ui, pal, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new("Your pseudonym").strong());
        let rule = a.lrs.as_ref().and_then(|l| l.pseudonym.as_deref());
        ui.label(
            RichText::new(match rule {
                Some(r) => format!("{r}; never your real name."),
                None => "The name your educator asked you to use, not your real name. The same \
                         pseudonym picks up where you stopped."
                    .to_owned(),
            })
            .color(pal.weak),
        );
        ui.horizontal_wrapped(|ui| {
            let id = egui::Id::new("assignment-pseudonym");
            let r = ui.add(
                egui::TextEdit::singleline(&mut desk.pseudonym)
                    .id(id)
                    .hint_text("e.g. Blue Heron")
                    .desired_width(ui.available_width().min(320.0)),
            );
            // Read before the focus is asked back: asking makes egui forget it was just lost.
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if !enter && ui.ctx().memory(|m| m.focused()).is_none() {
                r.request_focus();
            }
            if primary_button(ui, pal, "Begin (Enter)").clicked() || enter {
                wants.push(AssignmentAction::Begin);
            }
        });
        if let Some(why) = &desk.locked {
            ui.label(
                RichText::new(format!(
                    "This assignment is open under this pseudonym in another Alliance ({why}). Finish or \
                     close it there first; nothing is offered here meanwhile."
                ))
                .color(pal.problem)
                .strong(),
            );
        }
    });
}

/// The run: each vignette, the last attempt's verdict, the hand-in and the LRS line.
fn sitting(
    ui: &mut egui::Ui,
    pal: &Palette,
    s: &Sitting,
    catalog: &Catalog,
    desk: &Desk,
    wants: &mut Vec<AssignmentAction>,
) {
    let show = s.assignment.show_feedback;
    ui.label(RichText::new(format!("Sitting it as {}", s.pseudonym)).color(pal.weak));
    for p in problems(&desk.notes) {
        ui.label(RichText::new(p).color(pal.problem));
    }
    // Once handed in, the verdict and the file come first.
    if desk.handed_in.is_some() {
        hand_in(ui, pal, s, desk.handed_in.as_ref(), show, wants);
        ui.add_space(6.0);
    }
    if let Some((i, k)) = desk.last {
        last_attempt(ui, pal, s, (i, k), (show, desk.debrief.is_some()), wants);
    }
    for (i, vid) in s.assignment.vignettes.iter().enumerate() {
        let title = catalog
            .library
            .get(vid)
            .map_or_else(|| vid.clone(), |v| v.title.clone());
        let blocked = s.can_start(i, &catalog.library).err();
        vignette_card(ui, pal, s, (i, &title, blocked.as_deref()), show, wants);
        ui.add_space(6.0);
    }
    if desk.handed_in.is_none() {
        hand_in(ui, pal, s, None, show, wants);
    }
    if let Some(l) = &desk.lrs {
        lrs_line(ui, pal, l);
    }
    ui.add_space(6.0);
    if widgets::button(ui, "Put this assignment away (your progress is kept)").clicked() {
        wants.push(AssignmentAction::Close);
    }
}

fn vignette_card(
    ui: &mut egui::Ui,
    pal: &Palette,
    s: &Sitting,
    (i, title, blocked): (usize, &str, Option<&str>),
    show: bool,
    wants: &mut Vec<AssignmentAction>,
) {
    let allowed = s.assignment.attempts_allowed;
    let made = s.made(i);
    let left = s.left(i);
    card(ui, pal, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            RichText::new(format!("{}. {title}", i + 1))
                .text_style(TextStyle::Heading)
                .strong(),
        );
        let state = match (s.passed_on(i), show, made) {
            (_, _, 0) => "not attempted yet".to_owned(),
            (Some(k), true, _) => format!("passed on attempt {k}"),
            (None, true, _) => "not passed yet".to_owned(),
            (_, false, _) if left == 0 => "done: the verdict goes to your educator".to_owned(),
            (_, false, _) => "attempted".to_owned(),
        };
        let passed = show && s.passed_on(i).is_some();
        ui.label(
            RichText::new(format!(
                "{made} of {allowed} attempt{} used, {left} left · {state}",
                if allowed == 1 { "" } else { "s" }
            ))
            .color(if passed { pal.strengthened } else { pal.text })
            .strong(),
        );
        let interrupted = s
            .attempts(i)
            .iter()
            .filter(|a| a.transcript.ending.is_none())
            .count();
        if interrupted > 0 {
            ui.label(
                RichText::new(format!(
                    "{interrupted} attempt{} stopped before the ending (it counts)",
                    if interrupted == 1 { "" } else { "s" }
                ))
                .color(pal.weak),
            );
        }
        ui.label(RichText::new("To pass:").strong());
        for line in in_words(&s.criteria(i)) {
            ui.label(format!("• {line}"));
        }
        if let (true, Some(why)) = (left > 0, blocked) {
            // A follow-up visit before its first visit reached an ending.
            ui.label(RichText::new(format!("Cannot start yet: {why}")).color(pal.weak));
        } else if left > 0 {
            let label = if made == 0 {
                format!("Start attempt 1 of {allowed} (key {})", i + 1)
            } else {
                format!("Resume: attempt {} of {allowed} (key {})", made + 1, i + 1)
            };
            if primary_button(ui, pal, &label).clicked() {
                wants.push(AssignmentAction::Start(i));
            }
        }
    });
}

/// The verdict of the last attempt, in words, where the assignment shows feedback.
fn last_attempt(
    ui: &mut egui::Ui,
    pal: &Palette,
    s: &Sitting,
    (i, k): (usize, u32),
    (show, debrief): (bool, bool),
    wants: &mut Vec<AssignmentAction>,
) {
    let Some(a) = s.attempts(i).iter().find(|a| a.attempt == k) else {
        return;
    };
    card(ui, pal, |ui| {
        ui.set_width(ui.available_width());
        if !show {
            ui.label(RichText::new(format!("Attempt {k} recorded.")).strong());
            ui.label(RichText::new("Its debrief and verdict go to your educator.").color(pal.weak));
            return;
        }
        let (word, color) = if a.verdict.passed {
            ("PASSED", pal.strengthened)
        } else {
            ("NOT PASSED", pal.problem)
        };
        ui.label(
            RichText::new(format!("Vignette {}, attempt {k}: {word}", i + 1))
                .text_style(TextStyle::Heading)
                .color(color)
                .strong(),
        );
        for c in &a.verdict.checks {
            ui.label(format!(
                "[{}] {}",
                if c.passed { "x" } else { " " },
                c.detail
            ));
        }
        if debrief && primary_button(ui, pal, "Read your debrief (D)").clicked() {
            wants.push(AssignmentAction::ReadDebrief);
        }
    });
    ui.add_space(6.0);
}

fn hand_in(
    ui: &mut egui::Ui,
    pal: &Palette,
    s: &Sitting,
    handed: Option<&HandIn>,
    show: bool,
    wants: &mut Vec<AssignmentAction>,
) {
    card(ui, pal, |ui| {
        ui.set_width(ui.available_width());
        match handed {
            Some(h) => {
                if show {
                    let (word, color) = if h.passed {
                        ("PASSED", pal.strengthened)
                    } else {
                        ("NOT PASSED", pal.problem)
                    };
                    ui.label(
                        RichText::new(format!("{}: {word}", s.assignment.title))
                            .text_style(TextStyle::Heading)
                            .color(color)
                            .strong(),
                    );
                    for r in &h.reasons {
                        ui.label(format!("• {r}"));
                    }
                } else {
                    ui.label(
                        RichText::new("Handed in: your educator will see the verdict.")
                            .text_style(TextStyle::Heading)
                            .strong(),
                    );
                }
                match &h.written {
                    Ok(p) => {
                        ui.label(format!("Submission saved: {}", p.display()));
                        ui.label(
                            RichText::new(
                                "Hand in this file as your educator asked. Editing it invalidates its checksum.",
                            )
                            .color(pal.weak),
                        );
                        ui.horizontal_wrapped(|ui| {
                            if primary_button(ui, pal, "Open the folder (O)").clicked() {
                                wants.push(AssignmentAction::OpenFolder);
                            }
                            if !s.complete() && widgets::button(ui, "Hand in again").clicked() {
                                wants.push(AssignmentAction::HandIn);
                            }
                        });
                    }
                    Err(e) => {
                        ui.label(RichText::new(e).color(pal.problem).strong());
                        if widgets::button(ui, "Try again").clicked() {
                            wants.push(AssignmentAction::HandIn);
                        }
                    }
                }
            }
            None => {
                ui.label(RichText::new("Hand in").strong());
                ui.label(
                    RichText::new(
                        "When every vignette is passed or out of attempts, the submission is written for \
                         you. You may hand in before: what is not attempted counts as not passed.",
                    )
                    .color(pal.weak),
                );
                if widgets::button(ui, "Hand in now").clicked() {
                    wants.push(AssignmentAction::HandIn);
                }
            }
        }
    });
}

/// "Results: N sent · M waiting to send", quietly.
fn lrs_line(ui: &mut egui::Ui, pal: &Palette, l: &LrsState) {
    let mut text = format!(
        "Results for your educator's record store ({}): {} sent · {} waiting to send",
        l.endpoint, l.sent, l.waiting
    );
    if l.sending {
        text.push_str(" · sending…");
    }
    if let Some(p) = &l.problem {
        text.push_str(&format!(
            " ({p}; kept on this computer until it can be sent)"
        ));
    }
    ui.label(RichText::new(text).color(pal.weak).small());
}

/// Open a file by its path, or one of those found.
fn picker(ui: &mut egui::Ui, pal: &Palette, desk: &mut Desk, wants: &mut Vec<AssignmentAction>) {
    card(ui, pal, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            RichText::new("Open an assignment")
                .text_style(TextStyle::Heading)
                .strong(),
        );
        ui.label(
            RichText::new(
                "Type the path of the assignment file your educator gave you, choose one found below, \
                 or drop the file on this window.",
            )
            .color(pal.weak),
        );
        ui.horizontal_wrapped(|ui| {
            let r = ui.add(
                egui::TextEdit::singleline(&mut desk.path_field)
                    .id(egui::Id::new("assignment-path"))
                    .hint_text("path/to/assignment.yaml")
                    .desired_width(ui.available_width().min(520.0)),
            );
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (widgets::button(ui, "Open").clicked() || enter)
                && !desk.path_field.trim().is_empty()
            {
                wants.push(AssignmentAction::Open(desk.path_field.trim().into()));
            }
        });
        if desk.found.is_empty() {
            ui.label(
                RichText::new(
                    "No assignment files in this folder, ./assignments or your data folder.",
                )
                .color(pal.weak),
            );
        }
        for p in &desk.found {
            if widgets::button(ui, &p.display().to_string()).clicked() {
                wants.push(AssignmentAction::Open(p.clone()));
            }
        }
    });
}
