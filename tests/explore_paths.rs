//! `alliance explore` and the reachability check as an educator relies on them: path counts worked out by
//! hand, the best and worst WAI-SR and shortest paths equal to trying every path, dominated and unreachable
//! content in a fixture built to have it, the interval walk never missing what real play reaches.

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;

use alliance::analysis::explore::{Exploration, Reach, explore, explore_with};
use alliance::analysis::findings::Method;
use alliance::analysis::interval::{self, Place};
use alliance::analysis::walk::{Bound, Limits, walk};
use alliance::check::load_source;
use alliance::engine::{Mode, Session};
use alliance::library::Library;
use alliance::report::WaiSr;
use alliance::scoring::Rubric;
use alliance::vignette::{Origin, Target, Vignette};

use common::{check_fixture, mini, play_numbers};

fn fixture(name: &str) -> Arc<Vignette> {
    let (v, d) = check_fixture(name);
    v.unwrap_or_else(|| panic!("{name} loads: {d:#?}"))
}

fn rubric() -> Rubric {
    Rubric::shipped()
}

/// Every path, by brute force: (shown numbers, ending id, WAI-SR total). Paths longer than `depth` are cut.
fn every_path(v: &Arc<Vignette>, depth: usize) -> Vec<(Vec<usize>, String, u8)> {
    let mut out = Vec::new();
    let mut todo: Vec<Vec<usize>> = vec![Vec::new()];
    while let Some(prefix) = todo.pop() {
        let s = play_numbers(Arc::clone(v), 0, &prefix);
        if s.is_over() {
            let t = s.transcript();
            let total = WaiSr::of(t, s.rubric()).total;
            out.push((prefix, t.ending.as_ref().unwrap().id.clone(), total));
        } else if prefix.len() < depth {
            for k in 1..=s.offered().len() {
                let mut next = prefix.clone();
                next.push(k);
                todo.push(next);
            }
        }
    }
    out
}

/// The explorer's figures must equal what trying every path gives.
fn agrees_with_brute_force(v: &Arc<Vignette>, x: &Exploration) {
    let all = every_path(v, 12);
    assert_eq!(x.paths.exact, Some(all.len() as u128), "path count");
    let best = all.iter().map(|p| p.2).max().unwrap();
    let worst = all.iter().map(|p| p.2).min().unwrap();
    let b = x.best.route.as_ref().expect("a best path");
    let w = x.worst.route.as_ref().expect("a worst path");
    assert!(x.best.proven && x.worst.proven);
    assert_eq!(b.wai_sr.total, best, "best WAI-SR total");
    assert_eq!(w.wai_sr.total, worst, "worst WAI-SR total");
    // The routes are real: replaying their numbers ends where they say, with that WAI-SR.
    for r in [b, w] {
        let s = play_numbers(Arc::clone(v), 0, &r.replies);
        assert!(s.is_over());
        assert_eq!(s.transcript().ending.as_ref().unwrap().id, r.ending);
        let total = WaiSr::of(s.transcript(), s.rubric()).total;
        assert_eq!(total, r.wai_sr.total);
    }
    let mut shortest: BTreeMap<&str, usize> = BTreeMap::new();
    for (path, ending, _) in &all {
        let e = shortest.entry(ending.as_str()).or_insert(usize::MAX);
        *e = (*e).min(path.len());
    }
    for e in &x.endings {
        match shortest.get(e.id.as_str()) {
            Some(&n) => {
                assert_eq!(e.reach, Reach::Yes, "{} is reachable", e.id);
                let r = e.shortest.as_ref().unwrap();
                assert_eq!(r.replies.len(), n, "shortest path to {}", e.id);
                let s = play_numbers(Arc::clone(v), 0, &r.replies);
                assert_eq!(s.transcript().ending.as_ref().unwrap().id, e.id);
            }
            None => {
                assert_eq!(e.reach, Reach::No, "{} is unreachable", e.id);
                assert!(x.findings.unreached.endings.contains(&e.id));
            }
        }
    }
}

#[test]
fn the_mini_vignette_has_fifteen_paths_as_counted_by_hand() {
    // first: replies 1 and 3 go to `second`, reply 2 to `strained` (3 replies, all to `second`); `second` has
    // 3 replies, each ending the consultation: (2 + 3) × 3 = 15.
    let x = explore(&mini(), &rubric());
    assert!(x.exact_walk.complete);
    assert_eq!(x.paths.exact, Some(15));
    assert!(!x.paths.unbounded);
}

#[test]
fn the_mini_vignettes_best_path_reflects_twice_and_reaches_the_agreed_plan() {
    let x = explore(&mini(), &rubric());
    let best = x.best.route.as_ref().unwrap();
    assert_eq!(best.ending, "good");
    assert_eq!(best.replies, vec![1, 1]);
    assert_eq!(best.nodes, vec!["first", "second"]);
    let worst = x.worst.route.as_ref().unwrap();
    assert_eq!(worst.ending, "poor");
    // Advice, then moving on past the strain it caused, then advice again: passing over the strain costs the
    // WAI-SR item "we agree on what is important" a point (rubric `wai_sr`), so it is worse than pressing on.
    assert_eq!(worst.replies, vec![2, 3, 2]);
}

