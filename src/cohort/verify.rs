//! Not trusting what a submission says about itself: every attempt's debrief is derived again from its
//! transcript (and, when the vignette is in the library, the transcript's turns are replayed against it), every
//! verdict re-graded, and a submission whose stored figures do not follow from its turns is flagged.

use std::collections::HashMap;
use std::sync::Arc;

use crate::assign::bundle::Submission;
use crate::assign::load::Assignment;
use crate::engine::Session;
use crate::library::Library;
use crate::report::{self, Debrief};
use crate::scoring::Rubric;

/// Derives every attempt's debrief again from its transcript and re-grades every verdict (by `assignment`'s
/// criteria when given, else the ones the submission carries). Returns what did not follow, one line each.
pub fn rederive(
    s: &mut Submission,
    assignment: Option<&Assignment>,
    library: Option<&Library>,
    rubric: &Arc<Rubric>,
) -> Vec<String> {
    let mut flags = Vec::new();
    for v in &mut s.vignettes {
        for a in &mut v.attempts {
            let at = format!("{} attempt {}", v.vignette_id, a.attempt);
            let mut t = a.transcript.clone();
            if t.vignette_id != v.vignette_id {
                flags.push(format!("{at}: the transcript is for `{}`", t.vignette_id));
            }
            if let Some(vignette) = library.and_then(|l| l.get(&t.vignette_id)) {
                match Session::resume(vignette, Arc::clone(rubric), &t) {
                    Err(e) => flags.push(format!(
                        "{at}: its turns do not replay against the vignette ({e})"
                    )),
                    Ok(replayed) => {
                        let r = replayed.transcript();
                        if r.current() != t.current()
                            || r.ending.as_ref().map(|e| &e.id) != t.ending.as_ref().map(|e| &e.id)
                        {
                            flags.push(format!(
                                "{at}: its turns replayed against the vignette do not give the alliance and \
                                 ending it stores"
                            ));
                        }
                        let status = t.status;
                        t = r.clone();
                        // A finished replay is finished; otherwise the attempt stopped as it says.
                        if t.ending.is_none() {
                            t.status = status;
                        }
                    }
                }
            }
            let d = report::debrief(&t, rubric);
            if let Some(why) = differs(&a.debrief, &d) {
                flags.push(format!(
                    "{at}: its stored debrief does not follow from its transcript ({why}); graded on the \
                     transcript"
                ));
            }
            a.debrief = d;
        }
    }
    s.regrade(assignment);
    flags
}

/// What a verdict depends on, stored against derived, in words (`None`: the same).
fn differs(stored: &Debrief, derived: &Debrief) -> Option<String> {
    let (a, b) = (&stored.wai_sr, &derived.wai_sr);
    if (a.task, a.bond, a.goal, a.total) != (b.task, b.bond, b.goal, b.total) {
        return Some(format!(
            "WAI-SR total {} stored, {} from the turns",
            a.total, b.total
        ));
    }
    let ending = |d: &Debrief| d.ending.as_ref().map(|e| (e.id.clone(), e.outcome));
    if ending(stored) != ending(derived) || stored.status != derived.status {
        return Some("the ending stored is not the one the turns reach".to_owned());
    }
    if stored.unrepaired_ruptures.len() != derived.unrepaired_ruptures.len() {
        return Some(format!(
            "{} unrepaired rupture(s) stored, {} from the turns",
            stored.unrepaired_ruptures.len(),
            derived.unrepaired_ruptures.len()
        ));
    }
    None
}

/// Remembers the submission and attempt ids of the submissions counted so far, to flag one used again (a
/// copied or forged file: an LRS rejects a batch with a statement id twice, so its statements are left out).
#[derive(Default)]
pub struct Ids {
    seen: HashMap<String, String>,
}

impl Ids {
    /// The ids of `s` (in `file`) already used by a counted file, or twice within it, in words.
    pub fn reused(&mut self, file: &str, s: &Submission) -> Vec<String> {
        let mut out = Vec::new();
        let ids = std::iter::once(("submission id", &s.submission_id)).chain(
            s.vignettes
                .iter()
                .flat_map(|v| v.attempts.iter())
                .map(|a| ("attempt id", &a.registration)),
        );
        for (what, id) in ids {
            match self.seen.get(id) {
                Some(first) if first == file => {
                    out.push(format!("{what} {id} is used twice in it"))
                }
                Some(first) => out.push(format!("{what} {id} is also in {first}")),
                None => {
                    self.seen.insert(id.clone(), file.to_owned());
                }
            }
        }
        out
    }
}
