//! The rules of play, written once: what a rupture marker weighs, how a scored reply moves the rupture, the
//! variables and `once`, where a reply leads, and when one reply beats another. Not scoring (`scoring::apply`).
//!
//! Pure functions of their inputs, shared by the session (exact values) and the interval walk (ranges of
//! values), so `explore` and `check` prove things about the very game that is played. Where a rule depends on
//! a condition, the caller says how a condition is decided in its domain (`Split`): the session knows whether
//! it holds; the walk may only know "perhaps", and then follows both ways.

use crate::vignette::Target;
use crate::vignette::compiled::{Condition, Node, Reply};
use crate::vignette::model::{RuptureKind, RuptureMarker};

/// How far apart two reply values must be for one to count as better: values are sums of rubric figures, so
/// equal replies may differ in the last bits.
pub const TOLERANCE: f64 = 1e-9;

/// A reply worth `a` is strictly better than one worth `b` (beyond rounding). Every "better reply"
/// comparison (the debrief's better alternative, the best reply on offer, dominated replies) asks this.
pub fn beats(a: f64, b: f64) -> bool {
    a > b + TOLERANCE
}

/// How many repairing replies a rupture of this kind takes to mend: a confrontation two, a withdrawal one.
/// The patient who has moved against the clinician does not fold after one kind sentence (Safran & Muran).
pub fn rupture_weight(kind: RuptureKind) -> u32 {
    match kind {
        RuptureKind::Withdrawal => 1,
        RuptureKind::Confrontation => 2,
    }
}

/// What a patient line's rupture marker (if any) adds to the rupture depth: it opens a rupture, or deepens
/// the one already open.
pub fn marker_weight(marker: Option<RuptureMarker>) -> u32 {
    marker.map_or(0, |m| rupture_weight(m.kind()))
}

/// What a scored reply did to the rupture (`after_reply`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuptureStep {
    /// The rupture depth afterwards.
    pub depth: u32,
    /// The reply repaired an open rupture by one step.
    pub repaired: bool,
    /// That repair mended the rupture completely (before any deepening by the same reply).
    pub mended: bool,
}

/// The rupture after a reply that `repairs` and/or `deepens` (as the rubric scored it), from `depth`.
/// Neither does anything when no rupture is open: a repair needs a strain to mend, and a deepening reply
/// opens none by itself (only a patient's marker does, `marker_weight`).
pub fn after_reply(depth: u32, repairs: bool, deepens: bool) -> RuptureStep {
    if depth == 0 {
        return RuptureStep {
            depth,
            repaired: false,
            mended: false,
        };
    }
    let mended_to = if repairs { depth - 1 } else { depth };
    RuptureStep {
        depth: mended_to + u32::from(deepens),
        repaired: repairs,
        mended: repairs && mended_to == 0,
    }
}

/// Applies a reply's variable effects: first every `set`, then every `add` (saturating).
pub fn apply_variables(reply: &Reply, vars: &mut [i64]) {
    for &(v, x) in &reply.set {
        vars[v] = x;
    }
    for &(v, x) in &reply.add {
        vars[v] = vars[v].saturating_add(x);
    }
}

/// True when reply `at` (node index, reply index) is a `once` reply already given, so not on offer again.
pub fn spent(reply: &Reply, at: (usize, usize), used: &[(usize, usize)]) -> bool {
    reply.once && used.binary_search(&at).is_ok()
}

/// Records that reply `at` (node index, reply index) was given, if it is a `once` reply. `used` stays sorted
/// and holds each reply once, so two sessions that used the same replies compare equal.
pub fn use_once(reply: &Reply, at: (usize, usize), used: &mut Vec<(usize, usize)>) {
    if reply.once
        && let Err(i) = used.binary_search(&at)
    {
        used.insert(i, at);
    }
}

/// Whether a test passes, in a domain that may not know: an exact state always knows; a range of states may
/// pass in part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// It passes (everywhere in the range).
    Holds,
    /// It fails (everywhere in the range).
    Fails,
    /// It passes in part of the range.
    Perhaps,
}

impl Verdict {
    /// An exact answer.
    pub fn exact(holds: bool) -> Verdict {
        if holds {
            Verdict::Holds
        } else {
            Verdict::Fails
        }
    }
}

