//! The pass criteria of an assignment in words, for the student before they play (the verdict after an
//! attempt says how each one went: `assign::criteria::evaluate`).

use crate::assign::Criteria;

/// Each criterion of `c` as a line a student reads ("reach an ending" always comes first).
pub fn in_words(c: &Criteria) -> Vec<String> {
    let mut v = vec!["reach an ending of the conversation".to_owned()];
    for (label, need) in [
        ("total", c.wai_sr_total_at_least),
        ("task", c.wai_sr_task_at_least),
        ("bond", c.wai_sr_bond_at_least),
        ("goal", c.wai_sr_goal_at_least),
    ] {
        if let Some(n) = need {
            v.push(format!("WAI-SR {label} at least {n}"));
        }
    }
    if let Some(n) = c.empathy_at_least {
        v.push(format!(
            "empathy at least {n}/100 at the end (how understood the patient felt)"
        ));
    }
    if c.no_unrepaired_rupture {
        v.push("leave no rupture in the alliance unrepaired".to_owned());
    }
    if c.typed_replies {
        v.push("type every reply in your own words (there is no menu)".to_owned());
    }
    if let Some(e) = &c.ending {
        v.push(format!("end at `{e}`"));
    }
    if let Some(o) = c.ending_outcome {
        v.push(format!("an ending with outcome {} or better", o.as_str()));
    }
    v
}
