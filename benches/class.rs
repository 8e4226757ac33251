//! The class report over generated submissions: 1,000 and 10,000 sealed bundles (three 12-decision vignettes,
//! one or two attempts each, ~120 kB a bundle) read, verified, graded and written as CSV + HTML, then also as xAPI.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use alliance::assign::replay::{decisions, merge_points};
use alliance::assign::uuid::UuidSource;
use alliance::assign::{self, Attempt, Submission, VignetteResult};
use alliance::check::check_source;
use alliance::cohort::{self, Options, Outputs};
use alliance::engine::{Mode, Session};
use alliance::report;
use alliance::scoring::Rubric;
use alliance::vignette::{Origin, Vignette};
use criterion::{Criterion, criterion_group, criterion_main};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg32;

const DECISIONS: usize = 12;

/// A vignette shaped like the shipped ones: twelve decision points, each with a strengthening reply, a tempting
/// straining one that leads to a rupture and a chance to repair, and a neutral one; endings gated by the alliance.
fn vignette_yaml(id: &str) -> String {
    let mut y = format!(
        "id: {id}\ntitle: \"Generated consultation {id}\"\nsummary: \"A generated review for the class benchmark.\"\n\
         setting: \"Clinic, 15 minutes\"\naudience: [medicine, nursing]\ndifficulty: intermediate\n\
         learning_objectives: [\"Reflect before advising\"]\nsources: [{{ cite: \"generated\" }}]\n\
         disclaimer: \"Training material for communication practice, not clinical guidance.\"\n\
         patient:\n  name: \"Alex Morgan\"\n  age: 52\n  background: \"Type 2 diabetes for eight years.\"\n  \
         wants: \"To be taken seriously.\"\n  fears: \"Being told off again.\"\n  portrait: alex\n  \
         start: {{ bond: 40, goal: 35, task: 35 }}\nstart: n0\nnodes:\n"
    );
    for i in 0..DECISIONS {
        let next = if i + 1 == DECISIONS {
            "last".to_owned()
        } else {
            format!("n{}", i + 1)
        };
        let _ = write!(
            y,
            "  - id: n{i}\n    patient:\n      say: [\"I have tried, honestly, but with work and the kids it just slips, and then I feel worse about it ({i}).\"]\n      \
             cue: \"looks away, turning a pen over in her hands\"\n      emotion: guarded\n    replies:\n      \
             - text: \"It sounds like you have been carrying a lot, and that it matters to you to get this right ({i}).\"\n        \
             codes: [complex_reflection]\n        feedback: \"A complex reflection names the feeling under the words and shows she was heard (seed 000, empathy).\"\n        \
             next: {next}\n      \
             - text: \"You really need to cut down on the carbohydrates, that is what drives the numbers up ({i}).\"\n        \
             codes: [persuade, giving_information]\n        feedback: \"Advice before understanding: the righting reflex, heard as blame (seed 000).\"\n        \
             next: s{i}\n      \
             - text: \"How many times a week would you say that happens ({i})?\"\n        \
             codes: [closed_question]\n        feedback: \"A fact question passes over the feeling she just offered (seed 000).\"\n        \
             next: {next}\n  \
             - id: s{i}\n    patient:\n      say: [\"Yeah. I know. Everyone tells me that ({i}).\"]\n      cue: \"shrugs, arms folded\"\n      \
             emotion: guarded\n      rupture: deferential_appeasing\n    replies:\n      \
             - text: \"I jumped in with advice before hearing how it has been for you. What has it been like ({i})?\"\n        \
             codes: [acknowledge_strain, open_question]\n        feedback: \"Repair: names the strain and takes the clinician's part (3RS).\"\n        \
             next: {next}\n      \
             - text: \"It is important though, your kidneys are at risk ({i}).\"\n        \
             codes: [persuade]\n        feedback: \"Pressing on deepens the withdrawal (3RS).\"\n        next: {next}\n      \
             - text: \"Let's move on to your feet ({i}).\"\n        codes: [ignoring_cue]\n        \
             feedback: \"Moving on leaves the strain unspoken (3RS).\"\n        next: {next}\n"
        );
    }
    y.push_str(
        "  - id: last\n    patient: { say: [\"So what now?\"], cue: \"looks up\", emotion: hopeful, talk: change }\n    replies:\n      \
         - text: \"What would a first step look like for you?\"\n        codes: [open_question, elicit_goals]\n        \
         feedback: \"Invites her own plan (seed 001).\"\n        branches:\n          \
         - { when: { alliance_at_least: 55, rupture_open: false }, to: good }\n          \
         - { when: { alliance_at_least: 40 }, to: mixed }\n          - { to: poor }\n      \
         - { text: \"Cut out the sugar, then.\", codes: [persuade], feedback: \"Unasked advice (seed 000).\", next: poor }\n      \
         - { text: \"OK, see you in three months.\", codes: [closed_question], feedback: \"A missed chance.\", next: mixed }\n\
         endings:\n  \
         - { id: good, title: Agreed plan, outcome: good, meaning: \"A first step she chose.\", patient: { say: [\"I can try that.\"], cue: smiles, emotion: hopeful } }\n  \
         - { id: mixed, title: Partial engagement, outcome: mixed, meaning: \"Polite agreement.\", patient: { say: [\"Maybe.\"], cue: nods, emotion: neutral } }\n  \
         - { id: poor, title: Disengaged, outcome: poor, meaning: \"Likely to miss the review.\", patient: { say: [\"Can I go?\"], cue: \"reaches for coat\", emotion: frustrated } }\n",
    );
    y
}

