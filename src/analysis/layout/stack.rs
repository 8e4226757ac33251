//! Step 4 of the layout: every item placed along its rank (left to right), in the rank's order, then pulled
//! towards its neighbours' centres while the order and the gaps hold. Boxes and routes are drawn from it in `layout`.

use super::columns::Grid;
use super::order::sweep_columns;
use super::{GAP, Item};

/// Step 4. Placement along the ranks: line up each rank, then pull items towards their neighbours' centres while
/// keeping the order and the gaps, for `rounds` sweeps (each straightens edges and may widen the drawing).
/// Returns each item's left edge, before the drawing's offset.
pub(super) fn stack(grid: &Grid, order: &[Vec<usize>], columns: usize, rounds: usize) -> Vec<f64> {
    let items = &grid.items;
    let mut top = vec![0.0f64; items.len()];
    for col in order {
        let mut y = 0.0;
        for &id in col {
            top[id] = y;
            y += items[id].size + GAP;
        }
    }
    // Centre each rank on the widest one before pulling.
    let col_h: Vec<f64> = order
        .iter()
        .map(|col| col.iter().map(|&id| items[id].size + GAP).sum::<f64>())
        .collect();
    let tallest = col_h.iter().copied().fold(0.0, f64::max);
    for (c, col) in order.iter().enumerate() {
        for &id in col {
            top[id] += (tallest - col_h[c]) / 2.0;
        }
    }
    for round in 0..rounds {
        let down = round % 2 == 0;
        for c in sweep_columns(down, columns) {
            let neighbours = if down { &grid.preds } else { &grid.nexts };
            let want: Vec<f64> = order[c]
                .iter()
                .map(|&id| {
                    let ns = &neighbours[id];
                    if ns.is_empty() {
                        top[id]
                    } else {
                        let centre = ns
                            .iter()
                            .map(|&m| top[m] + items[m].size / 2.0)
                            .sum::<f64>()
                            / ns.len() as f64;
                        centre - items[id].size / 2.0
                    }
                })
                .collect();
            place(&order[c], &want, items, &mut top);
        }
    }
    top
}

/// Places a column's items in order as close to `want` (wanted tops) as the gaps allow, in the least-squares
/// sense. With `z[i] = top[i] − (heights and gaps above i)` the gaps become `z` non-decreasing, so this is
/// isotonic regression, solved exactly by pooling adjacent violators.
pub(super) fn place(col: &[usize], want: &[f64], items: &[Item], top: &mut [f64]) {
    let mut offset = Vec::with_capacity(col.len());
    let mut acc = 0.0;
    for &id in col {
        offset.push(acc);
        acc += items[id].size + GAP;
    }
    // Blocks of pooled values: (sum, count).
    let mut blocks: Vec<(f64, usize)> = Vec::with_capacity(col.len());
    for (i, w) in want.iter().enumerate() {
        blocks.push((w - offset[i], 1));
        while blocks.len() > 1 {
            let (s2, c2) = blocks[blocks.len() - 1];
            let (s1, c1) = blocks[blocks.len() - 2];
            if s1 / c1 as f64 <= s2 / c2 as f64 {
                break;
            }
            blocks.pop();
            let last = blocks.len() - 1;
            blocks[last] = (s1 + s2, c1 + c2);
        }
    }
    let mut i = 0;
    for (sum, count) in blocks {
        let z = sum / count as f64;
        for _ in 0..count {
            top[col[i]] = z + offset[i];
            i += 1;
        }
    }
}
