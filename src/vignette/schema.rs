//! The JSON Schema of a vignette file, generated from the Rust types so editor checks and the loader agree.
//! Committed as schema/vignette.schema.json; a test fails if the committed copy is out of date.

use crate::vignette::model::VignetteFile;

/// The schema as pretty JSON.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(VignetteFile);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}
