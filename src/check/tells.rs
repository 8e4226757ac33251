//! The tells check: patterns across a vignette that let a trainee find the best reply without reading it — the
//! best is the longest (W007), weak replies share an opener or stock phrase (W008), the best's place is pinned (W009).
//! It judges each reply by its own value at its decision point (no history); it does not play paths.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::scoring::{Context, Rubric, reply_value, score};
use crate::vignette::Vignette;
use crate::vignette::compiled::{Node, Reply};

/// A phrase is a tell when it recurs in at least this many weak replies (issue 10: "three or more").
const RECURS_IN: usize = 3;
/// The opener is this many words: "I understand, but", "I hear you", "Any questions before".
const OPENER_WORDS: usize = 3;
/// A stock phrase is a whole sentence of at least this many words, repeated word for word.
const PHRASE_WORDS: usize = 3;

/// One decision point as the check sees it: each reply's value alone, and which is best.
struct Decision<'v> {
    node: &'v Node,
    values: Vec<f64>,
    best: usize,
}

pub(super) fn check(
    file: &str,
    src: &str,
    v: &Vignette,
    rubric: &Rubric,
    out: &mut Vec<Diagnostic>,
) {
    let decisions: Vec<Decision> = v
        .nodes
        .iter()
        .filter(|n| n.replies.len() >= 2)
        .map(|n| decision(n, rubric))
        .collect();
    if decisions.is_empty() {
        return;
    }
    longest_is_best(file, src, v, &decisions, out);
    recurring_weak_phrases(file, src, &decisions, out);
    pinned_best(file, src, v, &decisions, out);
}

fn decision<'v>(node: &'v Node, rubric: &Rubric) -> Decision<'v> {
    let ctx = Context::alone_at(node);
    let values: Vec<f64> = node
        .replies
        .iter()
        .map(|r| reply_value(&score(rubric, &r.codes, &r.effects, &ctx).delta))
        .collect();
    let best = (0..values.len())
        .max_by(|&a, &b| values[a].total_cmp(&values[b]).then(b.cmp(&a)))
        .unwrap_or(0);
    Decision { node, values, best }
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('’', "'"))
        .collect()
}

/// W007: the best reply is also the (strictly) longest at more than half the decisions.
fn longest_is_best(
    file: &str,
    src: &str,
    v: &Vignette,
    decisions: &[Decision],
    out: &mut Vec<Diagnostic>,
) {
    let longest: Vec<&str> = decisions
        .iter()
        .filter(|d| {
            let len = |r: &Reply| words(&r.text).len();
            let best = len(&d.node.replies[d.best]);
            d.node
                .replies
                .iter()
                .enumerate()
                .all(|(i, r)| i == d.best || len(r) < best)
        })
        .map(|d| d.node.id.as_str())
        .collect();
    if 2 * longest.len() > decisions.len() {
        out.push(
            Diagnostic::warning("W007", file, src, v.id_pos.line, v.id_pos.column)
                .message(format!(
                    "the best reply is also the longest at {} of {} decision points ({}): always picking the \
                     longest reply finds it without reading",
                    longest.len(),
                    decisions.len(),
                    longest.join(", ")
                ))
                .hint("make some strong replies short (a clean reflection) and give some weak replies more words"),
        );
    }
}

/// W008: the same opener, or the same whole sentence, in three or more weak replies (and in more weak replies
/// than strong ones, so it marks a reply as weak).
fn recurring_weak_phrases(
    file: &str,
    src: &str,
    decisions: &[Decision],
    out: &mut Vec<Diagnostic>,
) {
    // phrase -> (weak replies holding it, other replies holding it)
    let mut seen: BTreeMap<String, (Vec<&Reply>, usize)> = BTreeMap::new();
    for d in decisions {
        for (reply, value) in d.node.replies.iter().zip(&d.values) {
            let weak = *value < 0.0;
            for phrase in phrases(&reply.text) {
                let entry = seen.entry(phrase).or_default();
                if weak {
                    entry.0.push(reply);
                } else {
                    entry.1 += 1;
                }
            }
        }
    }
    for (phrase, (weak, strong)) in seen {
        if weak.len() >= RECURS_IN && weak.len() > strong {
            let first = weak[0];
            out.push(
                Diagnostic::warning("W008", file, src, first.pos.line, first.pos.column)
                    .message(format!(
                        "\"{phrase}\" recurs in {} weak replies (and {strong} others): a trainee learns to avoid \
                         the words, not the behaviour",
                        weak.len()
                    ))
                    .hint("vary how the weak replies are worded: a busy, kind clinician says them in many ways"),
            );
        }
    }
}

/// A reply's phrases as the tells check compares them: its opening words, and each sentence long enough to
/// be a stock phrase (once each).
fn phrases(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let opener = words(text);
    if opener.len() > OPENER_WORDS {
        found.push(format!("{} …", opener[..OPENER_WORDS].join(" ")));
    }
    for sentence in text.split(['.', '?', '!', '…']) {
        let w = words(sentence);
        if w.len() >= PHRASE_WORDS {
            let s = w.join(" ");
            if !found.contains(&s) {
                found.push(s);
            }
        }
    }
    found
}

/// W009: the best reply's authored place is pinned, and at the same place, at more than half the decisions.
fn pinned_best(
    file: &str,
    src: &str,
    v: &Vignette,
    decisions: &[Decision],
    out: &mut Vec<Diagnostic>,
) {
    let mut at: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for d in decisions.iter().filter(|d| d.node.pinned) {
        at.entry(d.best).or_default().push(d.node.id.as_str());
    }
    if let Some((place, nodes)) = at.into_iter().max_by_key(|(_, n)| n.len())
        && 2 * nodes.len() > decisions.len()
    {
        out.push(
            Diagnostic::warning("W009", file, src, v.id_pos.line, v.id_pos.column)
                .message(format!(
                    "the best reply is pinned as reply {} at {} of {} decision points ({}): pressing {} wins",
                    place + 1,
                    nodes.len(),
                    decisions.len(),
                    nodes.join(", "),
                    place + 1
                ))
                .hint("remove `pin_order` where the order carries no meaning; the engine then shuffles by seed"),
        );
    }
}
