//! The committed JSON Schema matches the loader's types, and the shipped rubric is complete and consistent.

use alliance::scoring::Rubric;
use alliance::vignette::BehaviourCode;

#[test]
fn committed_schema_is_up_to_date() {
    let committed = include_str!("../schema/vignette.schema.json");
    assert_eq!(
        committed.trim(),
        alliance::vignette::schema_json().trim(),
        "run `cargo run -- schema > schema/vignette.schema.json`"
    );
}

#[test]
fn schema_lists_every_behaviour_code_for_editors() {
    let schema = alliance::vignette::schema_json();
    for c in BehaviourCode::ALL {
        assert!(
            schema.contains(&format!("\"{c}\"")),
            "{c} missing from the schema"
        );
    }
}

#[test]
fn shipped_rubric_gives_every_code_an_effect_and_every_rule_a_reason() {
    let r = Rubric::shipped();
    assert_eq!(r.codes.len(), BehaviourCode::ALL.len());
    for rule in &r.rules {
        assert!(rule.explain.len() > 20, "rule {} explains itself", rule.id);
        // Each cites its source: a seed, the MITI manual, the 3RS rupture model, or NICE clinical guidance.
        assert!(
            ["seed", "MITI", "3RS", "NICE"]
                .iter()
                .any(|s| rule.explain.contains(s)),
            "rule {} cites its source",
            rule.id
        );
    }
    assert!(r.rule("repair-after-rupture").is_some_and(|x| x.repairs));
    assert!((0.0..=1.0).contains(&r.open_rupture_gain));
}

#[test]
fn non_adherent_codes_strain_and_reflections_build_the_bond() {
    let r = Rubric::shipped();
    use BehaviourCode::*;
    for c in [
        Persuade,
        Confront,
        Judging,
        PrematureReassurance,
        IgnoringCue,
    ] {
        assert!(r.codes[&c].bond < 0.0, "{c} strains the bond");
    }
    for c in [SimpleReflection, ComplexReflection, Affirm, Summarise] {
        assert!(r.codes[&c].bond > 0.0, "{c} builds the bond");
    }
    assert!(r.codes[&ComplexReflection].empathy > r.codes[&SimpleReflection].empathy);
}

#[test]
fn a_rubric_missing_a_code_is_refused_with_a_hint() {
    let cut = alliance::scoring::rubric::SHIPPED.replace(
        "  judging:                  { bond: -6, goal: -2, task: -2, empathy: -6 }\n",
        "",
    );
    let err = Rubric::parse("r.yaml", &cut).unwrap_err();
    assert!(err.message.contains("judging"), "{err}");
}

#[test]
fn a_gain_fraction_outside_0_to_1_is_refused() {
    let bad = alliance::scoring::rubric::SHIPPED.replace("further_gains: 0.8", "further_gains: 8");
    let err = Rubric::parse("r.yaml", &bad).unwrap_err();
    assert!(
        err.message.contains("further_gains") && err.code == "A018",
        "{err}"
    );
    let bad = alliance::scoring::rubric::SHIPPED.replace("code_gains: 0.25", "code_gains: -1");
    let err = Rubric::parse("r.yaml", &bad).unwrap_err();
    assert!(err.message.contains("vice-not-cancelled"), "{err}");
}
