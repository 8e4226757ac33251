//! A layered top-to-bottom layout of the map in pure Rust, narrow enough to print: longest-path ranks from
//! `start` as rows, barycentre order within rows, dummy points for long edges, back edges up a lane at the right.

mod columns;
mod order;
mod stack;
pub mod text;

use crate::analysis::graph::Map;
use crate::vignette::Target;

use columns::{Grid, layers};
use order::order_columns;
use stack::stack;
pub use text::{ENDING_W, Line, NODE_W};

/// Horizontal distance between two ports (edge starts) on a box's bottom side, at most.
pub const PORT: f64 = 22.0;
/// Space between neighbours in a row.
const GAP: f64 = 16.0;
/// The width a long edge takes where it passes through a row.
const DUMMY_W: f64 = 4.0;
/// Vertical space between two rows, where edges run and their reply numbers sit.
const RANK_GAP: f64 = 64.0;
/// Space around the drawing.
const MARGIN: f64 = 20.0;
/// Space at the left for the names of the phase bands.
pub const BAND_LABEL_W: f64 = 84.0;
/// Distance between two back-edge lanes at the right of the drawing.
const LANE: f64 = 8.0;
/// Every edge leaves its box straight down for this long, so its reply number sits beside a straight line.
const RUN: f64 = 18.0;

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
    /// Points from the port on the source's bottom side to the entry on the target's top side. Every edge first
    /// runs straight down out of its port (its reply number sits there); forward edges then pass through their
    /// dummy points (two per row they cross: in at the top and out at the bottom) and are drawn as smooth
    /// curves; back edges are orthogonal polylines up a lane at the right of the drawing.
    pub points: Vec<(f64, f64)>,
    /// The edge goes back (to the same or an earlier row).
    pub back: bool,
}

/// One row of the drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Top of its tallest box.
    pub top: f64,
    /// Height of its tallest box.
    pub height: f64,
    /// The phase most of its decision points are in (`endings` for a row of endings only), if any.
    pub phase: Option<String>,
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
    /// The text of each box, wrapped to its width.
    pub lines: Vec<Vec<Line>>,
    /// One route per map edge, in the map's order.
    pub routes: Vec<Route>,
    /// The rank (row) of each box.
    pub column: Vec<usize>,
    /// Number of ranks.
    pub columns: usize,
    /// The rows, top to bottom.
    pub rows: Vec<Row>,
}

/// One thing placed in a row: a box, or a point a long edge passes through.
#[derive(Debug, Clone, Copy)]
struct Item {
    /// Box index, or `None` for a dummy.
    real: Option<usize>,
    /// Its width.
    size: f64,
}

/// Lays out `map`: ranks, items per rank, order within ranks, placement along them, then coordinates.
pub fn layout(map: &Map) -> Layout {
    let n = map.nodes.len();
    let total = n + map.endings.len();
    let (layer, succ) = layers(map, total);
    let columns = layer.iter().copied().max().map_or(1, |m| m + 1);
    let texts = text::box_lines(map);
    let widths: Vec<f64> = (0..total)
        .map(|b| if b < n { NODE_W } else { ENDING_W })
        .collect();
    let grid = Grid::new(map, &layer, columns, &succ, &widths);
    let order = order_columns(&grid, columns);
    let left = fitted(&grid, &order, columns);
    let min_left = left.iter().copied().fold(f64::INFINITY, f64::min);
    let x0 = MARGIN + BAND_LABEL_W - if min_left.is_finite() { min_left } else { 0.0 };
    let rows = rows(map, &grid, &texts, columns);
    let placed = Placed {
        grid: &grid,
        left,
        x0,
        rows: &rows,
    };
    let boxes = boxes(&placed, &texts, total);
    let (port_x, entry_x) = ports(map, &placed, &boxes);
    let right = grid
        .items
        .iter()
        .enumerate()
        .map(|(id, it)| placed.left[id] + x0 + it.size)
        .fold(0.0, f64::max);
    let routes = routes(map, &placed, &boxes, &port_x, &entry_x, right + 12.0);
    let backs = back_lanes(map, &boxes)
        .iter()
        .zip(&map.edges)
        .filter(|(_, e)| e.back)
        .map(|(l, _)| l + 1)
        .max()
        .unwrap_or(0);
    let bottom = rows.last().map_or(0.0, |r| r.top + r.height);
    Layout {
        width: right + 12.0 + backs as f64 * LANE + MARGIN,
        height: bottom + MARGIN,
        column: (0..total).map(|b| layer[b]).collect(),
        boxes,
        lines: texts.into_iter().map(|(l, _)| l).collect(),
        routes,
        columns,
        rows,
    }
}

