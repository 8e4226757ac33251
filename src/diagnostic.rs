//! A problem found in an educator's file: what, where (file:line:column with a snippet), how to fix it; with
//! the YAML parse and "did you mean" beside it. The bottom layer: it uses no other module of the crate.

mod nearest;
pub mod place;
mod yaml;

pub use nearest::nearest;
pub use yaml::{MAX_ALIASES, MAX_DEPTH, MAX_FILE_BYTES, parse_yaml};

use std::fmt;

use serde::Serialize;

/// How serious a finding is: errors stop a vignette from loading, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The vignette cannot be played as written.
    Error,
    /// The vignette plays, but probably not as the author meant.
    Warning,
}

/// One finding, with a stable code that docs/authoring.md and the tests name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Stable code (`A012`).
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// The file, as the user named it (or `<shipped>/name.yaml`).
    pub file: String,
    /// 1-based line, 0 when the problem has no single place.
    pub line: u64,
    /// 1-based column.
    pub column: u64,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
    /// The source line with a caret under the column (empty when there is no place).
    pub snippet: String,
}

impl Diagnostic {
    /// An error at `line:column` of `source`.
    pub fn error(code: &'static str, file: &str, source: &str, line: u64, column: u64) -> Builder {
        Builder(Diagnostic {
            code,
            severity: Severity::Error,
            file: file.to_owned(),
            line,
            column,
            message: String::new(),
            hint: String::new(),
            snippet: snippet(source, line, column),
        })
    }

    /// A warning at `line:column` of `source`.
    pub fn warning(
        code: &'static str,
        file: &str,
        source: &str,
        line: u64,
        column: u64,
    ) -> Builder {
        let mut b = Self::error(code, file, source, line, column);
        b.0.severity = Severity::Warning;
        b
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Fills in a diagnostic's message and hint.
pub struct Builder(Diagnostic);

impl Builder {
    /// Sets what is wrong.
    pub fn message(mut self, m: impl Into<String>) -> Self {
        self.0.message = m.into();
        self
    }
    /// Sets how to fix it, and finishes.
    pub fn hint(mut self, h: impl Into<String>) -> Diagnostic {
        self.0.hint = h.into();
        self.0
    }
}

/// The line `line` of `source` with a caret under `column`, rustc style.
pub fn snippet(source: &str, line: u64, column: u64) -> String {
    if line == 0 {
        return String::new();
    }
    let Some(text) = nth_line(source, (line - 1) as usize) else {
        return String::new();
    };
    // Long lines (minified or hostile files) are cut around the column so the snippet stays readable.
    let chars: Vec<char> = text.chars().collect();
    let col = (column.max(1) - 1) as usize;
    let start = col.saturating_sub(60).min(chars.len());
    let end = (col + 60).min(chars.len()).max(start);
    let shown: String = chars[start..end].iter().collect();
    let prefix = if start > 0 { "…" } else { "" };
    let gutter = line.to_string();
    let pad = " ".repeat(gutter.len());
    let caret_at = col - start + prefix.chars().count();
    format!(
        "{pad} |\n{gutter} | {prefix}{shown}\n{pad} | {}^",
        " ".repeat(caret_at)
    )
}

thread_local! {
    /// Line starts of the last source a snippet was cut from: a file with many findings is indexed once,
    /// not once per finding (which made checking a 1,000-node file quadratic).
    static LINE_STARTS: std::cell::RefCell<(usize, usize, Vec<usize>)> =
        const { std::cell::RefCell::new((0, 0, Vec::new())) };
}

fn nth_line(source: &str, n: usize) -> Option<&str> {
    let key = (source.as_ptr() as usize, source.len());
    LINE_STARTS.with(|cell| {
        let mut cache = cell.borrow_mut();
        // The key identifies the text while it lives; the newline check below catches a reused address.
        let stale = (cache.0, cache.1) != key
            || cache
                .2
                .get(n)
                .is_some_and(|&s| s > 0 && source.as_bytes().get(s - 1) != Some(&b'\n'));
        if stale {
            let starts = std::iter::once(0)
                .chain(
                    source
                        .bytes()
                        .enumerate()
                        .filter(|(_, b)| *b == b'\n')
                        .map(|(i, _)| i + 1),
                )
                .collect();
            *cache = (key.0, key.1, starts);
        }
        let start = *cache.2.get(n)?;
        let end = cache.2.get(n + 1).map_or(source.len(), |e| e - 1);
        source
            .get(start..end)
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
    })
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{level}[{}]: {}", self.code, self.message)?;
        if self.line > 0 {
            writeln!(f, "  --> {}:{}:{}", self.file, self.line, self.column)?;
        } else {
            writeln!(f, "  --> {}", self.file)?;
        }
        if !self.snippet.is_empty() {
            writeln!(f, "{}", self.snippet)?;
        }
        write!(f, "  = hint: {}", self.hint)
    }
}
