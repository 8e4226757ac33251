//! The class report names results: each student's pseudonym with the verdict and the reason, attempts whose
//! speed or menu positions suggest the replies were not read flagged with their figures, a student's newest
//! submission counted in place of an earlier one, and every name escaped.

mod common;

use std::path::Path;
use std::sync::Arc;

use alliance::assign::{self, Attempt, Submission, VignetteResult, seal};
use alliance::engine::{Mode, Session};
use alliance::report;
use alliance::scoring::Rubric;

const VIGNETTE: &str = "reluctant-patient";
const START: u64 = 1_800_000_000;

/// Plays the shipped vignette to an ending choosing shown position `pick(turn, menu size)` each time, then
/// times it at `seconds_a_reply` and seals it as `pseudonym`'s submission, submitted at `submitted_at`.
fn submission(
    pseudonym: &str,
    pick: impl Fn(usize, usize) -> usize,
    seconds_a_reply: u64,
    submitted_at: u64,
) -> Submission {
    let lib = common::shipped();
    let v = lib.get(VIGNETTE).expect("the shipped vignette");
    let rubric = Arc::new(Rubric::shipped());
    let mut s = Session::new(Arc::clone(&v), Arc::clone(&rubric), 11, Mode::Assessment);
    let mut turn = 0;
    while !s.is_over() {
        let offered = s.offered();
        let n = pick(turn, offered.len()).min(offered.len() - 1);
        s.choose(offered[n].index).expect("an offered reply");
        turn += 1;
        assert!(turn < 60, "the vignette ends");
    }
    let mut t = s.transcript().clone();
    t.started_at = START;
    t.updated_at = START + seconds_a_reply * t.turns.len() as u64;
    let a = assign::parse(
        "t.yaml",
        &format!(
            "id: week-3\ntitle: Week 3\ninstructions: x\nvignettes: [{VIGNETTE}]\nmode: assessment\n\
             pass: {{ wai_sr_total_at_least: 59 }}\n"
        ),
        None,
    )
    .unwrap();
    let (decisions, points) =
        assign::replay::decisions(Arc::clone(&v), rubric.clone(), &t).unwrap();
    let d = report::debrief(&t, &rubric);
    let c = a.criteria_for(VIGNETTE);
    let attempt = Attempt::new(
        1,
        format!("reg-{pseudonym}-{submitted_at}"),
        t,
        d,
        decisions,
        &c,
    );
    let r = VignetteResult::graded(
        VIGNETTE.into(),
        "Reluctant".into(),
        c,
        points,
        vec![attempt],
        1,
    );
    Submission::new(
        format!("sub-{pseudonym}-{submitted_at}"),
        a,
        pseudonym.into(),
        submitted_at,
        vec![r],
    )
}

fn hand_in(folder: &Path, file: &str, s: &Submission) {
    std::fs::write(folder.join(file), seal(s)).unwrap();
}