#[test]
fn figures_equal_trying_every_path() {
    for v in [mini(), fixture("explore/gated.yaml")] {
        let x = explore(&v, &rubric());
        agrees_with_brute_force(&v, &x);
    }
}

#[test]
fn the_gated_fixture_shows_every_kind_of_finding() {
    let v = fixture("explore/gated.yaml");
    let x = explore(&v, &rubric());
    assert_eq!(x.paths.exact, Some(10), "(1 + 1 + 3) × 2 paths");
    let f = &x.findings;
    assert_eq!(f.method, Method::Exact);
    let dominated: Vec<(&str, usize, Vec<usize>)> = f
        .dominated
        .iter()
        .map(|d| (d.node.as_str(), d.reply, d.by.clone()))
        .collect();
    assert!(dominated.contains(&("open", 2, vec![1])), "{dominated:?}");
    assert!(dominated.contains(&("bitter", 1, vec![3])), "{dominated:?}");
    // middle's replies 1 and 2 lead to different endings: neither dominates the other.
    assert!(!dominated.iter().any(|d| d.0 == "middle"), "{dominated:?}");
    let u = &f.unreached;
    assert_eq!(u.nodes, vec!["secret"]);
    assert_eq!(u.endings, vec!["hidden_ending"]);
    assert_eq!(u.variants.len(), 1);
    assert_eq!(
        (u.variants[0].node.as_str(), u.variants[0].variant),
        ("open", 1)
    );
    let never: Vec<(&str, usize)> = u
        .replies_never_offered
        .iter()
        .map(|r| (r.node.as_str(), r.reply))
        .collect();
    assert_eq!(never, vec![("middle", 3)]);
    assert_eq!(u.replies_when_never_holds.len(), 1);
    let strain: Vec<&str> = f.strain_points.iter().map(|p| p.node.as_str()).collect();
    assert_eq!(strain, vec!["bitter"]);
    assert!(f.strain_points[0].best_value < 0.0);
}

#[test]
fn the_interval_walk_finds_what_the_exact_walk_finds_on_the_fixtures() {
    for name in ["mini.yaml", "explore/gated.yaml", "explore/loop.yaml"] {
        let v = fixture(name);
        let exact = explore(&v, &rubric()).findings;
        // One state is too few for the exact walk, so the findings come from the interval walk.
        let tiny = Limits {
            max_states: 1,
            max_depth: 50,
        };
        let approx = explore_with(&v, &rubric(), tiny).findings;
        assert_eq!(approx.method, Method::Intervals, "{name}");
        assert_eq!(approx.unreached, exact.unreached, "{name}");
        let nodes = |f: &alliance::analysis::findings::Findings| -> Vec<(String, usize)> {
            f.dominated
                .iter()
                .map(|d| (d.node.clone(), d.reply))
                .collect()
        };
        assert_eq!(nodes(&approx), nodes(&exact), "{name}");
        let strain = |f: &alliance::analysis::findings::Findings| -> Vec<String> {
            f.strain_points.iter().map(|p| p.node.clone()).collect()
        };
        assert_eq!(strain(&approx), strain(&exact), "{name}");
    }
}

#[test]
fn a_loop_back_to_the_same_state_makes_the_path_count_unbounded() {
    let v = fixture("explore/loop.yaml");
    let x = explore(&v, &rubric());
    assert!(x.paths.unbounded);
    assert_eq!(x.paths.exact, None);
    let iw = interval::walk(&v, &rubric(), 10_000);
    assert_eq!(iw.path_bound(), None, "the interval walk sees the loop too");
    // The loop does not stop the searches: the best path still ends after one reflection.
    assert_eq!(x.best.route.as_ref().unwrap().replies, vec![2]);
}

#[test]
fn limits_are_reported_and_make_the_figures_bounds() {
    let v = mini();
    let x = explore_with(
        &v,
        &rubric(),
        Limits {
            max_states: 4,
            max_depth: 50,
        },
    );
    assert!(!x.exact_walk.complete);
    assert_eq!(x.exact_walk.bound, Some(Bound::States));
    assert!(x.exact_walk.cut_moves > 0);
    assert_eq!(x.paths.exact, None);
    assert!(x.paths.at_least <= 15);
    assert!(x.paths.at_most.is_some_and(|m| m >= 15), "{:?}", x.paths);

    let looped = fixture("explore/loop.yaml");
    let w = walk(
        &looped,
        &Arc::new(rubric()),
        Limits {
            max_states: 1_000,
            max_depth: 0,
        },
    );
    assert_eq!(w.cut, Some(Bound::Depth));
}

