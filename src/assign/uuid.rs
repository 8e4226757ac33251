//! UUIDs in the version-4 format for attempts, submissions and xAPI statements, from a seeded generator or
//! derived from content (so the same attempt always gets the same statement ids). No extra dependency.

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;
use sha2::{Digest, Sha256};

/// Formats 16 bytes as a version-4, RFC 4122-variant UUID (`xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`).
pub fn format_v4(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
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
