//! attempts.csv: one row per attempt with its figures, and one row per file that was not counted with the
//! reason, written as submissions stream past (RFC 4180 quoting; text cells cannot start a spreadsheet formula).

use std::io::{self, Write};

use crate::assign::bundle::Submission;
use crate::cohort::follow_up::{self, FollowUpRow};
use crate::cohort::intake::Rejected;
use crate::cohort::unread::Sign;

/// The header row.
pub const HEADER: &[&str] = &[
    "file",
    "status",
    "reason",
    "pseudonym",
    "assignment",
    "vignette",
    "attempt",
    "ending",
    "outcome",
    "wai_sr_task",
    "wai_sr_bond",
    "wai_sr_goal",
    "wai_sr_total",
    "miti_reflection_to_question",
    "miti_percent_complex_reflections",
    "miti_percent_open_questions",
    "miti_mi_adherent",
    "miti_mi_non_adherent",
    "ruptures",
    "unrepaired",
    "passed",
    "duration_seconds",
    "follows",
    "started",
    "continued_attempt",
    "continued_ending",
    "continued_outcome",
    "first_visit_wai_sr_total",
    "first_visit_end_bond",
    "first_visit_end_goal",
    "first_visit_end_task",
    "start_bond",
    "start_goal",
    "start_task",
];

/// Quotes a text cell when needed, and defuses a leading `=`, `+`, `-`, `@` (spreadsheet formula injection).
pub fn text_cell(s: &str) -> String {
    // Control characters are shown, not kept: a CSV is also read with `cat` in a terminal.
    let s = crate::report::markup::visible(s);
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn num(x: Option<f64>) -> String {
    x.map(|v| format!("{v}")).unwrap_or_default()
}

/// Writes the header row.
pub fn header(out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "{}", HEADER.join(","))
}

fn row(out: &mut impl Write, cells: &[String]) -> io::Result<()> {
    writeln!(out, "{}", cells.join(","))
}

/// One row per attempt of a counted submission (a vignette never attempted gets a row with attempt 0).
pub fn submission_rows(out: &mut impl Write, file: &str, s: &Submission) -> io::Result<()> {
    for v in &s.vignettes {
        if v.attempts.is_empty() {
            let mut cells = vec![String::new(); HEADER.len()];
            cells[0] = text_cell(file);
            cells[1] = "counted".to_owned();
            cells[2] = text_cell("not attempted");
            cells[3] = text_cell(&s.pseudonym);
            cells[4] = text_cell(&s.assignment.id);
            cells[5] = text_cell(&v.vignette_id);
            cells[6] = "0".to_owned();
            cells[20] = "false".to_owned();
            row(out, &cells)?;
            continue;
        }
        for a in &v.attempts {
            let d = &a.debrief;
            let w = &d.wai_sr;
            let m = &d.miti;
            let (ending, outcome) = a.transcript.ending.as_ref().map_or_else(
                || (String::new(), String::new()),
                |e| (e.id.clone(), e.outcome.as_str().to_owned()),
            );
            let reason = if a.verdict.passed {
                String::new()
            } else {
                a.verdict.failures().collect::<Vec<_>>().join("; ")
            };
            let mut cells = vec![
                text_cell(file),
                "counted".to_owned(),
                text_cell(&reason),
                text_cell(&s.pseudonym),
                text_cell(&s.assignment.id),
                text_cell(&v.vignette_id),
                a.attempt.to_string(),
                text_cell(&ending),
                outcome,
                w.task.to_string(),
                w.bond.to_string(),
                w.goal.to_string(),
                w.total.to_string(),
                num(m.reflection_to_question),
                num(m.percent_complex_reflections),
                num(m.percent_open_questions),
                m.mi_adherent.to_string(),
                m.mi_non_adherent.to_string(),
                a.transcript.ruptures.len().to_string(),
                d.unrepaired_ruptures.len().to_string(),
                a.verdict.passed.to_string(),
                a.duration_seconds.to_string(),
            ];
            cells.extend(follow_up_cells(follow_up::row(s, a).as_ref()));
            row(out, &cells)?;
        }
    }
    Ok(())
}

