//! The conversation screen: the patient's portrait (emotion and cue), the conversation so far, the newest
//! line, the replies as large numbered buttons (keys 1-9, Tab and Enter), and a text field for a reply in the
//! student's own words (Enter sends; the engine reads and matches it). Practice adds live meters and the
//! feedback for each reply, with how a typed reply was read; assessment shows none until the debrief.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui::{RichText, Sense, TextStyle};

use crate::engine::{PatientLine, Session, TurnRecord};
use crate::report::Reading;
use crate::vignette::model::{Person, RuptureMarker};

use super::actions::{Action, apply_actions};
use super::app::UiSet;
use super::faces::{Face, faces};
use super::portrait;
use super::prefs::Prefs;
use super::settings::TYPE_EVERY_REPLY;
use super::state::{ConversationView, Play, Screen, Shown};
use super::theme::{Palette, focus_ring, patient_style, text_scale, title_style};
use super::widgets::{
    self, Act, Column, card, labelled, meter, moved, page, primary_button, reply_button, words,
};

/// The conversation screen and its keys.
pub struct ConversationPlugin;

impl Plugin for ConversationPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            Update,
            reply_keys
                .before(apply_actions)
                .run_if(in_state(Screen::Conversation)),
        )
        .add_systems(
            EguiPrimaryContextPass,
            conversation_ui
                .in_set(UiSet::Screens)
                .run_if(in_state(Screen::Conversation)),
        );
    }
}

const DIGITS: [(KeyCode, KeyCode); 9] = [
    (KeyCode::Digit1, KeyCode::Numpad1),
    (KeyCode::Digit2, KeyCode::Numpad2),
    (KeyCode::Digit3, KeyCode::Numpad3),
    (KeyCode::Digit4, KeyCode::Numpad4),
    (KeyCode::Digit5, KeyCode::Numpad5),
    (KeyCode::Digit6, KeyCode::Numpad6),
    (KeyCode::Digit7, KeyCode::Numpad7),
    (KeyCode::Digit8, KeyCode::Numpad8),
    (KeyCode::Digit9, KeyCode::Numpad9),
];

/// Keys 1-9 give the reply with that number; Enter, once the consultation has ended, opens the debrief.
/// (Enter on a focused reply button is egui's: it clicks the button; in the text field it sends the reply.)
/// While the text field has the focus the digits are typed, and with the menu hidden they choose nothing.
pub fn reply_keys(
    keys: Res<ButtonInput<KeyCode>>,
    play: Res<Play>,
    view: Res<ConversationView>,
    prefs: Res<Prefs>,
    mut actions: MessageWriter<Action>,
) {
    let Some(s) = play.session() else {
        return;
    };
    if s.is_over() {
        if keys.any_just_pressed([KeyCode::Enter, KeyCode::NumpadEnter]) {
            actions.write(Action::ShowDebrief);
        }
        return;
    }
    if view.typing || prefs.type_every_reply {
        return;
    }
    let on_offer = s.offered().len();
    if let Some(i) = DIGITS
        .iter()
        .take(on_offer)
        .position(|(d, n)| keys.just_pressed(*d) || keys.just_pressed(*n))
    {
        actions.write(Action::Choose(i));
    }
}

fn conversation_ui(
    mut contexts: EguiContexts,
    play: Res<Play>,
    mut view: ResMut<ConversationView>,
    mut act: Act,
    pal: Res<Palette>,
    mut prefs: ResMut<Prefs>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let mut p = *prefs;
    let out = draw(&ctx, &play, &mut view, &pal, &mut p);
    if p != *prefs {
        *prefs = p;
    }
    act.send_all(out);
    Ok(())
}

