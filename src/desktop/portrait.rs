//! The patient's portrait, painted with egui's painter: a face whose brows, eyes, mouth, colour and posture
//! show the current `Emotion`, and whose hair, skin and clothes come from the vignette's `portrait` key.

use bevy_egui::egui::{self, Color32, Pos2, Rect, Shape, Stroke, StrokeKind, Vec2};

use crate::vignette::model::Emotion;

use super::theme::Palette;

/// Hair shapes a portrait can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hair {
    Short,
    Long,
    Bun,
    Curly,
    Cropped,
    Bob,
}

/// What stays the same for one patient: chosen from the portrait key, so each key looks distinct.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Look {
    skin: Color32,
    hair: Color32,
    style: Hair,
    iris: Color32,
    shirt: Color32,
    backdrop: Color32,
    glasses: bool,
}

const SKINS: [Color32; 6] = [
    Color32::from_rgb(0xF3, 0xD2, 0xB8),
    Color32::from_rgb(0xE6, 0xB8, 0x94),
    Color32::from_rgb(0xC9, 0x94, 0x6C),
    Color32::from_rgb(0xA8, 0x72, 0x4E),
    Color32::from_rgb(0x7E, 0x52, 0x36),
    Color32::from_rgb(0x5C, 0x3B, 0x28),
];
const HAIRS: [Color32; 6] = [
    Color32::from_rgb(0x2B, 0x1E, 0x16),
    Color32::from_rgb(0x5A, 0x3A, 0x22),
    Color32::from_rgb(0x8C, 0x5A, 0x2B),
    Color32::from_rgb(0xC8, 0x9B, 0x5A),
    Color32::from_rgb(0x1A, 0x1A, 0x1E),
    Color32::from_rgb(0x7A, 0x2E, 0x1C),
];
const STYLES: [Hair; 6] = [
    Hair::Short,
    Hair::Long,
    Hair::Bun,
    Hair::Curly,
    Hair::Cropped,
    Hair::Bob,
];
const IRISES: [Color32; 4] = [
    Color32::from_rgb(0x4A, 0x2F, 0x1B),
    Color32::from_rgb(0x2F, 0x5D, 0x8A),
    Color32::from_rgb(0x3C, 0x6E, 0x47),
    Color32::from_rgb(0x6B, 0x4A, 0x2A),
];
const SHIRTS: [Color32; 6] = [
    Color32::from_rgb(0x3D, 0x6E, 0x9E),
    Color32::from_rgb(0x8E, 0x4A, 0x5E),
    Color32::from_rgb(0x4F, 0x7D, 0x5A),
    Color32::from_rgb(0x6A, 0x5A, 0x8E),
    Color32::from_rgb(0xB0, 0x6A, 0x32),
    Color32::from_rgb(0x45, 0x4F, 0x5C),
];
const BACKDROPS: [Color32; 6] = [
    Color32::from_rgb(0xDC, 0xE8, 0xF0),
    Color32::from_rgb(0xF0, 0xE2, 0xD6),
    Color32::from_rgb(0xE0, 0xEC, 0xDF),
    Color32::from_rgb(0xE8, 0xE2, 0xF0),
    Color32::from_rgb(0xF2, 0xEA, 0xD0),
    Color32::from_rgb(0xDF, 0xE4, 0xE8),
];

/// FNV-1a: a stable hash, so a key looks the same on every machine and every run.
fn fnv(key: &str) -> u64 {
    key.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

impl Look {
    fn of(key: &str, age: u32) -> Look {
        let h = fnv(key);
        let pick = |shift: u32, n: usize| ((h >> shift) % n as u64) as usize;
        let mut hair = HAIRS[pick(8, HAIRS.len())];
        if age >= 62 {
            // Grey with age, keeping a trace of the colour.
            hair = lerp(hair, Color32::from_rgb(0xC8, 0xC8, 0xC8), 0.75);
        }
        Look {
            skin: SKINS[pick(0, SKINS.len())],
            hair,
            style: STYLES[pick(16, STYLES.len())],
            iris: IRISES[pick(24, IRISES.len())],
            shirt: SHIRTS[pick(32, SHIRTS.len())],
            backdrop: BACKDROPS[pick(40, BACKDROPS.len())],
            glasses: (h >> 48).is_multiple_of(3),
        }
    }
}

/// How a face shows one emotion.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Expression {
    /// Inner ends of the brows: up (worry, sadness) positive, down (anger) negative.
    brow_inner: f32,
    /// Both brows raised.
    brow_raise: f32,
    /// Eye opening (1 = relaxed).
    eye_open: f32,
    /// Eyes closed in a smile.
    smiling_eyes: bool,
    /// Where the eyes look (-1..1 each way).
    gaze: (f32, f32),
    /// Mouth corners: up (smile) positive, down (frown) negative.
    mouth_curve: f32,
    /// Mouth opening.
    mouth_open: f32,
    /// Mouth width (1 = relaxed).
    mouth_width: f32,
    /// Tears on the cheeks.
    tears: bool,
    /// Pink cheeks (embarrassment, warmth).
    blush: f32,
    /// Red face (frustration, anger).
    flush: f32,
    /// A bead of sweat (anxiety).
    sweat: bool,
    /// Head lowered.
    head_down: f32,
    /// Arms folded across the chest.
    arms_folded: bool,
}

