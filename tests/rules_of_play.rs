//! The rules of play are one game: on every shipped vignette, random seeded paths played by the session are
//! followed step by step in the interval walk (`explore`, `check`), which must reach the same state.
//!
//! At each step the walk, told the reply given, must move to exactly one state, at the node or ending the
//! session reached, with the same rupture depth and variables, and with the session's alliance inside its
//! ranges; what the session offers and shows there, the walk must say may be offered and shown.

mod common;

use std::sync::Arc;

use alliance::analysis::interval::{self, IntervalWalk, Place};
use alliance::engine::{Mode, Session};
use alliance::scoring::Rubric;
use alliance::vignette::{Target, Vignette};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg32;

/// Paths per vignette, and replies per path at most (loops may otherwise go on for ever).
const PATHS: u64 = 300;
const MAX_STEPS: usize = 60;

/// Checks that walk state `at` stands for the session `s` now.
fn same_state(v: &Vignette, iw: &IntervalWalk, at: usize, s: &Session, path: &str) {
    let st = &iw.states[at];
    let place = match s.at() {
        Target::Node(n) => Place::Node(n),
        Target::Ending(e) => Place::Ending(e),
    };
    assert_eq!(st.skeleton.at, place, "{}, {path}: place", v.id);
    match place {
        Place::Node(n) => {
            assert_eq!(
                st.skeleton.depth,
                s.rupture_depth().min(8),
                "{}, {path}: rupture depth",
                v.id
            );
            assert_eq!(
                st.skeleton.vars(),
                s.variables(),
                "{}, {path}: variables",
                v.id
            );
            if let Some(i) = s.shown_variant() {
                assert!(iw.variants_shown[n][i], "{}, {path}: variant shown", v.id);
            }
            for o in s.offered() {
                assert!(iw.may_offer[n][o.index], "{}, {path}: offer", v.id);
            }
        }
        Place::Ending(e) => {
            assert!(iw.endings_reached[e], "{}, {path}: ending", v.id);
            assert_eq!(
                st.skeleton.depth,
                u32::from(s.rupture_open()),
                "{}, {path}: rupture open at the end",
                v.id
            );
        }
    }
    let (a, lo, hi) = (s.state(), st.range.lo, st.range.hi);
    for (name, x, l, h) in [
        ("bond", a.bond, lo.bond, hi.bond),
        ("goal", a.goal, lo.goal, hi.goal),
        ("task", a.task, lo.task, hi.task),
        ("empathy", a.empathy, lo.empathy, hi.empathy),
    ] {
        assert!(
            l - 1e-9 <= x && x <= h + 1e-9,
            "{}, {path}: {name} {x} outside {l}..{h}",
            v.id
        );
    }
}

#[test]
fn the_session_and_the_interval_walk_play_the_same_game_on_every_shipped_vignette() {
    let rubric = Rubric::shipped();
    let shared = Arc::new(rubric.clone());
    let mut steps = 0;
    let mut endings = 0;
    for v in common::shipped().vignettes {
        let iw = interval::walk(&v, &rubric, 1_000_000);
        assert!(iw.complete, "{}: the interval walk finishes", v.id);
        let start = iw.start_state(&v, &rubric).expect("the start has a state");
        for seed in 0..PATHS {
            let mut pick = Pcg32::seed_from_u64(seed);
            let mut s = Session::new(Arc::clone(&v), Arc::clone(&shared), seed, Mode::Practice);
            let mut at = start;
            let mut path = String::from("replies");
            same_state(&v, &iw, at, &s, &path);
            for _ in 0..MAX_STEPS {
                if s.is_over() {
                    endings += 1;
                    break;
                }
                let offered = s.offered();
                let o = &offered[pick.random_range(0..offered.len() as u32) as usize];
                let before = s.state();
                s.choose(o.index).expect("an offered reply is accepted");
                path.push_str(&format!(" {}", o.index + 1));
                at = iw
                    .follow(&v, &rubric, at, &before, o.index, s.rupture_depth())
                    .unwrap_or_else(|| panic!("{}, {path}: the walk follows the reply", v.id));
                same_state(&v, &iw, at, &s, &path);
                steps += 1;
            }
        }
    }
    assert!(steps > 1_000, "enough steps compared: {steps}");
    assert!(endings > 100, "enough paths ended: {endings}");
}
