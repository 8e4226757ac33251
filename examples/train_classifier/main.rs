//! Trains the reply classifier's linear model from an AnnoMI-shaped CSV and writes dialogues/classifier/weights.bin.
//! Deterministic: full-batch L-BFGS for a fixed number of iterations, folds fixed by a seeded shuffle.
//!
//! ```text
//! cargo run --release --no-default-features --features terminal --example train_classifier -- \
//!         ../shared/eval/annomi/annomi_train.csv
//!     [--grid]        cross-validate a grid of hyper-parameters (grouped by transcript) and print it
//!     [--seeds]       cross-validate the chosen settings (and plain L2, and class offsets) over six fold seeds
//!     [--no-write]    cross-validate the chosen settings only; do not write the weights
//!     [--out PATH]    where to write the weights (default dialogues/classifier/weights.bin)
//!     [--dump PATH]   write the held-out predictions (line, gold, predicted; numbers and labels, no text)
//! ```
//! Only the training CSV is read; the dev file is for `alliance eval annomi` alone.

use std::collections::BTreeSet;
use std::path::PathBuf;

use alliance::classify::annomi::{self, Utterance};
use alliance::classify::eval::{Report, evaluate};
use alliance::classify::features::{self, FeatureConfig};
use alliance::classify::metrics::Confusion;
use alliance::classify::model::{HEADS, Model, ROWS};
use alliance::classify::rules::Rules;
use alliance::classify::train::{Example, FitOptions, fit_softmax_with, nb_penalty};
use alliance::classify::{Classifier, MainBehaviour, RULES_YAML};

mod subtype;

/// The settings chosen by `--grid` and `--seeds` (5-fold cross-validation over training transcripts); see
/// docs/classifier.md.
const CHOSEN: Settings = Settings {
    features: FeatureConfig {
        bits: 15,
        char_ngrams: true,
        context: true,
    },
    lambda: 1e-4,
    sub_lambda: 1e-4,
    depth_lambda: 1e-4,
    balanced: true,
    nb: 0.25,
    sub_nb: 0.0,
    offsets: false,
};
const FOLDS: usize = 5;
const ITERATIONS: usize = 60;
const SEED: u64 = 20_240_601;
/// Fold seeds of `--seeds`: one split of 84 transcripts into five folds is noisy (±0.005 macro-F1).
const SEEDS: [u64; 6] = [SEED, 7, 99, 1, 2, 3];

