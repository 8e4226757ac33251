//! Exploration speed on generated large vignettes: the exact memoised walk, the interval walk, the whole
//! `alliance explore` report, and the map's layout; also the shipped vignettes' full report.

use std::fmt::Write;
use std::hint::black_box;
use std::sync::Arc;

use alliance::analysis::explore::explore_with;
use alliance::analysis::graph::Map;
use alliance::analysis::interval;
use alliance::analysis::layout::layout;
use alliance::analysis::walk::{Limits, walk};
use alliance::check::check_source;
use alliance::library::Library;
use alliance::scoring::Rubric;
use alliance::vignette::{Origin, Vignette};
use criterion::{Criterion, criterion_group, criterion_main};

const HEAD: &str = "id: generated\ntitle: Generated\nsummary: Benchmark vignette\nsetting: Bench\naudience: [medicine]\n\
     difficulty: advanced\nlearning_objectives: [Speed]\nsources: [{ cite: generated }]\n\
     disclaimer: Training material, not clinical guidance.\npatient:\n  name: Bench\n  age: 40\n  \
     background: b\n  wants: w\n  fears: f\n  portrait: p\n  start: { bond: 40, goal: 40, task: 40 }\n";

const ENDINGS: &str = "endings:\n  \
     - { id: good, title: Good, outcome: good, meaning: m, patient: { say: [Yes], cue: smiles, emotion: warm } }\n  \
     - { id: mixed, title: Mixed, outcome: mixed, meaning: m, patient: { say: [Maybe], cue: shrugs, emotion: neutral } }\n  \
     - { id: poor, title: Poor, outcome: poor, meaning: m, patient: { say: [No], cue: leaves, emotion: angry } }\n";

/// A ladder of `layers` layers of 3 nodes (the first is the start alone): every node offers a reflection, a
/// question and advice, each leading to a different node of the next layer, so there are 3^layers paths. Every fourth layer
/// carries a withdrawal marker on one node, and the last layer branches on the alliance.
fn ladder(layers: usize) -> String {
    let mut y = String::from(HEAD);
    y.push_str("start: n0_0\nnodes:\n");
    for l in 0..layers {
        // The first layer is the start alone.
        for j in 0..if l == 0 { 1 } else { 3 } {
            let rupture = if l % 4 == 3 && j == 2 {
                "\n      rupture: minimal_response"
            } else {
                ""
            };
            let _ = write!(
                y,
                "  - id: n{l}_{j}\n    patient:\n      say: [\"Line {l}.{j}\"]\n      cue: looks up\n      emotion: neutral{rupture}\n    replies:\n"
            );
            for (r, codes) in ["complex_reflection", "open_question", "persuade"]
                .iter()
                .enumerate()
            {
                let dest = if l + 1 == layers {
                    "branches:\n          - { when: { alliance_at_least: 70 }, to: good }\n          - { when: { alliance_at_least: 35 }, to: mixed }\n          - { to: poor }".to_owned()
                } else {
                    format!("next: n{}_{r}", l + 1)
                };
                let _ = write!(
                    y,
                    "      - text: \"Reply {l}.{j}.{r}\"\n        codes: [{codes}]\n        feedback: Bench.\n        {dest}\n"
                );
            }
        }
    }
    y.push_str(ENDINGS);
    y
}

/// The engine benchmark's shape: a chain of `n` nodes, one reply on and one back three nodes (loops with exits).
fn chain(n: usize) -> String {
    let mut y = String::from(HEAD);
    y.push_str("start: n0\nnodes:\n");
    for i in 0..n {
        let next = if i + 1 == n {
            "last".to_owned()
        } else {
            format!("n{}", i + 1)
        };
        let back = format!("n{}", i.saturating_sub(3));
        let _ = write!(
            y,
            "  - id: n{i}\n    patient:\n      say: [\"Line {i}.\"]\n      cue: looks up\n      emotion: neutral\n    \
             replies:\n      - text: \"Reflect {i}\"\n        codes: [complex_reflection]\n        feedback: Reflects.\n        \
             next: {next}\n      - text: \"Ask {i}\"\n        codes: [closed_question]\n        feedback: Asks.\n        \
             next: {back}\n      - text: \"Push {i}\"\n        codes: [persuade]\n        feedback: Pushes.\n        next: {next}\n"
        );
    }
    y.push_str(
        "  - id: last\n    patient: { say: [End], cue: nods, emotion: hopeful }\n    replies:\n      \
         - text: Summarise\n        codes: [summarise]\n        feedback: Sums up.\n        branches:\n          \
         - { when: { alliance_at_least: 60 }, to: good }\n          - { when: { alliance_at_least: 30 }, to: mixed }\n          \
         - { to: poor }\n      - { text: Bye, codes: [closed_question], feedback: Ends., next: poor }\n      \
         - { text: Go, codes: [persuade], feedback: Pushes., next: mixed }\n",
    );
    y.push_str(ENDINGS);
    y
}

fn load(src: &str, rubric: &Rubric) -> Arc<Vignette> {
    let origin = Origin {
        file: "generated.yaml".into(),
        shipped: false,
    };
    let (v, d) = check_source(origin, src, rubric);
    assert!(
        d.iter().all(|d| !d.is_error()),
        "generated vignette is valid: {d:?}"
    );
    v.expect("loads")
}

fn bench(c: &mut Criterion) {
    let rubric = Rubric::shipped();
    let arc_rubric = Arc::new(rubric.clone());

    // 997 nodes, 3^333 paths.
    let big = load(&ladder(333), &rubric);
    let limits = Limits::for_vignette(&big);
    let w = walk(&big, &arc_rubric, limits);
    eprintln!(
        "ladder: {} nodes, {} exact states, complete: {}",
        big.nodes.len(),
        w.states.len(),
        w.cut.is_none()
    );
    let mut g = c.benchmark_group("explore");
    g.sample_size(10);
    g.bench_function("exact walk, 997-node ladder (100,000-state limit)", |b| {
        b.iter(|| black_box(walk(&big, &arc_rubric, limits).states.len()))
    });
    g.bench_function("interval walk, 997-node ladder", |b| {
        b.iter(|| black_box(interval::walk(&big, &rubric, 1_000_000).states.len()))
    });
    let long = load(&chain(1_000), &rubric);
    g.bench_function("interval walk, 1,000-node chain with loops", |b| {
        b.iter(|| black_box(interval::walk(&long, &rubric, 1_000_000).states.len()))
    });
    let small = Limits {
        max_states: 20_000,
        max_depth: limits.max_depth,
    };
    g.bench_function(
        "explore report, 997-node ladder (20,000-state limit)",
        |b| b.iter(|| black_box(explore_with(&big, &rubric, small).paths)),
    );
    let (lib, _) = Library::shipped();
    for v in &lib.vignettes {
        let name = format!("explore report, shipped {} (default limits)", v.id);
        let lim = Limits::for_vignette(v);
        g.bench_function(&name, |b| {
            b.iter(|| black_box(explore_with(v, &rubric, lim).paths))
        });
    }
    g.bench_function("map + layout, 997-node ladder", |b| {
        b.iter(|| {
            let m = Map::build(&big, &rubric);
            black_box(layout(&m).width)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
