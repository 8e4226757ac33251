//! How often naive ways of picking replies pass an assignment: for each shipped vignette, 200 seeds in
//! assessment mode, each strategy judged by the assignment's criteria (default `assignments/example.yaml`).
//!
//!     cargo run --release --no-default-features --example naive_strategies [-- assignment.yaml]
//!
//! The table for authors and the judgement issue's note; `tests/naive_strategies.rs` asserts the same bounds.

use std::path::PathBuf;
use std::sync::Arc;

use alliance::assign::{self, naive};
use alliance::library::Library;
use alliance::scoring::Rubric;

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
    let rubric = Arc::new(Rubric::shipped());
    println!(
        "Passing `{}` over {SEEDS} seeds, assessment mode:",
        file.display()
    );
    for v in &lib.vignettes {
        let criteria = a.criteria_for(&v.id);
        println!("\n{}", v.id);
        for strategy in &naive::STRATEGIES {
            let t = naive::tally(v, &rubric, &criteria, strategy, 0..SEEDS);
            println!(
                "  {:<44} {:>3}/{} ({:.1}%)",
                t.strategy,
                t.passed,
                t.played,
                100.0 * t.rate()
            );
        }
    }
}
