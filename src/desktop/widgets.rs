//! Widgets every screen shares: the navigation bar, cards, labelled meters, large numbered reply buttons,
//! the notice line, and small formatting helpers. Each is drawn from the palette; none holds state.

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy::window::RequestRedraw;
use bevy_egui::egui::{
    self, Align2, Color32, CornerRadius, RichText, Sense, Stroke, StrokeKind, TextStyle,
    WidgetInfo, WidgetType,
};

use crate::store;
use crate::vignette::model::{Effects, Outcome};

use super::actions::Action;
use super::state::{Notice, Screen};
use super::theme::{Palette, title_style};

/// Sends actions from a screen, and asks for the next frame so they are applied at once.
#[derive(SystemParam)]
pub struct Act<'w> {
    actions: MessageWriter<'w, Action>,
    redraw: MessageWriter<'w, RequestRedraw>,
}

impl Act<'_> {
    /// Sends `a`.
    pub fn send(&mut self, a: Action) {
        self.actions.write(a);
        self.redraw.write(RequestRedraw);
    }

    /// Sends every action in `list`.
    pub fn send_all(&mut self, list: Vec<Action>) {
        for a in list {
            self.send(a);
        }
    }
}

/// The whole window as one `Ui`, to lay panels into.
pub fn root_ui(ctx: &egui::Context) -> egui::Ui {
    egui::Ui::new(
        ctx.clone(),
        egui::Id::new("alliance-root"),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    )
}

/// How a page's column sits in the window.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Column {
    /// Centred, at most this wide, its contents left-aligned.
    Centred(f32),
    /// Along the left edge, at most this wide.
    Left(f32),
}

/// The layout every screen repeats: the rest of the window, filled with the background and a margin, one
/// vertical scroll area (`id` keeps its position apart from other screens'), and a column of `column` width.
pub fn page<R>(
    root: &mut egui::Ui,
    pal: &Palette,
    id: &str,
    column: Column,
    contents: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    egui::CentralPanel::default()
        .frame(
            egui::Frame::new()
                .fill(pal.bg)
                .inner_margin(egui::Margin::same(16)),
        )
        .show(root, |ui| {
            egui::ScrollArea::vertical()
                .id_salt(id)
                .auto_shrink([false, false])
                .show(ui, |ui| match column {
                    Column::Centred(max) => {
                        let width = ui.available_width().min(max);
                        ui.vertical_centered(|ui| {
                            ui.set_max_width(width);
                            ui.with_layout(egui::Layout::top_down(egui::Align::Min), contents)
                                .inner
                        })
                        .inner
                    }
                    Column::Left(max) => {
                        ui.set_max_width(ui.available_width().min(max));
                        contents(ui)
                    }
                })
                .inner
        })
        .inner
}

/// The bar along the top of every screen but the conversation: the app's name, the four places to go, and at
/// the top right the text size (Smaller, the size, Larger). Returns where the Larger button is.
///
/// The text-size group is the same size at every text size (sized for 200%) and pinned to the bar's top right
/// corner, so a pointer resting on Larger or Smaller stays on it while the text grows under it.
pub fn nav_bar(
    root: &mut egui::Ui,
    pal: &Palette,
    current: Screen,
    out: &mut Vec<Action>,
) -> egui::Rect {
    egui::Panel::top("nav")
        .frame(
            egui::Frame::new()
                .fill(pal.card)
                .inner_margin(egui::Margin::symmetric(16, 8))
                .stroke(Stroke::new(pal.outline(), pal.line)),
        )
        .show(root, |ui| {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
                let larger = text_size_buttons(ui, out);
                // One row tall to start with, growing a row at a time when the places wrap at large text: laid
                // out in the whole height left, the centred rows took the whole window (at 180% the bar filled
                // it and the screen under it was gone).
                ui.allocate_ui_with_layout(
                    egui::vec2(ui.available_width(), larger.height()),
                    egui::Layout::left_to_right(egui::Align::Center).with_main_wrap(true),
                    |ui| {
                        ui.label(RichText::new("Alliance").text_style(title_style()).strong());
                        ui.add_space(16.0);
                        for (screen, label) in [
                            (Screen::Library, "Library"),
                            (Screen::History, "History"),
                            (Screen::Assignment, "Assignment"),
                            (Screen::Settings, "Settings"),
                        ] {
                            let r = ui.selectable_label(current == screen, label);
                            if r.clicked() && current != screen {
                                out.push(Action::Go(screen));
                            }
                        }
                    },
                );
                larger
            })
            .inner
        })
        .inner
}

/// The largest text scale the text-size group is sized for.
const LARGEST: f32 = 2.0;

