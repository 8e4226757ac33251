//! Applying the rubric to one reply in its context: code effects, then context rules, then authored effects.
//! Pure functions of their inputs, so the engine, the checker and the debrief's "better alternative" agree.

use crate::scoring::rubric::{Rubric, Rule};
use crate::vignette::BehaviourCode;
use crate::vignette::compiled::Node;
use crate::vignette::model::{Effects, Phase, Talk};

/// What surrounds a reply when it is scored.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// Codes of earlier replies, oldest first.
    pub earlier: &'a [Vec<BehaviourCode>],
    /// Every code used earlier in the session, as a set (see `code_bit`).
    pub session_codes: u32,
    /// A rupture is open.
    pub rupture_open: bool,
    /// The patient's last line's talk type.
    pub after_talk: Option<Talk>,
    /// How many typed replies in a row have already matched nothing at this decision point.
    pub stalled: u32,
    /// The phase of the decision point the reply is given at, when the vignette names it.
    pub phase: Option<Phase>,
    /// The patient has stated a limit that stands at this decision point (the node's `limit:`).
    pub limit_stated: bool,
}

impl Context<'static> {
    /// The context of a reply on its own at `node`: no history, no rupture, the node's phase, talk and stated
    /// limit. How the checker's tells and the handout value each written reply.
    pub fn alone_at(node: &Node) -> Context<'static> {
        Context {
            earlier: &[],
            session_codes: 0,
            rupture_open: false,
            after_talk: node.patient.talk,
            stalled: 0,
            phase: node.phase,
            limit_stated: node.limit.is_some(),
        }
    }
}

/// A scored reply.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// The change to apply to the alliance.
    pub delta: Effects,
    /// Ids of the context rules that fired.
    pub rules: Vec<String>,
    /// The reply repairs an open rupture by one step.
    pub repairs: bool,
    /// The reply deepens an open rupture.
    pub deepens: bool,
}

/// Scores `codes` (plus the reply's authored `effects`) in `ctx`.
pub fn score(
    rubric: &Rubric,
    codes: &[BehaviourCode],
    authored: &Effects,
    ctx: &Context,
) -> Scored {
    let fired: Vec<&Rule> = rubric
        .rules
        .iter()
        .filter(|r| fires(r, codes, ctx))
        .collect();
    // A vice is not cancelled by a virtue: while a rule that says so fires, the codes' gains count at its
    // fraction (the smallest, if several do).
    let code_gains = fired
        .iter()
        .filter_map(|r| r.code_gains)
        .fold(1.0_f64, f64::min);
    let mut delta = combined(rubric, codes, code_gains);
    let mut rules = Vec::new();
    let (mut repairs, mut deepens) = (false, false);
    for rule in fired {
        add(&mut delta, &rule.effects);
        rules.push(rule.id.clone());
        repairs |= rule.repairs;
        deepens |= rule.deepens;
    }
    add(&mut delta, authored);
    // While a rupture is open the patient does not warm up at full speed: only repair earns full credit
    // (Safran & Muran: a strain persists until it is repaired).
    if ctx.rupture_open && !repairs {
        for v in [&mut delta.bond, &mut delta.goal, &mut delta.task] {
            if *v > 0.0 {
                *v *= rubric.open_rupture_gain;
            }
        }
    }
    // A conversation going round in circles earns less each time: the patient answers, but warms less to a
    // clinician who does not move on (docs/typed-replies.md).
    if ctx.stalled > 0 {
        let gain = rubric.stalled_gain.powi(ctx.stalled.min(16) as i32);
        for v in [&mut delta.bond, &mut delta.goal, &mut delta.task] {
            if *v > 0.0 {
                *v *= gain;
            }
        }
    }
    Scored {
        delta,
        rules,
        repairs,
        deepens,
    }
}

/// The codes' effects combined, component by component: every loss counts in full; the largest gain in full
/// and each further gain at `rubric.further_gains` (so a reply does not earn more for stacking codes: seed 004,
/// often the lesson is to say less); then all the gains at `gains` (below 1 beside a vice).
fn combined(rubric: &Rubric, codes: &[BehaviourCode], gains: f64) -> Effects {
    let effects: Vec<&Effects> = codes.iter().filter_map(|c| rubric.codes.get(c)).collect();
    let one = |of: fn(&Effects) -> f64| {
        let mut up: Vec<f64> = effects.iter().map(|e| of(e)).filter(|v| *v > 0.0).collect();
        up.sort_by(|a, b| b.total_cmp(a));
        let down: f64 = effects.iter().map(|e| of(e)).filter(|v| *v < 0.0).sum();
        let gain = up
            .iter()
            .enumerate()
            .map(|(k, v)| if k == 0 { *v } else { v * rubric.further_gains })
            .sum::<f64>();
        gain * gains + down
    };
    Effects {
        bond: one(|e| e.bond),
        goal: one(|e| e.goal),
        task: one(|e| e.task),
        empathy: one(|e| e.empathy),
    }
}

/// One figure to rank replies by: the alliance components count fully, empathy by half.
/// Used for the best path, and for the "better alternative" in the debrief.
pub fn reply_value(delta: &Effects) -> f64 {
    delta.bond + delta.goal + delta.task + 0.5 * delta.empathy
}

fn fires(rule: &Rule, codes: &[BehaviourCode], ctx: &Context) -> bool {
    let has = |set: &[BehaviourCode], c: &[BehaviourCode]| c.iter().any(|x| set.contains(x));
    let recent_start = ctx.earlier.len().saturating_sub(rule.within);
    let recent =
        || std::iter::once(codes).chain(ctx.earlier[recent_start..].iter().map(Vec::as_slice));
    (rule.reply_has_any.is_empty() || has(&rule.reply_has_any, codes))
        && !has(&rule.reply_has_none, codes)
        && (rule.recent_has_any.is_empty() || recent().any(|c| has(&rule.recent_has_any, c)))
        && !recent().any(|c| has(&rule.recent_has_none, c))
        && (rule.before_has_any.is_empty()
            || ctx.earlier[recent_start..]
                .iter()
                .any(|c| has(&rule.before_has_any, c)))
        && !rule
            .session_has_none
            .iter()
            .any(|c| ctx.session_codes & code_bit(*c) != 0)
        && rule.rupture_open.is_none_or(|o| o == ctx.rupture_open)
        && rule.after_talk.is_none_or(|t| Some(t) == ctx.after_talk)
        && rule.phase.is_none_or(|p| Some(p) == ctx.phase)
        && rule.limit_stated.is_none_or(|l| l == ctx.limit_stated)
}

fn add(into: &mut Effects, e: &Effects) {
    into.bond += e.bond;
    into.goal += e.goal;
    into.task += e.task;
    into.empathy += e.empathy;
}

/// A code's bit in a session's set of codes used.
pub fn code_bit(code: BehaviourCode) -> u32 {
    1 << (code as u32)
}