/// The whole screen for one frame; returns what the student asked for. Apart from Bevy, so a test can lay it
/// out in a bare egui context and check where things landed.
pub fn draw(
    ctx: &egui::Context,
    play: &Play,
    view: &mut ConversationView,
    pal: &Palette,
    prefs: &mut Prefs,
) -> Vec<Action> {
    let mut root = widgets::root_ui(ctx);
    let mut out = Vec::new();
    let focus_line = std::mem::take(&mut view.focus_line);
    let focus_field = std::mem::take(&mut view.focus_field);
    let mut draft = std::mem::take(&mut view.draft);
    let mut typed_only = prefs.type_every_reply;
    let mut typing = false;
    let mut shown = Shown::default();
    let practice = play.shows_feedback();
    // While the attempt is not (fully) on disk, the top bar says what is and is not, every frame until a save
    // works again, and the leave button stops saying "saved".
    let save_error = play
        .attempt
        .as_ref()
        .and_then(|a| a.save_error())
        .map(ToString::to_string);
    let replayed_from = play.replayed_from;
    let Some(s) = play.session() else {
        // Nothing to show (e.g. the attempt could not start): back to the library.
        out.push(Action::Go(Screen::Library));
        return out;
    };
    let k = prefs.text_scale;
    let wide = root.available_width() >= 640.0 + 280.0 * k;
    let for_assignment = play.for_assignment.is_some();
    top_bar(
        &mut root,
        pal,
        s,
        (k, for_assignment),
        save_error.as_deref(),
        &mut out,
    );
    if wide {
        let side = side_width(root.available_width(), k);
        egui::Panel::left("patient")
            .resizable(false)
            .exact_size(side)
            .frame(
                egui::Frame::new()
                    .fill(pal.card)
                    .inner_margin(egui::Margin::same(14))
                    .stroke(egui::Stroke::new(pal.outline(), pal.line)),
            )
            .show(&mut root, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("patient-scroll")
                    .show(ui, |ui| {
                        shown.side = Some(ui.clip_rect());
                        shown.meters = patient_panel(ui, pal, s, practice, ui.available_width());
                    });
            });
    } else {
        egui::Panel::top("patient-narrow")
            .resizable(false)
            .frame(
                egui::Frame::new()
                    .fill(pal.card)
                    .inner_margin(egui::Margin::same(10))
                    .stroke(egui::Stroke::new(pal.outline(), pal.line)),
            )
            .show(&mut root, |ui| {
                shown.side = Some(ui.clip_rect());
                ui.horizontal(|ui| {
                    for face in faces(s) {
                        portrait_of(ui, pal, &face, 110.0, 110.0);
                    }
                    ui.vertical(|ui| {
                        // The cue is under the patient's line just below; not repeated here.
                        caption(ui, pal, s, false);
                        if practice {
                            shown.meters = Some(ui.label(meters_line(s)).rect);
                        }
                    });
                });
            });
    }
    page(
        &mut root,
        pal,
        "conversation-scroll",
        Column::Centred(880.0),
        |ui| {
            shown.visible = Some(ui.clip_rect());
            if let Some(t) = replayed_from {
                ui.label(
                    RichText::new(format!(
                        "Replaying: the first {} replies are as before; choose again from turn {t}.",
                        t.saturating_sub(1)
                    ))
                    .color(pal.weak),
                );
            }
            let last = history(ui, pal, s, practice);
            shown.feedback = last.feedback;
            // With every reply typed, the field takes the focus when the patient's line arrives
            // (its description reads the line out); otherwise the line does.
            let to_field = !s.is_over() && typed_only;
            let line = latest(ui, pal, s, focus_line && !to_field);
            shown.line = Some(line);
            let mut field = None;
            if s.is_over() {
                ending(ui, pal, s, &mut out);
            } else {
                if !typed_only {
                    replies(ui, pal, s, &mut out);
                }
                let focus = focus_field || (focus_line && to_field);
                let (has_focus, rect) =
                    own_words(ui, pal, s, &mut draft, &mut typed_only, focus, &mut out);
                typing = has_focus;
                field = focus.then_some(rect);
            }
            if focus_line || focus_field {
                // A reply was just given (or the field took the focus): the feedback on it and the patient's
                // answer come into view together, with what was said and the field when they fit too.
                let (rect, align) = in_view(last, line, field, ui.clip_rect().height());
                ui.scroll_to_rect(rect, Some(align));
            }
        },
    );
    view.draft = draft;
    view.typing = typing;
    view.shown = shown;
    if typed_only != prefs.type_every_reply {
        prefs.type_every_reply = typed_only;
        // Turned on here: the menu goes and the field takes the focus (turned off, the menu is back under it).
        view.focus_field = typed_only;
    }
    focus_ring(ctx, pal);
    out
}

