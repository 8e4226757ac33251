//! Helpers shared by the integration tests: load a fixture vignette, play a list of replies.
#![allow(dead_code)]

pub mod ralph;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;

use alliance::analysis::interval::{self, Place};
use alliance::check::{Diagnostic, check_source};
use alliance::engine::{Mode, Session};
use alliance::library::Library;
use alliance::scoring::Rubric;
use alliance::vignette::model::Outcome;
use alliance::vignette::{Origin, Vignette};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn check_fixture(name: &str) -> (Option<Arc<Vignette>>, Vec<Diagnostic>) {
    let path = fixture(name);
    let src = std::fs::read_to_string(&path).expect("fixture exists");
    let origin = Origin {
        file: path.display().to_string(),
        shipped: false,
    };
    check_source(origin, &src, &Rubric::shipped())
}

pub fn mini() -> Arc<Vignette> {
    let (v, d) = check_fixture("mini.yaml");
    // A pinned test fixture written best-first so tests can script replies by number: the tells a trainee could
    // exploit (W007 longest-is-best, W009 pinned best) are expected here and nothing else.
    let d: Vec<_> = d
        .into_iter()
        .filter(|d| !matches!(d.code, "W007" | "W009"))
        .collect();
    assert!(d.is_empty(), "mini.yaml should be clean: {d:?}");
    v.expect("mini.yaml loads")
}

/// The ids of every shipped vignette, as the library lists them: tests that hold for all of them loop over this,
/// so a new vignette is covered the day it ships.
pub fn shipped_ids() -> Vec<String> {
    shipped().vignettes.iter().map(|v| v.id.clone()).collect()
}

pub fn shipped() -> Library {
    let (lib, report) = Library::shipped();
    assert_eq!(
        report.errors(),
        0,
        "shipped vignettes must load: {:?}",
        report.diagnostics
    );
    lib
}

/// Plays replies given by their shown (1-based) numbers, as a trainee would pick them.
pub fn play_numbers(v: Arc<Vignette>, seed: u64, numbers: &[usize]) -> Session {
    let mut s = Session::new(v, Arc::new(Rubric::shipped()), seed, Mode::Practice);
    for (turn, n) in numbers.iter().enumerate() {
        assert!(
            !s.is_over(),
            "ended before reply {} of {numbers:?}",
            turn + 1
        );
        let offered = s.offered();
        let o = offered.get(n - 1).unwrap_or_else(|| {
            panic!(
                "turn {}: reply {n} not among {} offered",
                turn + 1,
                offered.len()
            )
        });
        s.choose(o.index).expect("offered reply is accepted");
    }
    s
}

/// Plays replies given by their place in the vignette file (1-based authored order), whatever order they are
/// shown in: the golden cases name a path by what was written, so it does not move with the seeded order.
pub fn play_written(v: Arc<Vignette>, seed: u64, written: &[usize]) -> Session {
    let mut s = Session::new(v, Arc::new(Rubric::shipped()), seed, Mode::Practice);
    for (turn, n) in written.iter().enumerate() {
        assert!(
            !s.is_over(),
            "ended before reply {} of {written:?}",
            turn + 1
        );
        s.choose(n - 1)
            .unwrap_or_else(|e| panic!("turn {}: written reply {n}: {e}", turn + 1));
    }
    s
}

/// Compares `value` as pretty JSON with tests/golden/`name`; with `UPDATE_GOLDEN` set, writes it instead.
/// `test` names the test target for the message (`cargo test --test <test>`).
pub fn golden<T: serde::Serialize>(name: &str, value: &T, test: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    let actual = serde_json::to_string_pretty(value).unwrap() + "\n";
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "{} is missing: run UPDATE_GOLDEN=1 cargo test --test {test}",
            path.display()
        )
    });
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{}: differs from the golden file at line {} (UPDATE_GOLDEN=1 cargo test --test {test} accepts an intended change):\n  expected: {}\n  actual:   {}",
            path.display(),
            first + 1,
            expected.lines().nth(first).unwrap_or("<end>"),
            actual.lines().nth(first).unwrap_or("<end>")
        );
    }
}

/// Runs the `alliance` binary as a user would: the fixture vignettes (and `extra_dialogues`) loaded, its own data
/// directory, `stdin` typed in, everything it printed captured.
pub fn alliance_in(data: &Path, extra_dialogues: &[&Path], args: &[&str], stdin: &str) -> Output {
    alliance_bytes(data, extra_dialogues, args, stdin.as_bytes())
}

