//! How the app looks: the colour palette (calm, or high contrast), text sizes scaled by the student's
//! preference, motion on or off, and the focus ring that shows where the keyboard is. No layout here.

use bevy::prelude::*;
use bevy_egui::egui::{
    self, Color32, CornerRadius, FontFamily, FontId, Stroke, TextStyle, Visuals,
    style::ScrollAnimation,
};

use super::prefs::Prefs;

/// The colours every screen draws with; recomputed when the preferences change.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct Palette {
    /// Window background.
    pub bg: Color32,
    /// Cards and panels.
    pub card: Color32,
    /// The student's own lines.
    pub mine: Color32,
    /// Body text.
    pub text: Color32,
    /// Secondary text (still 4.5:1 against the background).
    pub weak: Color32,
    /// Buttons and links.
    pub accent: Color32,
    /// Text on accent.
    pub on_accent: Color32,
    /// Outlines.
    pub line: Color32,
    /// The keyboard focus ring.
    pub focus: Color32,
    /// Bond meter and chart line.
    pub bond: Color32,
    /// Goal meter and chart line.
    pub goal: Color32,
    /// Task meter and chart line.
    pub task: Color32,
    /// Empathy meter.
    pub empathy: Color32,
    /// Strained moments.
    pub strained: Color32,
    /// Strengthened moments.
    pub strengthened: Color32,
    /// Problems (load errors, save failures).
    pub problem: Color32,
    /// High contrast is on (portraits add outlines).
    pub high_contrast: bool,
}

impl Palette {
    /// The palette for these preferences.
    pub fn for_prefs(p: &Prefs) -> Palette {
        if p.high_contrast {
            Palette {
                bg: Color32::BLACK,
                card: Color32::from_rgb(0x10, 0x10, 0x10),
                mine: Color32::from_rgb(0x00, 0x24, 0x48),
                text: Color32::WHITE,
                weak: Color32::from_rgb(0xE6, 0xE6, 0xE6),
                accent: Color32::from_rgb(0xFF, 0xE0, 0x3D),
                on_accent: Color32::BLACK,
                line: Color32::WHITE,
                focus: Color32::from_rgb(0x3D, 0xE8, 0xFF),
                bond: Color32::from_rgb(0xFF, 0x8F, 0xB8),
                goal: Color32::from_rgb(0x4D, 0xF0, 0xA8),
                task: Color32::from_rgb(0xA8, 0xB4, 0xFF),
                empathy: Color32::from_rgb(0xFF, 0xC8, 0x5C),
                strained: Color32::from_rgb(0xFF, 0x70, 0x70),
                strengthened: Color32::from_rgb(0x6C, 0xFF, 0x86),
                problem: Color32::from_rgb(0xFF, 0x70, 0x70),
                high_contrast: true,
            }
        } else {
            Palette {
                bg: Color32::from_rgb(0xF4, 0xF1, 0xEC),
                card: Color32::WHITE,
                mine: Color32::from_rgb(0xE2, 0xEB, 0xF4),
                text: Color32::from_rgb(0x1D, 0x21, 0x27),
                weak: Color32::from_rgb(0x52, 0x5A, 0x66),
                accent: Color32::from_rgb(0x25, 0x55, 0x85),
                on_accent: Color32::WHITE,
                line: Color32::from_rgb(0xC9, 0xC2, 0xB8),
                focus: Color32::from_rgb(0xD9, 0x6A, 0x00),
                bond: Color32::from_rgb(0xAD, 0x3E, 0x68),
                goal: Color32::from_rgb(0x1F, 0x7A, 0x66),
                task: Color32::from_rgb(0x4B, 0x50, 0xC0),
                empathy: Color32::from_rgb(0x9A, 0x62, 0x00),
                strained: Color32::from_rgb(0xB3, 0x26, 0x1E),
                strengthened: Color32::from_rgb(0x1E, 0x7B, 0x34),
                problem: Color32::from_rgb(0xB3, 0x26, 0x1E),
                high_contrast: false,
            }
        }
    }

    /// Thickness of outlines (thicker in high contrast).
    pub fn outline(&self) -> f32 {
        if self.high_contrast { 2.0 } else { 1.0 }
    }
}

/// The text style of the patient's newest line.
pub fn patient_style() -> TextStyle {
    TextStyle::Name("Patient".into())
}

/// The text style of a screen's title.
pub fn title_style() -> TextStyle {
    TextStyle::Name("Title".into())
}

/// Body text at 100%, in points.
const BODY: f32 = 16.5;

/// The text scale a `Ui` is drawn at (1.0 to 2.0), read back from its body font, so layout code can grow with
/// the text without being handed the preferences.
pub fn text_scale(ui: &egui::Ui) -> f32 {
    TextStyle::Body.resolve(ui.style()).size / BODY
}

