//! A typed question about the patient's own life (alcohol, work, sleep…) that no written reply covers: which of
//! the vignette's `facts:` topics it asks about, and the patient's answer (fuller to an open question, guarded
//! while the bond is low). The session answers it and stays at the same decision point.

use serde::{Deserialize, Serialize};

use crate::vignette::compiled::{Fact, Turn};
use crate::vignette::model::Emotion;
use crate::vignette::topics::FIRST_TOPICS;

/// Which answer the patient gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answered {
    /// The full answer, to an open question.
    Full,
    /// The short answer, to a closed question.
    Short,
    /// The guarded line: the bond was below the fact's level.
    Guarded,
}

/// A question about one of the patient's facts, and what the patient said: kept in the transcript.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactAnswer {
    /// The topic asked about.
    pub topic: String,
    /// Which answer was given.
    pub answered: Answered,
    /// The patient's words.
    pub said: String,
}

/// The topic among `facts` that `text` asks about (its index), if any: the topic whose word or phrase comes
/// first in the text (whole words, plurals too), a safety topic (`FIRST_TOPICS`) before any other, the longer phrase on a tie.
pub fn topic_asked(facts: &[Fact], text: &str) -> Option<usize> {
    let words: Vec<String> = words(text);
    let mut best: Option<(bool, usize, usize, usize)> = None; // (not first, position, -len, fact)
    for (i, f) in facts.iter().enumerate() {
        for phrase in &f.words {
            let p = self::words(phrase);
            if p.is_empty() || p.len() > words.len() {
                continue;
            }
            if let Some(at) = words
                .windows(p.len())
                .position(|w| w.iter().zip(&p).all(|(a, b)| same_word(a, b)))
            {
                let key = (
                    !FIRST_TOPICS.contains(&f.topic.as_str()),
                    at,
                    usize::MAX - p.len(),
                    i,
                );
                if best.is_none_or(|b| key < b) {
                    best = Some(key);
                }
            }
        }
    }
    best.map(|b| b.3)
}

/// The patient's answer about `fact` at this bond: guarded below its level, else full to an open question and
/// short to a closed one.
pub fn answer(fact: &Fact, open: bool, bond: f64) -> FactAnswer {
    let (answered, said) = match &fact.guarded {
        Some((level, line)) if bond < *level => (Answered::Guarded, line.clone()),
        _ if open => (Answered::Full, fact.answer.clone()),
        _ => (Answered::Short, fact.short.clone()),
    };
    FactAnswer {
        topic: fact.topic.clone(),
        answered,
        said,
    }
}

/// The patient's line for an answer given (from the transcript, so a resumed attempt shows the same words);
/// `fact` gives its cue and feeling when the vignette still has the topic.
pub fn line(answer: &FactAnswer, fact: Option<&Fact>) -> Turn {
    let guarded = answer.answered == Answered::Guarded;
    Turn {
        say: vec![answer.said.clone()],
        cue: match fact {
            Some(_) if guarded => "answers briefly, not meeting your eye".to_owned(),
            Some(f) => f.cue.clone(),
            None => "answers your question".to_owned(),
        },
        emotion: if guarded {
            Emotion::Guarded
        } else {
            fact.map_or(Emotion::Neutral, |f| f.emotion)
        },
        rupture: None,
        talk: None,
        speaker: crate::vignette::model::Person::Patient,
    }
}

/// Lower-case words, split at anything but letters, digits and apostrophes (curly ones made straight).
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace('\u{2019}', "'")
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.trim_matches('\''))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A typed word meets a topic's word when it is that word or its plural ("drink", "drinks"); other forms are
/// listed (so "working" is a work word but "would work for you" is not about a job).
fn same_word(typed: &str, word: &str) -> bool {
    typed == word
        || typed
            .strip_prefix(word)
            .is_some_and(|rest| rest == "s" || rest == "es")
}
