//! The portrait's layers, back to front, each a method of `Canvas` (the look, the expression and the square
//! being painted). Which look and which expression to draw is decided in `portrait.rs`, not here.

use bevy_egui::egui::{self, Color32, Pos2, Rect, Shape, Stroke, StrokeKind, Vec2};

use super::{Expression, Hair, Look, arc, darker, quad};
use crate::desktop::theme::Palette;

/// One portrait being painted: the look, the expression, and the square it fills (`p` and `v2` take
/// coordinates as fractions of its side).
pub(super) struct Canvas {
    painter: egui::Painter,
    look: Look,
    x: Expression,
    /// The square's side, in points.
    s: f32,
    /// Its top-left corner.
    o: Pos2,
    /// How far the head is lowered.
    dy: f32,
    head_c: Pos2,
    /// A black outline in high contrast, none otherwise.
    outline: Stroke,
    /// The skin in shadow (neck, ears).
    shade: Color32,
    high_contrast: bool,
    line: Color32,
}

impl Canvas {
    pub(super) fn new(
        painter: &egui::Painter,
        rect: Rect,
        look: Look,
        x: Expression,
        pal: &Palette,
    ) -> Canvas {
        let s = rect.width().min(rect.height());
        let o = rect.center() - egui::vec2(s / 2.0, s / 2.0);
        let dy = x.head_down * 0.035;
        Canvas {
            painter: painter.with_clip_rect(rect.intersect(painter.clip_rect())),
            shade: darker(look.skin, 0.18),
            look,
            x,
            s,
            o,
            dy,
            head_c: egui::pos2(o.x + 0.5 * s, o.y + (0.43 + dy) * s),
            outline: if pal.high_contrast {
                Stroke::new(2.0, Color32::BLACK)
            } else {
                Stroke::NONE
            },
            high_contrast: pal.high_contrast,
            line: pal.line,
        }
    }

    /// A point at fractions `u`, `v` of the square.
    fn p(&self, u: f32, v: f32) -> Pos2 {
        egui::pos2(self.o.x + u * self.s, self.o.y + v * self.s)
    }

    /// A size in fractions of the square.
    fn v2(&self, u: f32, v: f32) -> Vec2 {
        egui::vec2(u * self.s, v * self.s)
    }

    fn square(&self) -> Rect {
        Rect::from_min_size(self.o, egui::vec2(self.s, self.s))
    }

    fn eye_y(&self) -> f32 {
        if self.look.young {
            0.46 + self.dy
        } else {
            0.445 + self.dy
        }
    }

    /// How much larger a young face's eyes are drawn.
    fn eye_scale(&self) -> f32 {
        if self.look.young { 1.18 } else { 1.0 }
    }

    /// The rounded square behind the patient.
    pub(super) fn backdrop(&self) {
        let (painter, look) = (&self.painter, &self.look);
        painter.rect_filled(self.square(), egui::CornerRadius::same(14), look.backdrop);
    }

    /// Hair that falls behind the head (long, bob) or sits on top (bun).
    pub(super) fn hair_behind(&self) {
        let (painter, look, s, dy, outline) =
            (&self.painter, &self.look, self.s, self.dy, self.outline);
        let p = |u: f32, v: f32| self.p(u, v);
        let v2 = |u: f32, v: f32| self.v2(u, v);
        match look.style {
            Hair::Long => {
                painter.add(Shape::convex_polygon(
                    arc(
                        p(0.5, 0.44 + dy),
                        v2(0.3, 0.34),
                        std::f32::consts::PI,
                        2.0 * std::f32::consts::PI,
                        24,
                    ),
                    look.hair,
                    Stroke::NONE,
                ));
                painter.rect_filled(
                    Rect::from_min_max(p(0.2, 0.44 + dy), p(0.8, 0.86)),
                    egui::CornerRadius::same((0.06 * s) as u8),
                    look.hair,
                );
            }
            Hair::Bob => {
                painter.add(Shape::convex_polygon(
                    arc(
                        p(0.5, 0.44 + dy),
                        v2(0.29, 0.31),
                        std::f32::consts::PI,
                        2.0 * std::f32::consts::PI,
                        24,
                    ),
                    look.hair,
                    Stroke::NONE,
                ));
                painter.rect_filled(
                    Rect::from_min_max(p(0.21, 0.44 + dy), p(0.79, 0.64 + dy)),
                    egui::CornerRadius::same((0.05 * s) as u8),
                    look.hair,
                );
            }
            Hair::Bun => {
                painter.circle(p(0.5, 0.1 + dy), 0.085 * s, look.hair, outline);
            }
            _ => {}
        }
    }

