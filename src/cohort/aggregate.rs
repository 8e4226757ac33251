//! The class's figures, gathered one submission at a time and then forgotten: score distributions, pass
//! rates, where students strained the alliance, ruptures and repairs, progress across attempts.

use crate::assign::bundle::{Attempt, Submission, VignetteResult};
use crate::assign::criteria::Criteria;
use crate::assign::load::Assignment;
use crate::cohort::follow_up::{self, FollowUpRow};
use crate::cohort::intake::Rejected;
use crate::cohort::unread::{Sign, signs};
use crate::engine::transcript::Status;
use crate::report::MomentKind;
use crate::vignette::model::Outcome;

/// Everything the report shows; its size depends on the assignments and vignettes, not on the number of
/// submissions (bar the list of rejected files and one short row per student).
#[derive(Debug, Default)]
pub struct Aggregate {
    /// Per assignment, in the order first seen.
    pub assignments: Vec<AssignmentStats>,
    /// Files not counted, with the reason.
    pub rejected: Vec<Rejected>,
    /// Files counted with a warning: stored figures that do not follow from the turns, ids used again.
    pub flagged: Vec<Rejected>,
    /// `.json` files read.
    pub files: usize,
    /// Other files in the folder (not read).
    pub other_files: usize,
}

/// One assignment's figures.
#[derive(Debug)]
pub struct AssignmentStats {
    /// The assignment (from `--assignment`, else as the first submission carried it).
    pub assignment: Assignment,
    /// Submissions counted.
    pub submissions: u32,
    /// Submissions that passed overall.
    pub passed: u32,
    /// Per vignette, in the assignment's order.
    pub vignettes: Vec<VignetteStats>,
    /// Each counted submission's verdict, in file order: one row per student (the list the educator reads).
    pub students: Vec<StudentResult>,
}

/// One student's counted submission: who, the verdict and why, and anything worth a look.
#[derive(Debug, Clone)]
pub struct StudentResult {
    /// The pseudonym.
    pub pseudonym: String,
    /// The file counted.
    pub file: String,
    /// Passed every vignette.
    pub passed: bool,
    /// The verdict's reasons in words, one per vignette not passed (or the one line that all passed).
    pub reasons: Vec<String>,
    /// Signs that the replies may have been chosen without reading them (`cohort::unread`).
    pub signs: Vec<Sign>,
    /// Earlier submissions by the same pseudonym for the same assignment that this newer one replaced.
    pub superseded: Vec<String>,
}

/// One vignette's figures within an assignment.
#[derive(Debug)]
pub struct VignetteStats {
    /// Vignette id.
    pub id: String,
    /// Title (from the first submission that played it).
    pub title: String,
    /// The criteria applied.
    pub criteria: Criteria,
    /// Submissions that included it.
    pub submissions: u32,
    /// Submissions with at least one attempt at it.
    pub attempted: u32,
    /// Submissions that passed it.
    pub passed: u32,
    /// Attempts made.
    pub attempts: u32,
    /// Final attempts by WAI-SR total: index = total − 12 (12-60).
    pub final_totals: [u32; 49],
    /// Final attempts that reached an ending, by outcome: poor, mixed, good.
    pub outcomes: [u32; 3],
    /// Final attempts that never reached an ending.
    pub unfinished: u32,
    /// Final attempts per ending: (id, title, outcome, count).
    pub endings: Vec<(String, String, Outcome, u32)>,
    /// Per attempt number (index 0 = first attempts).
    pub by_attempt: Vec<AttemptNumberStats>,
    /// Ruptures over all attempts.
    pub ruptures: Vec<RuptureStats>,
    /// Decision points over all attempts, in order first seen.
    pub nodes: Vec<NodeStats>,
    /// Criteria that final attempts failed: (criterion, count).
    pub failed_checks: Vec<(String, u32)>,
    /// MITI figures over final attempts.
    pub miti: MitiSums,
    /// Seconds played over all attempts.
    pub seconds: u64,
    /// For a follow-up visit: each attempt at it, in file order, with where it started (one short row each).
    pub follow_ups: Vec<FollowUpRow>,
}

