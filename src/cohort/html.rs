//! report.html: the class report as one self-contained page (inline CSS and SVG, no script, nothing fetched)
//! that reads on screen and prints cleanly to PDF.

use std::fmt::Write;

use crate::assign::criteria::Criteria;
use crate::cohort::aggregate::{Aggregate, AssignmentStats, VignetteStats, mean};
use crate::cohort::chart::{colour, histogram, line, share_bar, stacked_bar};
use crate::cohort::intake::Rejected;
use crate::cohort::iso8601::{human_duration, timestamp};
use crate::report::markup::escape as esc;
use crate::scoring::AllianceState;

/// How many decision points the report lists per vignette.
pub const TOP_DECISIONS: usize = 5;

/// What the page says about where it came from.
pub struct Meta<'a> {
    /// The folder read.
    pub source: &'a str,
    /// Unix time of the run.
    pub generated_at: u64,
    /// The assignment file given with `--assignment`, if any.
    pub graded_with: Option<&'a str>,
}

const STYLE: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: "Liberation Sans", "Helvetica Neue", Arial, sans-serif; color: #1f2937; margin: 0 auto;
  max-width: 1100px; padding: 24px 32px 48px; line-height: 1.45; background: #fff; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 21px; margin: 32px 0 8px; border-bottom: 2px solid #e5e7eb; padding-bottom: 4px; }
