//! The debrief: where the alliance strained and strengthened and why, the WAI-SR, the MITI summary.
//! Built from a transcript and the rubric alone, then rendered as terminal text, Markdown or JSON.

mod debrief;
mod markdown;
pub mod markup;
mod miti;
pub mod plain;
mod reading;
mod text;
mod wai_sr;
pub mod wrap;

pub use debrief::{Debrief, FORMAT, Moment, MomentKind, TrajectoryPoint, debrief};
pub use markdown::{markdown, markdown_with};
pub use miti::{Level, MitiSummary};
pub use reading::Reading;
pub use text::{moved_to, text, text_with};
pub use wai_sr::WaiSr;