/// The boxes and edge points along their rows: pulled straight as far as the drawing stays within
/// [`MAX_CONTENT_W`] (fewer sweeps, down to rows merely centred, when straighter would be wider).
fn fitted(grid: &Grid, order: &[Vec<usize>], columns: usize) -> Vec<f64> {
    let extent = |left: &[f64]| {
        let lo = left.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = left
            .iter()
            .zip(&grid.items)
            .map(|(l, it)| l + it.size)
            .fold(f64::NEG_INFINITY, f64::max);
        hi - lo
    };
    for rounds in [10, 6, 4, 2, 1] {
        let left = stack(grid, order, columns, rounds);
        if extent(&left) <= MAX_CONTENT_W {
            return left;
        }
    }
    stack(grid, order, columns, 0)
}

/// The width the boxes may take before edges are straightened less: with the band names, margins and a few
/// back-edge lanes, an A4 or Letter page's width at a readable size (about 1,200 px).
pub const MAX_CONTENT_W: f64 = 1_000.0;

/// The box a target is drawn in: node boxes first, then ending boxes.
fn box_of(n: usize, t: Target) -> usize {
    match t {
        Target::Node(j) => j,
        Target::Ending(e) => n + e,
    }
}

/// Each row's top and height (its tallest box), and the phase most of its nodes are in.
fn rows(map: &Map, grid: &Grid, texts: &[(Vec<Line>, f64)], columns: usize) -> Vec<Row> {
    let n = map.nodes.len();
    let mut out = Vec::with_capacity(columns);
    let mut y = MARGIN + 8.0;
    for c in 0..columns {
        let boxes: Vec<usize> = grid.flat[c]
            .iter()
            .filter_map(|&id| grid.items[id].real)
            .collect();
        let height = boxes.iter().map(|&b| texts[b].1).fold(0.0, f64::max);
        let mut phases: Vec<(&str, usize)> = Vec::new();
        for &b in &boxes {
            let p = if b < n {
                map.nodes[b].phase.as_deref()
            } else {
                Some("endings")
            };
            if let Some(p) = p {
                match phases.iter_mut().find(|x| x.0 == p) {
                    Some(x) => x.1 += 1,
                    None => phases.push((p, 1)),
                }
            }
        }
        let phase = phases
            .iter()
            .rev()
            .max_by_key(|x| x.1)
            .map(|x| x.0.to_owned());
        out.push(Row {
            top: y,
            height,
            phase,
        });
        y += height + RANK_GAP;
    }
    out
}

/// The items placed: their left edges, the offset that puts the band labels at the left, and the rows.
struct Placed<'a> {
    grid: &'a Grid,
    left: Vec<f64>,
    x0: f64,
    rows: &'a [Row],
}

impl Placed<'_> {
    /// The horizontal middle of an item in the drawing.
    fn mid(&self, id: usize) -> f64 {
        self.left[id] + self.x0 + self.grid.items[id].size / 2.0
    }
}

/// The boxes, each at the top of its row.
fn boxes(placed: &Placed, texts: &[(Vec<Line>, f64)], total: usize) -> Vec<Rect> {
    let grid = placed.grid;
    let mut boxes = vec![
        Rect {
            x: 0.0,
            y: 0.0,
            w: NODE_W,
            h: 0.0
        };
        total
    ];
    for (id, it) in grid.items.iter().enumerate() {
        if let Some(b) = it.real {
            boxes[b] = Rect {
                x: placed.left[id] + placed.x0,
                y: placed.rows[grid.col_of[id]].top,
                w: it.size,
                h: texts[b].1,
            };
        }
    }
    boxes
}

