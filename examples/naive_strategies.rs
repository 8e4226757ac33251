//! How often naive ways of picking replies pass an assignment: for each shipped vignette, 200 seeds in
//! assessment mode, each strategy judged by the assignment's criteria (default `assignments/example.yaml`).
//!
//!     cargo run --release --no-default-features --example naive_strategies [-- assignment.yaml]
//!
//! A measurement for authors and for the judgement issue's table, not a test: the content decides how far
//! "always the longest" gets, and `tests/reply_order.rs` pins what the engine alone guarantees.

use std::path::PathBuf;
use std::sync::Arc;

use alliance::assign;
use alliance::engine::{Mode, Offered, Session};
use alliance::library::Library;
use alliance::report::debrief;
use alliance::scoring::Rubric;

type Strategy = fn(&Session, &[Offered], u64) -> usize;

const SEEDS: u64 = 200;

fn main() {
    let file = std::env::args()
        .nth(1)
        .map_or_else(|| PathBuf::from("assignments/example.yaml"), PathBuf::from);
    let (lib, _) = Library::shipped();
    let a = match assign::load(&file, Some(&lib)) {
        Ok(a) => a,
        Err(e) => {
            for d in e {
                eprintln!("{d}");
            }
            std::process::exit(1);
        }
    };
    let strategies: [(&str, Strategy); 6] = [
        ("always the first shown", |_, _, _| 0),
        ("always the longest", |_, o, _| longest(o, true)),
        ("always the shortest", |_, o, _| longest(o, false)),
        ("always one ending in '?'", |_, o, _| {
            o.iter()
                .position(|r| r.text.trim_end().ends_with('?'))
                .unwrap_or(0)
        }),
        ("random", |_, o, turn| (turn as usize) % o.len()),
        ("the best-scoring (the checker's best path)", |s, o, _| {
            let best = s.best_offered().unwrap_or(o[0].index);
            o.iter().position(|r| r.index == best).unwrap_or(0)
        }),
    ];
    let rubric = Rubric::shipped();
    println!(
        "Passing `{}` over {SEEDS} seeds, assessment mode:",
        file.display()
    );
    for v in &lib.vignettes {
        let criteria = a.criteria_for(&v.id);
        println!("\n{}", v.id);
        for (name, pick) in &strategies {
            let mut passed = 0;
            for seed in 0..SEEDS {
                let mut s = Session::new(
                    Arc::clone(v),
                    Arc::new(rubric.clone()),
                    seed,
                    Mode::Assessment,
                );
                let mut mix = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
                for _ in 0..200 {
                    if s.is_over() {
                        break;
                    }
                    let offered = s.offered();
                    mix = mix.rotate_left(7).wrapping_add(0xBF58_476D_1CE4_E5B9);
                    let k = pick(&s, &offered, mix >> 33);
                    let _ = s.choose(offered[k].index);
                }
                let d = debrief(s.transcript(), &rubric);
                passed += usize::from(assign::evaluate(&criteria, &d).passed);
            }
            println!(
                "  {name:<44} {passed:>3}/{SEEDS} ({:.1}%)",
                100.0 * passed as f64 / SEEDS as f64
            );
        }
    }
}

/// The position of the longest (or shortest) reply shown.
fn longest(o: &[Offered], longest: bool) -> usize {
    let mut by: Vec<(usize, usize)> = o
        .iter()
        .map(|r| r.text.chars().count())
        .enumerate()
        .collect();
    by.sort_by_key(|&(k, n)| if longest { (usize::MAX - n, k) } else { (n, k) });
    by[0].0
}
