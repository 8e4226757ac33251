//! Where attempts live on disk: the user's data directory, atomic writes, one file per attempt.
//! A crash or kill mid-session loses at most the turn in progress: the transcript is rewritten after each turn.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::engine::Transcript;

pub mod lock;
mod sweep;

pub use crate::files::{MAX_TEXT_BYTES, read_capped, read_text};
pub use lock::{Lock, LockError, is_live};
pub use sweep::sweep;

/// Environment variable that overrides the data directory (tests, portable installs).
pub const DATA_DIR_ENV: &str = "ALLIANCE_DATA_DIR";

/// The data directory: `$ALLIANCE_DATA_DIR`, else the platform's (e.g. `~/.local/share/alliance` on Linux).
pub fn data_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    directories::ProjectDirs::from("org", "Alliance", "alliance")
        .map(|p| p.data_dir().to_path_buf())
}

/// Where transcripts are saved.
pub fn transcripts_dir(data: &Path) -> PathBuf {
    data.join("transcripts")
}

/// Where `alliance play --assignment` writes submission bundles.
pub fn submissions_dir(data: &Path) -> PathBuf {
    data.join("submissions")
}

/// Where the educator's own vignettes are loaded from.
pub fn vignettes_dir(data: &Path) -> PathBuf {
    data.join("vignettes")
}

/// Seconds since the Unix epoch.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Reserves a new, unique file for an attempt (`<vignette>-<UTC time>[-n].json`), never reusing another's.
pub fn new_attempt_path(dir: &Path, vignette_id: &str, now: u64) -> io::Result<PathBuf> {
    fs::create_dir_all(dir)?;
    let stamp = utc_stamp(now);
    for n in 0..10_000u32 {
        let name = if n == 0 {
            format!("{vignette_id}-{stamp}.json")
        } else {
            format!("{vignette_id}-{stamp}-{n}.json")
        };
        let path = dir.join(name);
        // create_new fails if the file exists, so two attempts never share a file.
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(_) => return Ok(path),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other(
        "could not find a free file name for the attempt",
    ))
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, flushed, then renamed over.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes)?;
    f.commit().map(drop)
}

/// A file written in pieces that appears whole or not at all: it is written under a temporary name in the
/// same folder and renamed over `path` by `commit`. Dropped uncommitted, or when `commit` fails, the temporary
/// file is removed, so a failed save never leaves a half-written file filling the disk.
pub struct AtomicFile {
    tmp: PathBuf,
    path: PathBuf,
    /// `None` once committed.
    out: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Starts writing `path` (its folder is created if needed).
    pub fn create(path: &Path) -> io::Result<AtomicFile> {
        let dir = path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "save".to_owned());
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        Ok(AtomicFile {
            out: Some(BufWriter::with_capacity(1 << 16, File::create(&tmp)?)),
            tmp,
            path: path.to_path_buf(),
        })
    }

    /// Flushes to disk and renames the file into place; returns its path. On failure the temporary file is
    /// removed and `path` is as it was.
    pub fn commit(mut self) -> io::Result<PathBuf> {
        let out = self
            .out
            .take()
            .ok_or_else(|| io::Error::other("already committed"))?;
        let done = out
            .into_inner()
            .map_err(|e| e.into_error())
            .and_then(|file| file.sync_all())
            .and_then(|()| fs::rename(&self.tmp, &self.path));
        match done {
            Ok(()) => Ok(self.path.clone()),
            Err(e) => {
                let _ = fs::remove_file(&self.tmp);
                Err(e)
            }
        }
    }

    fn out(&mut self) -> io::Result<&mut BufWriter<File>> {
        self.out
            .as_mut()
            .ok_or_else(|| io::Error::other("already committed"))
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.out.take().is_some() {
            // Never committed (a write failed, or the writer gave up): the temporary file is worthless.
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out()?.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out()?.flush()
    }
}