#[derive(Debug, Clone, Copy)]
struct Settings {
    features: FeatureConfig,
    /// L2 strength of the main head.
    lambda: f32,
    /// L2 strength of the open/closed head (fewer examples).
    sub_lambda: f32,
    /// L2 strength of the simple/complex head.
    depth_lambda: f32,
    /// Weight classes inversely to their frequency.
    balanced: bool,
    /// Share of naive-Bayes log-count-ratio scaling in the main head's L2 (0 = plain L2; see `nb_penalty`).
    nb: f32,
    /// The same for the simple/complex head.
    sub_nb: f32,
    /// Add per-class offsets to the main head's intercept, tuned on the pooled held-out scores.
    offsets: bool,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut csv = None;
    let (mut grid, mut seeds, mut write, mut sub) = (false, false, true, false);
    let (mut dump, mut report) = (None, None);
    let mut out = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/dialogues/classifier/weights.bin"
    ));
    while let Some(a) = args.next() {
        match a.as_str() {
            "--grid" => grid = true,
            "--seeds" => seeds = true,
            "--subtype" => sub = true,
            "--subtype-report" => {
                report = Some(PathBuf::from(
                    args.next().expect("--subtype-report needs a path"),
                ))
            }
            "--no-write" => write = false,
            "--out" => out = PathBuf::from(args.next().expect("--out needs a path")),
            "--dump" => dump = Some(PathBuf::from(args.next().expect("--dump needs a path"))),
            _ => csv = Some(PathBuf::from(a)),
        }
    }
    let csv = csv.expect(
        "usage: train_classifier <annomi_train.csv> [--grid] [--seeds] [--no-write] [--out PATH] [--dump PATH]",
    );
    let data = annomi::load(&csv).unwrap_or_else(|e| panic!("{e}"));
    let rules = Rules::from_yaml(RULES_YAML).unwrap_or_else(|e| panic!("{e}"));
    eprintln!("{} therapist utterances from {}", data.len(), csv.display());
    let folds = folds(&data, SEED);
    if let Some(path) = report {
        let model = Model::from_bytes(&std::fs::read(&out).unwrap_or_else(|e| panic!("{e}")))
            .unwrap_or_else(|e| panic!("{e}"));
        let file = annomi::load(&path).unwrap_or_else(|e| panic!("{e}"));
        subtype::report_file(&rules, &model, &file);
        return;
    }
    if sub {
        subtype::study(&rules, &data, &SEEDS[..3]);
        return;
    }
    if seeds {
        for (label, s) in [
            ("chosen", CHOSEN),
            ("plain L2 (nb 0)", Settings { nb: 0.0, ..CHOSEN }),
        ] {
            print_cv(label, &cv_figures(&rules, &data, &s, &SEEDS));
        }
        return;
    }
    if grid {
        for (bits, char_ngrams, context) in [
            (15, true, true),
            (15, false, true),
            (15, true, false),
            (16, true, true),
        ] {
            for lambda in [3e-5, 1e-4, 3e-4] {
                for nb in [0.0, 0.25, 0.5] {
                    let features = FeatureConfig {
                        bits,
                        char_ngrams,
                        context,
                    };
                    let s = Settings {
                        features,
                        lambda,
                        nb,
                        ..CHOSEN
                    };
                    let mut cv = Cv::run(&rules, &data, &folds, &s);
                    let plain = cv.report(&rules, &data, &folds);
                    cv.tune_offsets_nested(&data, &folds);
                    let nested = cv.report(&rules, &data, &folds);
                    println!(
                        "{} | {} | with offsets tuned on the other folds {:.3}",
                        describe(&s),
                        summary(&plain),
                        nested.main.macro_f1
                    );
                }
            }
        }
        return;
    }
    let mut cv = Cv::run(&rules, &data, &folds, &CHOSEN);
    println!(
        "{} | {}",
        describe(&CHOSEN),
        summary(&cv.report(&rules, &data, &folds))
    );
    let offsets = if CHOSEN.offsets {
        cv.tune_offsets(&data)
    } else {
        [0.0; 4]
    };
    println!("class offsets (question, reflection, input, other): {offsets:?}");
    for scale in [0.0f32, 1.0, 2.0] {
        for vote in [0.0f32, 0.15, 0.3, 0.5] {
            let mut r = rules.clone();
            r.vote_weight = vote;
            r.nudges.question_form *= scale;
            r.nudges.added_meaning *= scale;
            r.nudges.new_feeling *= scale;
            r.nudges.novelty *= scale;
            println!(
                "rules: votes {vote:.2}, nudges x{scale:.1} | {}",
                summary(&cv.report(&r, &data, &folds))
            );
        }
    }
    for hint in [0.0f32, 0.5, 1.0] {
        let mut r = rules.clone();
        r.answer_hint = hint;
        println!(
            "rules: answer hint {hint:.1} | {}",
            summary(&cv.report(&r, &data, &folds))
        );
    }
    println!(
        "shipped rules.yaml | {}",
        summary(&cv.report(&rules, &data, &folds))
    );
    if let Some(path) = dump {
        cv.dump(&rules, &data, &folds, &path);
    }
    if write {
        let mut model = train(&rules, &data, &CHOSEN);
        model = with_offsets(&model, &offsets);
        let bytes = model.to_bytes();
        std::fs::write(&out, &bytes)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
        eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
    }
}

