//! W010: a reply's other phrasing (`also:`) that the classifier reads as doing something else than the reply, so a
//! trainee typing it would follow the reply's branch but be scored for different codes.

use std::sync::Arc;

use crate::classify::{Classifier, SCORED_CONFIDENCE};
use crate::diagnostic::Diagnostic;
use crate::vignette::{BehaviourCode, Vignette};

/// Codes that make a reply non-adherent (MITI 4.2.1): an alternative that adds one does something else.
const VICES: [BehaviourCode; 5] = [
    BehaviourCode::Persuade,
    BehaviourCode::Confront,
    BehaviourCode::Judging,
    BehaviourCode::PrematureReassurance,
    BehaviourCode::UnexplainedJargon,
];

/// Warns for each alternative read without one of its reply's codes (near codes count: a simple for a complex
/// reflection, an open for a closed question) or with a vice the reply lacks.
pub fn check(file: &str, src: &str, v: &Arc<Vignette>, out: &mut Vec<Diagnostic>) {
    let classifier = Classifier::shipped();
    let family = |c: BehaviourCode| {
        if c.is_reflection() {
            "reflection"
        } else if c.is_question() {
            "question"
        } else {
            c.as_str()
        }
    };
    for node in &v.nodes {
        let patient = node.patient.say.first().map(String::as_str);
        for reply in &node.replies {
            for alt in &reply.also {
                let read: Vec<BehaviourCode> = classifier
                    .classify(alt, patient)
                    .codes
                    .into_iter()
                    .filter(|c| c.confidence >= SCORED_CONFIDENCE)
                    .map(|c| c.code)
                    .collect();
                let missing: Vec<&str> = reply
                    .codes
                    .iter()
                    .filter(|c| {
                        !matches!(
                            c,
                            BehaviourCode::IgnoringCue | BehaviourCode::ClinicalQuestion
                        ) && !read.iter().any(|r| family(*r) == family(**c))
                    })
                    .map(|c| c.as_str())
                    .collect();
                let added: Vec<&str> = read
                    .iter()
                    .filter(|c| VICES.contains(c) && !reply.codes.contains(c))
                    .map(|c| c.as_str())
                    .collect();
                if missing.is_empty() && added.is_empty() {
                    continue;
                }
                let read_as: Vec<&str> = read.iter().map(|c| c.as_str()).collect();
                out.push(
                    Diagnostic::warning("W010", file, src, reply.pos.line, reply.pos.column)
                        .message(format!(
                            "node `{}`: the alternative \"{alt}\" reads as [{}], not as its reply's [{}]",
                            node.id,
                            read_as.join(", "),
                            reply.codes.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
                        ))
                        .hint("reword the alternative so it does what the reply does, or make it a reply of its own"),
                );
            }
        }
    }
}