    /// Shoulders in the shirt's colour, and the neck.
    pub(super) fn shoulders(&self) {
        let (painter, look, s, dy, outline, shade) = (
            &self.painter,
            &self.look,
            self.s,
            self.dy,
            self.outline,
            self.shade,
        );
        let p = |u: f32, v: f32| self.p(u, v);
        let v2 = |u: f32, v: f32| self.v2(u, v);
        painter.add(Shape::convex_polygon(
            arc(
                p(0.5, 1.02),
                if look.young {
                    v2(0.36, 0.22)
                } else {
                    v2(0.44, 0.26)
                },
                std::f32::consts::PI,
                2.0 * std::f32::consts::PI,
                32,
            ),
            look.shirt,
            outline,
        ));
        painter.rect_filled(
            Rect::from_min_max(p(0.43, 0.62 + dy), p(0.57, 0.8)),
            egui::CornerRadius::same((0.03 * s) as u8),
            shade,
        );
        painter.add(Shape::convex_polygon(
            vec![p(0.43, 0.78), p(0.57, 0.78), p(0.5, 0.86)],
            shade,
            Stroke::NONE,
        ));
    }

    /// The hair mass behind the face: the face drawn over it leaves a rounded hairline.
    pub(super) fn hair_mass(&self) {
        let (painter, look, s, outline) = (&self.painter, &self.look, self.s, self.outline);
        let v2 = |u: f32, v: f32| self.v2(u, v);
        // The hair mass sits behind the face; the face drawn over it leaves a rounded hairline.
        let (skull_c, skull_r) = match look.style {
            Hair::Cropped => (self.head_c - v2(0.0, 0.012), v2(0.232, 0.272)),
            Hair::Curly => (self.head_c - v2(0.0, 0.035), v2(0.262, 0.305)),
            Hair::Long | Hair::Bob => (self.head_c - v2(0.0, 0.03), v2(0.258, 0.3)),
            Hair::Short | Hair::Bun => (self.head_c - v2(0.0, 0.03), v2(0.248, 0.3)),
        };
        painter.add(Shape::ellipse_filled(skull_c, skull_r, look.hair));
        if look.style == Hair::Curly {
            for q in arc(
                skull_c,
                skull_r,
                1.0 * std::f32::consts::PI,
                2.0 * std::f32::consts::PI,
                10,
            ) {
                painter.circle_filled(q, 0.048 * s, look.hair);
            }
        }
        if outline.width > 0.0 {
            painter.add(Shape::ellipse_stroke(skull_c, skull_r, outline));
        }
    }

    /// Ears, the face, and a flush over it.
    pub(super) fn face(&self) {
        let (painter, look, x, dy, outline, shade) = (
            &self.painter,
            &self.look,
            &self.x,
            self.dy,
            self.outline,
            self.shade,
        );
        let p = |u: f32, v: f32| self.p(u, v);
        let v2 = |u: f32, v: f32| self.v2(u, v);
        for side in [-1.0, 1.0] {
            painter.add(Shape::ellipse_filled(
                p(0.5 + side * 0.225, 0.46 + dy),
                v2(0.033, 0.052),
                shade,
            ));
        }
        let face_c = self.head_c + v2(0.0, 0.035);
        // A young face is rounder and shorter in the jaw.
        let face_r = if look.young {
            v2(0.222, 0.238)
        } else {
            v2(0.222, 0.255)
        };
        painter.add(Shape::ellipse_filled(face_c, face_r, look.skin));
        if outline.width > 0.0 {
            painter.add(Shape::ellipse_stroke(face_c, face_r, outline));
        }
        if x.flush > 0.0 {
            painter.add(Shape::ellipse_filled(
                face_c,
                face_r,
                Color32::from_rgba_unmultiplied(0xD0, 0x30, 0x20, (x.flush * 255.0) as u8),
            ));
        }
    }

    /// Side locks and the fringe, over the face.
    pub(super) fn hair_framing(&self) {
        let (painter, look, dy) = (&self.painter, &self.look, self.dy);
        let p = |u: f32, v: f32| self.p(u, v);
        // Hair that frames the face: side locks for long hair and a bob, a swept fringe for most styles.
        if matches!(look.style, Hair::Long | Hair::Bob) {
            for side in [-1.0, 1.0] {
                painter.add(Shape::convex_polygon(
                    vec![
                        p(0.5 + side * 0.258, 0.33 + dy),
                        p(0.5 + side * 0.205, 0.3 + dy),
                        p(0.5 + side * 0.2, 0.5 + dy),
                        p(0.5 + side * 0.255, 0.6 + dy),
                    ],
                    look.hair,
                    Stroke::NONE,
                ));
            }
        }
        if matches!(look.style, Hair::Short | Hair::Bob | Hair::Long | Hair::Bun) {
            painter.add(Shape::convex_polygon(
                vec![
                    p(0.3, 0.27 + dy),
                    p(0.48, 0.18 + dy),
                    p(0.62, 0.22 + dy),
                    p(0.36, 0.31 + dy),
                ],
                look.hair,
                Stroke::NONE,
            ));
        }
    }

