//! `alliance class --from-lrs URL --assignment FILE`: the class report from an LRS's statements.

use std::path::Path;
use std::process::ExitCode;

use alliance::assign::Assignment;

use super::{ClassFormat, LrsArgs};

/// Reads the assignment's statements back and writes the report.
pub fn run(
    _endpoint: &str,
    _args: &LrsArgs,
    _out: &Path,
    _asg: &Assignment,
    _path: &Path,
    _formats: &[ClassFormat],
) -> ExitCode {
    eprintln!("error: --from-lrs is not built yet");
    ExitCode::FAILURE
}
