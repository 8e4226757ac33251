//! A follow-up visit that continues the student's own attempt at the first (issue 14): it starts where that
//! attempt ended (blended toward its own start by `last_time.carry`), with its unrepaired rupture open and the
//! patient's recap of last time; played alone it uses its own `start:`; the transcript records what it continued.

mod common;

use std::sync::Arc;

use alliance::check::check_source;
use alliance::engine::{Continued, Mode, Session};
use alliance::scoring::Rubric;
use alliance::vignette::{Origin, Vignette};

use common::fixture;

fn load(name: &str) -> Arc<Vignette> {
    let path = fixture(name);
    let src = std::fs::read_to_string(&path).expect("fixture exists");
    let origin = Origin {
        file: path.display().to_string(),
        shipped: false,
    };
    let (v, d) = check_source(origin, &src, &Rubric::shipped());
    v.unwrap_or_else(|| panic!("{name} loads: {d:?}"))
}

fn first() -> Arc<Vignette> {
    load("follow/first.yaml")
}

fn second() -> Arc<Vignette> {
    load("follow/follow-up.yaml")
}

/// Plays the first visit by written replies (1-based, as authored) to its end.
fn first_visit(written: &[usize]) -> Session {
    let s = common::play_written(first(), 7, written);
    assert!(s.is_over(), "the first visit ends after {written:?}");
    s
}

fn continue_from(first: &Session) -> Session {
    let v = second();
    let from = Continued::of(first, "first-attempt.json", &v).expect("a finished first visit");
    Session::continuing(
        v,
        Arc::new(Rubric::shipped()),
        3,
        Mode::Practice,
        Some(from),
    )
}

/// The good path: reflect, then invite the goal.
const GOOD: &[usize] = &[1, 1];
/// Advice first, pressing on, then more advice: the withdrawal is never repaired and it ends poorly.
const POOR_UNREPAIRED: &[usize] = &[2, 2, 2];

#[test]
fn the_continued_start_is_the_first_visits_end_blended_by_carry() {
    let one = first_visit(GOOD);
    let two = continue_from(&one);
    let ended = one.state();
    let own = second().patient.start;
    let carry = second().last_time.as_ref().unwrap().carry;
    assert_eq!(carry, 0.75, "the fixture states its carry");
    let at = two.state();
    for (got, own, ended) in [
        (at.bond, own.bond, ended.bond),
        (at.goal, own.goal, ended.goal),
        (at.task, own.task, ended.task),
        (at.empathy, own.empathy, ended.empathy),
    ] {
        let want = ((own + carry * (ended - own)) * 10.0).round() / 10.0;
        assert_eq!(got, want, "start {at:?} from end {ended:?}");
    }
    assert_eq!(two.transcript().start, at);
}

#[test]
fn with_carry_one_the_follow_up_starts_exactly_where_the_first_ended() {
    let one = first_visit(GOOD);
    let v = second();
    let mut from = Continued::of(&one, "first.json", &v).unwrap();
    from.carry = 1.0;
    assert_eq!(from.start(v.patient.start), one.state());
}

#[test]
fn an_unrepaired_rupture_is_open_at_the_start() {
    let one = first_visit(POOR_UNREPAIRED);
    assert!(
        one.rupture_open(),
        "the fixture path leaves the rupture open"
    );
    let two = continue_from(&one);
    assert!(two.rupture_open(), "still open at the follow-up's opening");
    let t = two.transcript();
    assert_eq!(t.ruptures.len(), 1, "{:?}", t.ruptures);
    assert_eq!(t.ruptures[0].turn, 0, "present from the opening");
    assert!(t.ruptures[0].repaired_at.is_none());
    // As deep as it was left, and a repairing reply works on it as on any open rupture.
    assert_eq!(two.rupture_depth(), one.rupture_depth());
    let mut two = two;
    let rec = two.choose(0).unwrap().clone();
    assert!(rec.repaired, "acknowledging the strain works on it");
    assert!(two.rupture_depth() < one.rupture_depth());
}

#[test]
fn a_repaired_first_visit_carries_no_rupture() {
    let one = first_visit(GOOD);
    assert!(!one.rupture_open());
    let two = continue_from(&one);
    assert!(!two.rupture_open());
    assert!(two.transcript().ruptures.is_empty());
}

