//! `alliance eval annomi --transcripts <csv>`: whether what Alliance rewards is what MI experts call good practice.
//! Each transcript's therapist turns are read and scored in order; the mean value separates high from low MI.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use serde::Serialize;

use crate::classify::{Classifier, SCORED_CONFIDENCE, csv};
use crate::scoring::{Context, Rubric, code_bit, reply_value, score};
use crate::vignette::BehaviourCode;
use crate::vignette::model::{Effects, Talk};

/// Bootstrap resamples for the interval.
const BOOTSTRAP: usize = 2_000;

/// One transcript played through the classifier and the rubric.
#[derive(Debug, Clone, Serialize)]
pub struct TranscriptScore {
    /// The transcript's id.
    pub id: String,
    /// Its topic, as the file gives it.
    pub topic: String,
    /// AnnoMI's label: high-quality MI.
    pub high: bool,
    /// Therapist turns scored.
    pub turns: usize,
    /// Mean value per therapist turn (`scoring::reply_value`: bond + goal + task + ½ empathy).
    pub score: f64,
}

/// How well the score separates high- from low-quality transcripts.
#[derive(Debug, Clone, Serialize)]
pub struct Separation {
    /// High-quality transcripts.
    pub high: usize,
    /// Low-quality transcripts.
    pub low: usize,
    /// ROC AUC (the chance a high transcript scores above a low one; ties count half); none without both kinds.
    pub auc: Option<f64>,
}

/// The report.
#[derive(Debug, Clone, Serialize)]
pub struct TranscriptReport {
    /// The file read.
    pub file: String,
    /// Every transcript, in file order.
    pub transcripts: Vec<TranscriptScore>,
    /// Over all transcripts.
    pub overall: Separation,
    /// 95% bootstrap interval of the AUC (transcripts resampled within each label, seeded).
    pub interval: Option<(f64, f64)>,
    /// Per topic (only topics with both labels have an AUC).
    pub topics: BTreeMap<String, Separation>,
}

struct Row {
    transcript: String,
    therapist: bool,
    text: String,
    prev: String,
    high: bool,
    topic: String,
    talk: Option<Talk>,
}

fn load(path: &Path) -> Result<Vec<Row>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let table = csv::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let col = |n: &str| {
        table
            .column(n)
            .map_err(|e| format!("{}: {e}", path.display()))
    };
    let (t, who, utt, prev, quality, topic, talk) = (
        col("transcript_id")?,
        col("interlocutor")?,
        col("utterance_text")?,
        col("prev_utterance_text")?,
        col("mi_quality")?,
        col("topic")?,
        col("client_talk_type")?,
    );
    let mut rows = Vec::new();
    for r in &table.records {
        let f = |i: usize| r.fields[i].trim();
        let high = match f(quality) {
            "high" => true,
            "low" => false,
            q => {
                return Err(format!(
                    "{}: line {}: column 'mi_quality' has '{q}', expected high or low",
                    path.display(),
                    r.line
                ));
            }
        };
        rows.push(Row {
            transcript: f(t).to_owned(),
            therapist: f(who) == "therapist",
            text: r.fields[utt].clone(),
            prev: r.fields[prev].clone(),
            high,
            topic: f(topic).to_owned(),
            talk: match f(talk) {
                "change" => Some(Talk::Change),
                "sustain" => Some(Talk::Sustain),
                _ => None,
            },
        });
    }
    Ok(rows)
}

/// Plays one transcript's therapist turns in order through `classifier` and `rubric`: the context rules see the
/// codes of earlier turns and the client's last talk type; no rupture is opened (a transcript has no markers).
fn play(rows: &[&Row], classifier: &Classifier, rubric: &Rubric) -> (usize, f64) {
    let mut earlier: Vec<Vec<BehaviourCode>> = Vec::new();
    let mut session = 0u32;
    let mut talk = None;
    let mut total = 0.0;
    for r in rows {
        if !r.therapist {
            talk = r.talk;
            continue;
        }
        let prev = (!r.prev.trim().is_empty()).then_some(r.prev.as_str());
        let codes: Vec<BehaviourCode> = classifier
            .classify(&r.text, prev)
            .codes
            .into_iter()
            .filter(|c| c.confidence >= SCORED_CONFIDENCE)
            .map(|c| c.code)
            .collect();
        let ctx = Context {
            earlier: &earlier,
            session_codes: session,
            rupture_open: false,
            after_talk: talk,
            stalled: 0,
            phase: None,
            limit_stated: false,
        };
        total += reply_value(&score(rubric, &codes, &Effects::default(), &ctx).delta);
        for c in &codes {
            session |= code_bit(*c);
        }
        earlier.push(codes);
        talk = None;
    }
    (
        earlier.len(),
        if earlier.is_empty() {
            0.0
        } else {
            total / earlier.len() as f64
        },
    )
}

