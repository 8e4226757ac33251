//! The outbox on disk: which statements an LRS has confirmed (`sent/`, one file per confirmed batch naming
//! its submissions) and which wait to be sent (`queued/`, one file per finished attempt). Every file is written
//! whole or not at all (`store::AtomicFile`), so a kill at any moment loses nothing and forges nothing.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::cohort::Formatted;
use crate::store::write_atomic;

/// An outbox folder.
pub struct Outbox {
    dir: PathBuf,
    sent: HashSet<String>,
}

/// A short hex digest of some bytes (names the folder of an endpoint, a batch, a group of statements).
pub fn hex_digest(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The key of a group of statements (a submission's, an attempt's): a digest of their JSON, so a group whose
/// content changed (graded by another assignment, say) is not taken for one already sent.
pub fn key(statements: &[Formatted]) -> String {
    let parts: Vec<&[u8]> = statements.iter().map(|f| f.json.as_slice()).collect();
    hex_digest(&parts)
}

/// The folder name of an endpoint's outbox: the same endpoint always gets the same one.
pub fn folder_for(endpoint: &str) -> String {
    let host: String = endpoint
        .split("://")
        .nth(1)
        .unwrap_or(endpoint)
        .chars()
        .take_while(|c| *c != '/')
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!(
        "{host}-{}",
        &hex_digest(&[endpoint.trim_end_matches('/').as_bytes()])[..8]
    )
}

impl Outbox {
    /// Opens (creating) the outbox in `dir`, reading what was confirmed; leftovers of a killed write
    /// (`.*.tmp`) are removed.
    pub fn open(dir: &Path) -> io::Result<Outbox> {
        let mut sent = HashSet::new();
        for sub in ["sent", "queued"] {
            let d = dir.join(sub);
            fs::create_dir_all(&d)?;
            for e in fs::read_dir(&d)? {
                let p = e?.path();
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if name.starts_with('.') && name.ends_with(".tmp") {
                    let _ = fs::remove_file(&p);
                } else if sub == "sent" && name.ends_with(".txt") {
                    sent.extend(
                        fs::read_to_string(&p)?
                            .lines()
                            .filter(|l| !l.is_empty())
                            .map(str::to_owned),
                    );
                }
            }
        }
        Ok(Outbox {
            dir: dir.to_path_buf(),
            sent,
        })
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// An LRS confirmed the group with this key.
    pub fn is_sent(&self, key: &str) -> bool {
        self.sent.contains(key)
    }

    /// How many groups are recorded as confirmed.
    pub fn sent_groups(&self) -> usize {
        self.sent.len()
    }

    /// Records that an LRS confirmed these groups (one file, written atomically).
    pub fn record_sent(&mut self, keys: &[String]) -> io::Result<()> {
        if keys.is_empty() {
            return Ok(());
        }
        let joined = keys.join("\n");
        let name = format!("{}.txt", hex_digest(&[joined.as_bytes()]));
        write_atomic(
            &self.dir.join("sent").join(name),
            format!("{joined}\n").as_bytes(),
        )?;
        self.sent.extend(keys.iter().cloned());
        Ok(())
    }

    /// Queues a group of statements to send later; returns its key.
    pub fn queue(&self, statements: &[Formatted]) -> io::Result<String> {
        let k = key(statements);
        let mut body = Vec::from(&b"["[..]);
        for (i, f) in statements.iter().enumerate() {
            if i > 0 {
                body.extend_from_slice(b",\n");
            }
            body.extend_from_slice(&f.json);
        }
        body.extend_from_slice(b"]\n");
        write_atomic(&self.dir.join("queued").join(format!("{k}.json")), &body)?;
        Ok(k)
    }

    /// The queued groups, oldest first by name: (key, statements). A file that cannot be read as a JSON array
    /// of statements is named in the error, and left in place.
    pub fn queued(&self) -> io::Result<Vec<(String, Vec<Formatted>)>> {
        let mut files: Vec<PathBuf> = fs::read_dir(self.dir.join("queued"))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort_by_key(|p| fs::metadata(p).and_then(|m| m.modified()).ok());
        let mut out = Vec::new();
        for p in files {
            let k = p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let list: Vec<Value> = serde_json::from_slice(&fs::read(&p)?).map_err(|e| {
                io::Error::other(format!(
                    "{}: not a queued list of statements: {e}",
                    p.display()
                ))
            })?;
            let statements = list
                .into_iter()
                .map(|v| Formatted {
                    id: v
                        .get("id")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                    json: serde_json::to_vec(&v).unwrap_or_default(),
                })
                .collect();
            out.push((k, statements));
        }
        Ok(out)
    }

    /// Removes a queued group once an LRS confirmed it.
    pub fn unqueue(&self, key: &str) -> io::Result<()> {
        match fs::remove_file(self.dir.join("queued").join(format!("{key}.json"))) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(ids: &[&str]) -> Vec<Formatted> {
        ids.iter()
            .map(|id| Formatted {
                id: (*id).to_owned(),
                json: format!("{{\"id\":\"{id}\"}}").into_bytes(),
            })
            .collect()
    }

    #[test]
    fn what_was_confirmed_or_queued_survives_reopening_and_leftovers_go() {
        let d = tempfile::tempdir().unwrap();
        let mut o = Outbox::open(d.path()).unwrap();
        let a = key(&group(&["a"]));
        assert!(!o.is_sent(&a));
        o.record_sent(std::slice::from_ref(&a)).unwrap();
        let q = o.queue(&group(&["b", "c"])).unwrap();
        std::fs::write(d.path().join("queued/.x.json.1.tmp"), b"half").unwrap();

        let o = Outbox::open(d.path()).unwrap();
        assert!(o.is_sent(&a));
        assert!(!d.path().join("queued/.x.json.1.tmp").exists());
        let queued = o.queued().unwrap();
        assert_eq!(queued.len(), 1);
        assert_eq!(queued[0].0, q);
        let ids: Vec<&str> = queued[0].1.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["b", "c"]);
        o.unqueue(&q).unwrap();
        o.unqueue(&q).unwrap();
        assert!(o.queued().unwrap().is_empty());
    }

    #[test]
    fn a_group_whose_content_changed_is_not_taken_for_one_sent() {
        let mut other = group(&["a"]);
        other[0].json.push(b' ');
        assert_ne!(key(&group(&["a"])), key(&other));
        assert_eq!(
            folder_for("https://lrs.example.edu/xAPI/"),
            folder_for("https://lrs.example.edu/xAPI")
        );
        assert!(folder_for("https://lrs.example.edu/xAPI/").starts_with("lrs.example.edu-"));
    }
}
