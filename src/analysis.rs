//! Seeing a vignette whole: the node map (model, layout, SVG, DOT, Mermaid) and the state-aware exploration
//! of every path (exact walk, interval walk, searches, findings, text). Read-only; plays through the engine.

pub mod dot;
pub mod explore;
pub mod explore_text;
pub mod findings;
pub mod graph;
pub mod handout;
pub mod interval;
pub mod layout;
pub mod mermaid;
pub mod paraphrases;
pub mod score;
pub mod search;
pub mod svg;
pub mod transcripts;
pub mod walk;

pub use explore::{Exploration, explore, explore_with};
pub use graph::Map;
pub use walk::{Limits, Walk, walk};

/// The built-in SVG of a vignette's map: the map, laid out by `layout`, drawn by `svg`.
pub fn svg_of(
    v: &std::sync::Arc<crate::vignette::Vignette>,
    rubric: &crate::scoring::Rubric,
) -> String {
    let map = Map::build(v, rubric);
    let lay = layout::layout(&map);
    svg::render(&map, &lay)
}
