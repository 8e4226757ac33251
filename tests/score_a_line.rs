//! `analysis::score::score_line`, behind `alliance score`: an author types a line where the patient stands and
//! sees how it is read and scored, exactly as play would score it, without playing the whole vignette.

mod common;

use std::sync::Arc;

use alliance::analysis::score::{score_line, value};
use alliance::classify::Classifier;
use alliance::scoring::Rubric;
use alliance::vignette::BehaviourCode;

fn at(
    id: &str,
    node: &str,
    after: Option<&[usize]>,
    text: &str,
) -> alliance::analysis::score::LineScore {
    let v = common::shipped().get(id).expect("shipped");
    score_line(
        &v,
        &Arc::new(Rubric::shipped()),
        Classifier::shipped(),
        node,
        after,
        text,
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_line_is_read_and_scored_where_the_patient_stands() {
    let s = at(
        "fear-of-hypoglycaemia",
        "disclosure",
        None,
        "It sounds as if going low frightens you more than anything, because people depend on you.",
    );
    assert_eq!(s.node, "disclosure");
    assert!(!s.after.is_empty(), "a way there was found: {:?}", s.after);
    assert!(!s.patient.is_empty());
    let reading = s.turn.typed.as_ref().expect("a typed reading");
    assert!(
        reading.codes.iter().any(|c| matches!(
            c.code,
            BehaviourCode::ComplexReflection | BehaviourCode::SimpleReflection
        )),
        "read as a reflection: {:?}",
        reading.codes
    );
    assert!(
        value(&s) > 0.0,
        "a reflection of her fear builds the alliance"
    );
    assert!(!s.written.is_empty());
    assert!(
        s.written.windows(2).all(|w| w[0].value >= w[1].value),
        "written replies best first"
    );
}

#[test]
fn a_reflection_scores_above_a_judgement_at_the_same_point() {
    let reflect = at(
        "diabetes-ambivalence",
        "opening",
        None,
        "You're tired of being told what to do about your diabetes.",
    );
    let judge = at(
        "diabetes-ambivalence",
        "opening",
        None,
        "Well, that's a pretty negative attitude to bring to your review.",
    );
    assert!(
        value(&reflect) > value(&judge),
        "reflection {} vs judgement {}",
        value(&reflect),
        value(&judge)
    );
}

#[test]
fn an_unknown_node_or_a_path_that_goes_elsewhere_is_a_clear_error() {
    let v = common::shipped().get("reluctant-patient").expect("shipped");
    let rubric = Arc::new(Rubric::shipped());
    let c = Classifier::shipped();
    let e = score_line(&v, &rubric, c, "nowhere", None, "Hello").unwrap_err();
    assert!(
        e.contains("no decision point `nowhere`") && e.contains("opening"),
        "{e}"
    );
    let second = v
        .nodes
        .iter()
        .find(|n| n.id != v.nodes[v.start].id)
        .unwrap();
    let e = score_line(&v, &rubric, c, &second.id, Some(&[]), "Hello").unwrap_err();
    assert!(e.contains("is at"), "{e}");
    let e = score_line(&v, &rubric, c, &second.id, Some(&[99]), "Hello").unwrap_err();
    assert!(e.contains("--after"), "{e}");
}
