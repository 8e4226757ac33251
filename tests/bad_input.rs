//! Every kind of bad vignette gets a located error with a stable code and a hint, never a panic or a hang,
//! and one bad file never stops the good ones from loading.

mod common;

use alliance::check::Diagnostic;
use alliance::library::{self, Library};
use alliance::scoring::Rubric;
use common::{check_fixture, fixture};

fn first_error(name: &str) -> Diagnostic {
    let (v, d) = check_fixture(&format!("bad/{name}"));
    assert!(v.is_none(), "{name} must not load");
    d.into_iter()
        .find(Diagnostic::is_error)
        .unwrap_or_else(|| panic!("{name}: no error"))
}

#[track_caller]
fn expect(name: &str, code: &str, line: u64, column: u64, words: &str) {
    let d = first_error(name);
    assert_eq!(
        (d.code, d.line, d.column),
        (code, line, column),
        "{name}: {d}"
    );
    assert!(
        d.message.contains(words),
        "{name}: message `{}` lacks `{words}`",
        d.message
    );
    assert!(!d.hint.is_empty(), "{name}: no hint");
    assert!(d.snippet.contains('^'), "{name}: no snippet");
    assert!(d.file.ends_with(name), "{name}: file is {}", d.file);
}

#[test]
fn syntax_error_is_a001_at_the_bad_line() {
    expect("a001_syntax.yaml", "A001", 10, 24, "trailing content");
}

#[test]
fn misspelt_field_is_a002_and_lists_the_valid_ones() {
    expect("a002_unknown_field.yaml", "A002", 38, 9, "feedbak");
    assert!(
        first_error("a002_unknown_field.yaml")
            .message
            .contains("feedback")
    );
}

#[test]
fn wrong_type_is_a003() {
    expect("a003_wrong_type.yaml", "A003", 16, 8, "u32");
}

#[test]
fn alias_bomb_is_refused_as_a004() {
    expect("a004_alias_bomb.yaml", "A004", 1, 1, "Aliases");
}

#[test]
fn deep_nesting_is_refused_as_a004() {
    expect("a004_deep_nesting.yaml", "A004", 1, 260, "recursion limit");
}

#[test]
fn oversized_file_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.yaml");
    let line = "# padding padding padding padding padding padding padding padding padding\n";
    std::fs::write(&big, line.repeat(9 * 1024 * 1024 / line.len() + 1)).unwrap();
    let report = library::check_paths(&[big], &Rubric::shipped());
    let d = &report.diagnostics[0];
    assert_eq!(d.code, "A004");
    assert!(d.message.contains("larger than"), "{d}");
}

#[test]
fn duplicate_node_id_is_a011() {
    expect(
        "a011_duplicate_node.yaml",
        "A011",
        63,
        9,
        "`second` is used as an id twice",
    );
}

#[test]
fn dangling_next_is_a012_with_a_suggestion() {
    expect("a012_dangling_next.yaml", "A012", 39, 15, "strainde");
    assert!(
        first_error("a012_dangling_next.yaml")
            .hint
            .contains("`strained`")
    );
}

#[test]
fn unreachable_node_is_a013() {
    expect(
        "a013_unreachable.yaml",
        "A013",
        44,
        9,
        "`strained` cannot be reached",
    );
}

#[test]
fn self_loop_with_no_exit_is_a015() {
    expect(
        "a015_self_loop.yaml",
        "A015",
        44,
        9,
        "loop with no way out: strained → strained",
    );
}

#[test]
fn loop_between_nodes_with_no_exit_is_a015() {
    let (_, d) = check_fixture("bad/a015_loop.yaml");
    let l = d.iter().find(|d| d.code == "A015").expect("A015 reported");
    assert_eq!(l.message, "loop with no way out: first → second → first");
    assert_eq!((l.line, l.column), (24, 9));
}

#[test]
fn node_that_only_leads_into_a_dead_loop_is_a014() {
    expect(
        "a014_dead_end.yaml",
        "A014",
        44,
        9,
        "no ending can be reached from node `strained`",
    );
    let (_, d) = check_fixture("bad/a014_dead_end.yaml");
    assert!(
        d.iter()
            .any(|d| d.code == "A015" && d.message.contains("limbo"))
    );
}

#[test]
fn reply_without_feedback_is_a016() {
    expect(
        "a016_no_feedback.yaml",
        "A016",
        40,
        15,
        "How long have you had diabetes?",
    );
}

#[test]
fn unknown_behaviour_code_is_a017_with_a_suggestion() {
    expect(
        "a017_unknown_code.yaml",
        "A017",
        33,
        17,
        "complex_reflecton",
    );
    assert!(
        first_error("a017_unknown_code.yaml")
            .hint
            .contains("complex_reflection")
    );
}

#[test]
fn effect_out_of_range_is_a018() {
    expect("a018_effect_range.yaml", "A018", 80, 26, "-45");
}

#[test]
fn best_path_missing_the_good_ending_is_a019() {
    expect("a019_best_path.yaml", "A019", 24, 9, "not a good ending");
}

