//! The student's preferences (text size, high contrast, reduced motion, typing every reply), remembered between runs
//! in `<data dir>/desktop-settings.json`, written atomically. How they look is `theme`'s job.

use std::path::{Path, PathBuf};

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use crate::store;

/// The smallest and largest text size, as a fraction of the default.
pub const TEXT_SCALE_RANGE: std::ops::RangeInclusive<f32> = 1.0..=2.0;

/// The student's preferences.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Text size, 1.0 (100%) to 2.0 (200%).
    pub text_scale: f32,
    /// Black background, white text, yellow focus, thick outlines.
    pub high_contrast: bool,
    /// No animation of meters or panels.
    pub reduced_motion: bool,
    /// Every reply in the student's own words: the reply menu is hidden and the text field takes the focus.
    pub type_every_reply: bool,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            text_scale: 1.0,
            high_contrast: false,
            reduced_motion: false,
            type_every_reply: false,
        }
    }
}

impl Prefs {
    /// The file the preferences live in.
    pub fn file(data: &Path) -> PathBuf {
        data.join("desktop-settings.json")
    }

    /// Reads the preferences; a missing or unreadable file gives the defaults (and a reason when unreadable).
    pub fn load(data: Option<&Path>) -> (Prefs, Option<String>) {
        let Some(path) = data.map(Prefs::file) else {
            return (Prefs::default(), None);
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => match serde_json::from_str::<Prefs>(&text) {
                Ok(p) => (p.clamped(), None),
                Err(e) => (
                    Prefs::default(),
                    Some(format!(
                        "{}:{}:{}: settings not readable ({e}); the defaults are used",
                        path.display(),
                        e.line(),
                        e.column()
                    )),
                ),
            },
            Err(_) => (Prefs::default(), None),
        }
    }

    /// Writes the preferences atomically.
    pub fn save(&self, data: &Path) -> Result<(), String> {
        let path = Prefs::file(data);
        let json = serde_json::to_vec_pretty(self).map_err(|e| e.to_string())?;
        store::write_atomic(&path, &json)
            .map_err(|e| format!("could not save settings to {}: {e}", path.display()))
    }

    /// The text size `steps` tenths larger (negative: smaller), on the tenth and inside its range: what
    /// Ctrl + / Ctrl − and the Larger and Smaller buttons do.
    pub fn stepped(self, steps: i32) -> Prefs {
        Prefs {
            text_scale: ((self.text_scale * 10.0).round() + steps as f32) / 10.0,
            ..self
        }
        .clamped()
    }

    /// The same preferences with the text size inside its range (a hand-edited file may say anything).
    pub fn clamped(mut self) -> Prefs {
        let (lo, hi) = (*TEXT_SCALE_RANGE.start(), *TEXT_SCALE_RANGE.end());
        self.text_scale = if self.text_scale.is_finite() {
            self.text_scale.clamp(lo, hi)
        } else {
            1.0
        };
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferences_survive_a_restart() {
        let d = tempfile::tempdir().expect("temp dir");
        let p = Prefs {
            text_scale: 1.6,
            high_contrast: true,
            reduced_motion: true,
            type_every_reply: true,
        };
        p.save(d.path()).expect("saved");
        assert_eq!(Prefs::load(Some(d.path())), (p, None));
    }

    #[test]
    fn a_broken_or_odd_file_falls_back_safely() {
        let d = tempfile::tempdir().expect("temp dir");
        std::fs::write(Prefs::file(d.path()), "{ not json").expect("written");
        let (p, why) = Prefs::load(Some(d.path()));
        assert_eq!(p, Prefs::default());
        assert!(why.is_some_and(|w| w.contains("desktop-settings.json:1:")));
        std::fs::write(Prefs::file(d.path()), r#"{"text_scale": 9}"#).expect("written");
        assert_eq!(Prefs::load(Some(d.path())).0.text_scale, 2.0);
        // A file written before a setting existed keeps its default.
        std::fs::write(
            Prefs::file(d.path()),
            r#"{"text_scale": 1.5, "high_contrast": true, "reduced_motion": false}"#,
        )
        .expect("written");
        let (p, why) = Prefs::load(Some(d.path()));
        assert_eq!((p.text_scale, p.type_every_reply, why), (1.5, false, None));
    }
}
