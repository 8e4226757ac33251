//! The WAI-SR as the simulated patient would fill it in (Hatcher & Gillaspy 2006): each item from its subscale's
//! component, moved by the events that bear on it (the rubric's `wai_sr:`). Task = items 1, 2, 10, 12; Bond = 3,
//! 5, 7, 9; Goal = 4, 6, 8, 11 (BRIEF.md). It is computed, not given by a person: every renderer says so.

use serde::{Deserialize, Serialize};

use crate::engine::Transcript;
use crate::scoring::rubric::WaiSrItem;
use crate::scoring::{AllianceState, Rubric, code_bit};
use crate::vignette::BehaviourCode;

/// Items belonging to each subscale (1-based item numbers).
pub const TASK_ITEMS: [usize; 4] = [1, 2, 10, 12];
/// Bond items.
pub const BOND_ITEMS: [usize; 4] = [3, 5, 7, 9];
/// Goal items.
pub const GOAL_ITEMS: [usize; 4] = [4, 6, 8, 11];

/// The patient's WAI-SR.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WaiSr {
    /// Item ratings 1-5, item 1 first.
    pub items: [u8; 12],
    /// Task subscale, 4-20.
    pub task: u8,
    /// Bond subscale, 4-20.
    pub bond: u8,
    /// Goal subscale, 4-20.
    pub goal: u8,
    /// Total, 12-60.
    pub total: u8,
    /// Why each item was rated as it was, item 1 first (empty for a rating from the state alone).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub because: Vec<ItemReason>,
}

/// One item's rating and its reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemReason {
    /// Item number, 1-12.
    pub item: u8,
    /// What the item asks, paraphrased.
    pub asks: String,
    /// The rating, 1-5.
    pub rating: u8,
    /// The rating from the subscale's component alone (after an unrepaired rupture's point on bond items).
    pub from_component: u8,
    /// What moved it, in words ("" when nothing did).
    pub moved_by: String,
}

/// The subscale component an item is rated from.
fn component(state: &AllianceState, item: usize) -> f64 {
    if TASK_ITEMS.contains(&item) {
        state.task
    } else if BOND_ITEMS.contains(&item) {
        state.bond
    } else {
        state.goal
    }
}

/// round(1 + 4 × component / 100), 1-5; an unrepaired rupture costs one point on every bond item (floor 1): a
/// patient who still feels the strain rates the bond lower than the running score alone would say (3RS).
fn from_component(state: &AllianceState, unrepaired: usize, item: usize) -> u8 {
    let r = (1.0 + 4.0 * component(state, item) / 100.0)
        .round()
        .clamp(1.0, 5.0) as u8;
    if BOND_ITEMS.contains(&item) && unrepaired > 0 {
        r.saturating_sub(1).max(1)
    } else {
        r
    }
}

fn names(codes: &[BehaviourCode]) -> String {
    codes
        .iter()
        .map(|c| c.as_str().replace('_', " "))
        .collect::<Vec<_>>()
        .join(", ")
}

/// How far the events of a session (its codes, as a set) move `item`, and why.
fn moved(rule: &WaiSrItem, used: u32) -> (i8, String) {
    let held = |codes: &[BehaviourCode]| -> Vec<BehaviourCode> {
        codes
            .iter()
            .copied()
            .filter(|c| used & code_bit(*c) != 0)
            .collect()
    };
    let up = held(&rule.raised_by);
    let down = held(&rule.lowered_by);
    let missing = !rule.lowered_without.is_empty() && held(&rule.lowered_without).is_empty();
    let mut why = Vec::new();
    if !up.is_empty() {
        why.push(format!("+1 for {}", names(&up)));
    }
    if !down.is_empty() {
        why.push(format!("−1 for {}", names(&down)));
    }
    if missing {
        why.push(format!("−1: no {}", names(&rule.lowered_without)));
    }
    let by = i8::from(!up.is_empty()) - i8::from(!down.is_empty() || missing);
    (by, why.join("; "))
}

