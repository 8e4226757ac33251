//! `alliance eval paraphrases <folder>`: how well the typed-reply matcher finds the written reply a student meant
//! when they say it in other words, and whether it ever takes an off-topic or nonsense line for a written reply.

use std::fmt::Write;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::classify::Classifier;
use crate::diagnostic::parse_yaml;
use crate::engine::typed::{self, Offer, TypedReading};
use crate::scoring::Rubric;
use crate::vignette::Vignette;

/// One file of `tests/validity/paraphrases/`: paraphrases of one vignette's written replies and nonsense lines.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParaphraseFile {
    /// The vignette's id.
    pub vignette: String,
    /// Other wordings of written replies.
    #[serde(default)]
    pub paraphrases: Vec<Paraphrase>,
    /// Off-topic or nonsense lines that must match no written reply.
    #[serde(default)]
    pub nonsense: Vec<NonsenseLine>,
}

/// A written reply said in other words.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paraphrase {
    /// The decision point.
    pub node: String,
    /// The reply meant, by its place among the node's replies as written (from 1).
    pub reply: usize,
    /// What a student might type.
    pub text: String,
}

/// A line that means none of the written replies.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NonsenseLine {
    /// The decision point.
    pub node: String,
    /// What was typed.
    pub text: String,
}

/// Figures over a set of paraphrases and nonsense lines.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    /// Paraphrases read.
    pub paraphrases: usize,
    /// Of those, the intended reply was the best candidate (matched or not).
    pub top1: usize,
    /// Of those, the intended reply was matched (the conversation would follow it).
    pub accepted: usize,
    /// Of those, another written reply was matched.
    pub accepted_wrong: usize,
    /// Nonsense lines read.
    pub nonsense: usize,
    /// Of those, matched to some written reply.
    pub nonsense_accepted: usize,
    /// Mean share of content words a paraphrase has in common with its reply (Dice of word stems): how far the
    /// set keeps away from the written words.
    pub mean_word_overlap: f64,
}

/// One line the matcher got wrong.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Miss {
    /// The vignette.
    pub vignette: String,
    /// The decision point.
    pub node: String,
    /// The reply meant (from 1), none for a nonsense line.
    pub meant: Option<usize>,
    /// The reply matched (from 1), if any.
    pub matched: Option<usize>,
    /// The best candidate's score and its text similarity.
    pub score: f32,
    /// Its wording's similarity.
    pub similarity: f32,
    /// What was typed.
    pub text: String,
}

/// The report: per vignette, overall, and the lines missed.
#[derive(Debug, Clone, Serialize)]
pub struct ParaphraseReport {
    /// (vignette id, its figures), in file-name order.
    pub vignettes: Vec<(String, Figures)>,
    /// Over every file.
    pub overall: Figures,
    /// Paraphrases not accepted as their reply, and nonsense accepted.
    pub misses: Vec<Miss>,
    /// The nonsense line nearest to being accepted: the highest score among those whose wording reaches
    /// `MIN_TEXT_SIMILARITY`, else the one whose wording came closest to it (how much margin the accept rule has).
    pub closest_nonsense: Option<Miss>,
}

