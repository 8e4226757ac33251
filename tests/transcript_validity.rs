//! `alliance eval annomi --transcripts`: a transcript's score, its therapist turns read and scored in order,
//! separates high- from low-quality MI, on a made-up file and (when present) on AnnoMI's dev portion.

use std::path::Path;

use alliance::analysis::transcripts::{auc, evaluate};
use alliance::classify::Classifier;
use alliance::scoring::Rubric;

const HEADER: &str = "id,split,transcript_id,utterance_id,interlocutor,mi_quality,topic,utterance_text,\
prev_utterance_text,main_therapist_behaviour,question_subtype,reflection_subtype,therapist_input_subtype,\
fine_label,client_talk_type,n_annotators";

/// Measured on AnnoMI's dev portion: AUC 0.905 (docs/classifier.md); a little under it.
const DEV_AUC_FLOOR: f64 = 0.88;

#[test]
fn the_auc_counts_wins_and_half_ties() {
    assert_eq!(auc(&[(true, 2.0), (false, 1.0)]), Some(1.0));
    assert_eq!(auc(&[(true, 1.0), (false, 1.0)]), Some(0.5));
    assert_eq!(auc(&[(true, 1.0), (true, 3.0), (false, 2.0)]), Some(0.5));
    assert_eq!(auc(&[(true, 1.0)]), None);
}

#[test]
fn reflective_transcripts_score_above_lecturing_ones() {
    let dir = tempfile::tempdir().unwrap();
    let patient = "I know I drink too much, but it helps me relax after work.";
    let mut lines = vec![HEADER.to_owned()];
    let mut n = 0;
    let mut add = |t: &str, quality: &str, who: &str, text: &str, prev: &str| {
        n += 1;
        lines.push(format!(
            "{n},dev,{t},{n},{who},{quality},made up,\"{text}\",\"{prev}\",other,n/a,n/a,n/a,n/a,neutral,1"
        ));
    };
    for (t, q, reply) in [
        (
            "1",
            "high",
            "It sounds like drinking is how you unwind, and part of you is worried about it.",
        ),
        ("2", "high", "What would you like to be different?"),
        (
            "3",
            "low",
            "You need to stop drinking. That's a pretty irresponsible way to relax.",
        ),
        ("4", "low", "Don't worry, you'll be fine. Just cut down."),
    ] {
        add(t, q, "client", patient, "");
        add(t, q, "therapist", reply, patient);
    }
    let path = dir.path().join("made-up.csv");
    std::fs::write(&path, lines.join("\n")).unwrap();
    let r = evaluate(&path, Classifier::shipped(), &Rubric::shipped()).unwrap();
    assert_eq!(r.transcripts.len(), 4);
    assert_eq!(r.overall.auc, Some(1.0), "{:?}", r.transcripts);
}

#[test]
#[ignore = "needs ../shared/eval/annomi/annomi_dev.csv"]
fn annomi_dev_transcripts_are_separated_by_quality() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/annomi/annomi_dev.csv");
    let path = std::env::var_os("ALLIANCE_ANNOMI_DIR")
        .map(|d| Path::new(&d).join("annomi_dev.csv"))
        .unwrap_or(path);
    let r = evaluate(&path, Classifier::shipped(), &Rubric::shipped())
        .unwrap_or_else(|e| panic!("{e}"));
    let a = r.overall.auc.expect("both labels");
    println!("AnnoMI dev: AUC {a:.3}, interval {:?}", r.interval);
    assert!(a >= DEV_AUC_FLOOR, "AUC {a:.3} below {DEV_AUC_FLOOR}");
}
