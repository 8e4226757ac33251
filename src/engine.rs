//! Playing a vignette: the session state machine, its conditions, and the transcript it journals.
//! Knows nothing of terminals or windows; front ends call `Session` and render what it returns.

mod condition;
pub mod continuation;
pub mod facts;
pub mod near_words;
pub mod order;
pub mod rules;
pub mod sense;
mod session;
pub mod transcript;
pub mod typed;

pub use continuation::{ContinueError, Continued};
pub use session::{ChoiceError, FutureKey, Mode, Offered, Session, TurnOutcome};
pub use transcript::{PatientLine, Transcript, TurnRecord};
pub use typed::TypedReading;