    /// Brows: raised, or their inner ends up (worry) or down (anger).
    pub(super) fn brows(&self) {
        let (painter, look, x, s, dy) = (&self.painter, &self.look, &self.x, self.s, self.dy);
        let p = |u: f32, v: f32| self.p(u, v);
        let brow_y = 0.375 + dy - x.brow_raise * 0.025;
        for side in [-1.0f32, 1.0] {
            let outer = p(0.5 + side * 0.155, brow_y + 0.004);
            let inner = p(0.5 + side * 0.05, brow_y - x.brow_inner * 0.028);
            let w = 0.017 * s;
            let c = darker(look.hair, 0.15);
            painter.line_segment([outer, inner], Stroke::new(w, c));
            painter.circle_filled(outer, w / 2.0, c);
            painter.circle_filled(inner, w / 2.0, c);
        }
    }

    /// Eyes: open with the gaze and a lid line, or closed in a smile; tears.
    pub(super) fn eyes(&self) {
        let (painter, look, x, s) = (&self.painter, &self.look, &self.x, self.s);
        let p = |u: f32, v: f32| self.p(u, v);
        let v2 = |u: f32, v: f32| self.v2(u, v);
        let eye_y = self.eye_y();
        for side in [-1.0f32, 1.0] {
            let c = p(0.5 + side * 0.1, eye_y);
            if x.smiling_eyes {
                painter.add(Shape::line(
                    quad(
                        p(0.5 + side * 0.1 - 0.045, eye_y + 0.008),
                        p(0.5 + side * 0.1, eye_y - 0.03),
                        p(0.5 + side * 0.1 + 0.045, eye_y + 0.008),
                        12,
                    ),
                    Stroke::new(0.012 * s, darker(look.skin, 0.65)),
                ));
                continue;
            }
            let k = self.eye_scale();
            let half_h = 0.028 * k * x.eye_open;
            painter.add(Shape::ellipse_filled(
                c,
                v2(0.045 * k, half_h),
                Color32::WHITE,
            ));
            let gaze = egui::vec2(x.gaze.0 * 0.018 * s, x.gaze.1 * 0.012 * s);
            let ir = 0.021 * k;
            painter.add(Shape::ellipse_filled(
                c + gaze,
                v2(ir, ir.min(half_h * 0.95)),
                look.iris,
            ));
            painter.add(Shape::ellipse_filled(
                c + gaze,
                v2(0.01, 0.01f32.min(half_h * 0.6)),
                Color32::from_rgb(0x12, 0x12, 0x14),
            ));
            // Upper lid line.
            painter.add(Shape::line(
                arc(
                    c,
                    v2(0.047 * k, half_h + 0.002),
                    1.05 * std::f32::consts::PI,
                    1.95 * std::f32::consts::PI,
                    12,
                ),
                Stroke::new(0.008 * s, darker(look.skin, 0.6)),
            ));
            if x.tears {
                let t = p(0.5 + side * 0.105, eye_y + 0.06);
                let col = Color32::from_rgb(0x6F, 0xB7, 0xE8);
                painter.add(Shape::line_segment(
                    [c + egui::vec2(0.0, half_h * s), t],
                    Stroke::new(0.008 * s, col),
                ));
                painter.add(Shape::convex_polygon(
                    vec![
                        t + egui::vec2(0.0, -0.02 * s),
                        t + egui::vec2(0.012 * s, 0.0),
                        t + egui::vec2(0.0, 0.014 * s),
                        t + egui::vec2(-0.012 * s, 0.0),
                    ],
                    col,
                    Stroke::NONE,
                ));
            }
        }
    }

    /// Glasses, for the looks that wear them.
    pub(super) fn glasses(&self) {
        let (painter, look, s) = (&self.painter, &self.look, self.s);
        let p = |u: f32, v: f32| self.p(u, v);
        let v2 = |u: f32, v: f32| self.v2(u, v);
        if look.glasses {
            let eye_y = self.eye_y();
            let frame = Stroke::new(0.009 * s, Color32::from_rgb(0x2A, 0x2A, 0x30));
            for side in [-1.0f32, 1.0] {
                painter.add(Shape::ellipse_stroke(
                    p(0.5 + side * 0.1, eye_y),
                    v2(0.07, 0.055),
                    frame,
                ));
            }
            painter.line_segment([p(0.47, eye_y - 0.01), p(0.53, eye_y - 0.01)], frame);
        }
    }