fn vignette(id: &str, rubric: &Rubric) -> Arc<Vignette> {
    let origin = Origin {
        file: format!("{id}.yaml"),
        shipped: false,
    };
    let (v, d) = check_source(origin, &vignette_yaml(id), rubric);
    assert!(
        !d.iter().any(|d| d.is_error()),
        "the generated vignette is valid: {d:?}"
    );
    v.expect("generated vignette loads")
}

/// Writes `n` sealed submissions into `dir`: random students, each vignette tried once or twice.
fn generate(dir: &Path, n: usize) -> u64 {
    let rubric = Arc::new(Rubric::shipped());
    let ids = ["gen-a", "gen-b", "gen-c"];
    let vignettes: Vec<_> = ids.iter().map(|id| vignette(id, &rubric)).collect();
    let asg = assign::parse(
        "bench.yaml",
        "id: bench\ntitle: Bench\ninstructions: x\nvignettes: [gen-a, gen-b, gen-c]\nmode: assessment\n\
         attempts_allowed: 2\npass: { wai_sr_total_at_least: 45, no_unrepaired_rupture: true, ending_outcome: good }\n",
        None,
    )
    .expect("bench assignment");
    let mut rng = Pcg32::seed_from_u64(7);
    let mut uuids = UuidSource::seeded(7);
    let mut bytes = 0u64;
    for k in 0..n {
        let skill: f64 = rng.random_range(0.3..0.95);
        let mut results = Vec::new();
        for v in &vignettes {
            let criteria = asg.criteria_for(&v.id);
            let mut attempts = Vec::new();
            let mut points = Vec::new();
            for a in 1..=2u32 {
                let mut s = Session::new(
                    Arc::clone(v),
                    Arc::clone(&rubric),
                    rng.random(),
                    Mode::Assessment,
                );
                while !s.is_over() {
                    let offered = s.offered();
                    let pick = if rng.random_bool(skill) {
                        s.best_offered().unwrap_or(offered[0].index)
                    } else {
                        offered[rng.random_range(0..offered.len())].index
                    };
                    s.choose(pick).expect("offered");
                }
                s.stamp(1_800_000_000 + k as u64 * 600);
                let mut t = s.transcript().clone();
                t.updated_at = t.started_at + rng.random_range(120..900);
                let d = report::debrief(&t, &rubric);
                let (decided, visited) =
                    decisions(Arc::clone(v), Arc::clone(&rubric), &t).expect("replays");
                merge_points(&mut points, visited);
                let attempt = Attempt::new(a, uuids.next_uuid(), t, d, decided, &criteria);
                let passed = attempt.verdict.passed;
                attempts.push(attempt);
                if passed || rng.random_bool(0.5) {
                    break;
                }
            }
            results.push(VignetteResult::graded(
                v.id.clone(),
                v.title.clone(),
                criteria,
                points,
                attempts,
                2,
            ));
        }
        let sub = Submission::new(
            uuids.next_uuid(),
            asg.clone(),
            format!("student-{k:05}"),
            1_800_000_000 + k as u64 * 600,
            results,
        );
        let sealed = assign::seal(&sub);
        bytes += sealed.len() as u64;
        std::fs::write(dir.join(format!("bench-student-{k:05}.json")), sealed).expect("write");
    }
    bytes
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn bench(c: &mut Criterion) {
    for &n in &[1_000usize, 10_000] {
        // CLASS_BENCH_KEEP=DIR keeps the generated folders (DIR/1000, DIR/10000) to run `alliance class` on.
        let keep = std::env::var_os("CLASS_BENCH_KEEP").map(|d| Path::new(&d).join(n.to_string()));
        let temp = tempfile::tempdir().expect("tempdir");
        let input_dir = keep.clone().unwrap_or_else(|| temp.path().to_path_buf());
        std::fs::create_dir_all(&input_dir).expect("input folder");
        let out = tempfile::tempdir().expect("tempdir");
        let started = Instant::now();
        let bytes = generate(&input_dir, n);
        eprintln!(
            "generated {n} submissions, {:.0} MB ({:.0} kB each), in {:.1} s",
            bytes as f64 / 1e6,
            bytes as f64 / n as f64 / 1e3,
            started.elapsed().as_secs_f64()
        );
        let rss_before = peak_rss_kib();
        let mut group = c.benchmark_group(format!("class/{n}"));
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(if n > 1_000 { 60 } else { 15 }));
        for (name, outputs) in [
            (
                "csv+html",
                Outputs {
                    csv: true,
                    html: true,
                    xapi: false,
                },
            ),
            ("csv+html+xapi", Outputs::ALL),
        ] {
            group.bench_function(name, |b| {
                b.iter(|| {
                    let opts = Options {
                        assignment: None,
                        graded_with: None,
                        outputs,
                        generated_at: 0,
                        statements: false,
                        source: None,
                    };
                    let s = cohort::run(&input_dir, out.path(), &opts, &mut |_, _| {})
                        .expect("class run");
                    assert_eq!(s.counted as usize, n);
                    black_box(s)
                });
            });
        }
        group.finish();
        eprintln!(
            "peak RSS: {:?} kB after generating, {:?} kB after the class runs",
            rss_before,
            peak_rss_kib()
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