#[test]
fn undeclared_variable_is_a021() {
    expect("a021_undeclared_var.yaml", "A021", 36, 16, "reflected");
}

#[test]
fn duplicate_vignette_ids_across_files_are_a010() {
    let report = library::check_paths(&[fixture("dup")], &Rubric::shipped());
    let d: Vec<_> = report.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].code, "A010");
    assert!(d[0].file.ends_with("two.yaml") && d[0].message.contains("one.yaml"));
}

#[test]
fn every_problem_in_every_file_is_reported_at_once() {
    let report = library::check_paths(&[fixture("bad")], &Rubric::shipped());
    let files_with_errors: std::collections::BTreeSet<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.file.as_str())
        .collect();
    let fixtures = std::fs::read_dir(fixture("bad")).unwrap().count();
    assert_eq!(
        files_with_errors.len(),
        fixtures,
        "every bad fixture reports an error"
    );
    // One file with two independent mistakes reports both.
    let (_, d) = check_fixture("bad/a011_duplicate_node.yaml");
    assert!(d.iter().any(|d| d.code == "A011") && d.iter().any(|d| d.code == "A012"));
}

#[test]
fn a_bad_file_never_stops_the_good_ones_from_loading() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("mini.yaml"), dir.path().join("good.yaml")).unwrap();
    for bad in [
        "a001_syntax.yaml",
        "a004_alias_bomb.yaml",
        "a012_dangling_next.yaml",
    ] {
        std::fs::copy(fixture(&format!("bad/{bad}")), dir.path().join(bad)).unwrap();
    }
    std::fs::write(dir.path().join("binary.yaml"), [0xff, 0xfe, 0x00, 0x80]).unwrap();
    let (lib, report) = Library::load(&[dir.path().to_path_buf()], Rubric::shipped());
    assert!(lib.get("mini-review").is_some(), "the good file loaded");
    assert_eq!(report.errors(), 4, "{:?}", report.diagnostics);
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.code == "A001" && d.message.contains("UTF-8"))
    );
}

#[test]
fn replacing_a_shipped_vignette_warns() {
    let lib = common::shipped();
    let first = lib
        .vignettes
        .first()
        .expect("the shipped library has vignettes (build.rs embeds dialogues/)");
    let dir = tempfile::tempdir().unwrap();
    let src = std::fs::read_to_string(fixture("mini.yaml"))
        .unwrap()
        .replace("id: mini-review", &format!("id: {}", first.id));
    std::fs::write(dir.path().join("mine.yaml"), src).unwrap();
    let (lib, report) = Library::load(&[dir.path().to_path_buf()], Rubric::shipped());
    assert!(report.diagnostics.iter().any(|d| d.code == "W001"));
    assert_eq!(lib.get(&first.id).unwrap().title, "A short review");
}

#[test]
fn unknown_reaction_key_is_a003_with_a_suggestion() {
    expect("a003_unknown_reaction.yaml", "A003", 92, 3, "judgeing");
    assert!(
        first_error("a003_unknown_reaction.yaml")
            .message
            .contains("did you mean `judging`")
    );
}

/// A number out of range is pointed at where it is written, not at the node or the vignette's id (issue 16):
/// the start values, a reply's effects and a condition's threshold.
#[test]
fn an_out_of_range_number_is_pointed_at_where_it_is_written() {
    let mini = std::fs::read_to_string(fixture("mini.yaml")).unwrap();
    for (from, to, needle) in [
        ("start: { bond: 40,", "start: { bond: 130,", "130"),
        ("alliance_at_least: 45", "alliance_at_least: 145", "145"),
        ("alliance_below: 35", "alliance_below: -5", "-5"),
    ] {
        assert!(mini.contains(from), "{from}");
        let src = mini.replace(from, to);
        let origin = alliance::vignette::Origin {
            file: "edited.yaml".into(),
            shipped: false,
        };
        let (_, found) = alliance::check::check_source(origin, &src, &Rubric::shipped());
        let d = found
            .iter()
            .find(|d| d.code == "A018")
            .unwrap_or_else(|| panic!("{to}: {found:?}"));
        let line = src.lines().nth(d.line as usize - 1).unwrap();
        let at: String = line
            .chars()
            .skip(d.column as usize - 1)
            .take(needle.len())
            .collect();
        assert_eq!(
            at, needle,
            "{to}: points at line {} column {}: {line}",
            d.line, d.column
        );
    }
}

#[test]
fn a_cue_attended_by_a_reply_the_node_lacks_is_a022() {
    expect(
        "a022_cue_reply.yaml",
        "A022",
        25,
        43,
        "attended_by names reply 9",
    );
}

#[test]
fn a_fact_topic_neither_built_in_nor_given_words_is_a023() {
    expect(
        "a023_fact_topic.yaml",
        "A023",
        25,
        14,
        "`holidays` is not a built-in topic and has no `asked_by` words",
    );
}

#[test]
fn a_guarded_level_without_its_line_is_a024() {
    expect(
        "a024_fact_guarded.yaml",
        "A024",
        25,
        14,
        "guarded_below and guarded go together",
    );
}
