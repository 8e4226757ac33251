//! Assignments and submissions: the educator's assignment file, its pass criteria, and the sealed bundle
//! a student hands in (transcripts, debriefs, verdicts, checksum). See docs/assignments.md.

pub mod bundle;
pub mod criteria;
pub mod load;
pub mod model;
pub mod naive;
pub mod replay;
mod schema;
pub mod seal;
pub mod uuid;

pub use bundle::{Attempt, Decision, DecisionPoint, Submission, VignetteResult};
pub use criteria::{Check, Criteria, Verdict, evaluate};
pub use load::{Assignment, load, parse};
pub use schema::schema_json;
pub use seal::{Opened, Problem, open, seal};