/// `alliance_in` with stdin given as raw bytes (which need not be UTF-8).
pub fn alliance_bytes(
    data: &Path,
    extra_dialogues: &[&Path],
    args: &[&str],
    stdin: &[u8],
) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_alliance"));
    cmd.args(["--dialogues", fixture("").to_str().unwrap()]);
    for d in extra_dialogues {
        cmd.args(["--dialogues", d.to_str().unwrap()]);
    }
    let mut child = cmd
        .args(args)
        .env("ALLIANCE_DATA_DIR", data)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    use std::io::Write;
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

/// `alliance_in` with only the fixture vignettes.
pub fn alliance(data: &Path, args: &[&str], stdin: &str) -> Output {
    alliance_in(data, &[], args, stdin)
}

/// The value (bond + goal + task + ½ empathy) the shipped rubric gives `codes` on their own: no history, no
/// phase, no rupture, no authored effects.
pub fn value_alone(codes: &[alliance::vignette::BehaviourCode]) -> f64 {
    let ctx = alliance::scoring::Context {
        earlier: &[],
        session_codes: 0,
        rupture_open: false,
        after_talk: None,
        stalled: 0,
        phase: None,
        limit_stated: false,
    };
    let scored = alliance::scoring::score(&Rubric::shipped(), codes, &Default::default(), &ctx);
    alliance::scoring::reply_value(&scored.delta)
}

/// Plays the best-scoring reply everywhere, except at each `(node, start)` of `detours`, where the reply starting
/// with `start` is given.
pub fn play_best_except(v: &Arc<Vignette>, detours: &[(&str, &str)]) -> Session {
    let mut s = Session::new(
        Arc::clone(v),
        Arc::new(Rubric::shipped()),
        1,
        Mode::Practice,
    );
    for _ in 0..60 {
        if s.is_over() {
            break;
        }
        let here = s.node_id().unwrap_or_default().to_string();
        let pick = match detours.iter().find(|(at, _)| *at == here) {
            Some((at, instead)) => {
                s.offered()
                    .iter()
                    .find(|o| o.text.starts_with(instead))
                    .unwrap_or_else(|| panic!("`{instead}` is offered at {at}"))
                    .index
            }
            None => s.best_offered().expect("a reply is offered"),
        };
        s.choose(pick).expect("an offered reply is accepted");
    }
    assert!(s.is_over(), "the path ends");
    s
}

/// Each turn's decision point and what the trainee said there, in lower case.
pub fn said(s: &Session) -> Vec<(String, String)> {
    s.transcript()
        .turns
        .iter()
        .map(|t| (t.node.clone(), t.said.to_lowercase()))
        .collect()
}

/// The index in `turns` (from [`said`]) of the turn at node `id`; fails, with the turns, when the path did not pass it.
pub fn turn_at(turns: &[(String, String)], id: &str) -> usize {
    turns
        .iter()
        .position(|(n, _)| n == id)
        .unwrap_or_else(|| panic!("the best path passes {id}: {turns:?}"))
}

/// The index of the vignette's variable `name`.
pub fn var(v: &Vignette, name: &str) -> usize {
    v.variables
        .iter()
        .position(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{} declares `{name}`", v.id))
}

/// The index of the vignette's good ending `id`, asserting that it is good and that no other ending is.
pub fn the_one_good_ending(v: &Vignette, id: &str) -> usize {
    let good = v
        .endings
        .iter()
        .position(|e| e.id == id)
        .expect("the good ending");
    assert_eq!(v.endings[good].outcome, Outcome::Good);
    assert_eq!(
        v.endings
            .iter()
            .filter(|e| e.outcome == Outcome::Good)
            .count(),
        1,
        "one good ending"
    );
    good
}

/// Walks every path (the interval walk, which must cover them all) and calls `check` on each move into ending
/// `ending`: the state it leaves, that state's variables, the node it leaves and the reply given there. At least
/// one such move must exist.
pub fn each_way_into(
    v: &Vignette,
    ending: usize,
    mut check: impl FnMut(usize, &[i64], usize, usize),
) {
    let iw = interval::walk(v, &Rubric::shipped(), 2_000_000);
    assert!(iw.complete, "the interval walk covers every path");
    let mut ways_in = 0;
    for (from, edges) in iw.edges.iter().enumerate() {
        let Place::Node(at) = iw.states[from].skeleton.at else {
            continue;
        };
        for e in edges {
            for &to in &e.to {
                if iw.states[to].skeleton.at == Place::Ending(ending) {
                    ways_in += 1;
                    check(from, iw.states[from].skeleton.vars(), at, e.reply);
                }
            }
        }
    }
    assert!(ways_in > 0, "the good ending is reachable");
}
