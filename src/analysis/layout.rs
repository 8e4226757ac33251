//! A layered left-to-right layout of the map in pure Rust: longest-path layers from `start`, barycentre order
//! within layers, dummy points for long edges, back edges routed through lanes above the drawing.

use crate::analysis::graph::Map;
use crate::vignette::Target;

/// Width of a node or ending box.
pub const BOX_W: f64 = 170.0;
/// Horizontal space between columns, where the edge labels sit.
pub const COL_GAP: f64 = 230.0;
/// Vertical distance between two ports (edge starts) on a box's right side.
pub const PORT: f64 = 20.0;
/// Height of an ending box.
pub const ENDING_H: f64 = 50.0;
/// Smallest node box (three lines of text).
pub const NODE_MIN_H: f64 = 62.0;
const ROW_GAP: f64 = 26.0;
const DUMMY_H: f64 = 12.0;
const MARGIN: f64 = 24.0;
const LANE: f64 = 9.0;
/// Every edge leaves its box straight for this long, so its label sits along a straight line.
const RUN: f64 = COL_GAP * 0.6;

/// A box: top-left corner and size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

/// How one map edge is drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// Points from the port on the source's right side to the entry on the target's left side. Every edge first
    /// runs straight out of its port (its label sits there); forward edges then pass through their dummy points
    /// (two per spanned column: in and out) and are drawn as smooth curves; back edges are orthogonal
    /// polylines through a lane above the drawing.
    pub points: Vec<(f64, f64)>,
    /// The edge goes back (to the same or an earlier column).
    pub back: bool,
}

/// Where everything goes; coordinates start at (0, 0) at the top-left.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Total width.
    pub width: f64,
    /// Total height.
    pub height: f64,
    /// Node boxes, then ending boxes (`nodes.len() + e` for ending `e`).
    pub boxes: Vec<Rect>,
    /// One route per map edge, in the map's order.
    pub routes: Vec<Route>,
    /// The column of each box.
    pub column: Vec<usize>,
    /// Number of columns.
    pub columns: usize,
}

/// One thing placed in a column: a box, or a point a long edge passes through.
#[derive(Debug, Clone, Copy)]
struct Item {
    /// Box index, or `None` for a dummy.
    real: Option<usize>,
    h: f64,
}

