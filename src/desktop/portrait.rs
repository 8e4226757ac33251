//! The patient's portrait, painted with egui's painter: a face whose brows, eyes, mouth, colour and posture
//! show the current `Emotion`, and whose hair, skin and clothes come from the vignette's `portrait` key.

mod canvas;

use bevy_egui::egui::{self, Color32, Pos2, Rect, Vec2};

use crate::vignette::model::Emotion;

use super::theme::Palette;
use canvas::Canvas;

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
    /// A child's or teenager's face (under 18): rounder and shorter, eyes larger and set lower, narrower
    /// shoulders, no glasses.
    young: bool,
}

/// The age below which a portrait is drawn with a young face.
const ADULT_AGE: u32 = 18;

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
            glasses: age >= ADULT_AGE && (h >> 48).is_multiple_of(3),
            young: age < ADULT_AGE,
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
        // A teenager's face is drawn young, and the same key at 40 is not.
        assert!(Look::of("ellie", 15).young);
        assert!(!Look::of("ellie", 40).young);
        assert_eq!(
            Look::of("ellie", 15).skin,
            Look::of("ellie", 40).skin,
            "age changes the face's shape, not who the patient is"
        );
        // Smiles turn up, frowns turn down.
        assert!(expression(Emotion::Warm).mouth_curve > 0.0);
        assert!(expression(Emotion::Sad).mouth_curve < 0.0);
        assert!(expression(Emotion::Angry).brow_inner < 0.0);
        assert!(expression(Emotion::Anxious).brow_inner > 0.0);
    }
}
