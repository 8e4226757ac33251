//! Fitting the linear model: weighted softmax regression by L-BFGS, deterministic and dependency-free.
//! Used by examples/train_classifier/; it does not read data or choose settings (the example does).

/// One training example: sparse features, class, weight.
pub type Example = (Vec<(u32, f32)>, usize, f32);

/// Remembered steps of L-BFGS.
const MEMORY: usize = 8;

/// Options of [`fit_softmax_with`].
#[derive(Debug, Clone, Default)]
pub struct FitOptions<'a> {
    /// Per-weight multiplier of the L2 strength (`bucket * k + class`); `None` for 1 everywhere.
    pub penalty: Option<&'a [f32]>,
}

/// Weighted mean cross-entropy plus L2, and its gradient, for weights laid out `bucket * k + class`.
fn loss(
    examples: &[Example],
    w: &[f32],
    k: usize,
    lambda: f32,
    opts: &FitOptions,
    grad: &mut [f32],
) -> f64 {
    let total: f32 = examples.iter().map(|e| e.2).sum();
    let mut f = 0f64;
    for (i, (g, wi)) in grad.iter_mut().zip(w).enumerate() {
        let l = lambda * opts.penalty.map_or(1.0, |p| p[i]);
        *g = l * wi;
        f += 0.5 * f64::from(l) * f64::from(wi * wi);
    }
    let mut z = vec![0f32; k];
    for (x, y, weight) in examples {
        z.iter_mut().for_each(|v| *v = 0.0);
        for &(b, v) in x {
            for c in 0..k {
                z[c] += w[b as usize * k + c] * v;
            }
        }
        let max = z.iter().copied().fold(f32::MIN, f32::max);
        z.iter_mut().for_each(|v| *v = (*v - max).exp());
        let sum: f32 = z.iter().sum();
        let scale = weight / total;
        f -= f64::from(scale * (z[*y] / sum).ln());
        for c in 0..k {
            let d = scale * (z[c] / sum - if c == *y { 1.0 } else { 0.0 });
            for &(b, v) in x {
                grad[b as usize * k + c] += d * v;
            }
        }
    }
    f
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Fits a multinomial logistic regression (`k` classes over `buckets` hashed features) by minimising the
/// weighted mean cross-entropy plus `lambda / 2 * |w|^2` with limited-memory BFGS and a backtracking (Armijo)
/// line search, for at most `iterations` steps. Deterministic. Weights come back laid out `bucket * k + class`.
pub fn fit_softmax(
    examples: &[Example],
    buckets: usize,
    k: usize,
    lambda: f32,
    iterations: usize,
) -> Vec<f32> {
    fit_softmax_with(
        examples,
        buckets,
        k,
        lambda,
        iterations,
        &FitOptions::default(),
    )
}

/// [`fit_softmax`] with per-weight L2 multipliers (`lambda * penalty[i]` for weight `i`).
pub fn fit_softmax_with(
    examples: &[Example],
    buckets: usize,
    k: usize,
    lambda: f32,
    iterations: usize,
    opts: &FitOptions,
) -> Vec<f32> {
    let n = buckets * k;
    let mut w = vec![0f32; n];
    let mut g = vec![0f32; n];
    let mut f = loss(examples, &w, k, lambda, opts, &mut g);
    let mut hist: Vec<(Vec<f32>, Vec<f32>, f32)> = Vec::new();
    for _ in 0..iterations {
        // Two-loop recursion: d = -H g.
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
            let f_new = loss(examples, &w_new, k, lambda, opts, &mut g_new);
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
            if hist.len() == MEMORY {
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

/// Per-weight L2 multipliers from naive-Bayes log-count ratios (the scaling of Wang & Manning's NB-SVM, 2012,
/// used as a prior): with `r` = |log ratio| of a feature's presence rate in class `c` against the other classes
/// (add-one smoothed) and `s = 1 - share + share * r / mean r`, weight `(bucket, c)` gets `1 / s^2`, so a feature
/// that separates a class from the rest is penalised less in that class's row. Training on features scaled by
/// `s` is the same model. The `bias` bucket keeps 1. Laid out `bucket * k + class`, like the weights.
pub fn nb_penalty(
    examples: &[Example],
    buckets: usize,
    k: usize,
    share: f32,
    bias: u32,
) -> Vec<f32> {
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
    let (mut sum_r, mut n_r) = (0f64, 0f64);
    for b in 0..buckets {
        let row = &count[b * k..b * k + k];
        let seen: f32 = row.iter().sum();
        for c in 0..k {
            let p = (1.0 + row[c]) / (buckets as f32 + totals[c]);
            let q = (1.0 + seen - row[c]) / (buckets as f32 + all - totals[c]);
            r[b * k + c] = (p / q).ln().abs();
            if seen > 0.0 {
                sum_r += f64::from(r[b * k + c]);
                n_r += 1.0;
            }
        }
    }
    let mean = if n_r > 0.0 { (sum_r / n_r) as f32 } else { 1.0 };
    r.iter()
        .enumerate()
        .map(|(i, &ri)| {
            if i / k == bias as usize {
                return 1.0;
            }
            let s = 1.0 - share + share * ri / mean;
            1.0 / (s * s).max(1e-3)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_toy_problem() {
        // Feature 0 means class 0, feature 1 class 1, feature 2 (always on) is the intercept.
        let ex: Vec<Example> = (0..20)
            .map(|i| (vec![((i % 2) as u32, 1.0), (2, 1.0)], (i % 2) as usize, 1.0))
            .collect();
        let w = fit_softmax(&ex, 4, 2, 1e-3, 50);
        assert!(w[0] > w[1], "feature 0 favours class 0: {w:?}");
        assert!(w[3] > w[2], "feature 1 favours class 1: {w:?}");
        assert_eq!(w, fit_softmax(&ex, 4, 2, 1e-3, 50), "deterministic");
    }

    #[test]
    fn nb_penalty_favours_separating_features() {
        // Feature 0 only in class 0, feature 1 in both, feature 2 the intercept.
        let ex: Vec<Example> = (0..20)
            .map(|i| {
                let mut x = vec![(1, 0.5), (2, 1.0)];
                if i % 2 == 0 {
                    x.insert(0, (0, 0.5));
                }
                (x, (i % 2) as usize, 1.0)
            })
            .collect();
        let p = nb_penalty(&ex, 4, 2, 0.25, 2);
        assert!(p[0] < p[2], "separating feature penalised less: {p:?}");
        assert_eq!((p[4], p[5]), (1.0, 1.0), "the intercept keeps plain L2");
        assert_eq!(
            nb_penalty(&ex, 4, 2, 0.0, 2),
            vec![1.0; 8],
            "share 0 is plain L2"
        );
        let w = fit_softmax_with(&ex, 4, 2, 1e-3, 50, &FitOptions { penalty: Some(&p) });
        assert!(w[0] > w[1], "feature 0 favours class 0: {w:?}");
    }
}
