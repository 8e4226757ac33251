//! One line scored where an author stands: reach a decision point (by the replies given, else along the best
//! path, else by the fewest decisions), then read and score a typed reply there exactly as play would, unkept.
//! Owns only getting there and gathering the figures; reading is `engine::typed`'s, scoring the rubric's.

use std::collections::{HashSet, VecDeque};
use std::sync::Arc;

use serde::Serialize;

use crate::classify::Classifier;
use crate::engine::{Mode, Session, TurnRecord};
use crate::scoring::{Rubric, reply_value};
use crate::vignette::{BehaviourCode, Target, Vignette};

/// How many sessions the search for a way to a node may look at before asking for `--after`.
const MAX_STATES: usize = 20_000;

/// A typed line scored at one decision point.
#[derive(Debug, Clone, Serialize)]
pub struct LineScore {
    /// The vignette's id.
    pub vignette: String,
    /// The decision point's id.
    pub node: String,
    /// The replies taken to get there, each by its place in the file (1-based), as `--after` takes them.
    pub after: Vec<usize>,
    /// The patient's line the reply answers.
    pub patient: String,
    /// The reply as play would record it: codes read with their evidence, the match, the rules fired, the
    /// change to the alliance, the patient's reaction, and the better reply when one was on offer.
    pub turn: TurnRecord,
    /// Every written reply on offer there, best first.
    pub written: Vec<WrittenReply>,
}

/// A written reply on offer at the point scored.
#[derive(Debug, Clone, Serialize)]
pub struct WrittenReply {
    /// Its place in the file (1-based).
    pub place: usize,
    /// Its words.
    pub text: String,
    /// Its codes.
    pub codes: Vec<BehaviourCode>,
    /// Its value there (`scoring::reply_value`: bond + goal + task + ½ empathy).
    pub value: f64,
}

/// Scores `text` at node `at` of `v`. `after` (places in the file, 1-based) says how to get there; without
/// it the best path is followed if it passes through `at`, else the fewest decisions that reach it.
pub fn score_line(
    v: &Arc<Vignette>,
    rubric: &Arc<Rubric>,
    classifier: &Classifier,
    at: &str,
    after: Option<&[usize]>,
    text: &str,
) -> Result<LineScore, String> {
    let Some(node) = v.nodes.iter().position(|n| n.id == at) else {
        let ids: Vec<&str> = v.nodes.iter().map(|n| n.id.as_str()).collect();
        return Err(format!(
            "`{}` has no decision point `{at}`; its nodes are: {}",
            v.id,
            ids.join(", ")
        ));
    };
    let (mut s, path) = match after {
        Some(places) => (follow(v, rubric, places)?, places.to_vec()),
        None => reach(v, rubric, node).ok_or_else(|| {
            format!(
                "no path to `{at}` was found within {MAX_STATES} states; give the replies that lead there with --after"
            )
        })?,
    };
    if s.at() != Target::Node(node) {
        return Err(format!(
            "after replies {path:?} the patient is at `{}`, not `{at}`",
            s.node_id().unwrap_or("an ending")
        ));
    }
    let patient = s.patient_line().text.clone();
    let mut written: Vec<WrittenReply> = s
        .offered()
        .iter()
        .map(|o| WrittenReply {
            place: o.index + 1,
            text: o.text.clone(),
            codes: v.nodes[node].replies[o.index].codes.clone(),
            value: s.value_of(o.index).unwrap_or(0.0),
        })
        .collect();
    written.sort_by(|a, b| b.value.total_cmp(&a.value).then(a.place.cmp(&b.place)));
    let reading = s
        .read(text, classifier)
        .ok_or("the consultation has already ended")?;
    let turn = s.apply_reading(reading).map_err(|e| e.to_string())?.clone();
    Ok(LineScore {
        vignette: v.id.clone(),
        node: at.to_owned(),
        after: path,
        patient,
        turn,
        written,
    })
}

fn start(v: &Arc<Vignette>, rubric: &Arc<Rubric>) -> Session {
    Session::new(Arc::clone(v), Arc::clone(rubric), 0, Mode::Practice)
}

/// Plays the replies at `places` (1-based places in the file).
fn follow(v: &Arc<Vignette>, rubric: &Arc<Rubric>, places: &[usize]) -> Result<Session, String> {
    let mut s = start(v, rubric);
    for (k, &p) in places.iter().enumerate() {
        let node = s.node_id().unwrap_or("an ending").to_owned();
        s.choose(p.wrapping_sub(1))
            .map_err(|e| format!("reply {} of --after ({p}) at `{node}`: {e}", k + 1))?;
    }
    Ok(s)
}

/// A way to `node`: the best path's prefix when the best path passes through it; else the best path with one
/// other reply on the way (where a trainee who slipped once would stand: most repair points are there); else
/// the fewest decisions.
fn reach(v: &Arc<Vignette>, rubric: &Arc<Rubric>, node: usize) -> Option<(Session, Vec<usize>)> {
    let bound = 4 * v.nodes.len() + 16;
    let (best, best_path) = best_until(start(v, rubric), Vec::new(), node, bound);
    if best.at() == Target::Node(node) {
        return Some((best, best_path));
    }
    // Replay the best path, trying each other reply at each step and then the best ones again.
    let mut s = start(v, rubric);
    for (k, &place) in best_path.iter().enumerate() {
        for o in s.offered() {
            if o.index + 1 == place {
                continue;
            }
            let mut detour = s.fork();
            if detour.choose(o.index).is_err() {
                continue;
            }
            let mut path = best_path[..k].to_vec();
            path.push(o.index + 1);
            let (end, path) = best_until(detour, path, node, bound);
            if end.at() == Target::Node(node) {
                return Some((end, path));
            }
        }
        if s.choose(place - 1).is_err() {
            break;
        }
    }
    fewest_decisions(v, rubric, node)
}

/// Takes the best reply from `s` on until `node` is reached, the session ends, or `bound` replies are given.
fn best_until(
    mut s: Session,
    mut path: Vec<usize>,
    node: usize,
    bound: usize,
) -> (Session, Vec<usize>) {
    while path.len() < bound && s.at() != Target::Node(node) {
        let Some(best) = s.best_offered() else { break };
        if s.choose(best).is_err() {
            break;
        }
        path.push(best + 1);
    }
    (s, path)
}

/// Breadth first over sessions (states that can only go on the same way are looked at once).
fn fewest_decisions(
    v: &Arc<Vignette>,
    rubric: &Arc<Rubric>,
    node: usize,
) -> Option<(Session, Vec<usize>)> {
    let all: Vec<usize> = (0..v.nodes.len()).collect();
    let mut seen = HashSet::new();
    let mut queue = VecDeque::from([(start(v, rubric), Vec::new())]);
    while let Some((s, path)) = queue.pop_front() {
        if s.at() == Target::Node(node) {
            return Some((s, path));
        }
        if s.is_over() || !seen.insert(s.future_key(&all, true)) || seen.len() > MAX_STATES {
            continue;
        }
        for o in s.offered() {
            let mut next = s.fork();
            if next.choose(o.index).is_ok() {
                let mut p = path.clone();
                p.push(o.index + 1);
                queue.push_back((next, p));
            }
        }
    }
    None
}

/// The value of the reply scored, by the same figure as the written ones.
pub fn value(score: &LineScore) -> f64 {
    reply_value(&score.turn.delta)
}
