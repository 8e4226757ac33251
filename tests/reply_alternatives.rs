//! A written reply may carry other phrasings (`also:`): a typed reply in those words follows that reply's branch,
//! where without them it shares too few words to match.

use std::sync::Arc;

use alliance::check::check_source;
use alliance::classify::Classifier;
use alliance::engine::{Mode, Session};
use alliance::scoring::Rubric;
use alliance::vignette::Origin;

const TYPED: &str = "Sounds as if you're quite critical of your own efforts with the diabetes.";

fn first_node_match(also: Option<&str>) -> Option<usize> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini.yaml");
    let mut src = std::fs::read_to_string(path).unwrap();
    let reply = "      - text: \"It sounds like you've been hard on yourself about this.\"\n";
    assert!(src.contains(reply));
    if let Some(a) = also {
        src = src.replace(reply, &format!("{reply}        also: [\"{a}\"]\n"));
    }
    let origin = Origin {
        file: "edited.yaml".into(),
        shipped: false,
    };
    let (v, d) = check_source(origin, &src, &Rubric::shipped());
    let v = v.unwrap_or_else(|| panic!("{d:?}"));
    let s = Session::new(v, Arc::new(Rubric::shipped()), 1, Mode::Practice);
    s.read(TYPED, Classifier::shipped())
        .expect("at a decision")
        .matched
}

#[test]
fn an_alternative_phrasing_lets_a_paraphrase_match_its_reply() {
    assert_eq!(
        first_node_match(None),
        None,
        "without also: the paraphrase shares too few words"
    );
    assert_eq!(
        first_node_match(Some("You sound quite critical of your own efforts.")),
        Some(0),
        "with also: it follows the reply"
    );
}

#[test]
fn an_alternative_that_reads_as_something_else_is_warned_of() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini.yaml");
    let src = std::fs::read_to_string(path).unwrap();
    let reply = "      - text: \"It sounds like you've been hard on yourself about this.\"\n";
    let src = src.replace(
        reply,
        &format!("{reply}        also: [\"You need to stick to the diet.\"]\n"),
    );
    let origin = Origin {
        file: "edited.yaml".into(),
        shipped: false,
    };
    let (_, d) = check_source(origin, &src, &Rubric::shipped());
    let w = d
        .iter()
        .find(|d| d.code == "W010")
        .unwrap_or_else(|| panic!("{d:?}"));
    assert!(w.message.contains("persuade"), "{}", w.message);
    assert!(!w.hint.is_empty());
}
