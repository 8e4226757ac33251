//! Resolving the names a vignette uses (targets, nodes, variables, behaviour codes) to what they name.
//! Each unresolved name adds a located error with a "did you mean"; the compiled vignette is assembled above.

use std::collections::HashMap;

use super::{cite, pos};
use crate::diagnostic::{Builder, Diagnostic, nearest};
use crate::vignette::compiled::{self, Condition, Measure};
use crate::vignette::model::{self, Located};
use crate::vignette::{BehaviourCode, Target};

/// The names a vignette declares, and whether every name used so far resolved.
pub(super) struct Names<'a> {
    pub(super) file: &'a str,
    pub(super) src: &'a str,
    pub(super) targets: HashMap<&'a str, Target>,
    pub(super) vars: HashMap<&'a str, usize>,
    pub(super) ok: bool,
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

    pub(super) fn target(&mut self, l: &Located, out: &mut Vec<Diagnostic>) -> Option<Target> {
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

    pub(super) fn node(&mut self, l: &Located, out: &mut Vec<Diagnostic>) -> Option<usize> {
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
        // Point at the name where it is written (`set: { name: 1 }`, `when: …`), not at the reply or node.
        let (line, column) = crate::diagnostic::place::key_at(
            self.src,
            (at.referenced.line(), at.referenced.column()),
            name,
        );
        out.push(
            Diagnostic::error("A021", self.file, self.src, line, column)
                .message(format!("variable `{name}` is not declared"))
                .hint(format!(
                    "declare it at the top: `variables: {{ {name}: 0 }}`"
                )),
        );
        0
    }

    pub(super) fn condition(
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
            continued: c.continued,
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

    pub(super) fn reply(&mut self, r: &model::Reply, out: &mut Vec<Diagnostic>) -> compiled::Reply {
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
            also: r.also.clone(),
            pos: pos(&r.text),
            codes,
            feedback: cite::by_title(r.feedback.as_deref().unwrap_or_default()),
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
            to: r.to.as_ref().map(|t| t.value).unwrap_or_default(),
        }
    }
}
