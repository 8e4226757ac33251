//! The linear model's input: hashed word, bigram, character n-gram, sentence-form and previous-line features of
//! a prepared reply. Fixed in code (changing it needs retraining); it knows nothing of cue lexicons or codes.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use super::text::{Fnv, Prepared};

/// Bumped whenever a feature template changes; the weights file records the version it was trained with.
pub const FEATURE_VERSION: u32 = 7;

/// Which feature families to use and how many hash buckets; stored in the weights file header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatureConfig {
    /// log2 of the number of hash buckets (14-18).
    pub bits: u32,
    /// Character 3- and 4-grams inside words (typo tolerance).
    pub char_ngrams: bool,
    /// Features of the previous (patient) line.
    pub context: bool,
}

impl Default for FeatureConfig {
    fn default() -> Self {
        FeatureConfig {
            bits: 15,
            char_ngrams: true,
            context: true,
        }
    }
}

/// Weight of one character n-gram relative to one word feature.
const CHAR_WEIGHT: f32 = 0.35;
/// Weight of one previous-line word.
const PREV_WORD_WEIGHT: f32 = 0.6;

const WH: &[&str] = &[
    "what", "how", "why", "when", "where", "who", "which", "whose",
];
const AUX: &[&str] = &[
    "do", "does", "did", "are", "is", "was", "were", "have", "has", "had", "can", "could", "would",
    "will", "should", "shall", "may", "might", "am",
];
/// Words skipped before a sentence's form is read ("so", "okay", "um").
const FILLERS: &[&str] = &[
    "so", "okay", "ok", "well", "um", "uh", "and", "but", "now", "oh", "hmm", "yeah", "alright",
    "right", "mm", "mm-hmm", "all", "then", "great", "good", "sure", "yes",
];
const SUBJECT: &[&str] = &[
    "you", "i", "we", "it", "that", "there", "they", "he", "she", "this", "your",
];
const FEELING: &[&str] = &[
    "feel",
    "feels",
    "feeling",
    "felt",
    "worried",
    "worry",
    "afraid",
    "scared",
    "anxious",
    "frustrated",
    "upset",
    "sad",
    "angry",
    "hurt",
    "overwhelmed",
    "stressed",
    "hard",
    "difficult",
    "tough",
    "torn",
    "unsure",
    "want",
    "wanting",
    "hope",
    "hoping",
    "wish",
    "care",
    "matters",
    "important",
    "sounds",
    "seems",
];
/// Function words left out when measuring how much of the reply repeats the patient's words.
const STOP: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "so", "to", "of", "in", "on", "at", "for", "with", "is",
    "are", "was", "were", "be", "been", "am", "do", "does", "did", "not", "it", "that", "this",
    "i", "you", "me", "my", "your", "we", "they", "he", "she", "um", "uh", "yeah", "okay", "like",
    "just", "know", "mean", "well", "really", "have", "has", "had", "can", "would", "will", "if",
    "about", "what", "there", "then", "right",
];

const IS_WH: u8 = 1;
const IS_AUX: u8 = 2;
const IS_FILLER: u8 = 4;
const IS_SUBJECT: u8 = 8;
const IS_FEELING: u8 = 16;
const IS_STOP: u8 = 32;

/// Which of the lists above a word is on (one hash lookup instead of scanning six lists).
fn kind(word: &str) -> u8 {
    static TABLE: OnceLock<HashMap<&'static str, u8, BuildHasherDefault<Fnv>>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t: HashMap<&'static str, u8, BuildHasherDefault<Fnv>> = HashMap::default();
        for (list, flag) in [
            (WH, IS_WH),
            (AUX, IS_AUX),
            (FILLERS, IS_FILLER),
            (SUBJECT, IS_SUBJECT),
            (FEELING, IS_FEELING),
            (STOP, IS_STOP),
        ] {
            for w in list {
                *t.entry(w).or_default() |= flag;
            }
        }
        t
    });
    table.get(word).copied().unwrap_or(0)
}

/// A function word (left out when measuring how much of a reply repeats the patient's words).
pub fn is_stop(word: &str) -> bool {
    kind(word) & IS_STOP != 0
}

/// FNV-1a over the template name and its parts, finished with a multiply-xorshift mix. Stable across platforms
/// and Rust versions (unlike `std`'s hasher), so shipped weights keep meaning the same thing.
fn hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        h = fnv_bytes(h, p.as_bytes());
    }
    finish_hash(h)
}

/// `hash(&["c", gram])` for a byte window, without making a str of it.
fn gram_hash(gram: &[u8]) -> u64 {
    let h = fnv_bytes(0xcbf2_9ce4_8422_2325, b"c") ^ 0x1f;
    finish_hash(fnv_bytes(h.wrapping_mul(0x0000_0100_0000_01b3), gram))
}

