//! The class report as an educator uses it: a folder of submissions, some edited, cut short, duplicated or for
//! another assignment, into attempts.csv, report.html (rendered in headless Chromium if installed), statements.json.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::fixture;

fn alliance(data: &Path, args: &[&str]) -> Output {
    common::alliance(data, args, "")
}

fn newest(dir: &Path, prefix: &str) -> PathBuf {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .collect();
    v.sort_by_key(|p| std::fs::metadata(p).unwrap().modified().unwrap());
    v.pop().unwrap()
}

fn submit(data: &Path, assignment: &str, pseudonym: &str, replies: &str) -> PathBuf {
    let o = alliance(
        data,
        &[
            "play",
            "--assignment",
            fixture(&format!("assignments/{assignment}"))
                .to_str()
                .unwrap(),
            "--pseudonym",
            pseudonym,
            "--replies",
            replies,
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stamp_prefix = match assignment {
        "hidden.yaml" => format!("mini-exam-{pseudonym}-"),
        _ => format!("mini-week-1-{pseudonym}-"),
    };
    newest(&data.join("submissions"), &stamp_prefix)
}

/// A class of eight, and the things that go wrong when files are handed in.
struct Class {
    _dir: tempfile::TempDir,
    data: PathBuf,
    folder: PathBuf,
}

fn class() -> Class {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    for (who, replies) in [
        ("s1", "1,1"),         // reflects twice: passes at once
        ("s2", "1,1"),         // the same
        ("s3", "2,1,1/1,1"),   // advice, repair, mixed ending; passes on the second attempt
        ("s4", "2,2,2/2,2,2"), // advice and pressing on, twice: never passes
        ("s5", "3,1"),         // a fact question, then reflects: passes
        ("s6", "3,3"),         // will hand in a file cut short
        ("s7", "1,2"),         // fails, and will edit the verdict
        ("s8", "2,3,1/1,1"),   // passes on the second attempt
    ] {
        submit(&data, "mini.yaml", who, replies);
    }
    let folder = data.join("submissions");
    let s1 = newest(&folder, "mini-week-1-s1-");
    std::fs::copy(&s1, folder.join("zz-copy-of-s1.json")).unwrap();
    // s2 hands in twice, the second time a second later: only the newer one is counted.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    submit(&data, "mini.yaml", "s2", "1,1");
    // s6's upload was cut short.
    let s6 = newest(&folder, "mini-week-1-s6-");
    let bytes = std::fs::read(&s6).unwrap();
    std::fs::write(folder.join("s6-upload.json"), &bytes[..bytes.len() * 2 / 3]).unwrap();
    std::fs::remove_file(&s6).unwrap();
    // s7 turns a fail into a pass by hand.
    let s7 = newest(&folder, "mini-week-1-s7-");
    let text = std::fs::read_to_string(&s7).unwrap();
    assert!(text.contains("\"passed\":false"));
    std::fs::write(&s7, text.replace("\"passed\":false", "\"passed\":true")).unwrap();
    // s9 hands in the wrong assignment.
    submit(&data, "hidden.yaml", "s9", "1,1");
    std::fs::write(folder.join("notes.txt"), "not a submission").unwrap();
    Class {
        _dir: dir,
        data,
        folder,
    }
}

fn run_class(c: &Class, out: &Path, assignment: Option<&str>) -> Output {
    let mut args = vec![
        "class".to_owned(),
        c.folder.display().to_string(),
        "--out".to_owned(),
        out.display().to_string(),
    ];
    if let Some(a) = assignment {
        args.push("--assignment".to_owned());
        args.push(fixture(&format!("assignments/{a}")).display().to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = alliance(&c.data, &args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    o
}

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    // The cells used here hold no quoted commas except `reason`, which is parsed properly below.
    let text = std::fs::read_to_string(path).unwrap();
    text.lines().map(parse_csv_line).collect()
}

fn parse_csv_line(line: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cells.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => cells.push(String::new()),
            (c, _) => cells.last_mut().unwrap().push(c),
        }
    }
    cells
}

#[test]
fn the_csv_has_a_row_per_attempt_and_a_row_per_file_not_counted_with_the_reason() {
    let c = class();
    let out = c._dir.path().join("out");
    let o = run_class(&c, &out, Some("mini.yaml"));
    let summary = String::from_utf8_lossy(&o.stdout);
    assert!(
        summary.contains("Read 11 files: 6 submissions counted, 5 not counted."),
        "{summary}"
    );
    let rows = csv_rows(&out.join("attempts.csv"));
    let header = &rows[0];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(
        header[..9],
        [
            "file",
            "status",
            "reason",
            "pseudonym",
            "assignment",
            "vignette",
            "attempt",
            "ending",
            "outcome"
        ]
    );
    let counted: Vec<_> = rows[1..]
        .iter()
        .filter(|r| r[col("status")] == "counted")
        .collect();
    // s1, s2, s5: one attempt; s3, s4, s8: two.
    assert_eq!(counted.len(), 9);
    let s4: Vec<_> = counted
        .iter()
        .filter(|r| r[col("pseudonym")] == "s4")
        .collect();
    assert_eq!(s4.len(), 2);
    assert_eq!(s4[0][col("attempt")], "1");
    assert_eq!(s4[0][col("outcome")], "poor");
    assert_eq!(s4[0][col("unrepaired")], "1");
    assert_eq!(s4[0][col("passed")], "false");
    assert!(s4[0][col("reason")].contains("rupture left unrepaired: deferential appeasing"));
    let s1 = counted
        .iter()
        .find(|r| r[col("pseudonym")] == "s1")
        .unwrap();
    assert_eq!(
        (s1[col("wai_sr_total")].as_str(), s1[col("passed")].as_str()),
        ("39", "true")
    );
    let total: u32 = ["wai_sr_task", "wai_sr_bond", "wai_sr_goal"]
        .iter()
        .map(|k| s1[col(k)].parse::<u32>().unwrap())
        .sum();
    assert_eq!(total, 39, "the subscales add up to the total");

    let rejected: Vec<(String, String, String)> = rows[1..]
        .iter()
        .filter(|r| r[col("status")].starts_with("rejected"))
        .map(|r| {
            (
                r[col("status")].clone(),
                r[col("pseudonym")].clone(),
                r[col("reason")].clone(),
            )
        })
        .collect();
    assert_eq!(rejected.len(), 5, "{rejected:?}");
    let has = |status: &str, who: &str, why: &str| {
        rejected
            .iter()
            .any(|(s, p, r)| s == status && p == who && r.contains(why))
    };
    assert!(
        has("rejected:edited", "s7", "checksum does not match"),
        "{rejected:?}"
    );
    assert!(has("rejected:truncated", "", "ends early"), "{rejected:?}");
    assert!(
        has("rejected:duplicate", "s1", "the same content as"),
        "{rejected:?}"
    );
    assert!(
        has(
            "rejected:superseded",
            "s2",
            "`s2` handed in again for `mini-week-1`; the newer submission, mini-week-1-s2-"
        ),
        "{rejected:?}"
    );
    assert!(
        has(
            "rejected:other_assignment",
            "s9",
            "`mini-exam`, not `mini-week-1`"
        ),
        "{rejected:?}"
    );
    // Figures are never filled in for a file that was not counted.
    for r in rows[1..].iter().filter(|r| r[col("status")] != "counted") {
        assert_eq!(r[col("wai_sr_total")], "");
        assert_eq!(r[col("passed")], "");
    }
}

#[test]
fn the_report_shows_pass_rates_distributions_strains_ruptures_and_progress_offline() {
    let c = class();
    let out = c._dir.path().join("out");
    run_class(&c, &out, Some("mini.yaml"));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();

    // Self-contained: no script, nothing fetched.
    assert!(!html.contains("<script"));
    assert!(!html.contains(" src="));
    let urls: Vec<&str> = html
        .match_indices("http")
        .map(|(i, _)| &html[i..(i + 30).min(html.len())])
        .collect();
    assert!(
        urls.iter()
            .all(|u| u.starts_with("http://www.w3.org/2000/svg")),
        "only the SVG namespace may look like a URL: {urls:?}"
    );
    assert!(html.contains("@media print") && html.contains("@page"));

    // Pass rates: s1, s2, s3, s5, s8 of the six counted.
    assert!(html.contains("Overall: 5 of 6 submissions passed every vignette"));
    assert!(html.contains("Pass rate: 5 of 6"));
    // Every bad file, with its reason.
    for needle in [
        "5 files could not be counted",
        "zz-copy-of-s1.json",
        "s6-upload.json",
        "truncated: the file ends early",
        "edited: the checksum does not match the content",
        "for another assignment: `mini-exam`",
        "`s2` handed in again",
        "1 other file in the folder",
    ] {
        assert!(html.contains(needle), "missing `{needle}`");
    }
    // The distribution of final WAI-SR totals: every final attempt but s4's scored 39; s4's scored 16.
    assert!(html.contains("final attempt (n = 6)"));
    assert!(
        html.contains("<title>36-39: 5</title>"),
        "histogram bin 36-39"
    );
    assert!(
        html.contains("<title>16-19: 1</title>"),
        "histogram bin 16-19"
    );
    assert!(html.contains("pass ≥ 32"), "the pass mark is drawn");
    // The decision point where students strained the alliance most: the opening, by giving advice.
    let first = html
        .find("<code>first</code></strong>: strained")
        .expect("the opening is listed");
    let next = html[first..].find("</table>").unwrap() + first;
    let block = &html[first..next];
    // Nine attempts reached it; advice was chosen at s3's, s4's (twice) and s8's first attempts.
    assert!(block.contains("strained 4 of 9 times (44%)"), "{block}");
    assert!(block.contains("You need to stick to the diet."));
    assert!(
        block.contains("aria-label=\"44%\""),
        "the share who chose the advice"
    );
    assert!(block.contains("4 of 4"), "it strained every time");
    // Ruptures: deferential appeasing after the advice, four times; s3 repaired it at once and s8 late (by
    // reflecting at the last decision), s4 never.
    let rup = &html[html.find("Ruptures and repair").unwrap()..];
    let rup = &rup[..rup.find("</table>").unwrap()];
    assert!(
        rup.contains("<td>deferential appeasing</td><td>withdrawal</td><td class=\"num\">4</td>")
    );
    assert!(
        rup.contains("<small>2 of 4</small>"),
        "repaired twice in four: {rup}"
    );
    // Progress: six first attempts, three second ones.
    assert!(html.contains("Mean WAI-SR total by attempt number"));
    // The change on second attempts compares each student with their own first, as the CSV shows it.
    let rows = csv_rows(&out.join("attempts.csv"));
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let total = |who: &str, attempt: &str| -> i64 {
        rows.iter()
            .find(|r| r[col("pseudonym")] == who && r[col("attempt")] == attempt)
            .map(|r| r[col("wai_sr_total")].parse().unwrap())
            .unwrap()
    };
    let gain = ["s3", "s4", "s8"]
        .iter()
        .map(|w| total(w, "2") - total(w, "1"))
        .sum::<i64>() as f64
        / 3.0;
    let row = format!(
        "<tr><td>2</td><td class=\"num\">3</td><td class=\"num\">{:.1}</td><td class=\"num\">{gain:+.1}</td>",
        ["s3", "s4", "s8"]
            .iter()
            .map(|w| total(w, "2"))
            .sum::<i64>() as f64
            / 3.0
    );
    assert!(html.contains(&row), "expected {row}");

    // Graded with a stricter file, the same submissions pass less: the criteria come from the file.
    let strict = c._dir.path().join("strict");
    run_class(&c, &strict, Some("strict.yaml"));
    let html = std::fs::read_to_string(strict.join("report.html")).unwrap();
    assert!(html.contains("Overall: 0 of 6 submissions passed every vignette"));
    assert!(html.contains("Graded against the criteria in"));
}

#[test]
fn without_an_assignment_every_assignment_is_reported_and_only_true_problems_are_rejected() {
    let c = class();
    let out = c._dir.path().join("out");
    let o = run_class(&c, &out, None);
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(s.contains("7 submissions counted, 4 not counted"), "{s}");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Mini review exam") && html.contains("Mini review practice"));
    assert!(
        !String::from_utf8_lossy(&o.stderr).contains('#'),
        "no progress bar off a terminal"
    );
}

/// `script` (util-linux, essential on Debian) gives the command a terminal; without it the test fails rather
/// than passing unseen.
#[test]
fn a_progress_bar_is_drawn_on_a_terminal() {
    assert!(
        Command::new("script").arg("--version").output().is_ok(),
        "`script` (util-linux) is needed to give the command a terminal"
    );
    let c = class();
    let out = c._dir.path().join("out");
    let cmd = format!(
        "{} --dialogues {} class {} --out {}",
        env!("CARGO_BIN_EXE_alliance"),
        fixture("").display(),
        c.folder.display(),
        out.display()
    );
    let o = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .env("ALLIANCE_DATA_DIR", &c.data)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(s.contains("] 11/11 submissions"), "{s}");
    assert!(s.contains("[##############################]"));
}

/// Headless Chromium renders the report; the charts are in the rendered DOM, and a screenshot is taken.
/// `.ci/run` installs Chromium and runs it with `--include-ignored`; without Chromium it fails, never passes.
#[test]
#[ignore = "needs headless Chromium (Debian package chromium); .ci/run installs it and runs this"]
fn chromium_renders_the_report_with_its_charts() {
    let Some(chromium) = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
    else {
        panic!(
            "no headless Chromium on this machine: install Debian's `chromium` package to run this check"
        );
    };
    let c = class();
    let out = c._dir.path().join("out");
    run_class(&c, &out, Some("mini.yaml"));
    let page = format!("file://{}", out.join("report.html").display());
    let profile = c._dir.path().join("chromium-profile");
    let common = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,2000",
    ];
    let dom = Command::new(chromium)
        .args(common)
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(["--dump-dom", &page])
        .output()
        .unwrap();
    assert!(
        dom.status.success(),
        "{}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8_lossy(&dom.stdout);
    let count = |needle: &str| dom.matches(needle).count();
    assert!(
        count("<svg") >= 8,
        "charts in the rendered page: {}",
        count("<svg")
    );
    assert_eq!(count("<rect class=\"bar\""), 12, "twelve histogram bins");
    assert!(count("class=\"threshold\"") == 1);
    assert!(
        count("<circle class=\"point\"") == 2,
        "two attempt numbers on the progress line"
    );
    assert!(dom.contains("Submissions not counted"));

    let shot = c._dir.path().join("report.png");
    let o = Command::new(chromium)
        .args(common)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&page)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let png = std::fs::read(&shot).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((width, height), (1280, 2000));
    assert!(
        png.len() > 40_000,
        "a page with charts, not a blank one ({} bytes)",
        png.len()
    );
}

#[test]
fn typed_replies_that_matched_nothing_are_listed_for_the_author() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    for (who, lines) in [
        (
            "t1",
            "blorf\nIt sounds like you've been hard on yourself about this.\nTell me about your weekend.\nFeeling normal matters to you. What would a first step look like?\n",
        ),
        (
            "t2",
            "It sounds like you have been really hard on yourself.\nFeeling normal matters most to you. What would a first step look like?\n",
        ),
    ] {
        let o = common::alliance(
            &data,
            &[
                "play",
                "--assignment",
                fixture("assignments/mini.yaml").to_str().unwrap(),
                "--pseudonym",
                who,
                "--typed",
            ],
            lines,
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let out = dir.path().join("report");
    let o = alliance(
        &data,
        &[
            "class",
            data.join("submissions").to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let section = html
        .split("What students typed that no written reply covers")
        .nth(1)
        .expect("the section is there");
    assert!(
        section.contains("1 of 3 typed replies matched nothing"),
        "{section}"
    );
    assert!(section.contains("“blorf” <small>(nothing readable)</small>"));
    assert!(section.contains("“Tell me about your weekend.” <small>(open question)</small>"));
    // The same replies as a block an author can paste from (issue 12 item 5).
    let yaml =
        std::fs::read_to_string(out.join("uncovered.yaml")).expect("uncovered.yaml is written");
    assert!(
        yaml.contains("- { also: \"Tell me about your weekend.\", read_as: [open_question] }"),
        "{yaml}"
    );
    let parsed: serde_json::Value = serde_saphyr::from_str(&yaml).expect("uncovered.yaml is YAML");
    assert!(parsed.is_object(), "{yaml}");
    // Matched typed replies count for the authored reply they matched.
    let csv = std::fs::read_to_string(out.join("attempts.csv")).unwrap();
    // (Scripted in milliseconds, each attempt also has a `look:too_fast` row: not an attempt.)
    assert_eq!(
        csv.lines().filter(|l| !l.contains(",look:")).count(),
        3,
        "a header and one row per attempt:\n{csv}"
    );
}
