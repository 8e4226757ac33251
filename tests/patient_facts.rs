//! A patient who knows their own life: a typed question about a topic of the vignette's `facts:` that no written
//! reply covers gets the patient's answer (fuller to an open question, guarded while the bond is low), is scored
//! by what the question did, keeps the decision open, and is kept in the transcript and the debrief.

mod common;

use std::sync::Arc;

use alliance::engine::facts::{Answered, topic_asked};
use alliance::engine::{Mode, Session, Transcript};
use alliance::report::{debrief, text};
use alliance::scoring::Rubric;
use alliance::vignette::Vignette;
use alliance::vignette::compiled::Fact;
use alliance::vignette::model::ReactionTo;
use alliance::vignette::topics::TOPICS;

/// An open and a closed question a student might type about each topic the shipped vignettes give.
fn questions(topic: &str) -> (&'static str, &'static str) {
    match topic {
        "alcohol" => ("Tell me about your drinking.", "Do you drink alcohol?"),
        "smoking" => ("Tell me about smoking.", "Do you smoke?"),
        "drugs" => ("What about recreational drugs?", "Do you use any drugs?"),
        "medicines" => (
            "What medicines are you taking at the moment?",
            "Are you on any medication?",
        ),
        "family" => (
            "How are things with the people you live with?",
            "Are you married?",
        ),
        "work" => ("How is work going?", "Are you working at the moment?"),
        "sleep" => ("How are you sleeping?", "Do you sleep well?"),
        "mood" => ("How has your mood been lately?", "Is your mood low?"),
        "risk" => (
            "What thoughts have you had about ending your life?",
            "Have you had thoughts of suicide?",
        ),
        "red_flags" => (
            "Tell me about any numbness or tingling in your feet.",
            "Any chest pain?",
        ),
        "tried" => ("What have you tried so far?", "Have you tried anything?"),
        "diet" => (
            "Tell me about what you eat in a day.",
            "Do you eat breakfast?",
        ),
        "exercise" => ("What exercise do you get?", "Do you exercise?"),
        "monitoring" => (
            "How do you check your blood sugar?",
            "Do you test your sugars at home?",
        ),
        "hypos" => ("Tell me about your hypos.", "Have you had any hypos?"),
        "driving" => ("Tell me about your driving.", "Do you drive?"),
        "pain" => ("Tell me about the pain.", "Are you in pain?"),
        "falls" => (
            "Tell me about any falls you've had.",
            "Have you had a fall?",
        ),
        "home" => (
            "How do you get about the house?",
            "Can you manage the stairs?",
        ),
        "highs" => (
            "Tell me about any highs, times you felt wired.",
            "Have you ever been up for days without sleep?",
        ),
        "podiatry" => (
            "Tell me about seeing a podiatrist.",
            "Do you see a podiatrist?",
        ),
        "knee" => (
            "How do you rest your knee at night?",
            "Do you put a pillow under your knee?",
        ),
        other => panic!("no test questions for topic `{other}`: add them here"),
    }
}

/// The shipped vignette, starting at bond `bond` (the other components as written).
fn at_bond(id: &str, bond: f64) -> Arc<Vignette> {
    let v = common::shipped().get(id).expect("shipped");
    let mut v = (*v).clone();
    v.patient.start.bond = bond;
    Arc::new(v)
}

fn session(v: Arc<Vignette>) -> Session {
    Session::new(v, Arc::new(Rubric::shipped()), 7, Mode::Practice)
}

/// Asks `text` at the opening and returns (topic, answer kind, the patient's words, node after).
fn ask(v: &Arc<Vignette>, text: &str) -> (Option<(String, Answered)>, String, Option<String>) {
    let mut s = session(Arc::clone(v));
    let before = s.node_id().map(str::to_owned);
    let t = s.say(text).expect("a typed reply is taken").clone();
    let fact = t
        .typed
        .as_ref()
        .and_then(|r| r.fact.as_ref())
        .map(|f| (f.topic.clone(), f.answered));
    assert_eq!(s.node_id().map(str::to_owned), before, "{text}: moved on");
    (fact, t.reaction.text, before)
}

#[test]
fn every_shipped_patient_answers_the_topics_a_clinician_asks_about() {
    for id in common::shipped_ids() {
        let id = id.as_str();
        let v = at_bond(id, 100.0);
        let topics: Vec<&str> = v.patient.facts.iter().map(|f| f.topic.as_str()).collect();
        for needed in [
            "alcohol",
            "smoking",
            "medicines",
            "family",
            "work",
            "sleep",
            "mood",
            "tried",
        ] {
            assert!(topics.contains(&needed), "{id} has no `{needed}` fact");
        }
        for f in &v.patient.facts {
            let (open, closed) = questions(&f.topic);
            let (got, said, _) = ask(&v, open);
            assert_eq!(got, Some((f.topic.clone(), Answered::Full)), "{id}: {open}");
            assert_eq!(said, f.answer, "{id}: {open}");
            let (got, said, _) = ask(&v, closed);
            assert_eq!(
                got,
                Some((f.topic.clone(), Answered::Short)),
                "{id}: {closed}"
            );
            assert_eq!(said, f.short, "{id}: {closed}");
            assert!(
                f.short.len() <= f.answer.len(),
                "{id} {}: the short answer is longer than the full one",
                f.topic
            );
        }
    }
}

