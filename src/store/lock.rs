//! The lock that keeps an attempt open in one place at a time: a `<file>.lock` beside it, created with
//! `create_new`, holding the owner's pid and start time; a lock whose process is gone is taken over.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Who holds a lock, as its file says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    /// The owner's process id.
    pub pid: u32,
    /// When the owner took the lock (seconds since the Unix epoch).
    pub since: u64,
    /// The owner's process start time as the system counts it (Linux: clock ticks since boot), so a pid reused
    /// by another program after a crash is not mistaken for the owner. `None` where it cannot be read.
    pub process_start: Option<u64>,
}

/// Why an attempt could not be locked.
#[derive(Debug)]
pub enum LockError {
    /// Another live process has the attempt open.
    Live {
        /// The lock file.
        lock: PathBuf,
        /// Who holds it.
        owner: Owner,
    },
    /// The lock file could not be created or read.
    Io {
        /// The lock file.
        lock: PathBuf,
        /// What the file system said.
        source: io::Error,
    },
}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockError::Live { lock, owner } => write!(
                f,
                "this attempt is open in another Alliance (process {}, since {})\n  = hint: go on with it there; \
                 if that program is gone but its process number is in use again, delete {}",
                owner.pid,
                super::utc_stamp(owner.since),
                lock.display()
            ),
            LockError::Io { lock, source } => {
                write!(f, "cannot lock the attempt ({}): {source}", lock.display())
            }
        }
    }
}

impl std::error::Error for LockError {}

/// An attempt held open by this process; dropping it removes the lock file.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    /// The lock of a process that was gone, taken over when this one was taken.
    pub took_over: Option<Owner>,
}

impl Lock {
    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Only our own lock is removed: a lock taken over from us (we were thought gone) is left alone.
        if read_owner(&self.path).is_some_and(|o| o.pid == std::process::id()) {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// The lock file of the attempt at `path`: `<file name>.lock` in the same folder.
pub fn lock_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".lock");
    path.with_file_name(name)
}

/// Locks the attempt at `path` for this process. A lock left by a process that is gone is taken over
/// (`took_over` says whose); a live one is refused with its owner.
pub fn lock(path: &Path) -> Result<Lock, LockError> {
    let lock = lock_path(path);
    let io = |source| LockError::Io {
        lock: lock.clone(),
        source,
    };
    let mut took_over = None;
    for _ in 0..3 {
        match OpenOptions::new().write(true).create_new(true).open(&lock) {
            Ok(mut f) => {
                let me = Owner {
                    pid: std::process::id(),
                    since: super::now(),
                    process_start: process_start(std::process::id()),
                };
                f.write_all(render(&me).as_bytes())
                    .and_then(|()| f.sync_all())
                    .map_err(io)?;
                return Ok(Lock {
                    path: lock,
                    took_over,
                });
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => match holder(&lock) {
                Holder::Live(owner) => return Err(LockError::Live { lock, owner }),
                Holder::Gone(owner) => {
                    // The owner is gone (killed, crashed): its lock no longer protects anything.
                    match fs::remove_file(&lock) {
                        Ok(()) => took_over = owner,
                        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                        Err(e) => return Err(io(e)),
                    }
                }
            },
            Err(e) => return Err(io(e)),
        }
    }
    Err(io(io::Error::other(
        "the lock changed hands while it was being taken; try again",
    )))
}

/// Whether the attempt at `path` is open in a live process (this one included). The desktop does not offer
/// to resume such an attempt.
pub fn is_live(path: &Path) -> bool {
    matches!(holder(&lock_path(path)), Holder::Live(_))
}

enum Holder {
    Live(Owner),
    /// No lock, or one whose process is gone (`None`: unreadable or empty, and old).
    Gone(Option<Owner>),
}

/// How long an empty or unreadable lock file is taken as one being written (its owner between `create_new`
/// and the write) before it counts as left by a crash.
const UNWRITTEN_GRACE_SECS: u64 = 10;

fn holder(lock: &Path) -> Holder {
    let Ok(meta) = fs::metadata(lock) else {
        return Holder::Gone(None);
    };
    match read_owner(lock) {
        Some(o) if alive(&o) => Holder::Live(o),
        Some(o) => Holder::Gone(Some(o)),
        None => {
            let age = meta
                .modified()
                .ok()
                .and_then(|m| m.elapsed().ok())
                .map_or(u64::MAX, |d| d.as_secs());
            if age < UNWRITTEN_GRACE_SECS {
                Holder::Live(Owner {
                    pid: 0,
                    since: super::now(),
                    process_start: None,
                })
            } else {
                Holder::Gone(None)
            }
        }
    }
}

fn render(o: &Owner) -> String {
    let mut s = format!("pid {}\nsince {}\n", o.pid, o.since);
    if let Some(t) = o.process_start {
        s.push_str(&format!("process_start {t}\n"));
    }
    s
}

fn read_owner(lock: &Path) -> Option<Owner> {
    let text = fs::read_to_string(lock).ok()?;
    let field = |key: &str| {
        text.lines()
            .filter_map(|l| l.split_once(' '))
            .find(|(k, _)| *k == key)
            .and_then(|(_, v)| v.trim().parse::<u64>().ok())
    };
    Some(Owner {
        pid: u32::try_from(field("pid")?).ok()?,
        since: field("since")?,
        process_start: field("process_start"),
    })
}

/// Whether the lock's owner still runs: its pid exists and, where the system says, started when the lock says.
fn alive(o: &Owner) -> bool {
    if o.pid == std::process::id() {
        return true;
    }
    match (process_start(o.pid), o.process_start) {
        (Some(now), Some(then)) => now == then,
        (Some(_), None) => true,
        (None, _) => pid_exists(o.pid),
    }
}

/// A process's start time from `/proc/<pid>/stat` (field 22; Linux only).
fn process_start(pid: u32) -> Option<u64> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its `)`.
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.split_whitespace().nth(19)?.parse().ok()
}

/// Whether a process with this id runs (this one always does).
pub(super) fn pid_running(pid: u32) -> bool {
    pid == std::process::id() || pid_exists(pid)
}

/// Whether a process with this id exists, where `/proc` cannot say.
fn pid_exists(pid: u32) -> bool {
    if Path::new("/proc/self").exists() {
        return Path::new(&format!("/proc/{pid}")).exists();
    }
    #[cfg(unix)]
    {
        std::process::Command::new("kill")
            .args(["-0", &pid.to_string()])
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }
    #[cfg(not(unix))]
    {
        std::process::Command::new("tasklist")
            .args(["/FI", &format!("PID eq {pid}"), "/NH"])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).contains(&pid.to_string()))
            // Cannot tell: assume it runs (the message says how to remove the lock by hand).
            .unwrap_or(true)
    }
}
