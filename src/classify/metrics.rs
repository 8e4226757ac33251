//! Agreement figures from a confusion matrix: per-class precision/recall/F1, macro-F1, accuracy, Cohen's kappa.
//! Pure arithmetic; it does not read files or classify (see `eval`).

use serde::{Deserialize, Serialize};

/// Counts of (gold, predicted) pairs over a fixed list of labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confusion {
    /// Label names, in matrix order.
    pub labels: Vec<String>,
    /// `matrix[gold][predicted]`.
    pub matrix: Vec<Vec<u64>>,
}

/// One class's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassFigures {
    /// The label.
    pub label: String,
    /// Of those predicted as this label, the share that were.
    pub precision: f64,
    /// Of those that were this label, the share predicted as it.
    pub recall: f64,
    /// Harmonic mean of precision and recall (0 when both are 0).
    pub f1: f64,
    /// How many gold items had this label.
    pub support: u64,
}

/// The summary of a confusion matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    /// Items counted.
    pub n: u64,
    /// Share of items predicted correctly.
    pub accuracy: f64,
    /// Unweighted mean of the per-class F1.
    pub macro_f1: f64,
    /// Cohen's kappa between gold and predicted.
    pub kappa: f64,
    /// Per-class figures, in label order.
    pub classes: Vec<ClassFigures>,
    /// The matrix itself.
    pub confusion: Confusion,
}

impl Confusion {
    /// An empty matrix over these labels.
    pub fn new(labels: &[&str]) -> Confusion {
        Confusion {
            labels: labels.iter().map(|s| (*s).to_owned()).collect(),
            matrix: vec![vec![0; labels.len()]; labels.len()],
        }
    }

    /// Counts one item.
    pub fn add(&mut self, gold: usize, predicted: usize) {
        self.matrix[gold][predicted] += 1;
    }

    /// Total items counted.
    pub fn total(&self) -> u64 {
        self.matrix.iter().flatten().sum()
    }

    /// All the figures.
    pub fn figures(&self) -> Figures {
        let k = self.labels.len();
        let n = self.total();
        let row = |i: usize| self.matrix[i].iter().sum::<u64>();
        let col = |j: usize| (0..k).map(|i| self.matrix[i][j]).sum::<u64>();
        let ratio = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let classes: Vec<ClassFigures> = (0..k)
            .map(|i| {
                let tp = self.matrix[i][i];
                let precision = ratio(tp, col(i));
                let recall = ratio(tp, row(i));
                let f1 = if precision + recall == 0.0 {
                    0.0
                } else {
                    2.0 * precision * recall / (precision + recall)
                };
                ClassFigures {
                    label: self.labels[i].clone(),
                    precision,
                    recall,
                    f1,
                    support: row(i),
                }
            })
            .collect();
        let correct: u64 = (0..k).map(|i| self.matrix[i][i]).sum();
        let accuracy = ratio(correct, n);
        let expected = if n == 0 {
            0.0
        } else {
            (0..k).map(|i| row(i) as f64 * col(i) as f64).sum::<f64>() / (n as f64 * n as f64)
        };
        let kappa = if (1.0 - expected).abs() < 1e-12 {
            0.0
        } else {
            (accuracy - expected) / (1.0 - expected)
        };
        let macro_f1 = if k == 0 {
            0.0
        } else {
            classes.iter().map(|c| c.f1).sum::<f64>() / k as f64
        };
        Figures {
            n,
            accuracy,
            macro_f1,
            kappa,
            classes,
            confusion: self.clone(),
        }
    }
}
