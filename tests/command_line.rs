//! The `alliance` command as a trainee and an educator use it: list, play (scripted), report, check, resume.
//! Each test gets its own data directory, so attempts never mix.

mod common;

use std::path::Path;
use std::process::Output;

use common::{alliance, fixture};

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn transcripts(data: &Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(data.join("transcripts"))
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn list_shows_the_fixture_vignette_as_text_and_json() {
    let d = tempfile::tempdir().unwrap();
    let text = alliance(d.path(), &["list"], "");
    assert!(text.status.success());
    assert!(out(&text).contains("mini-review") && out(&text).contains("introductory"));
    let json = alliance(d.path(), &["list", "--json"], "");
    let rows: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let mini = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "mini-review")
        .unwrap();
    assert_eq!(mini["audience"][0], "medicine");
}

#[test]
fn practice_play_shows_feedback_each_turn_and_saves_the_attempt() {
    let d = tempfile::tempdir().unwrap();
    let o = alliance(
        d.path(),
        &["play", "mini-review", "--seed", "1", "--replies", "1,1"],
        "",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s = out(&o);
    assert!(s.contains("Feedback: Complex reflection"), "{s}");
    assert!(s.contains("Alliance: bond"));
    assert!(s.contains("Ending: Agreed plan (good)"));
    assert!(s.contains("WAI-SR"));
    let saved = transcripts(d.path());
    assert_eq!(saved.len(), 1);
    let t: serde_json::Value = serde_json::from_slice(&std::fs::read(&saved[0]).unwrap()).unwrap();
    assert_eq!(t["status"], "finished");
    assert_eq!(t["turns"].as_array().unwrap().len(), 2);
}

#[test]
fn assessment_play_hides_feedback_until_the_debrief() {
    let d = tempfile::tempdir().unwrap();
    let o = alliance(
        d.path(),
        &["play", "mini-review", "--seed", "1", "--mode", "assessment"],
        "2\n1\n1\n",
    );
    assert!(o.status.success());
    let s = out(&o);
    let debrief_at = s.find("DEBRIEF").expect("a debrief is printed");
    assert!(
        !s[..debrief_at].contains("Feedback:"),
        "no feedback before the debrief"
    );
    assert!(
        !s[..debrief_at].contains("Alliance: bond"),
        "no meters before the debrief"
    );
    assert!(
        s[debrief_at..].contains("Righting reflex"),
        "the debrief explains the strain"
    );
}

#[test]
fn replies_on_stdin_work_and_eof_saves_an_abandoned_attempt() {
    let d = tempfile::tempdir().unwrap();
    let o = alliance(d.path(), &["play", "mini-review", "--seed", "2"], "2\n");
    assert!(o.status.success());
    assert!(out(&o).contains("abandoned"));
    let saved = transcripts(d.path());
    let t: serde_json::Value = serde_json::from_slice(&std::fs::read(&saved[0]).unwrap()).unwrap();
    assert_eq!(t["status"], "abandoned");
    assert_eq!(t["turns"].as_array().unwrap().len(), 1);
}

#[test]
fn a_wrong_scripted_reply_number_is_an_error_that_loses_nothing() {
    let d = tempfile::tempdir().unwrap();
    let o = alliance(
        d.path(),
        &["play", "mini-review", "--seed", "2", "--replies", "1,9"],
        "",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("reply 9 is not one of 1-3 at turn 2"));
    let t: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&transcripts(d.path())[0]).unwrap()).unwrap();
    assert_eq!(
        t["turns"].as_array().unwrap().len(),
        1,
        "the first turn was kept"
    );
}

#[test]
fn attempts_never_overwrite_each_other() {
    let d = tempfile::tempdir().unwrap();
    for _ in 0..3 {
        let o = alliance(
            d.path(),
            &["play", "mini-review", "--seed", "1", "--replies", "1,1"],
            "",
        );
        assert!(o.status.success());
    }
    assert_eq!(transcripts(d.path()).len(), 3);
}

