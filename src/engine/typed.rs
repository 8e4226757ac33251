//! Replies in the trainee's own words: how a typed reply is matched to the authored replies at a decision point,
//! and which fallback reaction answers it when none matches closely enough. docs/typed-replies.md explains the
//! figures; the session (`Session::say`) applies the result through the same rubric as a chosen reply.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::classify::features::is_stop;
use crate::classify::{Classification, Classifier, CodeReading, MainBehaviour};
use crate::engine::facts::FactAnswer;
use crate::engine::near_words::NearWords;
use crate::engine::transcript::Alternative;
use crate::scoring::{Rubric, reply_value};
use crate::vignette::BehaviourCode;
use crate::vignette::compiled::Cue;
use crate::vignette::model::ReactionTo;

/// A typed reply follows an authored reply's branch when its match score reaches this (0-1), its wording shares
/// enough (`MIN_TEXT_SIMILARITY`) and, below `SURE_MATCH`, every straining code read is one the reply has too.
/// Chosen on the paraphrase set (docs/typed-replies.md, "Measured"): 0.42 accepted 50% of paraphrases, 0.30 accepts
/// 75%, with no nonsense line and no paraphrase taken for another reply at either.
pub const MATCH_THRESHOLD: f32 = 0.30;
/// At or above this score a match stands whatever the typed reply carries beside the reply's move; below it, a
/// typed reply with a straining code the reply lacks (a judgement added to advice) gets the patient's reaction to
/// that instead, as it would if nothing had matched.
pub const SURE_MATCH: f32 = 0.42;
/// ... and its words share at least this much with the authored reply's (0-1): agreeing codes alone
/// ("another open question") do not make two replies the same move in this conversation.
pub const MIN_TEXT_SIMILARITY: f32 = 0.2;
/// A match that rests on this many shared content words or fewer (word stems or near-word classes) ...
pub const THIN_ANCHOR: usize = 1;
/// ... is no match when the typed reply brings at least this many content words said nowhere at that point (not
/// in the patient's line, nor in any reply on offer or its phrasings): it shares one word with a short reply but
/// is about something else ("My dog is scared of the hoover." and "Going low scares you.").
pub const STRAY_WORDS: usize = 2;
/// A typed reply is kept, read and matched up to this many characters (the classifier reads no more either); a
/// longer paste is cut there, so a transcript never swells with it.
pub const MAX_TYPED_CHARS: usize = 2_000;
/// How much the wording counts in the match score when the classifier is sure of a code; the behaviour codes
/// count the rest. The codes count less as the classifier is less sure (`TypedReading::code_weight`).
pub const TEXT_WEIGHT: f32 = 0.55;
/// Codes read below this confidence are shown and count toward the match, but are neither scored nor reacted to.
pub const MIN_CODE_CONFIDENCE: f32 = crate::classify::SCORED_CONFIDENCE;
/// A code whose rubric value (`scoring::reply_value`) is at or below this is straining enough that the patient
/// reacts to it before anything else said in the same breath.
pub const STRAINING_VALUE: f64 = -2.0;

/// How a typed reply was read and what it was matched to: kept in the transcript, shown in the debrief.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypedReading {
    /// What the trainee typed, as typed.
    pub text: String,
    /// The classifier's main behaviour for the whole reply.
    pub main: MainBehaviour,
    /// How sure it is of `main` (0-1).
    pub main_confidence: f32,
    /// The behaviour codes read, strongest first, each with its confidence and evidence.
    pub codes: Vec<CodeReading>,
    /// Every authored reply that was on offer, best match first.
    pub candidates: Vec<Candidate>,
    /// The authored reply whose branch was followed (its index), when the match was confident.
    pub matched: Option<usize>,
    /// Its words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matched_text: Option<String>,
    /// The best candidate's match score (0-1); `matched` is set when it reaches `MATCH_THRESHOLD`.
    pub confidence: f32,
    /// How much code agreement counted in the match scores: (1 - `TEXT_WEIGHT`) times the confidence of the
    /// surest code read (0 when nothing was read); the wording counted the rest.
    #[serde(default)]
    pub code_weight: f32,
    /// The fallback reaction used when nothing matched.
    pub reaction: Option<ReactionTo>,
    /// The matched reply's authored effects applied too (every one of its codes was read in the typed reply).
    #[serde(default)]
    pub authored_effects: bool,
    /// The authored reply on offer that would have scored best at this point.
    #[serde(default)]
    pub best: Option<Alternative>,
    /// A question about one of the patient's facts that no written reply covered: the topic and the answer given
    /// instead of a reaction (absent in transcripts written before facts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fact: Option<FactAnswer>,
}

