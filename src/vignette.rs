//! Vignettes: the YAML an educator writes, how it is loaded safely, and the compiled form the engine plays.
//! Checking what a vignette means (graph, codes, ranges) lives in `check`; playing it lives in `engine`.

mod codes;
pub mod compiled;
pub mod library;
pub mod load;
pub mod model;
mod schema;

pub use codes::BehaviourCode;
pub use compiled::{Origin, Target, Vignette};
pub use library::{Library, LoadReport};
pub use schema::schema_json;
