//! "How your reply was read": one typed turn as the debrief (text, Markdown, desktop) and the terminal player
//! show it. The lines are built once here; each front end only lays them out.

use serde::{Deserialize, Serialize};

use crate::classify::{CodeReading, MainBehaviour};
use crate::engine::TurnRecord;
use crate::engine::facts::{Answered, FactAnswer};
use crate::engine::rules::beats;
use crate::engine::transcript::Alternative;
use crate::engine::typed::{MATCH_THRESHOLD, MIN_CODE_CONFIDENCE};
use crate::report::text::moved;
use crate::scoring::reply_value;
use crate::vignette::model::{Effects, ReactionTo};

/// One typed turn, read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    /// Turn number.
    pub turn: u32,
    /// What the trainee typed.
    pub typed: String,
    /// The classifier's main behaviour.
    pub main: MainBehaviour,
    /// The codes read, with confidence and evidence.
    pub read_as: Vec<CodeReading>,
    /// The authored reply it was matched to, if any.
    pub matched: Option<String>,
    /// The match score of the closest authored reply (0-1).
    pub confidence: f32,
    /// The fallback reaction used, when nothing matched.
    pub reaction: Option<ReactionTo>,
    /// The matched reply's authored effects applied too.
    pub authored_effects: bool,
    /// What the reply did to the alliance.
    pub delta: Effects,
    /// The authored reply that would have scored best here.
    pub best: Option<Alternative>,
    /// The typed reply was matched (the conversation moved on) and scored at least as well as `best`.
    pub as_good_as_best: bool,
    /// A question about one of the patient's facts: the topic and what the patient said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fact: Option<FactAnswer>,
}

impl Reading {
    /// The reading of a typed turn (`None` for a reply chosen from the menu).
    pub fn of(t: &TurnRecord) -> Option<Reading> {
        let r = t.typed.as_ref()?;
        Some(Reading {
            turn: t.turn,
            typed: r.text.clone(),
            main: r.main,
            read_as: r.codes.clone(),
            matched: r.matched_text.clone(),
            confidence: r.confidence,
            reaction: r.reaction,
            authored_effects: r.authored_effects,
            delta: t.delta,
            best: r.best.clone(),
            // An unmatched reply leaves the moment open, so it is never "as good as the best" however it scored.
            as_good_as_best: r.matched_text.is_some()
                && r.best
                    .as_ref()
                    .is_none_or(|b| !beats(reply_value(&b.delta), reply_value(&t.delta))),
            fact: r.fact.clone(),
        })
    }

