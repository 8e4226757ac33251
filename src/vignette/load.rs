//! Reading YAML safely: size limit, nesting and alias budgets, and parse errors turned into located diagnostics.
//! It knows the YAML library; nothing else in the crate does.

use serde::de::DeserializeOwned;

use crate::check::Diagnostic;

/// Files larger than this are refused before parsing (a vignette is tens of kilobytes; a 1,000-node one ~1 MB).
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// Deepest nesting accepted; real vignettes nest about 8 levels.
pub const MAX_DEPTH: usize = 64;

fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_DEPTH;
    // A 1,000-node vignette is ~40,000 YAML nodes; the default 250,000 would refuse a large valid file.
    budget.max_nodes = 2_000_000;
    budget.max_events = 4_000_000;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.with_snippet = false;
    options
}

/// Parses `source` (from `file`) into `T`, or explains why not with a code, a place and a hint.
pub fn parse_yaml<T: DeserializeOwned>(file: &str, source: &str) -> Result<T, Diagnostic> {
    if source.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error("A004", file, source, 0, 0)
            .message(format!(
                "file is {} bytes; the limit is {} bytes",
                source.len(),
                MAX_FILE_BYTES
            ))
            .hint("split the vignette into several files, or check that this is the file you meant"));
    }
    serde_saphyr::from_str_with_options::<T>(source, options()).map_err(|e| describe(file, source, &e))
}

fn describe(file: &str, source: &str, err: &serde_saphyr::Error) -> Diagnostic {
    let (line, column) = err
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((0, 0));
    let raw = err.without_snippet().to_string();
    // serde-saphyr prefixes its messages with the location; we print our own.
    let message = raw
        .split_once(": ")
        .filter(|(head, _)| head.contains("line"))
        .map(|(_, rest)| rest.to_owned())
        .unwrap_or(raw.clone());
    let lower = message.to_lowercase();
    let (code, hint) = if lower.contains("unknown field") {
        (
            "A002",
            "check the spelling against docs/authoring.md or the JSON Schema (schema/vignette.schema.json)"
                .to_owned(),
        )
    } else if lower.contains("budget")
        || lower.contains("depth")
        || lower.contains("alias")
        || lower.contains("nesting")
        || lower.contains("limit")
    {
        (
            "A004",
            format!(
                "the file is too deeply nested or expands too much (at most {MAX_DEPTH} levels, 1,000 aliases); \
                 write the content out plainly"
            ),
        )
    } else if lower.contains("invalid type")
        || lower.contains("missing field")
        || lower.contains("unknown variant")
        || lower.contains("invalid value")
        || lower.contains("expected")
    {
        (
            "A003",
            "give the field the type docs/authoring.md shows (text, number, list or one of the listed words)"
                .to_owned(),
        )
    } else {
        (
            "A001",
            "this is not valid YAML here: check indentation, quotes and colons on this line and the one before"
                .to_owned(),
        )
    };
    Diagnostic::error(code, file, source, line, column)
        .message(message)
        .hint(hint)
}
