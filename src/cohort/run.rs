//! One pass over a folder of submissions in small batches: worker threads read, verify, grade and format each
//! file; the main thread admits them in file order, adds them to the aggregate and writes, then drops them.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::assign::load::Assignment;
use crate::assign::seal::Opened;
use crate::cohort::aggregate::Aggregate;
use crate::cohort::csv;
use crate::cohort::html::{Meta, render};
use crate::cohort::intake::{Intake, Rejected, check, list, newest_of, read};
use crate::cohort::verify::{Ids, rederive};
use crate::cohort::xapi::submission_statements;
use crate::library::Library;
use crate::scoring::Rubric;
use crate::store::{AtomicFile, write_atomic};

/// Which files to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outputs {
    /// attempts.csv
    pub csv: bool,
    /// report.html
    pub html: bool,
    /// statements.json (xAPI)
    pub xapi: bool,
}

impl Outputs {
    /// All three.
    pub const ALL: Outputs = Outputs {
        csv: true,
        html: true,
        xapi: true,
    };
}

/// How to run.
pub struct Options<'a> {
    /// With an assignment: submissions for any other are rejected, and all are graded by its criteria.
    pub assignment: Option<&'a Assignment>,
    /// The assignment file's name, for the report.
    pub graded_with: Option<&'a str>,
    /// Which files to write.
    pub outputs: Outputs,
    /// Unix time shown as the report's date.
    pub generated_at: u64,
    /// Format the statements for the sink even when statements.json is not written.
    pub statements: bool,
    /// Where the submissions came from, as the report names it (default: the folder).
    pub source: Option<&'a str>,
    /// The vignettes to replay each attempt's turns against (those not in it are checked on their debrief).
    pub library: Option<&'a Library>,
}

/// What a run did.
#[derive(Debug)]
pub struct Summary {
    /// `.json` files read.
    pub files: usize,
    /// Submissions counted.
    pub counted: u32,
    /// Files not counted: (file, reason).
    pub rejected: Vec<(String, String)>,
    /// Files counted with a warning (stored figures that do not follow, ids used again): (file, reason).
    pub flagged: Vec<(String, String)>,
    /// xAPI statements written.
    pub statements: usize,
    /// Statements left out because a statement with the same id was already written (a submission, or an
    /// attempt, handed in twice under another name): (file, how many). An LRS refuses a batch that repeats an id.
    pub duplicate_statements: Vec<(String, usize)>,
    /// Counted submissions with a sign that the replies may have been chosen without reading them.
    pub worth_a_look: usize,
    /// The files written.
    pub written: Vec<PathBuf>,
}

/// Files handed to each worker thread per batch: enough to keep the threads busy, few enough that a batch
/// of parsed submissions stays a few megabytes.
const PER_THREAD: usize = 16;

/// One file after a worker has seen it: verified and formatted, or the reason it cannot be counted.
struct Prepared {
    name: String,
    result: Result<Ready, Rejected>,
}

/// A verified submission with its CSV rows and xAPI statements already formatted.
struct Ready {
    opened: Opened,
    /// What did not follow when its verdicts were derived again.
    flags: Vec<String>,
    csv: Vec<u8>,
    xapi: Vec<Formatted>,
}

/// One xAPI statement as JSON, with its id.
#[derive(Debug, Clone)]
pub struct Formatted {
    /// The statement id.
    pub id: String,
    /// The statement as compact JSON.
    pub json: Vec<u8>,
}

/// A counted submission's statements, as they are written (after duplicates are left out), for a caller that
/// also sends them somewhere (`alliance class --lrs`).
pub struct Counted<'a> {
    /// The submission's file name.
    pub file: &'a str,
    /// Its statements, in order.
    pub statements: &'a [Formatted],
}

/// What a caller does with each counted submission's statements; an error stops the run.
pub type Sink<'s> = &'s mut dyn FnMut(&Counted) -> io::Result<()>;