/// First attempts, second attempts, …
#[derive(Debug, Default, Clone, Copy)]
pub struct AttemptNumberStats {
    /// Attempts with this number.
    pub count: u32,
    /// Sum of their WAI-SR totals.
    pub total_sum: u64,
    /// How many passed.
    pub passed: u32,
    /// Sum of each student's change in WAI-SR total from their previous attempt (second attempts on).
    pub gain_sum: i64,
}

/// One kind of rupture.
#[derive(Debug, Clone)]
pub struct RuptureStats {
    /// 3RS marker (`deferential_appeasing`).
    pub marker: String,
    /// withdrawal or confrontation.
    pub kind: String,
    /// How often it occurred.
    pub count: u32,
    /// How often it was repaired.
    pub repaired: u32,
}

/// One decision point.
#[derive(Debug, Clone)]
pub struct NodeStats {
    /// Node id.
    pub node: String,
    /// The patient's line the students answered (as first seen).
    pub prompt: String,
    /// Times students reached it.
    pub reached: u32,
    /// Times the reply given strained the alliance (a strained moment in the debrief).
    pub strained: u32,
    /// Per authored reply index: (text, chosen, strained).
    pub replies: Vec<ReplyStats>,
    /// Replies typed in the students' own words here, matched or not.
    pub typed: u32,
    /// Typed replies that matched none written here: how many, and the first few (what the vignette does not
    /// yet cover, for its author).
    pub unmatched: u32,
    /// The first `UNMATCHED_KEPT` of them.
    pub unmatched_examples: Vec<UnmatchedReply>,
}

/// How many unmatched typed replies a decision point keeps as examples (the count goes on).
pub const UNMATCHED_KEPT: usize = 5;

/// A typed reply that matched no authored one.
#[derive(Debug, Clone)]
pub struct UnmatchedReply {
    /// As typed.
    pub text: String,
    /// The codes it was scored by.
    pub codes: Vec<String>,
    /// It strained the alliance.
    pub strained: bool,
}

/// One reply at a decision point.
#[derive(Debug, Clone, Default)]
pub struct ReplyStats {
    /// Its words.
    pub text: String,
    /// Times chosen.
    pub chosen: u32,
    /// Times it strained the alliance when chosen.
    pub strained: u32,
    /// Times it was the best reply on offer when it was chosen.
    pub best: u32,
}

/// Running MITI sums over final attempts (means are taken where a figure was defined).
#[derive(Debug, Default, Clone, Copy)]
pub struct MitiSums {
    /// Attempts counted.
    pub n: u32,
    /// Sum and count of reflection-to-question ratios.
    pub rq: (f64, u32),
    /// Sum and count of % complex reflections.
    pub cr: (f64, u32),
    /// Sum and count of % open questions.
    pub oq: (f64, u32),
    /// Sum of MI-adherent counts.
    pub adherent: u64,
    /// Sum of MI-non-adherent counts.
    pub non_adherent: u64,
}

impl MitiSums {
    fn add(&mut self, a: &Attempt) {
        let m = &a.debrief.miti;
        self.n += 1;
        let put = |slot: &mut (f64, u32), v: Option<f64>| {
            if let Some(v) = v {
                slot.0 += v;
                slot.1 += 1;
            }
        };
        put(&mut self.rq, m.reflection_to_question);
        put(&mut self.cr, m.percent_complex_reflections);
        put(&mut self.oq, m.percent_open_questions);
        self.adherent += u64::from(m.mi_adherent);
        self.non_adherent += u64::from(m.mi_non_adherent);
    }
}

/// The mean of a (sum, count) pair.
pub fn mean(s: (f64, u32)) -> Option<f64> {
    (s.1 > 0).then(|| s.0 / f64::from(s.1))
}

impl VignetteStats {
    fn new(id: &str, criteria: Criteria) -> VignetteStats {
        VignetteStats {
            id: id.to_owned(),
            title: String::new(),
            criteria,
            submissions: 0,
            attempted: 0,
            passed: 0,
            attempts: 0,
            final_totals: [0; 49],
            outcomes: [0; 3],
            unfinished: 0,
            endings: Vec::new(),
            by_attempt: Vec::new(),
            ruptures: Vec::new(),
            nodes: Vec::new(),
            failed_checks: Vec::new(),
            miti: MitiSums::default(),
            seconds: 0,
            follow_ups: Vec::new(),
        }
    }

