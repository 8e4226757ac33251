//! The educator-readable rules (dialogues/classifier/rules.yaml): parsing and checking them into normaliser
//! tables, word lists, cues and a phrase lexicon. Matching lives in `phrases`; turning matches into codes in `combine`.

use std::collections::HashMap;

use serde::Deserialize;

use super::phrases::Lexicon;
pub use super::phrases::{Group, Hit};
use super::sentences::QuestionForm;
use super::text::{Normaliser, WordSet};
use super::{BehaviourCode, MainBehaviour};

/// rules.yaml as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    version: u32,
    vote_weight: f32,
    answer_hint: f32,
    #[serde(default)]
    own_content_hint: f32,
    follow_codes_below: f32,
    nudges: Nudges,
    fillers: Vec<String>,
    common_words: Vec<String>,
    spelling: HashMap<String, String>,
    apostrophe_free: HashMap<String, String>,
    expansions: HashMap<String, String>,
    suffixes: HashMap<String, String>,
    s_is_after: Vec<String>,
    question_form: QuestionFormFile,
    reflection_depth: DepthFile,
    advice_requests: Vec<String>,
    permission: Vec<String>,
    worry_words: Vec<String>,
    reported: Vec<String>,
    jargon: JargonFile,
    affirm_rule: AffirmRuleFile,
    cues: Vec<CueFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AffirmRuleFile {
    max_gap: usize,
    patient: Vec<String>,
    owner: Vec<String>,
    pointer: Vec<String>,
    pointer_verbs: Vec<String>,
    others: Vec<String>,
    cancelled_by: Vec<String>,
    strengths: Vec<String>,
    not_strengths: Vec<String>,
}

/// The word lists of the strength-attributed-to-the-patient rule (rules.yaml `affirm_rule`).
#[derive(Debug, Clone, Default)]
pub struct AffirmRule {
    /// Most words between the patient as subject and the strength word.
    pub max_gap: usize,
    /// Words naming the patient ("you").
    pub patient: WordSet,
    /// Possessives right before a strength noun ("your").
    pub owner: WordSet,
    /// Words pointing at what the patient did ("that").
    pub pointer: WordSet,
    /// Verbs that make a pointer the subject of praise ("took", "shows").
    pub pointer_verbs: WordSet,
    /// Other people: the nearest of these before a strength word means it is not the patient's.
    pub others: WordSet,
    /// Words or word sequences between subject and strength that make it a demand, a condition or a report.
    pub cancelled_by: Vec<Vec<String>>,
    /// The index of the first affirm cue, whose weight the rule's affirmations take.
    pub cue: Option<usize>,
}

