//! Checking a vignette file, one step a file: cheap checks on every load (parse, fields, names, the graph) and
//! the whole-graph analysis `alliance check` adds (best path, reachability); no step stops another.

mod alternatives;
mod best_path;
mod fields;
mod graph;
mod last_time;
mod reachability;
mod tells;

pub use crate::diagnostic::{Diagnostic, Severity, snippet};

use std::sync::Arc;

use crate::compile::compile;
use crate::diagnostic::parse_yaml;
use crate::scoring::Rubric;
use crate::vignette::model::VignetteFile;
use crate::vignette::{Origin, Vignette};

/// Checks one vignette file as `alliance check` does: the cheap checks, then the whole-graph analysis. Returns
/// the playable vignette when there are no errors, and every finding.
pub fn check_source(
    origin: Origin,
    source: &str,
    rubric: &Rubric,
) -> (Option<Arc<Vignette>>, Vec<Diagnostic>) {
    let file = origin.file.clone();
    let (vignette, mut found) = load_source(origin, source);
    let Some(vignette) = vignette else {
        return (None, found);
    };
    analyse(&file, source, &vignette, rubric, &mut found);
    let ok = !found.iter().any(Diagnostic::is_error);
    (ok.then_some(vignette), found)
}

/// The cheap checks, run on every load: parse, field values, names, and the graph (targets, and what the
/// start cannot reach by any link). Milliseconds even for a 1,000-node file; the shipped vignettes, checked
/// whole by the tests, load through this alone.
pub fn load_source(origin: Origin, source: &str) -> (Option<Arc<Vignette>>, Vec<Diagnostic>) {
    let file = origin.file.clone();
    let parsed: VignetteFile = match parse_yaml(&file, source) {
        Ok(v) => v,
        Err(d) => return (None, vec![d]),
    };
    let mut found = fields::check(&file, source, &parsed);
    found.extend(last_time::check(&file, source, &parsed));
    let Some(vignette) = compile(&file, source, &parsed, origin, &mut found) else {
        return (None, found);
    };
    graph::check(&file, source, &vignette, &mut found);
    if found.iter().any(Diagnostic::is_error) {
        return (None, found);
    }
    (Some(Arc::new(vignette)), found)
}

/// The whole-graph analysis of a vignette that passed the cheap checks: the best path must reach a good
/// ending (A019), what the conditions shut off (W004-W006, from the interval walk), and the tells that find the
/// best reply without reading it (W007-W009).
pub fn analyse(
    file: &str,
    source: &str,
    vignette: &Arc<Vignette>,
    rubric: &Rubric,
    out: &mut Vec<Diagnostic>,
) {
    best_path::check(file, source, vignette, rubric, out);
    reachability::check(file, source, vignette, rubric, out);
    tells::check(file, source, vignette, rubric, out);
    alternatives::check(file, source, vignette, out);
}