#[test]
fn the_recap_for_a_good_and_a_poor_first_ending_differ() {
    let good = continue_from(&first_visit(GOOD));
    let poor = continue_from(&first_visit(POOR_UNREPAIRED));
    assert_eq!(good.transcript().ending, None);
    let (g, p) = (good.patient_line(), poor.patient_line());
    assert!(
        g.text.starts_with("I did try that first step"),
        "good recap first: {}",
        g.text
    );
    assert!(
        p.text.starts_with("Last time didn't go well"),
        "poor recap first: {}",
        p.text
    );
    assert_ne!(g.text, p.text);
    // The poor recap's cue and feeling replace the opening's.
    assert_eq!(p.cue, "sits at the edge of the chair");
    assert_eq!(p.emotion.as_str(), "guarded");
    assert_eq!(good.transcript().opening, *g);
}

#[test]
fn carried_variables_and_the_continued_condition_reach_the_first_node() {
    // The good path names a goal (goal_named = 1); the opening's variant wants a continued visit and that.
    let good = continue_from(&first_visit(GOOD));
    assert_eq!(good.variables(), &[1]);
    assert!(
        good.patient_line()
            .text
            .contains("feeling a bit more normal")
    );
    let alone = Session::new(second(), Arc::new(Rubric::shipped()), 3, Mode::Practice);
    assert_eq!(alone.variables(), &[0]);
    assert_eq!(alone.patient_line().text, "So, here I am again.");
}

#[test]
fn played_alone_a_follow_up_uses_its_own_start() {
    let v = second();
    let s = Session::new(
        Arc::clone(&v),
        Arc::new(Rubric::shipped()),
        3,
        Mode::Practice,
    );
    assert_eq!(s.state(), v.patient.start);
    assert!(!s.rupture_open());
    assert!(s.transcript().continued.is_none());
    let json = serde_json::to_string(s.transcript()).unwrap();
    assert!(!json.contains("continued"), "no field when not continued");
}

#[test]
fn the_transcript_records_the_continued_attempt_and_resumes_from_it() {
    let one = first_visit(POOR_UNREPAIRED);
    let mut two = continue_from(&one);
    two.choose(1).unwrap();
    let t = two.transcript().clone();
    let c = t.continued.as_ref().expect("recorded");
    assert_eq!(c.file, "first-attempt.json");
    assert_eq!(c.vignette_id, "visit-one");
    assert_eq!(c.ending_id, "poor");
    assert_eq!(c.outcome.as_str(), "poor");
    assert_eq!(c.ended_at, one.state());
    // Through JSON and back, and resumed: the same start, opening and turn.
    let back: alliance::engine::Transcript =
        serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
    assert_eq!(back, t);
    let resumed = Session::resume(second(), Arc::new(Rubric::shipped()), &back).unwrap();
    assert_eq!(resumed.transcript().start, t.start);
    assert_eq!(resumed.transcript().opening, t.opening);
    assert_eq!(resumed.state(), two.state());
    assert_eq!(resumed.rupture_open(), two.rupture_open());
}

#[test]
fn old_transcripts_without_the_field_still_load() {
    let s = common::play_written(first(), 7, GOOD);
    let mut json: serde_json::Value = serde_json::to_value(s.transcript()).unwrap();
    json.as_object_mut().unwrap().remove("continued");
    assert!(json.get("continued").is_none());
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("old.json");
    std::fs::write(&path, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    let t = alliance::store::load_transcript(&path).expect("an old transcript loads");
    assert!(t.continued.is_none());
    assert_eq!(&t, s.transcript());
}

#[test]
fn the_debrief_says_where_the_alliance_started_and_why() {
    let one = first_visit(POOR_UNREPAIRED);
    let two = continue_from(&one);
    let d = alliance::report::debrief(two.transcript(), &Rubric::shipped());
    let said = d
        .started_from
        .clone()
        .expect("a continued visit explains its start");
    let e = one.state();
    assert!(
        said.starts_with("You started from where your first visit ended"),
        "{said}"
    );
    assert!(said.contains(&format!("bond {:.0}", e.bond)), "{said}");
    assert!(said.contains("75%"), "{said}");
    assert!(said.contains("still open"), "{said}");
    let text = alliance::report::text(&d);
    assert!(text.contains("Start: You started from where"), "{text}");
    let alone = Session::new(second(), Arc::new(Rubric::shipped()), 3, Mode::Practice);
    assert!(
        alliance::report::debrief(alone.transcript(), &Rubric::shipped())
            .started_from
            .is_none()
    );
}

#[test]
fn an_unfinished_or_other_attempt_cannot_be_continued() {
    let v = second();
    let unfinished = common::play_written(first(), 7, &[1]);
    assert!(Continued::of(&unfinished, "x.json", &v).is_err());
    let other = common::play_written(second(), 7, &[1, 1]);
    let err = Continued::of(&other, "x.json", &v).unwrap_err();
    assert!(err.to_string().contains("follows `visit-one`"), "{err}");
}