/// Which of a node's replies are on offer, given each one's own test (its `when` holds and it is not
/// `spent`), rewritten in place into whether it is offered: those that pass; if none does, every reply, so a
/// vignette can never strand a trainee. True when the replies' own tests decide (the fallback cannot apply).
pub fn on_offer(own: &mut [Verdict]) -> bool {
    if own.iter().all(|&v| v == Verdict::Fails) {
        own.fill(Verdict::Holds);
        false
    } else if !own.contains(&Verdict::Holds) {
        // Perhaps every one fails, and then every one is offered.
        own.fill(Verdict::Perhaps);
        false
    } else {
        true
    }
}

/// `on_offer` for an exact state, as the session asks it at every step (each test asked once, one vector):
/// `make` for each of the `count` replies on offer, given whether each one's own test `passes`.
pub fn on_offer_exact<T>(
    count: usize,
    passes: impl FnMut(&usize) -> bool,
    mut make: impl FnMut(usize) -> T,
) -> Vec<T> {
    let open: Vec<T> = (0..count).filter(passes).map(&mut make).collect();
    if open.is_empty() {
        // None passes: every reply is offered.
        return (0..count).map(make).collect();
    }
    open
}

/// A condition decided in some value domain: the part of the state where it holds and the part where it
/// fails. An exact state falls wholly on one side; a range of states may fall on both.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Split<S> {
    /// Where the condition holds (`None`: nowhere).
    pub holds: Option<S>,
    /// Where it fails (`None`: nowhere).
    pub fails: Option<S>,
}

impl<S> Split<S> {
    /// An exact state: wholly where the condition holds, or wholly where it fails.
    pub fn exact(holds: bool, state: S) -> Split<S> {
        if holds {
            Split {
                holds: Some(state),
                fails: None,
            }
        } else {
            Split {
                holds: None,
                fails: Some(state),
            }
        }
    }
}

/// What is chosen when no condition holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Otherwise {
    /// The last choice (a reply's destinations: the last `next` is the fallback).
    Last,
    /// None of them (a node's variants: the default patient turn).
    Nothing,
}

/// Chooses among conditional choices in authored order: the first whose condition holds (`None` as a
/// condition always holds), else `otherwise`. `split` decides a condition in the caller's domain; `pick` is
/// called with each choice that may be made (`None`: nothing chosen) and the part of `state` where it is —
/// exactly once for an exact state, once or more for a range.
pub fn first_holding<'c, S>(
    conditions: impl IntoIterator<Item = Option<&'c Condition>>,
    state: S,
    otherwise: Otherwise,
    mut split: impl FnMut(&Condition, &S) -> Split<S>,
    mut pick: impl FnMut(Option<usize>, S),
) {
    let mut rest = Some(state);
    let mut count = 0;
    for (i, c) in conditions.into_iter().enumerate() {
        let Some(cur) = rest.take() else { break };
        count = i + 1;
        match c {
            None => pick(Some(i), cur),
            Some(c) => {
                let s = split(c, &cur);
                if let Some(yes) = s.holds {
                    pick(Some(i), yes);
                }
                rest = s.fails;
            }
        }
    }
    if let Some(cur) = rest {
        pick(
            match otherwise {
                Otherwise::Last => count.checked_sub(1),
                Otherwise::Nothing => None,
            },
            cur,
        );
    }
}

/// `first_holding` for an exact state, decided by `holds`: the index chosen (`None`: nothing).
pub fn first_holding_exact<'c>(
    conditions: impl IntoIterator<Item = Option<&'c Condition>>,
    otherwise: Otherwise,
    mut holds: impl FnMut(&Condition) -> bool,
) -> Option<usize> {
    let mut chosen = None;
    first_holding(
        conditions,
        (),
        otherwise,
        |c, _| Split::exact(holds(c), ()),
        |i, ()| chosen = i,
    );
    chosen
}

/// Where `reply` leads from the state `split` decides conditions in: each destination index into
/// `reply.dest` that may be taken (the first whose condition holds, else the last), with its part of the state.
pub fn destination<S>(
    reply: &Reply,
    state: S,
    split: impl FnMut(&Condition, &S) -> Split<S>,
    pick: impl FnMut(Option<usize>, S),
) {
    first_holding(
        reply.dest.iter().map(|(c, _, _)| c.as_ref()),
        state,
        Otherwise::Last,
        split,
        pick,
    );
}

/// `destination` for an exact state, decided by `holds`: where `reply` leads (`None`: it has no destination).
pub fn destination_exact(reply: &Reply, holds: impl FnMut(&Condition) -> bool) -> Option<Target> {
    first_holding_exact(
        reply.dest.iter().map(|(c, _, _)| c.as_ref()),
        Otherwise::Last,
        holds,
    )
    .map(|d| reply.dest[d].1)
}