/// The patient panel's width: about a third of the window at 100%, a tenth wider at 200% (at most 42% of the
/// window): wider for its larger words, but not so wide that the feedback and the answer beside it no longer
/// fit one screen.
pub fn side_width(window: f32, k: f32) -> f32 {
    ((window * 0.3).clamp(260.0, 380.0) * (1.0 + 0.1 * (k - 1.0))).min(window * 0.42)
}

/// What to scroll to after a reply, and how to align it, in a view `height` tall: the whole exchange (what
/// was said, its feedback, the patient's answer, and the focused field) when it fits; else without the field;
/// else from the feedback to the answer; else the answer at the bottom with as much of the feedback above it
/// as fits.
pub fn in_view(
    last: LastExchange,
    line: egui::Rect,
    field: Option<egui::Rect>,
    height: f32,
) -> (egui::Rect, egui::Align) {
    let with = |a: egui::Rect, b: Option<egui::Rect>| b.map_or(a, |b| a.union(b));
    let fits = |r: &egui::Rect| r.height() <= height - 8.0;
    let answer = with(line, last.feedback);
    let said = with(answer, last.said);
    [with(said, field), said, answer]
        .into_iter()
        .find(fits)
        .map_or((answer, egui::Align::BOTTOM), |r| (r, egui::Align::TOP))
}

/// One line that never wraps: Leave on the left, the mode and the turn on the right, and the title between
/// them, cut short with "…" (the whole title on hover) when the text is large.
fn top_bar(
    root: &mut egui::Ui,
    pal: &Palette,
    s: &Session,
    (k, for_assignment): (f32, bool),
    save_error: Option<&str>,
    out: &mut Vec<Action>,
) {
    egui::Panel::top("conversation-top")
        .frame(
            egui::Frame::new()
                .fill(pal.card)
                .inner_margin(egui::Margin::symmetric(16, 8))
                .stroke(egui::Stroke::new(pal.outline(), pal.line)),
        )
        .show(root, |ui| {
            // The long labels only when they fit on one line with the title.
            let roomy = ui.available_width() >= 1100.0 * k;
            ui.horizontal(|ui| {
                // An assignment's attempt goes back to the assignment, and leaving it early uses the attempt
                // (`sitting::Sitting::interrupt`), so the button says that rather than "saved".
                let leave = match (s.is_over(), roomy, save_error.is_some()) {
                    (true, _, false) if for_assignment => "Back to the assignment",
                    (true, _, true) if for_assignment => "Back to the assignment (not saved)",
                    (false, true, false) if for_assignment => "Leave (it counts as an attempt)",
                    (false, false, false) if for_assignment => "Leave (counts)",
                    (true, _, false) => "Back to the library",
                    (true, _, true) => "Back to the library (not saved)",
                    (false, true, false) => "Leave (your attempt is saved)",
                    (false, false, false) => "Leave (saved)",
                    (false, true, true) => "Leave (NOT all saved: see the warning)",
                    (false, false, true) => "Leave (not saved)",
                };
                if widgets::button(ui, leave).clicked() {
                    out.push(Action::Leave);
                }
                ui.add_space(8.0);
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.label(
                        RichText::new(format!("Turn {}", s.transcript().turns.len() + 1))
                            .color(pal.weak),
                    );
                    let mode = match (s.mode(), roomy) {
                        (crate::engine::Mode::Practice, true) => {
                            "Practice: feedback after every reply"
                        }
                        (crate::engine::Mode::Assessment, true) => {
                            "Assessment: feedback in the debrief"
                        }
                        (crate::engine::Mode::Practice, false) => "Practice",
                        (crate::engine::Mode::Assessment, false) => "Assessment",
                    };
                    ui.label(RichText::new(mode).color(pal.weak));
                    ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                        ui.add(
                            egui::Label::new(
                                RichText::new(&s.vignette().title)
                                    .text_style(title_style())
                                    .strong(),
                            )
                            .truncate(),
                        );
                    });
                });
            });
            if let Some(e) = save_error {
                ui.label(
                    RichText::new(format!("Not saved: {e}"))
                        .color(pal.problem)
                        .strong(),
                );
            }
        });
}