    /// Labelled lines in plain words, as a tutor would say them to a student: "You typed", "Read as",
    /// "Matched", "Scored", "Best here". `detail_lines` gives the figures behind them.
    pub fn lines(&self) -> Vec<(&'static str, String)> {
        let mut out = vec![("You typed", format!("\"{}\"", self.typed))];
        let read = if self.read_as.is_empty() {
            "nothing that could be read as a question, a reflection or information".to_owned()
        } else {
            self.read_as
                .iter()
                .map(|c| {
                    let evidence: Vec<String> = c
                        .evidence
                        .iter()
                        .filter(|e| !e.starts_with("model"))
                        .take(2)
                        .map(|e| {
                            e.replace("cue words ", "the words ")
                                .replace("open form ", "opens with ")
                        })
                        .collect();
                    let code = c.code.as_str().replace('_', " ");
                    let why = if evidence.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", evidence.join("; "))
                    };
                    if c.confidence < MIN_CODE_CONFIDENCE {
                        format!("perhaps {code}{why}, too unsure to count")
                    } else {
                        format!("{code}{why}")
                    }
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        out.push(("Read as", read));
        if let Some(f) = &self.fact {
            out.push(("Asked", asked(f)));
        }
        out.push((
            "Matched",
            match &self.matched {
                Some(m) => format!("close to the written reply \"{m}\", so the conversation followed it"),
                None if self.fact.is_some() => "no written reply here asks that, so the patient answered from what they know of their own life and this moment stays open".to_owned(),
                None => format!(
                    "no written reply here says quite that, so the patient answered what your reply did ({}) and this moment stays open: you can try again",
                    match self.reaction {
                        None | Some(ReactionTo::Unclear) => "nothing clear".to_owned(),
                        Some(k) => k.as_str().replace('_', " "),
                    }
                ),
            },
        ));
        out.push(("Scored", moved(&self.delta)));
        if let Some(b) = &self.best {
            out.push((
                "Best here",
                if self.as_good_as_best {
                    format!(
                        "your reply did as well as the best one written here, \"{}\"",
                        b.said
                    )
                } else {
                    format!(
                        "the best written reply here was \"{}\" ({})",
                        b.said,
                        moved(&b.delta)
                    )
                },
            ));
        }
        out
    }

    /// The same lines with the figures an educator or author checks: each code's confidence and evidence
    /// (the model's too), the match score against the threshold, the codes of the best reply.
    pub fn detail_lines(&self) -> Vec<(&'static str, String)> {
        let mut out = vec![("You typed", format!("\"{}\"", self.typed))];
        let read = if self.read_as.is_empty() {
            "nothing the classifier could read as a question, a reflection or information"
                .to_owned()
        } else {
            self.read_as
                .iter()
                .map(|c| {
                    let evidence: Vec<&str> =
                        c.evidence.iter().take(2).map(String::as_str).collect();
                    format!(
                        "{} {:.0}% ({}{})",
                        c.code.as_str().replace('_', " "),
                        c.confidence * 100.0,
                        evidence.join("; "),
                        if c.confidence < MIN_CODE_CONFIDENCE {
                            "; too unsure to score"
                        } else {
                            ""
                        }
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        out.push(("Read as", read));
        if let Some(f) = &self.fact {
            out.push(("Asked", asked(f)));
        }
        out.push((
            "Matched",
            match &self.matched {
                Some(m) => format!(
                    "\"{m}\" (match {:.2}); the conversation followed that reply",
                    self.confidence
                ),
                None if self.fact.is_some() => format!(
                    "none (closest {:.2}; a match needs {MATCH_THRESHOLD:.2}), so the patient answered the question from their facts and the question stayed open",
                    self.confidence
                ),
                None => format!(
                    "none (closest {:.2}; a match needs {MATCH_THRESHOLD:.2}), so the patient reacted to what the reply did ({}) and the question stayed open",
                    self.confidence,
                    self.reaction.map_or("unclear", |k| k.as_str()).replace('_', " ")
                ),
            },
        ));
        let mut scored = format!("by the codes read: {}", moved(&self.delta));
        if self.matched.is_some() && !self.authored_effects {
            scored.push_str(
                "; the matched reply's own adjustment did not apply, as your words did something else",
            );
        }
        out.push(("Scored", scored));
        if let Some(b) = &self.best {
            let codes: Vec<&str> = b.codes.iter().map(|c| c.as_str()).collect();
            out.push((
                "Best here",
                if self.as_good_as_best {
                    format!(
                        "your reply did as well as the best one written for this moment, \"{}\"",
                        b.said
                    )
                } else {
                    format!(
                        "\"{}\" ({}; {})",
                        b.said,
                        codes.join(", ").replace('_', " "),
                        moved(&b.delta)
                    )
                },
            ));
        }
        out
    }
}

/// "about alcohol (an open question): the patient said “…”".
fn asked(f: &FactAnswer) -> String {
    let how = match f.answered {
        Answered::Full => "an open question, so a full answer",
        Answered::Short => "a closed question, so a short answer",
        Answered::Guarded => "the patient does not trust you enough yet to say more",
    };
    format!(
        "about {} ({how}): the patient said \"{}\"",
        f.topic.replace('_', " "),
        f.said
    )
}
