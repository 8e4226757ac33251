//! `alliance class --from-lrs URL --assignment FILE --out DIR`: the class report from an LRS's statements:
//! the assignment's submission files are read back into DIR/lrs-submissions, then reported as a folder is.

use std::path::Path;
use std::process::ExitCode;

use alliance::assign::Assignment;
use alliance::cohort::{self, Options};
use alliance::lrs::{Credentials, Lrs, fetch};
use alliance::store;

use super::{Bar, ClassFormat, LrsArgs, outputs_of, print_summary};

/// Reads the assignment's statements back and writes the report.
pub fn run(
    endpoint: &str,
    args: &LrsArgs,
    out: &Path,
    asg: &Assignment,
    path: &Path,
    formats: &[ClassFormat],
) -> ExitCode {
    let lrs = match Credentials::load(args.lrs_auth_file.as_deref())
        .and_then(|c| Lrs::new(endpoint, &c))
    {
        Ok(l) => l,
        Err(f) => {
            eprintln!("{f}");
            return ExitCode::FAILURE;
        }
    };
    let dir = out.join("lrs-submissions");
    let fetched = match fetch::submissions(&lrs, &asg.id, args.since.as_deref(), &dir) {
        Ok(f) => f,
        Err(f) => {
            eprintln!("{f}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "Read {} statement{} from {} ({} page{}{}): {} submission file{} for `{}`, in {}",
        fetched.statements,
        if fetched.statements == 1 { "" } else { "s" },
        lrs.statements_url(),
        fetched.pages,
        if fetched.pages == 1 { "" } else { "s" },
        if fetched.filtered_here {
            "; the LRS matched no statement by activity, so all were read and filtered here"
        } else {
            ""
        },
        fetched.files,
        if fetched.files == 1 { "" } else { "s" },
        asg.id,
        dir.display()
    );
    let graded_with = path.display().to_string();
    let source = format!("{} (LRS)", lrs.statements_url());
    let opts = Options {
        assignment: Some(asg),
        graded_with: Some(&graded_with),
        outputs: outputs_of(formats),
        generated_at: store::now(),
        statements: false,
        source: Some(&source),
    };
    let mut bar = Bar::new();
    match cohort::run(&dir, out, &opts, &mut |d, t| bar.tick(d, t)) {
        Ok(summary) => {
            print_summary(&summary);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
