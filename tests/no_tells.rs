//! `alliance check` warns when a vignette lets a trainee find the best reply without reading it: the best is the
//! longest at most decisions (W007), weak replies share an opener or stock phrase (W008), or the best reply's
//! place is pinned at most decisions (W009). A vignette written without them gets none.

mod common;

use alliance::check::Diagnostic;
use common::check_fixture;

fn warnings(name: &str) -> Vec<Diagnostic> {
    let (v, d) = check_fixture(name);
    assert!(v.is_some(), "{name} must load: {d:?}");
    d
}

fn one(found: &[Diagnostic], code: &str) -> Diagnostic {
    let hits: Vec<_> = found.iter().filter(|d| d.code == code).collect();
    assert_eq!(hits.len(), 1, "one {code} expected: {found:?}");
    let d = hits[0].clone();
    assert!(!d.is_error(), "{code} is a warning");
    assert!(
        !d.hint.is_empty() && d.snippet.contains('^'),
        "{code} has a hint and a snippet"
    );
    d
}

#[test]
fn the_best_reply_being_the_longest_at_most_decisions_is_w007() {
    let d = one(&warnings("tells/giveaway.yaml"), "W007");
    assert!(
        d.message.contains("2 of 3 decision points"),
        "{}",
        d.message
    );
    assert!(d.message.contains("strained, second"), "{}", d.message);
}

#[test]
fn an_opener_shared_by_three_weak_replies_is_w008_at_the_first_of_them() {
    let d = one(&warnings("tells/giveaway.yaml"), "W008");
    assert!(
        d.message
            .contains("\"i understand but …\" recurs in 3 weak replies"),
        "{}",
        d.message
    );
    let src = std::fs::read_to_string(common::fixture("tells/giveaway.yaml")).unwrap();
    let line = src.lines().nth(d.line as usize - 1).unwrap();
    assert!(
        line.contains("I understand, but you need to stick"),
        "points at {line}"
    );
}

#[test]
fn a_best_reply_pinned_in_one_place_at_most_decisions_is_w009() {
    let d = one(&warnings("tells/giveaway.yaml"), "W009");
    assert!(
        d.message.contains("pinned as reply 1 at 3 of 3"),
        "{}",
        d.message
    );
}

#[test]
fn a_vignette_without_tells_gets_no_warning() {
    let found = warnings("tells/varied.yaml");
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_stock_phrase_said_by_strong_replies_too_is_no_tell() {
    // "Tell me more" opening three strong replies and three weak ones marks nothing: the words alone don't say
    // which is better.
    let src = std::fs::read_to_string(common::fixture("tells/giveaway.yaml"))
        .unwrap()
        .replace("\"I understand, but ", "\"Tell me more, then. ")
        .replace("\"It sounds like", "\"Tell me more, then. It sounds like")
        .replace("\"I came in with", "\"Tell me more, then. I came in with")
        .replace("\"Feeling normal", "\"Tell me more, then. Feeling normal");
    let origin = alliance::vignette::Origin {
        file: "shared.yaml".into(),
        shipped: false,
    };
    let (_, found) =
        alliance::check::check_source(origin, &src, &alliance::scoring::Rubric::shipped());
    assert!(found.iter().all(|d| d.code != "W008"), "{found:?}");
}