/// Name, emotion and (with `cue`) the nonverbal cue beside the portrait.
fn caption(ui: &mut egui::Ui, pal: &Palette, s: &Session, cue: bool) {
    let v = s.vignette();
    let line = s.patient_line();
    ui.label(
        RichText::new(format!("{}, {}", v.patient.name, v.patient.age))
            .text_style(TextStyle::Heading)
            .strong(),
    );
    let looks = match &v.companion {
        Some(_) => format!(
            "{} looks {}",
            v.name_of(line.speaker),
            words(line.emotion.as_str())
        ),
        None => format!("Looks {}", words(line.emotion.as_str())),
    };
    ui.label(RichText::new(looks).strong());
    if cue && !line.cue.is_empty() {
        ui.label(
            RichText::new(format!("({})", line.cue))
                .italics()
                .color(pal.weak),
        );
    }
}

/// One person's portrait, `size` square, centred in a slot `slot` wide, described for a screen reader.
fn portrait_of(ui: &mut egui::Ui, pal: &Palette, face: &Face, size: f32, slot: f32) {
    let (slot_rect, r) = ui.allocate_exact_size(egui::vec2(slot.max(size), size), Sense::hover());
    let rect = egui::Rect::from_center_size(slot_rect.center(), egui::vec2(size, size));
    portrait::paint(ui.painter(), rect, &face.key, face.age, face.emotion, pal);
    let label = format!(
        "Portrait of {}: looks {}",
        face.name,
        words(face.emotion.as_str())
    );
    r.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::Image, true, &label));
}