fn describe(s: &Settings) -> String {
    format!(
        "bits {} char {} ctx {} lambda {:.0e} sub {:.0e} depth {:.0e} balanced {} nb {} offsets {}",
        s.features.bits,
        s.features.char_ngrams,
        s.features.context,
        s.lambda,
        s.sub_lambda,
        s.depth_lambda,
        s.balanced,
        s.nb,
        s.offsets
    )
}

fn summary(r: &Report) -> String {
    let per: Vec<String> = r
        .main
        .classes
        .iter()
        .map(|c| format!("{} {:.3}", c.label, c.f1))
        .collect();
    format!(
        "CV macro-F1 {:.3} kappa {:.3} ({}) | open/closed {:.3} | simple/complex {:.3}",
        r.main.macro_f1,
        r.main.kappa,
        per.join(", "),
        r.question_subtype.macro_f1,
        r.reflection_subtype.macro_f1
    )
}

/// Fold of each utterance: whole transcripts, dealt round-robin after a seeded shuffle.
fn folds(data: &[Utterance], seed: u64) -> Vec<usize> {
    let ids: BTreeSet<&str> = data.iter().map(|u| u.transcript.as_str()).collect();
    let mut ids: Vec<&str> = ids.into_iter().collect();
    let mut state = seed;
    for i in (1..ids.len()).rev() {
        state = splitmix(state);
        ids.swap(i, (state % (i as u64 + 1)) as usize);
    }
    data.iter()
        .map(|u| ids.iter().position(|t| *t == u.transcript).unwrap_or(0) % FOLDS)
        .collect()
}

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Adds per-class offsets to the main head's intercept (they move the decision towards rarer classes).
fn with_offsets(model: &Model, offsets: &[f32; 4]) -> Model {
    let mut w = model.weights().to_vec();
    let bias = features::bias_bucket(model.config) as usize;
    for (c, o) in offsets.iter().enumerate() {
        w[bias * ROWS + c] += o;
    }
    Model::from_weights(model.config, w).unwrap_or_else(|e| panic!("{e}"))
}

/// One model per fold, each trained without that fold's transcripts, and their held-out main-head scores.
struct Cv {
    models: Vec<Model>,
    logits: Vec<[f32; 4]>,
}

impl Cv {
    fn run(rules: &Rules, data: &[Utterance], folds: &[usize], s: &Settings) -> Cv {
        let models: Vec<Model> = (0..FOLDS)
            .map(|f| {
                let part: Vec<Utterance> = data
                    .iter()
                    .zip(folds)
                    .filter(|(_, k)| **k != f)
                    .map(|(u, _)| u.clone())
                    .collect();
                train(rules, &part, s)
            })
            .collect();
        let base = Classifier::new(rules.clone(), Model::untrained(s.features));
        let logits = data
            .iter()
            .zip(folds)
            .map(|(u, &f)| {
                let x = base.features(s.features, &u.text, prev_of(u));
                let sc = models[f].scores(&x);
                [sc[0], sc[1], sc[2], sc[3]]
            })
            .collect();
        Cv { models, logits }
    }

    /// Class offsets that maximise the pooled held-out macro-F1 of the model alone (coordinate ascent), applied
    /// to the fold models. Tuned on the same held-out scores, so the figure after it is slightly optimistic.
    fn tune_offsets(&mut self, data: &[Utterance]) -> [f32; 4] {
        let best = self.best_offsets(data, |_| true);
        self.models = self.models.iter().map(|m| with_offsets(m, &best)).collect();
        best
    }

    /// Offsets for each fold's model tuned on the other folds' held-out scores only (an honest estimate of what
    /// tuning offsets adds); returns them per fold.
    fn tune_offsets_nested(&mut self, data: &[Utterance], folds: &[usize]) -> Vec<[f32; 4]> {
        let per: Vec<[f32; 4]> = (0..self.models.len())
            .map(|f| self.best_offsets(data, |i| folds[i] != f))
            .collect();
        self.models = self
            .models
            .iter()
            .zip(&per)
            .map(|(m, o)| with_offsets(m, o))
            .collect();
        per
    }

