//! Sealing and opening a submission file: the content in canonical JSON with a SHA-256 checksum over it.
//! The checksum shows a file was edited or cut short after Alliance wrote it; it cannot stop a determined forger.

use std::fmt;
use std::io::{self, Write};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::assign::bundle::{FORMAT, Submission};

/// Why a file is not a countable submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The file ends in the middle of the JSON.
    Truncated(String),
    /// Not JSON at all.
    NotJson(String),
    /// JSON, but not an Alliance submission (another format tag, or none).
    NotASubmission(String),
    /// Tagged as a submission, but its content does not have the submission's shape.
    Malformed(String),
    /// The checksum does not match the content: it was changed after it was written.
    Edited {
        /// The Alliance version the file says wrote it.
        written_by: String,
        /// The pseudonym the file now names.
        pseudonym: String,
        /// The assignment id the file now names.
        assignment: String,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Truncated(at) => write!(f, "truncated: the file ends early ({at})"),
            Problem::NotJson(e) => write!(f, "unreadable: not JSON ({e})"),
            Problem::NotASubmission(e) => write!(f, "not an Alliance submission ({e})"),
            Problem::Malformed(e) => write!(f, "unreadable: not a well-formed submission ({e})"),
            Problem::Edited { written_by, .. } => {
                let this = env!("CARGO_PKG_VERSION");
                if written_by == this {
                    write!(
                        f,
                        "edited: the checksum does not match the content, so it was changed after Alliance wrote it"
                    )
                } else {
                    write!(
                        f,
                        "edited: the checksum does not match the content (it was changed after it was written, or \
                         written by Alliance {written_by}, which this version {this} reads differently)"
                    )
                }
            }
        }
    }
}

impl Problem {
    /// A one-word kind for tables and CSV: truncated, unreadable, not_a_submission, edited.
    pub fn kind(&self) -> &'static str {
        match self {
            Problem::Truncated(_) => "truncated",
            Problem::NotJson(_) | Problem::Malformed(_) => "unreadable",
            Problem::NotASubmission(_) => "not_a_submission",
            Problem::Edited { .. } => "edited",
        }
    }
}

/// A submission read back, with the checksum that verified it.
#[derive(Debug, Clone)]
pub struct Opened {
    /// The content.
    pub submission: Submission,
    /// SHA-256 of the canonical content (identifies identical copies).
    pub digest: [u8; 32],
}

/// A submission as sealed, to write as a file or embed in other JSON (the xAPI assignment statement carries
/// it, docs/lrs.md): `open` verifies either the same way.
#[derive(Serialize)]
pub struct EnvelopeOut<'a> {
    format: &'a str,
    checksum: String,
    content: &'a Submission,
}

/// The sealed envelope of `s` (what [`seal`] writes, as a value).
pub fn envelope(s: &Submission) -> EnvelopeOut<'_> {
    EnvelopeOut {
        format: FORMAT,
        checksum: checksum_text(&digest(s)),
        content: s,
    }
}

#[derive(Deserialize)]
struct EnvelopeIn {
    format: String,
    checksum: String,
    content: Submission,
}

#[derive(Deserialize)]
struct Head {
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    content: Option<HeadContent>,
}

#[derive(Deserialize)]
struct HeadContent {
    #[serde(default)]
    alliance_version: Option<String>,
}

/// SHA-256 of the canonical content: its compact JSON as Alliance serialises it (fields in declared order,
/// no whitespace). Reading a file back and re-serialising gives the same bytes, so re-indenting a file does
/// not change its checksum, but changing any value does.
pub fn digest(s: &Submission) -> [u8; 32] {
    struct HashWriter<'a>(&'a mut Sha256);
    impl Write for HashWriter<'_> {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.update(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let mut h = Sha256::new();
    // Serialising plain data into a writer that cannot fail cannot fail.
    let _ = serde_json::to_writer(HashWriter(&mut h), s);
    let mut out = [0u8; 32];
    out.copy_from_slice(&h.finalize());
    out
}

/// `sha256:` and the digest in lower-case hex.
pub fn checksum_text(d: &[u8; 32]) -> String {
    let hex: String = d.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// The bytes of a submission file: `{"format": …, "checksum": "sha256:…", "content": {…}}` and a newline.
pub fn seal(s: &Submission) -> Vec<u8> {
    let mut v = serde_json::to_vec(&envelope(s)).unwrap_or_default();
    v.push(b'\n');
    v
}

/// Reads a submission file's bytes back and verifies its checksum.
pub fn open(bytes: &[u8]) -> Result<Opened, Problem> {
    if let Some(opened) = open_as_written(bytes) {
        return Ok(opened);
    }
    match serde_json::from_slice::<EnvelopeIn>(bytes) {
        Ok(env) => {
            if env.format != FORMAT {
                return Err(Problem::NotASubmission(format!(
                    "format `{}`, expected `{FORMAT}`",
                    env.format
                )));
            }
            let d = digest(&env.content);
            if checksum_text(&d) != env.checksum {
                return Err(Problem::Edited {
                    written_by: env.content.alliance_version,
                    pseudonym: env.content.pseudonym,
                    assignment: env.content.assignment.id,
                });
            }
            Ok(Opened {
                submission: env.content,
                digest: d,
            })
        }
        Err(e) => Err(explain(bytes, &e)),
    }
}

/// The fast path for a file exactly as `seal` wrote it: its content bytes are already canonical, so they are
/// hashed as they stand and parsed once. Anything else (re-indented, edited, damaged) takes the full path.
fn open_as_written(bytes: &[u8]) -> Option<Opened> {
    const HEAD: &[u8] = b"{\"format\":\"alliance.submission/1\",\"checksum\":\"sha256:";
    const MID: &[u8] = b"\",\"content\":";
    let rest = bytes.strip_prefix(HEAD)?;
    let (hex, rest) = (rest.get(..64)?, rest.get(64..)?);
    let body = rest.strip_prefix(MID)?;
    let body = body.trim_ascii_end().strip_suffix(b"}")?;
    let d: [u8; 32] = Sha256::digest(body).into();
    if checksum_text(&d).as_bytes()[7..] != *hex {
        return None;
    }
    let submission = serde_json::from_slice::<Submission>(body).ok()?;
    Some(Opened {
        submission,
        digest: d,
    })
}

fn explain(bytes: &[u8], e: &serde_json::Error) -> Problem {
    use serde_json::error::Category;
    let at = format!("line {}, column {}", e.line(), e.column());
    match e.classify() {
        Category::Eof => return Problem::Truncated(at),
        Category::Syntax | Category::Io => return Problem::NotJson(format!("{e}")),
        Category::Data => {}
    }
    // Valid JSON of the wrong shape: say whether it is another kind of file or a damaged submission.
    match serde_json::from_slice::<Head>(bytes) {
        Ok(Head {
            format: Some(f), ..
        }) if f == FORMAT => Problem::Malformed(format!("{e}")),
        Ok(Head {
            format: Some(f),
            content,
        }) if f.starts_with("alliance.submission/") => Problem::NotASubmission(format!(
            "format `{f}` from Alliance {}; this version reads `{FORMAT}`",
            content
                .and_then(|c| c.alliance_version)
                .unwrap_or_else(|| "?".to_owned())
        )),
        Ok(Head {
            format: Some(f), ..
        }) => Problem::NotASubmission(format!("format `{f}`, expected `{FORMAT}`")),
        _ => Problem::NotASubmission(format!("no `format` field; {e}")),
    }
}
