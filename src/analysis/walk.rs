//! The state-aware walk: every path through a vignette, played by the real engine and rubric, with states
//! merged on `Session::future_key` so paths that meet again in the same state are explored only once.

use std::collections::HashMap;
use std::sync::Arc;

use crate::engine::{FutureKey, Mode, Session};
use crate::report::WaiSr;
use crate::scoring::Rubric;
use crate::vignette::compiled::Condition;
use crate::vignette::{Target, Vignette};

/// How far the walk may go before it stops and says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Limits {
    /// Distinct states at most (each costs a few hundred bytes).
    pub max_states: usize,
    /// Decisions on one path at most; a path still going after this many is cut.
    pub max_depth: usize,
}

impl Limits {
    /// The default for a vignette: 100,000 states (under a second), and paths up to 4 × nodes + 16
    /// decisions (the bound the best-path check uses).
    pub fn for_vignette(v: &Vignette) -> Limits {
        Limits {
            max_states: 100_000,
            max_depth: 4 * v.nodes.len() + 16,
        }
    }
}

/// Which limit stopped the walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// `max_states` distinct states were found and more were waiting.
    States,
    /// A path reached `max_depth` decisions without ending.
    Depth,
}

/// Every state the walk found; state 0 is the start.
#[derive(Debug, Clone)]
pub struct Walk {
    /// The states.
    pub states: Vec<State>,
    /// The first limit hit, if any: then some moves were not followed and every figure is a lower bound.
    pub cut: Option<Bound>,
    /// Moves not followed because of a limit.
    pub cut_moves: usize,
    /// The limits used.
    pub limits: Limits,
}

/// One distinct state: where the session is, and what can be done there.
#[derive(Debug, Clone)]
pub struct State {
    /// The node, or the ending reached.
    pub at: Target,
    /// Which of the node's variants the patient's line came from (`None`: the default turn).
    pub variant: Option<usize>,
    /// For each reply at the node: its `when` holds here (true for replies without one).
    pub when_holds: Vec<bool>,
    /// The replies on offer, each with where it leads (empty at an ending).
    pub moves: Vec<Move>,
    /// At an ending: how the patient would rate the alliance.
    pub finish: Option<Finish>,
}

/// Giving one offered reply in a state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Move {
    /// The reply's authored index at its node.
    pub reply: usize,
    /// Its number as the trainee sees it (1-based position among the replies on offer).
    pub shown: usize,
    /// Its scored value (`scoring::reply_value`) in this state.
    pub value: f64,
    /// The state it leads to, or `None` when a limit stopped the walk from following it.
    pub to: Option<usize>,
}

/// How an attempt that ends in a state finishes. Ending states are merged on (ending, WAI-SR): nothing
/// reported depends on more.
#[derive(Debug, Clone, PartialEq)]
pub struct Finish {
    /// The WAI-SR, exactly as the debrief would compute it.
    pub wai_sr: WaiSr,
    /// A rupture is still unrepaired.
    pub rupture_open: bool,
}

/// What of a session's state the vignette's conditions can see, so keys leave out what cannot matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// Nodes some condition tests with `visited`/`not_visited`.
    pub watched: Vec<usize>,
    /// Some condition tests empathy.
    pub empathy: bool,
}

impl Scope {
    /// The scope of `v`'s conditions.
    pub fn of(v: &Vignette) -> Scope {
        let mut empathy = false;
        for c in conditions(v) {
            empathy |= c
                .ranges
                .iter()
                .any(|(m, _, _)| *m == crate::vignette::compiled::Measure::Empathy);
        }
        Scope {
            watched: watched_nodes(v),
            empathy,
        }
    }

    /// The key of `s` under this scope: its future at a node, (ending, WAI-SR) at an ending.
    pub fn key(&self, s: &Session) -> Key {
        match s.at() {
            Target::Ending(e) => {
                let w = wai_sr(s);
                Key::End(e, w.task, w.bond, w.goal)
            }
            Target::Node(_) => Key::Live(s.future_key(&self.watched, self.empathy)),
        }
    }
}

