//! Property tests: mutated vignettes, transcripts and submissions, and arbitrary classifier input, always give
//! an error or a result, never a panic. `cargo test` runs a bounded number of cases per target; set
//! `PROPTEST_CASES=100000` to run many more (`cargo test --release --test hostile_input_properties`).

mod common;

use std::sync::Arc;

use proptest::prelude::*;
use proptest::sample::Index;

use alliance::assign::{open, seal};
use alliance::classify::Classifier;
use alliance::engine::{Session, Transcript};
use alliance::library::Library;
use alliance::report;
use alliance::scoring::Rubric;
use alliance::vignette::Origin;

/// `default` cases, or `PROPTEST_CASES` when set; no failure files written into the repository.
fn config(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Values a hostile or damaged file might hold where a number was.
const NUMBERS: &[&str] = &[
    "1e308",
    "-1e308",
    "-1",
    "99",
    "NaN",
    "18446744073709551616",
    "0.5",
    "-0",
    "1e-320",
    "\"7\"",
    "null",
];

/// One edit to a text: delete, insert a character or a short string, cut short, or replace a number.
#[derive(Debug, Clone)]
enum Edit {
    Delete(Index),
    Insert(Index, char),
    InsertText(Index, String),
    Truncate(Index),
    Number(Index, Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<Index>().prop_map(Edit::Delete),
        (any::<Index>(), any::<char>()).prop_map(|(i, c)| Edit::Insert(i, c)),
        (any::<Index>(), "[\\[\\]{}:,\"'&*!|>-]{1,6}|[ -~]{0,12}")
            .prop_map(|(i, s)| Edit::InsertText(i, s)),
        any::<Index>().prop_map(Edit::Truncate),
        (any::<Index>(), any::<Index>()).prop_map(|(i, n)| Edit::Number(i, n)),
    ]
}

/// `base` with `edits` applied, in order.
fn apply(base: &str, edits: &[Edit]) -> String {
    let mut c: Vec<char> = base.chars().collect();
    for e in edits {
        if c.is_empty() {
            break;
        }
        match e {
            Edit::Delete(i) => {
                c.remove(i.index(c.len()));
            }
            Edit::Insert(i, ch) => c.insert(i.index(c.len()), *ch),
            Edit::InsertText(i, s) => {
                let at = i.index(c.len());
                c.splice(at..at, s.chars());
            }
            Edit::Truncate(i) => c.truncate(i.index(c.len())),
            Edit::Number(i, n) => {
                // The digit run at or after a random place becomes a hostile value.
                let start = i.index(c.len());
                if let Some(d) = (start..c.len()).find(|&k| c[k].is_ascii_digit()) {
                    let end = (d..c.len())
                        .find(|&k| !c[k].is_ascii_digit() && c[k] != '.')
                        .unwrap_or(c.len());
                    let v = NUMBERS[n.index(NUMBERS.len())];
                    c.splice(d..end, v.chars());
                }
            }
        }
    }
    c.into_iter().collect()
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec(edit(), 1..6)
}

/// The fixture library, loaded once for all cases.
fn library() -> &'static Library {
    static LIB: std::sync::OnceLock<Library> = std::sync::OnceLock::new();
    LIB.get_or_init(|| Library::load(&[common::fixture("")], Rubric::shipped()).0)
}

/// A transcript of the mini vignette, two replies in, as JSON (made once).
fn transcript_json() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        let t = common::play_numbers(common::mini(), 7, &[1, 2])
            .transcript()
            .clone();
        serde_json::to_string_pretty(&t).unwrap()
    })
}

/// Everything `report` and `resume` do with a transcript's text.
fn read_transcript(lib: &Library, text: &str) {
    let Ok(t) = serde_json::from_str::<Transcript>(text) else {
        return;
    };
    if alliance::engine::sense::nonsense(&t).is_some() {
        return;
    }
    let _ = report::text(&report::debrief(&t, &lib.rubric));
    let _ = report::markdown(&report::debrief(&t, &lib.rubric));
    if let Some(v) = lib.get(&t.vignette_id) {
        let _ = Session::resume(v, Arc::clone(&lib.rubric), &t);
        let _ = alliance::assign::replay::decisions(
            lib.get(&t.vignette_id).unwrap(),
            Arc::clone(&lib.rubric),
            &t,
        );
    }
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn the_vignette_loader_never_panics(e in edits()) {
        let src = std::fs::read_to_string(common::fixture("mini.yaml")).unwrap();
        let text = apply(&src, &e);
        let origin = Origin { file: "mutated.yaml".into(), shipped: false };
        let (v, found) = alliance::check::check_source(origin, &text, &Rubric::shipped());
        // Refused only with a reason; accepted ones play from the start.
        prop_assert!(v.is_some() || !found.is_empty());
        if let Some(v) = v {
            let s = Session::new(v, Arc::new(Rubric::shipped()), 1, alliance::engine::Mode::Practice);
            let _ = s.offered();
        }
    }

    #[test]
    fn the_transcript_reader_never_panics(e in edits()) {
        read_transcript(library(), &apply(transcript_json(), &e));
    }
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn the_submission_reader_never_panics(e in edits(), reseal in any::<bool>()) {
        let lib = library();
        let bytes = sealed_submission();
        let text = apply(&String::from_utf8(bytes).unwrap(), &e);
        // A forger re-seals edited content; a damaged file is read as it is.
        let bytes = match (reseal, serde_json::from_str::<serde_json::Value>(&text)) {
            (true, Ok(v)) => match serde_json::from_value(v["content"].clone()) {
                Ok(s) => seal(&s),
                Err(_) => text.into_bytes(),
            },
            _ => text.into_bytes(),
        };
        if let Ok(mut o) = open(&bytes) {
            let _ = alliance::cohort::verify::rederive(&mut o.submission, None, Some(lib), &lib.rubric);
            let mut csv = Vec::new();
            let _ = alliance::cohort::csv::submission_rows(&mut csv, "f.json", &o.submission);
            let mut statements = Vec::new();
            alliance::cohort::xapi::submission_statements(&o.submission, None, &mut statements);
        }
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn the_classifier_takes_any_text(text in any::<String>(), before in proptest::option::of(any::<String>())) {
        let c = Classifier::shipped().classify(&text, before.as_deref());
        for r in &c.codes {
            prop_assert!((0.0..=1.0).contains(&r.confidence), "{}", r.confidence);
        }
    }

    #[test]
    fn the_classifier_takes_mutated_replies(e in edits()) {
        let text = apply("You're worried that going low at night could hurt you, and you want to feel safe.", &e);
        let _ = Classifier::shipped().classify(&text, Some("I just don't see the point."));
    }
}

/// A sealed submission of the mini assignment, as a student would hand it in.
fn sealed_submission() -> Vec<u8> {
    use std::sync::OnceLock;
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES
        .get_or_init(|| {
            let d = tempfile::tempdir().unwrap();
            let o = common::alliance(
                d.path(),
                &[
                    "play",
                    "--assignment",
                    common::fixture("assignments/mini.yaml").to_str().unwrap(),
                    "--pseudonym",
                    "Blue Fox",
                    "--seed",
                    "3",
                    "--replies",
                    "2,2,2/1,1",
                ],
                "",
            );
            assert!(o.status.success());
            let dir = d.path().join("submissions");
            let f = std::fs::read_dir(dir)
                .unwrap()
                .next()
                .unwrap()
                .unwrap()
                .path();
            std::fs::read(f).unwrap()
        })
        .clone()
}