impl TypedReading {
    /// The codes the reply is scored by: those read with at least `MIN_CODE_CONFIDENCE`, strongest first.
    pub fn code_list(&self) -> Vec<BehaviourCode> {
        self.codes
            .iter()
            .filter(|c| c.confidence >= MIN_CODE_CONFIDENCE)
            .map(|c| c.code)
            .collect()
    }
}

/// One authored reply compared with the typed one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The authored reply's index at its node.
    pub index: usize,
    /// How much of the wording they share (0-1).
    pub text_similarity: f32,
    /// How far the behaviour codes agree (0-1).
    pub code_agreement: f32,
    /// `code_weight` × agreement + the rest × similarity.
    pub score: f32,
}

/// Reads `text` (answering `patient_line`) and compares it with `offered` (index, authored text, codes).
/// The result has no reaction, effects or best reply yet: the session fills those in when it applies it.
pub fn read(
    classifier: &Classifier,
    text: &str,
    patient_line: &str,
    offered: &[(usize, &str, &[BehaviourCode])],
    rubric: &Rubric,
) -> TypedReading {
    let offers: Vec<Offer> = offered
        .iter()
        .map(|&(index, text, codes)| Offer {
            index,
            text,
            also: &[],
            codes,
        })
        .collect();
    read_offers(classifier, text, patient_line, &offers, rubric)
}

/// An authored reply on offer, with the other phrasings (`also:`) its wording may be matched by.
#[derive(Debug, Clone, Copy)]
pub struct Offer<'a> {
    /// Its index among the node's replies.
    pub index: usize,
    /// Its words.
    pub text: &'a str,
    /// Other phrasings of it.
    pub also: &'a [String],
    /// Its codes.
    pub codes: &'a [BehaviourCode],
}

/// [`read`], where each reply's wording is the closest of its text and its `also:` phrasings.
pub fn read_offers(
    classifier: &Classifier,
    text: &str,
    patient_line: &str,
    offered: &[Offer],
    rubric: &Rubric,
) -> TypedReading {
    let text = match text.char_indices().nth(MAX_TYPED_CHARS) {
        Some((cut, _)) => &text[..cut],
        None => text,
    };
    let c = classifier.classify(text, Some(patient_line));
    let typed = Bag::of(classifier, text);
    // Each reply's wordings (its text, then its `also:` phrasings), and every content word said at this point.
    let wordings: Vec<Vec<Bag>> = offered
        .iter()
        .map(|o| {
            std::iter::once(o.text)
                .chain(o.also.iter().map(String::as_str))
                .map(|t| Bag::of(classifier, t))
                .collect()
        })
        .collect();
    let heard = Bag::of(classifier, patient_line);
    let said_here =
        |stem: &String| heard.has(stem) || wordings.iter().flatten().any(|b| b.has(stem));
    let stray = typed.stems.iter().filter(|s| !said_here(s)).count();
    // Per reply (as offered): how many content words its closest wording shares with the typed reply.
    let mut shared_words = Vec::with_capacity(offered.len());
    let surest = c.codes.iter().map(|r| r.confidence).fold(0.0f32, f32::max);
    let code_weight = round3((1.0 - TEXT_WEIGHT) * surest.min(1.0));
    let mut candidates: Vec<Candidate> = offered
        .iter()
        .zip(&wordings)
        .map(|(o, bags)| {
            let (index, codes) = (o.index, o.codes);
            // The closest wording; on a tie the first (the written text) stands.
            let (text_similarity, closest) = bags.iter().map(|b| (typed.similarity(b), b)).fold(
                (0.0f32, None),
                |best, (sim, b)| {
                    if best.1.is_none() || sim > best.0 {
                        (sim, Some(b))
                    } else {
                        best
                    }
                },
            );
            shared_words.push((index, closest.map_or(0, |b| typed.shared(b))));
            let code_agreement = agreement(&c.codes, codes);
            Candidate {
                index,
                text_similarity,
                code_agreement,
                score: round3((1.0 - code_weight) * text_similarity + code_weight * code_agreement),
            }
        })
        .collect();
    // Best first; on a tie the authored order stands (the sort is stable).
    candidates.sort_by(|a, b| b.score.total_cmp(&a.score));
    let top = candidates.first();
    let confidence = top.map_or(0.0, |t| t.score);
    let value = |code: BehaviourCode| rubric.codes.get(&code).map_or(0.0, reply_value);
    let straining: Vec<BehaviourCode> = c
        .codes
        .iter()
        .filter(|r| r.confidence >= MIN_CODE_CONFIDENCE && value(r.code) <= STRAINING_VALUE)
        .map(|r| r.code)
        .collect();
    let carries_no_other_strain = |t: &Candidate| {
        offered
            .iter()
            .find(|o| o.index == t.index)
            .is_some_and(|o| straining.iter().all(|s| o.codes.contains(s)))
    };
    // One shared word does not carry a line that is about something else.
    let anchored = |t: &Candidate| {
        stray < STRAY_WORDS
            || shared_words
                .iter()
                .any(|&(i, n)| i == t.index && n > THIN_ANCHOR)
    };
    let matched = top
        .filter(|t| {
            t.text_similarity >= MIN_TEXT_SIMILARITY
                && anchored(t)
                && (t.score >= SURE_MATCH
                    || (t.score >= MATCH_THRESHOLD && carries_no_other_strain(t)))
        })
        .map(|t| t.index);
    let matched_text = matched.and_then(|m| {
        offered
            .iter()
            .find(|o| o.index == m)
            .map(|o| o.text.to_owned())
    });
    let reaction = matched.is_none().then(|| reaction_key(&c, rubric));
    TypedReading {
        text: text.to_owned(),
        main: c.main,
        main_confidence: c.main_confidence,
        codes: c.codes,
        candidates,
        matched,
        matched_text,
        confidence,
        code_weight,
        reaction,
        authored_effects: false,
        best: None,
        fact: None,
    }
}

