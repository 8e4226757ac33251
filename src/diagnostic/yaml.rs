//! Reading YAML safely: size limit, nesting and alias budgets, and parse errors turned into located diagnostics.
//! It knows the YAML library; nothing else in the crate does. What the parsed values mean is not checked here.

use serde::de::DeserializeOwned;

use super::Diagnostic;

/// Files larger than this are refused before parsing (a vignette is tens of kilobytes; a 1,000-node one ~1 MB).
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// Deepest nesting accepted; real vignettes nest about 8 levels.
pub const MAX_DEPTH: usize = 64;

/// Most aliases a file may use; real vignettes use a handful.
pub const MAX_ALIASES: usize = 100;

fn budget() -> serde_saphyr::Budget {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_DEPTH;
    // A 1,000-node vignette is ~40,000 YAML nodes; the default 250,000 would refuse a large valid file.
    budget.max_nodes = 2_000_000;
    budget.max_events = 4_000_000;
    budget.max_aliases = MAX_ALIASES;
    budget.max_anchors = MAX_ALIASES;
    budget
}

fn options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget());
    options.with_snippet = false;
    options
}

/// Parses `source` (from `file`) into `T`, or explains why not with a code, a place and a hint.
// A diagnostic is built once per file, on the error path only: boxing it would buy nothing.
#[allow(clippy::result_large_err)]
pub fn parse_yaml<T: DeserializeOwned>(file: &str, source: &str) -> Result<T, Diagnostic> {
    if source.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error("A004", file, source, 0, 0)
            .message(format!(
                "file is {} bytes; the limit is {} bytes",
                source.len(),
                MAX_FILE_BYTES
            ))
            .hint(
                "split the vignette into several files, or check that this is the file you meant",
            ));
    }
    serde_saphyr::from_str_with_options::<T>(source, options())
        .map_err(|e| describe(file, source, &e))
}

fn describe(file: &str, source: &str, err: &serde_saphyr::Error) -> Diagnostic {
    use serde_saphyr::Error as E;
    let (line, column) = err
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((0, 0));
    let raw = err.without_snippet().to_string();
    // serde-saphyr ends its messages with the location; we print our own `file:line:column`.
    let message = match raw.rfind(" at line ") {
        Some(i) => raw[..i].to_owned(),
        None => raw,
    };
    let nested = || {
        format!(
            "the file is too deeply nested or expands too much (at most {MAX_DEPTH} levels and {MAX_ALIASES} aliases); \
             write the content out plainly"
        )
    };
    // A hostile file often fails on a type first; the budget pass says whether it was really an attack.
    let policy = serde_saphyr::budget::EnforcingPolicy::AllContent;
    match serde_saphyr::budget::check_yaml_budget(source, budget(), policy) {
        Ok(report) => {
            if let Some(breach) = report.breached {
                return Diagnostic::error("A004", file, source, line, column)
                    .message(format!(
                        "refused: the file exceeds a safety limit ({breach:?})"
                    ))
                    .hint(nested());
            }
        }
        Err(scan)
            if scan.to_string().contains("nest") || scan.to_string().contains("recursion") =>
        {
            let m = scan.marker();
            let (l, c) = (m.line() as u64, m.col() as u64 + 1);
            return Diagnostic::error("A004", file, source, l, c)
                .message(format!("refused: {}", scan.info()))
                .hint(nested());
        }
        Err(_) => {}
    }
    let (code, hint) = match err.without_snippet() {
        E::SerdeUnknownField { .. } => (
            "A002",
            "check the spelling against docs/authoring.md or the JSON Schema (schema/vignette.schema.json)".to_owned(),
        ),
        E::Budget { .. }
        | E::AliasReplayCounterOverflow { .. }
        | E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. } => ("A004", nested()),
        E::SerdeInvalidType { .. }
        | E::SerdeInvalidValue { .. }
        | E::SerdeInvalidLength { .. }
        | E::SerdeUnknownVariant { .. }
        | E::SerdeMissingField { .. }
        | E::InvalidScalar { .. }
        | E::NullIntoString { .. }
        | E::InvalidBooleanStrict { .. }
        | E::NonFiniteFloat { .. }
        | E::DuplicateMappingKey { .. }
        | E::Message { .. } => (
            "A003",
            "give the field the type docs/authoring.md shows (text, number, list or one of the listed words), once"
                .to_owned(),
        ),
        _ => (
            "A001",
            "this is not valid YAML here: check indentation, quotes and colons on this line and the one before"
                .to_owned(),
        ),
    };
    Diagnostic::error(code, file, source, line, column)
        .message(message)
        .hint(hint)
}