/// Why an attempt is not (fully) on disk; each message says what the disk does and does not hold.
#[derive(Debug)]
pub enum SaveError {
    /// There is no data directory, so no attempt is saved.
    NoDataDir,
    /// No file could be reserved for the attempt in this folder.
    Reserve {
        /// The transcripts folder.
        dir: PathBuf,
        /// What the file system said.
        source: io::Error,
    },
    /// The attempt's file could not be rewritten after a turn.
    Write {
        /// The attempt's file.
        path: PathBuf,
        /// What the file system said.
        source: io::Error,
        /// The replies the file still holds from the last save that worked (`None`: no save worked yet).
        on_disk: Option<usize>,
    },
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SaveError::NoDataDir => write!(
                f,
                "attempts are not saved: there is no data directory (set {DATA_DIR_ENV}); nothing of this \
                 attempt is on disk"
            ),
            SaveError::Reserve { dir, source } => write!(
                f,
                "attempts are not saved: cannot write in {}: {source}; nothing of this attempt is on disk",
                dir.display()
            ),
            SaveError::Write {
                path,
                source,
                on_disk,
            } => {
                write!(
                    f,
                    "could not save the attempt to {}: {source}; ",
                    path.display()
                )?;
                match on_disk {
                    None => write!(f, "nothing of this attempt is on disk yet"),
                    Some(0) => write!(
                        f,
                        "the file holds the opening only (the replies since are not on disk)"
                    ),
                    Some(n) => write!(
                        f,
                        "the file holds the first {n} repl{} (the ones since are not on disk)",
                        if *n == 1 { "y" } else { "ies" }
                    ),
                }
            }
        }
    }
}

impl std::error::Error for SaveError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SaveError::NoDataDir => None,
            SaveError::Reserve { source, .. } | SaveError::Write { source, .. } => Some(source),
        }
    }
}

/// Saves a transcript atomically as pretty JSON.
pub fn save_transcript(path: &Path, t: &Transcript) -> io::Result<()> {
    let json = serde_json::to_vec_pretty(t).map_err(io::Error::other)?;
    write_atomic(path, &json)
}

/// Reads a transcript, explaining what is wrong with a corrupt or foreign file (with line and column).
pub fn load_transcript(path: &Path) -> Result<Transcript, String> {
    let text = read_text(path, MAX_TEXT_BYTES)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let t: Transcript = serde_json::from_str(&text).map_err(|e| {
        format!(
            "{}:{}:{}: not a readable Alliance transcript: {e}\n  = hint: the file may be truncated or edited; \
             other attempts are unaffected",
            path.display(),
            e.line(),
            e.column()
        )
    })?;
    if !crate::engine::transcript::READABLE.contains(&t.format.as_str()) {
        return Err(format!(
            "{}: transcript format `{}` is not one of {}\n  = hint: it was written by another version of Alliance",
            path.display(),
            t.format,
            crate::engine::transcript::READABLE.join(", ")
        ));
    }
    if let Some(n) = crate::engine::sense::nonsense(&t) {
        let line = n.turn.and_then(|k| line_of_turn(&text, k)).unwrap_or(1);
        return Err(format!(
            "{}:{line}: `{}`: {}\n  = hint: the file was edited or damaged after Alliance wrote it; nothing in it is \
             shown, and other attempts are unaffected",
            path.display(),
            n.field,
            n.message
        ));
    }
    Ok(t)
}

/// The line (1-based) where turn `k` starts in a transcript's JSON text, if it can be found.
pub fn line_of_turn(text: &str, k: u32) -> Option<usize> {
    let turns = text.find("\"turns\"")?;
    let mut at = turns;
    while let Some(i) = text[at..].find("\"turn\"") {
        let pos = at + i;
        let rest = text[pos + 6..].trim_start().strip_prefix(':')?.trim_start();
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if digits.parse::<u32>().ok() == Some(k) {
            return Some(text[..pos].matches('\n').count() + 1);
        }
        at = pos + 6;
    }
    None
}

/// Every saved transcript in `dir` (newest name last), with those that failed to load and why.
pub fn list_transcripts(dir: &Path) -> (Vec<(PathBuf, Transcript)>, Vec<String>) {
    let mut ok = Vec::new();
    let mut bad = Vec::new();
    let Ok(rd) = fs::read_dir(dir) else {
        return (ok, bad);
    };
    let mut paths: Vec<PathBuf> = rd
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    for p in paths {
        // A reserved file that was never written (killed before the first save) is empty: not an attempt.
        if fs::metadata(&p).is_ok_and(|m| m.len() == 0) {
            continue;
        }
        match load_transcript(&p) {
            Ok(t) => ok.push((p, t)),
            Err(e) => bad.push(e),
        }
    }
    (ok, bad)
}

/// `20261123T074501Z` for a Unix time (UTC), without a date-time dependency (Howard Hinnant's civil_from_days).
pub fn utc_stamp(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}
