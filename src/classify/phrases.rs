//! Compiled phrase lists: words interned, "^" anchors and "*" gaps, and typo-tolerant matching of every phrase
//! in a sentence. It knows nothing of codes or YAML (see `rules`), only which list a phrase came from.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use super::fuzzy::{self, Edit};
use super::text::{Fnv, Normaliser, WordMap, WordSet};

/// What a phrase list is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    /// A cue for one behaviour code: index into `Rules::cues`.
    Cue(usize),
    /// A question opening that invites a story ("what", "tell me").
    Open,
    /// A question opening that asks for a fact or yes/no ("how many", "do you").
    Closed,
    /// Wording that adds meaning or feeling to a reflection.
    Complex,
    /// A feeling word.
    Feeling,
    /// The patient asked for advice or information.
    AdviceRequest,
    /// The reply leaves room to disagree, or asks leave.
    Permission,
    /// The patient voiced a worry.
    Worry,
    /// A clinical term.
    Jargon,
    /// Wording that explains a term just used.
    Explained,
    /// Wording that reports or denies what follows rather than saying it ("you feel", "I'm not saying").
    Reported,
    /// A strength, effort or achievement word (`affirm_rule.strengths`).
    Strength,
    /// Wording in which a strength word is not one ("kind of").
    NotStrength,
}

#[derive(Debug, Clone)]
enum Item {
    Word(u32),
    Gap,
}

#[derive(Debug, Clone)]
struct Phrase {
    items: Vec<Item>,
    anchored: bool,
    group: Group,
    text: String,
    fuzzy_ok: bool,
}

/// One phrase found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// What the phrase is for.
    pub group: Group,
    /// The phrase as written in rules.yaml.
    pub phrase: String,
    /// Word span in the sentence.
    pub start: usize,
    /// One past the last word.
    pub end: usize,
    /// Typed words read as lexicon words: (typed, read as).
    pub typos: Vec<(String, String)>,
}

/// Every phrase of every list, compiled for matching.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    vocab: WordMap<u32>,
    words: Vec<String>,
    index: fuzzy::Index,
    phrases: Vec<Phrase>,
    by_first: HashMap<u32, Vec<usize>, BuildHasherDefault<Fnv>>,
}

impl Lexicon {
    /// Every word of every phrase.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// Indexes the phrases added so far for matching; call once after the last [`Lexicon::add`].
    pub fn finish(&mut self) {
        self.by_first.clear();
        for (i, p) in self.phrases.iter().enumerate() {
            if let Some(Item::Word(w)) = p.items.first() {
                self.by_first.entry(*w).or_default().push(i);
            }
        }
        self.index = fuzzy::Index::new(&self.words);
    }

    /// Every phrase found in one sentence's normalised words. Words in `known` are never read as typos;
    /// anchored phrases start after the sentence's leading `fillers`.
    pub fn find(
        &self,
        words: &[String],
        raw_words: &[String],
        raw_of: &[usize],
        known: &WordSet,
        fillers: &WordSet,
    ) -> Vec<Hit> {
        // Candidate lexicon words at each position: exact, or one edit away (with the edit's kind).
        let cands: Vec<Vec<(u32, Option<Edit>)>> = words
            .iter()
            .map(|w| match self.vocab.get(w) {
                Some(&id) => vec![(id, None)],
                None if known.contains(w) || w.bytes().any(|b| b.is_ascii_digit()) => Vec::new(),
                None => self
                    .index
                    .near(w)
                    .into_iter()
                    .map(|(id, e)| (id, Some(e)))
                    .collect(),
            })
            .collect();
        let lead = words
            .iter()
            .take_while(|w| fillers.contains(w.as_str()))
            .count();
        let mut hits = Vec::new();
        for start in 0..words.len() {
            for &(first, _) in &cands[start] {
                for &pi in self.by_first.get(&first).into_iter().flatten() {
                    let p = &self.phrases[pi];
                    if p.anchored && start != lead {
                        continue;
                    }
                    let mut typos = Vec::new();
                    let Some(end) = match_at(&p.items, &cands, start, &mut typos) else {
                        continue;
                    };
                    if !typos_acceptable(p, &typos) {
                        continue;
                    }
                    let typos = typos
                        .into_iter()
                        .map(|(pos, id, _)| {
                            let typed = raw_of
                                .get(pos)
                                .and_then(|&r| raw_words.get(r))
                                .unwrap_or(&words[pos]);
                            (typed.clone(), self.index_word(id).to_owned())
                        })
                        .collect();
                    hits.push(Hit {
                        group: p.group,
                        phrase: p.text.clone(),
                        start,
                        end,
                        typos,
                    });
                }
            }
        }
        hits
    }