/// How many content words two replies share: the Dice coefficient of their word stems after the classifier's
/// normalisation (0-1), the wording part of the matcher's similarity without the character trigrams and with
/// near-words left apart: how far a paraphrase keeps from the written words.
pub fn word_overlap(classifier: &Classifier, a: &str, b: &str) -> f32 {
    let (a, b) = (Bag::literal(classifier, a), Bag::literal(classifier, b));
    if a.stems.is_empty() || b.stems.is_empty() {
        return 0.0;
    }
    let shared = a
        .stems
        .iter()
        .filter(|s| b.stems.binary_search(s).is_ok())
        .count() as f32;
    round3(2.0 * shared / (a.stems.len() + b.stems.len()) as f32)
}

/// Codes that attend to whatever the patient just offered: a reflection of it, a summary, an invitation to correct,
/// naming a strain, or an open question that leaves the patient room to say more.
const ATTENDING: [BehaviourCode; 6] = [
    BehaviourCode::SimpleReflection,
    BehaviourCode::ComplexReflection,
    BehaviourCode::Summarise,
    BehaviourCode::InviteCorrection,
    BehaviourCode::AcknowledgeStrain,
    BehaviourCode::OpenQuestion,
];
/// Codes that already say what a reply did with the cue (argued, judged, reassured it away).
const VICES: [BehaviourCode; 4] = [
    BehaviourCode::Persuade,
    BehaviourCode::Confront,
    BehaviourCode::Judging,
    BehaviourCode::PrematureReassurance,
];
/// Confidence of an `ignoring_cue` read from a node's cue.
const IGNORING_CUE_CONFIDENCE: f32 = 0.7;

