//! Signs in a submission that the replies may have been chosen without being read: an attempt faster than its
//! words can be read, or the same shown position chosen far more often than shuffled menus allow. A prompt to look.

use crate::assign::bundle::{Attempt, Submission, VignetteResult};

/// Words a minute taken as reading fast: well above the 238 a minute adults read non-fiction silently (Brysbaert
/// 2019, a meta-analysis of 190 studies), so an attempt is flagged only when even skimming could not read it.
pub const SKIM_WORDS_PER_MINUTE: f64 = 400.0;

/// Menu choices needed before the same-position pattern is judged: fewer say nothing.
pub const MIN_CHOICES: usize = 5;

/// How unlikely choosing one shown position so often must be, for a student choosing by what the replies say
/// (the order is shuffled, so the right reply lands anywhere), before it is flagged: 1 in 100.
pub const CHANCE_BELOW: f64 = 0.01;

/// One sign, in words with its figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Sign {
    /// `too_fast` or `same_position`.
    pub kind: &'static str,
    /// What was seen, with the figures.
    pub words: String,
}

/// Every sign in a submission: each attempt played faster than it can be read, and the same shown position over
/// all its menu choices.
pub fn signs(s: &Submission) -> Vec<Sign> {
    let mut out = Vec::new();
    for v in &s.vignettes {
        for a in &v.attempts {
            if let Some(words) = too_fast(v, a) {
                out.push(Sign {
                    kind: "too_fast",
                    words: format!("{} attempt {}: {words}", v.vignette_id, a.attempt),
                });
            }
        }
    }
    if let Some(words) = same_position(s) {
        out.push(Sign {
            kind: "same_position",
            words,
        });
    }
    out
}

/// The words a student had to read before the replies were all given: the patient's lines they answered and
/// every reply on offer (or, without a record of the offer, the replies given).
fn words_to_read(v: &VignetteResult, a: &Attempt) -> usize {
    let t = &a.transcript;
    let count = |s: &str| s.split_whitespace().count();
    let mut n = count(&t.opening.text);
    for (k, turn) in t.turns.iter().enumerate() {
        if k + 1 < t.turns.len() {
            n += count(&turn.reaction.text);
        }
        let point = v.decision_points.iter().find(|p| p.node == turn.node);
        match (a.decisions.get(k), point) {
            (Some(d), Some(p)) => {
                n += d
                    .offered
                    .iter()
                    .filter_map(|i| p.replies.get(*i))
                    .map(|r| count(r))
                    .sum::<usize>();
            }
            _ => n += count(&turn.said),
        }
    }
    n
}

/// An attempt whose whole length is shorter than reading its words at [`SKIM_WORDS_PER_MINUTE`], in words.
fn too_fast(v: &VignetteResult, a: &Attempt) -> Option<String> {
    let t = &a.transcript;
    let replies = t.turns.len();
    // No times were recorded (a file from a test or another tool): nothing to judge.
    if replies == 0 || t.started_at == 0 {
        return None;
    }
    let seconds = t.updated_at.saturating_sub(t.started_at);
    let words = words_to_read(v, a);
    let reading = words as f64 * 60.0 / SKIM_WORDS_PER_MINUTE;
    if (seconds as f64) >= reading {
        return None;
    }
    Some(format!(
        "{replies} repl{} in {seconds} s, {:.1} s a reply: less than the {:.0} s it takes to read the {words} \
         words of the patient's lines and the replies on offer at {SKIM_WORDS_PER_MINUTE:.0} words a minute",
        if replies == 1 { "y" } else { "ies" },
        seconds as f64 / replies as f64,
        reading.ceil()
    ))
}

/// The shown position chosen most often over every menu choice in the submission, when choosing by content
/// would land there that often with a chance below [`CHANCE_BELOW`], in words.
fn same_position(s: &Submission) -> Option<String> {
    // (position chosen, how many replies were on offer) for each reply chosen from a menu of two or more.
    let choices: Vec<(usize, usize)> = s
        .vignettes
        .iter()
        .flat_map(|v| v.attempts.iter())
        .flat_map(|a| {
            a.transcript
                .turns
                .iter()
                .enumerate()
                .filter_map(|(k, turn)| Some((turn.shown_as?, a.decisions.get(k)?.offered.len())))
        })
        .filter(|(_, menu)| *menu >= 2)
        .collect();
    if choices.len() < MIN_CHOICES {
        return None;
    }
    let widest = choices.iter().map(|c| c.1).max().unwrap_or(0);
    let (position, times) = (1..=widest)
        .map(|p| (p, choices.iter().filter(|c| c.0 == p).count()))
        .max_by_key(|(p, n)| (*n, std::cmp::Reverse(*p)))?;
    // Any of the positions could have been the habit, so the chance is counted once for each.
    let menus: Vec<f64> = choices.iter().map(|c| c.1 as f64).collect();
    let chance = (at_least(times, position, &choices, &menus) * widest as f64).min(1.0);
    if chance >= CHANCE_BELOW {
        return None;
    }
    Some(format!(
        "chose the {} reply shown {times} of {} times; the replies are shown in a shuffled order, so choosing by \
         what they say lands on one position that often {}",
        ordinal(position),
        choices.len(),
        odds(chance)
    ))
}

/// The chance that `position` is chosen at least `times` times when each choice is one of its menu's replies at
/// random (each menu of size `menus[k]`; a menu shorter than `position` cannot land on it).
fn at_least(times: usize, position: usize, choices: &[(usize, usize)], menus: &[f64]) -> f64 {
    // Distribution of how many choices landed on `position`, built one choice at a time.
    let mut dist = vec![1.0f64];
    for (c, size) in choices.iter().zip(menus) {
        let p = if c.1 >= position { 1.0 / size } else { 0.0 };
        let mut next = vec![0.0; dist.len() + 1];
        for (k, q) in dist.iter().enumerate() {
            next[k] += q * (1.0 - p);
            next[k + 1] += q * p;
        }
        dist = next;
    }
    dist.iter().skip(times).sum()
}

fn ordinal(n: usize) -> String {
    match n {
        1 => "first".to_owned(),
        2 => "second".to_owned(),
        3 => "third".to_owned(),
        4 => "fourth".to_owned(),
        5 => "fifth".to_owned(),
        6 => "sixth".to_owned(),
        n => format!("number {n}"),
    }
}

/// A small chance as "less than 1 time in N" with N a round number.
fn odds(chance: f64) -> String {
    let mut n = 100u64;
    while n < 1_000_000 && chance * (n as f64) * 10.0 <= 1.0 {
        n *= 10;
    }
    let n = n.to_string();
    let mut grouped = String::new();
    for (i, c) in n.chars().enumerate() {
        if i > 0 && (n.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("less than 1 time in {grouped} by chance")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chance_of_one_position_every_time() {
        let choices = vec![(1, 4); 5];
        let menus = vec![4.0; 5];
        let p = at_least(5, 1, &choices, &menus);
        assert!((p - 0.25f64.powi(5)).abs() < 1e-12);
        assert!((at_least(0, 1, &choices, &menus) - 1.0).abs() < 1e-12);
        assert_eq!(odds(0.004), "less than 1 time in 100 by chance");
        assert_eq!(odds(0.00004), "less than 1 time in 10,000 by chance");
    }
}
