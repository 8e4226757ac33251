//! Replies in the trainee's own words: golden typed transcripts through each shipped vignette, and the rules a
//! trainee and an educator rely on (a match follows its branch, codes not wording move the alliance, nonsense gets
//! a clarifying reaction and loses nothing, a saved attempt replays exactly).
//!
//! The scripts are tests/typed/<vignette>.txt, one reply per line (an empty line is an empty reply). To accept an
//! intended change: `UPDATE_GOLDEN=1 cargo test --test typed_replies`, then review the diff of tests/golden/typed-*.

mod common;

use std::sync::Arc;

use alliance::engine::{Mode, Session, Transcript};
use alliance::report::debrief;
use alliance::scoring::{Rubric, reply_value};
use alliance::vignette::Vignette;
use alliance::vignette::model::{Effects, ReactionTo};

const SEED: u64 = 7;

fn session(v: Arc<Vignette>) -> Session {
    Session::new(v, Arc::new(Rubric::shipped()), SEED, Mode::Practice)
}

fn shipped(id: &str) -> Arc<Vignette> {
    common::shipped().get(id).expect("shipped vignette")
}

fn script(id: &str) -> Vec<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/typed")
        .join(format!("{id}.txt"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(str::to_owned)
        .collect()
}

fn play_script(id: &str) -> Session {
    let mut s = session(shipped(id));
    for (i, line) in script(id).iter().enumerate() {
        assert!(!s.is_over(), "{id}: ended before line {}", i + 1);
        s.say(line)
            .unwrap_or_else(|e| panic!("{id}: line {}: {e}", i + 1));
    }
    s
}

#[test]
fn typed_scripts_match_their_golden_debriefs() {
    for id in common::shipped_ids() {
        let id = id.as_str();
        let s = play_script(id);
        assert!(s.is_over(), "{id}: the typed script reaches an ending");
        let t = s.transcript();
        let typed = t.turns.iter().filter(|t| t.typed.is_some()).count();
        assert_eq!(typed, t.turns.len(), "{id}: every turn was typed");
        let matched = t.turns.iter().filter(|t| t.reply_index.is_some()).count();
        let unmatched = t.turns.len() - matched;
        assert!(
            matched >= 10 && unmatched >= 1,
            "{id}: the script exercises both matches ({matched}) and fallbacks ({unmatched})"
        );
        let d = debrief(t, &Rubric::shipped());
        assert_eq!(
            d.readings.len(),
            t.turns.len(),
            "{id}: one reading per turn"
        );
        common::golden(&format!("typed-{id}.json"), &d, "typed_replies");
    }
}

#[test]
fn empty_and_nonsense_input_get_a_clarifying_reaction_and_keep_the_place() {
    let rubric = Rubric::shipped();
    for id in common::shipped_ids() {
        let id = id.as_str();
        let v = shipped(id);
        // The patient's own words for it where the vignette gives them, else the rubric's.
        let clarifying = v
            .reactions
            .get(&ReactionTo::Unclear)
            .map_or(&rubric.reactions[&ReactionTo::Unclear].patient.say, |t| {
                &t.say
            })
            .clone();
        let mut s = session(v);
        let node = s.node_id().map(str::to_owned);
        let offered = s.offered();
        let before = s.state();
        for (k, text) in ["", "   ", "qzxv blorf wug", "???"].into_iter().enumerate() {
            let rec = s.say(text).expect("a reply is always accepted").clone();
            assert_eq!(rec.turn as usize, k + 1, "{id}: {text:?} is a turn");
            let reading = rec.typed.as_ref().expect("typed");
            assert_eq!(reading.matched, None, "{id}: {text:?} matches nothing");
            assert_eq!(
                reading.reaction,
                Some(ReactionTo::Unclear),
                "{id}: {text:?}"
            );
            assert!(
                clarifying.contains(&rec.reaction.text),
                "{id}: {text:?} got {:?}",
                rec.reaction.text
            );
            assert_eq!(
                rec.delta,
                Effects::default(),
                "{id}: {text:?} moves nothing"
            );
            assert!(
                !rec.feedback.is_empty(),
                "{id}: the feedback says what to do"
            );
        }
        assert_eq!(s.node_id().map(str::to_owned), node, "{id}: same place");
        assert_eq!(s.offered(), offered, "{id}: the same replies are on offer");
        assert_eq!(s.state(), before, "{id}: the alliance is unchanged");
        assert!(!s.is_over());
    }
}

#[test]
fn a_confident_match_follows_the_authored_branch() {
    let v = shipped("fear-of-hypoglycaemia");
    let mut chosen = session(Arc::clone(&v));
    chosen.choose(0).unwrap();
    let mut typed = session(v);
    let rec = typed
        .say("Thanks for coming in. We can go through the results, but I'd like to hear what matters to you: what would you like to focus on today?")
        .unwrap()
        .clone();
    let reading = rec.typed.as_ref().unwrap();
    assert_eq!(reading.matched, Some(0), "{reading:?}");
    assert!(reading.matched_text.is_some());
    assert_eq!(rec.reply_index, Some(0));
    assert_eq!(typed.node_id(), chosen.node_id(), "the same branch");
    assert_eq!(typed.patient_line(), chosen.patient_line());
    // Its authored feedback still applies.
    assert!(
        rec.feedback
            .starts_with(&chosen.transcript().turns[0].feedback)
    );
}

/// Plays the authored replies with these indices, to reach a decision point.
fn at(id: &str, path: &[usize]) -> Session {
    let mut s = session(shipped(id));
    for &i in path {
        s.choose(i).unwrap();
    }
    s
}

#[test]
fn a_judgemental_version_of_a_good_reply_is_not_rewarded() {
    // At the cue ("I'm really worried that if I stay within the range…") the seed's complex reflection is best.
    let mut s = at("fear-of-hypoglycaemia", &[0, 0]);
    assert_eq!(s.node_id(), Some("cue"));
    let authored = s.value_of(0).unwrap();
    assert!(authored > 0.0);
    let rec = s
        .say("You're anxious about going low, but frankly you're being careless and you need to take the full dose.")
        .unwrap()
        .clone();
    let codes = rec.typed.as_ref().unwrap().code_list();
    assert!(
        codes.iter().any(|c| matches!(
            c,
            alliance::vignette::BehaviourCode::Judging
                | alliance::vignette::BehaviourCode::Persuade
        )),
        "read as judging or persuading: {codes:?}"
    );
    assert!(
        reply_value(&rec.delta) < 0.0,
        "strains the alliance: {:?}",
        rec.delta
    );
    // The patient bristles and the strain is marked.
    assert!(rec.reaction.rupture.is_some(), "{:?}", rec.reaction);
    assert!(s.rupture_open());
}

#[test]
fn a_better_worded_version_of_a_straining_reply_is_not_punished() {
    // At the story, the straining reply is unasked advice about batch cooking.
    let mut s = at("diabetes-ambivalence", &[0, 0]);
    assert_eq!(s.node_id(), Some("story"));
    let straining = 1;
    let authored = s.value_of(straining).unwrap();
    assert!(authored < 0.0, "the authored advice strains: {authored}");
    let mut chosen = s.clone();
    chosen.choose(straining).unwrap();
    let rec = s
        .say("Would it be OK if I shared one thing that works well for some people? Batch cooking on your days off, so there's something healthy ready when you get in.")
        .unwrap()
        .clone();
    let reading = rec.typed.as_ref().unwrap();
    assert_eq!(
        reading.matched,
        Some(straining),
        "the same move in this conversation: {reading:?}"
    );
    assert_eq!(s.node_id(), chosen.node_id(), "its branch is followed");
    assert!(
        reply_value(&rec.delta) > authored,
        "scored by what the words did ({:?}), not as the unasked advice ({authored})",
        rec.delta
    );
    assert!(!reading.authored_effects);
}

#[test]
fn the_vignette_and_the_node_may_give_their_own_reactions() {
    let (v, d) = common::check_fixture("typed/reactions.yaml");
    assert!(d.iter().all(|d| !d.is_error()), "{d:?}");
    let mut s = session(v.expect("loads"));
    // The first node's own reaction to nonsense.
    let rec = s.say("blorf").unwrap().clone();
    assert_eq!(rec.reaction.text, "Sorry, you've lost me there.");
    // The vignette's reaction to a judgement, with its rupture marker.
    let rec = s
        .say("Honestly, you're being lazy and you need to take this seriously.")
        .unwrap()
        .clone();
    assert_eq!(
        rec.typed.as_ref().unwrap().reaction,
        Some(ReactionTo::Code(alliance::vignette::BehaviourCode::Judging))
    );
    assert_eq!(rec.reaction.text, "I get enough of that at home, thanks.");
    assert!(s.rupture_open());
    assert_eq!(s.node_id(), Some("first"), "still at the first decision");
    // Elsewhere the vignette's own reaction to nonsense, then the rubric's for a code the vignette leaves out.
    s.choose(0).unwrap();
    assert_eq!(s.node_id(), Some("second"));
    assert_eq!(s.say("").unwrap().reaction.text, "Say that again?");
    let rubric = Rubric::shipped();
    let rec = s.say("Tell me about your garden.").unwrap().clone();
    let key = rec.typed.as_ref().unwrap().reaction.unwrap();
    assert_ne!(key, ReactionTo::Unclear);
    assert!(
        rubric.reactions[&key]
            .patient
            .say
            .contains(&rec.reaction.text)
    );
}

#[test]
fn going_round_in_circles_earns_less_each_time() {
    let mut s = at("diabetes-ambivalence", &[0]);
    let line = "It takes real courage to keep coming back to this.";
    let gains: Vec<f64> = (0..3)
        .map(|_| {
            let rec = s.say(line).unwrap();
            assert_eq!(rec.reply_index, None, "{:?}", rec.typed);
            rec.delta.bond
        })
        .collect();
    assert!(gains[0] > 0.0, "{gains:?}");
    assert!(gains[0] > gains[1] && gains[1] > gains[2], "{gains:?}");
    // The reply that moves the conversation on is not damped by the stall before it.
    let mut fresh_choice = at("diabetes-ambivalence", &[0]);
    let undamped = fresh_choice.choose(0).unwrap().delta;
    assert_eq!(s.clone().choose(0).unwrap().delta.bond, undamped.bond);
    // Moving on resets it.
    s.choose(0).unwrap();
    let fresh = s.say(line).unwrap().delta.bond;
    assert!(
        fresh > gains[1],
        "{fresh} after moving on, {gains:?} before"
    );
}

#[test]
fn a_saved_typed_attempt_resumes_exactly() {
    let id = "reluctant-patient";
    let mut s = session(shipped(id));
    for line in script(id).iter().take(7) {
        s.say(line).unwrap();
    }
    let json = serde_json::to_string(s.transcript()).unwrap();
    let saved: Transcript = serde_json::from_str(&json).unwrap();
    let resumed = Session::resume(shipped(id), Arc::new(Rubric::shipped()), &saved).unwrap();
    assert_eq!(resumed.transcript(), s.transcript());
    assert_eq!(resumed.state(), s.state());
    assert_eq!(resumed.node_id(), s.node_id());
    assert_eq!(resumed.offered(), s.offered());
}

#[test]
fn matching_is_deterministic_and_explains_itself() {
    let s = at("diabetes-ambivalence", &[0]);
    let text = "It sounds like the diet has turned into a battle you keep losing.";
    let a = s
        .read(text, alliance::classify::Classifier::shipped())
        .unwrap();
    let b = s
        .read(text, alliance::classify::Classifier::shipped())
        .unwrap();
    assert_eq!(a, b);
    assert_eq!(
        a.candidates.len(),
        s.offered().len(),
        "every offered reply is compared"
    );
    assert!(
        a.candidates.windows(2).all(|w| w[0].score >= w[1].score),
        "best first"
    );
    assert!(
        a.codes.iter().all(|c| !c.evidence.is_empty()),
        "each code says why"
    );
    assert!(a.confidence >= alliance::engine::typed::MATCH_THRESHOLD);
}

#[test]
fn typing_a_written_reply_word_for_word_follows_that_reply() {
    let rubric = Rubric::shipped();
    let classifier = alliance::classify::Classifier::shipped();
    let mut failures = Vec::new();
    let mut total = 0;
    for id in common::shipped_ids() {
        let id = id.as_str();
        let v = shipped(id);
        for node in &v.nodes {
            let offered: Vec<(usize, &str, &[alliance::vignette::BehaviourCode])> = node
                .replies
                .iter()
                .enumerate()
                .map(|(i, r)| (i, r.text.as_str(), r.codes.as_slice()))
                .collect();
            for (i, text, _) in &offered {
                total += 1;
                let r = alliance::engine::typed::read(
                    classifier,
                    text,
                    &node.patient.say[0],
                    &offered,
                    &rubric,
                );
                if r.matched != Some(*i) {
                    failures.push(format!(
                        "{id}/{} reply {i}: matched {:?} at {} ({text})",
                        node.id, r.matched, r.confidence
                    ));
                }
            }
        }
    }
    assert!(total > 150, "{total} replies");
    assert!(
        failures.is_empty(),
        "{} of {total}:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn a_huge_paste_is_cut_to_what_is_read_and_nothing_breaks() {
    let mut s = session(shipped("diabetes-ambivalence"));
    let paste = "I hear how hard the evenings are for you. ".repeat(50_000);
    let rec = s.say(&paste).unwrap().clone();
    let typed = rec.typed.as_ref().unwrap();
    assert_eq!(
        typed.text.chars().count(),
        alliance::engine::typed::MAX_TYPED_CHARS
    );
    assert_eq!(rec.said, typed.text);
    assert!(serde_json::to_string(s.transcript()).unwrap().len() < 200_000);
    // Multi-byte text is cut at a character boundary.
    let rec = s.say(&"é".repeat(5_000)).unwrap();
    assert_eq!(
        rec.said.chars().count(),
        alliance::engine::typed::MAX_TYPED_CHARS
    );
}
