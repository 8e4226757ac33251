//! Checking a vignette file: parse, field values, names, the graph, the best path, reachability; one step each.
//! Every step adds diagnostics and none stops the others, so an author sees every problem at once.

mod best_path;
mod fields;
mod graph;
mod reachability;

pub use crate::diagnostic::{Diagnostic, Severity, snippet};

use std::sync::Arc;

use crate::compile::compile;
use crate::diagnostic::parse_yaml;
use crate::scoring::Rubric;
use crate::vignette::model::VignetteFile;
use crate::vignette::{Origin, Vignette};

/// Checks one vignette file; returns the playable vignette when there are no errors, and every finding.
pub fn check_source(
    origin: Origin,
    source: &str,
    rubric: &Rubric,
) -> (Option<Arc<Vignette>>, Vec<Diagnostic>) {
    let file = origin.file.clone();
    let parsed: VignetteFile = match parse_yaml(&file, source) {
        Ok(v) => v,
        Err(d) => return (None, vec![d]),
    };
    let mut found = fields::check(&file, source, &parsed);
    let Some(vignette) = compile(&file, source, &parsed, origin, &mut found) else {
        return (None, found);
    };
    graph::check(&file, source, &vignette, &mut found);
    if found.iter().any(Diagnostic::is_error) {
        return (None, found);
    }
    let vignette = Arc::new(vignette);
    best_path::check(&file, source, &vignette, rubric, &mut found);
    reachability::check(&file, source, &vignette, rubric, &mut found);
    let ok = !found.iter().any(Diagnostic::is_error);
    (ok.then_some(vignette), found)
}
