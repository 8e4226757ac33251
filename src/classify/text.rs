//! Turning typed text into sentences of normalised words: length cap, quotes and dashes, tokens, contractions,
//! British/American spelling. It owns no cue words and no model features (see `rules` and `features`).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use super::sentences;

/// FNV-1a: a small, fast, deterministic hasher for the word tables (short keys, input capped in length).
#[derive(Debug, Default, Clone, Copy)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A map keyed by words, hashed with [`Fnv`].
pub type WordMap<V> = HashMap<String, V, BuildHasherDefault<Fnv>>;
/// A set of words, hashed with [`Fnv`].
pub type WordSet = HashSet<String, BuildHasherDefault<Fnv>>;

/// Only the first this-many characters of a reply are read (a reply is a few sentences; this caps the work).
pub const MAX_CHARS: usize = 2_000;

/// The word tables that make "dont", "don't" and "do not", or "behavior" and "behaviour", read alike.
/// They come from `dialogues/classifier/rules.yaml`; changing them changes what the model sees (retrain).
#[derive(Debug, Clone, Default)]
pub struct Normaliser {
    /// Contractions typed without the apostrophe ("dont" → "don't").
    pub apostrophe_free: WordMap<String>,
    /// American → British spellings ("behavior" → "behaviour").
    pub spelling: WordMap<String>,
    /// Whole contractions with irregular expansions ("won't" → "will not").
    pub expansions: WordMap<Vec<String>>,
    /// Regular contraction endings and what they stand for ("n't" → "not").
    pub suffixes: Vec<(String, String)>,
    /// Words after which "'s" means "is" ("it's", "that's"); elsewhere it is a possessive and kept.
    pub s_is_after: WordSet,
}

/// One sentence of a reply, as read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sentence {
    /// Lower-cased surface tokens as typed (for character n-grams and evidence).
    pub raw_words: Vec<String>,
    /// Normalised words: contractions expanded, spelling British.
    pub words: Vec<String>,
    /// For each normalised word, the index of the surface token it came from.
    pub raw_of: Vec<usize>,
    /// The sentence ends with a question mark.
    pub question_mark: bool,
    /// The sentence ends with an exclamation mark.
    pub exclaim: bool,
    /// The sentence starts with a dash (a continuation of an interrupted sentence).
    pub dash_start: bool,
    /// The sentence ends with a dash (it was interrupted).
    pub dash_end: bool,
}

/// A reply (or the patient's line) read into sentences.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prepared {
    /// Sentences in order; empty for empty or whitespace input.
    pub sentences: Vec<Sentence>,
    /// The input was longer than [`MAX_CHARS`] and only its start was read.
    pub truncated: bool,
    /// The input held a transcription mark such as `[crosstalk]`.
    pub bracket: bool,
}

impl Prepared {
    /// All normalised words of all sentences, in order.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.sentences
            .iter()
            .flat_map(|s| s.words.iter().map(String::as_str))
    }

    /// How many normalised words there are.
    pub fn word_count(&self) -> usize {
        self.sentences.iter().map(|s| s.words.len()).sum()
    }
}

