//! Text a student typed, or a file carried, cannot inject anything: each payload (an HTML event handler, a
//! Markdown javascript: link, a window-title change, a clear screen, a clipboard write, a C1 CSI) goes through
//! every output (terminal echo, report as text, Markdown and JSON, class report HTML, CSV and xAPI, `check`) and
//! comes out shown, not run.

mod common;

use std::path::Path;
use std::process::Output;

const PAYLOADS: &[&str] = &[
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "\u{1b}]0;pwned title\u{7}",
    "\u{1b}[2J",
    "\u{1b}]52;c;SGVsbG8=\u{7}",
    "\u{9b}2J",
];

/// Nothing a terminal would act on: no ESC, BEL, C1 or bidirectional override, raw.
fn assert_inert_for_a_terminal(what: &str, s: &str) {
    let bad: Vec<char> = s
        .chars()
        .filter(|&c| alliance::report::markup::is_control(c) && c != '\r')
        .collect();
    assert!(bad.is_empty(), "{what}: raw control characters {bad:?}");
}

/// No HTML tag or Markdown link made from typed text.
fn assert_no_markup(what: &str, s: &str) {
    assert!(!s.contains("<img"), "{what}: a raw <img> tag");
    assert!(
        !s.contains("](javascript:"),
        "{what}: a live javascript: link"
    );
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

/// The mini vignette with a payload as its title and the patient's name (a file can be hostile too).
fn hostile_vignette(dir: &Path) {
    let src = std::fs::read_to_string(common::fixture("mini.yaml"))
        .unwrap()
        .replace("id: mini-review", "id: hostile")
        .replace(
            "title: \"A short review\"",
            "title: \"Review <img src=x onerror=alert(1)> \\e]0;title\\a\"",
        )
        .replace(
            "name: \"Sam Lee\"",
            "name: \"Sam [x](javascript:y) \\e[2J\"",
        );
    std::fs::write(dir.join("hostile.yaml"), src).unwrap();
}

#[test]
fn every_payload_is_inert_in_every_output() {
    let data = tempfile::tempdir().unwrap();
    let vig = tempfile::tempdir().unwrap();
    hostile_vignette(vig.path());
    let typed: String = PAYLOADS.iter().map(|p| format!("{p}\n")).collect();

    // The terminal: the typed echo, the feedback, the debrief.
    let o = common::alliance_in(
        data.path(),
        &[vig.path()],
        &["play", "hostile", "--typed", "--seed", "1"],
        &typed,
    );
    assert!(o.status.success(), "{}", text(&o));
    let shown = text(&o);
    assert_inert_for_a_terminal("play", &shown);
    assert!(
        shown.contains("\u{241b}]0;"),
        "the escape is shown: {shown}"
    );

    let transcript = std::fs::read_dir(data.path().join("transcripts"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "json"))
        .expect("a transcript");
    let t = alliance::store::load_transcript(&transcript).unwrap();
    assert!(
        t.turns.iter().any(|r| r.said.contains('\u{1b}')),
        "the transcript keeps what was typed, as typed"
    );
    let tp = transcript.to_str().unwrap();
    for format in ["text", "md", "json"] {
        let o = common::alliance_in(
            data.path(),
            &[vig.path()],
            &["report", tp, "--format", format],
            "",
        );
        assert!(o.status.success(), "{format}: {}", text(&o));
        let out = text(&o);
        assert_inert_for_a_terminal(format, &out);
        if format == "md" {
            assert_no_markup("md", &out);
            assert!(out.contains("&lt;img"), "{out}");
        }
        if format == "json" {
            let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
            assert!(
                v.to_string().contains("\\u001b]0;"),
                "JSON keeps the text exactly (escaped)"
            );
        }
    }

    // A submission (typed replies), then the class report's HTML, CSV and xAPI, and `report` on it.
    let asg = vig.path().join("a.yaml");
    std::fs::write(
        &asg,
        "id: hostile-week\ntitle: Hostile\ninstructions: x\nvignettes: [hostile]\nmode: practice\n\
         pass:\n  typed_replies: true\n",
    )
    .unwrap();
    let o = common::alliance_in(
        data.path(),
        &[vig.path()],
        &[
            "play",
            "--assignment",
            asg.to_str().unwrap(),
            "--pseudonym",
            "Fox",
            "--seed",
            "1",
        ],
        &typed,
    );
    assert!(o.status.success(), "{}", text(&o));
    assert_inert_for_a_terminal("play --assignment", &text(&o));
    let subs = data.path().join("submissions");
    let sub = std::fs::read_dir(&subs)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    for format in ["text", "md", "json", "xapi"] {
        let o = common::alliance_in(
            data.path(),
            &[vig.path()],
            &["report", sub.to_str().unwrap(), "--format", format],
            "",
        );
        assert!(o.status.success(), "{format}: {}", text(&o));
        assert_inert_for_a_terminal(&format!("report submission {format}"), &text(&o));
        if format == "md" {
            assert_no_markup("md submission", &text(&o));
        }
    }
    let out = tempfile::tempdir().unwrap();
    let o = common::alliance(
        data.path(),
        &[
            "class",
            subs.to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
        ],
        "",
    );
    assert!(o.status.success(), "{}", text(&o));
    assert_inert_for_a_terminal("class", &text(&o));
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    // In HTML only a tag could run (a Markdown link is plain text there).
    assert!(!html.contains("<img"), "html: a raw <img> tag");
    assert_inert_for_a_terminal("html", &html);
    let csv = std::fs::read_to_string(out.path().join("attempts.csv")).unwrap();
    assert_inert_for_a_terminal("csv", &csv);
    let xapi = std::fs::read_to_string(out.path().join("statements.json")).unwrap();
    assert!(
        !xapi.contains('\u{1b}') && !xapi.contains('\u{7}'),
        "xAPI JSON escapes C0"
    );
}

#[test]
fn check_quotes_a_hostile_file_without_running_it() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("bad.yaml");
    std::fs::write(&f, "id: \"x\u{1b}]0;pwned\u{7}\"\ntitle: [\u{1b}[2J\n").unwrap();
    for args in [
        vec!["check", f.to_str().unwrap()],
        vec!["check", f.to_str().unwrap(), "--json"],
    ] {
        let o = common::alliance(data.path(), &args, "");
        assert!(!o.status.success());
        assert_inert_for_a_terminal("check", &text(&o));
    }
}