fn prepare(path: &Path, opts: &Options, rubric: &Arc<Rubric>) -> io::Result<Prepared> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let expect = opts.assignment.map(|a| a.id.as_str());
    let result = match check(&name, read(path), expect) {
        Err(r) => Err(r),
        Ok(mut opened) => {
            let statements = opts.outputs.xapi || opts.statements;
            // The statements carry the file as it was sealed, not as regraded here.
            let original = statements.then(|| opened.submission.clone());
            // Never the stored verdict: derived again from the transcripts, always.
            let flags = rederive(
                &mut opened.submission,
                opts.assignment,
                opts.library,
                rubric,
            );
            let s = &opened.submission;
            let mut csv = Vec::new();
            if opts.outputs.csv {
                csv::submission_rows(&mut csv, &name, s)?;
            }
            let mut xapi = Vec::new();
            if statements {
                let mut list = Vec::new();
                submission_statements(s, Some((&name, original.as_ref().unwrap_or(s))), &mut list);
                for st in &list {
                    xapi.push(Formatted {
                        id: st.id().to_owned(),
                        json: serde_json::to_vec(st)?,
                    });
                }
            }
            Ok(Ready {
                opened,
                flags,
                csv,
                xapi,
            })
        }
    };
    Ok(Prepared { name, result })
}

/// Reads every submission in `dir` and writes the chosen outputs into `out`; `progress(done, total)` is
/// called after each file.
pub fn run(
    dir: &Path,
    out: &Path,
    opts: &Options,
    progress: &mut dyn FnMut(usize, usize),
) -> io::Result<Summary> {
    run_with(dir, out, opts, progress, &mut |_| Ok(()))
}

/// The statement id as a number, for a compact set of ids seen (any other text is hashed).
fn id_key(id: &str) -> u128 {
    let hex: String = id.chars().filter(|c| *c != '-').collect();
    u128::from_str_radix(&hex, 16).unwrap_or_else(|_| {
        use sha2::{Digest, Sha256};
        let d = Sha256::digest(id.as_bytes());
        let mut b = [0u8; 16];
        b.copy_from_slice(&d[..16]);
        u128::from_le_bytes(b)
    })
}

