//! Near-words: words and phrases that name the same thing in a consultation ("scared", "frightened"; "stump",
//! "residual limb"), read from dialogues/matching/near-words.yaml and folded into the typed-reply matcher's wording.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::diagnostic::parse_yaml;

/// The near-word classes built into the binary. Their validity is asserted by the test suite.
pub const SHIPPED: &str = include_str!("../../dialogues/matching/near-words.yaml");

/// The file's shape: classes of words and phrases, each with where the equivalence comes from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    classes: Vec<Class>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Class {
    /// Words or phrases (lower case, British spelling) that name the same thing; the first names the class.
    words: Vec<String>,
    /// Where the equivalence comes from (a seed, general clinical usage, everyday English); for the reader.
    #[allow(dead_code)]
    source: String,
}

/// Word-stem sequences, each mapped to the stem of its class's first word.
#[derive(Debug, Default)]
pub struct NearWords {
    heads: HashMap<Vec<String>, String>,
    longest: usize,
}

impl NearWords {
    /// The shipped classes (parsed once).
    pub fn shipped() -> &'static NearWords {
        static SHIPPED_WORDS: OnceLock<NearWords> = OnceLock::new();
        SHIPPED_WORDS.get_or_init(|| {
            // The embedded file is checked by the unit tests below; a broken one cannot ship.
            Self::parse("<shipped>/near-words.yaml", SHIPPED, super::typed::stem)
                .expect("the shipped near-words parse")
        })
    }

    /// Parses a near-words file, stemming each word of each entry with `stem`. A word or phrase in two classes is
    /// an error (it could not say which class it belongs to), as is a file that does not parse.
    pub fn parse(
        file: &str,
        source: &str,
        stem: impl Fn(&str) -> String,
    ) -> Result<NearWords, String> {
        let parsed: File = parse_yaml(file, source).map_err(|d| d.to_string())?;
        let mut near = NearWords::default();
        for class in &parsed.classes {
            let Some(head) = class.words.first() else {
                continue;
            };
            let head = head
                .split_whitespace()
                .map(&stem)
                .collect::<Vec<_>>()
                .join("_");
            for entry in &class.words {
                let key: Vec<String> = entry.split_whitespace().map(&stem).collect();
                if key.is_empty() {
                    continue;
                }
                if let Some(other) = near.heads.insert(key.clone(), head.clone())
                    && other != head
                {
                    return Err(format!(
                        "{file}: `{entry}` is in two classes ({other} and {head}): keep it in one, or merge them"
                    ));
                }
                near.longest = near.longest.max(key.len());
            }
        }
        Ok(near)
    }

    /// Reads a sequence of word stems: each longest run that is a near-word entry gives its class's name, any
    /// other stem itself. Each item is (where it starts in `stems`, the class's name if it is a near-word).
    pub fn fold<'a>(&'a self, stems: &[String]) -> Vec<(usize, Option<&'a str>)> {
        let mut out = Vec::with_capacity(stems.len());
        let mut i = 0;
        while i < stems.len() {
            let found = (1..=self.longest.min(stems.len() - i))
                .rev()
                .find_map(|n| self.heads.get(&stems[i..i + n]).map(|h| (n, h.as_str())));
            match found {
                Some((n, head)) => {
                    out.push((i, Some(head)));
                    i += n;
                }
                None => {
                    out.push((i, None));
                    i += 1;
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Classifier;
    use crate::engine::typed::stem;

    fn folded(text: &str) -> Vec<String> {
        let near = NearWords::shipped();
        let stems: Vec<String> = text.split_whitespace().map(stem).collect();
        near.fold(&stems)
            .into_iter()
            .map(|(at, class)| class.map_or_else(|| stems[at].clone(), str::to_owned))
            .collect()
    }

    #[test]
    fn the_shipped_classes_parse_and_are_written_as_the_matcher_reads_words() {
        let near = NearWords::parse("near-words.yaml", SHIPPED, stem).expect("parses");
        assert!(near.heads.len() > 100, "{} entries", near.heads.len());
        // The matcher looks words up after the classifier's normalisation: an entry it would rewrite ("behavior",
        // "don't") could never be found.
        let normaliser = &Classifier::shipped().rules().normaliser;
        let file: File = parse_yaml("near-words.yaml", SHIPPED).expect("parses");
        for entry in file.classes.iter().flat_map(|c| &c.words) {
            let prepared = normaliser.prepare(entry);
            let read: Vec<&str> = prepared.words().collect();
            let written: Vec<&str> = entry.split_whitespace().collect();
            assert_eq!(
                read, written,
                "`{entry}` is not written as the matcher reads it"
            );
        }
    }

    #[test]
    fn a_phrase_and_its_near_word_read_alike_and_the_longer_phrase_wins() {
        assert_eq!(folded("your residual limb"), folded("your stump"));
        assert_eq!(folded("hypos frighten you"), folded("going low scares you"));
        assert_eq!(folded("the limb"), folded("the leg"));
        assert_ne!(folded("residual limb"), folded("limb"));
        assert_eq!(folded("banana monkey"), vec!["banana", "monkey"]);
    }

    #[test]
    fn a_word_in_two_classes_is_refused() {
        let two = "classes:\n  - { words: [sad, low], source: x }\n  - { words: [low, down], source: y }\n";
        let err = NearWords::parse("two.yaml", two, stem).expect_err("refused");
        assert!(err.contains("`low` is in two classes"), "{err}");
    }
}