/// Reads every `*.yaml` in `folder` (in name order).
pub fn read_folder(folder: &Path) -> Result<Vec<(String, ParaphraseFile)>, String> {
    let mut names: Vec<_> = std::fs::read_dir(folder)
        .map_err(|e| format!("cannot read {}: {e}", folder.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(format!("no .yaml paraphrase files in {}", folder.display()));
    }
    names
        .into_iter()
        .map(|p| {
            let file = p.display().to_string();
            let src = crate::files::read_text(&p, crate::diagnostic::MAX_FILE_BYTES as u64)
                .map_err(|e| format!("cannot read {file}: {e}"))?;
            let parsed: ParaphraseFile = parse_yaml(&file, &src).map_err(|d| d.to_string())?;
            Ok((file, parsed))
        })
        .collect()
}

/// Measures the matcher on `files`, finding each vignette with `find`. A line's reading is the matcher's
/// (`engine::typed::read_offers`) against every reply written at its node, answering the node's first patient line.
pub fn measure(
    files: &[(String, ParaphraseFile)],
    find: impl Fn(&str) -> Option<Arc<Vignette>>,
    classifier: &Classifier,
    rubric: &Rubric,
) -> Result<ParaphraseReport, String> {
    let mut vignettes = Vec::new();
    let mut misses = Vec::new();
    let mut nonsense_read: Vec<Miss> = Vec::new();
    let mut overlap_sum = 0.0;
    for (file, set) in files {
        let v =
            find(&set.vignette).ok_or_else(|| format!("{file}: no vignette `{}`", set.vignette))?;
        let mut f = Figures::default();
        let mut overlap = 0.0;
        let node_of = |what: &str, i: usize, node: &str| {
            v.node_index(node)
                .ok_or_else(|| format!("{file}: {what}[{i}]: `{}` has no node `{node}`", v.id))
        };
        for (i, p) in set.paraphrases.iter().enumerate() {
            let n = node_of("paraphrases", i, &p.node)?;
            let count = v.nodes[n].replies.len();
            if !(1..=count).contains(&p.reply) {
                return Err(format!(
                    "{file}: paraphrases[{i}]: node `{}` has {count} replies, not {}",
                    p.node, p.reply
                ));
            }
            let r = read_at(&v, n, &p.text, classifier, rubric);
            let meant = p.reply - 1;
            f.paraphrases += 1;
            f.top1 += usize::from(r.candidates.first().is_some_and(|c| c.index == meant));
            f.accepted += usize::from(r.matched == Some(meant));
            f.accepted_wrong += usize::from(r.matched.is_some_and(|m| m != meant));
            overlap += f64::from(typed::word_overlap(
                classifier,
                &p.text,
                &v.nodes[n].replies[meant].text,
            ));
            if r.matched != Some(meant) {
                misses.push(miss(&v.id, &p.node, Some(p.reply), &r));
            }
        }
        for (i, x) in set.nonsense.iter().enumerate() {
            let n = node_of("nonsense", i, &x.node)?;
            let r = read_at(&v, n, &x.text, classifier, rubric);
            f.nonsense += 1;
            nonsense_read.push(miss(&v.id, &x.node, None, &r));
            if r.matched.is_some() {
                f.nonsense_accepted += 1;
                misses.push(miss(&v.id, &x.node, None, &r));
            }
        }
        overlap_sum += overlap;
        f.mean_word_overlap = if f.paraphrases == 0 {
            0.0
        } else {
            overlap / f.paraphrases as f64
        };
        vignettes.push((v.id.clone(), f));
    }
    let mut overall = Figures::default();
    for (_, f) in &vignettes {
        overall.paraphrases += f.paraphrases;
        overall.top1 += f.top1;
        overall.accepted += f.accepted;
        overall.accepted_wrong += f.accepted_wrong;
        overall.nonsense += f.nonsense;
        overall.nonsense_accepted += f.nonsense_accepted;
    }
    overall.mean_word_overlap = if overall.paraphrases == 0 {
        0.0
    } else {
        overlap_sum / overall.paraphrases as f64
    };
    let worded = |m: &Miss| m.similarity >= typed::MIN_TEXT_SIMILARITY;
    let closest_nonsense = nonsense_read.into_iter().max_by(|a, b| {
        (worded(a), if worded(a) { a.score } else { a.similarity })
            .partial_cmp(&(worded(b), if worded(b) { b.score } else { b.similarity }))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    Ok(ParaphraseReport {
        vignettes,
        overall,
        misses,
        closest_nonsense,
    })
}

/// The matcher's reading of `text` at node `n`, against every reply written there.
fn read_at(
    v: &Vignette,
    n: usize,
    text: &str,
    classifier: &Classifier,
    rubric: &Rubric,
) -> TypedReading {
    let node = &v.nodes[n];
    let offers: Vec<Offer> = node
        .replies
        .iter()
        .enumerate()
        .map(|(index, r)| Offer {
            index,
            text: &r.text,
            also: &r.also,
            codes: &r.codes,
        })
        .collect();
    let line = node.patient.say.first().map_or("", String::as_str);
    typed::read_offers(classifier, text, line, &offers, rubric)
}

fn miss(vignette: &str, node: &str, meant: Option<usize>, r: &TypedReading) -> Miss {
    let top = r.candidates.first();
    Miss {
        vignette: vignette.to_owned(),
        node: node.to_owned(),
        meant,
        matched: r.matched.map(|m| m + 1),
        score: top.map_or(0.0, |c| c.score),
        similarity: top.map_or(0.0, |c| c.text_similarity),
        text: r.text.clone(),
    }
}

/// `alliance eval paraphrases <folder>` as text (or JSON).
pub fn text(report: &ParaphraseReport, folder: &str, errors: bool) -> String {
    let pct = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    let mut out = String::new();
    let _ = writeln!(out, "Paraphrases of written replies: {folder}");
    let _ = writeln!(
        out,
        "  {:<24} {:>6} {:>8} {:>9} {:>7} {:>9} {:>9} {:>8}",
        "vignette", "lines", "top-1", "accepted", "wrong", "overlap", "nonsense", "taken"
    );
    let row = |out: &mut String, name: &str, f: &Figures| {
        let _ = writeln!(
            out,
            "  {:<24} {:>6} {:>7.1}% {:>8.1}% {:>7} {:>9.2} {:>9} {:>8}",
            name,
            f.paraphrases,
            pct(f.top1, f.paraphrases),
            pct(f.accepted, f.paraphrases),
            f.accepted_wrong,
            f.mean_word_overlap,
            f.nonsense,
            f.nonsense_accepted
        );
    };
    for (id, f) in &report.vignettes {
        row(&mut out, id, f);
    }
    row(&mut out, "all", &report.overall);
    let _ = writeln!(
        out,
        "\ntop-1: the meant reply was the best candidate; accepted: it was matched (a match needs score {:.2} and \
wording {:.2}); wrong: another reply was matched; overlap: mean Dice of content-word stems with the meant reply; \
taken: nonsense lines matched to a written reply.",
        typed::MATCH_THRESHOLD,
        typed::MIN_TEXT_SIMILARITY
    );
    if let Some(m) = &report.closest_nonsense {
        let _ = writeln!(
            out,
            "closest nonsense: score {:.3}, wording {:.3} ({} {}): {}",
            m.score, m.similarity, m.vignette, m.node, m.text
        );
    }
    if errors {
        let _ = writeln!(out, "\nNot accepted as meant:");
        for m in &report.misses {
            let _ = writeln!(
                out,
                "  {} {} meant {} matched {} (score {:.2}, wording {:.2}): {}",
                m.vignette,
                m.node,
                m.meant.map_or("nothing".to_owned(), |r| r.to_string()),
                m.matched.map_or("none".to_owned(), |r| r.to_string()),
                m.score,
                m.similarity,
                m.text
            );
        }
    }
    out
}
