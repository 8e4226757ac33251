//! A student's statements on their way to the assignment's LRS: each group is queued on disk first (offline
//! first: nothing is lost while the LRS cannot be reached), then a background thread sends the queue, so
//! play never waits on the network; a group leaves the queue only once the LRS confirmed it.

use std::io;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::cohort::Formatted;
use crate::lrs::auth::Credentials;
use crate::lrs::client::{Failure, Lrs};
use crate::lrs::outbox::{Outbox, folder_for};
use crate::lrs::send::{DEFAULT_BATCH, Sender, Tally};

/// Sends queued statements to one LRS in the background.
pub struct Courier {
    endpoint: String,
    credentials: Option<Credentials>,
    dir: PathBuf,
    worker: Option<JoinHandle<Result<Tally, Failure>>>,
    /// Another send was asked for while one was running.
    again: bool,
    sent: usize,
    already: usize,
    last_failure: Option<Failure>,
}

/// How the sending ended.
#[derive(Debug)]
pub enum Delivery {
    /// Everything queued was confirmed: statements stored now, and already there.
    Sent(usize, usize),
    /// Some statements wait in the queue (the reason, when a send failed; none when there are no credentials
    /// or the wait ran out).
    Queued(usize, Option<Failure>),
}

/// How the sending stands (`Courier::status`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// Statements the LRS confirmed in this run (stored now or already there).
    pub sent: usize,
    /// Statements waiting in the queue on disk.
    pub waiting: usize,
    /// A send is running in the background.
    pub sending: bool,
    /// Why the last send stopped, or why nothing is sent.
    pub problem: Option<String>,
}

impl Courier {
    /// A courier for `endpoint`, queueing under `data_dir/lrs-outbox/`; without credentials it only queues.
    pub fn new(
        endpoint: &str,
        credentials: Option<Credentials>,
        data_dir: &Path,
    ) -> io::Result<Courier> {
        let dir = data_dir.join("lrs-outbox").join(folder_for(endpoint));
        Outbox::open(&dir)?;
        Ok(Courier {
            endpoint: endpoint.to_owned(),
            credentials,
            dir,
            worker: None,
            again: false,
            sent: 0,
            already: 0,
            last_failure: None,
        })
    }

    /// The queue's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes a group of statements into the queue (atomically; it survives a kill from here on).
    pub fn queue(&mut self, statements: &[Formatted]) -> io::Result<()> {
        Outbox::open(&self.dir)?.queue(statements).map(drop)
    }

    /// Starts sending the queue in the background, unless a send is running (then it runs again after).
    pub fn send(&mut self) {
        self.collect();
        if self.worker.is_some() {
            self.again = true;
            return;
        }
        let Some(credentials) = self.credentials.clone() else {
            return;
        };
        let (endpoint, dir) = (self.endpoint.clone(), self.dir.clone());
        self.again = false;
        self.worker = Some(std::thread::spawn(move || {
            let lrs = Lrs::new(&endpoint, &credentials)?;
            let mut outbox = Outbox::open(&dir).map_err(|e| {
                Failure::new(
                    "L009",
                    format!("cannot open the outbox {}: {e}", dir.display()),
                    "",
                )
            })?;
            let mut sender = Sender::new(&lrs, &mut outbox, DEFAULT_BATCH);
            sender.send_queued()?;
            let (tally, flushed) = sender.finish();
            flushed.map(|()| tally)
        }));
    }

    /// Takes in the result of a finished send (and starts the one asked for meanwhile).
    fn collect(&mut self) {
        if !self.worker.as_ref().is_some_and(JoinHandle::is_finished) {
            return;
        }
        let Some(w) = self.worker.take() else {
            return;
        };
        match w.join() {
            Ok(Ok(t)) => {
                self.sent += t.sent;
                self.already += t.already + t.conflicts.len();
                self.last_failure = None;
            }
            Ok(Err(f)) => self.last_failure = Some(f),
            Err(_) => {
                self.last_failure = Some(Failure::new(
                    "L006",
                    "the sending thread failed".to_owned(),
                    "",
                ));
            }
        }
        if std::mem::take(&mut self.again) {
            self.send();
        }
    }

    /// How the sending stands now, without waiting: confirmed so far, waiting in the queue, whether a send
    /// runs, and why the last one stopped (or that nothing is sent without credentials).
    pub fn status(&mut self) -> Status {
        self.collect();
        let waiting = Outbox::open(&self.dir)
            .and_then(|o| o.queued())
            .map(|q| q.iter().map(|(_, s)| s.len()).sum())
            .unwrap_or(0);
        let problem = match (&self.last_failure, &self.credentials) {
            (Some(f), _) => Some(f.message.clone()),
            (None, None) if waiting > 0 => Some("no key to send with".to_owned()),
            _ => None,
        };
        Status {
            sent: self.sent + self.already,
            waiting,
            sending: self.worker.is_some(),
            problem,
        }
    }

    /// Waits at most `wait` for the sending to end, and says how it stands. Whatever is not confirmed stays
    /// queued on disk for the next run.
    pub fn finish(mut self, wait: Duration) -> Delivery {
        let deadline = Instant::now() + wait;
        loop {
            self.collect();
            if self.worker.is_none() || Instant::now() >= deadline {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let left = Outbox::open(&self.dir)
            .and_then(|o| o.queued())
            .map(|q| q.iter().map(|(_, s)| s.len()).sum())
            .unwrap_or(0);
        if left == 0 && self.worker.is_none() {
            Delivery::Sent(self.sent, self.already)
        } else {
            Delivery::Queued(left, self.last_failure.take())
        }
    }
}
