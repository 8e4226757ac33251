//! Compiling a vignette: the checked YAML (`VignetteFile`) becomes the `Vignette` the engine plays, with
//! node and ending ids, `next`/`to` targets, behaviour codes and variables resolved. Judging the graph is `check`.

mod cite;
mod names;
mod presence;

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::vignette::compiled::{self, PatientInfo, Pos, Turn};
use crate::vignette::model::{self, Located, VignetteFile};
use crate::vignette::{AllianceState, Origin, Target, Vignette, topics};

use names::Names;

/// Where a located value is written.
fn pos(l: &Located) -> Pos {
    Pos {
        line: l.referenced.line(),
        column: l.referenced.column(),
    }
}

/// Compiles a parsed vignette, adding a diagnostic for every name that cannot be resolved; `None` if any.
pub fn compile(
    file: &str,
    src: &str,
    v: &VignetteFile,
    origin: Origin,
    out: &mut Vec<Diagnostic>,
) -> Option<Vignette> {
    let mut names = Names {
        file,
        src,
        targets: Default::default(),
        vars: v
            .variables
            .keys()
            .enumerate()
            .map(|(i, k)| (k.as_str(), i))
            .collect(),
        ok: true,
    };
    let ids = v
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (&n.id, Target::Node(i)))
        .chain(
            v.endings
                .iter()
                .enumerate()
                .map(|(i, e)| (&e.id, Target::Ending(i))),
        );
    for (id, target) in ids {
        if names.targets.insert(id.value.as_str(), target).is_some() {
            names.ok = false;
            out.push(
                Diagnostic::error(
                    "A011",
                    file,
                    src,
                    id.referenced.line(),
                    id.referenced.column(),
                )
                .message(format!("`{}` is used as an id twice", id.value))
                .hint("node and ending ids must be unique within a vignette; rename one"),
            );
        }
    }
    let start = names.node(&v.start, out);
    let nodes: Vec<compiled::Node> = v
        .nodes
        .iter()
        .map(|n| compiled::Node {
            id: n.id.value.clone(),
            pos: pos(&n.id),
            phase: n.phase,
            patient: turn(&n.patient),
            variants: n
                .variants
                .iter()
                .map(|var| (names.condition(&var.when, &n.id, out), turn(&var.patient)))
                .collect(),
            replies: n.replies.iter().map(|r| names.reply(r, out)).collect(),
            pinned: n.pin_order || v.pin_order,
            limit: n.limit.clone(),
            reactions: reactions(&n.reactions),
            cue: n.cue.as_ref().map(|c| cue(c, n, file, src, out)),
            alone: n.alone,
        })
        .collect();
    let endings = v
        .endings
        .iter()
        .map(|e| compiled::Ending {
            id: e.id.value.clone(),
            pos: pos(&e.id),
            title: e.title.clone(),
            outcome: e.outcome,
            meaning: e.meaning.clone(),
            patient: turn(&e.patient),
            alone: e.alone,
        })
        .collect();
    if !presence::check(v, file, src, out) || !names.ok {
        return None;
    }
    let s = &v.patient.start;
    Some(Vignette {
        id: v.id.value.clone(),
        id_pos: pos(&v.id),
        title: v.title.clone(),
        summary: v.summary.clone(),
        setting: v.setting.clone(),
        audience: v.audience.clone(),
        difficulty: v.difficulty,
        learning_objectives: v.learning_objectives.clone(),
        sources: v
            .sources
            .iter()
            .map(|s| (s.seed.clone(), s.cite.clone()))
            .collect(),
        disclaimer: v.disclaimer.clone(),
        patient: PatientInfo {
            name: v.patient.name.clone(),
            age: v.patient.age,
            background: v.patient.background.clone(),
            wants: v.patient.wants.clone(),
            fears: v.patient.fears.clone(),
            portrait: v.patient.portrait.clone(),
            start: AllianceState {
                bond: s.bond,
                goal: s.goal,
                task: s.task,
                empathy: s.empathy,
            },
            facts: facts(&v.patient.facts, file, src, out),
        },
        follows: v.follows.as_ref().map(|f| (f.value.clone(), pos(f))),
        last_time: v.last_time.clone(),
        companion: v.companion.as_ref().map(|c| compiled::CompanionInfo {
            name: c.name.clone(),
            relation: c.relation.clone(),
            age: c.age.unwrap_or(45),
            portrait: c.portrait.clone(),
            start_emotion: c.start_emotion.unwrap_or(model::Emotion::Neutral),
        }),
        variables: v.variables.iter().map(|(k, x)| (k.clone(), *x)).collect(),
        start: start?,
        nodes,
        endings,
        reactions: reactions(&v.reactions),
        origin,
    })
}

fn reactions(
    r: &BTreeMap<model::ReactionTo, model::PatientTurn>,
) -> BTreeMap<model::ReactionTo, Turn> {
    r.iter().map(|(k, t)| (*k, turn(t))).collect()
}

