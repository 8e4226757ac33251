//! `--subtype`: where simple vs complex reflection loses agreement with the coders, measured in grouped
//! cross-validation: the subtype head alone, with the rule nudges, each nudge removed, other head settings.

use alliance::classify::annomi::Utterance;
use alliance::classify::metrics::{Confusion, Figures};
use alliance::classify::model::{Model, ROWS};
use alliance::classify::rules::Rules;
use alliance::classify::{Classifier, MainBehaviour};

use super::{CHOSEN, FOLDS, Settings, folds, prev_of, train, train_head};

/// One coded reflection read by its fold's model: the coders' label, the head's leaning, the classifier's.
struct Case {
    fold: usize,
    complex: bool,
    head: f32,
    full: f32,
}

/// A way to read the subtype: which head, which nudges.
struct Variant {
    label: String,
    head: Settings,
    rules: Rules,
}

/// Prints, per variant, kappa and macro-F1 of the head alone and of the full classifier at 0.5, and kappa with a
/// threshold chosen on the other folds (nested), as means over `seeds`.
pub fn study(rules: &Rules, data: &[Utterance], seeds: &[u64]) {
    let mut variants = Vec::new();
    for depth_lambda in [1e-4f32, 3e-3, 1e-2, 3e-2] {
        for (label, r) in nudge_variants(rules) {
            variants.push(Variant {
                label: format!("head lambda {depth_lambda:.0e}, {label}"),
                head: Settings {
                    depth_lambda,
                    ..CHOSEN
                },
                rules: r,
            });
        }
    }
    let mut sums = vec![[0f64; 6]; variants.len()];
    for &seed in seeds {
        let folds = folds(data, seed);
        let base: Vec<Model> = (0..FOLDS)
            .map(|f| train(rules, &part(data, &folds, f), &CHOSEN))
            .collect();
        for (v, sum) in variants.iter().zip(&mut sums) {
            let models: Vec<Model> = base
                .iter()
                .enumerate()
                .map(|(f, m)| with_head(rules, m, &part(data, &folds, f), &v.head))
                .collect();
            let cases = read(&v.rules, &models, data, &folds);
            let head = figures(&cases, |c| c.head, 0.5);
            let full = figures(&cases, |c| c.full, 0.5);
            let nested = nested_kappa(&cases, |c| c.full);
            let nested_head = nested_kappa(&cases, |c| c.head);
            if std::env::var_os("SUBTYPE_OFFSETS").is_some() {
                let (off, pooled, best) = offset_study(&v.rules, &models, data, &folds);
                println!(
                    "{seed} | {} | offset nested κ {off:.3} | pooled best {best:+.1} κ {pooled:.3}",
                    v.label
                );
            }
            for (s, x) in sum.iter_mut().zip([
                head.kappa,
                head.macro_f1,
                full.kappa,
                full.macro_f1,
                nested_head,
                nested,
            ]) {
                *s += x;
            }
        }
        eprintln!("seed {seed} done");
    }
    println!(
        "| variant ({} fold seeds, mean) | head κ | head macro-F1 | with nudges κ | with nudges macro-F1 | head κ, threshold from other folds | with nudges κ, threshold from other folds |",
        seeds.len()
    );
    println!("|---|---|---|---|---|---|---|");
    for (v, s) in variants.iter().zip(&sums) {
        let n = seeds.len() as f64;
        println!(
            "| {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |",
            v.label,
            s[0] / n,
            s[1] / n,
            s[2] / n,
            s[3] / n,
            s[4] / n,
            s[5] / n
        );
    }
}

/// A complex-leaning offset on the subtype head's intercept, chosen for each fold on the other folds (kappa of
/// the full classifier): (nested kappa, pooled kappa at the pooled best offset, that offset).
fn offset_study(
    rules: &Rules,
    base: &[Model],
    data: &[Utterance],
    folds: &[usize],
) -> (f64, f64, f32) {
    let steps: Vec<f32> = (-10..=10).map(|i| i as f32 * 0.1).collect();
    let per: Vec<Vec<Case>> = steps
        .iter()
        .map(|&b| {
            let models: Vec<Model> = base.iter().map(|m| with_offset(m, b)).collect();
            read(rules, &models, data, folds)
        })
        .collect();
    let kappa = |cases: &[&Case]| {
        let mut c = Confusion::new(&["simple", "complex"]);
        for case in cases {
            c.add(usize::from(case.complex), usize::from(case.full >= 0.5));
        }
        c.figures().kappa
    };
    let best_on = |include: &dyn Fn(usize) -> bool| {
        let mut best = (0usize, f64::MIN);
        for (i, cases) in per.iter().enumerate() {
            let sel: Vec<&Case> = cases.iter().filter(|c| include(c.fold)).collect();
            let k = kappa(&sel);
            if k > best.1 + 1e-9 || (k > best.1 - 1e-9 && steps[i].abs() < steps[best.0].abs()) {
                best = (i, k);
            }
        }
        best
    };
    let mut nested: Vec<&Case> = Vec::new();
    for f in 0..FOLDS {
        let (i, _) = best_on(&|k| k != f);
        nested.extend(per[i].iter().filter(|c| c.fold == f));
    }
    let (i, pooled) = best_on(&|_| true);
    (kappa(&nested), pooled, steps[i])
}

/// `model` with `b` added to the complex row of the subtype head's intercept.
pub fn with_offset(model: &Model, b: f32) -> Model {
    let mut w = model.weights().to_vec();
    let bias = alliance::classify::features::bias_bucket(model.config) as usize;
    w[bias * ROWS + 7] += b;
    Model::from_weights(model.config, w).unwrap_or_else(|e| panic!("{e}"))
}