fn fnv_bytes(mut h: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn finish_hash(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

struct Sink {
    mask: u64,
    out: Vec<(u32, f32)>,
}

impl Sink {
    fn add(&mut self, value: f32, parts: &[&str]) {
        self.out.push(((hash(parts) & self.mask) as u32, value));
    }
}

fn length_bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        3 => "3",
        4..=5 => "4-5",
        6..=8 => "6-8",
        9..=12 => "9-12",
        13..=20 => "13-20",
        21..=35 => "21-35",
        _ => "36+",
    }
}

/// Distinct content words, sorted.
fn content_words(p: &Prepared) -> Vec<&str> {
    let mut v: Vec<&str> = p.words().filter(|w| !is_stop(w) && w.len() > 1).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// The hashed, L2-normalised feature vector of a reply and, optionally, the patient line before it.
/// Sorted by bucket, one entry per bucket.
pub fn extract(cfg: FeatureConfig, reply: &Prepared, prev: Option<&Prepared>) -> Vec<(u32, f32)> {
    let mut sink = Sink {
        mask: (1u64 << cfg.bits) - 1,
        out: Vec::with_capacity(256),
    };
    let n_words = reply.word_count();
    sink.add(1.0, &["len", length_bucket(n_words)]);
    let n_sent = reply.sentences.len().min(4).to_string();
    sink.add(1.0, &["nsent", &n_sent]);
    if reply.bracket {
        sink.add(1.0, &["bracket"]);
    }
    let mut question_marks = 0usize;
    for (k, s) in reply.sentences.iter().enumerate() {
        question_marks += usize::from(s.question_mark);
        let mut prev_word = "<s>";
        for w in &s.words {
            sink.add(1.0, &["u", w]);
            sink.add(1.0, &["b", prev_word, w]);
            prev_word = w;
        }
        sink.add(1.0, &["b", prev_word, "</s>"]);
        let first = s.words.first().map(String::as_str).unwrap_or("");
        let second = s.words.get(1).map(String::as_str).unwrap_or("");
        // First and last sentence openings carry most of the form (a question usually comes last).
        let place = if k == 0 {
            "f"
        } else if k + 1 == reply.sentences.len() {
            "l"
        } else {
            "m"
        };
        sink.add(1.0, &[place, "1", first]);
        sink.add(1.0, &[place, "2", first, second]);
        let tail = if s.question_mark {
            "?"
        } else if s.exclaim {
            "!"
        } else {
            "."
        };
        sink.add(1.0, &[place, "end", tail]);
        // The sentence's form after leading fillers ("So, um, you'll start with that?" is declarative).
        let lead = s
            .words
            .iter()
            .take_while(|w| kind(w) & IS_FILLER != 0)
            .count();
        let core = &s.words[lead.min(s.words.len())..];
        let c0 = core.first().map(String::as_str).unwrap_or("");
        let c1 = core.get(1).map(String::as_str).unwrap_or("");
        let form = if kind(c0) & IS_WH != 0 {
            "wh"
        } else if kind(c0) & IS_AUX != 0 && kind(c1) & IS_SUBJECT != 0 {
            "inv"
        } else if c0 == "tell" || c0 == "describe" {
            "tell"
        } else if c0 == "you" || c0 == "your" {
            "you"
        } else if c0 == "i" {
            "i"
        } else {
            "decl"
        };
        sink.add(1.0, &[place, "form", form, tail]);
        sink.add(1.0, &[place, "core1", c0]);
        sink.add(1.0, &[place, "core2", c0, c1]);
        if lead > 0 {
            sink.add(1.0, &[place, "lead", &s.words[0]]);
        }
        if s.dash_start {
            sink.add(1.0, &["dash_start"]);
        }
        if s.dash_end {
            sink.add(1.0, &["dash_end", place]);
        }
        for pair in s.words.windows(3) {
            if pair[0] == "you" && (kind(&pair[1]) | kind(&pair[2])) & IS_FEELING != 0 {
                sink.add(1.0, &["you_feel"]);
            }
        }
        if cfg.char_ngrams {
            for raw in &s.raw_words {
                char_ngrams(&mut sink, raw);
            }
        }
    }
    if let Some(last) = reply.sentences.last() {
        let first = last.words.first().map(String::as_str).unwrap_or("");
        sink.add(
            1.0,
            &["last1", first, if last.question_mark { "?" } else { "." }],
        );
    }
    sink.add(1.0, &["qmarks", &question_marks.min(3).to_string()]);
    // The reply's first four words as a set of their own: openings ("so it sounds", "you know what") weigh more
    // than the same words later (cross-validation, mean over fold seeds: +0.003 macro-F1 alone, +0.004 with the
    // NB-scaled L2 of the trainer; docs/classifier.md).
    for w in reply.words().take(4) {
        sink.add(1.0, &["u4", w]);
    }
    if reply.words().any(|w| w.bytes().any(|b| b.is_ascii_digit())) {
        sink.add(1.0, &["digit"]);
    }
    if cfg.context {
        context(&mut sink, reply, prev, n_words);
    }
    let mut out = finish(sink.out);
    // The intercept is added after normalising, so it is the same for every reply.
    let bias = bias_bucket(cfg);
    match out.binary_search_by_key(&bias, |&(b, _)| b) {
        Ok(i) => out[i].1 += 1.0,
        Err(i) => out.insert(i, (bias, 1.0)),
    }
    out
}

/// The bucket of the intercept feature (value 1 for every reply).
pub fn bias_bucket(cfg: FeatureConfig) -> u32 {
    (hash(&["bias"]) & ((1u64 << cfg.bits) - 1)) as u32
}

fn char_ngrams(sink: &mut Sink, raw: &str) {
    if raw.len() < 3 || !raw.is_ascii() {
        return;
    }
    let mut b = Vec::with_capacity(raw.len() + 2);
    b.push(b'^');
    b.extend_from_slice(raw.as_bytes());
    b.push(b'$');
    for n in [3usize, 4] {
        for win in b.windows(n) {
            sink.out
                .push(((gram_hash(win) & sink.mask) as u32, CHAR_WEIGHT));
        }
    }
}

fn context(sink: &mut Sink, reply: &Prepared, prev: Option<&Prepared>, n_words: usize) {
    let Some(prev) = prev.filter(|p| !p.sentences.is_empty()) else {
        sink.add(1.0, &["p_none"]);
        return;
    };
    let prev_len = prev.word_count();
    sink.add(1.0, &["p_len", length_bucket(prev_len)]);
    let coarse = |n: usize| match n {
        0..=2 => "s",
        3..=10 => "m",
        _ => "l",
    };
    sink.add(1.0, &["p_len_x_len", coarse(prev_len), coarse(n_words)]);
    // Sorted and deduplicated (not a HashSet) so the feature order, and so the float sums, never vary.
    let mut prev_words: Vec<&str> = prev.words().collect();
    prev_words.sort_unstable();
    prev_words.dedup();
    for w in prev_words {
        sink.add(PREV_WORD_WEIGHT, &["p", w]);
    }
    let mine = content_words(reply);
    let theirs = content_words(prev);
    let shared = mine
        .iter()
        .filter(|w| theirs.binary_search(w).is_ok())
        .count();
    let ratio = if mine.is_empty() {
        0.0
    } else {
        shared as f32 / mine.len() as f32
    };
    let bucket = match ratio {
        r if r <= 0.0 => "0",
        r if r < 0.25 => "<.25",
        r if r < 0.5 => "<.5",
        r if r < 0.75 => "<.75",
        _ => ">=.75",
    };
    sink.add(1.0, &["overlap", bucket, coarse(n_words)]);
    sink.add(1.0, &["shared", &shared.min(4).to_string()]);
    let prev_i = prev.words().any(|w| w == "i" || w == "my" || w == "me");
    let reply_you = reply.words().any(|w| w == "you" || w == "your");
    if prev_i && reply_you {
        sink.add(1.0, &["i_to_you"]);
    }
}

/// Merges duplicate buckets (summing, capped at 1: presence rather than counts was best in cross-validation)
/// and scales the vector to unit length.
fn finish(mut feats: Vec<(u32, f32)>) -> Vec<(u32, f32)> {
    feats.sort_by_key(|&(b, _)| b);
    let mut merged: Vec<(u32, f32)> = Vec::with_capacity(feats.len());
    for (b, v) in feats {
        match merged.last_mut() {
            Some(last) if last.0 == b => last.1 = (last.1 + v).min(1.0),
            _ => merged.push((b, v)),
        }
    }
    let norm = merged.iter().map(|(_, v)| v * v).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, v) in &mut merged {
            *v /= norm;
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gram_hash_is_the_template_hash() {
        assert_eq!(gram_hash(b"^so"), hash(&["c", "^so"]));
        assert_eq!(gram_hash(b"und$"), hash(&["c", "und$"]));
    }

    #[test]
    fn word_kinds() {
        assert!(is_stop("the") && !is_stop("insulin"));
        assert_ne!(kind("what") & IS_WH, 0);
        assert_ne!(kind("so") & IS_FILLER, 0);
        assert_eq!(kind("insulin"), 0);
    }
}
