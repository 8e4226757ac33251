//! Reading a typed reply: text in, behaviour codes out, with confidence and evidence an educator can check.
//! Rules and cue lexicons (dialogues/classifier/rules.yaml) combined with a small hashed-feature linear model.
//!
//! The model (trained by `examples/train_classifier/` on AnnoMI, Wu et al. 2022; see docs/classifier.md) gives
//! the 4-way main behaviour and the open/closed and simple/complex leanings; the rules give the finer codes and
//! nudge the model where a cue is unambiguous. Only numbers ship from the training data, never its text.

pub mod annomi;
pub mod codes_eval;
mod combine;
mod context;
pub mod csv;
pub mod eval;
pub mod features;
pub mod fuzzy;
pub mod metrics;
pub mod model;
pub mod phrases;
pub mod rules;
pub mod sentences;
pub mod text;
pub mod train;

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

pub use crate::vignette::BehaviourCode;
use features::FeatureConfig;
use model::Model;
use rules::Rules;

/// The shipped rules, embedded so the binary runs from any directory.
pub const RULES_YAML: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/dialogues/classifier/rules.yaml"
));
/// The shipped model weights (numbers only; format in [`model::Model::to_bytes`]).
pub const WEIGHTS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/dialogues/classifier/weights.bin"
));

/// Codes read with less confidence than this are shown but neither scored nor reacted to (the engine's
/// `MIN_CODE_CONFIDENCE`; `alliance eval codes` counts codes at this confidence too).
pub const SCORED_CONFIDENCE: f32 = 0.3;

/// AnnoMI's 4-way label for what a therapist utterance mainly does.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum MainBehaviour {
    /// Asks something.
    Question,
    /// Says back what the patient said or meant.
    Reflection,
    /// Gives information, advice, options or negotiates.
    TherapistInput,
    /// Anything else: greetings, backchannels ("mm-hmm"), fragments.
    Other,
}

impl MainBehaviour {
    /// All four, in the model's row order.
    pub const ALL: [MainBehaviour; 4] = [
        Self::Question,
        Self::Reflection,
        Self::TherapistInput,
        Self::Other,
    ];

    /// The label as AnnoMI writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Question => "question",
            Self::Reflection => "reflection",
            Self::TherapistInput => "therapist_input",
            Self::Other => "other",
        }
    }

    /// Position in [`MainBehaviour::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// What a reply does, as read by the classifier.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Classification {
    /// The main behaviour of the whole reply.
    pub main: MainBehaviour,
    /// How sure the classifier is of `main` (0-1).
    pub main_confidence: f32,
    /// Behaviour codes, strongest first; empty for empty or nonsense input.
    pub codes: Vec<CodeReading>,
    /// How many sentences were read.
    pub sentences: usize,
}

/// One behaviour code with its confidence and the evidence for it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CodeReading {
    /// The code.
    pub code: BehaviourCode,
    /// How sure (0-1).
    pub confidence: f32,
    /// Human-readable reasons ("cue words 'sounds like'", "model: reflection 0.81").
    pub evidence: Vec<String>,
}

impl Classification {
    /// The reading for `code`, if the reply has it.
    pub fn get(&self, code: BehaviourCode) -> Option<&CodeReading> {
        self.codes.iter().find(|c| c.code == code)
    }

    /// The reply has `code`.
    pub fn has(&self, code: BehaviourCode) -> bool {
        self.get(code).is_some()
    }
}

/// Utterance-level readings used by the evaluation: the main behaviour and both subtype leanings.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The full classification.
    pub classification: Classification,
    /// Probability the reply is an open (rather than closed) question, were it a question.
    pub open: f32,
    /// Probability the reply is a complex (rather than simple) reflection, were it a reflection.
    pub complex: f32,
}

/// The reply classifier: compiled rules plus a linear model.
#[derive(Debug, Clone)]
pub struct Classifier {
    rules: Rules,
    model: Model,
}

impl Classifier {
    /// The shipped rules and weights (embedded), built once. The embedded data is checked by the tests.
    pub fn shipped() -> &'static Classifier {
        static SHIPPED: OnceLock<Classifier> = OnceLock::new();
        SHIPPED.get_or_init(|| {
            Classifier::from_parts(RULES_YAML, WEIGHTS).unwrap_or_else(|e| {
                // Unreachable with the shipped files (tested); fall back to rules over an untrained model.
                eprintln!("alliance: classifier data unusable ({e}); using rules only");
                let rules = Rules::from_yaml(RULES_YAML).unwrap_or_else(|_| Rules::empty());
                Classifier {
                    rules,
                    model: Model::untrained(FeatureConfig::default()),
                }
            })
        })
    }

    /// A classifier from compiled rules and a model.
    pub fn new(rules: Rules, model: Model) -> Classifier {
        Classifier { rules, model }
    }

    /// A classifier from rules.yaml text and a weights file.
    pub fn from_parts(rules_yaml: &str, weights: &[u8]) -> Result<Classifier, String> {
        Ok(Classifier {
            rules: Rules::from_yaml(rules_yaml)?,
            model: Model::from_bytes(weights)?,
        })
    }

    /// The same rules with another model (the trainer uses this to cross-validate).
    pub fn with_model(&self, model: Model) -> Classifier {
        Classifier {
            rules: self.rules.clone(),
            model,
        }
    }

    /// The compiled rules.
    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The model's input for a reply after a patient line, under feature configuration `cfg`.
    pub fn features(
        &self,
        cfg: FeatureConfig,
        text: &str,
        previous_patient_line: Option<&str>,
    ) -> Vec<(u32, f32)> {
        let reply = self.rules.normaliser.prepare(text);
        let prev = previous_patient_line.map(|p| self.rules.normaliser.prepare(p));
        features::extract(cfg, &reply, prev.as_ref())
    }

    /// Reads a reply (and the patient line it answers, if known) into behaviour codes.
    pub fn classify(&self, text: &str, previous_patient_line: Option<&str>) -> Classification {
        self.analyse(text, previous_patient_line).classification
    }

    /// [`Classifier::classify`] plus the utterance-level subtype leanings the evaluation scores.
    pub fn analyse(&self, text: &str, previous_patient_line: Option<&str>) -> Analysis {
        combine::analyse(self, text, previous_patient_line)
    }
}
