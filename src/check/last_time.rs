//! Checks on a follow-up's own `follows:` and `last_time:` that need no other file: the carry in range, the
//! recaps said, carried variables declared here. What needs the first visit is `library::follows`.

use crate::diagnostic::Diagnostic;
use crate::vignette::model::VignetteFile;

use crate::diagnostic::place::value_at;

pub(super) fn check(file: &str, src: &str, v: &VignetteFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(last) = &v.last_time else {
        return out;
    };
    let block = value_at(src, (1, 1), "last_time", None);
    let err = |code, (l, c): (u64, u64), msg: String, hint: &str| {
        Diagnostic::error(code, file, src, l, c)
            .message(msg)
            .hint(hint)
    };
    if v.follows.is_none() {
        out.push(err(
            "A033",
            block,
            "`last_time` is given, but the vignette does not say which visit it follows".into(),
            "add `follows: <the first visit's id>`, or remove `last_time`",
        ));
    }
    if !(0.0..=1.0).contains(&last.carry) {
        out.push(err(
            "A018",
            value_at(src, block, "carry", Some(last.carry)),
            format!(
                "last_time.carry is {}; it must be between 0 and 1",
                last.carry
            ),
            "1 starts exactly where the first visit ended, 0 at this vignette's `start:`",
        ));
    }
    let recaps = [
        ("good", &last.good),
        ("mixed", &last.mixed),
        ("poor", &last.poor),
    ]
    .into_iter()
    .filter_map(|(k, r)| r.as_ref().map(|r| (k.to_owned(), r)))
    .chain(last.endings.iter().map(|(k, r)| (k.clone(), r)));
    for (key, recap) in recaps {
        if recap.say.iter().all(|s| s.trim().is_empty()) {
            out.push(err(
                "A020",
                value_at(src, block, &key, None),
                format!("last_time.{key} has nothing to `say`"),
                "give the patient's words about last time, e.g. `say: [\"That shrinker's been on every day.\"]`",
            ));
        }
    }
    for name in &last.variables {
        if !v.variables.contains_key(name) {
            out.push(err(
                "A021",
                value_at(src, block, "variables", None),
                format!("last_time carries `{name}`, which this vignette does not declare in `variables`"),
                "declare it here too (its value is the starting one when the visit is played alone)",
            ));
        }
    }
    out
}
