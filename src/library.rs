//! The library: shipped vignettes plus educators' own folders, loaded so one bad file never stops the rest.
//! Also the file-walking half of `alliance check` (which files, and ids duplicated across files).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::check;
use crate::diagnostic::{Diagnostic, MAX_FILE_BYTES};
use crate::scoring::Rubric;
use crate::vignette::{Origin, Vignette};

mod follows;

pub use follows::{Unverified, in_visit_order};

include!(concat!(env!("OUT_DIR"), "/shipped.rs"));

/// Every vignette that loaded, and the rubric they are scored with.
#[derive(Debug, Clone)]
pub struct Library {
    /// Loaded vignettes: shipped ones first, in file order, then the user's; each follow-up visit right after
    /// the vignette it follows (`in_visit_order`).
    pub vignettes: Vec<Arc<Vignette>>,
    /// The rubric.
    pub rubric: Arc<Rubric>,
}

/// What loading found: every diagnostic from every file.
#[derive(Debug, Clone, Default)]
pub struct LoadReport {
    /// Files read.
    pub files: usize,
    /// Problems and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// The vignettes that show some replies in the order written (`pin_order`), for `alliance check` to list:
    /// a fixed place for the best reply is a tell, so an author should see where order is pinned.
    pub pinned: Vec<Pinned>,
    /// Follow-ups checked without their first visit, so what they name of it was not verified.
    pub unverified: Vec<Unverified>,
}

/// A vignette's decision points whose replies are shown as written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pinned {
    /// The vignette's id.
    pub vignette: String,
    /// Its file.
    pub file: String,
    /// The pinned nodes' ids.
    pub nodes: Vec<String>,
    /// How many decision points it has.
    pub of: usize,
}

impl Pinned {
    /// The pinned nodes of `v`, if it has any.
    pub fn of(v: &Vignette) -> Option<Pinned> {
        let nodes: Vec<String> = v
            .nodes
            .iter()
            .filter(|n| n.pinned)
            .map(|n| n.id.clone())
            .collect();
        (!nodes.is_empty()).then(|| Pinned {
            vignette: v.id.clone(),
            file: v.origin.file.clone(),
            nodes,
            of: v.nodes.len(),
        })
    }
}

impl LoadReport {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// How many files had at least one error (and were skipped).
    pub fn files_with_errors(&self) -> usize {
        let mut files: Vec<&str> = self
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.file.as_str())
            .collect();
        files.sort_unstable();
        files.dedup();
        files.len()
    }
}

impl Library {
    /// The shipped vignettes only.
    pub fn shipped() -> (Library, LoadReport) {
        Self::load(&[], Rubric::shipped())
    }

    /// Shipped vignettes plus every `*.yaml`/`*.yml` file in `dirs`. A user vignette with a shipped id replaces
    /// it with a warning (W001); a second file with the same id is refused (A010). The user's files are checked
    /// whole, as `alliance check` does; the shipped ones only get the cheap checks, as the tests check them whole
    /// (tests/shipped_vignettes.rs).
    pub fn load(dirs: &[PathBuf], rubric: Rubric) -> (Library, LoadReport) {
        let mut report = LoadReport::default();
        let mut vignettes: Vec<Arc<Vignette>> = Vec::new();
        for (name, src) in SHIPPED {
            let origin = Origin {
                file: format!("<shipped>/{name}"),
                shipped: true,
            };
            report.files += 1;
            let (v, mut found) = check::load_source(origin, src);
            report.diagnostics.append(&mut found);
            if let Some(v) = v {
                vignettes.push(v);
            }
        }
        let mut paths = Vec::new();
        for d in dirs {
            paths.extend(yaml_files(d, &mut report.diagnostics));
        }
        for path in paths {
            report.files += 1;
            let Some((v, src)) = check_file(&path, &rubric, &mut report.diagnostics) else {
                continue;
            };
            report.pinned.extend(Pinned::of(&v));
            admit(v, &src, &mut vignettes, &mut report.diagnostics);
        }
        // A follow-up whose first visit is missing or loops back is not loaded (its errors say why).
        let (mut found, _) = follows::check(&vignettes, false);
        vignettes.retain(|v| {
            !found
                .iter()
                .any(|d| d.file == v.origin.file && matches!(d.code, "A030" | "A031"))
        });
        report.diagnostics.append(&mut found);
        let library = Library {
            vignettes: in_visit_order(vignettes),
            rubric: Arc::new(rubric),
        };
        (library, report)
    }

    /// The vignette with this id.
    pub fn get(&self, id: &str) -> Option<Arc<Vignette>> {
        self.vignettes.iter().find(|v| v.id == id).cloned()
    }
}

