//! Follow-up visits across a library: each `follows:` names a vignette there, no chain of follow-ups loops,
//! `last_time:` names the first visit's endings and variables; and the order a follow-up is listed in.

use std::sync::Arc;

use crate::diagnostic::{Diagnostic, MAX_FILE_BYTES};
use crate::vignette::Vignette;

/// A follow-up whose first visit was not among the files checked, so what `last_time:` names of it could not
/// be verified (`alliance check` on the follow-up's file alone says so, as a note).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Unverified {
    /// The follow-up's id.
    pub vignette: String,
    /// Its file.
    pub file: String,
    /// The id it follows.
    pub follows: String,
}

/// The vignettes in the order a library lists them: each follow-up right after the vignette it follows (after
/// that one's earlier follow-ups), the rest as they were. A follow-up whose first visit is missing, or that is
/// in a loop, keeps its place.
pub fn in_visit_order(vignettes: Vec<Arc<Vignette>>) -> Vec<Arc<Vignette>> {
    let first_of = |v: &Vignette| {
        v.follows
            .as_ref()
            .and_then(|(id, _)| vignettes.iter().position(|f| &f.id == id))
    };
    let mut placed = vec![false; vignettes.len()];
    let mut out = Vec::with_capacity(vignettes.len());
    fn place(
        i: usize,
        vs: &[Arc<Vignette>],
        first: &dyn Fn(&Vignette) -> Option<usize>,
        placed: &mut [bool],
        out: &mut Vec<Arc<Vignette>>,
    ) {
        placed[i] = true;
        out.push(Arc::clone(&vs[i]));
        for j in 0..vs.len() {
            if !placed[j] && first(&vs[j]) == Some(i) {
                place(j, vs, first, placed, out);
            }
        }
    }
    for i in 0..vignettes.len() {
        if !placed[i] && first_of(&vignettes[i]).is_none() {
            place(i, &vignettes, &first_of, &mut placed, &mut out);
        }
    }
    // What is left is in a loop of follow-ups (reported by `check`): listed where it was.
    for (i, v) in vignettes.iter().enumerate() {
        if !placed[i] {
            out.push(Arc::clone(v));
        }
    }
    out
}

/// Every problem with the follow-ups among `vignettes`: a `follows:` naming none of them (A030, unless
/// `unknown_is_unverified`, when it is returned as unverified instead), a loop (A031), and a `last_time:`
/// naming an ending or a variable the first visit lacks (A032).
pub fn check(
    vignettes: &[Arc<Vignette>],
    unknown_is_unverified: bool,
) -> (Vec<Diagnostic>, Vec<Unverified>) {
    let mut out = Vec::new();
    let mut unverified = Vec::new();
    for v in vignettes {
        let Some((follows, pos)) = &v.follows else {
            continue;
        };
        let src = source_of(v);
        let err = |code| Diagnostic::error(code, &v.origin.file, &src, pos.line, pos.column);
        let Some(first) = vignettes.iter().find(|f| &f.id == follows) else {
            if unknown_is_unverified {
                unverified.push(Unverified {
                    vignette: v.id.clone(),
                    file: v.origin.file.clone(),
                    follows: follows.clone(),
                });
                continue;
            }
            let near = crate::diagnostic::nearest(follows, vignettes.iter().map(|f| f.id.as_str()))
                .map(|n| format!("did you mean `{n}`? "))
                .unwrap_or_default();
            out.push(
                err("A030")
                    .message(format!("`follows: {follows}` names no vignette in the library"))
                    .hint(format!(
                        "{near}give the id of the first visit (`alliance list` shows the ids), and load its file too"
                    )),
            );
            continue;
        };
        if let Some(chain) = loop_from(v, vignettes) {
            out.push(
                err("A031")
                    .message(format!(
                        "follow-ups go round in a loop: {}",
                        chain.join(" follows ")
                    ))
                    .hint("a follow-up continues an earlier visit; one of these must follow nothing (remove its `follows:`)"),
            );
            continue;
        }
        let Some(last) = &v.last_time else {
            continue;
        };
        for id in last.endings.keys() {
            if !first.endings.iter().any(|e| &e.id == id) {
                out.push(
                    err("A032")
                        .message(format!(
                            "last_time.endings names `{id}`, which is not an ending of `{follows}`"
                        ))
                        .hint(format!(
                            "its endings are: {}",
                            first
                                .endings
                                .iter()
                                .map(|e| e.id.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                );
            }
        }
        for name in &last.variables {
            if !first.variables.iter().any(|(n, _)| n == name) {
                out.push(
                    err("A032")
                        .message(format!(
                            "last_time carries `{name}`, which `{follows}` does not declare in `variables`"
                        ))
                        .hint("carry only variables the first visit sets; declare it there, or drop it here"),
                );
            }
        }
    }
    (out, unverified)
}

/// The ids from `v` round its chain of `follows:` back to itself, when there is such a loop.
fn loop_from(v: &Vignette, vignettes: &[Arc<Vignette>]) -> Option<Vec<String>> {
    let mut chain = vec![v.id.clone()];
    let mut at = v;
    while let Some((next, _)) = &at.follows {
        chain.push(next.clone());
        if next == &v.id {
            return Some(chain);
        }
        if chain.len() > vignettes.len() + 1 {
            return None;
        }
        at = vignettes.iter().find(|f| &f.id == next)?;
    }
    None
}

/// The text of `v`'s file, for a diagnostic's snippet (empty when it cannot be read again).
fn source_of(v: &Vignette) -> String {
    if v.origin.shipped {
        let name = v.origin.file.trim_start_matches("<shipped>/");
        return super::SHIPPED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| (*s).to_owned())
            .unwrap_or_default();
    }
    crate::files::read_text(std::path::Path::new(&v.origin.file), MAX_FILE_BYTES as u64)
        .unwrap_or_default()
}