impl ItemReason {
    /// "Item 4, “We collaborate on setting goals”: 2 (3 from goal agreement; −1 for persuade)", as every
    /// renderer shows an item whose events moved it.
    pub fn line(&self) -> String {
        let subscale = if TASK_ITEMS.contains(&usize::from(self.item)) {
            "task agreement"
        } else if BOND_ITEMS.contains(&usize::from(self.item)) {
            "the bond"
        } else {
            "goal agreement"
        };
        format!(
            "Item {}, “{}”: {} ({} from {subscale}; {})",
            self.item, self.asks, self.rating, self.from_component, self.moved_by
        )
    }
}

impl WaiSr {
    /// The items whose events moved them, with why: what the debrief lists under the WAI-SR.
    pub fn moved(&self) -> impl Iterator<Item = &ItemReason> {
        self.because.iter().filter(|b| !b.moved_by.is_empty())
    }

    /// Rates each item from its component alone (no events): what the explorer's bounds start from.
    pub fn from_state(state: &AllianceState, unrepaired_ruptures: usize) -> WaiSr {
        let mut items = [0u8; 12];
        for (i, slot) in items.iter_mut().enumerate() {
            *slot = from_component(state, unrepaired_ruptures, i + 1);
        }
        Self::from_items(items, Vec::new())
    }

    /// Rates each item from its component and the events that bear on it: `used` is every code the session
    /// used, as a set (`code_bit`).
    pub fn rate(
        state: &AllianceState,
        unrepaired_ruptures: usize,
        used: u32,
        rubric: &Rubric,
    ) -> WaiSr {
        let mut items = [0u8; 12];
        let mut because = Vec::with_capacity(12);
        for (i, slot) in items.iter_mut().enumerate() {
            let item = i + 1;
            let base = from_component(state, unrepaired_ruptures, item);
            let (by, moved_by) = rubric
                .wai_sr
                .iter()
                .find(|r| r.item == item)
                .map_or((0, String::new()), |r| moved(r, used));
            *slot = (i16::from(base) + i16::from(by)).clamp(1, 5) as u8;
            because.push(ItemReason {
                item: item as u8,
                asks: rubric
                    .wai_sr
                    .iter()
                    .find(|r| r.item == item)
                    .map_or_else(String::new, |r| r.asks.clone()),
                rating: *slot,
                from_component: base,
                moved_by,
            });
        }
        Self::from_items(items, because)
    }

    /// The WAI-SR of a transcript as it stands: its final state, its unrepaired ruptures and its codes.
    pub fn of(t: &Transcript, rubric: &Rubric) -> WaiSr {
        let used = t
            .turns
            .iter()
            .flat_map(|r| &r.codes)
            .fold(0, |a, c| a | code_bit(*c));
        Self::rate(&t.current(), t.unrepaired().count(), used, rubric)
    }

    /// The highest total any session ending in `state` with `unrepaired_ruptures` open could have: every item
    /// its component allows, raised by one where the rubric lets an event raise it.
    pub fn ceiling(state: &AllianceState, unrepaired_ruptures: usize, rubric: &Rubric) -> u8 {
        Self::bound(state, unrepaired_ruptures, rubric, |r| {
            i8::from(!r.raised_by.is_empty())
        })
    }

    /// The lowest total any session ending in `state` could have, with `unrepaired_ruptures` open.
    pub fn floor(state: &AllianceState, unrepaired_ruptures: usize, rubric: &Rubric) -> u8 {
        Self::bound(state, unrepaired_ruptures, rubric, |r| {
            -i8::from(!r.lowered_by.is_empty() || !r.lowered_without.is_empty())
        })
    }

    fn bound(
        state: &AllianceState,
        unrepaired: usize,
        rubric: &Rubric,
        by: impl Fn(&WaiSrItem) -> i8,
    ) -> u8 {
        (1..=12)
            .map(|item| {
                let base = from_component(state, unrepaired, item);
                let step = rubric.wai_sr.iter().find(|r| r.item == item).map_or(0, &by);
                (i16::from(base) + i16::from(step)).clamp(1, 5) as u8
            })
            .sum()
    }

    fn from_items(items: [u8; 12], because: Vec<ItemReason>) -> WaiSr {
        let sum = |ix: [usize; 4]| ix.iter().map(|i| items[i - 1]).sum::<u8>();
        let (task, bond, goal) = (sum(TASK_ITEMS), sum(BOND_ITEMS), sum(GOAL_ITEMS));
        WaiSr {
            items,
            task,
            bond,
            goal,
            total: task + bond + goal,
            because,
        }
    }
}
