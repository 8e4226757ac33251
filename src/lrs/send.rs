//! Sending statements in batches: groups already confirmed (by the outbox) are skipped, a batch is recorded
//! in the outbox only after the LRS confirmed it, and an LRS's "already stored" counts as sent.

use crate::cohort::Formatted;
use crate::lrs::client::{Failure, Lrs, Posted};
use crate::lrs::outbox::{Outbox, key};

/// Statements per POST unless told otherwise: large enough that the round trips do not dominate, small
/// enough that a refused or interrupted batch is little to redo.
pub const DEFAULT_BATCH: usize = 500;

/// A request also ends before it would pass this many bytes (each submission's own statement carries its file,
/// tens of kilobytes), so no batch meets an LRS's or a proxy's request size limit; one larger group goes alone.
pub const MAX_BATCH_BYTES: usize = 4 * 1024 * 1024;

/// A test hook: after this many batches were confirmed by the LRS, and before the outbox records the last, the
/// process stops as if killed (a resumed run must then store nothing twice).
pub const STOP_AFTER_ENV: &str = "ALLIANCE_LRS_TEST_STOP_AFTER_BATCHES";

/// What a send did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tally {
    /// Statements the LRS stored now.
    pub sent: usize,
    /// Statements the LRS already had, identical (counted as sent).
    pub already: usize,
    /// Statements skipped because the outbox records them as confirmed by an earlier run.
    pub earlier: usize,
    /// Statements the LRS has under the same id with other content: (id, its words). Not sent again.
    pub conflicts: Vec<(String, String)>,
    /// Batches posted.
    pub batches: usize,
}

/// Sends groups of statements (a submission's, an attempt's) through an outbox.
pub struct Sender<'a> {
    lrs: &'a Lrs,
    outbox: &'a mut Outbox,
    batch: usize,
    pending: Vec<Formatted>,
    pending_bytes: usize,
    keys: Vec<String>,
    queued: Vec<String>,
    tally: Tally,
    stop_after: Option<usize>,
}

impl<'a> Sender<'a> {
    /// A sender posting `batch` statements at a time (at least one).
    pub fn new(lrs: &'a Lrs, outbox: &'a mut Outbox, batch: usize) -> Sender<'a> {
        Sender {
            lrs,
            outbox,
            batch: batch.max(1),
            pending: Vec::new(),
            pending_bytes: 0,
            keys: Vec::new(),
            queued: Vec::new(),
            tally: Tally::default(),
            stop_after: std::env::var(STOP_AFTER_ENV)
                .ok()
                .and_then(|v| v.parse().ok()),
        }
    }

    /// What was done so far.
    pub fn tally(&self) -> &Tally {
        &self.tally
    }

    /// Adds a group; posts when a batch is full. A group the outbox records as confirmed is skipped.
    pub fn offer(&mut self, statements: &[Formatted]) -> Result<(), Failure> {
        let k = key(statements);
        if self.outbox.is_sent(&k) || self.keys.contains(&k) {
            self.tally.earlier += statements.len();
            return Ok(());
        }
        self.make_room(statements)?;
        self.pending_bytes += bytes(statements);
        self.pending.extend_from_slice(statements);
        self.keys.push(k);
        if self.pending.len() >= self.batch {
            self.flush()?;
        }
        Ok(())
    }

    /// Posts what is pending first if `next` would take the request past [`MAX_BATCH_BYTES`].
    fn make_room(&mut self, next: &[Formatted]) -> Result<(), Failure> {
        if !self.pending.is_empty() && self.pending_bytes + bytes(next) > MAX_BATCH_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    /// Sends everything queued in the outbox (each group removed once confirmed).
    pub fn send_queued(&mut self) -> Result<(), Failure> {
        let groups = self
            .outbox
            .queued()
            .map_err(|e| outbox_failure(self.outbox.dir(), &e))?;
        for (k, statements) in groups {
            self.make_room(&statements)?;
            self.pending_bytes += bytes(&statements);
            self.pending.extend(statements);
            self.queued.push(k);
            if self.pending.len() >= self.batch {
                self.flush()?;
            }
        }
        self.flush()
    }

    /// Posts what is pending, then records it in the outbox.
    pub fn flush(&mut self) -> Result<(), Failure> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.pending);
        let result = self.post_all(&pending);
        if let Err(e) = result {
            self.pending = pending;
            return Err(e);
        }
        self.pending_bytes = 0;
        self.tally.batches += 1;
        if self.stop_after.is_some_and(|n| self.tally.batches >= n) {
            eprintln!(
                "{STOP_AFTER_ENV}: stopping after batch {} as if killed",
                self.tally.batches
            );
            std::process::exit(137);
        }
        let keys = std::mem::take(&mut self.keys);
        self.outbox
            .record_sent(&keys)
            .map_err(|e| outbox_failure(self.outbox.dir(), &e))?;
        for k in std::mem::take(&mut self.queued) {
            self.outbox
                .unqueue(&k)
                .map_err(|e| outbox_failure(self.outbox.dir(), &e))?;
        }
        Ok(())
    }

    /// Flushes; returns the tally and whether the last batch went.
    pub fn finish(mut self) -> (Tally, Result<(), Failure>) {
        let flushed = self.flush();
        (self.tally, flushed)
    }

    /// Posts `list`; a batch the LRS answers with a conflict is halved until the conflicting statements are
    /// found, so the others are still stored.
    fn post_all(&mut self, list: &[Formatted]) -> Result<(), Failure> {
        let mut body = Vec::with_capacity(list.iter().map(|f| f.json.len() + 2).sum::<usize>() + 2);
        body.push(b'[');
        for (i, f) in list.iter().enumerate() {
            if i > 0 {
                body.push(b',');
            }
            body.extend_from_slice(&f.json);
        }
        body.push(b']');
        match self.lrs.post(&body)? {
            Posted::Stored(ids) => {
                let stored = ids.len().min(list.len());
                self.tally.sent += stored;
                self.tally.already += list.len() - stored;
            }
            Posted::AllThere => self.tally.already += list.len(),
            Posted::Conflict(words) if list.len() == 1 => {
                self.tally.conflicts.push((list[0].id.clone(), words));
            }
            Posted::Conflict(_) => {
                let (a, b) = list.split_at(list.len() / 2);
                self.post_all(a)?;
                self.post_all(b)?;
            }
        }
        Ok(())
    }
}

fn outbox_failure(dir: &std::path::Path, e: &std::io::Error) -> Failure {
    Failure::new(
        "L009",
        format!("cannot write the outbox in {}: {e}", dir.display()),
        "the LRS may have the last batch already; fix the folder and run again (nothing is stored twice)",
    )
}

/// The JSON size of a group.
fn bytes(statements: &[Formatted]) -> usize {
    statements.iter().map(|f| f.json.len() + 1).sum()
}
