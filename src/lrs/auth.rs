//! The LRS credentials: HTTP basic auth from a file (`--lrs-auth-file`) or an environment variable, never
//! from the command line, where any user of the machine could read them in the process list.

use std::fs;
use std::path::Path;

use crate::lrs::client::Failure;

/// The environment variable holding `user:password` when no file is given.
pub const AUTH_ENV: &str = "ALLIANCE_LRS_AUTH";

/// A user name and password for HTTP basic auth.
#[derive(Clone)]
pub struct Credentials {
    user: String,
    password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Credentials({}:***)", self.user)
    }
}

impl Credentials {
    /// From `user:password` (the password may contain `:`; surrounding whitespace and newlines are dropped).
    pub fn parse(text: &str, from: &str) -> Result<Credentials, Failure> {
        let line = text.trim();
        match line.split_once(':') {
            Some((u, p)) if !u.is_empty() && !p.is_empty() && !line.contains('\n') => {
                Ok(Credentials {
                    user: u.to_owned(),
                    password: p.to_owned(),
                })
            }
            _ => Err(Failure::new(
                "L008",
                format!("{from} does not hold LRS credentials as `user:password` on one line"),
                "write the LRS user (its key) and password (its secret) separated by `:`",
            )),
        }
    }

    /// From `file` when given, else from the `ALLIANCE_LRS_AUTH` environment variable.
    pub fn load(file: Option<&Path>) -> Result<Credentials, Failure> {
        if let Some(f) = file {
            let text = fs::read_to_string(f).map_err(|e| {
                Failure::new(
                    "L008",
                    format!("cannot read the LRS credentials file {}: {e}", f.display()),
                    "give a file holding `user:password`",
                )
            })?;
            return Credentials::parse(&text, &f.display().to_string());
        }
        match std::env::var(AUTH_ENV) {
            Ok(v) => Credentials::parse(&v, AUTH_ENV),
            Err(_) => Err(Failure::new(
                "L008",
                "no LRS credentials".to_owned(),
                &format!(
                    "pass `--lrs-auth-file FILE` (a file holding `user:password`) or set {AUTH_ENV}=user:password; \
                     never on the command line"
                ),
            )),
        }
    }

    /// The user name (shown in messages; the password never is).
    pub fn user(&self) -> &str {
        &self.user
    }

    /// The `Authorization` header's value: `Basic ` and base64 of `user:password`.
    pub fn header(&self) -> String {
        format!(
            "Basic {}",
            base64(format!("{}:{}", self.user, self.password).as_bytes())
        )
    }
}

/// Standard base64 with padding (RFC 4648), for the one header that needs it.
fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(A[((n >> shift) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
    }

    #[test]
    fn credentials_need_a_user_and_a_password() {
        let c = Credentials::parse("teacher:pa:ss\n", "f").unwrap();
        assert_eq!(c.header(), format!("Basic {}", base64(b"teacher:pa:ss")));
        assert!(Credentials::parse("nocolon", "f").is_err());
        assert!(Credentials::parse(":x", "f").is_err());
        assert!(!format!("{c:?}").contains("pa:ss"));
    }
}
