//! Every authoring error points at the offending value, not at the node's `id:` or the top of the file: one
//! malformed fixture per code that can point at a place, and the line:column it reports is where that value is
//! written. Codes about a whole node, path or file (A004, A005, A010, A013-A015, A019) point at the node or the
//! file, as docs/authoring.md explains.

mod common;

use common::{check_fixture, fixture};

/// (fixture under tests/fixtures/bad, code, the text written at the position the error reports).
const CASES: &[(&str, &str, &str)] = &[
    ("a002_unknown_field.yaml", "A002", "feedbak"),
    ("a003_unknown_reaction.yaml", "A003", "judgeing"),
    ("a003_wrong_type.yaml", "A003", "fifty"),
    ("a011_duplicate_node.yaml", "A011", "second"),
    ("a012_dangling_next.yaml", "A012", "strainde"),
    // The reply that lacks feedback: its text (there is no value to point at).
    (
        "a016_no_feedback.yaml",
        "A016",
        "\"How long have you had diabetes?\"",
    ),
    ("a017_unknown_code.yaml", "A017", "complex_reflecton"),
    ("a018_effect_range.yaml", "A018", "-45"),
    ("a021_undeclared_var.yaml", "A021", "reflected"),
    ("a022_cue_reply.yaml", "A022", "[9]"),
    // Whole-node findings point at the node's id, which is the offending thing.
    ("a013_unreachable.yaml", "A013", "strained"),
    ("a014_dead_end.yaml", "A014", "strained"),
    ("a015_self_loop.yaml", "A015", "strained"),
];

#[test]
fn each_diagnostic_points_at_the_value_it_is_about() {
    let mut wrong = Vec::new();
    for (file, code, needle) in CASES {
        let name = format!("bad/{file}");
        let (_, found) = check_fixture(&name);
        let src = std::fs::read_to_string(fixture(&name)).unwrap();
        let Some(d) = found.iter().find(|d| d.code == *code) else {
            wrong.push(format!("{file}: no {code} in {found:?}"));
            continue;
        };
        let line = src.lines().nth(d.line as usize - 1).unwrap_or("");
        let at: String = line.chars().skip(d.column as usize - 1).collect();
        if !at.starts_with(needle) {
            wrong.push(format!(
                "{file}: {code} at {}:{} reads `{at}`, not `{needle}`",
                d.line, d.column
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_start_value_out_of_range_points_at_the_number_not_the_id() {
    // The case in issue 16: `start.bond: 130` was reported at the vignette's `id:` line.
    let mini = std::fs::read_to_string(fixture("mini.yaml")).unwrap();
    let src = mini.replace("start: { bond: 40,", "start: { bond: 130,");
    let origin = alliance::vignette::Origin {
        file: "edited.yaml".into(),
        shipped: false,
    };
    let (_, found) =
        alliance::check::check_source(origin, &src, &alliance::scoring::Rubric::shipped());
    let d = found.iter().find(|d| d.code == "A018").expect("A018");
    let line = src.lines().nth(d.line as usize - 1).unwrap();
    assert!(
        line.chars()
            .skip(d.column as usize - 1)
            .collect::<String>()
            .starts_with("130"),
        "{}:{} {line}",
        d.line,
        d.column
    );
}
