//! What a clause means given the reply around it and the patient's line: open/closed and simple/complex
//! leanings, codes from cue phrases, permission, worries and jargon. Splitting and the main decision live in `combine`.

use super::features;
use super::rules::{Group, Hit, InQuestion, Rules};
use super::text::{Prepared, Sentence, WordSet};
use super::{BehaviourCode as C, CodeReading};

/// Confidence lost when a cue was read through a typo.
const TYPO_FACTOR: f32 = 0.85;

/// One clause of a reply with its model reading, cue hits and rule votes.
pub(super) struct Clause {
    pub(super) sentence: Sentence,
    pub(super) hits: Vec<Hit>,
    pub(super) probs: Vec<f32>,
    pub(super) open: f32,
    pub(super) complex: f32,
    pub(super) votes: [f32; 4],
}

/// Codes read so far, one reading per code (strongest confidence, all evidence).
#[derive(Default)]
pub(super) struct Codes(pub(super) Vec<CodeReading>);

impl Codes {
    pub(super) fn add(&mut self, code: C, confidence: f32, evidence: Vec<String>) {
        let confidence = confidence.clamp(0.0, 1.0);
        if let Some(r) = self.0.iter_mut().find(|r| r.code == code) {
            r.confidence = r.confidence.max(confidence);
            for e in evidence {
                if !r.evidence.contains(&e) {
                    r.evidence.push(e);
                }
            }
        } else {
            self.0.push(CodeReading {
                code,
                confidence,
                evidence,
            });
        }
    }

    pub(super) fn has(&self, code: C) -> bool {
        self.0.iter().any(|r| r.code == code)
    }
}

/// A phrase as quoted in evidence, with any typo it was read through.
pub(super) fn quoted(hit: &Hit) -> String {
    let mut s = format!("'{}'", hit.phrase);
    for (typed, read) in &hit.typos {
        s.push_str(&format!(" (read '{typed}' as '{read}')"));
    }
    s
}

/// A cue for a more specific code (affirm, persuade, autonomy...) says what a statement does better than the
/// generic reflection / information reading; questions stay questions whatever else they do.
pub(super) fn explained_by_cue(rules: &Rules, cl: &Clause) -> bool {
    cl.hits.iter().any(|h| {
        matches!(h.group, Group::Cue(i) if !matches!(
            rules.cues[i].code,
            C::ComplexReflection | C::SimpleReflection | C::GivingInformation | C::Summarise
        ))
    })
}

/// The question is the act of a cue that leads ("Why don't you just stop?" persuades; "How many times do I have
/// to tell you?" confronts): no question code is given for it.
pub(super) fn leading_question(rules: &Rules, cl: &Clause) -> bool {
    cl.hits
        .iter()
        .any(|h| matches!(h.group, Group::Cue(i) if rules.cues[i].in_question == InQuestion::Lead))
}

/// Open-question leaning: the model's, moved by the longest question opening the rules know.
pub(super) fn open_leaning(cl: &Clause, nudge: f32) -> (f32, Vec<String>) {
    let mut ev = vec![if cl.sentence.question_mark {
        "ends with '?'".to_owned()
    } else {
        "question form without '?'".to_owned()
    }];
    let mut p = cl.open;
    let best = cl
        .hits
        .iter()
        .filter(|h| matches!(h.group, Group::Open | Group::Closed))
        .max_by(|a, b| {
            (a.end - a.start)
                .cmp(&(b.end - b.start))
                .then(b.start.cmp(&a.start))
        });
    if let Some(h) = best.filter(|_| nudge > 0.0) {
        let open = h.group == Group::Open;
        p = (p + if open { nudge } else { -nudge }).clamp(0.0, 1.0);
        let kind = if open { "open" } else { "closed" };
        ev[0] = format!("{} and {} form {}", ev[0], kind, quoted(h));
    }
    ev.push(format!("model: open {:.2}", cl.open));
    (p, ev)
}

/// What the clauses and the patient line say beyond single clauses: permission, worries, explanations.
pub(super) struct Context<'a> {
    rules: &'a Rules,
    prev_words: WordSet,
    prev_hits: Vec<Hit>,
    permission: Option<String>,
    explained: Vec<(usize, usize)>,
}