/// The portraits (the companion's beside the patient's while she is in the room), the name and look, the
/// meters (practice), and about the patient. The portraits give up height so that the meters stay on screen at
/// any text size; returns where the meters are.
fn patient_panel(
    ui: &mut egui::Ui,
    pal: &Palette,
    s: &Session,
    practice: bool,
    width: f32,
) -> Option<egui::Rect> {
    let v = s.vignette();
    // The height of the caption and meters last frame (a first guess before that).
    let below_id = egui::Id::new("patient-panel-below-portrait");
    let below = ui
        .ctx()
        .data(|d| d.get_temp::<f32>(below_id))
        .unwrap_or(320.0 * text_scale(ui));
    let room = ui.clip_rect().height() - below - 12.0;
    let shown = faces(s);
    if shown.len() == 1 {
        let size = width.min(320.0).min(room).max(96.0);
        portrait_of(ui, pal, &shown[0], size, width);
    } else {
        // Side by side, each captioned with the name, the patient on the left.
        let size = ((width - 8.0) / 2.0).min(200.0).min(room).max(96.0);
        ui.horizontal(|ui| {
            for face in &shown {
                ui.vertical(|ui| {
                    portrait_of(ui, pal, face, size, size);
                    ui.label(RichText::new(&face.name).color(pal.weak));
                });
            }
        });
    }
    if let Some(c) = &v.companion
        && !s.companion_present()
    {
        ui.label(
            RichText::new(format!("{} has stepped out of the room.", c.name))
                .italics()
                .color(pal.weak),
        );
    }
    let top = ui.cursor().min.y;
    ui.add_space(6.0);
    // The cue is in the patient's line, beside the words it goes with; not repeated here.
    caption(ui, pal, s, false);
    ui.add_space(10.0);
    let mut meters = None;
    if practice {
        let state = s.state();
        let d = s
            .transcript()
            .turns
            .last()
            .map(|t| t.delta)
            .unwrap_or_default();
        let from = ui.cursor().min;
        ui.label(RichText::new("The working alliance").strong());
        meter(ui, pal, "Bond", state.bond, d.bond, pal.bond);
        meter(ui, pal, "Goal", state.goal, d.goal, pal.goal);
        meter(ui, pal, "Task", state.task, d.task, pal.task);
        meter(ui, pal, "Empathy", state.empathy, d.empathy, pal.empathy);
        meters = Some(egui::Rect::from_min_max(
            from,
            egui::pos2(from.x + width, ui.cursor().min.y),
        ));
        if s.rupture_open() {
            ui.add_space(4.0);
            ui.label(
                RichText::new("Strain: the patient has pulled back. Repair it before moving on.")
                    .color(pal.strained)
                    .strong(),
            );
        }
    } else {
        ui.label(
            RichText::new(
                "Assessment: the alliance and feedback stay hidden until the debrief. There is no time limit.",
            )
            .color(pal.weak),
        );
    }
    let used = ui.cursor().min.y - top;
    ui.ctx().data_mut(|d| d.insert_temp(below_id, used));
    ui.add_space(10.0);
    ui.label(RichText::new("About the patient").strong());
    ui.label(&v.patient.background);
    ui.label(RichText::new(format!("Setting: {}", v.setting)).color(pal.weak));
    meters
}

/// The alliance in one line of words and numbers (the narrow layout).
fn meters_line(s: &Session) -> String {
    let st = s.state();
    let d = s
        .transcript()
        .turns
        .last()
        .map(|t| t.delta)
        .unwrap_or_default();
    let one = |name: &str, v: f64, c: f64| {
        if c.abs() >= 0.05 {
            format!("{name} {v:.0} ({c:+.0})")
        } else {
            format!("{name} {v:.0}")
        }
    };
    format!(
        "{} · {} · {} · {}",
        one("Bond", st.bond, d.bond),
        one("Goal", st.goal, d.goal),
        one("Task", st.task, d.task),
        one("Empathy", st.empathy, d.empathy)
    )
}

/// A patient line as a bubble on the left.
fn patient_bubble(ui: &mut egui::Ui, pal: &Palette, name: &str, line: &PatientLine) {
    egui::Frame::new()
        .fill(pal.card)
        .stroke(egui::Stroke::new(pal.outline(), pal.line))
        .corner_radius(egui::CornerRadius::same(10))
        .inner_margin(egui::Margin::symmetric(12, 8))
        .show(ui, |ui| {
            ui.set_width(ui.available_width() * 0.92);
            ui.label(RichText::new(name).strong().color(pal.weak));
            ui.label(format!("“{}”", line.text));
            if !line.cue.is_empty() {
                ui.label(
                    RichText::new(format!("({})", line.cue))
                        .italics()
                        .color(pal.weak),
                );
            }
        });
}

/// The student's reply as a tinted bubble, indented from the right ("You typed" for a reply in their own words).
/// `to` names the companion when the reply was addressed to them.
fn my_bubble(
    ui: &mut egui::Ui,
    pal: &Palette,
    text: &str,
    typed: bool,
    to: Option<&str>,
) -> egui::Rect {
    ui.with_layout(egui::Layout::top_down(egui::Align::Max), |ui| {
        egui::Frame::new()
            .fill(pal.mine)
            .stroke(egui::Stroke::new(pal.outline(), pal.line))
            .corner_radius(egui::CornerRadius::same(10))
            .inner_margin(egui::Margin::symmetric(12, 8))
            .show(ui, |ui| {
                ui.set_width(ui.available_width() * 0.85);
                ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                    let who = match (typed, to) {
                        (true, None) => "You typed".to_owned(),
                        (false, None) => "You".to_owned(),
                        (true, Some(n)) => format!("You typed (to {n})"),
                        (false, Some(n)) => format!("You (to {n})"),
                    };
                    ui.label(RichText::new(who).strong().color(pal.weak));
                    ui.label(format!("“{text}”"));
                });
            });
    })
    .response
    .rect
}