    fn index_word(&self, id: u32) -> &str {
        self.words.get(id as usize).map_or("", String::as_str)
    }
}

/// Typos are accepted in a multi-word phrase when most of its words were typed right, and in a one-word phrase
/// only for long words and never as a substitution ("making" must not be read for "taking").
fn typos_acceptable(p: &Phrase, typos: &[(usize, u32, Edit)]) -> bool {
    if typos.is_empty() {
        return true;
    }
    if !p.fuzzy_ok {
        return false;
    }
    let words = p
        .items
        .iter()
        .filter(|i| matches!(i, Item::Word(_)))
        .count();
    if words == 1 {
        return typos[0].2 == Edit::Other && p.text.chars().count() >= 6;
    }
    typos.len() * 2 <= words && typos.len() <= 2
}

/// Matches items from `pos`; returns the end position. A gap takes 0-3 words (shortest first).
fn match_at(
    items: &[Item],
    cands: &[Vec<(u32, Option<Edit>)>],
    pos: usize,
    typos: &mut Vec<(usize, u32, Edit)>,
) -> Option<usize> {
    let Some((item, rest)) = items.split_first() else {
        return Some(pos);
    };
    match item {
        Item::Word(w) => {
            let &(_, edit) = cands.get(pos)?.iter().find(|(c, _)| c == w)?;
            if let Some(e) = edit {
                typos.push((pos, *w, e));
            }
            let r = match_at(rest, cands, pos + 1, typos);
            if r.is_none() && edit.is_some() {
                typos.pop();
            }
            r
        }
        Item::Gap => (0..=3).find_map(|skip| {
            let before = typos.len();
            let r = if pos + skip <= cands.len() {
                match_at(rest, cands, pos + skip, typos)
            } else {
                None
            };
            if r.is_none() {
                typos.truncate(before);
            }
            r
        }),
    }
}

impl Lexicon {
    /// Compiles one phrase: "^" anchors it at the sentence start, "*" is a gap of up to three words, words are
    /// normalised like typed text (so "you're" in the file matches "youre" and "you are"). `fuzzy_ok`: its
    /// words may be matched through a typo.
    pub fn add(
        &mut self,
        normaliser: &Normaliser,
        text: &str,
        group: Group,
        fuzzy_ok: bool,
    ) -> Result<(), String> {
        let (anchored, body) = match text.trim().strip_prefix('^') {
            Some(rest) => (true, rest),
            None => (false, text.trim()),
        };
        let mut items = Vec::new();
        for part in body.split_whitespace() {
            if part == "*" {
                items.push(Item::Gap);
                continue;
            }
            let (raw, _) = super::text::tokens(part);
            for token in raw {
                let mut out = Vec::new();
                normaliser.expand(&token, &mut out);
                for w in out {
                    let next = self.words.len() as u32;
                    let id = *self.vocab.entry(w.clone()).or_insert(next);
                    if id == next {
                        self.words.push(w);
                    }
                    items.push(Item::Word(id));
                }
            }
        }
        if !matches!(items.first(), Some(Item::Word(_)))
            || !matches!(items.last(), Some(Item::Word(_)))
        {
            return Err(format!(
                "rules.yaml: phrase '{text}' must start and end with a word"
            ));
        }
        self.phrases.push(Phrase {
            items,
            anchored,
            group,
            text: body.to_owned(),
            fuzzy_ok,
        });
        Ok(())
    }
}
