//! Taking in submission files one at a time: verify each, and say why one cannot be counted (edited,
//! truncated, unreadable, for another assignment, a duplicate, replaced by a newer one) instead of dropping it.

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
    /// edited, truncated, unreadable, not_a_submission, other_assignment, duplicate or superseded.
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
    /// For each (assignment, pseudonym) handed in more than once: the newest file, found before counting.
    newest: HashMap<(String, String), Newest>,
}

/// The newest of several submissions by one student for one assignment, and the earlier ones it replaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Newest {
    /// The file counted.
    pub file: String,
    /// When it was submitted (Unix time).
    pub submitted_at: u64,
    /// The earlier files it replaces (verified, with other content), in file order.
    pub superseded: Vec<String>,
}

/// What a file says about who handed it in, read without verifying it (`newest_of` verifies the few that
/// matter).
#[derive(serde::Deserialize)]
struct Claim {
    content: ClaimContent,
}

#[derive(serde::Deserialize)]
struct ClaimContent {
    pseudonym: String,
    assignment: ClaimAssignment,
}

#[derive(serde::Deserialize)]
struct ClaimAssignment {
    id: String,
}

/// Before counting: which students handed in more than once for the same assignment, and which of their files is
/// the newest that verifies (latest `submitted_at`; on a tie, the first by name). Every file is read once lightly;
/// only the files of a student with more than one are verified here.
pub fn newest_of(files: &[PathBuf], expect: Option<&str>) -> HashMap<(String, String), Newest> {
    let name = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    fn claim(path: &PathBuf) -> Option<((String, String), &PathBuf)> {
        let c = serde_json::from_slice::<Claim>(&read(path).ok()?).ok()?;
        Some(((c.content.assignment.id, c.content.pseudonym), path))
    }
    // Read on up to four threads (as the files are counted), each taking every n-th file.
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4);
    let claims: Vec<((String, String), &PathBuf)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    files
                        .iter()
                        .skip(t)
                        .step_by(threads)
                        .filter_map(claim)
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let mut by_student: HashMap<(String, String), Vec<&PathBuf>> = HashMap::new();
    for (key, path) in claims {
        by_student.entry(key).or_default().push(path);
    }
    let mut out = HashMap::new();
    for (key, paths) in by_student.into_iter().filter(|(_, p)| p.len() > 1) {
        // (submitted_at, file, digest) of each file that verifies and says what the light read said.
        let mut verified: Vec<(u64, String, [u8; 32])> = paths
            .iter()
            .filter_map(|p| {
                let file = name(p);
                let o = check(&file, read(p), expect).ok()?;
                let s = &o.submission;
                ((s.assignment.id.as_str(), s.pseudonym.as_str())
                    == (key.0.as_str(), key.1.as_str()))
                    .then_some((s.submitted_at, file, o.digest))
            })
            .collect();
        verified.sort_by(|a, b| a.1.cmp(&b.1));
        let Some(best) = verified
            .iter()
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
            .cloned()
        else {
            continue;
        };
        let superseded = verified
            .iter()
            .filter(|v| v.1 != best.1 && v.2 != best.2)
            .map(|v| v.1.clone())
            .collect();
        out.insert(
            key,
            Newest {
                file: best.1,
                submitted_at: best.0,
                superseded,
            },
        );
    }
    out
}

impl Intake {
    /// Takes in files knowing, for students who handed in more than once, which file is the newest (`newest_of`).
    pub fn new(newest: HashMap<(String, String), Newest>) -> Intake {
        Intake {
            newest,
            ..Intake::default()
        }
    }

    /// The earlier files the counted `file` replaces.
    pub fn superseded_by(&self, file: &str, s: &Submission) -> Vec<String> {
        let key = (s.assignment.id.clone(), s.pseudonym.clone());
        self.newest
            .get(&key)
            .filter(|n| n.file == file)
            .map(|n| n.superseded.clone())
            .unwrap_or_default()
    }

    /// Counts `opened` unless an earlier file had the same content, a newer submission by the same pseudonym for
    /// the same assignment is in the folder, or the same pseudonym handed in for the same assignment before.
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
        if let Some(newer) = self.newest.get(&key).filter(|n| n.file != file) {
            return Err(Rejected {
                file: file.to_owned(),
                kind: "superseded",
                reason: format!(
                    "superseded: `{}` handed in again for `{}`; the newer submission, {} (submitted {}), is counted",
                    s.pseudonym,
                    s.assignment.id,
                    newer.file,
                    crate::cohort::iso8601::timestamp(newer.submitted_at)
                ),
                pseudonym: Some(s.pseudonym.clone()),
                assignment: Some(s.assignment.id.clone()),
            });
        }
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
