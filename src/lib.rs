//! Alliance: practise the conversations that build a working alliance with a patient.
//!
//! The pipeline (see the README): a vignette is parsed ([`diagnostic`] reports what is wrong, where), compiled
//! ([`compile`] into a [`vignette::Vignette`]) and checked ([`check`]); the [`library`] holds every one loaded.
//! It is played in an [`engine::Session`], each reply scored by the rubric ([`scoring`]), and the transcript
//! turned into a debrief ([`report`]); [`store`] saves attempts atomically, and [`attempt`] ties a session to
//! its file for every front end (terminal, desktop), which sit on top. The modules are layers, each using only
//! those below it (tests/module_layers.rs keeps it so): files < diagnostic < vignette < compile < classify < scoring
//! < engine < report < analysis < check < library < store < attempt < assign < cohort < lrs < sitting < desktop.
#![forbid(unsafe_code)]

pub mod analysis;
pub mod assign;
pub mod attempt;
pub mod check;
pub mod classify;
pub mod cohort;
pub mod compile;
#[cfg(feature = "desktop")]
pub mod desktop;
pub mod diagnostic;
pub mod engine;
pub mod files;
pub mod library;
#[cfg(feature = "lrs")]
pub mod lrs;
pub mod report;
pub mod scoring;
#[cfg(feature = "lrs")]
pub mod sitting;
pub mod store;
pub mod vignette;