/// The egui style for these preferences and palette.
pub fn style(p: &Prefs, pal: &Palette) -> egui::Style {
    let k = p.text_scale;
    let mut s = egui::Style::default();
    let prop = |size: f32| FontId::new(size * k, FontFamily::Proportional);
    s.text_styles = [
        (TextStyle::Small, prop(13.5)),
        (TextStyle::Body, prop(BODY)),
        (TextStyle::Button, prop(16.5)),
        (TextStyle::Heading, prop(22.0)),
        (
            TextStyle::Monospace,
            FontId::new(14.0 * k, FontFamily::Monospace),
        ),
        // The patient's line is larger than the body at 100%, but grows only as fast as the body, so that
        // at 200% it and the feedback above it still fit one screen.
        (
            patient_style(),
            FontId::new(BODY * k + 3.5, FontFamily::Proportional),
        ),
        (title_style(), prop(26.0)),
    ]
    .into();
    s.spacing.item_spacing = egui::vec2(10.0, 8.0);
    s.spacing.button_padding = egui::vec2(12.0, 6.0);
    s.spacing.interact_size.y = 22.0 * k;
    s.spacing.slider_width = 240.0;
    // Checkboxes grow with the text (egui's 14-pixel box was a dot beside 200% text).
    s.spacing.icon_width = 18.0 * k;
    s.spacing.icon_width_inner = 10.0 * k;
    s.spacing.icon_spacing = 6.0 * k;
    s.animation_time = if p.reduced_motion { 0.0 } else { 0.18 };
    if p.reduced_motion {
        s.scroll_animation = ScrollAnimation::none();
    }
    s.visuals = visuals(pal);
    s
}

fn visuals(pal: &Palette) -> Visuals {
    let mut v = if pal.high_contrast {
        Visuals::dark()
    } else {
        Visuals::light()
    };
    v.override_text_color = Some(pal.text);
    v.weak_text_color = Some(pal.weak);
    v.panel_fill = pal.bg;
    v.window_fill = pal.card;
    v.faint_bg_color = pal.card;
    v.extreme_bg_color = pal.card;
    v.hyperlink_color = pal.accent;
    v.selection.bg_fill = if pal.high_contrast {
        Color32::from_rgb(0x00, 0x3A, 0x70)
    } else {
        Color32::from_rgb(0xC7, 0xDB, 0xEE)
    };
    v.selection.stroke = Stroke::new(2.0, pal.text);
    let r = CornerRadius::same(6);
    let w = pal.outline();
    let base = if pal.high_contrast {
        Color32::from_rgb(0x1A, 0x1A, 0x1A)
    } else {
        Color32::from_rgb(0xEA, 0xE5, 0xDD)
    };
    let hover = if pal.high_contrast {
        Color32::from_rgb(0x33, 0x33, 0x33)
    } else {
        Color32::from_rgb(0xDD, 0xE7, 0xF1)
    };
    v.widgets.noninteractive.bg_stroke = Stroke::new(w, pal.line);
    v.widgets.noninteractive.fg_stroke = Stroke::new(1.0, pal.text);
    v.widgets.noninteractive.corner_radius = r;
    for (wv, fill, stroke) in [
        (&mut v.widgets.inactive, base, pal.line),
        (&mut v.widgets.hovered, hover, pal.accent),
        (&mut v.widgets.active, hover, pal.focus),
        (&mut v.widgets.open, hover, pal.accent),
    ] {
        wv.bg_fill = fill;
        wv.weak_bg_fill = fill;
        wv.bg_stroke = Stroke::new(w.max(1.5), stroke);
        wv.fg_stroke = Stroke::new(1.5, pal.text);
        wv.corner_radius = r;
        wv.expansion = 0.0;
    }
    v
}

/// Draws a ring around whichever widget has keyboard focus, on top of everything, so focus is always
/// visible whatever the widget draws itself.
pub fn focus_ring(ctx: &egui::Context, pal: &Palette) {
    let Some(id) = ctx.memory(|m| m.focused()) else {
        return;
    };
    let Some(r) = ctx.read_response(id) else {
        return;
    };
    if !r.interact_rect.is_positive() {
        return;
    }
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::new("focus-ring"),
    ));
    painter.rect_stroke(
        r.interact_rect.expand(3.0),
        CornerRadius::same(8),
        Stroke::new(3.0, pal.focus),
        egui::StrokeKind::Outside,
    );
}

/// Keeps the egui style in step with the preferences, and handles the text-size keys (Ctrl + and Ctrl −).
pub struct ThemePlugin;

impl Plugin for ThemePlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            bevy_egui::EguiPrimaryContextPass,
            apply_theme.in_set(super::app::UiSet::Theme),
        );
    }
}

fn apply_theme(
    mut contexts: bevy_egui::EguiContexts,
    mut prefs: ResMut<Prefs>,
    mut pal: ResMut<Palette>,
    mut applied: Local<bool>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let (bigger, smaller) = ctx.input(|i| {
        (
            i.modifiers.command
                && (i.key_pressed(egui::Key::Plus) || i.key_pressed(egui::Key::Equals)),
            i.modifiers.command && i.key_pressed(egui::Key::Minus),
        )
    });
    if bigger || smaller {
        let p = prefs.stepped(if bigger { 1 } else { -1 });
        if p != *prefs {
            *prefs = p;
        }
    }
    if !*applied || prefs.is_changed() {
        *applied = true;
        let new = Palette::for_prefs(&prefs);
        if *pal != new {
            *pal = new;
        }
        ctx.options_mut(|o| {
            // Text size is the student's setting (Ctrl + / Ctrl −), not egui's whole-window zoom.
            o.zoom_with_keyboard = false;
            o.theme_preference = egui::ThemePreference::Light;
        });
        let s = style(&prefs, &pal);
        ctx.set_style_of(egui::Theme::Light, s.clone());
        ctx.set_style_of(egui::Theme::Dark, s);
    }
    Ok(())
}
