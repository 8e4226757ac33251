//! The order a decision point's replies are shown in: drawn from the session's seed, the node and the visit.
//! Owns only the permutation; which replies are on offer, and what a choice does, are the session's.

use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg32;

/// The order to show `count` replies in at node `node` on its `visit`-th arrival in a session seeded with
/// `seed`: `order[k]` is the authored index shown `k`-th. The same arguments always give the same order (so
/// a resumed or replayed attempt shows what it showed), and the order is drawn apart from the patient's
/// phrasings, which stay as the seed chose them. Authors wrote the best reply first almost everywhere: shown
/// in that order, "always press 1" became the lesson (issue: no tells).
pub fn shown_order(seed: u64, node: usize, visit: u32, count: usize) -> Vec<usize> {
    let mut rng = Pcg32::seed_from_u64(mix(seed, node as u64, u64::from(visit)));
    let mut order: Vec<usize> = (0..count).collect();
    // Fisher-Yates, drawing u32s so the order is the same on 32- and 64-bit machines.
    for i in (1..count).rev() {
        let j = rng.random_range(0..=i as u32) as usize;
        order.swap(i, j);
    }
    order
}

/// One 64-bit seed from three numbers (splitmix64's finaliser over a running sum), so nearby seeds, nodes and
/// visits give unrelated orders.
fn mix(seed: u64, node: u64, visit: u64) -> u64 {
    let mut x = seed;
    for part in [node, visit] {
        x = x
            .wrapping_add(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(part.wrapping_mul(0xBF58_476D_1CE4_E5B9));
        x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        x ^= x >> 31;
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_order_is_a_permutation_fixed_by_its_arguments() {
        let a = shown_order(7, 3, 1, 4);
        let mut sorted = a.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, vec![0, 1, 2, 3]);
        assert_eq!(a, shown_order(7, 3, 1, 4));
    }

    #[test]
    fn every_reply_is_shown_first_about_as_often_over_seeds() {
        let mut first = [0u32; 4];
        for seed in 0..4000 {
            first[shown_order(seed, 2, 1, 4)[0]] += 1;
        }
        // Each place is expected 1,000 times; 850-1,150 is far outside chance for a fair shuffle.
        assert!(
            first.iter().all(|&n| (850..=1150).contains(&n)),
            "{first:?}"
        );
    }

    #[test]
    fn nodes_and_visits_are_ordered_apart() {
        let by_node: Vec<Vec<usize>> = (0..8).map(|n| shown_order(1, n, 1, 4)).collect();
        assert!(by_node.windows(2).any(|w| w[0] != w[1]));
        let by_visit: Vec<Vec<usize>> = (1..9).map(|v| shown_order(1, 0, v, 4)).collect();
        assert!(by_visit.windows(2).any(|w| w[0] != w[1]));
    }
}