#[test]
fn below_its_bond_level_the_patient_gives_the_guarded_line() {
    let mut guarded = 0;
    for id in common::shipped_ids() {
        let id = id.as_str();
        let written = common::shipped().get(id).expect("shipped");
        for f in &written.patient.facts {
            let Some((level, line)) = &f.guarded else {
                continue;
            };
            guarded += 1;
            let (open, _) = questions(&f.topic);
            let (got, said, _) = ask(&at_bond(id, level - 1.0), open);
            assert_eq!(
                got,
                Some((f.topic.clone(), Answered::Guarded)),
                "{id}: {open}"
            );
            assert_eq!(&said, line, "{id}: {open}");
            let (got, _, _) = ask(&at_bond(id, *level), open);
            assert_eq!(
                got,
                Some((f.topic.clone(), Answered::Full)),
                "{id}: {open} at {level}"
            );
        }
    }
    assert!(guarded >= 6, "only {guarded} guarded facts");
    // Mr Jones starts at bond 10: asked straight out, he denies what he tells a clinician he trusts, as at the
    // safety node when the questions come as a checklist.
    let (got, said, _) = ask(
        &at_bond("reluctant-patient", 10.0),
        "Have you had thoughts of ending your life?",
    );
    assert_eq!(got.map(|g| g.1), Some(Answered::Guarded));
    assert!(said.contains("I'm not crazy"), "{said}");
    let (_, said, _) = ask(
        &at_bond("reluctant-patient", 60.0),
        "Have you had thoughts of ending your life?",
    );
    assert!(
        said.contains("easier not to wake up") && said.contains("mum"),
        "{said}"
    );
}

#[test]
fn a_fact_question_is_scored_by_what_it_did_and_keeps_the_decision_open() {
    let v = at_bond("diabetes-ambivalence", 80.0);
    let mut s = session(Arc::clone(&v));
    let offered = s.offered();
    let open = s.say("Tell me about your drinking.").unwrap().clone();
    assert_eq!(open.reply_index, None);
    assert!(
        open.delta.bond > 0.0,
        "an open question warms: {:?}",
        open.delta
    );
    assert_eq!(s.offered(), offered, "the same replies are on offer");
    let closed = s.say("Do you smoke?").unwrap().clone();
    assert!(
        closed.delta.empathy < 0.0,
        "a closed question: {:?}",
        closed.delta
    );
    // A written reply still moves the conversation on afterwards.
    s.choose(offered[0].index).unwrap();
    assert_ne!(s.node_id(), Some("opening"));
}

#[test]
fn the_transcript_and_the_debrief_record_what_was_asked_and_said() {
    let v = at_bond("reluctant-patient", 60.0);
    let mut s = session(Arc::clone(&v));
    s.say("Do you drink much alcohol these days?").unwrap();
    let t = s.transcript().clone();
    let json = serde_json::to_string(&t).unwrap();
    assert!(json.contains("\"fact\":{\"topic\":\"alcohol\""), "{json}");
    let back: Transcript = serde_json::from_str(&json).unwrap();
    assert_eq!(back, t);
    let resumed = Session::resume(Arc::clone(&v), Arc::new(Rubric::shipped()), &back).unwrap();
    assert_eq!(resumed.transcript().turns, t.turns);
    let d = text(&debrief(&t, &Rubric::shipped()));
    assert!(
        d.contains("about alcohol (a closed question, so a short answer): the patient said \"A few cans most nights."),
        "{d}"
    );
    // A transcript written before facts (no `fact` field) still reads.
    let old = json.replace(
        &format!(
            ",\"fact\":{}",
            serde_json::to_string(&t.turns[0].typed.as_ref().unwrap().fact).unwrap()
        ),
        "",
    );
    assert!(!old.contains("\"fact\""));
    let old: Transcript = serde_json::from_str(&old).unwrap();
    assert!(old.turns[0].typed.as_ref().unwrap().fact.is_none());
}

#[test]
fn an_off_topic_or_nonsense_question_still_gets_the_clarifying_reaction() {
    for id in common::shipped_ids() {
        let id = id.as_str();
        let v = at_bond(id, 100.0);
        for text in [
            "What is the capital of France?",
            "asdf qwer zxcv?",
            "Did you see the match on Saturday night?",
            "Would that work for you?",
        ] {
            let mut s = session(Arc::clone(&v));
            let t = s.say(text).unwrap().clone();
            let r = t.typed.as_ref().unwrap();
            assert!(r.fact.is_none(), "{id}: {text} answered as {:?}", r.fact);
            assert!(r.reaction.is_some(), "{id}: {text}");
        }
        let mut s = session(Arc::clone(&v));
        let t = s.say("???").unwrap().clone();
        assert_eq!(
            t.typed.as_ref().unwrap().reaction,
            Some(ReactionTo::Unclear)
        );
    }
}

