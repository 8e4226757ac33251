//! Who is drawn in the room: the patient's portrait, and the companion's beside it only while the companion
//! is present, each with the feeling of the last line that person spoke.

use crate::engine::Session;
use crate::vignette::model::{Emotion, Person};

/// One portrait to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Face {
    /// Whose it is.
    pub who: Person,
    /// Their name, for the caption and the screen reader.
    pub name: String,
    /// The portrait key.
    pub key: String,
    /// Their age (the portrait greys with it).
    pub age: u32,
    /// The feeling it shows now.
    pub emotion: Emotion,
}

/// The portraits to draw now: the patient first, then the companion while in the room.
pub fn faces(s: &Session) -> Vec<Face> {
    let v = s.vignette();
    let mut out = vec![Face {
        who: Person::Patient,
        name: v.patient.name.clone(),
        key: v.patient.portrait.clone(),
        age: v.patient.age,
        emotion: s.emotion_of(Person::Patient),
    }];
    if let Some(c) = &v.companion
        && s.companion_present()
    {
        out.push(Face {
            who: Person::Companion,
            name: c.name.clone(),
            key: c.portrait.clone(),
            age: c.age,
            emotion: s.emotion_of(Person::Companion),
        });
    }
    out
}
