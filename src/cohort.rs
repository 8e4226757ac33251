//! The class report (`alliance class`): a cohort's folder of submission bundles streamed into attempts.csv,
//! report.html (inline SVG) and xAPI statements, in bounded memory; files that cannot be counted are listed
//! with the reason, never dropped. Named `cohort`, not `class`, so it is not mistaken for `classify`.

pub mod aggregate;
pub mod chart;
pub mod csv;
pub mod follow_up;
pub mod html;
pub mod intake;
pub mod iso8601;
pub mod run;
pub mod uncovered;
pub mod unread;
pub mod verify;
pub mod xapi;

pub use run::{Counted, Formatted, Options, Outputs, Sink, Summary, run, run_with};