#[test]
fn topic_detection_is_measured_on_questions_students_type() {
    // Every built-in topic as a fact, so detection is measured over all of them.
    let facts: Vec<Fact> = TOPICS
        .iter()
        .map(|(topic, words)| Fact {
            topic: (*topic).to_owned(),
            words: words.iter().map(|w| (*w).to_owned()).collect(),
            answer: String::new(),
            short: String::new(),
            guarded: None,
            cue: String::new(),
            emotion: alliance::vignette::model::Emotion::Neutral,
        })
        .collect();
    let labelled: [(&str, Option<&str>); 48] = [
        ("Are you drinking much alcohol?", Some("alcohol")),
        ("How many units a week would you say?", Some("alcohol")),
        ("Do you have a drink most evenings?", Some("alcohol")),
        ("Any beers or wine at the weekend?", Some("alcohol")),
        ("Do you smoke at all?", Some("smoking")),
        ("Have you ever vaped?", Some("smoking")),
        ("Any cigarettes?", Some("smoking")),
        ("Do you use cannabis or anything like that?", Some("drugs")),
        ("What tablets are you on?", Some("medicines")),
        (
            "Are you taking your insulin as prescribed?",
            Some("medicines"),
        ),
        (
            "Any other medication I should know about?",
            Some("medicines"),
        ),
        ("Who do you live with?", Some("family")),
        ("Does your husband know how you feel?", Some("family")),
        ("Have you got kids?", Some("family")),
        ("What do you do for a living?", Some("work")),
        ("How are things at work?", Some("work")),
        ("Does your boss know?", Some("work")),
        ("What shifts are you on?", Some("work")),
        ("How are you sleeping?", Some("sleep")),
        ("Do you wake up in the night?", Some("sleep")),
        ("How is your energy?", Some("sleep")),
        ("How has your mood been?", Some("mood")),
        ("Have you been feeling down?", Some("mood")),
        ("Do you still enjoy things?", Some("mood")),
        ("Have you felt anxious?", Some("mood")),
        ("Have you had any thoughts of suicide?", Some("risk")),
        ("Do you ever feel you'd be better off dead?", Some("risk")),
        ("Have you thought about harming yourself?", Some("risk")),
        (
            "Have you been feeling low, or thought of ending your life?",
            Some("risk"),
        ),
        ("Any numbness in your legs?", Some("red_flags")),
        ("Any chest pain or shortness of breath?", Some("red_flags")),
        ("Have you lost weight without trying?", Some("red_flags")),
        ("Have you been vomiting?", Some("red_flags")),
        ("What have you tried so far?", Some("tried")),
        ("Has anything helped in the past?", Some("tried")),
        ("What do you eat on a typical day?", Some("diet")),
        ("Do you snack in the evenings?", Some("diet")),
        ("Do you get much exercise?", Some("exercise")),
        ("Do you walk anywhere?", Some("exercise")),
        (
            "How often do you check your blood sugar?",
            Some("monitoring"),
        ),
        ("Have you had any hypos lately?", Some("hypos")),
        ("Do you get warning signs before you go low?", Some("hypos")),
        ("What would work for you?", None),
        ("What is the capital of France?", None),
        ("How can I help today?", None),
        ("What would you like to get out of today?", None),
        ("Is it OK if I share some information?", None),
        ("asdf qwer zxcv", None),
    ];
    let mut right = 0;
    let mut wrong = Vec::new();
    for (q, want) in labelled {
        let got = topic_asked(&facts, q).map(|i| facts[i].topic.as_str());
        if got == want {
            right += 1;
        } else {
            wrong.push(format!("{q}: {got:?}, want {want:?}"));
        }
    }
    // Measured: 47 of 48 at first ("vaped" was not listed; added), now 48 of 48. No off-topic question may be read as a topic (that answer would be invented).
    assert!(right >= 47, "{right}/48 right: {wrong:#?}");
    assert!(
        wrong.iter().all(|w| !w.ends_with("want None")),
        "off-topic read as a topic: {wrong:#?}"
    );
}

#[test]
fn an_author_extends_a_topic_with_asked_by() {
    let v = at_bond("fear-of-hypoglycaemia", 100.0);
    let driving = v
        .patient
        .facts
        .iter()
        .find(|f| f.topic == "driving")
        .expect("Jo's driving fact, a topic of the author's own");
    assert!(driving.words.iter().any(|w| w == "licence"));
    let (got, _, _) = ask(&v, "Have you told the DVLA?");
    assert_eq!(got.map(|g| g.0), Some("driving".to_owned()));
}
