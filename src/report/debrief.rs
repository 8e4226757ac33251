//! Building the debrief from a transcript: trajectory, strained and strengthened moments, summaries.
//! The shape is versioned (`alliance.debrief/1`) and documented in docs/debrief.md for other tools.

use serde::{Deserialize, Serialize};

use crate::engine::transcript::{
    Alternative, CompanionRecord, EndingRecord, RuptureRecord, Status,
};
use crate::engine::{PatientLine, Transcript};
use crate::report::miti::MitiSummary;
use crate::report::reading::Reading;
use crate::report::text::moved;
use crate::report::wai_sr::WaiSr;
use crate::scoring::{Rubric, reply_value};
use crate::vignette::BehaviourCode;
use crate::vignette::model::{Effects, Person};

/// The format tag of the JSON debrief.
pub const FORMAT: &str = "alliance.debrief/1";

/// Everything a trainee (and an educator) reads after an attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Debrief {
    /// Always `alliance.debrief/1`.
    pub format: String,
    /// Vignette id.
    pub vignette_id: String,
    /// Vignette title.
    pub vignette_title: String,
    /// Patient name.
    pub patient_name: String,
    /// The second speaker in the room, when the vignette has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub companion: Option<CompanionRecord>,
    /// practice or assessment.
    pub mode: String,
    /// The seed.
    pub seed: u64,
    /// finished, abandoned or in_progress.
    pub status: Status,
    /// The ending reached, if any.
    pub ending: Option<EndingRecord>,
    /// For a follow-up that continued the student's first visit: where the alliance started and why, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_from: Option<String>,
    /// Bond, goal, task, empathy at the start (turn 0) and after every reply.
    pub trajectory: Vec<TrajectoryPoint>,
    /// Every strained and strengthened moment, and every other turn where a better reply was on offer, in turn
    /// order.
    pub moments: Vec<Moment>,
    /// Ruptures never repaired.
    pub unrepaired_ruptures: Vec<RuptureRecord>,
    /// All ruptures.
    pub ruptures: Vec<RuptureRecord>,
    /// The patient's WAI-SR from the final state.
    pub wai_sr: WaiSr,
    /// The MITI-style summary.
    pub miti: MitiSummary,
    /// How each reply the trainee typed in their own words was read (empty, and left out of the JSON, when every
    /// reply was chosen from the menu).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub readings: Vec<Reading>,
}

/// The alliance after a turn.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TrajectoryPoint {
    /// 0 for the start.
    pub turn: u32,
    /// Bond.
    pub bond: f64,
    /// Goal.
    pub goal: f64,
    /// Task.
    pub task: f64,
    /// Empathy.
    pub empathy: f64,
}

/// Strained or strengthened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MomentKind {
    /// The alliance dropped, or the patient showed a rupture marker.
    Strained,
    /// The alliance gained, or a rupture was repaired.
    Strengthened,
    /// Neither, but a clearly better reply was on offer (by more than the rubric's `as_good_as_best_within`).
    Missed,
}

/// A moment worth discussing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Moment {
    /// Turn number.
    pub turn: u32,
    /// Strained or strengthened.
    pub kind: MomentKind,
    /// What the trainee said.
    pub said: String,
    /// The companion's name, when the reply was addressed to the companion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addressed: Option<String>,
    /// Its behaviour codes.
    pub codes: Vec<BehaviourCode>,
    /// How the patient reacted.
    pub reaction: PatientLine,
    /// Who spoke the reaction, by name (only in a vignette with a companion, where it could be either).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// What moved, and by how much.
    pub delta: Effects,
    /// Why: the reply's feedback.
    pub why: String,
    /// Context rules that applied, with their reasons.
    pub rules: Vec<String>,
    /// The reply repaired a rupture.
    pub repaired: bool,
    /// The best alternative that was on offer, when it was better by more than the rubric's
    /// `as_good_as_best_within`; its feedback says why.
    pub better: Option<Alternative>,
    /// The reply given was the best on offer, or came within `as_good_as_best_within` of it.
    #[serde(default)]
    pub as_good_as_best: bool,
}

impl Moment {
    /// "STRAINED", "STRENGTHENED", "STRENGTHENED (repair)" or "A BETTER REPLY WAS ON OFFER".
    pub fn label(&self) -> &'static str {
        match (self.kind, self.repaired) {
            (_, true) => "STRENGTHENED (repair)",
            (MomentKind::Strained, _) => "STRAINED",
            (MomentKind::Strengthened, _) => "STRENGTHENED",
            (MomentKind::Missed, _) => "A BETTER REPLY WAS ON OFFER",
        }
    }

    /// Labelled lines, as every renderer shows them: "You said", "Patient", "Rupture" (in words: what the patient
    /// did; the 3RS name is in [`Moment::details`]), "Why", "Rubric" (one per
    /// rule that applied), then "Better" and "Because" (the better reply's principle), or "Best here" when the
    /// reply given was as good as the best on offer.
    pub fn lines(&self) -> Vec<(&'static str, String)> {
        let r = &self.reaction;
        let to = self
            .addressed
            .as_ref()
            .map(|n| format!(" (to {n})"))
            .unwrap_or_default();
        let by = self
            .speaker
            .as_ref()
            .map(|n| format!("{n}: "))
            .unwrap_or_default();
        let who = match r.speaker {
            Person::Patient => "Patient",
            Person::Companion => "Companion",
        };
        let mut out = vec![
            ("You said", format!("\"{}\"{to}", self.said)),
            (
                who,
                format!("{by}\"{}\" ({}; {})", r.text, r.cue, r.emotion.as_str()),
            ),
        ];
        if let Some(m) = r.rupture {
            out.push(("Rupture", crate::report::plain::marker(m).to_owned()));
        }
        out.push(("Why", self.why.clone()));
        out.extend(self.rules.iter().map(|x| ("Rubric", x.clone())));
        if let Some(b) = &self.better {
            out.push(("Better", format!("\"{}\" ({})", b.said, moved(&b.delta))));
            if !b.feedback.is_empty() {
                out.push(("Because", b.feedback.clone()));
            }
        } else if self.as_good_as_best {
            out.push((
                "Best here",
                "no reply on offer would have done clearly better".to_owned(),
            ));
        }
        out
    }
}

