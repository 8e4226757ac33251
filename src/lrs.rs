//! Results into a Learning Record Store (docs/lrs.md): a class's xAPI statements posted in batches with a
//! durable outbox, so an interrupted send resumes and nothing is stored twice, and read back for a report.

pub mod auth;
pub mod client;
pub mod courier;
pub mod fetch;
pub mod outbox;
pub mod send;

pub use auth::{AUTH_ENV, Credentials};
pub use client::{Failure, Lrs};
pub use outbox::Outbox;
pub use send::{Sender, Tally};
