//! UUIDs: version 4 for attempts and submissions (from a seeded generator or derived from content), and
//! name-based version 5 for xAPI statements, so the same submission, attempt and turn always get the same id.

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;
use sha1::Sha1;
use sha2::{Digest, Sha256};

/// Formats 16 bytes as a version-4, RFC 4122-variant UUID (`xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`).
pub fn format_v4(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    hyphenated(&b)
}

/// RFC 9562's namespace for names that are URLs (`6ba7b811-9dad-11d1-80b4-00c04fd430c8`).
const URL_NAMESPACE: [u8; 16] = [
    0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
];

/// A name-based, version-5 UUID (RFC 9562 section 5.5): SHA-1 of the namespace's 16 bytes and the name.
pub fn v5(namespace: &[u8; 16], name: &str) -> String {
    let mut h = Sha1::new();
    h.update(namespace);
    h.update(name.as_bytes());
    let digest = h.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    hyphenated(&b)
}

/// The id of an xAPI statement: the version-5 UUID, in RFC 9562's URL namespace, of
/// `https://alliance.example.org/xapi/statements/submission/<id>/attempt/<registration>/turn/<n>` (each part
/// present when it applies). The same parts always give the same id; different ones never collide
/// in practice (a 122-bit hash).
pub fn statement_id(
    submission: Option<&str>,
    registration: Option<&str>,
    turn: Option<u32>,
) -> String {
    let mut name = String::from("https://alliance.example.org/xapi/statements");
    if let Some(s) = submission {
        name.push_str("/submission/");
        name.push_str(s);
    }
    if let Some(r) = registration {
        name.push_str("/attempt/");
        name.push_str(r);
    }
    if let Some(t) = turn {
        name.push_str(&format!("/turn/{t}"));
    }
    v5(&URL_NAMESPACE, &name)
}

fn hyphenated(b: &[u8; 16]) -> String {
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// A UUID derived from `parts`: the same parts always give the same id (SHA-256, first 16 bytes).
pub fn derived(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    let digest = h.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    format_v4(b)
}

/// A generator of UUIDs from a seed (tests and replays pass a fixed one; players a fresh one).
pub struct UuidSource(Pcg64);

impl UuidSource {
    /// Seeds the generator.
    pub fn seeded(seed: u64) -> UuidSource {
        UuidSource(Pcg64::seed_from_u64(seed))
    }

    /// Seeds from the clock (nanoseconds) and the process id: distinct across runs and machines in practice.
    pub fn fresh() -> UuidSource {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let seed = (nanos as u64) ^ ((nanos >> 64) as u64) ^ (u64::from(std::process::id()) << 40);
        UuidSource::seeded(seed)
    }

    /// The next UUID.
    pub fn next_uuid(&mut self) -> String {
        let mut b = [0u8; 16];
        self.0.fill_bytes(&mut b);
        format_v4(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v5_matches_the_rfc_example() {
        // RFC 9562 appendix A.4: the version-5 UUID of the DNS name `www.example.com`.
        let dns = [
            0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4,
            0x30, 0xc8,
        ];
        assert_eq!(
            v5(&dns, "www.example.com"),
            "2ed6657d-e927-568b-95e1-2665a8aea6a2"
        );
    }

    #[test]
    fn statement_ids_differ_by_each_part_and_repeat_for_the_same_parts() {
        let a = statement_id(Some("s"), Some("r"), Some(1));
        assert_eq!(a, statement_id(Some("s"), Some("r"), Some(1)));
        assert_ne!(a, statement_id(Some("s"), Some("r"), Some(2)));
        assert_ne!(a, statement_id(Some("t"), Some("r"), Some(1)));
        assert_ne!(a, statement_id(None, Some("r"), Some(1)));
        assert_ne!(
            statement_id(Some("s"), None, None),
            statement_id(Some("s"), Some("r"), None)
        );
    }
}