    /// Final attempts counted in the distribution.
    pub fn finals(&self) -> u32 {
        self.final_totals.iter().sum()
    }

    fn add(&mut self, v: &VignetteResult) {
        self.submissions += 1;
        if self.title.is_empty() {
            self.title.clone_from(&v.vignette_title);
        }
        if v.passed {
            self.passed += 1;
        }
        if v.attempts.is_empty() {
            return;
        }
        self.attempted += 1;
        for a in &v.attempts {
            self.attempt(v, a);
        }
        let Some(last) = v.attempts.last() else {
            return;
        };
        let total = usize::from(last.debrief.wai_sr.total.clamp(12, 60)) - 12;
        self.final_totals[total] += 1;
        match &last.transcript.ending {
            Some(e) if last.transcript.status == Status::Finished => {
                self.outcomes[match e.outcome {
                    Outcome::Poor => 0,
                    Outcome::Mixed => 1,
                    Outcome::Good => 2,
                }] += 1;
                match self.endings.iter_mut().find(|x| x.0 == e.id) {
                    Some(x) => x.3 += 1,
                    None => self
                        .endings
                        .push((e.id.clone(), e.title.clone(), e.outcome, 1)),
                }
            }
            _ => self.unfinished += 1,
        }
        if !last.verdict.passed {
            for c in last.verdict.checks.iter().filter(|c| !c.passed) {
                match self.failed_checks.iter_mut().find(|x| x.0 == c.criterion) {
                    Some(x) => x.1 += 1,
                    None => self.failed_checks.push((c.criterion.clone(), 1)),
                }
            }
        }
        self.miti.add(last);
    }

    fn attempt(&mut self, v: &VignetteResult, a: &Attempt) {
        self.attempts += 1;
        self.seconds += a.duration_seconds;
        let n = (a.attempt.max(1) - 1) as usize;
        if self.by_attempt.len() <= n {
            self.by_attempt.resize(n + 1, AttemptNumberStats::default());
        }
        let previous = v
            .attempts
            .iter()
            .rev()
            .find(|p| p.attempt < a.attempt)
            .map(|p| i64::from(p.debrief.wai_sr.total));
        let slot = &mut self.by_attempt[n];
        slot.count += 1;
        slot.total_sum += u64::from(a.debrief.wai_sr.total);
        slot.passed += u32::from(a.verdict.passed);
        if let Some(p) = previous {
            slot.gain_sum += i64::from(a.debrief.wai_sr.total) - p;
        }

        for r in &a.transcript.ruptures {
            let marker = r.marker.as_str();
            let i = match self.ruptures.iter().position(|x| x.marker == marker) {
                Some(i) => i,
                None => {
                    self.ruptures.push(RuptureStats {
                        marker: marker.to_owned(),
                        kind: r.kind.as_str().to_owned(),
                        count: 0,
                        repaired: 0,
                    });
                    self.ruptures.len() - 1
                }
            };
            self.ruptures[i].count += 1;
            self.ruptures[i].repaired += u32::from(r.repaired_at.is_some());
        }

        let t = &a.transcript;
        for (k, turn) in t.turns.iter().enumerate() {
            let strained = a
                .debrief
                .moments
                .iter()
                .any(|m| m.turn == turn.turn && m.kind == MomentKind::Strained);
            let prompt = if k == 0 {
                &t.opening.text
            } else {
                &t.turns[k - 1].reaction.text
            };
            let i = match self.nodes.iter().position(|x| x.node == turn.node) {
                Some(i) => i,
                None => {
                    self.nodes.push(NodeStats {
                        node: turn.node.clone(),
                        prompt: prompt.clone(),
                        reached: 0,
                        strained: 0,
                        replies: Vec::new(),
                        typed: 0,
                        unmatched: 0,
                        unmatched_examples: Vec::new(),
                    });
                    self.nodes.len() - 1
                }
            };
            let node = &mut self.nodes[i];
            node.reached += 1;
            node.strained += u32::from(strained);
            node.typed += u32::from(turn.typed.is_some());
            // A question the patient answered from their facts is covered by the vignette: not an unmatched reply,
            // and never a line to paste as another phrasing (uncovered.yaml).
            if turn.typed.as_ref().is_some_and(|r| r.fact.is_some()) {
                continue;
            }
            // A typed reply that matched no authored one counts for the decision point, not for a reply.
            let Some(index) = turn.reply_index else {
                node.unmatched += 1;
                if node.unmatched_examples.len() < UNMATCHED_KEPT {
                    node.unmatched_examples.push(UnmatchedReply {
                        text: turn.said.clone(),
                        codes: turn.codes.iter().map(|c| c.as_str().to_owned()).collect(),
                        strained,
                    });
                }
                continue;
            };
            let authored = v.decision_points.iter().find(|p| p.node == turn.node);
            let want = authored.map_or(0, |p| p.replies.len()).max(index + 1);
            if node.replies.len() < want {
                node.replies.resize(want, ReplyStats::default());
            }
            if let Some(p) = authored {
                for (j, text) in p.replies.iter().enumerate() {
                    if node.replies[j].text.is_empty() {
                        node.replies[j].text.clone_from(text);
                    }
                }
            }
            let r = &mut node.replies[index];
            if r.text.is_empty() {
                r.text.clone_from(&turn.said);
            }
            r.chosen += 1;
            r.strained += u32::from(strained);
            let best = a.decisions.get(k).is_some_and(|d| d.best == index);
            r.best += u32::from(best);
        }
    }
}