/// Checks files and folders as `alliance check` does: every problem in every file, plus ids duplicated
/// across the files given.
pub fn check_paths(paths: &[PathBuf], rubric: &Rubric) -> LoadReport {
    let mut report = LoadReport::default();
    let mut seen: Vec<Arc<Vignette>> = Vec::new();
    for path in paths {
        let files = if path.is_dir() {
            yaml_files(path, &mut report.diagnostics)
        } else {
            vec![path.clone()]
        };
        for f in files {
            report.files += 1;
            if let Some((v, src)) = check_file(&f, rubric, &mut report.diagnostics) {
                report.pinned.extend(Pinned::of(&v));
                if let Some(first) = seen.iter().find(|s| s.id == v.id) {
                    report.diagnostics.push(duplicate(&v, &src, first));
                } else {
                    seen.push(v);
                }
            }
        }
    }
    // A single file checked alone cannot show its first visit: that is said as a note, not an error.
    let alone = paths.len() == 1 && !paths[0].is_dir();
    let (mut found, unverified) = follows::check(&seen, alone);
    report.diagnostics.append(&mut found);
    report.unverified = unverified;
    report
}

/// Checks the shipped vignettes whole, as `alliance check` checks a user's file: the cheap checks and the
/// whole-graph analysis. Loading skips the analysis for them, so the tests run this instead.
pub fn check_shipped(rubric: &Rubric) -> LoadReport {
    let mut report = LoadReport::default();
    let mut loaded = Vec::new();
    for (name, src) in SHIPPED {
        let origin = Origin {
            file: format!("<shipped>/{name}"),
            shipped: true,
        };
        report.files += 1;
        let (v, mut found) = check::check_source(origin, src, rubric);
        report.diagnostics.append(&mut found);
        loaded.extend(v);
    }
    // A shipped follow-up must follow a shipped vignette, and name only its endings and variables.
    report
        .diagnostics
        .append(&mut follows::check(&loaded, false).0);
    report
}

fn admit(v: Arc<Vignette>, src: &str, into: &mut Vec<Arc<Vignette>>, out: &mut Vec<Diagnostic>) {
    match into.iter().position(|s| s.id == v.id) {
        Some(i) if into[i].origin.shipped => {
            out.push(
                Diagnostic::warning("W001", &v.origin.file, src, v.id_pos.line, v.id_pos.column)
                    .message(format!("`{}` replaces the shipped vignette with the same id", v.id))
                    .hint("rename the id if you meant to add a new vignette rather than replace the shipped one"),
            );
            into[i] = v;
        }
        Some(i) => {
            let first = Arc::clone(&into[i]);
            out.push(duplicate(&v, src, &first));
        }
        None => into.push(v),
    }
}

fn duplicate(v: &Vignette, src: &str, first: &Vignette) -> Diagnostic {
    Diagnostic::error("A010", &v.origin.file, src, v.id_pos.line, v.id_pos.column)
        .message(format!(
            "vignette id `{}` is already used by {}",
            v.id, first.origin.file
        ))
        .hint("give each vignette its own id; this file was not loaded")
}

/// Reads and checks one file; returns the vignette and its text when it has no errors.
fn check_file(
    path: &Path,
    rubric: &Rubric,
    out: &mut Vec<Diagnostic>,
) -> Option<(Arc<Vignette>, String)> {
    let file = path.display().to_string();
    // Only a regular file is opened, and never more than the cap is read (a FIFO or /dev/zero is refused).
    let src = match crate::files::read_text(path, MAX_FILE_BYTES as u64) {
        Ok(s) => s,
        Err(e) => {
            let (code, hint) = match e.kind() {
                std::io::ErrorKind::InvalidInput => (
                    "A005",
                    "give the vignette's YAML file itself, not a pipe, device or folder",
                ),
                std::io::ErrorKind::InvalidData if e.to_string().contains("larger than") => (
                    "A004",
                    "split the vignette into several files, or check that this is the file you meant",
                ),
                std::io::ErrorKind::InvalidData => ("A001", "save the file as UTF-8"),
                _ => ("A000", "check the path and the file's permissions"),
            };
            out.push(
                Diagnostic::error(code, &file, "", 0, 0)
                    .message(format!("cannot read the file: {e}"))
                    .hint(hint),
            );
            return None;
        }
    };
    let origin = Origin {
        file,
        shipped: false,
    };
    let (v, mut found) = check::check_source(origin, &src, rubric);
    out.append(&mut found);
    v.map(|v| (v, src))
}

/// The `*.yaml` and `*.yml` files directly in `dir`, sorted; a missing folder is not an error.
fn yaml_files(dir: &Path, out: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
        Err(e) => {
            out.push(
                Diagnostic::error("A000", &dir.display().to_string(), "", 0, 0)
                    .message(format!("cannot read the folder: {e}"))
                    .hint("check the path and its permissions"),
            );
            return Vec::new();
        }
    };
    let mut files: Vec<PathBuf> = Vec::new();
    for e in rd.filter_map(Result::ok) {
        let p = e.path();
        if !p.extension().is_some_and(|x| x == "yaml" || x == "yml")
            || p.file_name().is_some_and(|n| n == "rubric.yaml")
        {
            continue;
        }
        match std::fs::metadata(&p).map(|m| crate::files::not_regular(&m)) {
            Ok(None) => files.push(p),
            // Skipped, but said: a pipe or device named like a vignette is not read (it could block or never end).
            Ok(Some(what)) => out.push(
                Diagnostic::warning("A005", &p.display().to_string(), "", 0, 0)
                    .message(format!("skipped: {what}, not a regular file"))
                    .hint("Alliance reads only regular files"),
            ),
            Err(_) => {}
        }
    }
    files.sort();
    files
}
