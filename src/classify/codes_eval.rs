//! `alliance eval codes <csv>`: the fine behaviour codes read against a labelled set (dialogues/classifier/codes/),
//! per code precision, recall and F1, and the confusions that matter most (a vice read as a reflection).

use std::fmt::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{BehaviourCode, Classifier, SCORED_CONFIDENCE, csv};

/// One labelled line: the patient's line, the clinician's reply and the codes a clinician gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Labelled {
    /// Line of the file the record starts on.
    pub line: usize,
    /// The row's id.
    pub id: String,
    /// The patient line it answers.
    pub patient: String,
    /// The clinician's reply.
    pub clinician: String,
    /// The codes it carries.
    pub codes: Vec<BehaviourCode>,
}

/// One code's figures over the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodeFigures {
    /// The code.
    pub code: BehaviourCode,
    /// Lines labelled with it.
    pub support: u64,
    /// Lines read with it (at scoring confidence).
    pub predicted: u64,
    /// Lines both labelled and read with it.
    pub true_positive: u64,
    /// Of those read with it, the share labelled with it.
    pub precision: f64,
    /// Of those labelled with it, the share read with it.
    pub recall: f64,
    /// Harmonic mean of the two (0 when both are 0).
    pub f1: f64,
}

/// A vice read as a reflection: lines labelled with `vice` and no reflection, read with a reflection code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ViceAsReflection {
    /// The vice (judging, persuade, confront).
    pub vice: BehaviourCode,
    /// Lines labelled with the vice and no reflection.
    pub lines: u64,
    /// Of those, read with a simple or complex reflection (or a summary).
    pub read_as_reflection: u64,
    /// Their ids.
    pub ids: Vec<String>,
}

/// A line read differently from its label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Miss {
    /// The row's id.
    pub id: String,
    /// The clinician's reply.
    pub clinician: String,
    /// Labelled but not read.
    pub missed: Vec<BehaviourCode>,
    /// Read but not labelled.
    pub extra: Vec<BehaviourCode>,
}

/// The evaluation of the fine codes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodesReport {
    /// The file read.
    pub file: String,
    /// Lines scored.
    pub lines: usize,
    /// Lines whose codes were read exactly.
    pub exact: usize,
    /// Per code, in the vocabulary's order (codes neither labelled nor read are left out).
    pub codes: Vec<CodeFigures>,
    /// Mean F1 over the codes listed.
    pub macro_f1: f64,
    /// Judging, persuade and confront read as a reflection.
    pub vice_as_reflection: Vec<ViceAsReflection>,
    /// Every line read differently from its label.
    pub misses: Vec<Miss>,
}

impl CodesReport {
    /// The figures for `code`, if it was labelled or read.
    pub fn get(&self, code: BehaviourCode) -> Option<&CodeFigures> {
        self.codes.iter().find(|c| c.code == code)
    }
}

/// Reads a labelled-codes CSV (columns `id`, `patient`, `clinician`, `codes`, space-separated).
pub fn load(path: &Path) -> Result<Vec<Labelled>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Reads labelled-codes CSV text.
pub fn parse(text: &str) -> Result<Vec<Labelled>, String> {
    let table = csv::parse(text)?;
    let [id, patient, clinician, codes] =
        ["id", "patient", "clinician", "codes"].map(|c| table.column(c));
    let (id, patient, clinician, codes) = (id?, patient?, clinician?, codes?);
    let mut out = Vec::new();
    for rec in &table.records {
        let mut list = Vec::new();
        for word in rec.fields[codes].split_whitespace() {
            let code = BehaviourCode::parse(word).ok_or_else(|| {
                format!(
                    "line {}: column 'codes' has '{word}', which is not a behaviour code (see docs/scoring.md)",
                    rec.line
                )
            })?;
            list.push(code);
        }
        out.push(Labelled {
            line: rec.line,
            id: rec.fields[id].clone(),
            patient: rec.fields[patient].clone(),
            clinician: rec.fields[clinician].clone(),
            codes: list,
        });
    }
    if out.is_empty() {
        return Err("no labelled lines in the file".into());
    }
    Ok(out)
}

/// The codes a reply is scored by: read with at least [`SCORED_CONFIDENCE`].
pub fn scored_codes(classifier: &Classifier, text: &str, patient: &str) -> Vec<BehaviourCode> {
    let prev = (!patient.trim().is_empty()).then_some(patient);
    classifier
        .classify(text, prev)
        .codes
        .into_iter()
        .filter(|c| c.confidence >= SCORED_CONFIDENCE)
        .map(|c| c.code)
        .collect()
}

fn reflects(codes: &[BehaviourCode]) -> bool {
    codes
        .iter()
        .any(|c| c.is_reflection() || *c == BehaviourCode::Summarise)
}