fn expression(e: Emotion) -> Expression {
    let base = Expression {
        eye_open: 1.0,
        mouth_width: 1.0,
        ..Expression::default()
    };
    match e {
        Emotion::Neutral => Expression {
            mouth_curve: 0.05,
            ..base
        },
        Emotion::Guarded => Expression {
            brow_inner: -0.3,
            brow_raise: -0.2,
            eye_open: 0.7,
            gaze: (0.6, 0.1),
            mouth_curve: -0.1,
            mouth_width: 0.75,
            arms_folded: true,
            ..base
        },
        Emotion::Anxious => Expression {
            brow_inner: 0.9,
            brow_raise: 0.5,
            eye_open: 1.25,
            gaze: (-0.3, 0.0),
            mouth_curve: -0.3,
            mouth_open: 0.2,
            mouth_width: 0.7,
            sweat: true,
            ..base
        },
        Emotion::Sad => Expression {
            brow_inner: 1.0,
            brow_raise: 0.1,
            eye_open: 0.65,
            gaze: (0.0, 0.7),
            mouth_curve: -0.65,
            mouth_width: 0.9,
            head_down: 0.3,
            ..base
        },
        Emotion::Tearful => Expression {
            brow_inner: 1.1,
            brow_raise: 0.2,
            eye_open: 0.55,
            gaze: (0.0, 0.5),
            mouth_curve: -0.75,
            mouth_open: 0.12,
            tears: true,
            blush: 0.35,
            head_down: 0.3,
            ..base
        },
        Emotion::Ashamed => Expression {
            brow_inner: 0.6,
            eye_open: 0.45,
            gaze: (-0.4, 1.0),
            mouth_curve: -0.3,
            mouth_width: 0.7,
            blush: 0.75,
            head_down: 1.0,
            ..base
        },
        Emotion::Frustrated => Expression {
            brow_inner: -0.65,
            brow_raise: -0.1,
            eye_open: 0.75,
            mouth_curve: -0.4,
            mouth_width: 0.85,
            flush: 0.18,
            ..base
        },
        Emotion::Angry => Expression {
            brow_inner: -1.1,
            brow_raise: -0.25,
            eye_open: 0.85,
            mouth_curve: -0.55,
            mouth_open: 0.3,
            flush: 0.38,
            ..base
        },
        Emotion::Relieved => Expression {
            brow_inner: 0.35,
            brow_raise: 0.35,
            smiling_eyes: true,
            mouth_curve: 0.55,
            ..base
        },
        Emotion::Hopeful => Expression {
            brow_inner: 0.25,
            brow_raise: 0.45,
            eye_open: 1.08,
            gaze: (0.1, -0.6),
            mouth_curve: 0.4,
            ..base
        },
        Emotion::Engaged => Expression {
            brow_raise: 0.3,
            eye_open: 1.08,
            mouth_curve: 0.35,
            mouth_open: 0.22,
            ..base
        },
        Emotion::Warm => Expression {
            brow_raise: 0.2,
            smiling_eyes: true,
            mouth_curve: 0.9,
            mouth_open: 0.28,
            mouth_width: 1.1,
            blush: 0.35,
            ..base
        },
    }
}

fn lerp(a: Color32, b: Color32, t: f32) -> Color32 {
    let m = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
    Color32::from_rgb(m(a.r(), b.r()), m(a.g(), b.g()), m(a.b(), b.b()))
}

fn darker(c: Color32, t: f32) -> Color32 {
    lerp(c, Color32::BLACK, t)
}

/// Points on an ellipse from angle `a0` to `a1` (radians, y down).
fn arc(c: Pos2, r: Vec2, a0: f32, a1: f32, n: usize) -> Vec<Pos2> {
    (0..=n)
        .map(|i| {
            let a = a0 + (a1 - a0) * i as f32 / n as f32;
            egui::pos2(c.x + r.x * a.cos(), c.y + r.y * a.sin())
        })
        .collect()
}

/// Points on a quadratic curve from `a` to `b` bending toward `ctrl`.
fn quad(a: Pos2, ctrl: Pos2, b: Pos2, n: usize) -> Vec<Pos2> {
    (0..=n)
        .map(|i| {
            let t = i as f32 / n as f32;
            let u = 1.0 - t;
            egui::pos2(
                u * u * a.x + 2.0 * u * t * ctrl.x + t * t * b.x,
                u * u * a.y + 2.0 * u * t * ctrl.y + t * t * b.y,
            )
        })
        .collect()
}