#[test]
fn report_reads_a_saved_attempt_back_in_every_format() {
    let d = tempfile::tempdir().unwrap();
    alliance(
        d.path(),
        &["play", "mini-review", "--seed", "4", "--replies", "2,1,1"],
        "",
    );
    let path = transcripts(d.path())[0].display().to_string();
    let md = out(&alliance(
        d.path(),
        &["report", &path, "--format", "md"],
        "",
    ));
    assert!(md.starts_with("# Debrief: A short review with Sam Lee"));
    assert!(md.contains("| Agreement on tasks | Bond | Agreement on goals | Total |"));
    let json = alliance(d.path(), &["report", &path, "--format", "json"], "");
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["format"], "alliance.debrief/1");
    assert_eq!(v["ruptures"][0]["repaired_at"], 2);
    let text = out(&alliance(d.path(), &["report", &path], ""));
    assert!(text.contains("STRENGTHENED (repair)"));
}

#[test]
fn a_corrupt_transcript_gets_a_located_error_not_a_panic() {
    let d = tempfile::tempdir().unwrap();
    let bad = d.path().join("bad.json");
    std::fs::write(
        &bad,
        "{\"format\": \"alliance.transcript/1\",\n \"turns\": [",
    )
    .unwrap();
    let o = alliance(d.path(), &["report", bad.to_str().unwrap()], "");
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad.json:2:") && err.contains("hint"), "{err}");
}

#[test]
fn check_exits_1_on_errors_and_0_on_clean_files() {
    let d = tempfile::tempdir().unwrap();
    let bad = alliance(
        d.path(),
        &[
            "check",
            fixture("bad/a012_dangling_next.yaml").to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(bad.status.code(), Some(1));
    let s = out(&bad);
    assert!(
        s.contains("error[A012]")
            && s.contains("a012_dangling_next.yaml:39:15")
            && s.contains("hint")
    );
    let good = alliance(
        d.path(),
        &["check", fixture("mini.yaml").to_str().unwrap()],
        "",
    );
    assert_eq!(good.status.code(), Some(0), "{}", out(&good));
    let json = alliance(
        d.path(),
        &["check", "--json", fixture("bad").to_str().unwrap()],
        "",
    );
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(v["errors"].as_u64().unwrap() >= 15);
}

/// `alliance check` lists the decision points whose replies are shown as written (`pin_order`), since a fixed
/// place for the best reply is a tell; the shipped vignettes pin none.
#[test]
fn check_lists_pinned_reply_orders() {
    let d = tempfile::tempdir().unwrap();
    let mini = alliance(
        d.path(),
        &["check", fixture("mini.yaml").to_str().unwrap()],
        "",
    );
    let s = out(&mini);
    assert!(
        s.contains("note: mini-review")
            && s.contains("pin_order")
            && s.contains("decision points: "),
        "{s}"
    );
    let json = alliance(
        d.path(),
        &["check", "--json", fixture("mini.yaml").to_str().unwrap()],
        "",
    );
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["pinned"][0]["vignette"], "mini-review");
    assert_eq!(
        v["pinned"][0]["nodes"].as_array().unwrap().len() as u64,
        v["pinned"][0]["of"].as_u64().unwrap(),
        "a file-wide pin pins every node"
    );
    let (lib, _) = alliance::library::Library::shipped();
    assert!(
        lib.vignettes
            .iter()
            .all(|v| v.nodes.iter().all(|n| !n.pinned)),
        "no shipped vignette pins its order"
    );
}

/// The whole-graph analysis runs in `alliance check` even though loading skips it for the shipped vignettes.
#[test]
fn check_reports_what_the_conditions_shut_off() {
    let d = tempfile::tempdir().unwrap();
    let o = alliance(
        d.path(),
        &["check", fixture("explore/gated.yaml").to_str().unwrap()],
        "",
    );
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    let s = out(&o);
    for code in ["warning[W004]", "warning[W005]", "warning[W006]"] {
        assert!(s.contains(code), "{code} missing:\n{s}");
    }
}

#[test]
fn an_interrupted_attempt_resumes_where_it_stopped() {
    let d = tempfile::tempdir().unwrap();
    alliance(d.path(), &["play", "mini-review", "--seed", "9"], "2\n");
    let path = transcripts(d.path())[0].clone();
    // Simulate a kill mid-session: the journal says in_progress.
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("\"abandoned\"", "\"in_progress\"");
    std::fs::write(&path, text).unwrap();
    let o = alliance(d.path(), &["resume", path.to_str().unwrap()], "1\n1\n");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out(&o).contains("Resuming at turn 2"));
    let t: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(t["status"], "finished");
    assert_eq!(t["turns"].as_array().unwrap().len(), 3);
}

