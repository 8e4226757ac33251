//! Engine speed on a generated 1,000-node vignette: load + validate, and a full play-through.
//! Targets (issue 2): load + validate under 10 ms; under 1 µs a step. Peers: ink's Rust runtime ~46 ms / 4.5 µs.

use std::fmt::Write;
use std::hint::black_box;
use std::sync::Arc;

use alliance::check::{check_source, load_source};
use alliance::engine::{Mode, Session};
use alliance::scoring::Rubric;
use alliance::vignette::{Origin, Vignette};
use criterion::{Criterion, criterion_group, criterion_main};

const NODES: usize = 1_000;

/// A chain of NODES decision points shaped like the peers' benchmark story (one patient line and two replies a
/// node): one reply leads on, the other back three nodes, so the graph has cycles with exits. Three endings
/// close it, gated by the alliance.
fn generated() -> String {
    let mut y = String::from(
        "id: generated\ntitle: Generated\nsummary: Benchmark vignette\nsetting: Bench\naudience: [medicine]\n\
         difficulty: advanced\nlearning_objectives: [Speed]\nsources: [{ cite: generated }]\n\
         disclaimer: Training material, not clinical guidance.\npatient:\n  name: Bench\n  age: 40\n  \
         background: b\n  wants: w\n  fears: f\n  portrait: p\n  start: { bond: 40, goal: 40, task: 40 }\n\
         start: n0\nnodes:\n",
    );
    for i in 0..NODES {
        let next = if i + 1 == NODES {
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
             next: {back}\n"
        );
    }
    y.push_str(
        "  - id: last\n    patient: { say: [End], cue: nods, emotion: hopeful }\n    replies:\n      \
         - text: Summarise\n        codes: [summarise]\n        feedback: Sums up.\n        branches:\n          \
         - { when: { alliance_at_least: 60 }, to: good }\n          - { when: { alliance_at_least: 30 }, to: mixed }\n          \
         - { to: poor }\n      - { text: Bye, codes: [closed_question], feedback: Ends., next: poor }\n      \
         - { text: Go, codes: [persuade], feedback: Pushes., next: mixed }\nendings:\n  \
         - { id: good, title: Good, outcome: good, meaning: m, patient: { say: [Yes], cue: smiles, emotion: warm } }\n  \
         - { id: mixed, title: Mixed, outcome: mixed, meaning: m, patient: { say: [Maybe], cue: shrugs, emotion: neutral } }\n  \
         - { id: poor, title: Poor, outcome: poor, meaning: m, patient: { say: [No], cue: leaves, emotion: angry } }\n",
    );
    y
}

/// Loads as the library loads a shipped vignette (the cheap checks), or with `whole`, checks it as `alliance
/// check` does (adding the whole-graph analysis).
fn load(src: &str, whole: Option<&Rubric>) -> Arc<Vignette> {
    let origin = Origin {
        file: "generated.yaml".into(),
        shipped: false,
    };
    let (v, d) = match whole {
        None => load_source(origin, src),
        Some(rubric) => check_source(origin, src, rubric),
    };
    assert!(
        d.iter().all(|d| !d.is_error()),
        "generated vignette is valid: {d:?}"
    );
    v.expect("loads")
}

fn bench(c: &mut Criterion) {
    let src = generated();
    let rubric = Rubric::shipped();
    c.bench_function("load+validate 1,000-node vignette", |b| {
        b.iter(|| black_box(load(black_box(&src), None)))
    });
    c.bench_function("alliance check (whole-graph) 1,000-node vignette", |b| {
        b.iter(|| black_box(load(black_box(&src), Some(&rubric))))
    });

    let v = load(&src, None);
    let r = Arc::new(rubric);
    c.bench_function("play-through 1,000 nodes (first reply each step)", |b| {
        b.iter(|| {
            let mut s = Session::new(Arc::clone(&v), Arc::clone(&r), 1, Mode::Practice);
            let mut steps = 0;
            while !s.is_over() {
                s.choose(0).expect("reply 0 is always offered");
                steps += 1;
            }
            black_box(steps)
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
