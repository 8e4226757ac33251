//! A typed reply end to end: read by the classifier, matched against the authored replies on offer at a shipped
//! decision point, then given (scored, the patient's reaction, the transcript). Target: well under 1 ms a reply,
//! so typing never feels slower than choosing.

use std::hint::black_box;
use std::sync::Arc;

use alliance::classify::Classifier;
use alliance::engine::{Mode, Session};
use alliance::library::Library;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let (library, _) = Library::shipped();
    let v = library.get("fear-of-hypoglycaemia").expect("shipped");
    let mut s = Session::new(v, Arc::clone(&library.rubric), 1, Mode::Practice);
    // Two authored replies in, at the cue: four replies on offer.
    s.choose(0).unwrap();
    s.choose(0).unwrap();
    let classifier = Classifier::shipped();
    let close =
        "Sounds like you're anxious about taking the full dose, in case it leads to a bad hypo.";
    let far = "Tell me about your weekend.";
    c.bench_function("typed: read and match a close paraphrase", |b| {
        b.iter(|| s.read(black_box(close), classifier))
    });
    c.bench_function("typed: read and match an unrelated reply", |b| {
        b.iter(|| s.read(black_box(far), classifier))
    });
    c.bench_function("typed: say (read, match, score, react, record)", |b| {
        b.iter_batched(
            || s.fork(),
            |mut f| f.say_with(black_box(far), classifier).map(|r| r.turn).ok(),
            BatchSize::SmallInput,
        )
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
