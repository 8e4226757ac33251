//! What each box of the map says, wrapped to the box's width between words: a node's id, phase, rupture marker
//! and every reply in full with where it leads; an ending's title and outcome. The layout sizes boxes from it.

use crate::analysis::graph::Map;
use crate::vignette::Target;

/// Width of a node box.
pub const NODE_W: f64 = 320.0;
/// Width of an ending box.
pub const ENDING_W: f64 = 170.0;
/// Space inside a box on each side of its text.
pub const PAD: f64 = 8.0;
/// The width one character is taken to need at the reply text's 11 px (DejaVu Sans averages about 6.1 px for
/// English text; the margin keeps a line inside its box in Helvetica and Arial too).
const CHAR_PX: f64 = 6.4;
/// The same at the 13 px bold of ids and titles.
const BOLD_CHAR_PX: f64 = 8.4;

/// One line of text in a box.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Its CSS class in the SVG: `id`, `meta`, `marker`, `reply`, `branch`.
    pub class: &'static str,
    /// The words.
    pub text: String,
    /// Distance from the box's left padding (a reply's continuation lines hang under its text).
    pub indent: f64,
    /// Distance from the box's top to the line's baseline.
    pub baseline: f64,
}

/// The lines of every box (nodes, then endings) and the height each needs.
pub fn box_lines(map: &Map) -> Vec<(Vec<Line>, f64)> {
    let mut out = Vec::new();
    for (i, node) in map.nodes.iter().enumerate() {
        let mut b = Builder::new(NODE_W);
        b.add("id", &node.id, 0.0, BOLD_CHAR_PX, 18.0);
        let mut meta = Vec::new();
        if node.start {
            meta.push("START".to_owned());
        }
        if let Some(p) = &node.phase {
            meta.push(format!("phase: {p}"));
        }
        if !meta.is_empty() {
            b.add("meta", &meta.join(" · "), 0.0, CHAR_PX, 14.0);
        }
        if !node.ruptures.is_empty() {
            let names: Vec<String> = node
                .ruptures
                .iter()
                .map(|m| m.as_str().replace('_', " "))
                .collect();
            let words = format!(
                "rupture{}: {}",
                if node.rupture_always {
                    ""
                } else {
                    " (in a variant)"
                },
                names.join(", ")
            );
            b.add("marker", &words, 0.0, CHAR_PX, 14.0);
        }
        b.gap(4.0);
        let edges: Vec<_> = map.edges.iter().filter(|e| e.from == i).collect();
        let mut k = 0;
        while k < edges.len() {
            let reply = edges[k].reply;
            let same: Vec<_> = edges[k..].iter().take_while(|e| e.reply == reply).collect();
            let number = format!("{reply} · ");
            let hang = number.chars().count() as f64 * CHAR_PX;
            if same.len() == 1 {
                let text = format!("{number}{} → {}", same[0].text, target(map, same[0].to));
                b.hanging("reply", &text, hang, 14.0);
            } else {
                b.hanging("reply", &format!("{number}{}", same[0].text), hang, 14.0);
                for (j, e) in same.iter().enumerate() {
                    let words = format!(
                        "{}{} {} → {}",
                        reply,
                        branch_letter(j),
                        e.condition.as_deref().unwrap_or("otherwise"),
                        target(map, e.to)
                    );
                    b.add("branch", &words, hang, CHAR_PX, 14.0);
                }
            }
            b.gap(3.0);
            k += same.len();
        }
        out.push(b.done());
    }
    for ending in &map.endings {
        let mut b = Builder::new(ENDING_W);
        b.add("id", &ending.title, 6.0, BOLD_CHAR_PX, 18.0);
        let meta = format!(
            "{} ending · {}",
            ending.outcome.as_str().to_uppercase(),
            ending.id
        );
        b.add("meta", &meta, 6.0, CHAR_PX, 14.0);
        out.push(b.done());
    }
    out
}

/// The label of a branch: `a`, `b`, … after the reply's number.
pub fn branch_letter(j: usize) -> char {
    char::from(b'a' + (j % 26) as u8)
}

/// Where an edge leads, as the box it reaches is named.
fn target(map: &Map, t: Target) -> String {
    match t {
        Target::Node(j) => map.nodes[j].id.clone(),
        Target::Ending(e) => format!("ending “{}”", map.endings[e].title),
    }
}

/// Collects a box's lines, wrapping each text to the box's width.
struct Builder {
    width: f64,
    lines: Vec<Line>,
    y: f64,
}

impl Builder {
    fn new(width: f64) -> Builder {
        Builder {
            width,
            lines: Vec::new(),
            y: 2.0,
        }
    }

    fn gap(&mut self, h: f64) {
        self.y += h;
    }

    /// Adds `text` wrapped, every line at `indent`.
    fn add(&mut self, class: &'static str, text: &str, indent: f64, char_px: f64, step: f64) {
        let chars = ((self.width - 2.0 * PAD - indent) / char_px)
            .floor()
            .max(8.0) as usize;
        for line in wrap(text, chars) {
            self.y += step;
            self.lines.push(Line {
                class,
                text: line,
                indent,
                baseline: self.y,
            });
        }
    }

    /// Adds `text` wrapped, its first line at the left and the rest under the text after its number.
    fn hanging(&mut self, class: &'static str, text: &str, hang: f64, step: f64) {
        let first = ((self.width - 2.0 * PAD) / CHAR_PX).floor() as usize;
        let rest = ((self.width - 2.0 * PAD - hang) / CHAR_PX).floor().max(8.0) as usize;
        for (n, line) in wrap_hanging(text, first, rest).into_iter().enumerate() {
            self.y += step;
            self.lines.push(Line {
                class,
                text: line,
                indent: if n == 0 { 0.0 } else { hang },
                baseline: self.y,
            });
        }
    }

    fn done(self) -> (Vec<Line>, f64) {
        let h = self.y + 10.0;
        (self.lines, h)
    }
}

/// `text` in lines of at most `chars` characters, broken between words (a word longer than a line is split).
pub fn wrap(text: &str, chars: usize) -> Vec<String> {
    wrap_hanging(text, chars, chars)
}

/// As [`wrap`], the first line `first` characters wide and the rest `rest`.
pub fn wrap_hanging(text: &str, first: usize, rest: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let width = |lines: &Vec<String>| if lines.is_empty() { first } else { rest };
    for word in text.split_whitespace() {
        let mut word: String = word.to_owned();
        loop {
            let have = line.chars().count();
            let need = word.chars().count() + usize::from(have > 0);
            if have + need <= width(&lines) {
                if have > 0 {
                    line.push(' ');
                }
                line.push_str(&word);
                break;
            }
            if have > 0 {
                lines.push(std::mem::take(&mut line));
                continue;
            }
            // A word wider than a whole line: split it.
            let w = width(&lines).max(1);
            let head: String = word.chars().take(w).collect();
            word = word.chars().skip(w).collect();
            lines.push(head);
            if word.is_empty() {
                break;
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_between_words_and_keeps_every_word() {
        let text = "It sounds like you have been really hard on yourself about this.";
        let lines = wrap(text, 20);
        assert!(lines.iter().all(|l| l.chars().count() <= 20), "{lines:?}");
        assert_eq!(lines.join(" "), text);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), vec![""]);
    }
}
