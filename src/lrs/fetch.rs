//! Reading an assignment's submissions back from an LRS: its assignment statements (one per submission, each
//! carrying the sealed submission file) are paged through with `more` and written into a folder, where the
//! class report reads them exactly as it reads handed-in files (checksums verified the same way).

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::cohort::xapi::{SUBMISSION_FILE, assignment_iri};
use crate::lrs::client::{Failure, Lrs};
use crate::store::write_atomic;

/// Statements asked for per page (an LRS may give fewer).
const PAGE: usize = 500;
/// Pages followed at most: 50 million statements, far beyond a school's assignment; a `more` chain longer
/// than that is an LRS that does not end.
const MAX_PAGES: usize = 100_000;

/// What was read.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// Statements the LRS returned.
    pub statements: usize,
    /// Submission files written.
    pub files: usize,
    /// Pages read.
    pub pages: usize,
    /// The LRS returned nothing for the `activity` filter, so every statement was read and filtered here.
    pub filtered_here: bool,
}

/// Writes the submission files of assignment `assignment_id` found in the LRS into `dir` (emptied of `.json`
/// files first); `since` (an ISO 8601 timestamp) limits the read to statements after it.
pub fn submissions(
    lrs: &Lrs,
    assignment_id: &str,
    since: Option<&str>,
    dir: &Path,
) -> Result<Fetched, Failure> {
    let io_failure = |e: std::io::Error| {
        Failure::new(
            "L009",
            format!(
                "cannot write the submissions read from the LRS into {}: {e}",
                dir.display()
            ),
            "give a writable --out folder",
        )
    };
    fs::create_dir_all(dir).map_err(io_failure)?;
    for e in fs::read_dir(dir).map_err(io_failure)?.flatten() {
        if e.path().extension().is_some_and(|x| x == "json") {
            fs::remove_file(e.path()).map_err(io_failure)?;
        }
    }
    let iri = assignment_iri(assignment_id);
    let mut query = vec![("activity", iri.clone()), ("limit", PAGE.to_string())];
    if let Some(s) = since {
        query.push(("since", s.to_owned()));
    }
    let mut fetched = Fetched::default();
    let mut names = HashSet::new();
    let mut first = lrs.get(&query, None)?;
    if first.statements.is_empty() && first.more.is_none() {
        // Some LRSs (Ralph 5.1 on its file-system backend) match no `activity` at all: read everything.
        query.retain(|(k, _)| *k != "activity");
        first = lrs.get(&query, None)?;
        fetched.filtered_here = true;
    }
    let mut page = Some(first);
    let mut seen_more = HashSet::new();
    while let Some(p) = page.take() {
        fetched.pages += 1;
        fetched.statements += p.statements.len();
        for st in &p.statements {
            if let Some((name, bytes)) = submission_file(st, &iri) {
                let name = unique(&name, &mut names);
                write_atomic(&dir.join(&name), &bytes).map_err(io_failure)?;
                fetched.files += 1;
            }
        }
        if let Some(m) = p.more {
            if fetched.pages >= MAX_PAGES || !seen_more.insert(m.clone()) {
                return Err(Failure::new(
                    "L006",
                    format!(
                        "the LRS's `more` links do not end (page {}: {m})",
                        fetched.pages
                    ),
                    "check that the address is an xAPI 1.0.3 LRS",
                ));
            }
            page = Some(lrs.get(&query, Some(&m))?);
        }
    }
    Ok(fetched)
}

/// The file carried by an assignment statement for `iri`: a safe file name and the sealed submission's bytes.
fn submission_file(st: &Value, iri: &str) -> Option<(String, Vec<u8>)> {
    if st.pointer("/object/id").and_then(Value::as_str) != Some(iri) {
        return None;
    }
    let file = st.get("result")?.get("extensions")?.get(SUBMISSION_FILE)?;
    let name = file
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("submission");
    let sealed = file.get("sealed")?;
    let mut bytes = serde_json::to_vec(sealed).ok()?;
    bytes.push(b'\n');
    Some((safe_name(name), bytes))
}

/// A file name that stays in the folder: no separators, no leading dot, ends in `.json`.
fn safe_name(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_. ".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    s = s.trim_start_matches(['.', ' ']).to_owned();
    if s.is_empty() {
        s = "submission".to_owned();
    }
    if !s.to_ascii_lowercase().ends_with(".json") {
        s.push_str(".json");
    }
    s
}

/// `name`, or `name` with `-2`, `-3`, … before `.json` when taken.
fn unique(name: &str, taken: &mut HashSet<String>) -> String {
    let stem = &name[..name.len() - 5];
    let mut candidate = name.to_owned();
    let mut n = 1;
    while !taken.insert(candidate.clone()) {
        n += 1;
        candidate = format!("{stem}-{n}.json");
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_an_lrs_stay_inside_the_folder() {
        assert_eq!(safe_name("../../etc/passwd"), "-..-etc-passwd.json");
        assert_eq!(safe_name(".hidden.json"), "hidden.json");
        assert_eq!(safe_name(""), "submission.json");
        let mut t = HashSet::new();
        assert_eq!(unique("a.json", &mut t), "a.json");
        assert_eq!(unique("a.json", &mut t), "a-2.json");
    }
}