impl Moment {
    /// The technical lines an educator may want beside [`Moment::lines`]: the 3RS marker by name and the
    /// reply's behaviour codes.
    pub fn details(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(m) = self.reaction.rupture {
            out.push(("3RS marker", crate::report::plain::technical(m)));
        }
        if !self.codes.is_empty() {
            let codes: Vec<String> = self
                .codes
                .iter()
                .map(|c| c.as_str().replace('_', " "))
                .collect();
            out.push(("Codes", codes.join(", ")));
        }
        out
    }
}

/// Builds the debrief of `t`, with the rubric's thresholds.
pub fn debrief(t: &Transcript, rubric: &Rubric) -> Debrief {
    let point = |turn: u32, s: &crate::scoring::AllianceState| TrajectoryPoint {
        turn,
        bond: s.bond,
        goal: s.goal,
        task: s.task,
        empathy: s.empathy,
    };
    let mut trajectory = vec![point(0, &t.start)];
    trajectory.extend(t.turns.iter().map(|r| point(r.turn, &r.after)));

    let m = rubric.moments;
    let moments = t
        .turns
        .iter()
        .filter_map(|r| {
            let d = [r.delta.bond, r.delta.goal, r.delta.task];
            // A rupture marker right after a reply that itself strained is the clinician's contribution to the
            // rupture (3RS); a marker after a helpful reply is what the patient brought, listed under ruptures.
            let provoked = r.reaction.rupture.is_some() && reply_value(&r.delta) < 0.0;
            let strained = d.iter().any(|x| *x <= m.strained_at) || provoked || r.deepened;
            let strengthened = d.iter().any(|x| *x >= m.strengthened_at) || r.repaired;
            // At any turn a good reply can still have had a better one, unless it came within the rubric's
            // margin of it: then it was as good as the best.
            let better = r.better.clone().filter(|b| {
                reply_value(&b.delta) - reply_value(&r.delta) > m.as_good_as_best_within
            });
            // A repair is the moment to remember even if the patient still shows the strain.
            let kind = if r.repaired {
                MomentKind::Strengthened
            } else if strained {
                MomentKind::Strained
            } else if strengthened {
                MomentKind::Strengthened
            } else if better.is_some() {
                MomentKind::Missed
            } else {
                return None;
            };
            Some(Moment {
                turn: r.turn,
                kind,
                said: r.said.clone(),
                addressed: (r.to == Person::Companion).then(|| t.name_of(r.to).to_owned()),
                codes: r.codes.clone(),
                reaction: r.reaction.clone(),
                speaker: t
                    .companion
                    .as_ref()
                    .map(|_| t.name_of(r.reaction.speaker).to_owned()),
                delta: r.delta,
                why: r.feedback.clone(),
                rules: r.rules.iter().map(|f| f.explain.clone()).collect(),
                repaired: r.repaired,
                as_good_as_best: better.is_none(),
                better,
            })
        })
        .collect();
    let unrepaired: Vec<RuptureRecord> = t.unrepaired().cloned().collect();
    Debrief {
        format: FORMAT.to_owned(),
        vignette_id: t.vignette_id.clone(),
        vignette_title: t.vignette_title.clone(),
        patient_name: t.patient_name.clone(),
        companion: t.companion.clone(),
        mode: t.mode.as_str().to_owned(),
        seed: t.seed,
        status: t.status,
        ending: t.ending.clone(),
        started_from: t.continued.as_ref().map(|c| started_from(c, &t.start)),
        trajectory,
        moments,
        wai_sr: WaiSr::of(t, rubric),
        unrepaired_ruptures: unrepaired,
        ruptures: t.ruptures.clone(),
        miti: MitiSummary::of(&t.turns, &rubric.miti),
        readings: t.turns.iter().filter_map(Reading::of).collect(),
    }
}

/// "You started from where your first visit ended …": the first attempt, how it ended, the carried state and
/// the share kept (docs/authoring.md, "Follow-up visits"), and a strain left open.
fn started_from(c: &crate::engine::Continued, start: &crate::scoring::AllianceState) -> String {
    let state = |s: &crate::scoring::AllianceState| {
        format!(
            "bond {:.0} · goal {:.0} · task {:.0} · empathy {:.0}",
            s.bond, s.goal, s.task, s.empathy
        )
    };
    let share = if c.carry >= 1.0 {
        "exactly where it ended".to_owned()
    } else {
        format!(
            "{:.0}% of the way from this visit's usual start to where it ended, since an alliance carries over but \
             changes between visits (seed 002, Brinkmann: \"dynamic in time\")",
            c.carry * 100.0
        )
    };
    let mut out = format!(
        "You started from where your first visit ended: \"{}\" ended \"{}\" ({}) at {}; this visit opened at {}, {share}.",
        c.vignette_title,
        c.ending_title,
        c.outcome.as_str(),
        state(&c.ended_at),
        state(start),
    );
    if let Some(r) = &c.open_rupture {
        out.push_str(&format!(
            " The strain left unrepaired last time ({}: \"{}\") was still open.",
            r.marker.as_str().replace('_', " "),
            r.patient_said
        ));
    }
    out
}
