//! Step 3 of the layout: the order of the items within each column, by barycentre sweeps that keep the order
//! with the fewest edge crossings. Heights and coordinates are later steps.

use super::columns::Grid;

/// The columns visited by a sweep: left to right going down the layers, right to left coming back.
pub(super) fn sweep_columns(down: bool, columns: usize) -> Vec<usize> {
    if down {
        (1..columns).collect()
    } else {
        (0..columns.saturating_sub(1)).rev().collect()
    }
}

/// Step 3. Order within columns: barycentre sweeps down and up, keeping the order with the fewest crossings.
pub(super) fn order_columns(grid: &Grid, columns: usize) -> Vec<Vec<usize>> {
    let mut order: Vec<Vec<usize>> = grid.flat.clone();
    let mut pos = vec![0.0f64; grid.items.len()];
    for col in &order {
        for (p, &id) in col.iter().enumerate() {
            pos[id] = p as f64;
        }
    }
    let mut best = (crossings(&grid.segs, &grid.col_of, &pos), order.clone());
    for sweep in 0..12 {
        let down = sweep % 2 == 0;
        for c in sweep_columns(down, columns) {
            let neighbours = if down { &grid.preds } else { &grid.nexts };
            let mut keyed: Vec<(f64, usize)> = order[c]
                .iter()
                .map(|&id| {
                    let ns = &neighbours[id];
                    let key = if ns.is_empty() {
                        pos[id]
                    } else {
                        ns.iter().map(|&m| pos[m]).sum::<f64>() / ns.len() as f64
                    };
                    (key, id)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            order[c] = keyed.into_iter().map(|(_, id)| id).collect();
            for (p, &id) in order[c].iter().enumerate() {
                pos[id] = p as f64;
            }
        }
        let x = crossings(&grid.segs, &grid.col_of, &pos);
        if x < best.0 {
            best = (x, order.clone());
        }
    }
    best.1
}

/// Edge crossings between neighbouring columns for an ordering (each pair of segments counted once).
pub(super) fn crossings(segs: &[(usize, usize)], col_of: &[usize], pos: &[f64]) -> usize {
    let mut by_col: Vec<Vec<(f64, f64)>> =
        vec![Vec::new(); col_of.iter().max().map_or(1, |m| m + 1)];
    for &(a, b) in segs {
        by_col[col_of[a]].push((pos[a], pos[b]));
    }
    let mut x = 0;
    for s in &by_col {
        for i in 0..s.len() {
            for j in i + 1..s.len() {
                let (a, b) = (s[i], s[j]);
                if (a.0 - b.0) * (a.1 - b.1) < 0.0 {
                    x += 1;
                }
            }
        }
    }
    x
}