#[test]
fn an_unknown_vignette_id_says_which_exist() {
    let d = tempfile::tempdir().unwrap();
    let o = alliance(d.path(), &["play", "no-such-id"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("mini-review"));
}

#[test]
fn the_menu_plays_a_chosen_vignette() {
    let d = tempfile::tempdir().unwrap();
    // The fixture folder's vignette is listed after the shipped ones; pick it by its number.
    let list = out(&alliance(d.path(), &["menu"], "q\n"));
    let line = list
        .lines()
        .find(|l| l.contains("A short review"))
        .expect("listed in the menu");
    let n = line.trim().split('.').next().unwrap().to_owned();
    let o = alliance(d.path(), &["menu"], &format!("{n}\n1\n1\n1\n"));
    assert!(out(&o).contains("DEBRIEF: A short review"), "{}", out(&o));
}

#[test]
fn typed_play_hides_the_menu_reads_each_line_and_resumes() {
    let d = tempfile::tempdir().unwrap();
    // An empty line, nonsense, then a paraphrase of the first authored reply; then the input ends.
    let o = alliance(
        d.path(),
        &["play", "mini-review", "--seed", "3", "--typed"],
        "\nflurb wazzle\nSounds like you have been really hard on yourself about all this.\n",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = out(&o);
    assert!(
        !text.contains("1. It sounds like"),
        "no menu in typed mode:\n{text}"
    );
    assert!(
        text.contains("Read as: nothing that could be read as a question"),
        "{text}"
    );
    assert!(
        text.contains(
            "Matched: close to the written reply \"It sounds like you've been hard on yourself about this.\""
        ),
        "{text}"
    );
    assert!(
        text.contains("How your typed replies were read"),
        "the debrief explains:\n{text}"
    );
    let path = transcripts(d.path())[0].clone();
    let t: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let turns = t["turns"].as_array().unwrap();
    assert_eq!(turns.len(), 3);
    assert_eq!(turns[0]["typed"]["text"], "");
    assert_eq!(turns[0]["typed"]["reaction"], "unclear");
    assert_eq!(turns[0]["reply_index"], serde_json::Value::Null);
    assert_eq!(turns[2]["reply_index"], 0);
    assert_eq!(turns[2]["node"], "first");

    // Killed mid-session: it resumes at the second decision, the typed turns replayed as read.
    let journal = std::fs::read_to_string(&path)
        .unwrap()
        .replace("\"abandoned\"", "\"in_progress\"");
    std::fs::write(&path, journal).unwrap();
    let o = alliance(
        d.path(),
        &["resume", path.to_str().unwrap()],
        "Feeling normal matters most to you. What would a first step look like?\n",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out(&o).contains("Resuming at turn 4"), "{}", out(&o));
    assert!(
        !out(&o).contains("1. Feeling normal"),
        "still no menu:\n{}",
        out(&o)
    );
    let t: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(t["status"], "finished");
}

#[test]
fn at_the_menu_a_number_chooses_and_words_are_read() {
    let d = tempfile::tempdir().unwrap();
    let o = alliance(
        d.path(),
        &["play", "mini-review", "--seed", "3", "--format", "json"],
        "You really need to stick to that diet.\n1\n",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let debrief: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let readings = debrief["readings"].as_array().unwrap();
    assert_eq!(readings.len(), 1, "one typed turn: {debrief:#}");
    assert_eq!(readings[0]["turn"], 1);
}

/// `alliance score` tries one line where the patient stands: how it was read, what it moved, and the written
/// replies there, best first; a node that does not exist is a clear error naming the ones that do.
#[test]
fn score_tries_a_line_where_the_patient_stands() {
    let d = tempfile::tempdir().unwrap();
    let o = alliance(
        d.path(),
        &[
            "score",
            "fear-of-hypoglycaemia",
            "--at",
            "disclosure",
            "Going low frightens you more than running high does.",
        ],
        "",
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let s = out(&o);
    for part in [
        "At `disclosure`",
        "Read as",
        "Moves",
        "Written replies here, best first",
    ] {
        assert!(s.contains(part), "{part}: {s}");
    }
    let json = alliance(
        d.path(),
        &[
            "score",
            "fear-of-hypoglycaemia",
            "--at",
            "disclosure",
            "--after",
            "1,1,1",
            "--json",
            "Was your mum type 1 or type 2?",
        ],
        "",
    );
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["after"], serde_json::json!([1, 1, 1]));
    assert_eq!(v["turn"]["typed"]["text"], "Was your mum type 1 or type 2?");
    let bad = alliance(
        d.path(),
        &["score", "fear-of-hypoglycaemia", "--at", "nowhere", "Hello"],
        "",
    );
    assert_eq!(bad.status.code(), Some(1));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("no decision point `nowhere`") && err.contains("disclosure"),
        "{err}"
    );
}

/// A line that is not UTF-8 (a paste from another encoding) is read with the bad bytes replaced, with a note;
/// it does not end the attempt, and the replies after it still play to the ending.
#[test]
fn a_line_that_is_not_utf8_is_read_and_the_attempt_goes_on() {
    let d = tempfile::tempdir().unwrap();
    let mut stdin = b"caf\xe9 is what I drink\n".to_vec();
    stdin.extend_from_slice(b"1\n1\n1\n");
    let o = common::alliance_bytes(
        d.path(),
        &[],
        &["play", "mini-review", "--seed", "1"],
        &stdin,
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("not valid UTF-8"), "{err}");
    assert_eq!(o.status.code(), Some(0), "{err}");
    let s = out(&o);
    assert!(
        s.contains("DEBRIEF"),
        "the attempt reached its debrief: {s}"
    );
}

/// One broken file in a folder is counted as one file, however many errors it has (issue 16: "2 file(s) with
/// errors were skipped" for one file).
#[test]
fn list_counts_broken_files_not_errors() {
    let d = tempfile::tempdir().unwrap();
    let folder = d.path().join("mine");
    std::fs::create_dir(&folder).unwrap();
    let mini = std::fs::read_to_string(common::fixture("mini.yaml")).unwrap();
    let broken = mini
        .replace("id: mini-review", "id: broken-review")
        .replace("start: { bond: 40,", "start: { bond: 130,")
        .replace("alliance_at_least: 45", "alliance_at_least: 145");
    std::fs::write(folder.join("broken.yaml"), broken).unwrap();
    let o = alliance(
        d.path(),
        &["list", "--dialogues", folder.to_str().unwrap()],
        "",
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("1 file with errors was skipped (2 errors in all)"),
        "{err}"
    );
}

/// The terminal player wraps long lines between words, never inside one, and lists audiences by their names
/// (issue 16). `ALLIANCE_WRAP` stands in for a terminal's width here (piped output is otherwise left as it is).
#[test]
fn the_player_wraps_between_words_and_names_audiences_in_words() {
    let d = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_alliance"))
        .args(["play", "reluctant-patient", "--seed", "1"])
        .env("ALLIANCE_DATA_DIR", d.path())
        .env("ALLIANCE_WRAP", "60")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.lines().count() > 5, "{text}");
    for line in text.lines() {
        assert!(
            line.chars().count() <= 60 || !line.trim().contains(' '),
            "too wide: {line:?}"
        );
    }
    // No word was cut: every word of the opening line is whole somewhere in the output.
    let v = common::shipped().get("reluctant-patient").unwrap();
    let words: std::collections::BTreeSet<&str> = text.split_whitespace().collect();
    let opening = &v.nodes[v.start].replies[0].text;
    for w in opening.split_whitespace() {
        assert!(words.contains(w), "`{w}` is not whole in:\n{text}");
    }
    let list = alliance(d.path(), &["list"], "");
    assert!(out(&list).contains("mental health"), "{}", out(&list));
    assert!(!out(&list).contains("mental_health"));
}
