//! Vignettes: the YAML an educator writes, the compiled form the engine plays, and the alliance state both name.
//! Parsing YAML is `diagnostic`, compiling `compile`, checking `check`, the library of files `library`.

mod alliance;
mod codes;
mod companion;
pub mod compiled;
pub mod last_time;
pub mod model;
mod schema;
pub mod topics;

pub use alliance::AllianceState;
pub use codes::BehaviourCode;
pub use compiled::{Origin, Target, Vignette};
pub use schema::schema_json;
