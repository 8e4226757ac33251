//! A layered left-to-right layout of the map in pure Rust: longest-path layers from `start`, barycentre order
//! within layers, dummy points for long edges, back edges routed through lanes above the drawing.

mod columns;
mod order;
mod stack;

use crate::analysis::graph::Map;
use crate::vignette::Target;

use columns::{Grid, layers};
use order::order_columns;
use stack::stack;

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

/// Lays out `map`: layers, items per column, order within columns, vertical placement, then coordinates.
pub fn layout(map: &Map) -> Layout {
    let n = map.nodes.len();
    let total = n + map.endings.len();
    let (layer, succ) = layers(map, total);
    let columns = layer.iter().copied().max().map_or(1, |m| m + 1);
    let grid = Grid::new(map, &layer, columns, &succ);
    let order = order_columns(&grid, columns);
    let placed = Placed::new(map, &grid, stack(&grid, &order, columns));
    let boxes = boxes(&placed, total);
    let (port_y, entry_y) = ports(map, &placed, &boxes);
    let routes = routes(map, &placed, &boxes, &port_y, &entry_y);
    let bottom = boxes
        .iter()
        .map(|r| r.y + r.h)
        .chain(
            grid.items
                .iter()
                .enumerate()
                .map(|(id, it)| placed.top[id] + placed.y0 + it.h),
        )
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

/// The box a target is drawn in: node boxes first, then ending boxes.
fn box_of(n: usize, t: Target) -> usize {
    match t {
        Target::Node(j) => j,
        Target::Ending(e) => n + e,
    }
}

/// The left edge of column `c`.
fn col_x(c: usize) -> f64 {
    MARGIN + 16.0 + c as f64 * (BOX_W + COL_GAP)
}

/// The items placed: their tops, and the offset that puts the back-edge lanes above everything.
struct Placed<'a> {
    grid: &'a Grid,
    top: Vec<f64>,
    y0: f64,
}

impl<'a> Placed<'a> {
    /// Step 5 begins: back-edge lanes above everything, so the drawing starts below them.
    fn new(map: &Map, grid: &'a Grid, top: Vec<f64>) -> Placed<'a> {
        let backs = map.edges.iter().filter(|e| e.back).count();
        let lanes_h = if backs > 0 {
            backs as f64 * LANE + 14.0
        } else {
            0.0
        };
        let min_top = top.iter().copied().fold(f64::INFINITY, f64::min);
        let min_top = if min_top.is_finite() { min_top } else { 0.0 };
        let y0 = MARGIN + lanes_h - min_top;
        Placed { grid, top, y0 }
    }

    /// The vertical middle of an item in the drawing.
    fn mid(&self, id: usize) -> f64 {
        self.top[id] + self.y0 + self.grid.items[id].h / 2.0
    }
}

/// The boxes, columns left to right.
fn boxes(placed: &Placed, total: usize) -> Vec<Rect> {
    let grid = placed.grid;
    let mut boxes = vec![
        Rect {
            x: 0.0,
            y: 0.0,
            w: BOX_W,
            h: 0.0
        };
        total
    ];
    for (id, it) in grid.items.iter().enumerate() {
        if let Some(b) = it.real {
            boxes[b] = Rect {
                x: col_x(grid.col_of[id]),
                y: placed.top[id] + placed.y0,
                w: BOX_W,
                h: it.h,
            };
        }
    }
    boxes
}

/// Ports: each box's outgoing edges leave its right side in the order of where they go (top to bottom), and
/// arrive spread over the target's left side in the order of where they come from. Returns, per edge, the
/// height it leaves at and the height it arrives at.
fn ports(map: &Map, placed: &Placed, boxes: &[Rect]) -> (Vec<f64>, Vec<f64>) {
    let n = map.nodes.len();
    let chains = &placed.grid.chains;
    let target_y = |k: usize| -> f64 {
        let e = &map.edges[k];
        if e.back {
            f64::NEG_INFINITY
        } else {
            chains[k].get(1).map_or(0.0, |&id| placed.mid(id))
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
            .filter(|&k| box_of(n, map.edges[k].to) == b)
            .collect();
        let from_y = |k: usize| {
            if map.edges[k].back {
                f64::NEG_INFINITY
            } else {
                let ch = &chains[k];
                ch.len()
                    .checked_sub(2)
                    .map_or(0.0, |i| if i == 0 { port_y[k] } else { placed.mid(ch[i]) })
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
    (port_y, entry_y)
}

/// The route of every edge: forward edges through their dummies, back edges through a lane above.
fn routes(
    map: &Map,
    placed: &Placed,
    boxes: &[Rect],
    port_y: &[f64],
    entry_y: &[f64],
) -> Vec<Route> {
    let n = map.nodes.len();
    let grid = placed.grid;
    let mut routes = Vec::with_capacity(map.edges.len());
    let mut lane = 0usize;
    for (k, e) in map.edges.iter().enumerate() {
        let from = boxes[e.from];
        let to = boxes[box_of(n, e.to)];
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
            let chain = &grid.chains[k];
            let mut points = vec![start, (start.0 + RUN, start.1)];
            for &id in &chain[1..chain.len() - 1] {
                let x = col_x(grid.col_of[id]);
                let y = placed.mid(id);
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
    routes
}
