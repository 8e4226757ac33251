//! The library's top-level modules form one-way layers: no module uses one above it, so there is no cycle.
//! Reads the `crate::` paths in src/ (not what the compiler resolves); `-- --nocapture` prints the graph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, bottom first: a module may use only modules listed before it. `cli` and `main` are the
/// binary; `desktop` is the front end inside the library, behind its feature.
const LAYERS: &[&str] = &[
    "files",
    "diagnostic",
    "vignette",
    "compile",
    "classify",
    "scoring",
    "engine",
    "report",
    "analysis",
    "check",
    "library",
    "store",
    "attempt",
    "assign",
    "cohort",
    "lrs",
    "sitting",
    "desktop",
    "cli",
    "main",
];

/// The top-level module a file under src/ belongs to (`src/check.rs` and `src/check/graph.rs` are `check`).
fn module_of(path: &Path, src: &Path) -> Option<String> {
    let rel = path.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib").then(|| name.to_owned())
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("a readable folder entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The code of a Rust file with comments (doc comments too), string and character literals blanked out, so
/// that a path written in prose or in a string is not taken for a use.
fn code_only(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < c.len() {
        let at = |j: usize| c.get(j).copied();
        if c[i] == '/' && at(i + 1) == Some('/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if c[i] == '/' && at(i + 1) == Some('*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && at(i + 1) == Some('*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && at(i + 1) == Some('/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c[i] == 'r'
            && (at(i + 1) == Some('"') || at(i + 1) == Some('#'))
            && (i == 0 || !is_ident(c[i - 1]))
        {
            // A raw string r"…" or r#"…"#: it ends at a quote followed by as many hashes.
            let mut j = i + 1;
            let mut hashes = 0;
            while c.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if c.get(j) != Some(&'"') {
                out.push(c[i]);
                i += 1;
                continue;
            }
            j += 1;
            while j < c.len() {
                if c[j] == '"' && (1..=hashes).all(|h| c.get(j + h) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c[i] == '"' {
            i += 1;
            while i < c.len() && c[i] != '"' {
                i += if c[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c[i] == '\'' && at(i + 1) == Some('\\') {
            // An escaped character literal: '\n', '\'', '\u{..}'.
            i += 2;
            while i < c.len() && c[i] != '\'' {
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else if c[i] == '\'' && at(i + 2) == Some('\'') {
            i += 3;
            out.push_str("' '");
        } else {
            // Anything else, lifetimes ('a) included, is code.
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The modules named right after each root path (`crate::x`, or `alliance::x` in the binary), including
/// every member of a group: `crate::{a::B, c}` names `a` and `c`.
fn uses(code: &str, root: &str) -> BTreeSet<String> {
    let c: Vec<char> = code.chars().collect();
    let pat: Vec<char> = format!("{root}::").chars().collect();
    let mut found = BTreeSet::new();
    let mut i = 0;
    while i + pat.len() <= c.len() {
        let starts = c[i..i + pat.len()] == pat[..]
            && (i == 0 || !(is_ident(c[i - 1]) || c[i - 1] == ':' || c[i - 1] == '$'));
        if !starts {
            i += 1;
            continue;
        }
        i += pat.len();
        while c.get(i).is_some_and(|c| c.is_whitespace()) {
            i += 1;
        }
        if c.get(i) == Some(&'{') {
            // Each top-level member of the group starts with a module name.
            let mut depth = 0;
            let mut at_member = true;
            while i < c.len() {
                match c[i] {
                    '{' => {
                        depth += 1;
                        at_member = depth == 1;
                    }
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    ',' if depth == 1 => at_member = true,
                    ch if at_member && depth == 1 && is_ident(ch) => {
                        let name: String = c[i..].iter().take_while(|c| is_ident(**c)).collect();
                        i += name.len() - 1;
                        found.insert(name);
                        at_member = false;
                    }
                    _ => {}
                }
                i += 1;
            }
        } else {
            let name: String = c[i..].iter().take_while(|c| is_ident(**c)).collect();
            found.insert(name);
        }
    }
    found
}

/// Module → the other top-level modules it uses.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<String> = files.iter().filter_map(|f| module_of(f, &src)).collect();
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &files {
        let Some(m) = module_of(f, &src) else {
            continue;
        };
        let text = std::fs::read_to_string(f)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", f.display()));
        let code = code_only(&text);
        // In the binary (main.rs, cli) `crate::` is the binary's own modules and the library is `alliance::`.
        let binary = m == "main" || m == "cli";
        let mut deps = uses(&code, "alliance");
        if !binary {
            deps.extend(uses(&code, "crate"));
        }
        let entry = g.entry(m.clone()).or_default();
        entry.extend(deps.into_iter().filter(|d| *d != m && modules.contains(d)));
    }
    g
}

/// A cycle in the graph, as the modules along it (first repeated at the end), if there is one.
fn cycle(g: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        m: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        done: &mut BTreeSet<String>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == m) {
            let mut c = path[at..].to_vec();
            c.push(m.to_owned());
            return Some(c);
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.to_owned());
        for d in g.get(m).into_iter().flatten() {
            if let Some(c) = visit(d, g, done, path) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(m.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    g.keys()
        .find_map(|m| visit(m, g, &mut done, &mut Vec::new()))
}

fn print(g: &BTreeMap<String, BTreeSet<String>>) {
    println!("module graph (module -> the modules it uses), in layer order:");
    let rank = |m: &str| LAYERS.iter().position(|l| *l == m).unwrap_or(usize::MAX);
    let mut order: Vec<&String> = g.keys().collect();
    order.sort_by_key(|m| (rank(m), (*m).clone()));
    for m in order {
        let deps: Vec<&str> = g[m].iter().map(String::as_str).collect();
        println!("{m} -> {}", deps.join(", "));
    }
}

#[test]
fn no_cycle_between_top_level_modules() {
    let g = graph();
    print(&g);
    if let Some(c) = cycle(&g) {
        panic!(
            "the top-level modules form a cycle: {}; move the shared part down a layer",
            c.join(" -> ")
        );
    }
}

#[test]
fn every_module_uses_only_modules_below_it() {
    let g = graph();
    let rank = |m: &str| LAYERS.iter().position(|l| *l == m);
    let unknown: Vec<&String> = g.keys().filter(|m| rank(m).is_none()).collect();
    assert!(
        unknown.is_empty(),
        "{}",
        unknown
            .iter()
            .map(|m| format!("add {m} to the layer list (LAYERS in tests/module_layers.rs)"))
            .collect::<Vec<_>>()
            .join("; ")
    );
    let upward: Vec<String> = g
        .iter()
        .flat_map(|(m, deps)| deps.iter().map(move |d| (m, d)))
        .filter(|(m, d)| rank(d) >= rank(m))
        .map(|(m, d)| format!("{m} uses {d}"))
        .collect();
    assert!(
        upward.is_empty(),
        "modules use a module at or above their own layer (LAYERS: {}):\n  {}",
        LAYERS.join(" < "),
        upward.join("\n  ")
    );
}

#[test]
fn the_reader_sees_paths_not_prose() {
    let code = code_only(
        "use crate::{a::B, c};\n// crate::d\n/// crate::e\nlet s = \"crate::f\";\nlet r = r#\"crate::g\"#;\n\
         fn x<'a>(y: &'a str) { crate::h::run(); let _ = '\"'; crate::i::j() }",
    );
    let found: Vec<String> = uses(&code, "crate").into_iter().collect();
    assert_eq!(found, ["a", "c", "h", "i"]);
}