/// The feedback for one reply (practice only): what it did to the alliance and why, in plain words; how a
/// typed reply was read and the rubric's rules one click away, under "Details".
fn coach(ui: &mut egui::Ui, pal: &Palette, t: &TurnRecord) -> egui::Rect {
    egui::Frame::new()
        .stroke(egui::Stroke::new(2.0, pal.accent))
        .corner_radius(egui::CornerRadius::same(8))
        .inner_margin(egui::Margin::symmetric(12, 8))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            // One paragraph: what moved, then why (a line less than a heading above it).
            labelled(
                ui,
                pal,
                &format!("Feedback: {}", moved(&t.delta)),
                &t.feedback,
            );
            if t.repaired {
                ui.label(
                    RichText::new("Repair: this reply eased the strain.")
                        .color(pal.strengthened)
                        .strong(),
                );
            }
            if t.deepened {
                ui.label(
                    RichText::new("The strain deepened.")
                        .color(pal.strained)
                        .strong(),
                );
            }
            if let Some(r) = t.reaction.rupture {
                ui.label(
                    RichText::new(format!("Strain: {}.", strain_in_words(r))).color(pal.strained),
                );
            }
            let reading = Reading::of(t);
            if reading.is_some() || !t.rules.is_empty() || t.reaction.rupture.is_some() {
                egui::CollapsingHeader::new("Details")
                    .id_salt(("feedback-details", t.turn))
                    .show(ui, |ui| {
                        if let Some(reading) = &reading {
                            // "You typed" is the bubble above.
                            for (label, value) in reading.lines().into_iter().skip(1) {
                                labelled(ui, pal, label, &value);
                            }
                        }
                        for r in &t.rules {
                            ui.label(RichText::new(&r.explain).color(pal.weak));
                        }
                        if let Some(r) = t.reaction.rupture {
                            ui.label(
                                RichText::new(format!(
                                    "Rupture marker (3RS): {} ({})",
                                    words(r.as_str()),
                                    r.kind().as_str()
                                ))
                                .color(pal.weak),
                            );
                        }
                    });
            }
        })
        .response
        .rect
}

/// A strain the patient shows, as a tutor would name it (the 3RS marker's name is under "Details").
pub fn strain_in_words(m: RuptureMarker) -> &'static str {
    use RuptureMarker as M;
    match m {
        M::Denial => "the patient denied there was anything to talk about",
        M::MinimalResponse => "the patient went quiet and gave only a short answer",
        M::AbstractCommunication => "the patient kept to vague, general talk",
        M::AvoidantTopicShift => "the patient changed the subject",
        M::DeferentialAppeasing => "the patient pulled back and agreed just to end the topic",
        M::ContentAffectSplit => "the patient's words and feelings did not match",
        M::SelfCriticismHopelessness => "the patient turned on themself and sounded hopeless",
        M::ComplaintAboutClinician => "the patient complained about you",
        M::RejectingIntervention => "the patient turned down what you suggested",
        M::ComplaintAboutTreatment => "the patient complained about the treatment",
        M::ComplaintAboutProgress => "the patient complained that nothing is getting better",
        M::DefendingSelf => "the patient defended themself",
        M::ControllingPressuring => "the patient tried to take control of the conversation",
    }
}

/// Where the last reply and its feedback were drawn.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LastExchange {
    /// The student's last reply.
    pub said: Option<egui::Rect>,
    /// The feedback on it (practice only).
    pub feedback: Option<egui::Rect>,
}

