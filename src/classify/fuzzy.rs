//! Typo tolerance for cue words: a deletion index that finds lexicon words one edit away ("soudns" → "sounds",
//! "worred" → "worried"). It decides nothing about which cues count (see `rules`).

use super::text::WordMap;

/// Shortest word that may be matched with a typo.
pub const MIN_LEN: usize = 4;

/// The kind of the single edit between a typed word and a lexicon word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// One letter replaced by another (riskier: "taking"/"making" are both words).
    Substitution,
    /// A letter added, dropped, or two neighbours swapped.
    Other,
}

/// Lexicon words indexed by every single-letter deletion of them (and themselves).
#[derive(Debug, Clone, Default)]
pub struct Index {
    by_deletion: WordMap<Vec<u32>>,
    words: Vec<String>,
}

fn deletions(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    (0..chars.len())
        .map(|skip| {
            chars
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != skip)
                .map(|(_, c)| c)
                .collect()
        })
        .collect()
}

impl Index {
    /// Indexes `words` (ids are their positions); words shorter than [`MIN_LEN`] are left out.
    pub fn new(words: &[String]) -> Index {
        let mut by_deletion: WordMap<Vec<u32>> = WordMap::default();
        for (id, w) in words.iter().enumerate() {
            if w.chars().count() < MIN_LEN {
                continue;
            }
            let id = id as u32;
            for key in std::iter::once(w.clone()).chain(deletions(w)) {
                let ids = by_deletion.entry(key).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        Index {
            by_deletion,
            words: words.to_vec(),
        }
    }

    /// Lexicon words exactly one edit (insertion, deletion, substitution, adjacent swap) from `typed`.
    pub fn near(&self, typed: &str) -> Vec<(u32, Edit)> {
        let n = typed.chars().count();
        if !(MIN_LEN..=24).contains(&n) {
            return Vec::new();
        }
        let mut out: Vec<(u32, Edit)> = Vec::new();
        for key in std::iter::once(typed.to_owned()).chain(deletions(typed)) {
            for &id in self.by_deletion.get(&key).into_iter().flatten() {
                if out.iter().any(|(o, _)| *o == id) {
                    continue;
                }
                let word = &self.words[id as usize];
                // Another form of a cue word is another word, not a typo ("your idea" is not "your ideas", "cope" not
                // "coped").
                let inflected = |a: &str, b: &str| {
                    a.strip_suffix('s') == Some(b) || a.strip_suffix('d') == Some(b)
                };
                if inflected(word, typed) || inflected(typed, word) {
                    continue;
                }
                if let Some(edit) = one_edit(typed, word) {
                    out.push((id, edit));
                }
            }
        }
        out
    }
}

/// The single edit turning `a` into `b`, if they are exactly one edit apart (optimal string alignment).
pub fn one_edit(a: &str, b: &str) -> Option<Edit> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a == b {
        return None;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    match ra.len().cmp(&rb.len()) {
        std::cmp::Ordering::Equal => {
            if ra[1..] == rb[1..] {
                Some(Edit::Substitution)
            } else if ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..] {
                Some(Edit::Other)
            } else {
                None
            }
        }
        std::cmp::Ordering::Greater => {
            (ra.len() == rb.len() + 1 && ra[1..] == *rb).then_some(Edit::Other)
        }
        std::cmp::Ordering::Less => {
            (rb.len() == ra.len() + 1 && rb[1..] == *ra).then_some(Edit::Other)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_one_edit_neighbours() {
        let idx = Index::new(&[
            "sounds".into(),
            "worried".into(),
            "making".into(),
            "so".into(),
        ]);
        assert_eq!(idx.near("soudns"), [(0, Edit::Other)]);
        assert_eq!(idx.near("worred"), [(1, Edit::Other)]);
        assert_eq!(idx.near("taking"), [(2, Edit::Substitution)]);
        assert!(idx.near("sounds").is_empty());
        assert!(idx.near("xyzzy").is_empty());
        assert!(idx.near("soo").is_empty());
    }
}
