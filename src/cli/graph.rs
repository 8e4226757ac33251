//! `alliance graph`: a vignette's node map as SVG (built-in layout, or Graphviz's when `dot` is installed),
//! DOT or Mermaid, or a printable handout, to stdout or `--out FILE`; also loads a vignette for `explore`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::Arc;

use clap::ValueEnum;

use alliance::analysis::{Map, dot, handout, layout, mermaid, svg};
use alliance::check::check_source;
use alliance::diagnostic::MAX_FILE_BYTES;
use alliance::scoring::Rubric;
use alliance::vignette::{Origin, Vignette};

/// What `alliance graph` writes.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum GraphFormat {
    /// A self-contained SVG picture.
    Svg,
    /// Graphviz DOT text.
    Dot,
    /// A Mermaid flowchart.
    Mermaid,
    /// A printable HTML handout: every patient line and reply in full, with codes, values and feedback.
    Handout,
}

/// Which layout draws the SVG.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum LayoutChoice {
    /// Graphviz if `dot` is installed, otherwise the built-in layout.
    Auto,
    /// Always the built-in layout.
    BuiltIn,
    /// Always Graphviz (an error if `dot` is not installed).
    Graphviz,
}

pub fn run(
    dirs: &[PathBuf],
    target: &str,
    format: GraphFormat,
    out: Option<&Path>,
    layout_choice: LayoutChoice,
) -> ExitCode {
    let (v, rubric) = match load_vignette(dirs, target) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let map = Map::build(&v, &rubric);
    let text = match format {
        GraphFormat::Dot => dot::render(&map),
        GraphFormat::Mermaid => mermaid::render(&map),
        GraphFormat::Handout => handout::render(&v, &rubric),
        GraphFormat::Svg => {
            let graphviz = match layout_choice {
                LayoutChoice::BuiltIn => None,
                LayoutChoice::Auto => graphviz_svg(&dot::render(&map)).ok(),
                LayoutChoice::Graphviz => match graphviz_svg(&dot::render(&map)) {
                    Ok(s) => Some(s),
                    Err(e) => {
                        eprintln!(
                            "error: Graphviz could not draw the map: {e}\n  = hint: install Graphviz (`dot`), or use `--layout built-in`"
                        );
                        return ExitCode::from(2);
                    }
                },
            };
            match graphviz {
                Some(s) => {
                    eprintln!("layout: graphviz");
                    s
                }
                None => {
                    eprintln!("layout: built-in");
                    svg::render(&map, &layout::layout(&map))
                }
            }
        }
    };
    match out {
        Some(path) => {
            if let Err(e) = std::fs::write(path, &text) {
                eprintln!("error: cannot write {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
            eprintln!("wrote {}", path.display());
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            if stdout.write_all(text.as_bytes()).is_err() {
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

/// Runs `dot -Tsvg` on `dot_text`; an error when Graphviz is missing or fails.
fn graphviz_svg(dot_text: &str) -> Result<String, String> {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("`dot` is not available ({e})"))?;
    // Write on another thread, so a large map cannot deadlock against dot's full stdout pipe.
    let mut stdin = child.stdin.take().ok_or("no stdin for dot")?;
    let input = dot_text.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    let _ = writer.join();
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).trim().to_owned());
    }
    String::from_utf8(output.stdout).map_err(|e| e.to_string())
}

/// The vignette named by `target`: a file path (checked as `alliance check` would), or an id from the library
/// (shipped, `--dialogues`, and the user's folder). Problems go to stderr and become the exit code.
pub(super) fn load_vignette(
    dirs: &[PathBuf],
    target: &str,
) -> Result<(Arc<Vignette>, Rubric), ExitCode> {
    let path = Path::new(target);
    if path.is_file() {
        let file = path.display().to_string();
        if std::fs::metadata(path).is_ok_and(|m| m.len() > MAX_FILE_BYTES as u64) {
            eprintln!("error: {file} is larger than the {MAX_FILE_BYTES}-byte limit");
            return Err(ExitCode::FAILURE);
        }
        let source = match std::fs::read_to_string(path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: cannot read {file}: {e}");
                return Err(ExitCode::FAILURE);
            }
        };
        let rubric = Rubric::shipped();
        let origin = Origin {
            file,
            shipped: false,
        };
        let (v, found) = check_source(origin, &source, &rubric);
        return match v {
            Some(v) => Ok((v, rubric)),
            None => {
                for d in found.iter().filter(|d| d.is_error()) {
                    eprintln!("{d}\n");
                }
                eprintln!("the vignette has errors; `alliance check {target}` lists them all");
                Err(ExitCode::FAILURE)
            }
        };
    }
    let library = super::load_library(dirs);
    match library.get(target) {
        Some(v) => Ok((v, (*library.rubric).clone())),
        None => {
            eprintln!(
                "error: no vignette `{target}` and no such file\n  = hint: give a vignette id (`alliance list`) or a .yaml file; ids available: {}",
                library
                    .vignettes
                    .iter()
                    .map(|v| v.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            Err(ExitCode::from(2))
        }
    }
}