/// Which of `node`'s variants the patient's line comes from, in the state `split` decides conditions in:
/// each that may be shown (the first whose condition holds; `None`: the default turn), with its part of the
/// state.
pub fn variant<S>(
    node: &Node,
    state: S,
    split: impl FnMut(&Condition, &S) -> Split<S>,
    pick: impl FnMut(Option<usize>, S),
) {
    first_holding(
        node.variants.iter().map(|(c, _)| Some(c)),
        state,
        Otherwise::Nothing,
        split,
        pick,
    );
}

/// `variant` for an exact state, decided by `holds`: the variant shown (`None`: the default turn).
pub fn variant_exact(node: &Node, holds: impl FnMut(&Condition) -> bool) -> Option<usize> {
    first_holding_exact(
        node.variants.iter().map(|(c, _)| Some(c)),
        Otherwise::Nothing,
        holds,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_beats_another_only_beyond_rounding() {
        assert!(beats(1.0, 0.5));
        assert!(!beats(1.0, 1.0));
        assert!(!beats(0.1 + 0.2, 0.3));
        assert!(!beats(0.5, 1.0));
    }

    #[test]
    fn a_confrontation_takes_two_repairs_and_a_withdrawal_one() {
        assert_eq!(rupture_weight(RuptureKind::Withdrawal), 1);
        assert_eq!(rupture_weight(RuptureKind::Confrontation), 2);
        let one = after_reply(2, true, false);
        assert_eq!((one.depth, one.repaired, one.mended), (1, true, false));
        let two = after_reply(one.depth, true, false);
        assert_eq!((two.depth, two.repaired, two.mended), (0, true, true));
    }

    #[test]
    fn with_no_rupture_open_a_reply_neither_repairs_nor_deepens() {
        let s = after_reply(0, true, true);
        assert_eq!((s.depth, s.repaired, s.mended), (0, false, false));
        assert_eq!(after_reply(1, false, true).depth, 2);
        assert_eq!(after_reply(1, true, true).depth, 1);
    }

    #[test]
    fn when_every_reply_is_gated_off_every_reply_is_offered() {
        use Verdict::*;
        let mut own = [Fails, Holds];
        assert!(on_offer(&mut own));
        assert_eq!(own, [Fails, Holds]);
        let mut own = [Fails, Fails];
        assert!(!on_offer(&mut own));
        assert_eq!(own, [Holds, Holds]);
        let mut own = [Fails, Perhaps];
        assert!(!on_offer(&mut own));
        assert_eq!(own, [Perhaps, Perhaps]);
    }

    #[test]
    fn the_exact_offer_is_the_general_one() {
        for bits in 0u32..32 {
            let passes = |i: usize| bits & (1 << i) != 0;
            for count in 0..=5 {
                let mut own: Vec<Verdict> = (0..count).map(|i| Verdict::exact(passes(i))).collect();
                on_offer(&mut own);
                let general: Vec<usize> =
                    (0..count).filter(|&i| own[i] == Verdict::Holds).collect();
                let exact: Vec<usize> = on_offer_exact(count, |&i| passes(i), |i| i);
                assert_eq!(exact, general, "{bits:05b}, {count} replies");
            }
        }
    }

    #[test]
    fn the_first_holding_choice_is_taken_else_the_fallback() {
        let c = Condition::default();
        let conds = [Some(&c), None, Some(&c)];
        assert_eq!(
            first_holding_exact(conds, Otherwise::Last, |_| false),
            Some(1)
        );
        assert_eq!(
            first_holding_exact(conds, Otherwise::Last, |_| true),
            Some(0)
        );
        let gated = [Some(&c), Some(&c)];
        assert_eq!(
            first_holding_exact(gated, Otherwise::Last, |_| false),
            Some(1)
        );
        assert_eq!(
            first_holding_exact(gated, Otherwise::Nothing, |_| false),
            None
        );
        assert_eq!(first_holding_exact([], Otherwise::Last, |_| true), None);
    }

    #[test]
    fn a_condition_that_may_go_either_way_is_followed_both_ways() {
        let c = Condition::default();
        let mut picks = Vec::new();
        first_holding(
            [Some(&c), Some(&c)],
            10,
            Otherwise::Last,
            |_, s| Split {
                holds: Some(*s - 1),
                fails: Some(*s + 1),
            },
            |i, s| picks.push((i, s)),
        );
        assert_eq!(picks, vec![(Some(0), 9), (Some(1), 10), (Some(1), 12)]);
    }
}
