//! Trains the reply classifier's linear model from an AnnoMI-shaped CSV and writes dialogues/classifier/weights.bin.
//! Deterministic: full-batch L-BFGS for a fixed number of iterations, folds fixed by a seeded shuffle.
//!
//! ```text
//! cargo run --release --example train_classifier -- /work/shared/eval/annomi/annomi_train.csv
//!     [--grid]        cross-validate a grid of hyper-parameters (grouped by transcript) and print it
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
use alliance::classify::train::{Example, FitOptions, fit_softmax_with};
use alliance::classify::{Classifier, MainBehaviour, RULES_YAML};

/// The settings chosen by `--grid` (5-fold cross-validation over training transcripts); see docs/classifier.md.
const CHOSEN: Settings = Settings {
    features: FeatureConfig {
        bits: 15,
        char_ngrams: true,
        context: true,
        extra: 0,
    },
    lambda: 1e-4,
    sub_lambda: 1e-4,
    balanced: true,
    iterations: ITERATIONS,
    smoothing: 0.0,
    nb: 0.0,
    ensemble: 0,
    ensemble_kind: 0,
};
const FOLDS: usize = 5;
const ITERATIONS: usize = 60;
const SEED: u64 = 20_240_601;

#[derive(Debug, Clone, Copy)]
struct Settings {
    features: FeatureConfig,
    /// L2 strength of the main head.
    lambda: f32,
    /// L2 strength of the two subtype heads (fewer examples).
    sub_lambda: f32,
    /// Weight classes inversely to their frequency.
    balanced: bool,
    /// L-BFGS iterations.
    iterations: usize,
    /// Label smoothing of the main head.
    smoothing: f32,
    /// Share of naive-Bayes log-count-ratio scaling in the main head's L2 (0 = plain L2).
    nb: f32,
    /// Average the weights of this many models (0 or 1: one model); see `ensemble_kind`.
    ensemble: usize,
    /// 0: bootstrap samples of transcripts; 1: different L2 strengths and NB shares on all the data.
    ensemble_kind: u8,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut csv = None;
    let (mut grid, mut write) = (false, true);
    let mut dump = None;
    let mut exp: Option<String> = None;
    let mut out = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/dialogues/classifier/weights.bin"
    ));
    while let Some(a) = args.next() {
        match a.as_str() {
            "--grid" => grid = true,
            "--exp" => exp = Some(args.next().expect("--exp needs a name")),
            "--no-write" => write = false,
            "--out" => out = PathBuf::from(args.next().expect("--out needs a path")),
            "--dump" => dump = Some(PathBuf::from(args.next().expect("--dump needs a path"))),
            _ => csv = Some(PathBuf::from(a)),
        }
    }
    let csv = csv.expect("usage: train_classifier <annomi_train.csv> [--grid] [--no-write] [--out PATH] [--dump PATH]");
    let data = annomi::load(&csv).unwrap_or_else(|e| panic!("{e}"));
    let rules = Rules::from_yaml(RULES_YAML).unwrap_or_else(|e| panic!("{e}"));
    eprintln!("{} therapist utterances from {}", data.len(), csv.display());
    let folds = folds(&data, SEED);
    if let Some(name) = exp {
        experiments(&rules, &data, &name);
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
                for sub_lambda in [1e-4, 1e-3] {
                    let features = FeatureConfig {
                        bits,
                        char_ngrams,
                        context,
                        extra: 0,
                    };
                    let s = Settings {
                        features,
                        lambda,
                        sub_lambda,
                        ..CHOSEN
                    };
                    let mut cv = Cv::run(&rules, &data, &folds, &s);
                    let plain = cv.report(&rules, &data, &folds);
                    cv.tune_offsets(&data);
                    let tuned = cv.report(&rules, &data, &folds);
                    println!(
                        "{} | {} | with offsets {:.3}",
                        describe(&s),
                        summary(&plain),
                        tuned.main.macro_f1
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
    let offsets = cv.tune_offsets(&data);
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
        "bits {} char {} ctx {} lambda {:.0e} sub {:.0e} balanced {}",
        s.features.bits,
        s.features.char_ngrams,
        s.features.context,
        s.lambda,
        s.sub_lambda,
        s.balanced
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

/// Trains all three heads on `data` (or an average of several models, see `Settings::ensemble`).
fn train(rules: &Rules, data: &[Utterance], s: &Settings) -> Model {
    if s.ensemble > 1 {
        let one = Settings { ensemble: 0, ..*s };
        let members: Vec<Model> = (0..s.ensemble)
            .map(|i| match s.ensemble_kind {
                0 => {
                    // Bootstrap: transcripts drawn with replacement, each utterance repeated as often.
                    let ids: Vec<&str> = data
                        .iter()
                        .map(|u| u.transcript.as_str())
                        .collect::<BTreeSet<_>>()
                        .into_iter()
                        .collect();
                    let mut state = SEED ^ (i as u64 + 1).wrapping_mul(0x9e37_79b9);
                    let mut times = std::collections::BTreeMap::new();
                    for _ in 0..ids.len() {
                        state = splitmix(state);
                        *times
                            .entry(ids[(state % ids.len() as u64) as usize])
                            .or_insert(0) += 1;
                    }
                    let sample: Vec<Utterance> = data
                        .iter()
                        .flat_map(|u| {
                            std::iter::repeat_n(
                                u.clone(),
                                *times.get(u.transcript.as_str()).unwrap_or(&0),
                            )
                        })
                        .collect();
                    train_one(rules, &sample, &one)
                }
                _ => {
                    let (lambda, nb) = [(1e-4, 0.0), (3e-4, 0.25), (3e-5, 0.0), (1e-4, 0.5)][i % 4];
                    train_one(rules, data, &Settings { lambda, nb, ..one })
                }
            })
            .collect();
        let mut w = vec![0f32; members[0].weights().len()];
        for m in &members {
            w.iter_mut()
                .zip(m.weights())
                .for_each(|(a, b)| *a += b / members.len() as f32);
        }
        return Model::from_weights(s.features, w).unwrap_or_else(|e| panic!("{e}"));
    }
    train_one(rules, data, s)
}

fn train_one(rules: &Rules, data: &[Utterance], s: &Settings) -> Model {
    let base = Classifier::new(rules.clone(), Model::untrained(s.features));
    let feats: Vec<Vec<(u32, f32)>> = data
        .iter()
        .map(|u| base.features(s.features, &u.text, prev_of(u)))
        .collect();
    let buckets = 1usize << s.features.bits;
    let mut weights = vec![0f32; buckets * ROWS];
    for (h, &(start, k)) in HEADS.iter().enumerate() {
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
        let mut examples: Vec<Example> = feats
            .iter()
            .zip(data)
            .filter_map(|(f, u)| label(u).map(|y| (f.clone(), y, 1.0)))
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
        let lambda = if h == 0 { s.lambda } else { s.sub_lambda };
        let penalty = (h == 0 && s.nb > 0.0).then(|| nb_penalty(&examples, buckets, k, s));
        let opts = FitOptions {
            penalty: penalty.as_deref(),
            smoothing: if h == 0 { s.smoothing } else { 0.0 },
        };
        let w = fit_softmax_with(&examples, buckets, k, lambda, s.iterations, &opts);
        for b in 0..buckets {
            for c in 0..k {
                weights[b * ROWS + start + c] = w[b * k + c];
            }
        }
    }
    Model::from_weights(s.features, weights).unwrap_or_else(|e| panic!("{e}"))
}

/// Per-weight L2 multipliers from naive-Bayes log-count ratios (Wang & Manning 2012, as a prior): a feature that
/// separates class c from the rest is penalised less in row c. `1 / s^2` with `s = 1 - nb + nb * |r| / mean|r|`.
fn nb_penalty(examples: &[Example], buckets: usize, k: usize, s: &Settings) -> Vec<f32> {
    let alpha = 1.0f32;
    let mut count = vec![0f32; buckets * k];
    let mut totals = vec![0f32; k];
    for (x, y, _) in examples {
        for &(b, v) in x {
            if v > 0.0 {
                count[b as usize * k + y] += 1.0;
                totals[*y] += 1.0;
            }
        }
    }
    let all: f32 = totals.iter().sum();
    let mut r = vec![0f32; buckets * k];
    let mut seen = vec![false; buckets];
    for b in 0..buckets {
        let row = &count[b * k..b * k + k];
        let sum: f32 = row.iter().sum();
        seen[b] = sum > 0.0;
        for c in 0..k {
            let p = (alpha + row[c]) / (alpha * buckets as f32 + totals[c]);
            let q = (alpha + sum - row[c]) / (alpha * buckets as f32 + all - totals[c]);
            r[b * k + c] = (p / q).ln().abs();
        }
    }
    let (mut total, mut n) = (0f64, 0f64);
    for b in 0..buckets {
        if seen[b] {
            for c in 0..k {
                total += f64::from(r[b * k + c]);
                n += 1.0;
            }
        }
    }
    let mean = if n > 0.0 { (total / n) as f32 } else { 1.0 };
    let bias = features::bias_bucket(s.features) as usize;
    r.iter()
        .enumerate()
        .map(|(i, &ri)| {
            if i / k == bias {
                return 1.0;
            }
            let sc = 1.0 - s.nb + s.nb * ri / mean;
            1.0 / (sc * sc).max(1e-3)
        })
        .collect()
}

/// Cross-validated figures of one setting over several fold seeds: (plain, with offsets) macro-F1 per seed.
fn cv_figures(
    rules: &Rules,
    data: &[Utterance],
    s: &Settings,
    seeds: &[u64],
) -> Vec<(f64, f64, f64, Report)> {
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
            (plain, tuned.main.macro_f1, nested, tuned)
        })
        .collect()
}

fn print_cv(label: &str, r: &[(f64, f64, f64, Report)]) {
    let n = r.len() as f64;
    let plain: f64 = r.iter().map(|x| x.0).sum::<f64>() / n;
    let tuned: f64 = r.iter().map(|x| x.1).sum::<f64>() / n;
    let nested: f64 = r.iter().map(|x| x.2).sum::<f64>() / n;
    let each: Vec<String> = r
        .iter()
        .map(|x| format!("{:.3}/{:.3}/{:.3}", x.0, x.1, x.2))
        .collect();
    println!(
        "{label:<40} mean plain {plain:.4} offsets {tuned:.4} nested {nested:.4} | {} | {}",
        each.join(" "),
        summary(&r[0].3)
    );
}

const MLP_INIT: f32 = 0.1;
const EXP_SEEDS: [u64; 3] = [SEED, 7, 99];
const MORE_SEEDS: [u64; 3] = [1, 2, 3];

fn experiments(rules: &Rules, data: &[Utterance], name: &str) {
    let base = CHOSEN;
    let mut variants: Vec<(String, Settings)> = vec![("base".into(), base)];
    let with = |f: &dyn Fn(&mut Settings)| {
        let mut s = base;
        f(&mut s);
        s
    };
    match name {
        "iter" => {
            for it in [30, 100, 200] {
                variants.push((format!("iterations {it}"), with(&|s| s.iterations = it)));
            }
        }
        "smooth" => {
            for e in [0.05f32, 0.1, 0.2] {
                variants.push((format!("smoothing {e}"), with(&|s| s.smoothing = e)));
            }
        }
        "nb" => {
            for nb in [0.25f32, 0.5, 1.0] {
                for l in [1e-4f32, 3e-4] {
                    variants.push((
                        format!("nb {nb} lambda {l:.0e}"),
                        with(&|s| {
                            s.nb = nb;
                            s.lambda = l;
                        }),
                    ));
                }
            }
        }
        "ens" => {
            variants.push((
                "mix of 4 regularisations".into(),
                with(&|s| {
                    s.ensemble = 4;
                    s.ensemble_kind = 1;
                }),
            ));
            variants.push(("bagging 8".into(), with(&|s| s.ensemble = 8)));
        }
        "combo" => {
            variants.push((
                "first-4 + nb .25".into(),
                with(&|s| {
                    s.features.extra = features::X_POS;
                    s.nb = 0.25;
                }),
            ));
            variants.push((
                "first-4 + nb .25 + it 100".into(),
                with(&|s| {
                    s.features.extra = features::X_POS;
                    s.nb = 0.25;
                    s.iterations = 100;
                }),
            ));
            variants.push((
                "first-4 + first3".into(),
                with(&|s| {
                    s.features.extra = features::X_POS | features::X_FIRST3;
                }),
            ));
        }
        "combo2" => {
            variants.push((
                "first-4 + mix4".into(),
                with(&|s| {
                    s.features.extra = features::X_POS;
                    s.ensemble = 4;
                    s.ensemble_kind = 1;
                }),
            ));
            variants.push((
                "first-4 + last sentence + nb .25".into(),
                with(&|s| {
                    s.features.extra = features::X_POS | features::X_LAST_SENT;
                    s.nb = 0.25;
                }),
            ));
            variants.push((
                "last sentence".into(),
                with(&|s| {
                    s.features.extra = features::X_LAST_SENT;
                }),
            ));
        }
        "final_a" => {
            variants.push((
                "first-4 + nb .25".into(),
                with(&|s| {
                    s.features.extra = features::X_POS;
                    s.nb = 0.25;
                }),
            ));
            variants.push((
                "first-4 + nb .25 + it 100".into(),
                with(&|s| {
                    s.features.extra = features::X_POS;
                    s.nb = 0.25;
                    s.iterations = 100;
                }),
            ));
        }
        "final_b" => {
            variants.clear();
            variants.push((
                "first-4 + mix4".into(),
                with(&|s| {
                    s.features.extra = features::X_POS;
                    s.ensemble = 4;
                    s.ensemble_kind = 1;
                }),
            ));
        }
        "feat" => {
            for (x, label) in [
                (features::X_FIRST3, "first3"),
                (features::X_LAST2, "last2"),
                (features::X_PREV, "prev cues"),
                (features::X_POS, "first-4 words"),
                (features::X_PREV_LAST, "prev last sentence"),
            ] {
                variants.push((label.into(), with(&|s| s.features.extra = x)));
            }
        }
        "mlp" => {
            let h: usize = std::env::var("H").map_or(32, |v| v.parse().unwrap());
            let l1: f32 = std::env::var("L1").map_or(1e-4, |v| v.parse().unwrap());
            let it: usize = std::env::var("IT").map_or(300, |v| v.parse().unwrap());
            for (h, l1, l2, it) in [(h, l1, 1e-4f32, it)] {
                mlp_experiment(rules, data, h, l1, l2, it);
            }
            return;
        }
        _ => panic!("unknown experiment {name}"),
    }
    let all: Vec<u64> = EXP_SEEDS.iter().chain(&MORE_SEEDS).copied().collect();
    let seeds: &[u64] = if std::env::var("MORE").is_ok() {
        &MORE_SEEDS
    } else if std::env::var("ALL").is_ok() {
        &all
    } else {
        &EXP_SEEDS
    };
    for (label, s) in &variants {
        print_cv(label, &cv_figures(rules, data, s, seeds));
    }
}

/// Generic deterministic L-BFGS (memory 8, Armijo backtracking) over a loss-and-gradient function.
fn lbfgs(
    mut fg: impl FnMut(&[f32], &mut [f32]) -> f64,
    mut w: Vec<f32>,
    iterations: usize,
) -> Vec<f32> {
    let dot = |a: &[f32], b: &[f32]| -> f32 { a.iter().zip(b).map(|(x, y)| x * y).sum() };
    let n = w.len();
    let mut g = vec![0f32; n];
    let mut f = fg(&w, &mut g);
    let mut hist: Vec<(Vec<f32>, Vec<f32>, f32)> = Vec::new();
    for _ in 0..iterations {
        let mut q = g.clone();
        let mut alphas = Vec::with_capacity(hist.len());
        for (s, y, rho) in hist.iter().rev() {
            let a = rho * dot(s, &q);
            q.iter_mut().zip(y).for_each(|(qi, yi)| *qi -= a * yi);
            alphas.push(a);
        }
        if let Some((s, y, _)) = hist.last() {
            let gamma = dot(s, y) / dot(y, y);
            q.iter_mut().for_each(|v| *v *= gamma);
        }
        for ((s, y, rho), a) in hist.iter().zip(alphas.iter().rev()) {
            let b = rho * dot(y, &q);
            q.iter_mut().zip(s).for_each(|(qi, si)| *qi += (a - b) * si);
        }
        let d: Vec<f32> = q.iter().map(|v| -v).collect();
        let slope = dot(&g, &d);
        if slope >= 0.0 {
            hist.clear();
            continue;
        }
        let mut step = if hist.is_empty() {
            1.0 / dot(&g, &g).sqrt().max(1e-12)
        } else {
            1.0
        };
        let mut g_new = vec![0f32; n];
        let mut accepted = None;
        for _ in 0..30 {
            let w_new: Vec<f32> = w.iter().zip(&d).map(|(wi, di)| wi + step * di).collect();
            let f_new = fg(&w_new, &mut g_new);
            if f_new <= f + 1e-4 * f64::from(step * slope) {
                accepted = Some((w_new, f_new));
                break;
            }
            step *= 0.5;
        }
        let Some((w_new, f_new)) = accepted else {
            break;
        };
        let s: Vec<f32> = w_new.iter().zip(&w).map(|(a, b)| a - b).collect();
        let y: Vec<f32> = g_new.iter().zip(&g).map(|(a, b)| a - b).collect();
        let sy = dot(&s, &y);
        if sy > 1e-10 {
            if hist.len() == 8 {
                hist.remove(0);
            }
            hist.push((s, y, 1.0 / sy));
        }
        w = w_new;
        g = g_new;
        f = f_new;
    }
    w
}

/// A one-hidden-layer tanh network over the hashed features: `W1` (buckets x h), then `W2` (h x 4) and a bias.
struct Mlp {
    h: usize,
    w: Vec<f32>,
}

impl Mlp {
    fn logits(&self, x: &[(u32, f32)], hidden: &mut [f32]) -> [f32; 4] {
        let h = self.h;
        hidden.iter_mut().for_each(|v| *v = 0.0);
        for &(b, v) in x {
            let row = &self.w[b as usize * h..b as usize * h + h];
            hidden.iter_mut().zip(row).for_each(|(a, w)| *a += w * v);
        }
        hidden.iter_mut().for_each(|v| *v = v.tanh());
        let w2 = &self.w[self.w.len() - h * 4 - 4..];
        let mut z = [0f32; 4];
        for c in 0..4 {
            z[c] = w2[h * 4 + c] + (0..h).map(|j| hidden[j] * w2[j * 4 + c]).sum::<f32>();
        }
        z
    }
}

fn train_mlp(
    examples: &[Example],
    buckets: usize,
    h: usize,
    l1: f32,
    l2: f32,
    iterations: usize,
    seed: u64,
) -> Mlp {
    let n1 = buckets * h;
    let n = n1 + h * 4 + 4;
    let mut w = vec![0f32; n];
    let mut seen = vec![false; buckets];
    for (x, _, _) in examples {
        for &(b, _) in x {
            seen[b as usize] = true;
        }
    }
    let mut state = seed;
    let mut uniform = || {
        state = splitmix(state);
        (state >> 40) as f32 / (1u64 << 24) as f32 * 2.0 - 1.0
    };
    for b in 0..buckets {
        if seen[b] {
            for j in 0..h {
                w[b * h + j] = MLP_INIT * uniform();
            }
        }
    }
    for v in &mut w[n1..n1 + h * 4] {
        *v = 0.3 * uniform();
    }
    let total: f32 = examples.iter().map(|e| e.2).sum();
    let fg = |w: &[f32], g: &mut [f32]| -> f64 {
        let mut f = 0f64;
        for (i, (gi, wi)) in g.iter_mut().zip(w).enumerate() {
            let l = if i < n1 {
                l1
            } else if i < n1 + h * 4 {
                l2
            } else {
                0.0
            };
            *gi = l * wi;
            f += 0.5 * f64::from(l) * f64::from(wi * wi);
        }
        let mut hid = vec![0f32; h];
        let mut dh = vec![0f32; h];
        let (g1, g2) = g.split_at_mut(n1);
        let w2 = &w[n1..];
        for (x, y, weight) in examples {
            hid.iter_mut().for_each(|v| *v = 0.0);
            for &(b, v) in x {
                let row = &w[b as usize * h..b as usize * h + h];
                hid.iter_mut().zip(row).for_each(|(a, wv)| *a += wv * v);
            }
            hid.iter_mut().for_each(|v| *v = v.tanh());
            let mut z = [0f32; 4];
            for c in 0..4 {
                z[c] = w2[h * 4 + c] + (0..h).map(|j| hid[j] * w2[j * 4 + c]).sum::<f32>();
            }
            let max = z.iter().copied().fold(f32::MIN, f32::max);
            z.iter_mut().for_each(|v| *v = (*v - max).exp());
            let sum: f32 = z.iter().sum();
            let scale = weight / total;
            f -= f64::from(scale * (z[*y] / sum).max(1e-30).ln());
            let mut d = [0f32; 4];
            for c in 0..4 {
                d[c] = scale * (z[c] / sum - if c == *y { 1.0 } else { 0.0 });
                g2[h * 4 + c] += d[c];
            }
            for j in 0..h {
                let mut s = 0f32;
                for c in 0..4 {
                    g2[j * 4 + c] += d[c] * hid[j];
                    s += d[c] * w2[j * 4 + c];
                }
                dh[j] = s * (1.0 - hid[j] * hid[j]);
            }
            for &(b, v) in x {
                let row = &mut g1[b as usize * h..b as usize * h + h];
                row.iter_mut().zip(&dh).for_each(|(gv, d)| *gv += d * v);
            }
        }
        f
    };
    let w = lbfgs(fg, w, iterations);
    Mlp { h, w }
}

/// Model-only comparison: held-out main-head logits of the linear model, the MLP and their mean log-probability.
fn mlp_experiment(
    rules: &Rules,
    data: &[Utterance],
    h: usize,
    l1: f32,
    l2: f32,
    iterations: usize,
) {
    let s = CHOSEN;
    let base = Classifier::new(rules.clone(), Model::untrained(s.features));
    let feats: Vec<Vec<(u32, f32)>> = data
        .iter()
        .map(|u| base.features(s.features, &u.text, prev_of(u)))
        .collect();
    let buckets = 1usize << s.features.bits;
    for &seed in &EXP_SEEDS[..1] {
        let folds = folds(data, seed);
        let cv = Cv::run(rules, data, &folds, &s);
        let mut mlp_logits = vec![[0f32; 4]; data.len()];
        for f in 0..FOLDS {
            let mut ex: Vec<Example> = feats
                .iter()
                .zip(data)
                .zip(&folds)
                .filter(|(_, k)| **k != f)
                .map(|((x, u), _)| (x.clone(), u.main.index(), 1.0))
                .collect();
            let mut counts = [0f32; 4];
            ex.iter().for_each(|e| counts[e.1] += 1.0);
            let nn = ex.len() as f32;
            ex.iter_mut().for_each(|e| e.2 = nn / (4.0 * counts[e.1]));
            let m = train_mlp(&ex, buckets, h, l1, l2, iterations, seed ^ f as u64);
            let mut hid = vec![0f32; h];
            for (i, _) in folds.iter().enumerate().filter(|(_, k)| **k == f) {
                mlp_logits[i] = m.logits(&feats[i], &mut hid);
            }
        }
        let lsm = |z: &[f32; 4]| {
            let p = alliance::classify::model::softmax(z);
            [p[0].ln(), p[1].ln(), p[2].ln(), p[3].ln()]
        };
        let mix: Vec<[f32; 4]> = cv
            .logits
            .iter()
            .zip(&mlp_logits)
            .map(|(a, b)| {
                let (a, b) = (lsm(a), lsm(b));
                [0, 1, 2, 3].map(|c| 0.5 * (a[c] + b[c]))
            })
            .collect();
        let report = |l: &[[f32; 4]]| {
            let mut c = Confusion::new(&["q", "r", "i", "o"]);
            for (z, u) in l.iter().zip(data) {
                let k = (0..4).fold(3, |a, k| if z[k] > z[a] { k } else { a });
                c.add(u.main.index(), k);
            }
            c.figures().macro_f1
        };
        println!(
            "seed {seed} h {h} l1 {l1:.0e} l2 {l2:.0e} it {iterations}: linear {:.4} mlp {:.4} mean {:.4}",
            report(&cv.logits),
            report(&mlp_logits),
            report(&mix)
        );
    }
}