/// A node's `cue:`, with its `attended_by` places checked against the node's replies.
fn cue(
    c: &model::CueAbout,
    n: &model::Node,
    file: &str,
    src: &str,
    out: &mut Vec<Diagnostic>,
) -> compiled::Cue {
    let mut attended_by = Vec::new();
    for &place in &c.attended_by {
        if (1..=n.replies.len()).contains(&place) {
            attended_by.push(place - 1);
        } else {
            // Point at the list where it is written, not at the node's id.
            let (line, column) = crate::diagnostic::place::value_at(
                src,
                (n.id.referenced.line(), n.id.referenced.column()),
                "attended_by",
                None,
            );
            out.push(
                Diagnostic::error("A022", file, src, line, column)
                .message(format!(
                    "node `{}`: cue.attended_by names reply {place}, but the node has {} replies",
                    n.id.value,
                    n.replies.len()
                ))
                .hint("attended_by counts the node's replies from 1, in the order written"),
            );
        }
    }
    compiled::Cue {
        about: c.about.iter().map(|w| w.trim().to_lowercase()).collect(),
        attended_by,
    }
}

/// The patient's `facts:`, each topic's words gathered (built-in and `asked_by`), with every problem reported at
/// the topic's place: an unknown topic without words of its own or a topic given twice (A023), a guarded line
/// without its bond level or the other way round, or an empty answer (A024).
fn facts(
    given: &[model::Fact],
    file: &str,
    src: &str,
    out: &mut Vec<Diagnostic>,
) -> Vec<compiled::Fact> {
    let mut facts: Vec<compiled::Fact> = Vec::new();
    for f in given {
        let topic = f.topic.value.trim().to_lowercase();
        let at = |code: &'static str| {
            Diagnostic::error(
                code,
                file,
                src,
                f.topic.referenced.line(),
                f.topic.referenced.column(),
            )
        };
        let asked_by: Vec<String> = f
            .asked_by
            .iter()
            .map(|w| w.trim().to_lowercase())
            .filter(|w| !w.is_empty())
            .collect();
        let builtin = topics::words_for(&topic);
        if builtin.is_none() && asked_by.is_empty() {
            let near = crate::diagnostic::nearest(&topic, topics::names())
                .map(|n| format!(" (did you mean `{n}`?)"))
                .unwrap_or_default();
            out.push(
                at("A023")
                    .message(format!(
                        "fact topic `{topic}`{near} is not a built-in topic and has no `asked_by` words"
                    ))
                    .hint(format!(
                        "use a built-in topic ({}) or give the words that ask about it: asked_by: [word, \"short phrase\"]",
                        topics::names().collect::<Vec<_>>().join(", ")
                    )),
            );
            continue;
        }
        if facts.iter().any(|g| g.topic == topic) {
            out.push(
                at("A023")
                    .message(format!("fact topic `{topic}` is given twice"))
                    .hint("give each topic once; add words to it with asked_by"),
            );
            continue;
        }
        let guarded = match (f.guarded_below, &f.guarded) {
            (Some(b), Some(line)) if (0.0..=100.0).contains(&b) && !line.trim().is_empty() => {
                Some((b, line.trim().to_owned()))
            }
            (None, None) => None,
            (Some(b), Some(_)) if !(0.0..=100.0).contains(&b) => {
                out.push(
                    at("A024")
                        .message(format!(
                            "fact `{topic}`: guarded_below {b} is not a bond level (0 to 100)"
                        ))
                        .hint("the answer is guarded while the bond is below this level"),
                );
                None
            }
            _ => {
                out.push(
                    at("A024")
                        .message(format!(
                            "fact `{topic}`: guarded_below and guarded go together (one is missing or empty)"
                        ))
                        .hint("give the bond level below which the patient is guarded and the guarded line, or neither"),
                );
                None
            }
        };
        let answer = f.answer.trim().to_owned();
        if answer.is_empty() {
            out.push(
                at("A024")
                    .message(format!("fact `{topic}` has an empty answer"))
                    .hint("write what the patient says when asked about it, in their voice"),
            );
            continue;
        }
        let short = f
            .short
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map_or_else(|| first_sentence(&answer), str::to_owned);
        let mut words: Vec<String> = builtin
            .unwrap_or_default()
            .iter()
            .map(|w| (*w).to_owned())
            .collect();
        words.extend(asked_by);
        facts.push(compiled::Fact {
            topic,
            words,
            answer,
            short,
            guarded,
            cue: f
                .cue
                .clone()
                .unwrap_or_else(|| "answers your question".to_owned()),
            emotion: f.emotion.unwrap_or(model::Emotion::Neutral),
        });
    }
    facts
}

/// The first sentence of `text` (up to and including its first `.`, `!` or `?` followed by a space), or all of it.
fn first_sentence(text: &str) -> String {
    let cut = text
        .char_indices()
        .find(|&(i, c)| matches!(c, '.' | '!' | '?') && text[i + c.len_utf8()..].starts_with(' '))
        .map_or(text.len(), |(i, c)| i + c.len_utf8());
    text[..cut].to_owned()
}

/// The engine's form of a patient turn (also used for the rubric's generic reactions).
pub fn turn(t: &model::PatientTurn) -> Turn {
    Turn {
        say: t.say.clone(),
        cue: t.cue.clone(),
        emotion: t.emotion,
        rupture: t.rupture,
        talk: t.talk,
        speaker: t.speaker.as_ref().map(|s| s.value).unwrap_or_default(),
    }
}