h3 { font-size: 18px; margin: 28px 0 6px; }
h4 { font-size: 15px; margin: 18px 0 6px; color: #374151; }
p.meta, p.note { color: #4b5563; font-size: 13px; margin: 4px 0; }
table { border-collapse: collapse; margin: 6px 0 10px; font-size: 13px; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e5e7eb; vertical-align: middle; }
th { background: #f9fafb; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.nw { white-space: nowrap; }
table.follow-ups td { vertical-align: top; }
.figure { break-inside: avoid; page-break-inside: avoid; margin: 8px 0 14px; }
.legend span { display: inline-block; margin-right: 14px; font-size: 12px; }
.legend i { display: inline-block; width: 11px; height: 11px; margin-right: 4px; vertical-align: -1px; }
.decision { break-inside: avoid; page-break-inside: avoid; border-left: 4px solid #b8463a; padding: 2px 0 2px 12px; margin: 12px 0; }
table.replies { table-layout: fixed; }
table.replies col.reply { width: 54%; } table.replies col.chosen { width: 20%; }
table.replies col.n { width: 6%; } table.replies col.strained { width: 20%; }
.decision blockquote { margin: 2px 0 6px; font-style: italic; color: #374151; }
.bad { color: #b8463a; font-weight: 600; }
.ok { color: #2e7d5b; font-weight: 600; }
svg.chart { max-width: 100%; height: auto; display: block; }
svg.share { display: inline-block; vertical-align: middle; }
section.vignette { border-top: 1px solid #d1d5db; margin-top: 28px; }
footer { margin-top: 36px; font-size: 12px; color: #6b7280; border-top: 1px solid #e5e7eb; padding-top: 8px; }
@page { size: A4; margin: 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section.vignette { break-before: page; page-break-before: always; border-top: none; margin-top: 0; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  tr { break-inside: avoid; page-break-inside: avoid; }
}
"#;

fn pct(n: u32, of: u32) -> String {
    if of == 0 {
        "–".to_owned()
    } else {
        format!("{:.0}%", 100.0 * f64::from(n) / f64::from(of))
    }
}

fn criteria_text(c: &Criteria) -> String {
    let mut v = vec!["reach an ending".to_owned()];
    if let Some(x) = c.wai_sr_total_at_least {
        v.push(format!("WAI-SR total ≥ {x}"));
    }
    for (name, x) in [
        ("task", c.wai_sr_task_at_least),
        ("bond", c.wai_sr_bond_at_least),
        ("goal", c.wai_sr_goal_at_least),
    ] {
        if let Some(x) = x {
            v.push(format!("WAI-SR {name} ≥ {x}"));
        }
    }
    if c.no_unrepaired_rupture {
        v.push("no unrepaired rupture".to_owned());
    }
    if c.typed_replies {
        v.push("replies typed in own words".to_owned());
    }
    if let Some(e) = &c.ending {
        v.push(format!("ending `{e}`"));
    }
    if let Some(o) = c.ending_outcome {
        v.push(format!("outcome {} or better", o.as_str()));
    }
    v.join(" · ")
}

fn legend(items: &[(&str, &str)]) -> String {
    let mut s = String::from(r#"<div class="legend">"#);
    for (name, fill) in items {
        let _ = write!(
            s,
            r#"<span><i style="background:{fill}"></i>{}</span>"#,
            esc(name)
        );
    }
    s.push_str("</div>");
    s
}

/// The whole page.
pub fn render(agg: &Aggregate, meta: &Meta) -> String {
    let mut s = String::with_capacity(64 * 1024);
    let title = match agg.assignments.as_slice() {
        [one] => format!("Class report: {}", one.assignment.title),
        _ => "Class report".to_owned(),
    };
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{STYLE}</style></head><body>\n",
        esc(&title)
    );
    let counted = agg.counted();
    let _ = write!(
        s,
        "<header><h1>{}</h1><p class=\"meta\">Generated {} by Alliance {} from <code>{}</code>: {} file{} read, \
         <strong>{counted}</strong> submission{} counted, <strong>{}</strong> not counted{}.</p>",
        esc(&title),
        timestamp(meta.generated_at),
        env!("CARGO_PKG_VERSION"),
        esc(meta.source),
        agg.files,
        if agg.files == 1 { "" } else { "s" },
        if counted == 1 { "" } else { "s" },
        agg.rejected.len(),
        if agg.other_files > 0 {
            format!(
                " ({} other file{} in the folder, not ending in .json, were not read)",
                agg.other_files,
                if agg.other_files == 1 { "" } else { "s" }
            )
        } else {
            String::new()
        }
    );
    if let Some(f) = meta.graded_with {
        let _ = write!(
            s,
            "<p class=\"meta\">Graded against the criteria in <code>{}</code>.</p>",
            esc(f)
        );
    } else {
        s.push_str(
            "<p class=\"meta\">Graded against the criteria each submission carries (the assignment as played).</p>",
        );
    }
    s.push_str("</header>\n");

    for a in &agg.assignments {
        assignment(&mut s, a);
    }
    if agg.assignments.is_empty() {
        s.push_str("<p>No submission could be counted.</p>");
    }
    rejected(&mut s, agg);
    flagged(&mut s, agg);
    for a in &agg.assignments {
        for v in &a.vignettes {
            vignette(&mut s, a, v);
        }
    }
    s.push_str(
        "<footer><p>WAI-SR figures are the virtual patient's ratings from the alliance at the end of the \
         consultation (docs/scoring.md); MITI figures count the trainee's coded replies and are a mirror, not a MITI \
         rating. Each submission's checksum shows whether the file was edited or cut short after Alliance wrote it; it \
         is not a signature, and a determined student with the program could forge one. Training material for \
         communication practice, not clinical guidance.</p></footer>\n</body></html>\n",
    );
    s
}

fn assignment(s: &mut String, a: &AssignmentStats) {
    let asg = &a.assignment;
    let _ = write!(
        s,
        "<section class=\"assignment\"><h2>{} <small>({})</small></h2><p class=\"meta\">{} mode · feedback {} · \
         {} attempt{} allowed per vignette · pass: {}</p>",
        esc(&asg.title),
        esc(&asg.id),
        asg.mode.as_str(),
        if asg.show_feedback { "shown" } else { "hidden" },
        asg.attempts_allowed,
        if asg.attempts_allowed == 1 { "" } else { "s" },
        esc(&criteria_text(&asg.pass))
    );
    let _ = write!(
        s,
        "<div class=\"figure\"><h4>Overall: {} of {} submissions passed every vignette ({})</h4>{}{}</div>",
        a.passed,
        a.submissions,
        pct(a.passed, a.submissions),
        stacked_bar(
            &[
                ("passed", a.passed, colour::GOOD),
                ("not passed", a.submissions - a.passed, colour::POOR),
            ],
            "Submissions passing the whole assignment",
        ),
        legend(&[("passed", colour::GOOD), ("not passed", colour::POOR)])
    );
    s.push_str(
        "<table><thead><tr><th>Vignette</th><th class=\"num\">Submissions</th><th class=\"num\">Attempted</th>\
         <th class=\"num\">Passed</th><th class=\"num\">Pass rate</th><th class=\"num\">Attempts</th>\
         <th class=\"num\">Mean final WAI-SR</th><th class=\"num\">Mean time per attempt</th></tr></thead><tbody>",
    );
    for v in &a.vignettes {
        let finals = v.finals();
        let sum: u64 = v
            .final_totals
            .iter()
            .enumerate()
            .map(|(i, n)| (i as u64 + 12) * u64::from(*n))
            .sum();
        let _ = write!(
            s,
            "<tr><td><a href=\"#v-{}-{}\">{}</a>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td></tr>",
            esc(&asg.id),
            esc(&v.id),
            esc(if v.title.is_empty() { &v.id } else { &v.title }),
            first_visit(v).map_or(String::new(), |f| format!(" <small>(follows {f})</small>")),
            v.submissions,
            v.attempted,
            v.passed,
            pct(v.passed, v.submissions),
            v.attempts,
            if finals > 0 {
                format!("{:.1}", sum as f64 / f64::from(finals))
            } else {
                "–".to_owned()
            },
            if v.attempts > 0 {
                human_duration(v.seconds / u64::from(v.attempts))
            } else {
                "–".to_owned()
            }
        );
    }
    s.push_str("</tbody></table>");
    students(s, a);
    s.push_str("</section>\n");
}

/// Each student's verdict and why, with anything in their attempts worth a look.
fn students(s: &mut String, a: &AssignmentStats) {
    if a.students.is_empty() {
        return;
    }
    let looks = a.students.iter().filter(|r| !r.signs.is_empty()).count();
    let _ = write!(
        s,
        "<h4 id=\"students-{}\">Each student</h4><p class=\"note\">Every counted submission, by pseudonym, with its \
         verdict and the reason. {}</p><table class=\"students\"><thead><tr><th>Pseudonym</th><th>Verdict</th>\
         <th>Why</th><th>Worth a look</th></tr></thead><tbody>",
        esc(&a.assignment.id),
        if looks == 0 {
            "No attempt was faster than its words can be read, and no one chose the same shown position \
             far more often than chance."
                .to_owned()
        } else {
            format!(
                "{looks} submission{} {} a sign that the replies may have been chosen without reading them: \
                 a prompt to look at the attempt and ask the student, not a verdict (docs/assignments.md, \
                 \"Worth a look\").",
                if looks == 1 { "" } else { "s" },
                if looks == 1 { "shows" } else { "show" }
            )
        }
    );
    for r in &a.students {
        let mut look: Vec<String> = r.signs.iter().map(|x| esc(&x.words)).collect();
        look.extend(
            r.superseded
                .iter()
                .map(|f| format!("replaces an earlier submission, <code>{}</code>", esc(f))),
        );
        let _ = write!(
            s,
            "<tr><td>{}</td><td class=\"nw\">{}</td><td>{}</td><td>{}</td></tr>",
            esc(&r.pseudonym),
            if r.passed {
                "<span class=\"ok\">passed</span>"
            } else {
                "<span class=\"bad\">not passed</span>"
            },
            r.reasons
                .iter()
                .map(|x| esc(x))
                .collect::<Vec<_>>()
                .join("<br>"),
            if look.is_empty() {
                "–".to_owned()
            } else {
                look.join("<br>")
            }
        );
    }
    s.push_str("</tbody></table>");
}

fn rejected(s: &mut String, agg: &Aggregate) {
    s.push_str("<section class=\"rejected\"><h2>Submissions not counted</h2>");
    if agg.rejected.is_empty() {
        s.push_str(
            "<p class=\"ok\">None: every submission file was verified (checksum intact) and counted once.</p></section>\n",
        );
        return;
    }
    let _ = write!(
        s,
        "<p class=\"bad\">{} file{} could not be counted. They are left out of every figure below and listed in \
         attempts.csv with the same reason.</p><table><thead><tr><th>File</th><th>Problem</th><th>Pseudonym</th>\
         <th>Assignment</th><th>Reason</th></tr></thead><tbody>",
        agg.rejected.len(),
        if agg.rejected.len() == 1 { "" } else { "s" }
    );
    file_rows(s, &agg.rejected);
}

fn flagged(s: &mut String, agg: &Aggregate) {
    if agg.flagged.is_empty() {
        return;
    }
    let _ = write!(
        s,
        "<section class=\"rejected\"><h2>Submissions counted with a warning</h2><p class=\"bad\">Every \
         verdict below was derived again from the attempts' transcripts, not taken from the files. These files \
         stored figures that do not follow from their turns, or use ids another file used (a copied or forged \
         file): ask the student.</p><table><thead><tr><th>File</th><th>Problem</th><th>Pseudonym</th>\
         <th>Assignment</th><th>Reason</th></tr></thead><tbody>"
    );
    file_rows(s, &agg.flagged);
}

/// The rows of a table of files not counted, or counted with a warning, and the table's end.
fn file_rows(s: &mut String, files: &[Rejected]) {
    for r in files {
        let _ = write!(
            s,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&r.file),
            esc(&r.kind.replace('_', " ")),
            esc(r.pseudonym.as_deref().unwrap_or("–")),
            esc(r.assignment.as_deref().unwrap_or("–")),
            esc(&r.reason)
        );
    }
    s.push_str("</tbody></table></section>\n");
}

fn vignette(s: &mut String, a: &AssignmentStats, v: &VignetteStats) {
    let name = if v.title.is_empty() { &v.id } else { &v.title };
    let _ = write!(
        s,
        "<section class=\"vignette\" id=\"v-{}-{}\"><h3>{} <small>({} · {})</small></h3><p class=\"meta\">Pass: {}</p>",
        esc(&a.assignment.id),
        esc(&v.id),
        esc(name),
        esc(&v.id),
        esc(&a.assignment.title),
        esc(&criteria_text(&v.criteria))
    );
    let not_attempted = v.submissions - v.attempted;
    let _ = write!(
        s,
        "<div class=\"figure\"><h4>Pass rate: {} of {} ({})</h4>{}{}</div>",
        v.passed,
        v.submissions,
        pct(v.passed, v.submissions),
        stacked_bar(
            &[
                ("passed", v.passed, colour::GOOD),
                (
                    "not passed",
                    v.attempted - v.passed.min(v.attempted),
                    colour::POOR
                ),
                ("not attempted", not_attempted, colour::NONE),
            ],
            &format!("Pass rate for {name}"),
        ),
        legend(&[
            ("passed", colour::GOOD),
            ("not passed", colour::POOR),
            ("not attempted", colour::NONE)
        ])
    );

    // Histogram of final WAI-SR totals in bins of 4 (12-15 … 52-55, 56-60).
    let mut bins: Vec<(String, u32)> = Vec::new();
    let mut lo = 12;
    while lo <= 56 {
        let hi = if lo == 56 { 60 } else { lo + 3 };
        let n = (lo..=hi).map(|t| v.final_totals[t - 12]).sum();
        bins.push((format!("{lo}-{hi}"), n));
        lo += 4;
    }
    let threshold = v.criteria.wai_sr_total_at_least.map(|t| {
        let t = usize::from(t.clamp(12, 60));
        let bin = ((t - 12) / 4).min(11);
        let width = if bin == 11 { 5.0 } else { 4.0 };
        let at = bin as f64 + (t - 12 - bin * 4) as f64 / width;
        (at, format!("pass ≥ {t}"))
    });
    let _ = write!(
        s,
        "<div class=\"figure\"><h4>WAI-SR total at each student's final attempt (n = {})</h4>{}</div>",
        v.finals(),
        histogram(
            &bins,
            threshold,
            &format!("Distribution of final WAI-SR totals for {name}")
        )
    );

    let _ = write!(
        s,
        "<div class=\"figure\"><h4>How the final attempts ended</h4>{}{}",
        stacked_bar(
            &[
                ("good", v.outcomes[2], colour::GOOD),
                ("mixed", v.outcomes[1], colour::MIXED),
                ("poor", v.outcomes[0], colour::POOR),
                ("no ending", v.unfinished, colour::NONE),
            ],
            &format!("Outcomes for {name}"),
        ),
        legend(&[
            ("good", colour::GOOD),
            ("mixed", colour::MIXED),
            ("poor", colour::POOR),
            ("no ending (stopped)", colour::NONE)
        ])
    );
    if !v.endings.is_empty() {
        s.push_str("<table><thead><tr><th>Ending</th><th>Outcome</th><th class=\"num\">Final attempts</th></tr></thead><tbody>");
        let mut endings = v.endings.clone();
        endings.sort_by(|x, y| y.3.cmp(&x.3).then(x.0.cmp(&y.0)));
        for (id, title, outcome, n) in &endings {
            let _ = write!(
                s,
                "<tr><td>{} <small>(<code>{}</code>)</small></td><td>{}</td><td class=\"num\">{n}</td></tr>",
                esc(title),
                esc(id),
                outcome.as_str()
            );
        }
        s.push_str("</tbody></table>");
    }
    if !v.failed_checks.is_empty() {
        let mut f = v.failed_checks.clone();
        f.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        let parts: Vec<String> = f
            .iter()
            .map(|(c, n)| format!("<code>{}</code> {n}", esc(c)))
            .collect();
        let _ = write!(
            s,
            "<p class=\"note\">Criteria missed at final attempts that did not pass: {}.</p>",
            parts.join(", ")
        );
    }
    s.push_str("</div>");

    follow_ups(s, v);
    decisions(s, v);
    uncovered(s, v);
    ruptures(s, v);
    progress(s, v);
    miti(s, v);
    s.push_str("</section>\n");
}

/// "bond 62 · goal 55 · task 50" (each kept on one line).
fn alliance(a: &AllianceState) -> String {
    format!(
        "<span class=\"nw\">bond {:.0}</span> · <span class=\"nw\">goal {:.0}</span> · <span class=\"nw\">task \
         {:.0}</span>",
        a.bond, a.goal, a.task
    )
}

/// "bond 62 → 59 · goal 55 → 54 · task 50 → 50" (each kept on one line): where the first visit ended against
/// where this one started.
fn moved(from: &AllianceState, to: &AllianceState) -> String {
    format!(
        "<span class=\"nw\">bond {:.0} → {:.0}</span> · <span class=\"nw\">goal {:.0} → {:.0}</span> · \
         <span class=\"nw\">task {:.0} → {:.0}</span>",
        from.bond, to.bond, from.goal, to.goal, from.task, to.task
    )
}

/// The visit a follow-up follows, as HTML: “its title” when an attempt continued it, else `its id` (a table of
/// fresh starts knows only the id). `None` for a vignette no attempt showed to be a follow-up.
fn first_visit(v: &VignetteStats) -> Option<String> {
    let first = v.follow_ups.first()?;
    Some(
        v.follow_ups
            .iter()
            .find_map(|r| r.continued.as_ref())
            .map_or_else(
                || format!("<code>{}</code>", esc(&first.follows)),
                |c| format!("“{}”", esc(&c.title)),
            ),
    )
}

/// A follow-up visit: where each attempt at it started (continuing which of the student's attempts at the
/// first visit, and how that ended, or fresh) and the alliance at its start against where the first visit
/// ended, so its scores can be read against the first visit's.
fn follow_ups(s: &mut String, v: &VignetteStats) {
    let rows = &v.follow_ups;
    if rows.is_empty() {
        return;
    }
    let continued: Vec<_> = rows
        .iter()
        .filter_map(|r| r.continued.as_ref().map(|c| (r, c)))
        .collect();
    let first_title = first_visit(v).unwrap_or_default();
    let fresh = rows.len() - continued.len();
    // The share carried over is the vignette's (`last_time.carry`): said once when every attempt had the same.
    let carry = continued.first().map(|(_, c)| c.carry);
    let one_carry = carry.filter(|x| continued.iter().all(|(_, c)| c.carry == *x));
    let how = match (one_carry, continued.is_empty()) {
        (_, true) => "None continued, so every attempt started from this visit's own start, its opening as \
                      written"
            .to_owned(),
        (Some(x), false) => format!(
            "A continued attempt starts {:.0}% of the way from this visit's own start to where that attempt \
             ended, with the patient recalling how it ended; a fresh one starts from this visit's own start",
            x * 100.0
        ),
        (None, false) => "A continued attempt starts part of the way from this visit's own start to where that \
                          attempt ended (each row says how far), with the patient recalling how it ended; a \
                          fresh one starts from this visit's own start"
            .to_owned(),
    };
    let _ = write!(
        s,
        "<div class=\"figure\"><h4>Follow-up visit: where each attempt started</h4><p class=\"note\">This visit \
         follows {first_title}. {} of {} attempt{} <strong>continued</strong> the student's own finished attempt \
         at it; {fresh} <strong>started fresh</strong>. {how} (docs/authoring.md, “Follow-up visits”).",
        continued.len(),
        rows.len(),
        if rows.len() == 1 { "" } else { "s" },
    );
    let paired: Vec<(u8, u8)> = continued
        .iter()
        .filter_map(|(r, c)| c.total.map(|t| (t, r.total)))
        .collect();
    if !paired.is_empty() {
        let n = paired.len() as f64;
        // Rounded as shown, so the change is the difference of the two figures printed.
        let mean = |x: f64| (x / n * 10.0).round() / 10.0;
        let before = mean(paired.iter().map(|p| f64::from(p.0)).sum::<f64>());
        let after = mean(paired.iter().map(|p| f64::from(p.1)).sum::<f64>());
        let _ = write!(
            s,
            " Mean WAI-SR total of the {} continued attempt{}: {before:.1} at the first visit, {after:.1} at the \
             follow-up ({:+.1}).",
            paired.len(),
            if paired.len() == 1 { "" } else { "s" },
            after - before
        );
    }
    s.push_str(
        "</p><table class=\"follow-ups\"><thead><tr><th>Pseudonym</th><th class=\"num\">Attempt</th>\
         <th>Started</th><th>First visit ended</th><th>Alliance: first visit's end → this visit's start</th>\
         <th>This visit ended</th><th class=\"num nw\">WAI-SR</th></tr></thead><tbody>",
    );
    for r in rows {
        let (started, ended, change, gain) = match &r.continued {
            Some(c) => (
                format!(
                    "<span class=\"nw\">continued {}</span>",
                    c.attempt
                        .map_or("an attempt".to_owned(), |n| format!("attempt {n}"))
                ),
                format!(
                    "“{}” ({}){}",
                    esc(&c.ending.1),
                    c.ending.2.as_str(),
                    c.total.map_or(String::new(), |t| format!(
                        " · <span class=\"nw\">WAI-SR {t}</span>"
                    ))
                ),
                match one_carry {
                    Some(_) => moved(&c.ended_at, &r.start),
                    None => format!(
                        "{} <small>({:.0}% carried)</small>",
                        moved(&c.ended_at, &r.start),
                        c.carry * 100.0
                    ),
                },
                c.total.map_or(String::new(), |t| {
                    format!(" <small>({:+})</small>", i32::from(r.total) - i32::from(t))
                }),
            ),
            None => (
                "<strong>started fresh</strong>".to_owned(),
                "–".to_owned(),
                format!(
                    "{} <small>(this visit's own start)</small>",
                    alliance(&r.start)
                ),
                String::new(),
            ),
        };
        let _ = write!(
            s,
            "<tr><td>{}</td><td class=\"num\">{}</td><td>{started}</td><td>{ended}</td><td>{change}</td>\
             <td>{}</td><td class=\"num nw\">{}{gain}</td></tr>",
            esc(&r.pseudonym),
            r.attempt,
            match &r.ending {
                Some((title, outcome)) => format!(
                    "“{}” ({}) · {}",
                    esc(title),
                    outcome.as_str(),
                    if r.passed {
                        "<span class=\"ok nw\">passed</span>"
                    } else {
                        "<span class=\"bad nw\">not passed</span>"
                    }
                ),
                None => "stopped before an ending".to_owned(),
            },
            r.total,
        );
    }
    s.push_str("</tbody></table></div>");
}

/// Typed replies that matched none written for the moment: what the vignette does not yet cover.
fn uncovered(s: &mut String, v: &VignetteStats) {
    let mut nodes: Vec<_> = v.nodes.iter().filter(|n| n.unmatched > 0).collect();
    if nodes.is_empty() {
        return;
    }
    nodes.sort_by(|a, b| b.unmatched.cmp(&a.unmatched).then(a.node.cmp(&b.node)));
    s.push_str(
        "<h4>What students typed that no written reply covers</h4><p class=\"note\">Replies typed in the \
         students' own words that matched none of the replies written for that moment, so the patient gave a \
         fallback reaction (docs/typed-replies.md): candidates for new authored replies or reactions.</p>",
    );
    for n in nodes.iter().take(TOP_DECISIONS) {
        let _ = write!(
            s,
            "<div class=\"decision\"><strong><code>{}</code></strong>: {} of {} typed replies matched nothing \
             <blockquote>Patient: “{}”</blockquote><ul>",
            esc(&n.node),
            n.unmatched,
            n.typed,
            esc(&n.prompt)
        );
        for u in &n.unmatched_examples {
            let _ = write!(
                s,
                "<li>“{}” <small>({}){}</small></li>",
                esc(&u.text),
                if u.codes.is_empty() {
                    "nothing readable".to_owned()
                } else {
                    esc(&u.codes.join(", ").replace('_', " "))
                },
                if u.strained {
                    " <span class=\"bad\">strained</span>"
                } else {
                    ""
                }
            );
        }
        s.push_str("</ul></div>");
    }
}

fn decisions(s: &mut String, v: &VignetteStats) {
    s.push_str("<h4>Where students strained the alliance</h4>");
    let mut nodes: Vec<_> = v.nodes.iter().filter(|n| n.strained > 0).collect();
    if nodes.is_empty() {
        s.push_str("<p class=\"note\">No reply strained the alliance in any attempt.</p>");
        return;
    }
    nodes.sort_by(|a, b| b.strained.cmp(&a.strained).then(a.node.cmp(&b.node)));
    let _ = write!(
        s,
        "<p class=\"note\">The {} decision point{} where a reply most often strained the alliance (a strained moment \
         in the debrief: a drop of 4 or more in bond, goal or task, a rupture marker, or a deepened rupture), with \
         every reply and the share of students who chose it when they reached it.</p>",
        nodes.len().min(TOP_DECISIONS),
        if nodes.len().min(TOP_DECISIONS) == 1 {
            ""
        } else {
            "s"
        }
    );
    for n in nodes.iter().take(TOP_DECISIONS) {
        let _ = write!(
            s,
            "<div class=\"decision\"><strong><code>{}</code></strong>: strained {} of {} times ({})\
             <blockquote>Patient: “{}”</blockquote><table class=\"replies\"><colgroup><col class=\"reply\">\
             <col class=\"chosen\"><col class=\"n\"><col class=\"strained\"></colgroup><thead><tr><th>Reply</th>\
             <th>Chosen</th><th class=\"num\">n</th><th>Strained when chosen</th></tr></thead><tbody>",
            esc(&n.node),
            n.strained,
            n.reached,
            pct(n.strained, n.reached),
            esc(&n.prompt)
        );
        for r in &n.replies {
            let share = if n.reached > 0 {
                f64::from(r.chosen) / f64::from(n.reached)
            } else {
                0.0
            };
            let strains = r.chosen > 0 && r.strained * 2 > r.chosen;
            let _ = write!(
                s,
                "<tr><td>{}{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                esc(&r.text),
                if r.best > 0 && r.best * 2 >= r.chosen {
                    " <small class=\"ok\">(best on offer)</small>"
                } else {
                    ""
                },
                share_bar(share, if strains { colour::POOR } else { colour::BAR }),
                r.chosen,
                if r.chosen == 0 {
                    "–".to_owned()
                } else if r.strained > 0 {
                    format!("<span class=\"bad\">{} of {}</span>", r.strained, r.chosen)
                } else {
                    "never".to_owned()
                }
            );
        }
        s.push_str("</tbody></table></div>");
    }
}

fn ruptures(s: &mut String, v: &VignetteStats) {
    s.push_str("<h4>Ruptures and repair</h4>");
    if v.ruptures.is_empty() {
        s.push_str("<p class=\"note\">No rupture marker was shown in any attempt.</p>");
        return;
    }
    let mut r = v.ruptures.clone();
    r.sort_by(|a, b| b.count.cmp(&a.count).then(a.marker.cmp(&b.marker)));
    s.push_str(
        "<div class=\"figure\"><table><thead><tr><th>Rupture (3RS marker)</th><th>Kind</th><th class=\"num\">Times</th>\
         <th>Repaired</th></tr></thead><tbody>",
    );
    for x in &r {
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{} <small>{} of {}</small></td></tr>",
            esc(&x.marker.replace('_', " ")),
            esc(&x.kind),
            x.count,
            share_bar(
                f64::from(x.repaired) / f64::from(x.count.max(1)),
                colour::GOOD
            ),
            x.repaired,
            x.count
        );
    }
    s.push_str("</tbody></table></div>");
}

fn progress(s: &mut String, v: &VignetteStats) {
    s.push_str("<h4>Progress across attempts</h4>");
    if v.by_attempt.is_empty() {
        s.push_str("<p class=\"note\">No attempts.</p>");
        return;
    }
    let points: Vec<(String, Option<f64>, String)> = v
        .by_attempt
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let m = (a.count > 0).then(|| a.total_sum as f64 / f64::from(a.count));
            (
                format!("attempt {}", i + 1),
                m,
                m.map_or(String::new(), |m| format!("{m:.1}")),
            )
        })
        .collect();
    let _ = write!(
        s,
        "<div class=\"figure\">{}<table><thead><tr><th>Attempt</th><th class=\"num\">Attempts</th>\
         <th class=\"num\">Mean WAI-SR total</th><th class=\"num\">Change from the same students' previous \
         attempt</th><th class=\"num\">Passed</th></tr></thead><tbody>",
        line(
            &points,
            (12.0, 60.0),
            &format!(
                "Mean WAI-SR total by attempt number for {}",
                if v.title.is_empty() { &v.id } else { &v.title }
            )
        )
    );
    for (i, a) in v.by_attempt.iter().enumerate() {
        let _ = write!(
            s,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{} ({})</td></tr>",
            i + 1,
            a.count,
            if a.count > 0 {
                format!("{:.1}", a.total_sum as f64 / f64::from(a.count))
            } else {
                "–".to_owned()
            },
            if i > 0 && a.count > 0 {
                format!("{:+.1}", a.gain_sum as f64 / f64::from(a.count))
            } else {
                "–".to_owned()
            },
            a.passed,
            pct(a.passed, a.count)
        );
    }
    s.push_str("</tbody></table>");
    if v.by_attempt.len() == 1 {
        s.push_str("<p class=\"note\">Every student made one attempt.</p>");
    } else {
        s.push_str(
            "<p class=\"note\">Only students who did not pass try again, so later attempts start from weaker \
             first attempts; the change column compares each student with their own previous attempt.</p>",
        );
    }
    s.push_str("</div>");
}

fn miti(s: &mut String, v: &VignetteStats) {
    let m = &v.miti;
    if m.n == 0 {
        return;
    }
    let f = |x: Option<f64>, unit: &str| x.map_or("–".to_owned(), |x| format!("{x:.1}{unit}"));
    let _ = write!(
        s,
        "<h4>MITI summary (means over final attempts, n = {})</h4><table><tbody>\
         <tr><td>Reflection-to-question ratio</td><td class=\"num\">{}</td></tr>\
         <tr><td>% complex reflections</td><td class=\"num\">{}</td></tr>\
         <tr><td>% open questions</td><td class=\"num\">{}</td></tr>\
         <tr><td>MI-adherent replies per attempt</td><td class=\"num\">{:.1}</td></tr>\
         <tr><td>MI-non-adherent replies per attempt</td><td class=\"num\">{:.1}</td></tr></tbody></table>",
        m.n,
        f(mean(m.rq), ""),
        f(mean(m.cr), "%"),
        f(mean(m.oq), "%"),
        m.adherent as f64 / f64::from(m.n),
        m.non_adherent as f64 / f64::from(m.n)
    );
}