/// Ports: each box's outgoing edges leave its bottom side in the order of where they go (left to right), and
/// arrive spread over the target's top side in the order of where they come from. Returns, per edge, the x it
/// leaves at and the x it arrives at.
fn ports(map: &Map, placed: &Placed, boxes: &[Rect]) -> (Vec<f64>, Vec<f64>) {
    let n = map.nodes.len();
    let chains = &placed.grid.chains;
    let target_x = |k: usize| -> f64 {
        let e = &map.edges[k];
        if e.back {
            f64::INFINITY
        } else {
            chains[k].get(1).map_or(0.0, |&id| placed.mid(id))
        }
    };
    let mut port_x = vec![0.0f64; map.edges.len()];
    for (i, r) in boxes.iter().enumerate().take(n) {
        let mut mine: Vec<usize> = (0..map.edges.len())
            .filter(|&k| map.edges[k].from == i)
            .collect();
        // Edges in the order of their replies, unless where they go says otherwise: reply numbers then read in order.
        mine.sort_by(|&a, &b| target_x(a).total_cmp(&target_x(b)).then(a.cmp(&b)));
        let step = PORT.min((r.w - 16.0) / mine.len().max(1) as f64);
        let first = r.x + (r.w - mine.len() as f64 * step) / 2.0 + step / 2.0;
        for (j, &k) in mine.iter().enumerate() {
            port_x[k] = first + j as f64 * step;
        }
    }
    let mut entry_x = vec![0.0f64; map.edges.len()];
    for (b, r) in boxes.iter().enumerate() {
        let mut incoming: Vec<usize> = (0..map.edges.len())
            .filter(|&k| box_of(n, map.edges[k].to) == b)
            .collect();
        let from_x = |k: usize| {
            if map.edges[k].back {
                f64::INFINITY
            } else {
                let ch = &chains[k];
                ch.len()
                    .checked_sub(2)
                    .map_or(0.0, |i| if i == 0 { port_x[k] } else { placed.mid(ch[i]) })
            }
        };
        incoming.sort_by(|&a, &b| from_x(a).total_cmp(&from_x(b)).then(a.cmp(&b)));
        let m = incoming.len() as f64;
        let span = (r.w - 24.0).max(0.0);
        for (j, &k) in incoming.iter().enumerate() {
            entry_x[k] = if incoming.len() == 1 {
                r.x + r.w / 2.0
            } else {
                r.x + 12.0 + span * j as f64 / (m - 1.0)
            };
        }
    }
    (port_x, entry_x)
}

/// The lane of each back edge (0 for other edges): back edges whose spans up the drawing do not overlap share a
/// lane, so the lanes take the width of the most that run side by side, not of them all.
fn back_lanes(map: &Map, boxes: &[Rect]) -> Vec<usize> {
    let n = map.nodes.len();
    let span = |k: usize| {
        let e = &map.edges[k];
        let (from, to) = (boxes[e.from], boxes[box_of(n, e.to)]);
        (to.y - 30.0, from.y + from.h + RUN + 16.0)
    };
    let mut backs: Vec<usize> = (0..map.edges.len())
        .filter(|&k| map.edges[k].back)
        .collect();
    backs.sort_by(|&a, &b| span(a).0.total_cmp(&span(b).0).then(a.cmp(&b)));
    let mut lane_ends: Vec<f64> = Vec::new();
    let mut lanes = vec![0usize; map.edges.len()];
    for k in backs {
        let (top, bottom) = span(k);
        let lane = match lane_ends.iter().position(|&end| end < top) {
            Some(l) => l,
            None => {
                lane_ends.push(f64::NEG_INFINITY);
                lane_ends.len() - 1
            }
        };
        lane_ends[lane] = bottom;
        lanes[k] = lane;
    }
    lanes
}

/// The route of every edge: forward edges down through their dummies, back edges up a lane right of `lanes_x`.
fn routes(
    map: &Map,
    placed: &Placed,
    boxes: &[Rect],
    port_x: &[f64],
    entry_x: &[f64],
    lanes_x: f64,
) -> Vec<Route> {
    let n = map.nodes.len();
    let grid = placed.grid;
    let mut routes = Vec::with_capacity(map.edges.len());
    let lanes = back_lanes(map, boxes);
    for (k, e) in map.edges.iter().enumerate() {
        let from = boxes[e.from];
        let to = boxes[box_of(n, e.to)];
        let start = (port_x[k], from.y + from.h);
        let end = (entry_x[k], to.y);
        if e.back {
            let lane = lanes[k];
            let x = lanes_x + lane as f64 * LANE;
            let below = start.1 + RUN + (k % 4) as f64 * 4.0;
            let above = end.1 - 10.0 - (k % 4) as f64 * 4.0;
            routes.push(Route {
                points: vec![
                    start,
                    (start.0, below),
                    (x, below),
                    (x, above),
                    (end.0, above),
                    end,
                ],
                back: true,
            });
        } else {
            let chain = &grid.chains[k];
            let mut points = vec![start, (start.0, start.1 + RUN)];
            for &id in &chain[1..chain.len() - 1] {
                let row = &placed.rows[grid.col_of[id]];
                let x = placed.mid(id);
                points.push((x, row.top));
                points.push((x, row.top + row.height));
            }
            points.push(end);
            routes.push(Route {
                points,
                back: false,
            });
        }
    }
    routes
}
