//! Taking in submission files one at a time: verify each, and say why one cannot be counted (edited,
//! truncated, unreadable, for another assignment, a duplicate) instead of dropping it.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::assign::bundle::Submission;
use crate::assign::seal::{Opened, Problem, open};

/// A file that was read but not counted, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// The file name (within the submissions folder).
    pub file: String,
    /// edited, truncated, unreadable, not_a_submission, other_assignment or duplicate.
    pub kind: &'static str,
    /// The reason in words.
    pub reason: String,
    /// The pseudonym, when the file could be read.
    pub pseudonym: Option<String>,
    /// The assignment id, when the file could be read.
    pub assignment: Option<String>,
}

/// Files larger than this are not read: a submission of three long vignettes with ten attempts each is a few
/// megabytes, so anything this big is not one (and reading it would defeat the bounded memory).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a regular file, at most `MAX_FILE_BYTES` of it whatever size it reports (`files::read_capped`).
pub fn read(path: &Path) -> io::Result<Vec<u8>> {
    crate::files::read_capped(path, MAX_FILE_BYTES)
}

/// Verifies one file's contents (or the error reading it) on its own: readable, a submission, checksum
/// intact, and (with `expect`) for that assignment. Needs no other file, so files can be checked in parallel.
pub fn check(
    file: &str,
    bytes: io::Result<Vec<u8>>,
    expect: Option<&str>,
) -> Result<Opened, Rejected> {
    let reject = |kind, reason: String| Rejected {
        file: file.to_owned(),
        kind,
        reason,
        pseudonym: None,
        assignment: None,
    };
    let bytes = bytes.map_err(|e| reject("unreadable", format!("unreadable: {e}")))?;
    if bytes.is_empty() {
        return Err(reject(
            "truncated",
            "truncated: the file is empty".to_owned(),
        ));
    }
    let opened = open(&bytes).map_err(|p| {
        let mut r = reject(p.kind(), p.to_string());
        // An edited file still names its author (as it now claims): say who, so the educator can ask.
        if let Problem::Edited {
            pseudonym,
            assignment,
            ..
        } = p
        {
            r.pseudonym = Some(pseudonym);
            r.assignment = Some(assignment);
        }
        r
    })?;
    let s = &opened.submission;
    if let Some(want) = expect
        && s.assignment.id != want
    {
        return Err(Rejected {
            file: file.to_owned(),
            kind: "other_assignment",
            reason: format!(
                "for another assignment: `{}`, not `{want}`",
                s.assignment.id
            ),
            pseudonym: Some(s.pseudonym.clone()),
            assignment: Some(s.assignment.id.clone()),
        });
    }
    Ok(opened)
}

/// Admits verified submissions in file order, remembering only what it needs to spot duplicates (a digest
/// and a pseudonym per submission), never the submissions themselves.
#[derive(Default)]
pub struct Intake {
    by_digest: HashMap<[u8; 32], String>,
    by_student: HashMap<(String, String), String>,
}

impl Intake {
    /// Counts `opened` unless an earlier file had the same content, or the same pseudonym handed in for the same
    /// assignment before.
    pub fn admit(&mut self, file: &str, opened: Opened) -> Result<Submission, Rejected> {
        let s = opened.submission;
        let reject = |reason: String, s: &Submission| Rejected {
            file: file.to_owned(),
            kind: "duplicate",
            reason,
            pseudonym: Some(s.pseudonym.clone()),
            assignment: Some(s.assignment.id.clone()),
        };
        if let Some(first) = self.by_digest.get(&opened.digest) {
            return Err(reject(
                format!("duplicate: the same content as {first}"),
                &s,
            ));
        }
        let key = (s.assignment.id.clone(), s.pseudonym.clone());
        if let Some(first) = self.by_student.get(&key) {
            return Err(reject(
                format!(
                    "duplicate: a second submission by `{}` for `{}`; {first} is counted",
                    s.pseudonym, s.assignment.id
                ),
                &s,
            ));
        }
        self.by_digest.insert(opened.digest, file.to_owned());
        self.by_student.insert(key, file.to_owned());
        Ok(s)
    }
}

/// The `.json` files directly in `dir`, sorted by name, and how many other files were there. A `.json` entry
/// that is not a regular file (a pipe, a device) is listed too: reading it refuses it with the reason.
pub fn list(dir: &Path) -> io::Result<(Vec<PathBuf>, usize)> {
    let mut files = Vec::new();
    let mut others = 0;
    for e in fs::read_dir(dir)? {
        let e = e?;
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if p.is_dir() || name.starts_with('.') {
            continue;
        }
        if p.extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("json"))
        {
            files.push(p);
        } else {
            others += 1;
        }
    }
    files.sort();
    Ok((files, others))
}