impl<'a> Context<'a> {
    pub(super) fn new(
        rules: &'a Rules,
        clauses: &[Clause],
        prev: Option<&Prepared>,
    ) -> Context<'a> {
        let prev_hits: Vec<Hit> = prev
            .map(|p| {
                p.sentences
                    .iter()
                    .flat_map(|s| rules.find(&s.words, &s.raw_words, &s.raw_of))
                    .collect()
            })
            .unwrap_or_default();
        let prev_words = prev
            .map(|p| p.words().map(str::to_owned).collect())
            .unwrap_or_default();
        let in_reply = clauses.iter().flat_map(|c| &c.hits).find(|h| {
            h.group == Group::Permission
                || matches!(h.group, Group::Cue(i) if rules.cues[i].code == C::AskPermission)
        });
        let asked = prev_hits.iter().find(|h| h.group == Group::AdviceRequest);
        // A question the patient asked about themselves ("Is there anything I could take instead?") invites the
        // answer, advice included (MITI 4.2.1: information or advice the client asked for).
        let own_question = prev.and_then(|p| p.sentences.last()).filter(|s| {
            s.question_mark
                && s.words
                    .iter()
                    .any(|w| matches!(w.as_str(), "i" | "me" | "my" | "myself"))
        });
        let permission = in_reply
            .map(|h| format!("permission or room to disagree: {}", quoted(h)))
            .or_else(|| asked.map(|h| format!("the patient asked for it: {}", quoted(h))))
            .or_else(|| {
                own_question.map(|s| format!("the patient asked: '{}?'", s.raw_words.join(" ")))
            });
        let explained = clauses
            .iter()
            .enumerate()
            .flat_map(|(i, c)| {
                c.hits
                    .iter()
                    .filter(|h| h.group == Group::Explained)
                    .map(move |h| (i, h.start))
            })
            .collect();
        Context {
            rules,
            prev_words,
            prev_hits,
            permission,
            explained,
        }
    }

    /// Complex-reflection leaning: the model's, moved by added meaning, new feeling words and novelty.
    pub(super) fn depth_leaning(&self, cl: &Clause) -> (f32, Vec<String>) {
        let n = self.rules.nudges;
        let mut p = cl.complex;
        let mut ev = Vec::new();
        let adds_meaning = |h: &&Hit| match h.group {
            Group::Complex => true,
            Group::Cue(i) => self.rules.cues[i].code == C::ComplexReflection,
            _ => false,
        };
        if let Some(h) = cl
            .hits
            .iter()
            .find(adds_meaning)
            .filter(|_| n.added_meaning > 0.0)
        {
            p += n.added_meaning;
            ev.push(format!("adds meaning: cue words {}", quoted(h)));
        }
        let feeling = cl.hits.iter().find(|h| {
            h.group == Group::Feeling
                && !cl.sentence.words[h.start..h.end]
                    .iter()
                    .all(|w| self.prev_words.contains(w))
        });
        if let Some(h) = feeling.filter(|_| n.new_feeling > 0.0) {
            p += n.new_feeling;
            ev.push(format!(
                "names a feeling the patient did not: {}",
                quoted(h)
            ));
        }
        if !self.prev_words.is_empty() && n.novelty > 0.0 {
            let content: Vec<&String> = cl
                .sentence
                .words
                .iter()
                .filter(|w| !features::is_stop(w))
                .collect();
            let new = content
                .iter()
                .filter(|w| !self.prev_words.contains(w.as_str()))
                .count();
            let ratio = if content.is_empty() {
                0.0
            } else {
                new as f32 / content.len() as f32
            };
            if content.len() >= 5 && ratio >= 0.6 {
                p += n.novelty;
                ev.push("adds words the patient did not say".into());
            } else if content.len() <= 6 && ratio <= 0.25 {
                p -= n.novelty;
                ev.push("mostly repeats the patient's words".into());
            }
        }
        ev.push(format!("model: complex {:.2}", cl.complex));
        (p.clamp(0.0, 1.0), ev)
    }

    /// Codes from cue phrases and from jargon in one clause.
    /// `question`: the clause was read as a question.
    pub(super) fn cue_codes(&self, ci: usize, cl: &Clause, question: bool, codes: &mut Codes) {
        for h in &cl.hits {
            match h.group {
                // Reflection cues act through the clause's kind and depth (see `depth_leaning`).
                Group::Cue(i) if self.rules.cues[i].code.is_reflection() => {}
                Group::Cue(i) if question && self.rules.cues[i].in_question == InQuestion::Drop => {
                }
                Group::Cue(i) => {
                    let cue = &self.rules.cues[i];
                    let mut conf = cue.weight * if h.typos.is_empty() { 1.0 } else { TYPO_FACTOR };
                    let mut ev = vec![format!("cue words {}", quoted(h))];
                    let mut code = cue.code;
                    if code == C::Persuade
                        && let Some(why) = &self.permission
                    {
                        code = C::PersuadeWithPermission;
                        ev.push(why.clone());
                    }
                    if code == C::PrematureReassurance
                        && let Some(w) = self.prev_hits.iter().find(|h| h.group == Group::Worry)
                    {
                        conf += 0.1;
                        ev.push(format!("the patient had voiced a worry: {}", quoted(w)));
                    }
                    codes.add(code, conf, ev);
                }
                Group::Jargon => {
                    let term = cl.sentence.words[h.start..h.end].join(" ");
                    if cl.sentence.words[h.start..h.end]
                        .iter()
                        .all(|w| self.prev_words.contains(w))
                    {
                        continue;
                    }
                    let window = self.rules.jargon_window;
                    let explained = self.explained.iter().any(|&(c, start)| {
                        (c == ci && start >= h.end && start < h.end + window)
                            || (c == ci + 1 && start < window)
                    });
                    if !explained {
                        codes.add(
                            C::UnexplainedJargon,
                            0.8,
                            vec![format!(
                                "clinical term '{term}' the patient did not use, not explained"
                            )],
                        );
                    }
                }
                _ => {}
            }
        }
    }
}