#[test]
fn the_interval_walk_covers_every_state_real_play_reaches_in_the_shipped_vignettes() {
    // Follow real sessions (a bounded exact walk, and the tracker the searches use) and check that the interval
    // walk has a state for each, at the same place, with the real alliance inside its ranges.
    let rubric = rubric();
    for v in common::shipped().vignettes {
        let iw = interval::walk(&v, &rubric, 1_000_000);
        assert!(iw.complete, "{}", v.id);
        let mut todo = vec![(
            Session::new(Arc::clone(&v), Arc::new(rubric.clone()), 0, Mode::Practice),
            iw.start_state(&v, &rubric).expect("the start has a state"),
        )];
        let mut seen = 0;
        while let Some((s, at)) = todo.pop() {
            seen += 1;
            if seen > 3_000 {
                break;
            }
            let st = &iw.states[at];
            let place = match s.at() {
                Target::Node(n) => Place::Node(n),
                Target::Ending(e) => Place::Ending(e),
            };
            assert_eq!(st.skeleton.at, place, "{}", v.id);
            let (a, lo, hi) = (s.state(), st.range.lo, st.range.hi);
            for (x, l, h) in [
                (a.bond, lo.bond, hi.bond),
                (a.goal, lo.goal, hi.goal),
                (a.task, lo.task, hi.task),
                (a.empathy, lo.empathy, hi.empathy),
            ] {
                assert!(
                    l - 1e-9 <= x && x <= h + 1e-9,
                    "{}: {x} outside {l}..{h}",
                    v.id
                );
            }
            if let Target::Node(n) = s.at() {
                assert!(iw.nodes_reached[n]);
                if let Some(i) = s.shown_variant() {
                    assert!(iw.variants_shown[n][i], "{}: variant shown", v.id);
                }
                for o in s.offered() {
                    assert!(iw.may_offer[n][o.index], "{}: offer", v.id);
                    let mut next = s.fork();
                    next.choose(o.index).unwrap();
                    let next_at = iw
                        .follow(&v, &rubric, at, &s.state(), o.index, next.rupture_depth())
                        .unwrap_or_else(|| panic!("{}: the interval walk follows", v.id));
                    todo.push((next, next_at));
                }
            }
        }
        assert!(seen > 100, "{}: enough states followed", v.id);
    }
}

#[test]
fn the_reachability_check_reports_w004_w005_w006_where_they_are() {
    let (_, d) = check_fixture("explore/gated.yaml");
    // The fixture is pinned for scripted tests, so it also shows the pinned-order tell (W009, tests/no_tells.rs).
    let reachability = |code: &str| matches!(code, "W004" | "W005" | "W006");
    let mut found: Vec<(&str, u64)> = d
        .iter()
        .filter(|d| reachability(d.code))
        .map(|d| (d.code, d.line))
        .collect();
    found.sort();
    let src = std::fs::read_to_string(common::fixture("explore/gated.yaml")).unwrap();
    let line_of = |needle: &str| -> u64 {
        src.lines()
            .position(|l| l.contains(needle))
            .map(|i| i as u64 + 1)
            .unwrap()
    };
    let mut want = vec![
        ("W004", line_of("- id: secret")),
        ("W004", line_of("- id: hidden_ending")),
        ("W005", line_of("- id: bitter")),
        ("W006", line_of("You've done really well")),
    ];
    want.sort();
    assert_eq!(found, want, "{d:#?}");
    assert!(d.iter().all(|d| !d.is_error()));
    let (_, clean) = check_fixture("mini.yaml");
    assert!(!clean.iter().any(|d| reachability(d.code)), "{clean:#?}");
}

/// Loading runs only the cheap checks for the shipped vignettes; a user's own folder, as the desktop library
/// lists it, still gets the whole-graph warnings, and the cheap checks alone find none of them.
#[test]
fn a_users_folder_still_gets_w004_w005_w006_and_the_cheap_load_skips_them() {
    let whole = ["W004", "W005", "W006"];
    let (lib, report) = Library::load(&[common::fixture("explore")], Rubric::shipped());
    assert!(lib.get("explore-gated").is_some());
    for code in whole {
        assert!(
            report
                .diagnostics
                .iter()
                .any(|d| d.code == code && d.file.ends_with("gated.yaml")),
            "{code} missing: {:#?}",
            report.diagnostics
        );
    }
    let src = std::fs::read_to_string(common::fixture("explore/gated.yaml")).unwrap();
    let origin = Origin {
        file: "gated.yaml".into(),
        shipped: false,
    };
    let (v, cheap) = load_source(origin, &src);
    assert!(v.is_some(), "{cheap:#?}");
    assert!(cheap.iter().all(|d| !whole.contains(&d.code)), "{cheap:#?}");
}