/// A node's cue is open (`cue:` in the vignette): a typed reply that neither reflects it, nor asks an open question,
/// nor asks about one of its words, nor matches a written reply that attends to it, and carries no vice that
/// already says what it did, is read as `ignoring_cue` too, with its evidence (seed 000; seed 004).
pub fn attend_cue(reading: &mut TypedReading, cue: &Cue) {
    let codes = reading.code_list();
    if codes.is_empty() || codes.contains(&BehaviourCode::IgnoringCue) {
        return;
    }
    let words: Vec<String> = reading
        .text
        .to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    let touches = cue.about.iter().find(|phrase| {
        let p: Vec<&str> = phrase.split_whitespace().collect();
        !p.is_empty()
            && words
                .windows(p.len())
                .any(|w| w.iter().zip(&p).all(|(a, b)| a == b))
    });
    let asks = codes.iter().any(|c| c.is_question()) && touches.is_some();
    let attends = reading
        .matched
        .is_some_and(|m| cue.attended_by.contains(&m))
        || codes.iter().any(|c| ATTENDING.contains(c))
        || asks;
    if attends || codes.iter().any(|c| VICES.contains(c)) {
        return;
    }
    let about = if cue.about.is_empty() {
        String::new()
    } else {
        format!(" ({})", cue.about.join(", "))
    };
    reading.codes.push(CodeReading {
        code: BehaviourCode::IgnoringCue,
        confidence: IGNORING_CUE_CONFIDENCE,
        evidence: vec![format!(
            "the patient's cue here{about} was neither reflected nor asked about"
        )],
    });
}

/// Which fallback reaction answers a reply: the most straining code read with some confidence (the patient
/// reacts to a judgement before anything else in the same breath), else the code that moves the alliance most
/// (rubric value times confidence), else `unclear`.
pub fn reaction_key(c: &Classification, rubric: &Rubric) -> ReactionTo {
    reaction_of(&c.codes, rubric).unwrap_or(ReactionTo::Unclear)
}

/// [`reaction_key`] from the codes read: `None` when none was read with enough confidence.
pub fn reaction_of(codes: &[CodeReading], rubric: &Rubric) -> Option<ReactionTo> {
    let value = |code: BehaviourCode| rubric.codes.get(&code).map_or(0.0, reply_value);
    let sure = || {
        codes
            .iter()
            .filter(|r| r.confidence >= MIN_CODE_CONFIDENCE)
            .map(|r| (r.code, value(r.code), f64::from(r.confidence)))
    };
    let worst = sure()
        .filter(|(_, v, _)| *v <= STRAINING_VALUE)
        .min_by(|a, b| a.1.total_cmp(&b.1));
    // `max_by` keeps the last of equals; reversing keeps the first (the surest) instead.
    let strongest = sure()
        .rev()
        .max_by(|a, b| (a.1 * a.2).total_cmp(&(b.1 * b.2)));
    worst
        .or(strongest)
        .map(|(code, _, _)| ReactionTo::Code(code))
}

/// How far the codes read (weighted by confidence) agree with an authored reply's: the F1 of
/// confidence-weighted precision and recall, where a near code (open and closed questions, simple and complex
/// reflections, a summary and a reflection, confronting and judging) counts half.
pub fn agreement(read: &[CodeReading], authored: &[BehaviourCode]) -> f32 {
    if read.is_empty() || authored.is_empty() {
        return 0.0;
    }
    let best_for = |code: BehaviourCode, among: &mut dyn Iterator<Item = BehaviourCode>| {
        among.map(|o| affinity(code, o)).fold(0.0f32, f32::max)
    };
    let total: f32 = read.iter().map(|r| r.confidence).sum();
    let precision = read
        .iter()
        .map(|r| r.confidence * best_for(r.code, &mut authored.iter().copied()))
        .sum::<f32>()
        / total.max(1e-6);
    let recall = authored
        .iter()
        .map(|&a| {
            read.iter()
                .map(|r| affinity(a, r.code) * r.confidence.clamp(0.5, 1.0))
                .fold(0.0f32, f32::max)
        })
        .sum::<f32>()
        / authored.len() as f32;
    if precision + recall <= 0.0 {
        0.0
    } else {
        round3(2.0 * precision * recall / (precision + recall))
    }
}

fn affinity(a: BehaviourCode, b: BehaviourCode) -> f32 {
    use BehaviourCode::*;
    if a == b {
        return 1.0;
    }
    let near = |x: BehaviourCode, y: BehaviourCode| (a == x && b == y) || (a == y && b == x);
    if near(OpenQuestion, ClosedQuestion)
        || near(SimpleReflection, ComplexReflection)
        || near(Summarise, ComplexReflection)
        || near(Summarise, SimpleReflection)
        || near(Confront, Judging)
        || near(ElicitGoals, OpenQuestion)
        || near(InviteCorrection, ComplexReflection)
    {
        0.5
    } else {
        0.0
    }
}

