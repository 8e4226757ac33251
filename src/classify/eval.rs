//! `alliance eval annomi <csv>`: the classifier against human coders on AnnoMI-shaped data, as text or JSON.
//! It reads files through `annomi` and computes figures through `metrics`; it does not train.

use std::fmt::Write;
use std::path::Path;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use super::annomi::{self, Utterance};
use super::metrics::{Confusion, Figures};
use super::{Classifier, MainBehaviour};

/// Published figures on AnnoMI's held-back portion, for comparison (see ../shared/eval/annomi/README.md beside the project).
pub const REFERENCE: [(&str, f64); 3] = [
    ("keyword rules, macro-F1", 0.575),
    ("TF-IDF + logistic regression, macro-F1", 0.718),
    ("human coders, Cohen's kappa", 0.737),
];

/// The evaluation result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The file read.
    pub file: String,
    /// Therapist utterances scored.
    pub therapist_utterances: usize,
    /// 4-way main behaviour (question / reflection / therapist_input / other).
    pub main: Figures,
    /// Open vs closed, over the utterances the coders called questions with a subtype.
    pub question_subtype: Figures,
    /// Simple vs complex, over the utterances the coders called reflections with a subtype.
    pub reflection_subtype: Figures,
    /// Mean classification time per utterance, in microseconds.
    pub micros_per_utterance: f64,
}

/// Scores `classifier` on labelled utterances.
pub fn evaluate(classifier: &Classifier, file: &str, data: &[Utterance]) -> Report {
    let labels: Vec<&str> = MainBehaviour::ALL.iter().map(|m| m.as_str()).collect();
    let mut main = Confusion::new(&labels);
    let mut question = Confusion::new(&["open", "closed"]);
    let mut reflection = Confusion::new(&["simple", "complex"]);
    let started = Instant::now();
    for u in data {
        let prev = (!u.prev.trim().is_empty()).then_some(u.prev.as_str());
        let a = classifier.analyse(&u.text, prev);
        main.add(u.main.index(), a.classification.main.index());
        if u.main == MainBehaviour::Question
            && let Some(open) = u.open
        {
            question.add(usize::from(!open), usize::from(a.open < 0.5));
        }
        if u.main == MainBehaviour::Reflection
            && let Some(complex) = u.complex
        {
            reflection.add(usize::from(complex), usize::from(a.complex >= 0.5));
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    Report {
        file: file.to_owned(),
        therapist_utterances: data.len(),
        main: main.figures(),
        question_subtype: question.figures(),
        reflection_subtype: reflection.figures(),
        micros_per_utterance: if data.is_empty() {
            0.0
        } else {
            elapsed * 1e6 / data.len() as f64
        },
    }
}

/// Reads an AnnoMI-shaped CSV, scores the shipped classifier on its therapist utterances, and returns the
/// report as text (or JSON when `json`). Errors (missing file or column, malformed row) name the line.
pub fn run_annomi(csv_path: &Path, json: bool) -> Result<String, String> {
    let data = annomi::load(csv_path)?;
    let report = evaluate(
        Classifier::shipped(),
        &csv_path.display().to_string(),
        &data,
    );
    if json {
        serde_json::to_string_pretty(&report)
            .map_err(|e| format!("cannot write the report as JSON: {e}"))
    } else {
        Ok(render(&report))
    }
}

/// The report as a plain-text table.
pub fn render(r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "AnnoMI evaluation: {}", r.file);
    let _ = writeln!(
        s,
        "{} therapist utterances, {:.0} µs each on average\n",
        r.therapist_utterances, r.micros_per_utterance
    );
    section(&mut s, "Main behaviour (4-way)", &r.main);
    section(
        &mut s,
        "Question subtype (over coded questions)",
        &r.question_subtype,
    );
    section(
        &mut s,
        "Reflection subtype (over coded reflections)",
        &r.reflection_subtype,
    );
    let _ = writeln!(
        s,
        "Reference figures on AnnoMI's held-back portion (not this file):"
    );
    for (what, v) in REFERENCE {
        let _ = writeln!(s, "  {what}: {v:.3}");
    }
    s
}

fn section(s: &mut String, title: &str, f: &Figures) {
    let _ = writeln!(s, "{title}: n = {}", f.n);
    let _ = writeln!(
        s,
        "  macro-F1 {:.3}   accuracy {:.3}   Cohen's kappa {:.3}",
        f.macro_f1, f.accuracy, f.kappa
    );
    let _ = writeln!(
        s,
        "  {:<16} {:>9} {:>7} {:>7} {:>8}",
        "class", "precision", "recall", "F1", "support"
    );
    for c in &f.classes {
        let _ = writeln!(
            s,
            "  {:<16} {:>9.3} {:>7.3} {:>7.3} {:>8}",
            c.label, c.precision, c.recall, c.f1, c.support
        );
    }
    let _ = writeln!(s, "  confusion (rows: coders, columns: classifier)");
    let _ = write!(s, "  {:<16}", "");
    for l in &f.confusion.labels {
        let _ = write!(s, " {:>15}", l);
    }
    let _ = writeln!(s);
    for (l, row) in f.confusion.labels.iter().zip(&f.confusion.matrix) {
        let _ = write!(s, "  {:<16}", l);
        for v in row {
            let _ = write!(s, " {:>15}", v);
        }
        let _ = writeln!(s);
    }
    let _ = writeln!(s);
}