/// Everything before the newest patient line; returns where the last reply and its feedback are.
fn history(ui: &mut egui::Ui, pal: &Palette, s: &Session, practice: bool) -> LastExchange {
    let t = s.transcript();
    let mut last = LastExchange::default();
    if t.turns.is_empty() {
        return last;
    }
    patient_bubble(ui, pal, t.name_of(t.opening.speaker), &t.opening);
    for (i, turn) in t.turns.iter().enumerate() {
        ui.add_space(4.0);
        let to = (turn.to == Person::Companion).then(|| t.name_of(turn.to));
        let said = my_bubble(ui, pal, &turn.said, turn.typed.is_some(), to);
        let mut feedback = None;
        if practice {
            ui.add_space(2.0);
            feedback = Some(coach(ui, pal, turn));
        }
        if i + 1 < t.turns.len() {
            ui.add_space(4.0);
            patient_bubble(ui, pal, t.name_of(turn.reaction.speaker), &turn.reaction);
        } else {
            last = LastExchange {
                said: Some(said),
                feedback,
            };
        }
    }
    ui.add_space(8.0);
    last
}

/// The newest patient line, large, focusable (so a screen reader reads it when it arrives).
fn latest(ui: &mut egui::Ui, pal: &Palette, s: &Session, focus: bool) -> egui::Rect {
    let line = s.patient_line();
    let v = s.vignette();
    let name = v.name_of(line.speaker);
    let rect = egui::Frame::new()
        .fill(pal.card)
        .stroke(egui::Stroke::new(2.0, pal.accent))
        .corner_radius(egui::CornerRadius::same(12))
        .inner_margin(egui::Margin::same(12))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            // One paragraph: who, the words (large), and how they were said, so that the answer and the
            // feedback above it fit on one screen at 200%.
            let mut job = egui::text::LayoutJob::default();
            let style = ui.style().clone();
            let mut add = |text: RichText| {
                text.append_to(
                    &mut job,
                    &style,
                    egui::FontSelection::Default,
                    egui::Align::BOTTOM,
                );
            };
            add(RichText::new(format!("{name}: ")).strong().color(pal.weak));
            add(RichText::new(format!("“{}”", line.text)).text_style(patient_style()));
            if !line.cue.is_empty() {
                add(RichText::new(format!(
                    "  ({}; looks {})",
                    line.cue,
                    words(line.emotion.as_str())
                ))
                .italics()
                .color(pal.weak));
            }
            let r = ui.add(
                egui::Label::new(job)
                    .wrap()
                    .sense(Sense::focusable_noninteractive()),
            );
            let spoken = format!(
                "{} says: {}. ({}; looks {})",
                name,
                line.text,
                line.cue,
                words(line.emotion.as_str())
            );
            r.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::Label, true, &spoken));
            if focus {
                // Scrolled into view with the feedback above it (`in_view`), not on its own.
                r.request_focus();
            }
        })
        .response
        .rect;
    ui.add_space(10.0);
    rect
}

fn replies(ui: &mut egui::Ui, pal: &Palette, s: &Session, out: &mut Vec<Action>) {
    let offered = s.offered();
    // While the text field has the focus, digits type into it: say how to get back to the menu.
    let in_field = ui.ctx().memory(|m| m.has_focus(field_id()));
    ui.label(
        RichText::new(if in_field {
            format!(
                "Your reply: press Escape to leave the text field, then 1-{} (or type the number and Enter)",
                offered.len()
            )
        } else {
            format!(
                "Your reply: press 1-{}, or Tab to a reply and press Enter",
                offered.len()
            )
        })
        .strong(),
    );
    ui.add_space(4.0);
    let v = s.vignette();
    let node = s.at_node().map(|n| &v.nodes[n]);
    for (i, o) in offered.iter().enumerate() {
        let text = match node.map(|n| n.replies[o.index].to) {
            Some(Person::Companion) => format!("(to {}) {}", v.name_of(Person::Companion), o.text),
            _ => o.text.clone(),
        };
        if reply_button(ui, pal, i + 1, &text).clicked() {
            out.push(Action::Choose(i));
        }
        ui.add_space(6.0);
    }
}