/// A state's identity in the walk.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    /// A node, with everything that decides what can still happen.
    Live(FutureKey),
    /// An ending, with the WAI-SR task, bond and goal subscales.
    End(usize, u8, u8, u8),
}

/// The WAI-SR of a session as it stands, as the debrief computes it.
pub fn wai_sr(s: &Session) -> WaiSr {
    // From the session, not its transcript: a forked session keeps its state and codes but not its turns.
    WaiSr::rate(
        &s.state(),
        s.transcript().unrepaired().count(),
        s.session_codes(),
        s.rubric(),
    )
}

/// Every condition in `v`: variants', replies' `when`, branches'.
pub fn conditions(v: &Vignette) -> impl Iterator<Item = &Condition> {
    v.nodes.iter().flat_map(|node| {
        node.variants
            .iter()
            .map(|(c, _)| c)
            .chain(node.replies.iter().flat_map(|r| {
                r.when
                    .iter()
                    .chain(r.dest.iter().filter_map(|(c, _, _)| c.as_ref()))
            }))
    })
}

struct Frame {
    id: usize,
    session: Session,
    offered: Vec<usize>,
    next: usize,
}

/// The nodes some condition tests with `visited`/`not_visited`: only their visits enter the state.
pub fn watched_nodes(v: &Vignette) -> Vec<usize> {
    let mut out: Vec<usize> = conditions(v)
        .flat_map(|c| c.visited.iter().chain(&c.not_visited).copied())
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Walks every path of `v` under `rubric`, depth first, merging equal states.
pub fn walk(v: &Arc<Vignette>, rubric: &Arc<Rubric>, limits: Limits) -> Walk {
    let scope = Scope::of(v);
    let root = Session::new(Arc::clone(v), Arc::clone(rubric), 0, Mode::Practice);
    let mut memo: HashMap<Key, usize> = HashMap::new();
    memo.insert(scope.key(&root), 0);
    let mut states = vec![describe(v, &root)];
    let mut cut = None;
    let mut cut_moves = 0;
    let mut stack: Vec<Frame> = Vec::new();
    if !root.is_over() {
        stack.push(frame(0, root));
    }
    loop {
        let depth = stack.len();
        let Some(top) = stack.last_mut() else { break };
        let Some(&reply) = top.offered.get(top.next) else {
            stack.pop();
            continue;
        };
        let shown = top.next + 1;
        top.next += 1;
        let from = top.id;
        let value = top.session.value_of(reply).unwrap_or(0.0);
        let mut next = top.session.fork();
        if next.choose(reply).is_err() {
            continue;
        }
        let key = scope.key(&next);
        let to = if let Some(&id) = memo.get(&key) {
            Some(id)
        } else if states.len() >= limits.max_states {
            cut.get_or_insert(Bound::States);
            cut_moves += 1;
            None
        } else if !next.is_over() && depth >= limits.max_depth {
            cut.get_or_insert(Bound::Depth);
            cut_moves += 1;
            None
        } else {
            let id = states.len();
            states.push(describe(v, &next));
            memo.insert(key, id);
            if !next.is_over() {
                stack.push(frame(id, next));
            }
            Some(id)
        };
        states[from].moves.push(Move {
            reply,
            shown,
            value,
            to,
        });
    }
    Walk {
        states,
        cut,
        cut_moves,
        limits,
    }
}

fn frame(id: usize, session: Session) -> Frame {
    Frame {
        id,
        offered: session.offered().iter().map(|o| o.index).collect(),
        session,
        next: 0,
    }
}

fn describe(v: &Vignette, s: &Session) -> State {
    let at = s.at();
    let when_holds = match at {
        Target::Node(n) => v.nodes[n]
            .replies
            .iter()
            .map(|r| r.when.as_ref().is_none_or(|c| s.holds(c)))
            .collect(),
        Target::Ending(_) => Vec::new(),
    };
    let finish = s.is_over().then(|| Finish {
        wai_sr: wai_sr(s),
        rupture_open: s.rupture_open(),
    });
    State {
        at,
        variant: s.shown_variant(),
        when_holds,
        moves: Vec::new(),
        finish,
    }
}
