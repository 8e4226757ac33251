//! One LRS's `statements` resource over HTTP (ureq, rustls): POST a batch, GET a page; timeouts and 5xx are
//! retried with backoff a bounded number of times, everything else becomes a [`Failure`] with a stable code.

use std::fmt;
use std::thread::sleep;
use std::time::Duration;

use serde_json::Value;

use crate::lrs::auth::Credentials;

/// The xAPI version Alliance speaks (every request says so in `X-Experience-API-Version`).
pub const XAPI_VERSION: &str = "1.0.3";
/// Tries per request: the first and up to four retries, 0.25 s, 0.5 s, 1 s and 2 s apart.
const TRIES: u32 = 5;
const FIRST_BACKOFF: Duration = Duration::from_millis(250);
/// A request that has not been answered in this long is retried (an LRS storing a batch of 500 answers
/// in well under a second).
const TIMEOUT: Duration = Duration::from_secs(60);
/// The largest answer read (a page of statements).
const MAX_ANSWER: u64 = 256 * 1024 * 1024;

/// Why talking to the LRS failed: a stable code, what happened, where, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// L001 credentials refused, L002 not an LRS there, L003 cannot connect, L004 statements refused,
    /// L005 the LRS kept failing, L006 an unreadable answer, L007 a bad endpoint, L008 no credentials.
    pub code: &'static str,
    /// What happened.
    pub message: String,
    /// The URL it happened at (empty when none).
    pub at: String,
    /// What to do about it.
    pub hint: String,
}

impl Failure {
    /// A failure with no URL.
    pub fn new(code: &'static str, message: String, hint: &str) -> Failure {
        Failure {
            code,
            message,
            at: String::new(),
            hint: hint.to_owned(),
        }
    }

    fn at(mut self, url: &str) -> Failure {
        url.clone_into(&mut self.at);
        self
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error[{}]: {}", self.code, self.message)?;
        if !self.at.is_empty() {
            writeln!(f, "  --> {}", self.at)?;
        }
        write!(f, "  = hint: {}", self.hint)
    }
}

/// The LRS's answer to a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Posted {
    /// 200: the ids it stored (the others of the batch it already had, identical).
    Stored(Vec<String>),
    /// 204: it had every statement already.
    AllThere,
    /// 409: it already has a statement with one of these ids that differs; its words.
    Conflict(String),
}

/// A page of statements and the URL of the next (`more`), if any.
pub struct Page {
    /// The statements.
    pub statements: Vec<Value>,
    /// The `more` link, resolved against the endpoint.
    pub more: Option<String>,
}

/// An LRS endpoint with its credentials.
pub struct Lrs {
    base: String,
    statements: String,
    auth: String,
    agent: ureq::Agent,
}

/// One HTTP exchange's outcome before it is judged.
enum Exchange {
    Answer(u16, String),
    Transport(ureq::Error),
}

impl Lrs {
    /// The LRS whose xAPI base is `endpoint` (`https://lrs.example.edu/xAPI/`; a URL that already ends in
    /// `statements` is taken as the resource itself).
    pub fn new(endpoint: &str, credentials: &Credentials) -> Result<Lrs, Failure> {
        let e = endpoint.trim();
        let scheme_ok = e.starts_with("http://") || e.starts_with("https://");
        let host_ok = e
            .split("://")
            .nth(1)
            .is_some_and(|r| !r.is_empty() && !r.starts_with('/'));
        if !scheme_ok || !host_ok || e.contains(char::is_whitespace) {
            return Err(Failure::new(
                "L007",
                format!("`{endpoint}` is not an LRS endpoint"),
                "give the LRS's xAPI address, e.g. https://lrs.example.edu/xAPI/",
            ));
        }
        let trimmed = e.trim_end_matches('/');
        let statements = if trimmed.ends_with("/statements") {
            trimmed.to_owned()
        } else {
            format!("{trimmed}/statements")
        };
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(TIMEOUT))
            .max_redirects(0)
            .build();
        Ok(Lrs {
            base: trimmed.to_owned(),
            statements,
            auth: credentials.header(),
            agent: config.into(),
        })
    }

    /// The `statements` resource's URL.
    pub fn statements_url(&self) -> &str {
        &self.statements
    }

    /// POSTs a JSON array of statements, retrying timeouts, dropped connections and 5xx.
    pub fn post(&self, body: &[u8]) -> Result<Posted, Failure> {
        let url = self.statements.as_str();
        let (status, text) = self.retrying(url, || {
            match self
                .agent
                .post(url)
                .header("X-Experience-API-Version", XAPI_VERSION)
                .header("Authorization", &self.auth)
                .content_type("application/json")
                .send(body)
            {
                Ok(mut r) => Exchange::Answer(r.status().as_u16(), read(&mut r)),
                Err(e) => Exchange::Transport(e),
            }
        })?;
        match status {
            200 => serde_json::from_str::<Vec<String>>(&text)
                .map(Posted::Stored)
                .map_err(|e| unreadable(url, &format!("a list of ids ({e})"), &text)),
            204 => Ok(Posted::AllThere),
            409 => Ok(Posted::Conflict(detail(&text))),
            _ => Err(judge(url, status, &text)),
        }
    }

    /// GETs a page of statements: the first with `query` (name, value pairs), or the `more` URL of the last.
    pub fn get(&self, query: &[(&str, String)], more: Option<&str>) -> Result<Page, Failure> {
        let url = match more {
            Some(m) => self.resolve(m),
            None => self.statements.clone(),
        };
        let (status, text) = self.retrying(&url, || {
            let mut req = self
                .agent
                .get(&url)
                .header("X-Experience-API-Version", XAPI_VERSION)
                .header("Authorization", &self.auth);
            if more.is_none() {
                for (k, v) in query {
                    req = req.query(*k, v);
                }
            }
            match req.call() {
                Ok(mut r) => Exchange::Answer(r.status().as_u16(), read(&mut r)),
                Err(e) => Exchange::Transport(e),
            }
        })?;
        if status != 200 {
            return Err(judge(&url, status, &text));
        }
        let v: Value = serde_json::from_str(&text)
            .map_err(|e| unreadable(&url, &format!("a statement result ({e})"), &text))?;
        let Some(list) = v.get("statements").and_then(Value::as_array) else {
            return Err(unreadable(
                &url,
                "a statement result with `statements`",
                &text,
            ));
        };
        let more = v
            .get("more")
            .and_then(Value::as_str)
            .filter(|m| !m.is_empty())
            .map(str::to_owned);
        Ok(Page {
            statements: list.clone(),
            more,
        })
    }

    /// A `more` link is relative to the LRS's host (`/xAPI/statements?…`) or absolute.
    fn resolve(&self, more: &str) -> String {
        if more.starts_with("http://") || more.starts_with("https://") {
            return more.to_owned();
        }
        let scheme_end = self.base.find("://").map_or(0, |i| i + 3);
        let host_end = self.base[scheme_end..]
            .find('/')
            .map_or(self.base.len(), |i| scheme_end + i);
        let root = &self.base[..host_end];
        if more.starts_with('/') {
            format!("{root}{more}")
        } else {
            format!("{}/{more}", self.base)
        }
    }

    /// Runs `once` until it gives an answer that is not a 5xx or 429, or the tries run out; transport errors
    /// that a restart or a busy network explain (timeouts, resets, refused connections) are retried too.
    fn retrying(
        &self,
        url: &str,
        mut once: impl FnMut() -> Exchange,
    ) -> Result<(u16, String), Failure> {
        let mut wait = FIRST_BACKOFF;
        let mut last = String::new();
        for attempt in 1..=TRIES {
            match once() {
                Exchange::Answer(s, text) if s >= 500 || s == 429 => {
                    last = format!("it answered {s} {}", detail(&text));
                }
                Exchange::Answer(s, text) => return Ok((s, text)),
                Exchange::Transport(e) => {
                    if !transient(&e) {
                        return Err(transport(url, &e));
                    }
                    if attempt == TRIES {
                        return Err(transport(url, &e));
                    }
                    last = e.to_string();
                }
            }
            if attempt < TRIES {
                sleep(wait);
                wait *= 2;
            }
        }
        Err(Failure::new(
            "L005",
            format!("the LRS kept failing ({TRIES} tries): {last}"),
            "the statements not yet confirmed stay in the outbox; run the same command again later",
        )
        .at(url))
    }
}

