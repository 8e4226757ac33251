//! Reading an AnnoMI-shaped CSV (Wu et al. 2022) into labelled therapist utterances, with located errors.
//! It does not classify or score (see `eval`); the data itself never enters the repository.

use std::path::Path;

use super::MainBehaviour;
use super::csv;

/// Columns a file must have for evaluation or training.
pub const REQUIRED: [&str; 7] = [
    "transcript_id",
    "interlocutor",
    "utterance_text",
    "prev_utterance_text",
    "main_therapist_behaviour",
    "question_subtype",
    "reflection_subtype",
];

/// One therapist utterance with its human codes.
#[derive(Debug, Clone, PartialEq)]
pub struct Utterance {
    /// Line of the file the record starts on.
    pub line: usize,
    /// Transcript it belongs to (cross-validation folds are whole transcripts).
    pub transcript: String,
    /// What the therapist said.
    pub text: String,
    /// The utterance before it (usually the client's), empty at the start of a transcript.
    pub prev: String,
    /// The coders' 4-way main behaviour.
    pub main: MainBehaviour,
    /// For questions: `Some(true)` open, `Some(false)` closed.
    pub open: Option<bool>,
    /// For reflections: `Some(true)` complex, `Some(false)` simple.
    pub complex: Option<bool>,
}

/// Parses a main-behaviour label as AnnoMI writes it.
pub fn parse_main(label: &str) -> Option<MainBehaviour> {
    match label.trim() {
        "question" => Some(MainBehaviour::Question),
        "reflection" => Some(MainBehaviour::Reflection),
        "therapist_input" => Some(MainBehaviour::TherapistInput),
        "other" => Some(MainBehaviour::Other),
        _ => None,
    }
}

fn subtype(
    value: &str,
    yes: &str,
    no: &str,
    line: usize,
    column: &str,
) -> Result<Option<bool>, String> {
    match value.trim() {
        v if v == yes => Ok(Some(true)),
        v if v == no => Ok(Some(false)),
        "" | "n/a" | "NA" | "nan" => Ok(None),
        v => Err(format!(
            "line {line}: column '{column}' has '{v}', expected '{yes}', '{no}' or 'n/a'"
        )),
    }
}

/// Reads the therapist utterances of an AnnoMI-shaped CSV file.
pub fn load(path: &Path) -> Result<Vec<Utterance>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Reads the therapist utterances of AnnoMI-shaped CSV text.
pub fn parse(text: &str) -> Result<Vec<Utterance>, String> {
    let table = csv::parse(text)?;
    let mut col = [0usize; REQUIRED.len()];
    for (c, name) in col.iter_mut().zip(REQUIRED) {
        *c = table.column(name)?;
    }
    let [transcript, who, utt, prev, main, q, r] = col;
    let mut out = Vec::new();
    for rec in &table.records {
        let f = |i: usize| rec.fields[i].as_str();
        if f(who).trim() != "therapist" {
            continue;
        }
        let label = f(main);
        let Some(main) = parse_main(label) else {
            return Err(format!(
                "line {}: column 'main_therapist_behaviour' has '{}', expected question, reflection, \
                 therapist_input or other",
                rec.line,
                label.trim()
            ));
        };
        out.push(Utterance {
            line: rec.line,
            transcript: f(transcript).to_owned(),
            text: f(utt).to_owned(),
            prev: f(prev).to_owned(),
            main,
            open: subtype(f(q), "open", "closed", rec.line, "question_subtype")?,
            complex: subtype(f(r), "complex", "simple", rec.line, "reflection_subtype")?,
        });
    }
    if out.is_empty() {
        return Err(
            "no therapist utterances in the file (column 'interlocutor' = therapist)".into(),
        );
    }
    Ok(out)
}