/// As [`run`], and hands each counted submission's statements (duplicates left out) to `sink` in file order.
pub fn run_with(
    dir: &Path,
    out: &Path,
    opts: &Options,
    progress: &mut dyn FnMut(usize, usize),
    sink: Sink,
) -> io::Result<Summary> {
    let (files, others) = list(dir)?;
    fs::create_dir_all(out)?;
    let mut agg = Aggregate::new(opts.assignment);
    agg.other_files = others;
    // A student who handed in again is counted by their newest file: found before any file is counted.
    let mut intake = Intake::new(newest_of(&files, opts.assignment.map(|a| a.id.as_str())));
    let mut ids = Ids::default();
    let rubric = opts
        .library
        .map_or_else(|| Arc::new(Rubric::shipped()), |l| Arc::clone(&l.rubric));
    let mut csv_out = if opts.outputs.csv {
        let mut s = AtomicFile::create(&out.join("attempts.csv"))?;
        csv::header(&mut s)?;
        Some(s)
    } else {
        None
    };
    let mut xapi_out = if opts.outputs.xapi {
        let mut s = AtomicFile::create(&out.join("statements.json"))?;
        s.write_all(b"[")?;
        Some(s)
    } else {
        None
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4);
    let mut statements = 0usize;
    let mut seen: HashSet<u128> = HashSet::new();
    let mut duplicate_statements = Vec::new();
    let total = files.len();
    let mut done = 0;
    for batch in files.chunks(threads * PER_THREAD) {
        let prepared = prepare_batch(batch, opts, threads, &rubric)?;
        for p in prepared {
            agg.files += 1;
            let admitted = p.result.and_then(|r| {
                intake
                    .admit(&p.name, r.opened)
                    .map(|s| (s, r.flags, r.csv, r.xapi))
            });
            match admitted {
                Ok((s, mut flags, csv_rows, mut xapi)) => {
                    let reused = ids.reused(&p.name, &s);
                    let withheld = !reused.is_empty();
                    flags.extend(reused);
                    if withheld {
                        flags.push(
                            "its xAPI statements are left out of statements.json (their ids would repeat)"
                                .to_owned(),
                        );
                        if !xapi.is_empty() {
                            duplicate_statements.push((p.name.clone(), xapi.len()));
                        }
                        xapi.clear();
                    }
                    let superseded = intake.superseded_by(&p.name, &s);
                    let student = agg.add(&p.name, &s, superseded);
                    if let Some(c) = &mut csv_out {
                        c.write_all(&csv_rows)?;
                        for sign in &student.signs {
                            csv::look_row(c, &p.name, &s, sign)?;
                        }
                    }
                    for why in flags {
                        let f = Rejected {
                            file: p.name.clone(),
                            kind: if why.contains(" id ") || why.contains("xAPI") {
                                "reused_id"
                            } else {
                                "inconsistent"
                            },
                            reason: why,
                            pseudonym: Some(s.pseudonym.clone()),
                            assignment: Some(s.assignment.id.clone()),
                        };
                        if let Some(c) = &mut csv_out {
                            csv::flagged_row(c, &f)?;
                        }
                        agg.flagged.push(f);
                    }
                    let before = xapi.len();
                    xapi.retain(|f| seen.insert(id_key(&f.id)));
                    if xapi.len() < before {
                        duplicate_statements.push((p.name.clone(), before - xapi.len()));
                    }
                    if let Some(x) = &mut xapi_out {
                        for (i, f) in xapi.iter().enumerate() {
                            let first = statements == 0 && i == 0;
                            x.write_all(if first { b"\n" } else { b",\n" })?;
                            x.write_all(&f.json)?;
                        }
                    }
                    statements += xapi.len();
                    if !xapi.is_empty() {
                        sink(&Counted {
                            file: &p.name,
                            statements: &xapi,
                        })?;
                    }
                }
                Err(r) => {
                    if let Some(c) = &mut csv_out {
                        csv::rejected_row(c, &r)?;
                    }
                    agg.reject(r);
                }
            }
            done += 1;
            progress(done, total);
        }
    }
    let mut written = Vec::new();
    if let Some(c) = csv_out {
        written.push(c.commit()?);
    }
    if let Some(mut x) = xapi_out {
        x.write_all(b"\n]\n")?;
        written.push(x.commit()?);
    }
    if opts.outputs.html {
        let source = opts
            .source
            .map_or_else(|| dir.display().to_string(), str::to_owned);
        let html = render(
            &agg,
            &Meta {
                source: &source,
                generated_at: opts.generated_at,
                graded_with: opts.graded_with,
            },
        );
        let p = out.join("report.html");
        write_atomic(&p, html.as_bytes())?;
        written.push(p);
        if let Some(yaml) = crate::cohort::uncovered::render(&agg) {
            let p = out.join("uncovered.yaml");
            write_atomic(&p, yaml.as_bytes())?;
            written.push(p);
        }
    }
    Ok(Summary {
        files: agg.files,
        counted: agg.counted(),
        rejected: agg
            .rejected
            .iter()
            .map(|r| (r.file.clone(), r.reason.clone()))
            .collect(),
        flagged: agg
            .flagged
            .iter()
            .map(|r| (r.file.clone(), r.reason.clone()))
            .collect(),
        statements,
        duplicate_statements,
        worth_a_look: agg
            .assignments
            .iter()
            .flat_map(|a| &a.students)
            .filter(|r| !r.signs.is_empty())
            .count(),
        written,
    })
}

/// Prepares a batch on `threads` threads (file `i` on thread `i % threads`), returned in file order.
fn prepare_batch(
    batch: &[PathBuf],
    opts: &Options,
    threads: usize,
    rubric: &Arc<Rubric>,
) -> io::Result<Vec<Prepared>> {
    if threads <= 1 || batch.len() <= 1 {
        return batch.iter().map(|p| prepare(p, opts, rubric)).collect();
    }
    let parts: Vec<io::Result<Vec<(usize, Prepared)>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    batch
                        .iter()
                        .enumerate()
                        .skip(t)
                        .step_by(threads)
                        .map(|(i, p)| prepare(p, opts, rubric).map(|x| (i, x)))
                        .collect::<io::Result<Vec<_>>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(io::Error::other("a worker thread panicked")))
            })
            .collect()
    });
    let mut all = Vec::with_capacity(batch.len());
    for part in parts {
        all.extend(part?);
    }
    all.sort_by_key(|(i, _)| *i);
    Ok(all.into_iter().map(|(_, p)| p).collect())
}