impl Aggregate {
    /// An empty aggregate; with `assignment`, its criteria grade every submission and its vignettes are listed
    /// even before any submission names them.
    pub fn new(assignment: Option<&Assignment>) -> Aggregate {
        let mut a = Aggregate::default();
        if let Some(asg) = assignment {
            a.assignments.push(AssignmentStats::new(asg.clone()));
        }
        a
    }

    /// Adds one counted submission (already graded against the criteria that apply), read from `file`, which
    /// replaced the earlier files `superseded`.
    pub fn add(&mut self, file: &str, s: &Submission, superseded: Vec<String>) -> &StudentResult {
        let i = match self
            .assignments
            .iter()
            .position(|a| a.assignment.id == s.assignment.id)
        {
            Some(i) => i,
            None => {
                self.assignments
                    .push(AssignmentStats::new(s.assignment.clone()));
                self.assignments.len() - 1
            }
        };
        let a = &mut self.assignments[i];
        a.submissions += 1;
        a.passed += u32::from(s.passed);
        for v in &s.vignettes {
            let j = match a.vignettes.iter().position(|x| x.id == v.vignette_id) {
                Some(j) => j,
                None => {
                    a.vignettes
                        .push(VignetteStats::new(&v.vignette_id, v.criteria.clone()));
                    a.vignettes.len() - 1
                }
            };
            a.vignettes[j].add(v);
            a.vignettes[j]
                .follow_ups
                .extend(v.attempts.iter().filter_map(|x| follow_up::row(s, x)));
        }
        a.students.push(StudentResult {
            pseudonym: s.pseudonym.clone(),
            file: file.to_owned(),
            passed: s.passed,
            reasons: s.reasons.clone(),
            signs: signs(s),
            superseded,
        });
        // Just pushed.
        &a.students[a.students.len() - 1]
    }

    /// Records a file that was not counted.
    pub fn reject(&mut self, r: Rejected) {
        self.rejected.push(r);
    }

    /// Submissions counted over all assignments.
    pub fn counted(&self) -> u32 {
        self.assignments.iter().map(|a| a.submissions).sum()
    }
}

impl AssignmentStats {
    fn new(assignment: Assignment) -> AssignmentStats {
        let vignettes = assignment
            .vignettes
            .iter()
            .map(|v| VignetteStats::new(v, assignment.criteria_for(v)))
            .collect();
        AssignmentStats {
            assignment,
            submissions: 0,
            passed: 0,
            vignettes,
            students: Vec::new(),
        }
    }
}