/// Larger, the size, Smaller, laid right to left, each a fixed size whatever the text size; returns Larger's
/// rect.
fn text_size_buttons(ui: &mut egui::Ui, out: &mut Vec<Action>) -> egui::Rect {
    let now = super::theme::text_scale(ui);
    let font = TextStyle::Button.resolve(ui.style());
    let biggest = egui::FontId::new(font.size / now * LARGEST, font.family.clone());
    let wide = |ui: &egui::Ui, text: &str| {
        ui.painter()
            .layout_no_wrap(text.to_owned(), biggest.clone(), Color32::WHITE)
            .size()
    };
    let pad = ui.spacing().button_padding * 2.0;
    let height = wide(ui, "Larger").y + 14.0;
    let fixed = |ui: &egui::Ui, text: &str| egui::vec2(wide(ui, text).x + pad.x, height);
    let larger = ui.add_sized(fixed(ui, "Smaller"), egui::Button::new("Larger"));
    if larger.clicked() {
        out.push(Action::TextSize(1));
    }
    ui.add_sized(
        fixed(ui, "200%"),
        egui::Label::new(format!("{:.0}%", now * 100.0)),
    );
    let smaller = ui.add_sized(fixed(ui, "Smaller"), egui::Button::new("Smaller"));
    if smaller.clicked() {
        out.push(Action::TextSize(-1));
    }
    ui.label("Text size:");
    larger.rect
}

/// The notice line (saved, exported, reloaded, or a problem), when there is one.
pub fn notice_line(ui: &mut egui::Ui, pal: &Palette, notice: &Notice) {
    if let Some((text, problem)) = &notice.text {
        let color = if *problem { pal.problem } else { pal.weak };
        egui::Frame::new()
            .fill(pal.card)
            .stroke(Stroke::new(pal.outline(), color))
            .corner_radius(CornerRadius::same(6))
            .inner_margin(egui::Margin::symmetric(12, 6))
            .show(ui, |ui| {
                ui.label(RichText::new(text).color(if *problem { pal.problem } else { pal.text }));
            });
    }
}

/// A card: a framed block of content.
pub fn card<R>(ui: &mut egui::Ui, pal: &Palette, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    egui::Frame::new()
        .fill(pal.card)
        .stroke(Stroke::new(pal.outline(), pal.line))
        .corner_radius(CornerRadius::same(10))
        .inner_margin(egui::Margin::same(14))
        // Ragged-right text: a justified parent (e.g. `ui.columns`) would stretch the letters of wrapped lines.
        .show(ui, |ui| {
            ui.with_layout(egui::Layout::top_down(egui::Align::Min), add)
                .inner
        })
        .inner
}

/// One alliance meter: the component's name, a bar, the number out of 100, and the last change in words,
/// so it never relies on colour alone.
pub fn meter(
    ui: &mut egui::Ui,
    pal: &Palette,
    name: &str,
    value: f64,
    change: f64,
    color: Color32,
) {
    scale(ui, pal, name, value, 100.0, change, color);
}

/// A labelled bar for `value` out of `max`, with the last change (if any) in words and numbers.
pub fn scale(
    ui: &mut egui::Ui,
    pal: &Palette,
    name: &str,
    value: f64,
    max: f64,
    change: f64,
    color: Color32,
) {
    let shown = ui.ctx().animate_value_with_time(
        egui::Id::new(("meter", name)),
        (value / max) as f32,
        ui.style().animation_time * 3.0,
    );
    let change_text = if change.abs() >= 0.05 {
        format!(" ({change:+.0})")
    } else {
        String::new()
    };
    let label = format!("{name} {value:.0} out of {max:.0}{change_text}");
    let r = ui
        .vertical(|ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new(name).strong());
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if !change_text.is_empty() {
                        let c = if change > 0.0 {
                            pal.strengthened
                        } else {
                            pal.strained
                        };
                        ui.label(RichText::new(change_text.trim()).color(c).strong());
                    }
                    ui.label(RichText::new(format!("{value:.0} / {max:.0}")).strong());
                });
            });
            let h = ui.text_style_height(&TextStyle::Small).max(10.0);
            let (rect, _) =
                ui.allocate_exact_size(egui::vec2(ui.available_width(), h), Sense::hover());
            let p = ui.painter();
            p.rect_filled(rect, CornerRadius::same(4), pal.bg);
            let mut fill = rect;
            fill.set_width(rect.width() * shown.clamp(0.0, 1.0));
            p.rect_filled(fill, CornerRadius::same(4), color);
            p.rect_stroke(
                rect,
                CornerRadius::same(4),
                Stroke::new(pal.outline(), pal.line),
                StrokeKind::Inside,
            );
        })
        .response;
    r.widget_info(|| WidgetInfo::labeled(WidgetType::ProgressIndicator, true, &label));
}

