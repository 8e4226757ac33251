//! Sending a class to a real LRS: 10,000 generated submissions (the mini fixture assignment: one vignette, one
//! or two attempts) posted by `alliance class --lrs` to Ralph on loopback. Prints statements a second, the
//! sender's CPU time and peak memory (from /usr/bin/time -v). A plain program, not criterion (a server does not
//! fit its sampling), and never run by `cargo test`: `cargo bench --bench lrs_send` with ALLIANCE_RALPH set
//! (.ci/run's venv); LRS_BENCH_SUBMISSIONS changes the class size.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Instant;

use alliance::assign::replay::{decisions, merge_points};
use alliance::assign::uuid::UuidSource;
use alliance::assign::{self, Attempt, Submission, VignetteResult};
use alliance::check::check_source;
use alliance::engine::{Mode, Session};
use alliance::report;
use alliance::scoring::Rubric;
use alliance::vignette::Origin;
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg32;

#[allow(dead_code)]
#[path = "../tests/common/ralph.rs"]
mod ralph;

/// Writes `n` sealed submissions of the mini assignment into `dir`; returns their total size.
fn generate(dir: &Path, n: usize) -> u64 {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let rubric = Arc::new(Rubric::shipped());
    let source = std::fs::read_to_string(root.join("mini.yaml")).expect("mini.yaml");
    let origin = Origin {
        file: "mini.yaml".to_owned(),
        shipped: false,
    };
    let v = check_source(origin, &source, &rubric)
        .0
        .expect("mini.yaml loads");
    let asg = assign::load(&root.join("assignments/mini.yaml"), None).expect("mini assignment");
    let criteria = asg.criteria_for(&v.id);
    let mut rng = Pcg32::seed_from_u64(11);
    let mut uuids = UuidSource::seeded(11);
    let mut bytes = 0u64;
    for k in 0..n {
        let mut attempts = Vec::new();
        let mut points = Vec::new();
        for a in 1..=2u32 {
            let mut s = Session::new(
                Arc::clone(&v),
                Arc::clone(&rubric),
                rng.random(),
                Mode::Practice,
            );
            while !s.is_over() {
                let offered = s.offered();
                s.choose(offered[rng.random_range(0..offered.len())].index)
                    .expect("offered");
            }
            s.stamp(1_800_000_000 + k as u64 * 600);
            let mut t = s.transcript().clone();
            t.updated_at = t.started_at + rng.random_range(60..400);
            let d = report::debrief(&t, &rubric);
            let (decided, visited) =
                decisions(Arc::clone(&v), Arc::clone(&rubric), &t).expect("replays");
            merge_points(&mut points, visited);
            let attempt = Attempt::new(a, uuids.next_uuid(), t, d, decided, &criteria);
            let passed = attempt.verdict.passed;
            attempts.push(attempt);
            if passed {
                break;
            }
        }
        let result = VignetteResult::graded(
            v.id.clone(),
            v.title.clone(),
            criteria.clone(),
            points,
            attempts,
            2,
        );
        let sub = Submission::new(
            uuids.next_uuid(),
            asg.clone(),
            format!("student-{k:05}"),
            1_800_000_000 + k as u64 * 600,
            vec![result],
        );
        let sealed = assign::seal(&sub);
        bytes += sealed.len() as u64;
        std::fs::write(dir.join(format!("mini-student-{k:05}.json")), sealed).expect("write");
    }
    bytes
}

/// A figure from /usr/bin/time -v's report.
fn figure(report: &str, label: &str) -> String {
    report
        .lines()
        .find_map(|l| l.trim().strip_prefix(label))
        .map(|v| v.trim_start_matches(':').trim().to_owned())
        .unwrap_or_else(|| "?".to_owned())
}

/// Runs one send under /usr/bin/time -v and prints what it did.
fn send(what: &str, dir: &Path, out: &Path, lrs: &ralph::Ralph, extra: &[&str]) {
    let started = Instant::now();
    let o = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(env!("CARGO_BIN_EXE_alliance"))
        .args([
            "class",
            dir.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .args([
            "--format",
            "xapi",
            "--lrs",
            &lrs.endpoint(),
            "--lrs-batch",
            "1000",
        ])
        .arg("--lrs-auth-file")
        .arg(lrs.credentials())
        .args(extra)
        .output()
        .expect("/usr/bin/time runs alliance");
    let secs = started.elapsed().as_secs_f64();
    let stdout = String::from_utf8_lossy(&o.stdout);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stdout}\n{stderr}");
    let line = stdout.lines().find(|l| l.starts_with("LRS ")).unwrap_or("");
    let statements: f64 = stdout
        .lines()
        .find_map(|l| {
            l.split(" (")
                .nth(1)?
                .strip_suffix(" xAPI statements)")?
                .parse()
                .ok()
        })
        .unwrap_or(0.0);
    println!(
        "{what}: {secs:.1} s wall, {:.0} statements/s",
        statements / secs
    );
    println!("  {line}");
    println!(
        "  alliance: user {} s, system {} s, peak RSS {} kB",
        figure(&stderr, "User time (seconds)"),
        figure(&stderr, "System time (seconds)"),
        figure(&stderr, "Maximum resident set size (kbytes)")
    );
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    if std::env::var_os(ralph::RALPH_ENV).is_none() {
        eprintln!(
            "lrs_send: set {} to Ralph's `ralph` executable (.ci/run installs it); skipped",
            ralph::RALPH_ENV
        );
        return;
    }
    let n: usize = std::env::var("LRS_BENCH_SUBMISSIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("tempdir");
    let out = tempfile::tempdir().expect("tempdir");
    let started = Instant::now();
    let bytes = generate(dir.path(), n);
    println!(
        "generated {n} submissions, {:.1} MB, in {:.1} s",
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    let lrs = ralph::Ralph::start();
    send("first send", dir.path(), out.path(), &lrs, &[]);
    send(
        "again (the outbox knows)",
        dir.path(),
        out.path(),
        &lrs,
        &[],
    );
    let fresh = out.path().join("fresh-outbox");
    send(
        "from a fresh outbox (the LRS knows)",
        dir.path(),
        out.path(),
        &lrs,
        &["--outbox", fresh.to_str().unwrap()],
    );
    let stored = lrs.stored().len();
    println!("Ralph stored {stored} statements");
}
