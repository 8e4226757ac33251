//! The replies at a decision are shown in an order drawn from the session's seed: the same seed shows the same
//! order (resumed or replayed too), the best reply has no fixed place, and "always press 1" is no strategy.

mod common;

use std::path::Path;
use std::sync::Arc;

use alliance::assign;
use alliance::engine::{Mode, Session, Transcript};
use alliance::report::debrief;
use alliance::scoring::Rubric;
use alliance::vignette::Vignette;
use alliance::vignette::model::Outcome;

fn vignette(id: &str) -> Arc<Vignette> {
    common::shipped().get(id).expect("shipped")
}

fn session(v: &Arc<Vignette>, seed: u64) -> Session {
    Session::new(
        Arc::clone(v),
        Arc::new(Rubric::shipped()),
        seed,
        Mode::Assessment,
    )
}

/// Plays the reply shown first at every decision, as `yes 1 | alliance play` would.
fn always_first(v: &Arc<Vignette>, seed: u64) -> Session {
    let mut s = session(v, seed);
    for _ in 0..200 {
        if s.is_over() {
            break;
        }
        let first = s.offered()[0].index;
        s.choose(first).expect("a shown reply is accepted");
    }
    s
}

#[test]
fn the_same_seed_shows_the_same_order_and_a_resumed_attempt_keeps_it() {
    for id in common::shipped_ids() {
        let id = id.as_str();
        let v = vignette(id);
        let a = always_first(&v, 42);
        let b = always_first(&v, 42);
        assert_eq!(
            a.transcript(),
            b.transcript(),
            "{id}: same seed, same attempt"
        );
        // Stop half-way, save as JSON, resume: the replies on offer are shown in the same order.
        let mut half = session(&v, 42);
        for _ in 0..3 {
            let first = half.offered()[0].index;
            half.choose(first).unwrap();
        }
        let saved: Transcript =
            serde_json::from_str(&serde_json::to_string(half.transcript()).unwrap()).unwrap();
        let resumed = Session::resume(Arc::clone(&v), Arc::new(Rubric::shipped()), &saved).unwrap();
        assert_eq!(resumed.offered(), half.offered(), "{id}: resumed order");
    }
}

#[test]
fn the_transcript_keeps_the_number_shown_and_the_reply_written() {
    let v = vignette("diabetes-ambivalence");
    let s = always_first(&v, 5);
    let turns = &s.transcript().turns;
    assert!(
        turns.iter().all(|t| t.shown_as == Some(1)),
        "pressed 1 each time"
    );
    let written: Vec<usize> = turns.iter().filter_map(|t| t.reply_index).collect();
    assert_eq!(written.len(), turns.len());
    assert!(
        written.iter().any(|&i| i != 0),
        "the first shown is not always the first written: {written:?}"
    );
    assert_eq!(s.transcript().format, "alliance.transcript/2");
}

#[test]
fn the_best_reply_has_no_fixed_place() {
    // Over seeds, where each decision's best reply is shown is spread over the places (the authors wrote it
    // first almost everywhere, which made pressing 1 the lesson).
    for id in common::shipped_ids() {
        let id = id.as_str();
        let v = vignette(id);
        let mut place_of_best = [0u32; 8];
        for seed in 0..200 {
            let s = session(&v, seed);
            let best = s.best_offered().unwrap();
            let shown = s.shown_number(best).unwrap();
            place_of_best[shown - 1] += 1;
        }
        let n = v.nodes[v.start].replies.len();
        for (k, &count) in place_of_best.iter().take(n).enumerate() {
            assert!(
                count >= 200 / (n as u32) / 2,
                "{id}: the best opening reply was shown {} only {count} times in 200 seeds",
                k + 1
            );
        }
    }
}

#[test]
fn a_pinned_node_shows_its_replies_as_written() {
    // tests/fixtures/mini.yaml pins its order (its tests script replies by number).
    let v = common::mini();
    for seed in 0..50 {
        let s = Session::new(
            Arc::clone(&v),
            Arc::new(Rubric::shipped()),
            seed,
            Mode::Practice,
        );
        let order: Vec<usize> = s.offered().iter().map(|o| o.index).collect();
        assert_eq!(order, (0..order.len()).collect::<Vec<_>>());
    }
}

#[test]
fn a_transcript_written_before_the_seeded_order_still_resumes() {
    let v = vignette("fear-of-hypoglycaemia");
    let s = common::play_written(Arc::clone(&v), 3, &[1, 1, 1]);
    let mut json = serde_json::to_value(s.transcript()).unwrap();
    json["format"] = "alliance.transcript/1".into();
    for t in json["turns"].as_array_mut().unwrap() {
        t.as_object_mut().unwrap().remove("shown_as");
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.json");
    std::fs::write(&path, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    let old = alliance::store::load_transcript(&path).expect("a /1 transcript reads");
    let resumed = Session::resume(v, Arc::new(Rubric::shipped()), &old).unwrap();
    assert_eq!(resumed.transcript().turns.len(), 3);
    assert_eq!(resumed.state(), s.state());
}

/// "Always press 1" in assessment mode, over 200 seeds of each shipped vignette, against the example
/// assignment's criteria: with the seeded order it passes rarely, where before it passed every time.
#[test]
fn pressing_1_every_time_rarely_passes_the_example_assignment() {
    let lib = common::shipped();
    let a = assign::load::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("assignments/example.yaml"),
        Some(&lib),
    )
    .expect("the example assignment loads");
    let rubric = Rubric::shipped();
    for id in common::shipped_ids() {
        let id = id.as_str();
        let v = vignette(id);
        let criteria = a.criteria_for(id);
        let mut passed = 0;
        let mut good = 0;
        for seed in 0..200 {
            let s = always_first(&v, seed);
            let d = debrief(s.transcript(), &rubric);
            good += usize::from(d.ending.as_ref().map(|e| e.outcome) == Some(Outcome::Good));
            passed += usize::from(assign::criteria::evaluate(&criteria, &d).passed);
        }
        println!("{id}: always-first passes {passed}/200, good ending {good}/200");
        assert!(
            passed <= 10,
            "{id}: pressing 1 every time passed {passed} of 200 attempts (at most 5% allowed)"
        );
    }
}