/// How many columns at the end of `HEADER` are the follow-up's (from `follows` on).
const FOLLOW_UP_COLUMNS: usize = 12;

/// The follow-up columns: the first visit's id, `continued` or `fresh`, the continued attempt (number, ending,
/// outcome, WAI-SR total, bond/goal/task at its end) and this attempt's bond/goal/task at its start. Empty for
/// an attempt at a vignette that follows no other.
fn follow_up_cells(r: Option<&FollowUpRow>) -> Vec<String> {
    let Some(r) = r else {
        return vec![String::new(); FOLLOW_UP_COLUMNS];
    };
    let n = |x: f64| format!("{x:.1}");
    let c = r.continued.as_ref();
    vec![
        text_cell(&r.follows),
        if c.is_some() { "continued" } else { "fresh" }.to_owned(),
        c.and_then(|c| c.attempt)
            .map_or(String::new(), |x| x.to_string()),
        c.map_or(String::new(), |c| text_cell(&c.ending.0)),
        c.map_or(String::new(), |c| c.ending.2.as_str().to_owned()),
        c.and_then(|c| c.total)
            .map_or(String::new(), |x| x.to_string()),
        c.map_or(String::new(), |c| n(c.ended_at.bond)),
        c.map_or(String::new(), |c| n(c.ended_at.goal)),
        c.map_or(String::new(), |c| n(c.ended_at.task)),
        n(r.start.bond),
        n(r.start.goal),
        n(r.start.task),
    ]
}

/// One row for a file that was not counted: status `rejected:<kind>` and the reason; no figures.
pub fn rejected_row(out: &mut impl Write, r: &Rejected) -> io::Result<()> {
    let mut cells = vec![String::new(); HEADER.len()];
    cells[0] = text_cell(&r.file);
    cells[1] = format!("rejected:{}", r.kind);
    cells[2] = text_cell(&r.reason);
    cells[3] = text_cell(r.pseudonym.as_deref().unwrap_or(""));
    cells[4] = text_cell(r.assignment.as_deref().unwrap_or(""));
    row(out, &cells)
}

/// One row for a sign in a counted submission that its replies may have been chosen without reading them:
/// status `look:<kind>` and the sign with its figures (`cohort::unread`); a prompt to look, not a verdict.
pub fn look_row(out: &mut impl Write, file: &str, s: &Submission, sign: &Sign) -> io::Result<()> {
    let mut cells = vec![String::new(); HEADER.len()];
    cells[0] = text_cell(file);
    cells[1] = format!("look:{}", sign.kind);
    cells[2] = text_cell(&sign.words);
    cells[3] = text_cell(&s.pseudonym);
    cells[4] = text_cell(&s.assignment.id);
    row(out, &cells)
}

/// One row for a counted file with a warning: status `flagged:<kind>` and the reason; no figures (its
/// attempts have their own rows).
pub fn flagged_row(out: &mut impl Write, r: &Rejected) -> io::Result<()> {
    let mut cells = vec![String::new(); HEADER.len()];
    cells[0] = text_cell(&r.file);
    cells[1] = format!("flagged:{}", r.kind);
    cells[2] = text_cell(&r.reason);
    cells[3] = text_cell(r.pseudonym.as_deref().unwrap_or(""));
    cells[4] = text_cell(r.assignment.as_deref().unwrap_or(""));
    row(out, &cells)
}

#[cfg(test)]
mod tests {
    use super::text_cell;

    #[test]
    fn quotes_and_defuses_text() {
        assert_eq!(text_cell("plain"), "plain");
        assert_eq!(text_cell("a, b"), "\"a, b\"");
        assert_eq!(text_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(text_cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
    }

    #[test]
    fn the_follow_up_columns_end_the_header() {
        let at = super::HEADER.iter().position(|h| *h == "follows").unwrap();
        assert_eq!(super::HEADER.len() - at, super::FOLLOW_UP_COLUMNS);
    }
}