/// The shipped nudges, none, each one removed, all halved, all doubled.
fn nudge_variants(rules: &Rules) -> Vec<(&'static str, Rules)> {
    let nudged = |f: &dyn Fn(&mut Rules)| {
        let mut r = rules.clone();
        f(&mut r);
        r
    };
    vec![
        ("shipped nudges", rules.clone()),
        (
            "no nudges",
            nudged(&|r| {
                r.nudges.added_meaning = 0.0;
                r.nudges.new_feeling = 0.0;
                r.nudges.novelty = 0.0;
            }),
        ),
        (
            "without added meaning",
            nudged(&|r| r.nudges.added_meaning = 0.0),
        ),
        (
            "without new feeling",
            nudged(&|r| r.nudges.new_feeling = 0.0),
        ),
        ("without novelty", nudged(&|r| r.nudges.novelty = 0.0)),
        (
            "nudges x0.5",
            nudged(&|r| {
                r.nudges.added_meaning *= 0.5;
                r.nudges.new_feeling *= 0.5;
                r.nudges.novelty *= 0.5;
            }),
        ),
        (
            "nudges x2",
            nudged(&|r| {
                r.nudges.added_meaning *= 2.0;
                r.nudges.new_feeling *= 2.0;
                r.nudges.novelty *= 2.0;
            }),
        ),
    ]
}

/// The same readings on a labelled file with one model (the shipped weights): to report, not to choose.
pub fn report_file(rules: &Rules, model: &Model, data: &[Utterance]) {
    let folds = vec![0; data.len()];
    println!("| reading | κ | macro-F1 |");
    println!("|---|---|---|");
    for (i, (label, r)) in nudge_variants(rules).into_iter().enumerate() {
        let cases = read(&r, std::slice::from_ref(model), data, &folds);
        if i == 0 {
            let head = figures(&cases, |c| c.head, 0.5);
            println!("| head alone | {:.3} | {:.3} |", head.kappa, head.macro_f1);
        }
        let full = figures(&cases, |c| c.full, 0.5);
        println!("| {label} | {:.3} | {:.3} |", full.kappa, full.macro_f1);
    }
}

fn part(data: &[Utterance], folds: &[usize], f: usize) -> Vec<Utterance> {
    data.iter()
        .zip(folds)
        .filter(|(_, k)| **k != f)
        .map(|(u, _)| u.clone())
        .collect()
}

/// `model` with its subtype head retrained on `data` with `s`'s head settings (the same head when `s` is CHOSEN).
fn with_head(rules: &Rules, model: &Model, data: &[Utterance], s: &Settings) -> Model {
    if s.depth_lambda == CHOSEN.depth_lambda
        && s.balanced == CHOSEN.balanced
        && s.sub_nb == CHOSEN.sub_nb
    {
        return model.clone();
    }
    let mut w = model.weights().to_vec();
    train_head(rules, data, s, 2, &mut w);
    debug_assert_eq!(w.len() % ROWS, 0);
    Model::from_weights(model.config, w).unwrap_or_else(|e| panic!("{e}"))
}

/// Every coded reflection, read by the model of its own (held-out) fold.
fn read(rules: &Rules, models: &[Model], data: &[Utterance], folds: &[usize]) -> Vec<Case> {
    let cs: Vec<Classifier> = models
        .iter()
        .map(|m| Classifier::new(rules.clone(), m.clone()))
        .collect();
    data.iter()
        .zip(folds)
        .filter(|(u, _)| u.main == MainBehaviour::Reflection)
        .filter_map(|(u, &f)| {
            let complex = u.complex?;
            let x = cs[f].features(models[f].config, &u.text, prev_of(u));
            let head = Model::probs(&models[f].scores(&x), 2)[1];
            let full = cs[f].analyse(&u.text, prev_of(u)).complex;
            Some(Case {
                fold: f,
                complex,
                head,
                full,
            })
        })
        .collect()
}

fn figures(cases: &[Case], p: impl Fn(&Case) -> f32, threshold: f32) -> Figures {
    let mut c = Confusion::new(&["simple", "complex"]);
    for case in cases {
        c.add(usize::from(case.complex), usize::from(p(case) >= threshold));
    }
    c.figures()
}

/// Kappa when each fold's threshold is the one (0.30-0.70) that maximises kappa on the other folds.
fn nested_kappa(cases: &[Case], p: impl Fn(&Case) -> f32 + Copy) -> f64 {
    let mut c = Confusion::new(&["simple", "complex"]);
    for f in 0..FOLDS {
        let others: Vec<&Case> = cases.iter().filter(|c| c.fold != f).collect();
        let t = best_threshold(&others, p);
        for case in cases.iter().filter(|c| c.fold == f) {
            c.add(usize::from(case.complex), usize::from(p(case) >= t));
        }
    }
    c.figures().kappa
}

/// The threshold in 0.30-0.70 (steps of 0.02) with the highest kappa on `cases`; ties go to the one nearest 0.5.
fn best_threshold(cases: &[&Case], p: impl Fn(&Case) -> f32) -> f32 {
    let mut best = (0.5f32, f64::MIN);
    for step in 0..=20 {
        let t = 0.3 + step as f32 * 0.02;
        let mut c = Confusion::new(&["simple", "complex"]);
        for case in cases {
            c.add(usize::from(case.complex), usize::from(p(case) >= t));
        }
        let k = c.figures().kappa;
        if k > best.1 + 1e-9 || (k > best.1 - 1e-9 && (t - 0.5).abs() < (best.0 - 0.5).abs()) {
            best = (t, k);
        }
    }
    best.0
}