/// The content of a reply as a bag of word stems and character trigrams, after the classifier's own
/// normalisation (contractions, spelling), so "dont" and "do not", "behavior" and "behaviour" agree.
struct Bag {
    stems: Vec<String>,
    grams: HashMap<[char; 3], f32>,
}

impl Bag {
    fn of(classifier: &Classifier, text: &str) -> Bag {
        Self::read(classifier, text, NearWords::shipped())
    }

    /// The words as written, near-words left apart (how far a paraphrase keeps from the written words).
    fn literal(classifier: &Classifier, text: &str) -> Bag {
        Self::read(classifier, text, &NearWords::default())
    }

    fn read(classifier: &Classifier, text: &str, near: &NearWords) -> Bag {
        let prepared = classifier.rules().normaliser.prepare(text);
        let words: Vec<&str> = prepared.words().collect();
        let all: Vec<String> = words.iter().map(|w| stem(w)).collect();
        // A near-word ("frightened" for "scared", "residual limb" for "stump") counts as its class's name; other
        // words count when they carry content.
        let mut stems: Vec<String> = near
            .fold(&all)
            .into_iter()
            .filter_map(|(at, class)| match class {
                Some(name) => Some(name.to_owned()),
                None => (words[at].len() > 1
                    && !is_stop(words[at])
                    && !NOT_CONTENT.contains(&words[at]))
                .then(|| all[at].clone()),
            })
            .collect();
        stems.sort_unstable();
        stems.dedup();
        let mut grams = HashMap::new();
        for s in &stems {
            let padded: Vec<char> = std::iter::once(' ')
                .chain(s.chars())
                .chain(std::iter::once(' '))
                .collect();
            for w in padded.windows(3) {
                *grams.entry([w[0], w[1], w[2]]).or_insert(0.0) += 1.0;
            }
        }
        Bag { stems, grams }
    }

    /// The reply's content includes this stem (or near-word class).
    fn has(&self, stem: &String) -> bool {
        self.stems.binary_search(stem).is_ok()
    }

    /// How many content stems (or near-word classes) the two share.
    fn shared(&self, other: &Bag) -> usize {
        self.stems.iter().filter(|s| other.has(s)).count()
    }

    /// The mean of the stems' Dice coefficient and the trigrams' cosine (the second forgives typos and
    /// inflections the crude stemmer misses).
    fn similarity(&self, other: &Bag) -> f32 {
        if self.stems.is_empty() || other.stems.is_empty() {
            return 0.0;
        }
        let shared = self.shared(other) as f32;
        let dice = 2.0 * shared / (self.stems.len() + other.stems.len()) as f32;
        let dot: f32 = self
            .grams
            .iter()
            .filter_map(|(g, x)| other.grams.get(g).map(|y| x * y))
            .sum();
        let norm = |m: &HashMap<[char; 3], f32>| m.values().map(|x| x * x).sum::<f32>().sqrt();
        let cosine = dot / (norm(&self.grams) * norm(&other.grams)).max(1e-6);
        round3(0.5 * dice + 0.5 * cosine)
    }
}

/// A crude English stemmer: enough that "worried", "worries" and "worrying" meet, and "scare", "scared" and
/// "scares", "stop" and "stopped" (a final silent "e" and a doubled consonant are dropped after the suffix).
pub(crate) fn stem(word: &str) -> String {
    let mut base = word;
    for suffix in ["ing", "ied", "ies", "ed", "es", "ly", "s"] {
        // "stress", "focus" and "this" end in an "s" that is not a plural.
        if suffix == "s" && (word.ends_with("ss") || word.ends_with("us") || word.ends_with("is")) {
            break;
        }
        if let Some(b) = word.strip_suffix(suffix)
            && b.chars().count() >= 3
        {
            if matches!(suffix, "ied" | "ies") {
                return format!("{b}y");
            }
            base = b;
            break;
        }
    }
    let chars: Vec<char> = base.chars().collect();
    match chars.as_slice() {
        [.., x, y]
            if x == y && !matches!(x, 'l' | 's' | 'z' | 'e' | 'o') && !x.is_ascii_digit() =>
        {
            chars[..chars.len() - 1].iter().collect()
        }
        [_, _, _, .., 'e'] => chars[..chars.len() - 1].iter().collect(),
        _ => base.to_owned(),
    }
}

