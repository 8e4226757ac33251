//! Reply classifier speed: one typical reply (two sentences, with the patient's line), a one-word backchannel,
//! a run-on reply with typos, and a 100 KB paste (capped at 2,000 characters). Target: well under 1 ms a reply.

use std::hint::black_box;

use alliance::classify::Classifier;
use criterion::{Criterion, criterion_group, criterion_main};

const PATIENT: &str = "I'm really worried that if I stay within the range you recommend that I may go low... and then \
                       I do not know what might happen.";

fn bench(c: &mut Criterion) {
    let classifier = Classifier::shipped();
    let typical = "Sounds like you are feeling anxious about taking your insulin as recommended. What worries you \
                   most about going low?";
    let run_on = "soudns like youre scared of going low at work what would help you feel safer";
    let paste =
        "You are worried about your sugar levels and what might happen at work. ".repeat(1_500);
    c.bench_function("classify typical reply", |b| {
        b.iter(|| classifier.classify(black_box(typical), black_box(Some(PATIENT))))
    });
    c.bench_function("classify backchannel", |b| {
        b.iter(|| classifier.classify(black_box("Mm-hmm."), black_box(Some(PATIENT))))
    });
    c.bench_function("classify run-on reply with typos", |b| {
        b.iter(|| classifier.classify(black_box(run_on), black_box(Some(PATIENT))))
    });
    c.bench_function("classify 100 KB paste", |b| {
        b.iter(|| classifier.classify(black_box(&paste), black_box(Some(PATIENT))))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