/// A large reply button: its number (the key that chooses it) in a badge, and the words, wrapped.
pub fn reply_button(ui: &mut egui::Ui, pal: &Palette, number: usize, text: &str) -> egui::Response {
    let width = ui.available_width();
    let pad = egui::vec2(14.0, 12.0);
    let font = TextStyle::Button.resolve(ui.style());
    let badge = font.size * 1.8;
    let wrap = (width - badge - pad.x * 3.0).max(60.0);
    let galley = ui
        .painter()
        .layout(text.to_owned(), font.clone(), pal.text, wrap);
    let height = galley.size().y.max(badge) + pad.y * 2.0;
    let (rect, resp) = ui.allocate_exact_size(egui::vec2(width, height), Sense::click());
    resp.widget_info(|| {
        WidgetInfo::labeled(WidgetType::Button, true, format!("Reply {number}: {text}"))
    });
    if ui.is_rect_visible(rect) {
        let lit = resp.hovered() || resp.has_focus();
        let p = ui.painter();
        p.rect(
            rect,
            CornerRadius::same(10),
            if lit { pal.mine } else { pal.card },
            Stroke::new(
                if lit { 2.0 } else { pal.outline() },
                if lit { pal.accent } else { pal.line },
            ),
            StrokeKind::Inside,
        );
        let c = egui::pos2(rect.left() + pad.x + badge / 2.0, rect.center().y);
        p.circle_filled(c, badge / 2.0, pal.accent);
        p.text(
            c,
            Align2::CENTER_CENTER,
            number.to_string(),
            font,
            pal.on_accent,
        );
        let top = rect.center().y - galley.size().y / 2.0;
        p.galley(
            egui::pos2(rect.left() + pad.x * 2.0 + badge, top),
            galley,
            pal.text,
        );
    }
    resp
}

/// A primary button (filled with the accent colour).
pub fn primary_button(ui: &mut egui::Ui, pal: &Palette, text: &str) -> egui::Response {
    ui.add(
        egui::Button::new(RichText::new(text).color(pal.on_accent).strong())
            .fill(pal.accent)
            .min_size(egui::vec2(
                0.0,
                ui.text_style_height(&TextStyle::Button) + 14.0,
            )),
    )
}

/// A secondary button.
pub fn button(ui: &mut egui::Ui, text: &str) -> egui::Response {
    ui.add(egui::Button::new(text).min_size(egui::vec2(
        0.0,
        ui.text_style_height(&TextStyle::Button) + 14.0,
    )))
}

/// "Label: value" as one wrapped paragraph, the label in the accent colour (how a typed reply was read, line
/// by line).
pub fn labelled(ui: &mut egui::Ui, pal: &Palette, label: &str, value: &str) {
    let mut job = egui::text::LayoutJob::default();
    let style = ui.style().clone();
    RichText::new(format!("{label}: "))
        .strong()
        .color(pal.accent)
        .append_to(
            &mut job,
            &style,
            egui::FontSelection::Default,
            egui::Align::Min,
        );
    RichText::new(value).color(pal.text).append_to(
        &mut job,
        &style,
        egui::FontSelection::Default,
        egui::Align::Min,
    );
    ui.add(egui::Label::new(job).wrap());
}

/// "bond +5, empathy +7": the components that moved, in whole points.
pub fn moved(e: &Effects) -> String {
    crate::report::moved_to(e, 0)
}

/// An ending's outcome in words, with its colour.
pub fn outcome(o: Outcome, pal: &Palette) -> (&'static str, Color32) {
    match o {
        Outcome::Good => ("good outcome", pal.strengthened),
        Outcome::Mixed => ("mixed outcome", pal.empathy),
        Outcome::Poor => ("poor outcome", pal.strained),
    }
}

/// "2026-11-23 07:45 UTC" for a Unix time; "unknown time" for 0.
pub fn when(secs: u64) -> String {
    if secs == 0 {
        return "unknown time".to_owned();
    }
    let s = store::utc_stamp(secs);
    // 20261123T074501Z
    format!(
        "{}-{}-{} {}:{} UTC",
        &s[0..4],
        &s[4..6],
        &s[6..8],
        &s[9..11],
        &s[11..13]
    )
}

/// An emotion or rupture code in words: `deferential_appeasing` → "deferential appeasing".
pub fn words(code: &str) -> String {
    code.replace('_', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_and_times_read_as_words() {
        let e = Effects {
            bond: 5.0,
            goal: 0.0,
            task: -3.0,
            empathy: 0.01,
        };
        assert_eq!(moved(&e), "bond +5, task -3");
        assert_eq!(moved(&Effects::default()), "no change");
        assert_eq!(when(1_700_000_000), "2023-11-14 22:13 UTC");
        assert_eq!(words("minimal_response"), "minimal response");
    }
}
