//! Reading an assignment file: YAML with located errors, then what the values mean (ids, ranges, the
//! vignettes and endings it names), every problem reported at once with file:line:column and a hint.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::assign::criteria::Criteria;
use crate::assign::model::{AssignmentFile, AssignmentMode, CriteriaFile};
use crate::diagnostic::{Diagnostic, parse_yaml};
use crate::library::Library;

/// Most attempts an assignment may allow at one vignette.
pub const MAX_ATTEMPTS: u32 = 10;

/// A checked assignment, as played and as copied into every submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// Stable id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Instructions shown to the student.
    pub instructions: String,
    /// Vignette ids, in the order played.
    pub vignettes: Vec<String>,
    /// practice or assessment.
    pub mode: AssignmentMode,
    /// Whether the student sees the debrief and verdict after each attempt.
    pub show_feedback: bool,
    /// Attempts allowed at each vignette (1-10).
    pub attempts_allowed: u32,
    /// Criteria for every vignette.
    pub pass: Criteria,
    /// The effective criteria (already merged with `pass`) of the vignettes that have their own.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pass_for: BTreeMap<String, Criteria>,
    /// The LRS students' players send their statements to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lrs: Option<LrsTarget>,
}

/// Where students' statements go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LrsTarget {
    /// The LRS's xAPI address.
    pub endpoint: String,
    /// What students are asked to use as their pseudonym.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pseudonym: Option<String>,
}

impl Assignment {
    /// The criteria that apply to `vignette`.
    pub fn criteria_for(&self, vignette: &str) -> Criteria {
        self.pass_for
            .get(vignette)
            .cloned()
            .unwrap_or_else(|| self.pass.clone())
    }
}

/// Reads and checks the assignment at `path`; with a library, also that its vignettes and endings exist.
pub fn load(path: &Path, library: Option<&Library>) -> Result<Assignment, Vec<Diagnostic>> {
    let file = path.display().to_string();
    let source = crate::files::read_text(path, crate::files::MAX_TEXT_BYTES).map_err(|e| {
        vec![
            Diagnostic::error("A001", &file, "", 0, 0)
                .message(format!("cannot read the assignment: {e}"))
                .hint("check the path; `alliance play --assignment FILE` takes a YAML file"),
        ]
    })?;
    parse(&file, &source, library)
}