/// Runs `alliance class` on `folder`: (report.html, attempts.csv, stdout).
fn class(data: &Path, folder: &Path) -> (String, String, String) {
    let out = data.join("out");
    let o = common::alliance(
        data,
        &[
            "class",
            folder.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--format",
            "csv,html",
        ],
        "",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (
        std::fs::read_to_string(out.join("report.html")).unwrap(),
        std::fs::read_to_string(out.join("attempts.csv")).unwrap(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

/// The report's row for `pseudonym` (as escaped in the page) in the table of students.
fn row<'a>(html: &'a str, pseudonym: &str) -> &'a str {
    let table = &html[html
        .find("<table class=\"students\">")
        .expect("a table of students")..];
    let table = &table[..table.find("</table>").unwrap()];
    let at = table
        .find(&format!("<tr><td>{pseudonym}</td>"))
        .unwrap_or_else(|| panic!("no row for {pseudonym} in {table}"));
    let r = &table[at..];
    &r[..r.find("</tr>").unwrap()]
}

#[test]
fn each_student_is_named_with_verdict_reason_and_what_is_worth_a_look() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let folder = dir.path().join("in");
    std::fs::create_dir_all(&folder).unwrap();
    // Always the first reply shown, two seconds a reply: too fast to read, and one position every time.
    hand_in(
        &folder,
        "a.json",
        &submission("Fast Fox", |_, _| 0, 2, START + 900),
    );
    // Positions that move, a minute a reply: nothing to flag.
    let steady = |turn: usize, n: usize| (turn * 7 + 1) % n;
    hand_in(
        &folder,
        "b.json",
        &submission("Steady Owl", steady, 60, START + 900),
    );
    // Always the first reply shown, but taking time over each.
    hand_in(
        &folder,
        "c.json",
        &submission("Same Heron", |_, _| 0, 60, START + 900),
    );
    // A name that is markup.
    hand_in(
        &folder,
        "d.json",
        &submission("<b>Ann & Bo</b>", steady, 60, START + 900),
    );
    let (html, csv, stdout) = class(&data, &folder);

    // Every student by name, with the verdict and the reason in words.
    for who in [
        "Fast Fox",
        "Steady Owl",
        "Same Heron",
        "&lt;b&gt;Ann &amp; Bo&lt;/b&gt;",
    ] {
        let r = row(&html, who);
        assert!(r.contains("passed"), "{who}: {r}");
        assert!(r.contains(VIGNETTE), "the reason names the vignette: {r}");
    }
    assert!(!html.contains("<b>Ann"), "a pseudonym is escaped");
    assert!(
        row(&html, "Steady Owl").contains("not passed in 1 attempt of 1"),
        "{}",
        row(&html, "Steady Owl")
    );

    // The fast attempt, with its figures.
    let fox = row(&html, "Fast Fox");
    assert!(fox.contains("s a reply: less than the"), "{fox}");
    assert!(fox.contains("words a minute"), "{fox}");
    assert!(fox.contains(" in "), "{fox}");
    let fox_replies = fox
        .split(" repl")
        .next()
        .and_then(|x| x.rsplit(' ').next())
        .and_then(|n| n.parse::<u64>().ok())
        .expect("the number of replies");
    assert!(
        fox.contains(&format!(
            "{fox_replies} replies in {} s, 2.0 s a reply",
            fox_replies * 2
        )),
        "{fox}"
    );
    // The same position every time, with its figures.
    assert!(
        fox.contains(&format!(
            "chose the first reply shown {fox_replies} of {fox_replies} times"
        )),
        "{fox}"
    );
    assert!(fox.contains("by chance"), "{fox}");
    let heron = row(&html, "Same Heron");
    assert!(heron.contains("chose the first reply shown"), "{heron}");
    assert!(
        !heron.contains("s a reply"),
        "a slow attempt is not too fast: {heron}"
    );
    // A normal attempt is not flagged.
    let owl = row(&html, "Steady Owl");
    assert!(owl.ends_with("<td>–</td>"), "nothing to look at: {owl}");
    assert!(html.contains("a prompt to look at the attempt and ask the student, not a verdict"));

    // The same signs in attempts.csv, and a line on the terminal.
    let looks: Vec<&str> = csv.lines().filter(|l| l.contains(",look:")).collect();
    assert_eq!(looks.len(), 3, "{looks:?}");
    assert!(
        looks
            .iter()
            .any(|l| l.contains("look:too_fast") && l.contains("Fast Fox"))
    );
    assert!(
        looks
            .iter()
            .filter(|l| l.contains("look:same_position"))
            .count()
            == 2
    );
    assert!(stdout.contains("worth a look: 2 submissions"), "{stdout}");
}

#[test]
fn a_later_submission_by_the_same_student_replaces_the_earlier_one() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let folder = dir.path().join("in");
    std::fs::create_dir_all(&folder).unwrap();
    let steady = |turn: usize, n: usize| (turn * 7 + 1) % n;
    // The newer file sorts first by name: the time it was submitted decides, not the name.
    hand_in(
        &folder,
        "a-second.json",
        &submission("Late Lark", |_, _| 0, 60, START + 7_200),
    );
    hand_in(
        &folder,
        "b-first.json",
        &submission("Late Lark", steady, 60, START + 3_600),
    );
    let (html, csv, _) = class(&data, &folder);

    let lark = row(&html, "Late Lark");
    assert!(
        lark.contains("replaces an earlier submission, <code>b-first.json</code>"),
        "{lark}"
    );
    assert!(
        html.contains("superseded"),
        "the earlier file is listed as not counted"
    );
    let superseded: Vec<&str> = csv
        .lines()
        .filter(|l| l.contains("rejected:superseded"))
        .collect();
    assert_eq!(superseded.len(), 1, "{csv}");
    assert!(superseded[0].starts_with("b-first.json,"), "{superseded:?}");
    assert!(
        superseded[0].contains("the newer submission, a-second.json"),
        "{superseded:?}"
    );
    assert!(!csv.contains("rejected:duplicate"), "{csv}");
    assert_eq!(csv.lines().filter(|l| l.contains(",counted,")).count(), 1);
}
