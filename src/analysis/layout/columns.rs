//! Steps 1 and 2 of the layout: longest-path layers (the rank of every box), then the items of each rank
//! (boxes and the dummy points long edges pass through) and the segments between them. No ordering yet.

use super::{DUMMY_W, Item, box_of};
use crate::analysis::graph::Map;

/// Step 1. Longest-path layering over the forward edges (back edges removed, so the graph has no cycles): the
/// column of each box, and each box's forward successors.
pub(super) fn layers(map: &Map, total: usize) -> (Vec<usize>, Vec<Vec<usize>>) {
    let n = map.nodes.len();
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); total];
    let mut indeg = vec![0usize; total];
    for e in map.edges.iter().filter(|e| !e.back) {
        succ[e.from].push(box_of(n, e.to));
        indeg[box_of(n, e.to)] += 1;
    }
    let mut layer = vec![0usize; total];
    let mut queue: Vec<usize> = (0..total).filter(|&i| indeg[i] == 0).collect();
    // Start first, so it sits in column 0 even if the file lists other sources before it.
    queue.sort_by_key(|&i| !(i < n && map.nodes[i].start));
    let mut head = 0;
    while head < queue.len() {
        let u = queue[head];
        head += 1;
        for &v in &succ[u] {
            layer[v] = layer[v].max(layer[u] + 1);
            indeg[v] -= 1;
            if indeg[v] == 0 {
                queue.push(v);
            }
        }
    }
    (layer, succ)
}

/// Step 2's result: the items of every column (boxes, then one dummy per column a long forward edge crosses)
/// and the segments between items in neighbouring columns.
pub(super) struct Grid {
    /// Every item, by flat id.
    pub(super) items: Vec<Item>,
    /// The column of each item.
    pub(super) col_of: Vec<usize>,
    /// Item ids per column, in the order they entered it.
    pub(super) flat: Vec<Vec<usize>>,
    /// For each forward edge, the items it passes through, from its source box to its target box.
    pub(super) chains: Vec<Vec<usize>>,
    /// Segments between items in neighbouring columns (forward edges through their dummies).
    pub(super) segs: Vec<(usize, usize)>,
    /// Each item's neighbours in the column before.
    pub(super) preds: Vec<Vec<usize>>,
    /// Each item's neighbours in the column after.
    pub(super) nexts: Vec<Vec<usize>>,
}

impl Grid {
    /// Step 2. Items per rank, and the segments of every forward edge; `extent` is each box's size along its
    /// rank (its width).
    pub(super) fn new(
        map: &Map,
        layer: &[usize],
        columns: usize,
        succ: &[Vec<usize>],
        extent: &[f64],
    ) -> Grid {
        let n = map.nodes.len();
        let total = layer.len();
        let height_of = |i: usize| extent[i];
        let mut cols: Vec<Vec<Item>> = vec![Vec::new(); columns];
        // Boxes enter their column in breadth-first order from start, so the first ordering already follows
        // the story; unreached boxes come last.
        for i in bfs_order(map, n, total, succ) {
            cols[layer[i]].push(Item {
                real: Some(i),
                size: height_of(i),
            });
        }
        // For each forward edge, the dummy items it passes through: (column, position in `cols[column]`).
        let mut dummies: Vec<Vec<usize>> = vec![Vec::new(); map.edges.len()];
        for (k, e) in map.edges.iter().enumerate() {
            if e.back {
                continue;
            }
            let span = layer[e.from] + 1..layer[box_of(n, e.to)];
            for col in &mut cols[span] {
                dummies[k].push(col.len());
                col.push(Item {
                    real: None,
                    size: DUMMY_W,
                });
            }
        }
        // Item ids: (column, slot) → a flat id, so edges between items can be listed.
        let mut flat: Vec<Vec<usize>> = Vec::new();
        let mut col_of: Vec<usize> = Vec::new();
        let mut items: Vec<Item> = Vec::new();
        for (c, col) in cols.iter().enumerate() {
            flat.push(Vec::new());
            for it in col {
                flat[c].push(items.len());
                col_of.push(c);
                items.push(*it);
            }
        }
        let mut item_of_box = vec![0usize; total];
        for (id, it) in items.iter().enumerate() {
            if let Some(b) = it.real {
                item_of_box[b] = id;
            }
        }
        let mut segs: Vec<(usize, usize)> = Vec::new();
        let mut chains: Vec<Vec<usize>> = vec![Vec::new(); map.edges.len()];
        for (k, e) in map.edges.iter().enumerate() {
            if e.back {
                continue;
            }
            let mut chain = vec![item_of_box[e.from]];
            for (step, &slot) in dummies[k].iter().enumerate() {
                chain.push(flat[layer[e.from] + 1 + step][slot]);
            }
            chain.push(item_of_box[box_of(n, e.to)]);
            for w in chain.windows(2) {
                segs.push((w[0], w[1]));
            }
            chains[k] = chain;
        }
        let mut preds: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
        let mut nexts: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
        for &(a, b) in &segs {
            nexts[a].push(b);
            preds[b].push(a);
        }
        Grid {
            items,
            col_of,
            flat,
            chains,
            segs,
            preds,
            nexts,
        }
    }
}

/// Boxes in breadth-first order from the start over forward edges, then any not reached.
pub(super) fn bfs_order(map: &Map, n: usize, total: usize, succ: &[Vec<usize>]) -> Vec<usize> {
    let mut seen = vec![false; total];
    let mut out = Vec::with_capacity(total);
    let start = map.nodes.iter().position(|x| x.start).unwrap_or(0);
    if n > 0 {
        seen[start] = true;
        out.push(start);
    }
    let mut head = 0;
    while head < out.len() {
        let u = out[head];
        head += 1;
        for &v in &succ[u] {
            if !seen[v] {
                seen[v] = true;
                out.push(v);
            }
        }
    }
    out.extend((0..total).filter(|&i| !seen[i]));
    out
}
