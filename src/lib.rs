//! Alliance: practise the conversations that build a working alliance with a patient.
//!
//! The pipeline (see the README): a vignette is loaded and checked ([`vignette`], [`check`]), played in a
//! [`engine::Session`], each reply scored by the rubric ([`scoring`]), and the transcript turned into a
//! debrief ([`report`]); [`store`] saves attempts atomically, and [`attempt`] ties a session to its file for
//! every front end (terminal, desktop), which sit on top.
#![forbid(unsafe_code)]

pub mod analysis;
pub mod assign;
pub mod attempt;
pub mod check;
pub mod class;
pub mod classify;
#[cfg(feature = "desktop")]
pub mod desktop;
pub mod engine;
pub mod report;
pub mod scoring;
pub mod store;
pub mod vignette;