/// Scores `classifier` on labelled lines.
pub fn evaluate(classifier: &Classifier, file: &str, data: &[Labelled]) -> CodesReport {
    let n = BehaviourCode::ALL.len();
    let (mut support, mut predicted, mut tp) = (vec![0u64; n], vec![0u64; n], vec![0u64; n]);
    let vices = [
        BehaviourCode::Judging,
        BehaviourCode::Persuade,
        BehaviourCode::Confront,
    ];
    let mut vice: Vec<ViceAsReflection> = vices
        .iter()
        .map(|&v| ViceAsReflection {
            vice: v,
            lines: 0,
            read_as_reflection: 0,
            ids: Vec::new(),
        })
        .collect();
    let mut misses = Vec::new();
    let mut exact = 0;
    for l in data {
        let read = scored_codes(classifier, &l.clinician, &l.patient);
        for (k, code) in BehaviourCode::ALL.iter().enumerate() {
            let (g, p) = (l.codes.contains(code), read.contains(code));
            support[k] += u64::from(g);
            predicted[k] += u64::from(p);
            tp[k] += u64::from(g && p);
        }
        for v in &mut vice {
            if l.codes.contains(&v.vice) && !reflects(&l.codes) {
                v.lines += 1;
                if reflects(&read) {
                    v.read_as_reflection += 1;
                    v.ids.push(l.id.clone());
                }
            }
        }
        let missed: Vec<BehaviourCode> = l
            .codes
            .iter()
            .filter(|c| !read.contains(c))
            .copied()
            .collect();
        let extra: Vec<BehaviourCode> = read
            .iter()
            .filter(|c| !l.codes.contains(c))
            .copied()
            .collect();
        if missed.is_empty() && extra.is_empty() {
            exact += 1;
        } else {
            misses.push(Miss {
                id: l.id.clone(),
                clinician: l.clinician.clone(),
                missed,
                extra,
            });
        }
    }
    let ratio = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let codes: Vec<CodeFigures> = BehaviourCode::ALL
        .iter()
        .enumerate()
        .filter(|(k, _)| support[*k] + predicted[*k] > 0)
        .map(|(k, &code)| {
            let precision = ratio(tp[k], predicted[k]);
            let recall = ratio(tp[k], support[k]);
            let f1 = if precision + recall == 0.0 {
                0.0
            } else {
                2.0 * precision * recall / (precision + recall)
            };
            CodeFigures {
                code,
                support: support[k],
                predicted: predicted[k],
                true_positive: tp[k],
                precision,
                recall,
                f1,
            }
        })
        .collect();
    let macro_f1 = if codes.is_empty() {
        0.0
    } else {
        codes.iter().map(|c| c.f1).sum::<f64>() / codes.len() as f64
    };
    CodesReport {
        file: file.to_owned(),
        lines: data.len(),
        exact,
        codes,
        macro_f1,
        vice_as_reflection: vice,
        misses,
    }
}

/// Reads a labelled-codes CSV, scores the shipped classifier, and returns the report as text (with every
/// misread line when `errors`) or JSON.
pub fn run_codes(path: &Path, json: bool, errors: bool) -> Result<String, String> {
    let data = load(path)?;
    let report = evaluate(Classifier::shipped(), &path.display().to_string(), &data);
    if json {
        serde_json::to_string_pretty(&report)
            .map_err(|e| format!("cannot write the report as JSON: {e}"))
    } else {
        Ok(render(&report, errors))
    }
}

/// The report as plain text.
pub fn render(r: &CodesReport, errors: bool) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Fine codes: {}", r.file);
    let _ = writeln!(
        s,
        "{} lines, {} read exactly; codes counted at confidence >= {SCORED_CONFIDENCE} (what is scored)\n",
        r.lines, r.exact
    );
    let _ = writeln!(
        s,
        "  {:<26} {:>9} {:>7} {:>7} {:>8} {:>6}",
        "code", "precision", "recall", "F1", "support", "read"
    );
    for c in &r.codes {
        let _ = writeln!(
            s,
            "  {:<26} {:>9.3} {:>7.3} {:>7.3} {:>8} {:>6}",
            c.code.as_str(),
            c.precision,
            c.recall,
            c.f1,
            c.support,
            c.predicted
        );
    }
    let _ = writeln!(s, "  {:<26} {:>25.3}\n", "macro-F1", r.macro_f1);
    let _ = writeln!(
        s,
        "Vices read as a reflection (labelled with the vice and no reflection):"
    );
    for v in &r.vice_as_reflection {
        let _ = writeln!(
            s,
            "  {:<10} -> reflection: {} of {}{}",
            v.vice.as_str(),
            v.read_as_reflection,
            v.lines,
            if v.ids.is_empty() {
                String::new()
            } else {
                format!(" ({})", v.ids.join(", "))
            }
        );
    }
    if errors {
        let _ = writeln!(s, "\nMisread lines:");
        for m in &r.misses {
            let list =
                |v: &[BehaviourCode]| v.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(" ");
            let _ = writeln!(
                s,
                "  {}: {:?}  missed [{}] extra [{}]",
                m.id,
                m.clinician,
                list(&m.missed),
                list(&m.extra)
            );
        }
    }
    s
}