    fn best_offsets(&self, data: &[Utterance], include: impl Fn(usize) -> bool) -> [f32; 4] {
        let f1 = |o: &[f32; 4]| {
            let mut c = Confusion::new(&["q", "r", "i", "o"]);
            for (i, (l, u)) in self.logits.iter().zip(data).enumerate() {
                if !include(i) {
                    continue;
                }
                let (k, _) = (0..4)
                    .map(|k| (k, l[k] + o[k]))
                    .fold((3, f32::MIN), |a, b| if b.1 > a.1 { b } else { a });
                c.add(u.main.index(), k);
            }
            c.figures().macro_f1
        };
        let mut best = [0f32; 4];
        let mut score = f1(&best);
        for _ in 0..3 {
            for k in 0..3 {
                for step in -20..=20 {
                    let mut o = best;
                    o[k] = step as f32 * 0.05;
                    let s = f1(&o);
                    if s > score + 1e-9 {
                        score = s;
                        best = o;
                    }
                }
            }
        }
        best
    }

    /// Pooled held-out report of the full classifier (rules + fold models).
    fn report(&self, rules: &Rules, data: &[Utterance], folds: &[usize]) -> Report {
        let mut total: Option<Report> = None;
        for (f, m) in self.models.iter().enumerate() {
            let c = Classifier::new(rules.clone(), m.clone());
            let part: Vec<Utterance> = data
                .iter()
                .zip(folds)
                .filter(|(_, k)| **k == f)
                .map(|(u, _)| u.clone())
                .collect();
            let r = evaluate(&c, "cross-validation", &part);
            total = Some(match total {
                None => r,
                Some(mut t) => {
                    for (a, b) in [
                        (&mut t.main.confusion, &r.main.confusion),
                        (
                            &mut t.question_subtype.confusion,
                            &r.question_subtype.confusion,
                        ),
                        (
                            &mut t.reflection_subtype.confusion,
                            &r.reflection_subtype.confusion,
                        ),
                    ] {
                        for (ra, rb) in a.matrix.iter_mut().zip(&b.matrix) {
                            ra.iter_mut().zip(rb).for_each(|(x, y)| *x += y);
                        }
                    }
                    t
                }
            });
        }
        let mut t = total.unwrap_or_else(|| panic!("no folds"));
        t.main = t.main.confusion.figures();
        t.question_subtype = t.question_subtype.confusion.figures();
        t.reflection_subtype = t.reflection_subtype.confusion.figures();
        t.therapist_utterances = data.len();
        t
    }

    /// Held-out predictions as CSV: line numbers and labels only, no text.
    fn dump(&self, rules: &Rules, data: &[Utterance], folds: &[usize], path: &PathBuf) {
        let classifiers: Vec<Classifier> = self
            .models
            .iter()
            .map(|m| Classifier::new(rules.clone(), m.clone()))
            .collect();
        let mut out = String::from("line,gold,predicted,open,complex\n");
        for (u, &f) in data.iter().zip(folds) {
            let a = classifiers[f].analyse(&u.text, prev_of(u));
            let main = a.classification.main.as_str();
            out.push_str(&format!(
                "{},{},{},{:.3},{:.3}\n",
                u.line,
                u.main.as_str(),
                main,
                a.open,
                a.complex
            ));
        }
        std::fs::write(path, out)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }
}

fn prev_of(u: &Utterance) -> Option<&str> {
    (!u.prev.trim().is_empty()).then_some(u.prev.as_str())
}

/// Trains all three heads on `data`.
fn train(rules: &Rules, data: &[Utterance], s: &Settings) -> Model {
    let buckets = 1usize << s.features.bits;
    let mut weights = vec![0f32; buckets * ROWS];
    for h in 0..HEADS.len() {
        train_head(rules, data, s, h, &mut weights);
    }
    Model::from_weights(s.features, weights).unwrap_or_else(|e| panic!("{e}"))
}