/// Lays out `map`.
pub fn layout(map: &Map) -> Layout {
    let n = map.nodes.len();
    let total = n + map.endings.len();
    let index = |t: Target| match t {
        Target::Node(j) => j,
        Target::Ending(e) => n + e,
    };

    // 1. Longest-path layering over the forward edges (back edges removed, so the graph has no cycles).
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); total];
    let mut indeg = vec![0usize; total];
    for e in map.edges.iter().filter(|e| !e.back) {
        succ[e.from].push(index(e.to));
        indeg[index(e.to)] += 1;
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
    let columns = layer.iter().copied().max().map_or(1, |m| m + 1);

    // 2. Items per column: boxes, then one dummy per column a long forward edge crosses.
    let out_count: Vec<usize> = (0..n)
        .map(|i| map.edges.iter().filter(|e| e.from == i).count())
        .collect();
    let height_of = |i: usize| {
        if i < n {
            (out_count[i] as f64 * PORT + 14.0).max(NODE_MIN_H)
        } else {
            ENDING_H
        }
    };
    let mut cols: Vec<Vec<Item>> = vec![Vec::new(); columns];
    // Boxes enter their column in breadth-first order from start, so the first ordering already follows
    // the story; unreached boxes come last.
    for i in bfs_order(map, n, total, &succ) {
        cols[layer[i]].push(Item {
            real: Some(i),
            h: height_of(i),
        });
    }
    // For each forward edge, the dummy items it passes through: (column, position in `cols[column]`).
    let mut dummies: Vec<Vec<usize>> = vec![Vec::new(); map.edges.len()];
    for (k, e) in map.edges.iter().enumerate() {
        if e.back {
            continue;
        }
        let span = layer[e.from] + 1..layer[index(e.to)];
        for col in &mut cols[span] {
            dummies[k].push(col.len());
            col.push(Item {
                real: None,
                h: DUMMY_H,
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
    // Segments between items in neighbouring columns (forward edges through their dummies).
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
        chain.push(item_of_box[index(e.to)]);
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

    // 3. Order within columns: barycentre sweeps down and up, keeping the order with the fewest crossings.
    let mut order: Vec<Vec<usize>> = flat.clone();
    let mut pos = vec![0.0f64; items.len()];
    let set_pos = |order: &Vec<Vec<usize>>, pos: &mut Vec<f64>| {
        for col in order {
            for (p, &id) in col.iter().enumerate() {
                pos[id] = p as f64;
            }
        }
    };
    set_pos(&order, &mut pos);
    let mut best = (crossings(&segs, &col_of, &pos), order.clone());
    for sweep in 0..12 {
        let down = sweep % 2 == 0;
        let cols_iter: Vec<usize> = if down {
            (1..columns).collect()
        } else {
            (0..columns.saturating_sub(1)).rev().collect()
        };
        for c in cols_iter {
            let neighbours = if down { &preds } else { &nexts };
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
        let x = crossings(&segs, &col_of, &pos);
        if x < best.0 {
            best = (x, order.clone());
        }
    }
    let order = best.1;
    set_pos(&order, &mut pos);

    // 4. Vertical placement: stack each column, then pull items towards their neighbours' centres while
    //    keeping the order and the gaps.
    let mut top = vec![0.0f64; items.len()];
    for col in &order {
        let mut y = 0.0;
        for &id in col {
            top[id] = y;
            y += items[id].h + ROW_GAP;
        }
    }
    // Centre each column on the tallest one before pulling.
    let col_h: Vec<f64> = order
        .iter()
        .map(|col| col.iter().map(|&id| items[id].h + ROW_GAP).sum::<f64>())
        .collect();
    let tallest = col_h.iter().copied().fold(0.0, f64::max);
    for (c, col) in order.iter().enumerate() {
        for &id in col {
            top[id] += (tallest - col_h[c]) / 2.0;
        }
    }
    for round in 0..10 {
        let down = round % 2 == 0;
        let cols_iter: Vec<usize> = if down {
            (1..columns).collect()
        } else {
            (0..columns.saturating_sub(1)).rev().collect()
        };
        for c in cols_iter {
            let neighbours = if down { &preds } else { &nexts };
            let want: Vec<f64> = order[c]
                .iter()
                .map(|&id| {
                    let ns = &neighbours[id];
                    if ns.is_empty() {
                        top[id]
                    } else {
                        let centre = ns.iter().map(|&m| top[m] + items[m].h / 2.0).sum::<f64>()
                            / ns.len() as f64;
                        centre - items[id].h / 2.0
                    }
                })
                .collect();
            place(&order[c], &want, &items, &mut top);
        }
    }

    // 5. Coordinates: back-edge lanes above everything, columns left to right.
    let backs = map.edges.iter().filter(|e| e.back).count();
    let lanes_h = if backs > 0 {
        backs as f64 * LANE + 14.0
    } else {
        0.0
    };
    let min_top = top.iter().copied().fold(f64::INFINITY, f64::min);
    let min_top = if min_top.is_finite() { min_top } else { 0.0 };
    let y0 = MARGIN + lanes_h - min_top;
    let col_x = |c: usize| MARGIN + 16.0 + c as f64 * (BOX_W + COL_GAP);
    let mut boxes = vec![
        Rect {
            x: 0.0,
            y: 0.0,
            w: BOX_W,
            h: 0.0
        };
        total
    ];
    for (id, it) in items.iter().enumerate() {
        if let Some(b) = it.real {
            boxes[b] = Rect {
                x: col_x(col_of[id]),
                y: top[id] + y0,
                w: BOX_W,
                h: it.h,
            };
        }
    }
    let item_mid = |id: usize| top[id] + y0 + items[id].h / 2.0;

    // Ports: each box's outgoing edges leave its right side in the order of where they go (top to bottom),
    // and arrive spread over the target's left side in the order of where they come from.
    let target_y = |k: usize| -> f64 {
        let e = &map.edges[k];
        if e.back {
            f64::NEG_INFINITY
        } else {
            chains[k].get(1).map_or(0.0, |&id| item_mid(id))
        }
    };
    let mut port_y = vec![0.0f64; map.edges.len()];
    for (i, r) in boxes.iter().enumerate().take(n) {
        let mut mine: Vec<usize> = (0..map.edges.len())
            .filter(|&k| map.edges[k].from == i)
            .collect();
        mine.sort_by(|&a, &b| target_y(a).total_cmp(&target_y(b)).then(a.cmp(&b)));
        let first = r.y + (r.h - mine.len() as f64 * PORT) / 2.0 + PORT / 2.0;
        for (j, &k) in mine.iter().enumerate() {
            port_y[k] = first + j as f64 * PORT;
        }
    }
    let mut entry_y = vec![0.0f64; map.edges.len()];
    for (b, r) in boxes.iter().enumerate() {
        let mut incoming: Vec<usize> = (0..map.edges.len())
            .filter(|&k| index(map.edges[k].to) == b)
            .collect();
        let from_y = |k: usize| {
            if map.edges[k].back {
                f64::NEG_INFINITY
            } else {
                let ch = &chains[k];
                ch.len()
                    .checked_sub(2)
                    .map_or(0.0, |i| if i == 0 { port_y[k] } else { item_mid(ch[i]) })
            }
        };
        incoming.sort_by(|&a, &b| from_y(a).total_cmp(&from_y(b)).then(a.cmp(&b)));
        let m = incoming.len() as f64;
        let span = (r.h - 16.0).max(0.0);
        for (j, &k) in incoming.iter().enumerate() {
            entry_y[k] = if incoming.len() == 1 {
                r.y + r.h / 2.0
            } else {
                r.y + 8.0 + span * j as f64 / (m - 1.0)
            };
        }
    }

    let mut routes = Vec::with_capacity(map.edges.len());
    let mut lane = 0usize;
    for (k, e) in map.edges.iter().enumerate() {
        let from = boxes[e.from];
        let to = boxes[index(e.to)];
        let start = (from.x + from.w, port_y[k]);
        let end = (to.x, entry_y[k]);
        if e.back {
            let up = MARGIN + lane as f64 * LANE;
            let out_x = start.0 + RUN + (lane % 4) as f64 * 4.0;
            let in_x = end.0 - 14.0 - (lane % 4) as f64 * 4.0;
            lane += 1;
            routes.push(Route {
                points: vec![
                    start,
                    (out_x, start.1),
                    (out_x, up),
                    (in_x, up),
                    (in_x, end.1),
                    end,
                ],
                back: true,
            });
        } else {
            let mut points = vec![start, (start.0 + RUN, start.1)];
            for &id in &chains[k][1..chains[k].len() - 1] {
                let x = col_x(col_of[id]);
                let y = item_mid(id);
                points.push((x, y));
                points.push((x + BOX_W, y));
            }
            points.push(end);
            routes.push(Route {
                points,
                back: false,
            });
        }
    }

    let bottom = boxes
        .iter()
        .map(|r| r.y + r.h)
        .chain(items.iter().enumerate().map(|(id, it)| top[id] + y0 + it.h))
        .fold(0.0, f64::max);
    Layout {
        width: col_x(columns - 1) + BOX_W + MARGIN + 16.0,
        height: bottom + MARGIN,
        column: (0..total).map(|b| layer[b]).collect(),
        boxes,
        routes,
        columns,
    }
}

/// Boxes in breadth-first order from the start over forward edges, then any not reached.
fn bfs_order(map: &Map, n: usize, total: usize, succ: &[Vec<usize>]) -> Vec<usize> {
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

/// Places a column's items in order as close to `want` (wanted tops) as the gaps allow, in the least-squares
/// sense. With `z[i] = top[i] − (heights and gaps above i)` the gaps become `z` non-decreasing, so this is
/// isotonic regression, solved exactly by pooling adjacent violators.
fn place(col: &[usize], want: &[f64], items: &[Item], top: &mut [f64]) {
    let mut offset = Vec::with_capacity(col.len());
    let mut acc = 0.0;
    for &id in col {
        offset.push(acc);
        acc += items[id].h + ROW_GAP;
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

/// Edge crossings between neighbouring columns for an ordering (each pair of segments counted once).
fn crossings(segs: &[(usize, usize)], col_of: &[usize], pos: &[f64]) -> usize {
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