/// Replaces typographic quotes and dashes by their ASCII forms and drops control characters.
fn clean_char(c: char) -> Option<char> {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{02bc}' | '`' | '\u{00b4}' => Some('\''),
        '\u{201c}' | '\u{201d}' => Some('"'),
        '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => Some('-'),
        '\u{2026}' => Some('.'),
        '\n' | '\r' => Some('\n'),
        c if c.is_whitespace() => Some(' '),
        c if c.is_control() => None,
        c => Some(c),
    }
}

/// The first [`MAX_CHARS`] characters, cleaned, and whether anything was cut.
pub fn cap_and_clean(text: &str) -> (String, bool) {
    let mut out = String::with_capacity(text.len().min(MAX_CHARS * 2));
    let mut chars = text.chars();
    out.extend(chars.by_ref().take(MAX_CHARS).filter_map(clean_char));
    (out, chars.next().is_some())
}

/// Splits a sentence's text into surface tokens: letters and digits, with apostrophes inside words and hyphens
/// or dots between word characters ("mm-hmm", "9.2", "don't"). Bracketed transcription marks are skipped.
pub fn tokens(text: &str) -> (Vec<String>, bool) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut bracket = false;
    let mut depth = 0usize;
    for (i, &c) in chars.iter().enumerate() {
        if c == '[' {
            depth += 1;
            bracket = true;
        }
        if depth > 0 {
            if c == ']' {
                depth -= 1;
            }
            flush(&mut cur, &mut out);
            continue;
        }
        let prev_word = i > 0 && chars[i - 1].is_alphanumeric();
        let next_word = chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        if c.is_alphanumeric() {
            cur.extend(c.to_lowercase());
        } else if c == '\'' && !cur.is_empty() && next_word {
            cur.push('\'');
        } else if (c == '-' || c == '.' || c == ',') && prev_word && next_word && !cur.is_empty() {
            // "mm-hmm", "9.2", "1,003": one token. A comma only joins digits.
            if c != ',' || (chars[i - 1].is_ascii_digit() && chars[i + 1].is_ascii_digit()) {
                cur.push(c);
            } else {
                flush(&mut cur, &mut out);
            }
        } else {
            flush(&mut cur, &mut out);
        }
    }
    flush(&mut cur, &mut out);
    (out, bracket)
}

fn flush(cur: &mut String, out: &mut Vec<String>) {
    let t = cur.trim_end_matches('\'');
    if !t.is_empty() {
        out.push(t.to_owned());
    }
    cur.clear();
}

impl Normaliser {
    /// The normalised words one surface token stands for (usually one; "don't" gives "do", "not").
    pub fn expand(&self, token: &str, out: &mut Vec<String>) {
        let token = token.trim_start_matches('\'');
        if token.is_empty() {
            return;
        }
        let token = self
            .apostrophe_free
            .get(token)
            .map_or(token, String::as_str);
        if token.contains(' ') {
            // "wanna" → "want to": several words, each normalised.
            for part in token.split_whitespace() {
                self.expand(part, out);
            }
            return;
        }
        if let Some(words) = self.expansions.get(token) {
            out.extend(words.iter().cloned());
            return;
        }
        if let Some(stem) = token.strip_suffix("'s") {
            if self.s_is_after.contains(stem) {
                out.push(self.spell(stem));
                out.push("is".to_owned());
            } else {
                out.push(self.spell(stem));
            }
            return;
        }
        for (suffix, word) in &self.suffixes {
            if let Some(stem) = token.strip_suffix(suffix.as_str())
                && !stem.is_empty()
            {
                out.push(self.spell(stem));
                out.push(word.clone());
                return;
            }
        }
        out.push(self.spell(token));
    }

    /// British spelling of one word: the table first, then the regular "-ize" → "-ise" family.
    pub fn spell(&self, word: &str) -> String {
        if let Some(b) = self.spelling.get(word) {
            return b.clone();
        }
        if word.len() > 6 && word.is_ascii() {
            for (us, uk) in [
                ("ization", "isation"),
                ("izations", "isations"),
                ("izing", "ising"),
                ("ized", "ised"),
                ("izes", "ises"),
                ("ize", "ise"),
            ] {
                if let Some(stem) = word.strip_suffix(us)
                    && stem.len() >= 3
                    && !matches!(stem, "seiz" | "capsiz")
                {
                    return format!("{stem}{uk}");
                }
            }
        }
        word.to_owned()
    }

    /// Reads a whole reply: cap, clean, split into sentences, tokenise and normalise each.
    pub fn prepare(&self, text: &str) -> Prepared {
        let (clean, truncated) = cap_and_clean(text);
        let mut prepared = Prepared {
            truncated,
            ..Prepared::default()
        };
        for piece in sentences::split(&clean) {
            let (raw_words, bracket) = tokens(piece);
            prepared.bracket |= bracket;
            if raw_words.is_empty() {
                continue;
            }
            let mut sentence = Sentence {
                question_mark: piece
                    .trim_end()
                    .trim_end_matches(['"', ')', ']'])
                    .ends_with('?'),
                exclaim: piece.trim_end().ends_with('!'),
                dash_start: piece.trim_start().starts_with('-'),
                dash_end: piece.trim_end().ends_with('-'),
                ..Sentence::default()
            };
            for (i, raw) in raw_words.iter().enumerate() {
                let before = sentence.words.len();
                self.expand(raw, &mut sentence.words);
                sentence
                    .raw_of
                    .extend(std::iter::repeat_n(i, sentence.words.len() - before));
            }
            sentence.raw_words = raw_words;
            prepared.sentences.push(sentence);
        }
        prepared
    }
}
