//! Naive strategies against an assignment: how often picking replies without reading them (always the first
//! shown, the longest, the shortest, one ending in '?', at random) passes its criteria, beside the best path.
//! A measure of the assessment, not of a student; `tests/naive_strategies.rs` and the example of that name use it.

use std::sync::Arc;

use crate::assign::{Criteria, evaluate};
use crate::engine::{Mode, Offered, Session};
use crate::report::debrief;
use crate::scoring::Rubric;
use crate::vignette::Vignette;

/// A way of picking a reply: the session, the replies as shown, and a random number for this turn; returns a
/// position among the replies shown.
pub type Pick = fn(&Session, &[Offered], u64) -> usize;

/// A named strategy.
#[derive(Debug, Clone, Copy)]
pub struct Strategy {
    /// What it does, in words.
    pub name: &'static str,
    /// True for the strategy that reads the replies (the best path): the measure it is compared with.
    pub reads: bool,
    /// How it picks.
    pub pick: Pick,
}

/// The naive strategies, then the best path.
pub const STRATEGIES: [Strategy; 6] = [
    Strategy {
        name: "always the first shown",
        reads: false,
        pick: |_, _, _| 0,
    },
    Strategy {
        name: "always the longest",
        reads: false,
        pick: |_, o, _| by_length(o, true),
    },
    Strategy {
        name: "always the shortest",
        reads: false,
        pick: |_, o, _| by_length(o, false),
    },
    Strategy {
        name: "always one ending in '?'",
        reads: false,
        pick: |_, o, _| {
            o.iter()
                .position(|r| r.text.trim_end().ends_with('?'))
                .unwrap_or(0)
        },
    },
    Strategy {
        name: "random",
        reads: false,
        pick: |_, o, r| (r as usize) % o.len(),
    },
    Strategy {
        name: "the best-scoring (the checker's best path)",
        reads: true,
        pick: |s, o, _| {
            let best = s.best_offered().unwrap_or(o[0].index);
            o.iter().position(|r| r.index == best).unwrap_or(0)
        },
    },
];

/// How one strategy fared over the seeds.
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    /// The strategy's name.
    pub strategy: &'static str,
    /// Attempts that passed.
    pub passed: u64,
    /// Attempts played (one per seed).
    pub played: u64,
}

impl Tally {
    /// The share of attempts that passed, 0-1.
    pub fn rate(&self) -> f64 {
        self.passed as f64 / self.played.max(1) as f64
    }
}

/// Plays `strategy` once per seed in `seeds`, in assessment mode, and counts the attempts `criteria` pass.
pub fn tally(
    vignette: &Arc<Vignette>,
    rubric: &Arc<Rubric>,
    criteria: &Criteria,
    strategy: &Strategy,
    seeds: std::ops::Range<u64>,
) -> Tally {
    let mut passed = 0;
    let played = seeds.end.saturating_sub(seeds.start);
    for seed in seeds {
        let s = play(vignette, rubric, strategy.pick, seed);
        let d = debrief(s.transcript(), rubric);
        passed += u64::from(evaluate(criteria, &d).passed);
    }
    Tally {
        strategy: strategy.name,
        passed,
        played,
    }
}

/// One attempt by `pick` with `seed`: the seed orders the replies, and its own mix drives "random".
pub fn play(vignette: &Arc<Vignette>, rubric: &Arc<Rubric>, pick: Pick, seed: u64) -> Session {
    let mut s = Session::new(
        Arc::clone(vignette),
        Arc::clone(rubric),
        seed,
        Mode::Assessment,
    );
    let mut mix = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    // A bound, not a limit a vignette meets: every shipped path ends in under 30 decisions.
    for _ in 0..200 {
        if s.is_over() {
            break;
        }
        let offered = s.offered();
        if offered.is_empty() {
            break;
        }
        mix = mix.rotate_left(7).wrapping_add(0xBF58_476D_1CE4_E5B9);
        let k = pick(&s, &offered, mix >> 33).min(offered.len() - 1);
        if s.choose(offered[k].index).is_err() {
            break;
        }
    }
    s
}

/// The position of the longest (or shortest) reply shown, the first of equals.
fn by_length(o: &[Offered], longest: bool) -> usize {
    let len = |k: usize| o[k].text.chars().count();
    (0..o.len())
        .min_by_key(|&k| {
            if longest {
                (usize::MAX - len(k), k)
            } else {
                (len(k), k)
            }
        })
        .unwrap_or(0)
}
