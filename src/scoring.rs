//! Scoring: the rubric (codes × context → alliance deltas) and the alliance state it moves.
//! The numbers live in dialogues/rubric.yaml; this module is the mechanism that applies them.

mod apply;
pub mod rubric;

pub use crate::vignette::AllianceState;
pub use apply::{Context, Scored, code_bit, reply_value, score};
pub use rubric::Rubric;