/// Parses and checks an assignment's YAML `source` (named `file` in messages).
pub fn parse(
    file: &str,
    source: &str,
    library: Option<&Library>,
) -> Result<Assignment, Vec<Diagnostic>> {
    let raw: AssignmentFile = parse_yaml(file, source).map_err(|d| vec![d])?;
    let mut out = Vec::new();
    let mut err = |code: &'static str, at: (u64, u64), message: String, hint: &str| {
        out.push(
            Diagnostic::error(code, file, source, at.0, at.1)
                .message(message)
                .hint(hint),
        );
    };
    let pos = |s: &Spanned<String>| (s.referenced.line(), s.referenced.column());

    let id = &raw.id.value;
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        err(
            "B010",
            pos(&raw.id),
            format!("assignment id `{id}` must be lower-case letters, digits and dashes"),
            "for example `id: diabetes-week-3`",
        );
    }
    if raw.title.trim().is_empty() {
        err(
            "B011",
            pos(&raw.id),
            "the assignment has an empty `title`".to_owned(),
            "give it the title students will see",
        );
    }
    if raw.vignettes.is_empty() {
        err(
            "B011",
            pos(&raw.id),
            "the assignment lists no `vignettes`".to_owned(),
            "list one or more vignette ids, e.g. `vignettes: [diabetes-ambivalence]` (`alliance list` shows them)",
        );
    }
    for (i, v) in raw.vignettes.iter().enumerate() {
        if raw.vignettes[..i].iter().any(|w| w.value == v.value) {
            err(
                "B016",
                pos(v),
                format!("vignette `{}` is listed twice", v.value),
                "list each vignette once; `attempts_allowed` sets how often it may be tried",
            );
        }
        // A follow-up listed with its first visit must come after it: it continues the attempt made here.
        let first = library
            .and_then(|lib| lib.get(&v.value))
            .and_then(|f| f.follows.as_ref().map(|(id, _)| id.clone()));
        if let Some(first) = first
            && raw.vignettes[i + 1..].iter().any(|w| w.value == first)
        {
            err(
                "B018",
                pos(v),
                format!("`{}` follows `{first}`, which is listed after it", v.value),
                "list the first visit before its follow-up: the follow-up continues the student's attempt at it",
            );
        }
        if let Some(lib) = library
            && lib.get(&v.value).is_none()
        {
            err(
                "B014",
                pos(v),
                format!("no vignette `{}` in the library", v.value),
                &format!(
                    "`alliance list` shows the ids; available: {}",
                    lib.vignettes
                        .iter()
                        .map(|v| v.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
    }
    let attempts = match &raw.attempts_allowed {
        None => 1,
        Some(a) => {
            if !(1..=MAX_ATTEMPTS).contains(&a.value) {
                err(
                    "B012",
                    (a.referenced.line(), a.referenced.column()),
                    format!(
                        "attempts_allowed is {}; it must be 1-{MAX_ATTEMPTS}",
                        a.value
                    ),
                    "1 for a one-shot assessment, 2-3 to let students try again",
                );
            }
            a.value
        }
    };

    let mut criteria = |c: &CriteriaFile, base: &Criteria, vignette: Option<&str>| {
        let mut merged = base.clone();
        let mut bound = |v: &Option<Spanned<u32>>, name: &str, lo: u32, hi: u32| {
            let s = v.as_ref()?;
            if !(lo..=hi).contains(&s.value) {
                err(
                    "B012",
                    (s.referenced.line(), s.referenced.column()),
                    format!("{name} is {}; it must be {lo}-{hi}", s.value),
                    if name.starts_with("wai_sr") {
                        "WAI-SR totals run 12-60 and each subscale 4-20 (docs/scoring.md)"
                    } else {
                        "the empathy meter runs 0-100 (docs/scoring.md)"
                    },
                );
                return None;
            }
            u8::try_from(s.value).ok()
        };
        if c.wai_sr_total_at_least.is_some() {
            merged.wai_sr_total_at_least =
                bound(&c.wai_sr_total_at_least, "wai_sr_total_at_least", 12, 60);
        }
        for (field, name, slot) in [
            (
                &c.wai_sr_task_at_least,
                "wai_sr_task_at_least",
                &mut merged.wai_sr_task_at_least,
            ),
            (
                &c.wai_sr_bond_at_least,
                "wai_sr_bond_at_least",
                &mut merged.wai_sr_bond_at_least,
            ),
            (
                &c.wai_sr_goal_at_least,
                "wai_sr_goal_at_least",
                &mut merged.wai_sr_goal_at_least,
            ),
        ] {
            if field.is_some() {
                *slot = bound(field, name, 4, 20);
            }
        }
        if c.empathy_at_least.is_some() {
            merged.empathy_at_least = bound(&c.empathy_at_least, "empathy_at_least", 0, 100);
        }
        if let Some(b) = c.no_unrepaired_rupture {
            merged.no_unrepaired_rupture = b;
        }
        if let Some(b) = c.typed_replies {
            merged.typed_replies = b;
        }
        if let Some(o) = c.ending_outcome {
            merged.ending_outcome = Some(o);
        }
        if let Some(e) = &c.ending {
            merged.ending = Some(e.value.clone());
            // The shared `ending` applies to the vignettes that do not set their own under `pass_for`.
            let targets: Vec<&str> = match vignette {
                Some(v) => vec![v],
                None => raw
                    .vignettes
                    .iter()
                    .map(|v| v.value.as_str())
                    .filter(|v| {
                        !raw.pass_for
                            .iter()
                            .any(|(k, c)| k.value == *v && c.ending.is_some())
                    })
                    .collect(),
            };
            for v in targets {
                let Some(vig) = library.and_then(|l| l.get(v)) else {
                    continue;
                };
                if !vig.endings.iter().any(|x| x.id == e.value) {
                    err(
                        "B015",
                        pos(e),
                        format!("vignette `{v}` has no ending `{}`", e.value),
                        &format!(
                            "its endings are: {}; set `ending` per vignette under `pass_for`",
                            vig.endings
                                .iter()
                                .map(|x| x.id.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    );
                }
            }
        }
        merged
    };
    let pass = criteria(&raw.pass, &Criteria::default(), None);
    let mut overrides: Vec<(&Spanned<String>, &CriteriaFile)> = raw.pass_for.iter().collect();
    overrides.sort_by_key(|(k, _)| (k.referenced.line(), k.referenced.column()));
    let mut pass_for = BTreeMap::new();
    for (key, c) in overrides {
        let merged = criteria(c, &pass, Some(&key.value));
        pass_for.insert(key.value.clone(), merged);
    }
    for key in raw.pass_for.keys() {
        if !raw.vignettes.iter().any(|v| v.value == key.value) {
            err(
                "B013",
                pos(key),
                format!(
                    "pass_for names `{}`, which is not in this assignment's `vignettes`",
                    key.value
                ),
                "add it to `vignettes`, or correct the id",
            );
        }
    }
    if let Some(l) = &raw.lrs {
        let e = l.endpoint.value.trim();
        let rest = e
            .strip_prefix("https://")
            .or_else(|| e.strip_prefix("http://"));
        let loopback = ["127.0.0.1", "localhost", "[::1]"]
            .iter()
            .any(|h| e.strip_prefix("http://").is_some_and(|r| r.starts_with(h)));
        if rest.is_none_or(|r| r.is_empty() || r.starts_with('/'))
            || e.contains(char::is_whitespace)
        {
            err(
                "B017",
                pos(&l.endpoint),
                format!("lrs endpoint `{e}` is not an address"),
                "give the LRS's xAPI address, e.g. `endpoint: https://lrs.example.edu/xAPI/`",
            );
        } else if e.starts_with("http://") && !loopback {
            err(
                "B017",
                pos(&l.endpoint),
                format!("lrs endpoint `{e}` is not encrypted"),
                "use https:// (students' statements cross the network); http:// only for this machine's own LRS (127.0.0.1, localhost)",
            );
        }
    }
    if !out.is_empty() {
        out.sort_by_key(|d| (d.line, d.column));
        out.dedup_by(|a, b| {
            (a.code, a.line, a.column, &a.message) == (b.code, b.line, b.column, &b.message)
        });
        return Err(out);
    }
    Ok(Assignment {
        id: raw.id.value,
        title: raw.title,
        instructions: raw.instructions,
        vignettes: raw.vignettes.into_iter().map(|v| v.value).collect(),
        mode: raw.mode,
        show_feedback: raw.show_feedback,
        attempts_allowed: attempts,
        pass,
        pass_for,
        lrs: raw.lrs.map(|l| LrsTarget {
            endpoint: l.endpoint.value.trim().to_owned(),
            pseudonym: l.pseudonym,
        }),
    })
}