/// The ROC AUC of `score` for `high` against the rest (Mann-Whitney; ties count half).
pub fn auc(scores: &[(bool, f64)]) -> Option<f64> {
    let high: Vec<f64> = scores.iter().filter(|s| s.0).map(|s| s.1).collect();
    let low: Vec<f64> = scores.iter().filter(|s| !s.0).map(|s| s.1).collect();
    if high.is_empty() || low.is_empty() {
        return None;
    }
    let mut wins = 0.0;
    for h in &high {
        for l in &low {
            wins += if h > l {
                1.0
            } else if h == l {
                0.5
            } else {
                0.0
            };
        }
    }
    Some(wins / (high.len() * low.len()) as f64)
}

fn separation(scores: &[(bool, f64)]) -> Separation {
    Separation {
        high: scores.iter().filter(|s| s.0).count(),
        low: scores.iter().filter(|s| !s.0).count(),
        auc: auc(scores),
    }
}

/// A small seeded generator (xorshift64*), so the interval is the same on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    }
}

/// 95% percentile interval of the AUC over `BOOTSTRAP` resamples, high and low transcripts resampled separately.
fn bootstrap(scores: &[(bool, f64)]) -> Option<(f64, f64)> {
    let high: Vec<(bool, f64)> = scores.iter().filter(|s| s.0).copied().collect();
    let low: Vec<(bool, f64)> = scores.iter().filter(|s| !s.0).copied().collect();
    if high.is_empty() || low.is_empty() {
        return None;
    }
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut aucs: Vec<f64> = (0..BOOTSTRAP)
        .filter_map(|_| {
            let mut s: Vec<(bool, f64)> = (0..high.len())
                .map(|_| high[rng.below(high.len())])
                .collect();
            s.extend((0..low.len()).map(|_| low[rng.below(low.len())]));
            auc(&s)
        })
        .collect();
    aucs.sort_by(f64::total_cmp);
    let at = |q: f64| aucs[((aucs.len() - 1) as f64 * q).round() as usize];
    Some((at(0.025), at(0.975)))
}

/// Scores every transcript of an AnnoMI-shaped CSV (all utterances, both speakers, in order).
pub fn evaluate(
    path: &Path,
    classifier: &Classifier,
    rubric: &Rubric,
) -> Result<TranscriptReport, String> {
    let rows = load(path)?;
    let mut order: Vec<&str> = Vec::new();
    let mut by: BTreeMap<&str, Vec<&Row>> = BTreeMap::new();
    for r in &rows {
        if !by.contains_key(r.transcript.as_str()) {
            order.push(&r.transcript);
        }
        by.entry(&r.transcript).or_default().push(r);
    }
    let transcripts: Vec<TranscriptScore> = order
        .iter()
        .map(|id| {
            let rs = &by[id];
            let (turns, score) = play(rs, classifier, rubric);
            TranscriptScore {
                id: (*id).to_owned(),
                topic: rs[0].topic.clone(),
                high: rs[0].high,
                turns,
                score,
            }
        })
        .filter(|t| t.turns > 0)
        .collect();
    if transcripts.is_empty() {
        return Err(format!("{}: no therapist turns", path.display()));
    }
    let all: Vec<(bool, f64)> = transcripts.iter().map(|t| (t.high, t.score)).collect();
    let mut topics: BTreeMap<String, Vec<(bool, f64)>> = BTreeMap::new();
    for t in &transcripts {
        topics
            .entry(t.topic.clone())
            .or_default()
            .push((t.high, t.score));
    }
    Ok(TranscriptReport {
        file: path.display().to_string(),
        overall: separation(&all),
        interval: bootstrap(&all),
        topics: topics
            .iter()
            .map(|(k, v)| (k.clone(), separation(v)))
            .collect(),
        transcripts,
    })
}

/// The report as text, or JSON when `json`.
pub fn run(path: &Path, json: bool) -> Result<String, String> {
    let r = evaluate(path, Classifier::shipped(), &Rubric::shipped())?;
    if json {
        return serde_json::to_string_pretty(&r).map_err(|e| format!("cannot write JSON: {e}"));
    }
    let mut s = String::new();
    let fmt = |a: Option<f64>| a.map_or("n/a".to_owned(), |a| format!("{a:.3}"));
    let _ = writeln!(s, "Transcript-level validity: {}", r.file);
    let _ = writeln!(
        s,
        "Each transcript's therapist turns read and scored in order (mean value per turn); ROC AUC of that score \
         for AnnoMI's high- vs low-quality MI label.\n"
    );
    let _ = writeln!(
        s,
        "  all topics: AUC {} (95% bootstrap {}), {} high, {} low",
        fmt(r.overall.auc),
        r.interval
            .map_or("n/a".into(), |(a, b)| format!("{a:.3}-{b:.3}")),
        r.overall.high,
        r.overall.low
    );
    for (topic, sep) in &r.topics {
        let _ = writeln!(
            s,
            "  {topic}: AUC {}, {} high, {} low",
            fmt(sep.auc),
            sep.high,
            sep.low
        );
    }
    let _ = writeln!(
        s,
        "\n  {:<12} {:<8} {:>6} {:>8}  topic",
        "transcript", "quality", "turns", "score"
    );
    for t in &r.transcripts {
        let _ = writeln!(
            s,
            "  {:<12} {:<8} {:>6} {:>8.2}  {}",
            t.id,
            if t.high { "high" } else { "low" },
            t.turns,
            t.score,
            t.topic
        );
    }
    Ok(s)
}
