//! What people really type: empty and whitespace replies, nonsense, 100 KB pastes, no punctuation, lower case,
//! typos in cue words, contractions with and without apostrophes, British and American spelling, several
//! sentences in one reply. No panic, and codes a trainer would agree with.

use std::time::Instant;

use alliance::classify::{Classification, Classifier, MainBehaviour};
use alliance::vignette::BehaviourCode::{self, *};

fn read(text: &str) -> Classification {
    Classifier::shipped().classify(text, None)
}

fn names(c: &Classification) -> String {
    let codes: Vec<String> = c
        .codes
        .iter()
        .map(|r| format!("{} {:.2} {:?}", r.code, r.confidence, r.evidence))
        .collect();
    format!("main {:?}; codes:\n  {}", c.main, codes.join("\n  "))
}

#[track_caller]
fn has(c: &Classification, code: BehaviourCode) {
    assert!(c.has(code), "expected {code}; got {}", names(c));
}

#[test]
fn empty_and_whitespace_give_no_codes() {
    for text in ["", " ", "\n\t  \r\n", "...", "?!", "\u{200b}"] {
        let c = read(text);
        assert_eq!(c.main, MainBehaviour::Other, "{text:?}");
        assert!(c.codes.is_empty(), "{text:?}: {}", names(&c));
    }
    assert_eq!(read("").sentences, 0);
}

#[test]
fn nonsense_gives_no_codes() {
    for text in [
        "asdf qwer",
        "zxcv bnm hjkl",
        "qqqqqqqqqqqqqqqqqqq",
        "123 456",
    ] {
        let c = read(text);
        assert_eq!(c.main, MainBehaviour::Other, "{text:?}");
        assert!(c.codes.is_empty(), "{text:?}: {}", names(&c));
    }
}

#[test]
fn a_100_kb_paste_is_capped_and_fast() {
    let big = "You are worried about your sugar levels. ".repeat(2_500);
    assert!(big.len() > 100_000);
    let started = Instant::now();
    let c = read(&big);
    let took = started.elapsed();
    has(&c, ComplexReflection);
    assert!(
        c.sentences <= 60,
        "only the first 2,000 characters are read; read {} sentences",
        c.sentences
    );
    assert!(took.as_millis() < 500, "took {took:?}");
    // Multi-byte text and a single 100 KB word are safe too.
    let _ = read(&"é".repeat(100_000));
    let _ = read(&"a".repeat(100_000));
    let _ = read(&"?".repeat(100_000));
    let _ = read(&"[".repeat(50_000));
}

#[test]
fn lower_case_without_punctuation_still_reads_the_form() {
    has(
        &read("what worries you most about the insulin"),
        OpenQuestion,
    );
    has(&read("do you check your feet every day"), ClosedQuestion);
    has(
        &read("sounds like you are scared of going low at work"),
        ComplexReflection,
    );
}

#[test]
fn a_run_on_reflection_and_question_is_both() {
    let c = read("sounds like work has been really stressful what would help you most right now");
    assert_eq!(c.sentences, 1);
    has(&c, ComplexReflection);
    has(&c, OpenQuestion);
    let c = read("Sounds like work has been really stressful. What would help you most right now?");
    assert_eq!(c.sentences, 2);
    has(&c, ComplexReflection);
    has(&c, OpenQuestion);
}

#[test]
fn typos_in_cue_words_are_tolerated_and_shown() {
    let c = read("soudns like youre feeling overwhelmed by all of this");
    has(&c, ComplexReflection);
    let r = c.get(ComplexReflection).unwrap();
    assert!(
        r.evidence
            .iter()
            .any(|e| e.contains("'soudns' as 'sounds'")),
        "the evidence names the typo: {}",
        names(&c)
    );
    has(&read("thank you for beign so honest with me"), Affirm);
    has(&read("its entirly your choice"), EmphasizingAutonomy);
    // A real word one letter from a cue word is not mistaken for it.
    let c = read("I was taking the bus.");
    assert!(!c.has(Affirm) && !c.has(Persuade), "{}", names(&c));
}

#[test]
fn contractions_with_and_without_apostrophes_read_alike() {
    for text in [
        "You're feeling anxious about the insulin.",
        "youre feeling anxious about the insulin",
        "You are feeling anxious about the insulin.",
        "You\u{2019}re feeling anxious about the insulin.",
    ] {
        has(&read(text), ComplexReflection);
    }
    for text in [
        "Don't worry, it'll be fine.",
        "dont worry itll be fine",
        "Do not worry, it will be fine.",
    ] {
        has(&read(text), PrematureReassurance);
    }
    for text in [
        "You shouldn't eat that.",
        "You need to stop eating that.",
        "you gotta stop eating that",
    ] {
        has(&read(text), Persuade);
    }
}

#[test]
fn british_and_american_spelling_read_alike() {
    for text in [
        "Let me summarise what you've told me so far.",
        "Let me summarize what you've told me so far.",
    ] {
        has(&read(text), Summarise);
    }
    for text in [
        "Your behaviour is irresponsible.",
        "Your behavior is irresponsible.",
    ] {
        has(&read(text), Judging);
    }
    for text in [
        "I apologise, I pushed too hard.",
        "I apologize, I pushed too hard.",
    ] {
        has(&read(text), AcknowledgeStrain);
    }
}

#[test]
fn every_code_has_evidence_and_confidences_are_probabilities() {
    let texts = [
        "Sounds like you are feeling anxious. What would help?",
        "You need to take your diabetes more seriously.",
        "Your A1c is 9.2 so today we're going to focus on your diet.",
        "Thank you for being honest. It's up to you.",
        "ok",
    ];
    for t in texts {
        let c = read(t);
        assert!(
            (0.0..=1.0).contains(&c.main_confidence),
            "{t}: {}",
            c.main_confidence
        );
        for pair in c.codes.windows(2) {
            assert!(
                pair[0].confidence >= pair[1].confidence,
                "strongest first: {}",
                names(&c)
            );
        }
        for r in &c.codes {
            assert!((0.0..=1.0).contains(&r.confidence), "{t}: {}", names(&c));
            assert!(!r.evidence.is_empty(), "{t}: {} has no evidence", r.code);
        }
        // The JSON shape the CLI prints round-trips.
        let json = serde_json::to_string(&c).unwrap();
        let back: Classification = serde_json::from_str(&json).unwrap();
        assert_eq!(back, c);
        assert!(json.contains("\"main\":\""), "{json}");
    }
}

#[test]
fn backchannels_are_other() {
    for t in ["Mm-hmm.", "Yeah.", "Okay.", "Right."] {
        assert_eq!(read(t).main, MainBehaviour::Other, "{t}");
    }
}