/// Paints the portrait for `key` (and `age`) showing `emotion` into `rect` (a square works best): the layers
/// from the back (backdrop, hair behind the head, shoulders) to the front (features, sweat, folded arms).
pub fn paint(
    painter: &egui::Painter,
    rect: Rect,
    key: &str,
    age: u32,
    emotion: Emotion,
    pal: &Palette,
) {
    let c = Canvas::new(painter, rect, Look::of(key, age), expression(emotion), pal);
    c.backdrop();
    c.hair_behind();
    c.shoulders();
    c.hair_mass();
    c.face();
    c.hair_framing();
    c.brows();
    c.eyes();
    c.glasses();
    c.cheeks();
    c.nose();
    c.mouth();
    c.sweat();
    c.folded_arms();
    c.border();
}

/// One portrait being painted: the look, the expression, and the square it fills (`p` and `v2` take
/// coordinates as fractions of its side).
struct Canvas {
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
    fn new(
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
        0.445 + self.dy
    }

    /// The rounded square behind the patient.
    fn backdrop(&self) {
        let (painter, look) = (&self.painter, &self.look);
        // Backdrop.
        painter.rect_filled(self.square(), egui::CornerRadius::same(14), look.backdrop);
    }

    /// Hair that falls behind the head (long, bob) or sits on top (bun).
    fn hair_behind(&self) {
        let (painter, look, s, dy, outline) =
            (&self.painter, &self.look, self.s, self.dy, self.outline);
        let p = |u: f32, v: f32| self.p(u, v);
        let v2 = |u: f32, v: f32| self.v2(u, v);
        // Hair that falls behind the head.
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
    fn shoulders(&self) {
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
        // Shoulders and neck.
        painter.add(Shape::convex_polygon(
            arc(
                p(0.5, 1.02),
                v2(0.44, 0.26),
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
    fn hair_mass(&self) {
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
    fn face(&self) {
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
        // Ears, then the face.
        for side in [-1.0, 1.0] {
            painter.add(Shape::ellipse_filled(
                p(0.5 + side * 0.225, 0.46 + dy),
                v2(0.033, 0.052),
                shade,
            ));
        }
        let face_c = self.head_c + v2(0.0, 0.035);
        let face_r = v2(0.222, 0.255);
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
    fn hair_framing(&self) {
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
    fn brows(&self) {
        let (painter, look, x, s, dy) = (&self.painter, &self.look, &self.x, self.s, self.dy);
        let p = |u: f32, v: f32| self.p(u, v);
        // Brows.
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
    fn eyes(&self) {
        let (painter, look, x, s) = (&self.painter, &self.look, &self.x, self.s);
        let p = |u: f32, v: f32| self.p(u, v);
        let v2 = |u: f32, v: f32| self.v2(u, v);
        // Eyes.
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
            let half_h = 0.028 * x.eye_open;
            painter.add(Shape::ellipse_filled(c, v2(0.045, half_h), Color32::WHITE));
            let gaze = egui::vec2(x.gaze.0 * 0.018 * s, x.gaze.1 * 0.012 * s);
            let ir = 0.021f32;
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
                    v2(0.047, half_h + 0.002),
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
    fn glasses(&self) {
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
    fn cheeks(&self) {
        let (painter, x, dy) = (&self.painter, &self.x, self.dy);
        let p = |u: f32, v: f32| self.p(u, v);
        let v2 = |u: f32, v: f32| self.v2(u, v);
        // Cheeks.
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
    fn nose(&self) {
        let (painter, look, s, dy) = (&self.painter, &self.look, self.s, self.dy);
        let p = |u: f32, v: f32| self.p(u, v);
        // Nose.
        painter.add(Shape::line(
            vec![
                p(0.505, 0.46 + dy),
                p(0.488, 0.54 + dy),
                p(0.512, 0.548 + dy),
            ],
            Stroke::new(0.009 * s, darker(look.skin, 0.3)),
        ));
    }

    /// The mouth.
    fn mouth(&self) {
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
    fn sweat(&self) {
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
    fn folded_arms(&self) {
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
    fn border(&self) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_has_its_own_look_and_each_emotion_its_own_face() {
        let keys = ["jo", "sam", "marcus", "aroha", "priya", "dev"];
        let looks: Vec<Look> = keys.iter().map(|k| Look::of(k, 40)).collect();
        for (i, a) in looks.iter().enumerate() {
            for b in &looks[i + 1..] {
                assert_ne!(a, b, "two portrait keys look identical");
            }
        }
        assert_eq!(
            Look::of("jo", 40),
            Look::of("jo", 40),
            "a key always looks the same"
        );
        let all = [
            Emotion::Neutral,
            Emotion::Guarded,
            Emotion::Anxious,
            Emotion::Sad,
            Emotion::Tearful,
            Emotion::Ashamed,
            Emotion::Frustrated,
            Emotion::Angry,
            Emotion::Relieved,
            Emotion::Hopeful,
            Emotion::Engaged,
            Emotion::Warm,
        ];
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(
                    expression(*a),
                    expression(*b),
                    "{a:?} and {b:?} draw the same face"
                );
            }
        }
        // Smiles turn up, frowns turn down.
        assert!(expression(Emotion::Warm).mouth_curve > 0.0);
        assert!(expression(Emotion::Sad).mouth_curve < 0.0);
        assert!(expression(Emotion::Angry).brow_inner < 0.0);
        assert!(expression(Emotion::Anxious).brow_inner > 0.0);
    }
}
