//! A second speaker in the room: a companion's lines are recorded as theirs, a reply's addressee is recorded,
//! the companion can step out and come back, old transcripts still read, and a misplaced companion is an error.

mod common;

use std::sync::Arc;

use alliance::engine::{Mode, Session, Transcript};
use alliance::report::{debrief, markdown, text};
use alliance::scoring::Rubric;
use alliance::vignette::model::{Emotion, Person};
use common::{alliance_in, check_fixture, fixture, play_written};

fn with_mother() -> Arc<alliance::vignette::Vignette> {
    let (v, d) = check_fixture("companion/with-mother.yaml");
    let errors: Vec<_> = d.iter().filter(|d| d.code.starts_with('A')).collect();
    assert!(errors.is_empty(), "the fixture loads: {errors:?}");
    v.expect("the fixture compiles")
}

#[test]
fn the_companions_lines_and_the_replies_addressed_to_her_are_recorded() {
    let s = play_written(with_mother(), 7, &[1, 1, 1]);
    let t = s.transcript();
    assert_eq!(t.opening.speaker, Person::Companion, "Karen speaks first");
    assert_eq!(t.name_of(t.opening.speaker), "Karen");
    assert_eq!(
        t.turns[0].to,
        Person::Companion,
        "reply 1 is addressed to Karen"
    );
    assert_eq!(
        t.turns[1].to,
        Person::Patient,
        "a reply is to the patient by default"
    );
    assert_eq!(
        t.turns[0].reaction.speaker,
        Person::Patient,
        "Mia answers alone"
    );
    let ending = &t.turns[2].reaction;
    assert_eq!(ending.speaker, Person::Companion, "Karen has the last word");
    let c = t
        .companion
        .as_ref()
        .expect("the transcript names the companion");
    assert_eq!(
        (c.name.as_str(), c.relation.as_str()),
        ("Karen", "her mother")
    );
}

#[test]
fn the_companion_steps_out_and_comes_back() {
    let v = with_mother();
    let mut s = Session::new(
        Arc::clone(&v),
        Arc::new(Rubric::shipped()),
        7,
        Mode::Practice,
    );
    assert!(s.companion_present(), "Karen is in the room at the start");
    assert_eq!(s.emotion_of(Person::Companion), Emotion::Frustrated);
    s.choose(0).unwrap();
    assert!(!s.companion_present(), "time alone: Karen has stepped out");
    assert!(s.patient_line().alone, "the line is recorded as said alone");
    assert_eq!(
        s.emotion_of(Person::Companion),
        Emotion::Frustrated,
        "her face keeps the feeling of her last line"
    );
    assert_eq!(s.emotion_of(Person::Patient), Emotion::Ashamed);
    s.choose(0).unwrap();
    assert!(s.companion_present(), "Karen is back for the plan");
    assert!(!s.patient_line().alone);
}

#[test]
fn a_vignette_without_a_companion_records_nothing_new() {
    let s = play_written(common::mini(), 7, &[1, 1]);
    assert!(!s.companion_present());
    let json = serde_json::to_string(s.transcript()).unwrap();
    for field in ["\"speaker\"", "\"to\"", "\"alone\"", "\"companion\""] {
        assert!(
            !json.contains(field),
            "{field} written for a one-speaker attempt"
        );
    }
}

#[test]
fn an_older_transcript_without_the_new_fields_still_reads() {
    let s = play_written(with_mother(), 7, &[1, 1, 1]);
    let mut json: serde_json::Value = serde_json::to_value(s.transcript()).unwrap();
    // Strip every field this change added, as a transcript written before it would lack them.
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                for k in ["speaker", "to", "alone", "companion"] {
                    m.remove(k);
                }
                m.values_mut().for_each(strip);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut json);
    let old: Transcript = serde_json::from_value(json).expect("an older transcript reads");
    assert_eq!(old.opening.speaker, Person::Patient);
    assert_eq!(old.turns[0].to, Person::Patient);
}

#[test]
fn the_debrief_says_who_spoke_each_line_and_to_whom() {
    let s = play_written(with_mother(), 7, &[3, 3]);
    let d = debrief(s.transcript(), &Rubric::shipped());
    let txt = text(&d);
    assert!(txt.contains("also in the room: Karen, her mother"), "{txt}");
    assert!(
        txt.contains("(to Karen)"),
        "the reply to Karen is marked: {txt}"
    );
    assert!(
        txt.contains("Mia: \""),
        "the patient's lines are named: {txt}"
    );
    let md = markdown(&d);
    assert!(md.contains("Also in the room: Karen, her mother."), "{md}");
    let json = serde_json::to_string(&d).unwrap();
    assert!(json.contains("\"addressed\":\"Karen\""), "{json}");
}

#[test]
fn the_terminal_player_names_the_speaker_and_the_comings_and_goings() {
    let data = tempfile::tempdir().unwrap();
    let dir = fixture("companion");
    let out = alliance_in(
        data.path(),
        &[&dir],
        &[
            "play",
            "companion-visit",
            "--seed",
            "7",
            "--replies",
            "1,1,1",
        ],
        "",
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("Karen: \"She keeps skipping"), "{said}");
    assert!(said.contains("1. (to Karen) Thank you"), "{said}");
    assert!(said.contains("You (to Karen): "), "{said}");
    assert!(said.contains("(Karen steps out of the room.)"), "{said}");
    assert!(said.contains("Mia: \"Everyone stares"), "{said}");
    assert!(said.contains("(Karen comes back into the room.)"), "{said}");
}

#[test]
fn a_companion_line_in_a_vignette_without_one_is_a_located_error() {
    let src = std::fs::read_to_string(fixture("companion/with-mother.yaml")).unwrap();
    let start = src.find("companion:\n  name").unwrap();
    let end = src.find("variables:").unwrap();
    let without = format!("{}{}", &src[..start], &src[end..]);
    let (v, d) = alliance::check::check_source(
        alliance::vignette::Origin {
            file: "no-companion.yaml".into(),
            shipped: false,
        },
        &without,
        &Rubric::shipped(),
    );
    assert!(v.is_none());
    let a034: Vec<_> = d.iter().filter(|d| d.code == "A034").collect();
    assert!(!a034.is_empty(), "{d:?}");
    let shown = a034[0].to_string();
    assert!(shown.contains("no-companion.yaml:"), "located: {shown}");
    assert!(shown.contains("speaker: companion"), "{shown}");
}

#[test]
fn a_companion_line_where_she_has_stepped_out_is_an_error() {
    let src = std::fs::read_to_string(fixture("companion/with-mother.yaml")).unwrap();
    let broken = src.replace(
        "    alone: true\n    patient:\n",
        "    alone: true\n    patient:\n      speaker: companion\n",
    );
    assert_ne!(broken, src);
    let (_, d) = alliance::check::check_source(
        alliance::vignette::Origin {
            file: "stepped-out.yaml".into(),
            shipped: false,
        },
        &broken,
        &Rubric::shipped(),
    );
    assert!(d.iter().any(|d| d.code == "A035"), "{d:?}");
}
