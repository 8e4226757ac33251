//! Compiling a vignette: the checked YAML (`VignetteFile`) becomes the `Vignette` the engine plays, with
//! node and ending ids, `next`/`to` targets, behaviour codes and variables resolved. Judging the graph is `check`.

mod cite;
mod names;
mod presence;

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::vignette::compiled::{self, PatientInfo, Pos, Turn};
use crate::vignette::model::{self, Located, VignetteFile};
use crate::vignette::{AllianceState, Origin, Target, Vignette};

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
        },
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
            out.push(
                Diagnostic::error(
                    "A022",
                    file,
                    src,
                    n.id.referenced.line(),
                    n.id.referenced.column(),
                )
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