/// How far rules move the model's open/closed and simple/complex leanings (probability points).
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Nudges {
    /// The longest open or closed question opening found.
    pub question_form: f32,
    /// A phrase that adds meaning to a reflection ("sounds like").
    pub added_meaning: f32,
    /// A feeling word the patient did not use.
    pub new_feeling: f32,
    /// Most content words new to the patient's line (up) or repeated from it (down).
    pub novelty: f32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionFormFile {
    wh: Vec<String>,
    auxiliaries: Vec<String>,
    subjects: Vec<String>,
    embedding: Vec<String>,
    open: Vec<String>,
    closed: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DepthFile {
    complex: Vec<String>,
    feeling_words: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JargonFile {
    terms: Vec<String>,
    explained_by: Vec<String>,
    window: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CueFile {
    code: String,
    #[allow(dead_code)] // read by educators; kept in the file, not used by the code
    source: String,
    weight: f32,
    #[serde(default)]
    main: Option<MainBehaviour>,
    #[serde(default)]
    in_question: InQuestion,
    phrases: Vec<String>,
}

/// What a cue means inside a question.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InQuestion {
    /// The cue's code stands beside the question's ("What would you like to focus on?").
    #[default]
    Keep,
    /// The question is the cue's act, not a question: only the cue's code ("Why don't you just stop?").
    Lead,
    /// The cue means nothing in a question ("Do you cut down on it?" is not advice).
    Drop,
}

/// A cue for one code, compiled.
#[derive(Debug, Clone)]
pub struct Cue {
    /// The code it is evidence of.
    pub code: BehaviourCode,
    /// Confidence of an exact match (0-1).
    pub weight: f32,
    /// The main behaviour it suggests, if any (added to the model's probability).
    pub main: Option<MainBehaviour>,
    /// What it means inside a question.
    pub in_question: InQuestion,
}

/// The compiled rules: normaliser tables, word lists, cues and a phrase matcher.
#[derive(Debug, Clone)]
pub struct Rules {
    /// Normalisation tables.
    pub normaliser: Normaliser,
    /// Question-form word lists.
    pub question_form: QuestionForm,
    /// The cues, in file order.
    pub cues: Vec<Cue>,
    /// Weight of a cue's main-behaviour hint.
    pub vote_weight: f32,
    /// Weight (times `vote_weight`) of the therapist-input hint for a statement answering the patient's question.
    pub answer_hint: f32,
    /// Weight (times `vote_weight`) of the therapist-input hint for a statement in the clinician's own words
    /// (`combine::own_content`).
    pub own_content_hint: f32,
    /// Below this confidence the main behaviour follows the codes when they all point to another one.
    pub follow_codes_below: f32,
    /// How far rules move the subtype leanings.
    pub nudges: Nudges,
    /// Words of at least one entry: text with none of them (and no '?') is read as nonsense.
    pub known: WordSet,
    /// Words skipped before an anchored phrase ("so", "okay").
    pub fillers: WordSet,
    /// How many words after a jargon term an explanation may start.
    pub jargon_window: usize,
    /// The strength-attributed-to-the-patient rule.
    pub affirm_rule: AffirmRule,
    lexicon: Lexicon,
}

impl Rules {
    /// Parses and compiles rules.yaml text.
    pub fn from_yaml(text: &str) -> Result<Rules, String> {
        let file: RulesFile =
            serde_saphyr::from_str(text).map_err(|e| format!("rules.yaml: {e}"))?;
        if file.version != 1 {
            return Err(format!("rules.yaml: version {} (expected 1)", file.version));
        }
        let suffixes = {
            let mut s: Vec<(String, String)> = file.suffixes.into_iter().collect();
            s.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
            s
        };
        let normaliser = Normaliser {
            apostrophe_free: file.apostrophe_free.into_iter().collect(),
            spelling: file.spelling.into_iter().collect(),
            expansions: file
                .expansions
                .into_iter()
                .map(|(k, v)| (k, v.split_whitespace().map(str::to_owned).collect()))
                .collect(),
            suffixes,
            s_is_after: file.s_is_after.into_iter().collect(),
        };
        let qf = file.question_form;
        let mut lexicon = Lexicon::default();
        let lists: [(Group, &Vec<String>, bool); 12] = [
            (Group::Open, &qf.open, true),
            (Group::Closed, &qf.closed, true),
            (Group::Complex, &file.reflection_depth.complex, true),
            (Group::Feeling, &file.reflection_depth.feeling_words, true),
            (Group::AdviceRequest, &file.advice_requests, true),
            (Group::Permission, &file.permission, true),
            (Group::Worry, &file.worry_words, true),
            (Group::Reported, &file.reported, true),
            (Group::Jargon, &file.jargon.terms, false),
            (Group::Explained, &file.jargon.explained_by, true),
            (Group::Strength, &file.affirm_rule.strengths, true),
            (Group::NotStrength, &file.affirm_rule.not_strengths, true),
        ];
        for (group, list, fuzzy_ok) in lists {
            for p in list {
                lexicon.add(&normaliser, p, group, fuzzy_ok)?;
            }
        }
        let mut cues = Vec::new();
        for (i, c) in file.cues.iter().enumerate() {
            let code = BehaviourCode::parse(&c.code).ok_or_else(|| {
                format!("rules.yaml: cue {} has unknown code '{}'", i + 1, c.code)
            })?;
            if !(0.0..=1.0).contains(&c.weight) {
                return Err(format!(
                    "rules.yaml: cue '{}' weight {} is not in 0-1",
                    c.code, c.weight
                ));
            }
            for p in &c.phrases {
                lexicon.add(&normaliser, p, Group::Cue(i), true)?;
            }
            cues.push(Cue {
                code,
                weight: c.weight,
                main: c.main,
                in_question: c.in_question,
            });
        }
        lexicon.finish();
        let mut known: WordSet = lexicon.words().iter().cloned().collect();
        for w in &file.common_words {
            let mut out = Vec::new();
            normaliser.expand(&w.to_lowercase(), &mut out);
            known.extend(out);
        }
        let question_form = QuestionForm {
            wh: qf.wh.into_iter().collect(),
            auxiliaries: qf.auxiliaries.into_iter().collect(),
            subjects: qf.subjects.into_iter().collect(),
            embedding: qf.embedding.into_iter().collect(),
        };
        let ar = file.affirm_rule;
        let words = |list: Vec<String>| -> WordSet {
            list.iter()
                .flat_map(|w| {
                    let mut out = Vec::new();
                    normaliser.expand(&w.to_lowercase(), &mut out);
                    out
                })
                .collect()
        };
        let affirm_rule = AffirmRule {
            max_gap: ar.max_gap,
            patient: words(ar.patient),
            owner: words(ar.owner),
            pointer: words(ar.pointer),
            pointer_verbs: words(ar.pointer_verbs),
            others: words(ar.others),
            cancelled_by: ar
                .cancelled_by
                .iter()
                .map(|p| {
                    let mut out = Vec::new();
                    for w in p.split_whitespace() {
                        normaliser.expand(&w.to_lowercase(), &mut out);
                    }
                    out
                })
                .filter(|p| !p.is_empty())
                .collect(),
            cue: cues.iter().position(|c| c.code == BehaviourCode::Affirm),
        };
        Ok(Rules {
            affirm_rule,
            normaliser,
            question_form,
            cues,
            vote_weight: file.vote_weight,
            answer_hint: file.answer_hint,
            own_content_hint: file.own_content_hint,
            follow_codes_below: file.follow_codes_below,
            nudges: file.nudges,
            known,
            fillers: file.fillers.into_iter().collect(),
            jargon_window: file.jargon.window,
            lexicon,
        })
    }

    /// Rules with no tables and no cues (a fallback that leaves everything to the model).
    pub fn empty() -> Rules {
        Rules {
            normaliser: Normaliser::default(),
            question_form: QuestionForm::default(),
            cues: Vec::new(),
            vote_weight: 0.0,
            answer_hint: 0.0,
            own_content_hint: 0.0,
            follow_codes_below: 0.0,
            nudges: Nudges::default(),
            known: WordSet::default(),
            fillers: WordSet::default(),
            jargon_window: 0,
            affirm_rule: AffirmRule::default(),
            lexicon: Lexicon::default(),
        }
    }

    /// Every phrase of the rules found in one sentence's normalised words.
    pub fn find(&self, words: &[String], raw_words: &[String], raw_of: &[usize]) -> Vec<Hit> {
        self.lexicon
            .find(words, raw_words, raw_of, &self.known, &self.fillers)
    }
}