    /// Blushing cheeks.
    pub(super) fn cheeks(&self) {
        let (painter, x, dy) = (&self.painter, &self.x, self.dy);
        let p = |u: f32, v: f32| self.p(u, v);
        let v2 = |u: f32, v: f32| self.v2(u, v);
        if x.blush > 0.0 {
            for side in [-1.0f32, 1.0] {
                painter.add(Shape::ellipse_filled(
                    p(0.5 + side * 0.145, 0.53 + dy),
                    v2(0.05, 0.028),
                    Color32::from_rgba_unmultiplied(0xE0, 0x5A, 0x6A, (x.blush * 120.0) as u8),
                ));
            }
        }
    }

    /// The nose.
    pub(super) fn nose(&self) {
        let (painter, look, s, dy) = (&self.painter, &self.look, self.s, self.dy);
        let p = |u: f32, v: f32| self.p(u, v);
        // A young face's nose is shorter and starts lower.
        let (top, tip) = if look.young {
            (0.49, 0.535)
        } else {
            (0.46, 0.54)
        };
        painter.add(Shape::line(
            vec![
                p(0.505, top + dy),
                p(0.489, tip + dy),
                p(0.511, tip + 0.008 + dy),
            ],
            Stroke::new(0.009 * s, darker(look.skin, 0.3)),
        ));
    }

    /// The mouth.
    pub(super) fn mouth(&self) {
        let (painter, x, s, dy) = (&self.painter, &self.x, self.s, self.dy);
        let p = |u: f32, v: f32| self.p(u, v);
        // Mouth: corners up for a smile, down for a frown; open as a filled shape.
        let my = 0.612 + dy;
        let hw = 0.07 * x.mouth_width;
        let corner_y = my - x.mouth_curve * 0.03;
        let mid_y = my + x.mouth_curve * 0.045;
        let left = p(0.5 - hw, corner_y);
        let right = p(0.5 + hw, corner_y);
        let lip = darker(Color32::from_rgb(0xB5, 0x5A, 0x5A), 0.1);
        if x.mouth_open > 0.0 {
            let upper_ctrl = p(0.5, mid_y - x.mouth_open * 0.03);
            let lower_ctrl = p(0.5, mid_y + x.mouth_open * 0.09);
            let mut pts = quad(left, upper_ctrl, right, 12);
            let mut lower = quad(right, lower_ctrl, left, 12);
            lower.remove(0);
            lower.pop();
            pts.extend(lower);
            painter.add(Shape::convex_polygon(
                pts,
                Color32::from_rgb(0x5E, 0x22, 0x26),
                Stroke::new(0.008 * s, lip),
            ));
        } else {
            painter.add(Shape::line(
                quad(left, p(0.5, mid_y), right, 16),
                Stroke::new(0.012 * s, lip),
            ));
        }
    }

    /// A bead of sweat (anxiety).
    pub(super) fn sweat(&self) {
        let (painter, x, s, dy) = (&self.painter, &self.x, self.s, self.dy);
        let p = |u: f32, v: f32| self.p(u, v);
        if x.sweat {
            let d = p(0.71, 0.33 + dy);
            let col = Color32::from_rgb(0x8F, 0xCB, 0xF0);
            painter.add(Shape::convex_polygon(
                vec![
                    d + egui::vec2(0.0, -0.028 * s),
                    d + egui::vec2(0.014 * s, 0.0),
                    d + egui::vec2(0.0, 0.016 * s),
                    d + egui::vec2(-0.014 * s, 0.0),
                ],
                col,
                Stroke::new(1.0, darker(col, 0.3)),
            ));
        }
    }

    /// Arms folded across the chest.
    pub(super) fn folded_arms(&self) {
        let (painter, look, x, s) = (&self.painter, &self.look, &self.x, self.s);
        let p = |u: f32, v: f32| self.p(u, v);
        let v2 = |u: f32, v: f32| self.v2(u, v);
        if x.arms_folded {
            // Forearms crossed over the chest, one above the other, a hand showing at each end.
            let sleeve = darker(look.shirt, 0.2);
            let edge = Stroke::new(1.5, darker(look.shirt, 0.45));
            for (l, r, y) in [(0.24, 0.7, 0.905), (0.3, 0.76, 0.85)] {
                painter.rect(
                    Rect::from_min_max(p(l, y - 0.035), p(r, y + 0.035)),
                    egui::CornerRadius::same((0.035 * s) as u8),
                    sleeve,
                    edge,
                    StrokeKind::Inside,
                );
            }
            painter.add(Shape::ellipse_filled(
                p(0.72, 0.905),
                v2(0.04, 0.03),
                look.skin,
            ));
            painter.add(Shape::ellipse_filled(
                p(0.28, 0.85),
                v2(0.04, 0.03),
                look.skin,
            ));
        }
    }

    /// The outline of the square in high contrast.
    pub(super) fn border(&self) {
        let painter = &self.painter;
        if self.high_contrast {
            painter.rect_stroke(
                self.square(),
                egui::CornerRadius::same(14),
                Stroke::new(2.0, self.line),
                StrokeKind::Inside,
            );
        }
    }
}