/// The text field's id (its focus decides whether keys type or choose).
fn field_id() -> egui::Id {
    egui::Id::new("say-it-in-your-own-words")
}

/// Whether this frame's input sends the typed reply: Enter without Shift (Shift+Enter is a new line).
pub fn sends(events: &[egui::Event]) -> bool {
    events.iter().any(|e| {
        matches!(
            e,
            egui::Event::Key {
                key: egui::Key::Enter,
                pressed: true,
                modifiers,
                ..
            } if !modifiers.shift
        )
    })
}

/// "Say it in your own words": a multi-line field with Send (Enter sends, Shift+Enter is a new line), and the
/// switch between the menu and typing every reply. Returns whether the field has the keyboard focus, and where
/// it all is.
fn own_words(
    ui: &mut egui::Ui,
    pal: &Palette,
    s: &Session,
    draft: &mut String,
    typed_only: &mut bool,
    focus: bool,
    out: &mut Vec<Action>,
) -> (bool, egui::Rect) {
    ui.add_space(4.0);
    let top = ui.cursor().min;
    let title = ui.label(RichText::new("Say it in your own words").strong());
    let line = s.patient_line();
    let field = egui::TextEdit::multiline(draft)
        .id(field_id())
        .desired_rows(3)
        .desired_width(f32::INFINITY)
        .hint_text("Type your reply here. Enter sends it; Shift+Enter starts a new line.")
        // Plain Enter is left to `sends`; only Shift+Enter breaks the line.
        .return_key(egui::KeyboardShortcut::new(
            egui::Modifiers::SHIFT,
            egui::Key::Enter,
        ));
    let r = ui.add(field).labelled_by(title.id);
    // A screen reader hears what is being answered when the field takes the focus.
    let name = s.vignette().name_of(line.speaker);
    ui.ctx().accesskit_node_builder(r.id, |node| {
        node.set_description(format!("Your reply to {name}, who said: {}", line.text));
    });
    if focus {
        r.request_focus();
    }
    let mut send = r.has_focus() && ui.input(|i| sends(&i.events));
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        if primary_button(ui, pal, "Send").clicked() {
            send = true;
        }
        ui.label(RichText::new("Enter sends · Shift+Enter: new line").color(pal.weak));
        ui.add_space(12.0);
        ui.checkbox(typed_only, TYPE_EVERY_REPLY);
    });
    // The whole of it: the field, Send and the switch (scrolled into view with the last exchange, `in_view`).
    let all = egui::Rect::from_min_max(top, egui::pos2(ui.max_rect().right(), ui.cursor().min.y));
    if send {
        // Empty words are a reply too: the patient asks what was meant, and the question stays open.
        out.push(Action::Say(std::mem::take(draft).trim().to_owned()));
        r.request_focus();
    }
    (ui.ctx().memory(|m| m.has_focus(field_id())), all)
}

fn ending(ui: &mut egui::Ui, pal: &Palette, s: &Session, out: &mut Vec<Action>) {
    let Some(e) = &s.transcript().ending else {
        return;
    };
    card(ui, pal, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            RichText::new("The consultation has ended")
                .text_style(TextStyle::Heading)
                .strong(),
        );
        let (word, color) = widgets::outcome(e.outcome, pal);
        ui.label(
            RichText::new(format!("{} ({word})", e.title))
                .strong()
                .color(color),
        );
        ui.label(&e.meaning);
        ui.add_space(6.0);
        // Focus stays on the patient's last words (read aloud first); Enter anywhere opens the debrief.
        if primary_button(ui, pal, "See your debrief (Enter)").clicked() {
            out.push(Action::ShowDebrief);
        }
    });
}
