//! The JSON Schema of an assignment file, generated from the Rust types so editor checks and the loader agree.
//! Committed as schema/assignment.schema.json; a test fails if the committed copy is out of date.

use crate::assign::model::AssignmentFile;

/// The schema as pretty JSON.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(AssignmentFile);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}