/// Trains head `h` (0 main, 1 open/closed, 2 simple/complex) on `data` into its rows of `weights`.
fn train_head(rules: &Rules, data: &[Utterance], s: &Settings, h: usize, weights: &mut [f32]) {
    let base = Classifier::new(rules.clone(), Model::untrained(s.features));
    let buckets = 1usize << s.features.bits;
    let (start, k) = HEADS[h];
    let label = |u: &Utterance| -> Option<usize> {
        match h {
            0 => Some(u.main.index()),
            1 => (u.main == MainBehaviour::Question)
                .then_some(u.open)
                .flatten()
                .map(|o| usize::from(!o)),
            _ => (u.main == MainBehaviour::Reflection)
                .then_some(u.complex)
                .flatten()
                .map(usize::from),
        }
    };
    let mut examples: Vec<Example> = data
        .iter()
        .filter_map(|u| label(u).map(|y| (base.features(s.features, &u.text, prev_of(u)), y, 1.0)))
        .collect();
    if s.balanced {
        let mut counts = vec![0f32; k];
        for e in &examples {
            counts[e.1] += 1.0;
        }
        let n = examples.len() as f32;
        for e in &mut examples {
            e.2 = n / (k as f32 * counts[e.1]);
        }
    }
    let lambda = [s.lambda, s.sub_lambda, s.depth_lambda][h];
    let nb = match h {
        0 => s.nb,
        2 => s.sub_nb,
        _ => 0.0,
    };
    let bias = features::bias_bucket(s.features);
    let penalty = (nb > 0.0).then(|| nb_penalty(&examples, buckets, k, nb, bias));
    let opts = FitOptions {
        penalty: penalty.as_deref(),
    };
    let w = fit_softmax_with(&examples, buckets, k, lambda, ITERATIONS, &opts);
    for b in 0..buckets {
        for c in 0..k {
            weights[b * ROWS + start + c] = w[b * k + c];
        }
    }
}

/// Cross-validated figures of one setting over several fold seeds, per seed: macro-F1 without class offsets, with
/// offsets tuned on the pooled held-out scores (optimistic), and with offsets tuned on the other folds only.
fn cv_figures(
    rules: &Rules,
    data: &[Utterance],
    s: &Settings,
    seeds: &[u64],
) -> Vec<(f64, f64, f64)> {
    seeds
        .iter()
        .map(|&seed| {
            let folds = folds(data, seed);
            let mut cv = Cv::run(rules, data, &folds, s);
            let plain = cv.report(rules, data, &folds).main.macro_f1;
            let untouched = cv.models.clone();
            cv.tune_offsets_nested(data, &folds);
            let nested = cv.report(rules, data, &folds).main.macro_f1;
            cv.models = untouched;
            cv.tune_offsets(data);
            let tuned = cv.report(rules, data, &folds);
            (plain, tuned.main.macro_f1, nested)
        })
        .collect()
}

fn print_cv(label: &str, r: &[(f64, f64, f64)]) {
    let n = r.len() as f64;
    let plain: f64 = r.iter().map(|x| x.0).sum::<f64>() / n;
    let tuned: f64 = r.iter().map(|x| x.1).sum::<f64>() / n;
    let nested: f64 = r.iter().map(|x| x.2).sum::<f64>() / n;
    let each: Vec<String> = r
        .iter()
        .map(|x| format!("{:.3}/{:.3}/{:.3}", x.0, x.1, x.2))
        .collect();
    println!(
        "{label}: mean over {} fold seeds: no offsets {plain:.4}, pooled offsets {tuned:.4}, offsets tuned on the \
         other folds {nested:.4} | per seed {}",
        r.len(),
        each.join(" "),
    );
}