fn read(r: &mut ureq::http::Response<ureq::Body>) -> String {
    r.body_mut()
        .with_config()
        .limit(MAX_ANSWER)
        .lossy_utf8(true)
        .read_to_string()
        .unwrap_or_default()
}

/// Worth another try: the network or the server may be back in a moment.
fn transient(e: &ureq::Error) -> bool {
    matches!(
        e,
        ureq::Error::Timeout(_)
            | ureq::Error::Io(_)
            | ureq::Error::ConnectionFailed
            | ureq::Error::BodyStalled
    )
}

fn transport(url: &str, e: &ureq::Error) -> Failure {
    let (code, hint) = match e {
        ureq::Error::Timeout(_) => (
            "L005",
            "the LRS did not answer in time; the statements not yet confirmed stay in the outbox: run the same command again later",
        ),
        ureq::Error::HostNotFound => ("L003", "check the endpoint's host name"),
        _ => (
            "L003",
            "check the endpoint's address and port, and that the LRS is running; the statements not yet confirmed stay in the outbox",
        ),
    };
    Failure::new(code, format!("cannot reach the LRS: {e}"), hint).at(url)
}

/// The LRS's own words: a JSON `detail` or `message` when there is one, else the start of the text.
pub fn detail(text: &str) -> String {
    let from_json = serde_json::from_str::<Value>(text).ok().and_then(|v| {
        let d = v.get("detail").or_else(|| v.get("message"))?;
        Some(match d {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    });
    let mut s = from_json.unwrap_or_else(|| text.trim().to_owned());
    if s.chars().count() > 600 {
        s = s.chars().take(600).collect::<String>() + "…";
    }
    printable(&s)
}

/// Control characters (an escape sequence in an answer could rewrite the terminal) shown as `\u{..}`.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() {
                format!("\\u{{{:x}}}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn judge(url: &str, status: u16, text: &str) -> Failure {
    let said = detail(text);
    let (code, message, hint) = match status {
        401 | 403 => (
            "L001",
            format!("the LRS refused the credentials ({status}: {said})"),
            "check the user and password in the credentials file (or ALLIANCE_LRS_AUTH), and that this user may write and read statements",
        ),
        404 | 405 => (
            "L002",
            format!("no xAPI statements resource at this address ({status}: {said})"),
            "give the LRS's xAPI base address, the one that ends before `statements` (often `…/xAPI/`)",
        ),
        400 | 413 | 422 => (
            "L004",
            format!("the LRS refused the statements ({status}): {said}"),
            "nothing of this batch was stored; the statements stay in the outbox. Report the message above with Alliance's version",
        ),
        _ => (
            "L006",
            format!("unexpected answer {status}: {said}"),
            "check that the address is an xAPI 1.0.3 LRS",
        ),
    };
    Failure::new(code, message, hint).at(url)
}

fn unreadable(url: &str, wanted: &str, text: &str) -> Failure {
    Failure::new(
        "L006",
        format!("the LRS's answer is not {wanted}: {}", detail(text)),
        "check that the address is an xAPI 1.0.3 LRS",
    )
    .at(url)
}