/// Words the wording comparison leaves out beside the classifier's stop list (which keeps them: it reads form).
/// Question words and modal verbs give a reply its form, which the codes read already: two questions sharing "how"
/// or "could" are not about the same thing. Quantifiers ("any", "some", "many") would otherwise make an unrelated
/// question look like a written one ("Are you on any medication?" and "How many doses has she missed, and any high
/// readings?").
#[rustfmt::skip]
const NOT_CONTENT: &[&str] = &[
    "how", "why", "when", "where", "who", "which", "whose", "could", "should", "shall", "may", "might", "must",
    "any", "anything", "some", "something", "many", "much",
];

/// Three decimals: the figures are shown to trainees and stored in transcripts, and must replay exactly.
fn round3(x: f32) -> f32 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_meet() {
        assert_eq!(stem("worried"), "worry");
        assert_eq!(stem("worries"), "worry");
        assert_eq!(stem("worrying"), "worry");
        assert_eq!(stem("is"), "is");
        for (a, b) in [
            ("scare", "scared"),
            ("scares", "scared"),
            ("stop", "stopped"),
            ("hope", "hoping"),
        ] {
            assert_eq!(stem(a), stem(b), "{a} and {b}");
        }
        assert_eq!(stem("stress"), stem("stressed"));
        assert_eq!(stem("frightened"), stem("frightening"));
    }

    #[test]
    fn near_codes_count_half() {
        let read = |code, confidence| CodeReading {
            code,
            confidence,
            evidence: Vec::new(),
        };
        let open = [read(BehaviourCode::OpenQuestion, 1.0)];
        assert_eq!(agreement(&open, &[BehaviourCode::OpenQuestion]), 1.0);
        assert_eq!(agreement(&open, &[BehaviourCode::ClosedQuestion]), 0.5);
        assert_eq!(agreement(&open, &[BehaviourCode::Persuade]), 0.0);
        assert_eq!(agreement(&[], &[BehaviourCode::Persuade]), 0.0);
    }

    #[test]
    fn wording_is_compared_after_normalising() {
        let c = Classifier::shipped();
        let a = Bag::of(
            c,
            "You don't want to take insulin because you're worried about hypos",
        );
        let b = Bag::of(
            c,
            "you dont want to take your insulin, you worry about hypos",
        );
        let far = Bag::of(c, "Let's talk about your shopping list");
        assert!(a.similarity(&b) > 0.6, "{}", a.similarity(&b));
        assert!(a.similarity(&far) < 0.2, "{}", a.similarity(&far));
    }

    /// The cue at fear-of-hypoglycaemia, as written: "Hypos frighten you." shares no word with "Going low scares
    /// you.", but every content word is a near-word of one there (dialogues/matching/near-words.yaml).
    #[test]
    fn a_near_word_paraphrase_matches_and_a_near_word_alone_does_not() {
        use BehaviourCode::*;
        let c = Classifier::shipped();
        let rubric = Rubric::shipped();
        let patient = "It's just... if I stay in the range you recommend, I'm scared I'll go low. \
                       And then I don't know what might happen.";
        let offered: [(usize, &str, &[BehaviourCode]); 3] = [
            (
                0,
                "Sounds like you are feeling anxious about taking your insulin as recommended, as this may \
                 lead to a severe hypo.",
                &[ComplexReflection],
            ),
            (1, "Going low scares you.", &[SimpleReflection]),
            (
                2,
                "Severe hypos are a lot less common than people fear, especially if you check before you \
                 drive, keep glucose on you and treat lows early. Do those things and you'll be fine in the range.",
                &[PrematureReassurance, GivingInformation],
            ),
        ];
        let matched = |text: &str| read(c, text, patient, &offered, &rubric).matched;
        assert_eq!(matched("Hypos frighten you."), Some(1));
        assert_eq!(matched("You're frightened of going low."), Some(1));
        // An off-topic line with a near-word of the feeling stays unmatched, short ones too: one shared word does
        // not carry two words said nowhere here (`STRAY_WORDS`).
        for nonsense in [
            "That horror film last night was terrifying.",
            "Is it going to snow, do you think?",
            "My dog is scared of the hoover.",
            "Spiders frighten my sister.",
        ] {
            assert_eq!(matched(nonsense), None, "{nonsense}");
        }
    }
}
