//! Resolving names: node and ending ids, `next`/`to` targets, behaviour codes and variables.
//! Builds the compiled `Vignette` the engine plays; returns `None` if any name cannot be resolved.

use std::collections::HashMap;

use crate::check::Diagnostic;
use crate::check::diagnostic::Builder;
use crate::scoring::AllianceState;
use crate::vignette::compiled::{self, Condition, Measure, PatientInfo, Pos, Turn};
use crate::vignette::model::{self, Located, VignetteFile};
use crate::vignette::{BehaviourCode, Origin, Target, Vignette};

struct Names<'a> {
    file: &'a str,
    src: &'a str,
    targets: HashMap<&'a str, Target>,
    vars: HashMap<&'a str, usize>,
    ok: bool,
}

fn pos(l: &Located) -> Pos {
    Pos {
        line: l.referenced.line(),
        column: l.referenced.column(),
    }
}

pub(super) fn compile(
    file: &str,
    src: &str,
    v: &VignetteFile,
    origin: Origin,
    out: &mut Vec<Diagnostic>,
) -> Option<Vignette> {
    let mut names = Names {
        file,
        src,
        targets: HashMap::new(),
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
            reactions: reactions(&n.reactions),
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
        })
        .collect();
    if !names.ok {
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
        variables: v.variables.iter().map(|(k, x)| (k.clone(), *x)).collect(),
        start: start?,
        nodes,
        endings,
        reactions: reactions(&v.reactions),
        origin,
    })
}

fn reactions(
    r: &std::collections::BTreeMap<model::ReactionTo, model::PatientTurn>,
) -> std::collections::BTreeMap<model::ReactionTo, Turn> {
    r.iter().map(|(k, t)| (*k, turn(t))).collect()
}

/// The engine's form of a patient turn (also used for the rubric's generic reactions).
pub(crate) fn turn(t: &model::PatientTurn) -> Turn {
    Turn {
        say: t.say.clone(),
        cue: t.cue.clone(),
        emotion: t.emotion,
        rupture: t.rupture,
        talk: t.talk,
    }
}

impl Names<'_> {
    /// An error pointing at where `l` is written.
    fn error_at(&self, code: &'static str, l: &Located) -> Builder {
        Diagnostic::error(
            code,
            self.file,
            self.src,
            l.referenced.line(),
            l.referenced.column(),
        )
    }

    fn target(&mut self, l: &Located, out: &mut Vec<Diagnostic>) -> Option<Target> {
        if let Some(t) = self.targets.get(l.value.as_str()) {
            return Some(*t);
        }
        self.ok = false;
        let near = nearest(&l.value, self.targets.keys().copied());
        out.push(
            self.error_at("A012", l)
                .message(format!("`{}` names no node or ending", l.value))
                .hint(match near {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => {
                        "add a node or ending with this id, or point to an existing one".to_owned()
                    }
                }),
        );
        None
    }

    fn node(&mut self, l: &Located, out: &mut Vec<Diagnostic>) -> Option<usize> {
        match self.target(l, out)? {
            Target::Node(i) => Some(i),
            Target::Ending(_) => {
                self.ok = false;
                out.push(
                    self.error_at("A012", l)
                        .message(format!("`{}` is an ending; a node is needed here", l.value))
                        .hint("`start`, `visited` and `not_visited` name nodes, not endings"),
                );
                None
            }
        }
    }

    fn var(&mut self, name: &str, at: &Located, out: &mut Vec<Diagnostic>) -> usize {
        if let Some(i) = self.vars.get(name) {
            return *i;
        }
        self.ok = false;
        out.push(
            self.error_at("A021", at)
                .message(format!("variable `{name}` is not declared"))
                .hint(format!(
                    "declare it at the top: `variables: {{ {name}: 0 }}`"
                )),
        );
        0
    }

    fn condition(
        &mut self,
        c: &model::Condition,
        at: &Located,
        out: &mut Vec<Diagnostic>,
    ) -> Condition {
        let ranges = [
            (Measure::Bond, c.bond_at_least, c.bond_below),
            (Measure::Goal, c.goal_at_least, c.goal_below),
            (Measure::Task, c.task_at_least, c.task_below),
            (Measure::Empathy, c.empathy_at_least, c.empathy_below),
            (Measure::Alliance, c.alliance_at_least, c.alliance_below),
        ]
        .into_iter()
        .filter(|(_, lo, hi)| lo.is_some() || hi.is_some())
        .collect();
        Condition {
            ranges,
            rupture_open: c.rupture_open,
            visited: c.visited.iter().filter_map(|n| self.node(n, out)).collect(),
            not_visited: c
                .not_visited
                .iter()
                .filter_map(|n| self.node(n, out))
                .collect(),
            var_at_least: c
                .var_at_least
                .iter()
                .map(|(k, x)| (self.var(k, at, out), *x))
                .collect(),
            var_below: c
                .var_below
                .iter()
                .map(|(k, x)| (self.var(k, at, out), *x))
                .collect(),
        }
    }

    fn reply(&mut self, r: &model::Reply, out: &mut Vec<Diagnostic>) -> compiled::Reply {
        let codes = r
            .codes
            .iter()
            .filter_map(|c| {
                let code = BehaviourCode::parse(&c.value);
                if code.is_none() {
                    self.ok = false;
                    let near = nearest(&c.value, BehaviourCode::ALL.iter().map(|c| c.as_str()));
                    out.push(
                        self.error_at("A017", c)
                            .message(format!("`{}` is not a behaviour code", c.value))
                            .hint(match near {
                                Some(n) => format!(
                                    "did you mean `{n}`? (the vocabulary is in docs/authoring.md)"
                                ),
                                None => {
                                    "use a code from the vocabulary in docs/authoring.md".to_owned()
                                }
                            }),
                    );
                }
                code
            })
            .collect();
        let mut dest = Vec::new();
        if let Some(next) = &r.next
            && let Some(t) = self.target(next, out)
        {
            dest.push((None, t, pos(next)));
        }
        for b in &r.branches {
            let when = b.when.as_ref().map(|c| self.condition(c, &b.to, out));
            if let Some(t) = self.target(&b.to, out) {
                dest.push((when, t, pos(&b.to)));
            }
        }
        compiled::Reply {
            text: r.text.value.clone(),
            pos: pos(&r.text),
            codes,
            feedback: r.feedback.clone().unwrap_or_default(),
            effects: r.effects,
            dest,
            when: r.when.as_ref().map(|c| self.condition(c, &r.text, out)),
            once: r.once,
            set: r
                .set
                .iter()
                .map(|(k, x)| (self.var(k, &r.text, out), *x))
                .collect(),
            add: r
                .add
                .iter()
                .map(|(k, x)| (self.var(k, &r.text, out), *x))
                .collect(),
        }
    }
}

/// The closest known name within a small edit distance, for "did you mean" hints.
pub(crate) fn nearest<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    known
        .map(|k| (distance(name, k), k))
        .filter(|(d, k)| *d <= 3.max(k.len() / 4))
        .min()
        .map(|(_, k)| k)
}

fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}
