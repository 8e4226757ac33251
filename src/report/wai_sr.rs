//! The WAI-SR as the virtual patient would fill it in from its final state (Hatcher & Gillaspy 2006).
//! 12 items rated 1-5; Task = items 1, 2, 10, 12; Bond = 3, 5, 7, 9; Goal = 4, 6, 8, 11 (BRIEF.md, seeds 000-002).

use serde::{Deserialize, Serialize};

use crate::scoring::AllianceState;

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
}

impl WaiSr {
    /// Rates each item from its component: rating = round(1 + 4 × component / 100). An unrepaired rupture
    /// costs one point on every bond item (floor 1): a patient who still feels the strain rates the bond lower
    /// than the running score alone would say (Safran & Muran).
    pub fn from_state(state: &AllianceState, unrepaired_ruptures: usize) -> WaiSr {
        let rate = |c: f64| (1.0 + 4.0 * c / 100.0).round().clamp(1.0, 5.0) as u8;
        let bond_rating = rate(state.bond)
            .saturating_sub(u8::from(unrepaired_ruptures > 0))
            .max(1);
        let mut items = [0u8; 12];
        for i in TASK_ITEMS {
            items[i - 1] = rate(state.task);
        }
        for i in BOND_ITEMS {
            items[i - 1] = bond_rating;
        }
        for i in GOAL_ITEMS {
            items[i - 1] = rate(state.goal);
        }
        let sum = |ix: [usize; 4]| ix.iter().map(|i| items[i - 1]).sum::<u8>();
        let (task, bond, goal) = (sum(TASK_ITEMS), sum(BOND_ITEMS), sum(GOAL_ITEMS));
        WaiSr {
            items,
            task,
            bond,
            goal,
            total: task + bond + goal,
        }
    }
}
