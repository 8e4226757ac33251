//! xAPI 1.0.3 statements for an LMS or LRS: one per attempt (completed, with the WAI-SR as the score), one
//! `answered` per turn (a `cmi.interaction` choice), one per submission; details under Alliance's own IRIs.

use std::borrow::Cow;

use serde::Serialize;

use crate::assign::bundle::{self, Decision, DecisionPoint, Submission};
use crate::assign::criteria::{Check, Verdict};
use crate::assign::load::Assignment;
use crate::assign::seal::{EnvelopeOut, envelope};
use crate::assign::uuid::statement_id;
use crate::cohort::iso8601::{duration, timestamp};
use crate::engine::Transcript;
use crate::engine::transcript::{EndingRecord, Status};
use crate::report::{Debrief, MitiSummary, WaiSr};
use crate::scoring::AllianceState;
use crate::vignette::BehaviourCode;
use crate::vignette::model::Effects;

/// The account `homePage` of every actor: the system the pseudonyms belong to.
pub const HOME_PAGE: &str = "https://alliance.example.org";
/// Activity ids: `…/vignettes/<id>`, `…/vignettes/<id>/decisions/<node>`, `…/assignments/<id>`.
pub const ACTIVITIES: &str = "https://alliance.example.org/xapi/";
/// Extension IRIs: `…/ext/<name>` (documented in docs/assignments.md; the field renames below spell them out).
pub const EXT: &str = "https://alliance.example.org/xapi/ext/";
/// The language of every language map.
pub const LANG: &str = "en-US";

/// ADL verb: a finished attempt or assignment.
pub const COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
/// ADL verb: an attempt stopped before an ending.
pub const TERMINATED: &str = "http://adlnet.gov/expapi/verbs/terminated";
/// ADL verb: one reply at a decision point.
pub const ANSWERED: &str = "http://adlnet.gov/expapi/verbs/answered";
/// ADL activity type of an attempt at a vignette.
pub const SIMULATION: &str = "http://adlnet.gov/expapi/activities/simulation";
/// ADL activity type of a decision point.
pub const INTERACTION: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";
/// ADL activity type of an assignment.
pub const ASSESSMENT: &str = "http://adlnet.gov/expapi/activities/assessment";

const PLATFORM: &str = concat!("Alliance ", env!("CARGO_PKG_VERSION"));
const WAI_MIN: u8 = 12;
const WAI_MAX: u8 = 60;

/// One attempt, with whatever is known about where it was played.
pub struct AttemptView<'a> {
    /// The student's pseudonym (the account name).
    pub pseudonym: &'a str,
    /// The assignment it was played for, if any.
    pub assignment: Option<&'a Assignment>,
    /// The submission it belongs to, if any.
    pub submission_id: Option<&'a str>,
    /// 1-based attempt number.
    pub attempt: u32,
    /// The attempt's UUID (`context.registration`).
    pub registration: &'a str,
    /// Seconds played.
    pub duration_seconds: u64,
    /// The transcript.
    pub transcript: &'a Transcript,
    /// Its debrief.
    pub debrief: &'a Debrief,
    /// What was on offer at each turn (as many as turns).
    pub decisions: &'a [Decision],
    /// The decision points' authored replies.
    pub points: &'a [DecisionPoint],
    /// The verdict against the pass criteria, if there were criteria.
    pub verdict: Option<&'a Verdict>,
}

impl<'a> AttemptView<'a> {
    /// Attempt `a` of submission `submission_id`, played by `pseudonym` for `assignment` at a vignette whose
    /// decision points are `points`: what the class report and a sitting's LRS feed both send.
    pub fn submitted(
        pseudonym: &'a str,
        assignment: &'a Assignment,
        submission_id: &'a str,
        a: &'a bundle::Attempt,
        points: &'a [DecisionPoint],
    ) -> Self {
        AttemptView {
            pseudonym,
            assignment: Some(assignment),
            submission_id: Some(submission_id),
            attempt: a.attempt,
            registration: &a.registration,
            duration_seconds: a.duration_seconds,
            transcript: &a.transcript,
            debrief: &a.debrief,
            decisions: &a.decisions,
            points,
            verdict: Some(&a.verdict),
        }
    }
}

/// Percent-encodes an id for use in an IRI path segment.
pub fn segment(id: &str) -> String {
    let mut s = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

/// A language map with one entry, `en-US`.
#[derive(Serialize)]
struct Lang<'a> {
    #[serde(rename = "en-US")]
    en: Cow<'a, str>,
}

fn lang(s: &str) -> Lang<'_> {
    Lang {
        en: Cow::Borrowed(s),
    }
}

#[derive(Serialize)]
struct Account<'a> {
    #[serde(rename = "homePage")]
    home_page: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
struct Actor<'a> {
    #[serde(rename = "objectType")]
    object_type: &'static str,
    account: Account<'a>,
}

fn actor(name: &str) -> Actor<'_> {
    Actor {
        object_type: "Agent",
        account: Account {
            home_page: HOME_PAGE,
            name,
        },
    }
}

#[derive(Serialize)]
struct Verb {
    id: &'static str,
    display: Lang<'static>,
}

fn verb(id: &'static str) -> Verb {
    Verb {
        id,
        display: lang(id.rsplit('/').next().unwrap_or(id)),
    }
}

#[derive(Serialize)]
struct Activity<D> {
    #[serde(rename = "objectType")]
    object_type: &'static str,
    id: String,
    definition: D,
}

#[derive(Serialize)]
struct Described<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    name: Lang<'a>,
    description: Lang<'a>,
}

#[derive(Serialize)]
struct Choice<'a> {
    id: String,
    description: Lang<'a>,
}

#[derive(Serialize)]
struct Interaction<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    name: Lang<'a>,
    description: Lang<'a>,
    #[serde(rename = "interactionType")]
    interaction_type: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    choices: Vec<Choice<'a>>,
    #[serde(
        rename = "correctResponsesPattern",
        skip_serializing_if = "Option::is_none"
    )]
    correct: Option<[String; 1]>,
}

/// A parent activity by id, type and name only: its description is in the assignment's own statement, not
/// repeated in every statement of the submission.
#[derive(Serialize)]
struct Named<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    name: Lang<'a>,
}

#[derive(Serialize)]
struct Parents<'a> {
    parent: [Activity<Named<'a>>; 1],
}

#[derive(Serialize)]
struct Context<'a, E> {
    registration: &'a str,
    platform: &'static str,
    language: &'static str,
    #[serde(rename = "contextActivities", skip_serializing_if = "Option::is_none")]
    context_activities: Option<Parents<'a>>,
    /// Another statement this one is to be read with (xAPI 1.0.3 `context.statement`): for a follow-up visit
    /// that continued an attempt in the same submission, that attempt's statement.
    #[serde(skip_serializing_if = "Option::is_none")]
    statement: Option<StatementRef>,
    extensions: E,
}

/// A reference to another statement by its id.
#[derive(Serialize)]
struct StatementRef {
    #[serde(rename = "objectType")]
    object_type: &'static str,
    id: String,
}

#[derive(Serialize)]
struct TurnResultExt<'a> {
    #[serde(rename = "https://alliance.example.org/xapi/ext/codes")]
    codes: &'a [BehaviourCode],
    #[serde(rename = "https://alliance.example.org/xapi/ext/delta")]
    delta: &'a Effects,
    #[serde(rename = "https://alliance.example.org/xapi/ext/alliance")]
    alliance: &'a AllianceState,
    #[serde(rename = "https://alliance.example.org/xapi/ext/repaired")]
    repaired: bool,
    #[serde(rename = "https://alliance.example.org/xapi/ext/deepened")]
    deepened: bool,
    #[serde(rename = "https://alliance.example.org/xapi/ext/rupture")]
    rupture: Option<&'static str>,
    /// For a typed reply: the authored reply it was matched to (a choice id), if any.
    #[serde(
        rename = "https://alliance.example.org/xapi/ext/matched",
        skip_serializing_if = "Option::is_none"
    )]
    matched: Option<String>,
    /// For a typed reply: the match score (0-1).
    #[serde(
        rename = "https://alliance.example.org/xapi/ext/match-confidence",
        skip_serializing_if = "Option::is_none"
    )]
    match_confidence: Option<f32>,
}

#[derive(Serialize)]
struct TurnResult<'a> {
    response: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    success: Option<bool>,
    extensions: TurnResultExt<'a>,
}

#[derive(Serialize)]
struct TurnContextExt {
    #[serde(rename = "https://alliance.example.org/xapi/ext/turn")]
    turn: u32,
    #[serde(rename = "https://alliance.example.org/xapi/ext/attempt")]
    attempt: u32,
    #[serde(
        rename = "https://alliance.example.org/xapi/ext/offered",
        skip_serializing_if = "Option::is_none"
    )]
    offered: Option<Vec<String>>,
}

#[derive(Serialize)]
struct Score {
    scaled: f64,
    raw: u8,
    min: u8,
    max: u8,
}

#[derive(Serialize)]
struct StartEnd {
    start: AllianceState,
    end: AllianceState,
}

#[derive(Serialize)]
struct RuptureOut {
    marker: &'static str,
    kind: &'static str,
    turn: u32,
    repaired_at: Option<u32>,
}

#[derive(Serialize)]
struct AttemptResultExt<'a> {
    #[serde(rename = "https://alliance.example.org/xapi/ext/wai-sr")]
    wai_sr: &'a WaiSr,
    #[serde(rename = "https://alliance.example.org/xapi/ext/alliance")]
    alliance: StartEnd,
    #[serde(rename = "https://alliance.example.org/xapi/ext/ending")]
    ending: &'a Option<EndingRecord>,
    #[serde(rename = "https://alliance.example.org/xapi/ext/miti")]
    miti: &'a MitiSummary,
    #[serde(rename = "https://alliance.example.org/xapi/ext/ruptures")]
    ruptures: Vec<RuptureOut>,
    #[serde(
        rename = "https://alliance.example.org/xapi/ext/criteria",
        skip_serializing_if = "Option::is_none"
    )]
    criteria: Option<&'a [Check]>,
}

#[derive(Serialize)]
struct AttemptResult<'a> {
    score: Score,
    completion: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    success: Option<bool>,
    duration: String,
    extensions: AttemptResultExt<'a>,
}

#[derive(Serialize)]
struct AttemptContextExt<'a> {
    #[serde(rename = "https://alliance.example.org/xapi/ext/attempt")]
    attempt: u32,
    #[serde(rename = "https://alliance.example.org/xapi/ext/mode")]
    mode: &'a str,
    #[serde(rename = "https://alliance.example.org/xapi/ext/seed")]
    seed: u64,
    #[serde(
        rename = "https://alliance.example.org/xapi/ext/submission",
        skip_serializing_if = "Option::is_none"
    )]
    submission: Option<&'a str>,
    /// For a follow-up visit: which visit it follows and whether it continued the student's attempt there.
    #[serde(
        rename = "https://alliance.example.org/xapi/ext/follow-up",
        skip_serializing_if = "Option::is_none"
    )]
    follow_up: Option<FollowUpOut<'a>>,
}

/// How a follow-up visit started (docs/assignments.md, "Follow-up visits"): continuing the student's finished
/// attempt at the first visit (which one, how it ended, the alliance it ended at and the share carried over),
/// or `fresh` from the follow-up's own start.
#[derive(Serialize)]
struct FollowUpOut<'a> {
    /// The first visit's vignette id.
    follows: &'a str,
    /// The first visit's activity id.
    activity: String,
    /// `continued` or `fresh`.
    start: &'static str,
    /// The continued attempt's number in its submission (in an assignment).
    #[serde(skip_serializing_if = "Option::is_none")]
    attempt: Option<u32>,
    /// The continued attempt's `registration` (in an assignment).
    #[serde(skip_serializing_if = "Option::is_none")]
    registration: Option<&'a str>,
    /// The id of the continued attempt's own statement (in an assignment: same submission, that registration).
    #[serde(skip_serializing_if = "Option::is_none")]
    statement: Option<String>,
    /// How the continued attempt ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    ending: Option<EndingOut<'a>>,
    /// The alliance when the continued attempt ended (this attempt's start is in the `alliance` result).
    #[serde(skip_serializing_if = "Option::is_none")]
    ended_at: Option<&'a AllianceState>,
    /// The share of it carried over (`last_time.carry`).
    #[serde(skip_serializing_if = "Option::is_none")]
    carry: Option<f64>,
    /// The 3RS marker of a rupture the continued attempt left unrepaired, open again at this one's start.
    #[serde(skip_serializing_if = "Option::is_none")]
    open_rupture: Option<&'static str>,
}

#[derive(Serialize)]
struct EndingOut<'a> {
    id: &'a str,
    title: &'a str,
    outcome: &'static str,
}

/// The `follow-up` extension of an attempt at a follow-up visit (`None` for any other vignette), and the
/// reference to the continued attempt's statement when it is in the same submission.
fn follow_up<'a>(
    t: &'a Transcript,
    submission: Option<&str>,
) -> (Option<FollowUpOut<'a>>, Option<StatementRef>) {
    let c = t.continued.as_ref();
    let Some(follows) = c.map(|c| c.vignette_id.as_str()).or(t.follows.as_deref()) else {
        return (None, None);
    };
    let registration = c.and_then(|c| c.registration.as_deref());
    let statement = registration
        .filter(|_| submission.is_some())
        .map(|r| statement_id(submission, Some(r), None));
    let out = FollowUpOut {
        follows,
        activity: format!("{ACTIVITIES}vignettes/{}", segment(follows)),
        start: if c.is_some() { "continued" } else { "fresh" },
        attempt: c.and_then(|c| c.attempt),
        registration,
        statement: statement.clone(),
        ending: c.map(|c| EndingOut {
            id: &c.ending_id,
            title: &c.ending_title,
            outcome: c.outcome.as_str(),
        }),
        ended_at: c.map(|c| &c.ended_at),
        carry: c.map(|c| c.carry),
        open_rupture: c
            .and_then(|c| c.open_rupture.as_ref())
            .map(|r| r.marker.as_str()),
    };
    let reference = statement.map(|id| StatementRef {
        object_type: "StatementRef",
        id,
    });
    (Some(out), reference)
}

#[derive(Serialize)]
struct VignetteOut<'a> {
    vignette: &'a str,
    passed: bool,
    attempts: usize,
    reasons: &'a [String],
}

/// The submission file the statements were made from, whole, so a class report can be rebuilt from an LRS
/// exactly as from a folder (its checksum verified the same way).
#[derive(Serialize)]
struct FileOut<'a> {
    name: &'a str,
    sealed: EnvelopeOut<'a>,
}

#[derive(Serialize)]
struct AssignmentResultExt<'a> {
    #[serde(rename = "https://alliance.example.org/xapi/ext/vignettes")]
    vignettes: Vec<VignetteOut<'a>>,
    #[serde(rename = "https://alliance.example.org/xapi/ext/reasons")]
    reasons: &'a [String],
    #[serde(
        rename = "https://alliance.example.org/xapi/ext/submission-file",
        skip_serializing_if = "Option::is_none"
    )]
    file: Option<FileOut<'a>>,
}

#[derive(Serialize)]
struct AssignmentResult<'a> {
    success: bool,
    completion: bool,
    duration: String,
    extensions: AssignmentResultExt<'a>,
}

#[derive(Serialize)]
struct SubmissionContextExt<'a> {
    #[serde(rename = "https://alliance.example.org/xapi/ext/submission")]
    submission: &'a str,
}

#[derive(Serialize)]
struct Stmt<'a, O, R, C> {
    id: String,
    actor: Actor<'a>,
    verb: Verb,
    object: O,
    result: R,
    context: C,
    timestamp: String,
}

type AnsweredStmt<'a> =
    Stmt<'a, Activity<Interaction<'a>>, TurnResult<'a>, Context<'a, TurnContextExt>>;
type AttemptStmt<'a> =
    Stmt<'a, Activity<Described<'a>>, AttemptResult<'a>, Context<'a, AttemptContextExt<'a>>>;
type AssignmentStmt<'a> =
    Stmt<'a, Activity<Described<'a>>, AssignmentResult<'a>, Context<'a, SubmissionContextExt<'a>>>;

/// One xAPI statement, ready to serialise (borrowing from the submission or transcript it describes).
#[derive(Serialize)]
#[serde(transparent)]
pub struct Statement<'a>(Kind<'a>);

impl Statement<'_> {
    /// The statement's id (a name-based UUID: the same for the same submission, attempt and turn).
    pub fn id(&self) -> &str {
        match &self.0 {
            Kind::Answered(s) => &s.id,
            Kind::Attempt(s) => &s.id,
            Kind::Assignment(s) => &s.id,
        }
    }
}

#[derive(Serialize)]
#[serde(untagged)]
enum Kind<'a> {
    Answered(Box<AnsweredStmt<'a>>),
    Attempt(Box<AttemptStmt<'a>>),
    Assignment(Box<AssignmentStmt<'a>>),
}

fn assignment_id(a: &Assignment) -> String {
    assignment_iri(&a.id)
}

/// The activity id of the assignment with id `id`.
pub fn assignment_iri(id: &str) -> String {
    format!("{ACTIVITIES}assignments/{}", segment(id))
}

/// The result extension of the assignment statement that carries the submission file (`{name, sealed}`).
pub const SUBMISSION_FILE: &str = "https://alliance.example.org/xapi/ext/submission-file";

fn assignment_activity(a: &Assignment) -> Activity<Described<'_>> {
    Activity {
        object_type: "Activity",
        id: assignment_id(a),
        definition: Described {
            kind: ASSESSMENT,
            name: lang(&a.title),
            description: lang(&a.instructions),
        },
    }
}

fn choice_id(k: usize) -> String {
    format!("reply-{k}")
}

/// The statements of one attempt, in order: an `answered` per turn, then `completed` (or `terminated`).
pub fn attempt_statements<'a>(a: &AttemptView<'a>, out: &mut Vec<Statement<'a>>) {
    let t = a.transcript;
    let d = a.debrief;
    let vid = format!("{ACTIVITIES}vignettes/{}", segment(&t.vignette_id));
    let parents = || {
        a.assignment.map(|x| Parents {
            parent: [Activity {
                object_type: "Activity",
                id: assignment_id(x),
                definition: Named {
                    kind: ASSESSMENT,
                    name: lang(&x.title),
                },
            }],
        })
    };
    let started = timestamp(t.started_at);
    for (i, turn) in t.turns.iter().enumerate() {
        let decision = a.decisions.get(i);
        let point = a.points.iter().find(|p| p.node == turn.node);
        let prompt = if i == 0 {
            &t.opening
        } else {
            &t.turns[i - 1].reaction
        };
        let typed = turn.typed.as_ref();
        // A typed reply is a long fill-in answer to the decision (its own activity: an activity keeps one
        // definition); a chosen one answers the decision's choice interaction. Without the decision point's
        // replies only the one given is known; no correct answer is claimed then.
        let (activity, interaction_type, choices, best, response) = match typed {
            Some(r) => (
                format!("{vid}/decisions/{}/typed", segment(&turn.node)),
                "long-fill-in",
                Vec::new(),
                None,
                r.text.clone(),
            ),
            None => {
                let given = turn.reply_index.unwrap_or_default();
                let choices = match point {
                    Some(p) => p
                        .replies
                        .iter()
                        .enumerate()
                        .map(|(k, r)| Choice {
                            id: choice_id(k),
                            description: lang(r),
                        })
                        .collect(),
                    None => vec![Choice {
                        id: choice_id(given),
                        description: lang(&turn.said),
                    }],
                };
                let best = decision.filter(|_| point.is_some()).map(|d| d.best);
                (
                    format!("{vid}/decisions/{}", segment(&turn.node)),
                    "choice",
                    choices,
                    best,
                    choice_id(given),
                )
            }
        };
        out.push(Statement(Kind::Answered(Box::new(Stmt {
            id: statement_id(a.submission_id, Some(a.registration), Some(turn.turn)),
            actor: actor(a.pseudonym),
            verb: verb(ANSWERED),
            object: Activity {
                object_type: "Activity",
                id: activity,
                definition: Interaction {
                    kind: INTERACTION,
                    name: Lang {
                        en: Cow::Owned(format!("{}: {}", t.vignette_title, turn.node)),
                    },
                    description: lang(&prompt.text),
                    interaction_type,
                    choices,
                    correct: best.map(|b| [choice_id(b)]),
                },
            },
            result: TurnResult {
                response,
                success: best.map(|b| Some(b) == turn.reply_index),
                extensions: TurnResultExt {
                    codes: &turn.codes,
                    delta: &turn.delta,
                    alliance: &turn.after,
                    repaired: turn.repaired,
                    deepened: turn.deepened,
                    rupture: turn.reaction.rupture.map(|m| m.as_str()),
                    matched: typed.and_then(|r| r.matched).map(choice_id),
                    match_confidence: typed.map(|r| r.confidence),
                },
            },
            context: Context {
                registration: a.registration,
                platform: PLATFORM,
                language: LANG,
                context_activities: parents(),
                statement: None,
                extensions: TurnContextExt {
                    turn: turn.turn,
                    attempt: a.attempt,
                    offered: decision.map(|d| d.offered.iter().map(|k| choice_id(*k)).collect()),
                },
            },
            // The transcript does not time each turn: every answer carries the attempt's start; the `turn`
            // extension orders them.
            timestamp: started.clone(),
        }))));
    }

    let finished = t.status == Status::Finished;
    let w = &d.wai_sr;
    let (follow_up, continued_statement) = follow_up(t, a.submission_id);
    out.push(Statement(Kind::Attempt(Box::new(Stmt {
        id: statement_id(a.submission_id, Some(a.registration), None),
        actor: actor(a.pseudonym),
        verb: verb(if finished { COMPLETED } else { TERMINATED }),
        object: Activity {
            object_type: "Activity",
            id: vid,
            definition: Described {
                kind: SIMULATION,
                name: lang(&t.vignette_title),
                description: Lang {
                    en: Cow::Owned(format!("A simulated consultation with {}", t.patient_name)),
                },
            },
        },
        result: AttemptResult {
            score: Score {
                scaled: round4(
                    f64::from(w.total.clamp(WAI_MIN, WAI_MAX) - WAI_MIN)
                        / f64::from(WAI_MAX - WAI_MIN),
                ),
                raw: w.total,
                min: WAI_MIN,
                max: WAI_MAX,
            },
            completion: finished,
            success: a.verdict.map(|v| v.passed),
            duration: duration(a.duration_seconds),
            extensions: AttemptResultExt {
                wai_sr: w,
                alliance: StartEnd {
                    start: t.start,
                    end: t.current(),
                },
                ending: &t.ending,
                miti: &d.miti,
                ruptures: t
                    .ruptures
                    .iter()
                    .map(|r| RuptureOut {
                        marker: r.marker.as_str(),
                        kind: r.kind.as_str(),
                        turn: r.turn,
                        repaired_at: r.repaired_at,
                    })
                    .collect(),
                criteria: a.verdict.map(|v| v.checks.as_slice()),
            },
        },
        context: Context {
            registration: a.registration,
            platform: PLATFORM,
            language: LANG,
            context_activities: parents(),
            statement: continued_statement,
            extensions: AttemptContextExt {
                attempt: a.attempt,
                mode: t.mode.as_str(),
                seed: t.seed,
                submission: a.submission_id,
                follow_up,
            },
        },
        timestamp: timestamp(t.updated_at.max(t.started_at)),
    }))));
}

/// Every statement of a submission: each attempt's, then one for the assignment with the overall verdict
/// (`completed` when every vignette reached an ending, else `terminated`). With `file` (its name and the
/// submission as it was sealed, before any regrading) the assignment statement carries the file whole.
pub fn submission_statements<'a>(
    s: &'a Submission,
    file: Option<(&'a str, &'a Submission)>,
    out: &mut Vec<Statement<'a>>,
) {
    let mut last = s.submitted_at;
    let mut total_secs = 0;
    for v in &s.vignettes {
        for a in &v.attempts {
            total_secs += a.duration_seconds;
            last = last.max(a.transcript.updated_at);
            let view = AttemptView::submitted(
                &s.pseudonym,
                &s.assignment,
                &s.submission_id,
                a,
                &v.decision_points,
            );
            attempt_statements(&view, out);
        }
    }
    let complete = s.vignettes.iter().all(|v| {
        v.attempts
            .iter()
            .any(|a| a.transcript.status == Status::Finished)
    });
    out.push(Statement(Kind::Assignment(Box::new(Stmt {
        id: statement_id(Some(&s.submission_id), None, None),
        actor: actor(&s.pseudonym),
        verb: verb(if complete { COMPLETED } else { TERMINATED }),
        object: assignment_activity(&s.assignment),
        result: AssignmentResult {
            success: s.passed,
            completion: complete,
            duration: duration(total_secs),
            extensions: AssignmentResultExt {
                vignettes: s
                    .vignettes
                    .iter()
                    .map(|v| VignetteOut {
                        vignette: &v.vignette_id,
                        passed: v.passed,
                        attempts: v.attempts.len(),
                        reasons: &v.reasons,
                    })
                    .collect(),
                reasons: &s.reasons,
                file: file.map(|(name, sealed)| FileOut {
                    name,
                    sealed: envelope(sealed),
                }),
            },
        },
        context: Context {
            registration: &s.submission_id,
            platform: PLATFORM,
            language: LANG,
            context_activities: None,
            statement: None,
            extensions: SubmissionContextExt {
                submission: &s.submission_id,
            },
        },
        timestamp: timestamp(last),
    }))));
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_extension_key_is_in_the_documented_namespace() {
        let ext = TurnResultExt {
            codes: &[],
            delta: &Effects::default(),
            alliance: &AllianceState {
                bond: 0.0,
                goal: 0.0,
                task: 0.0,
                empathy: 0.0,
            },
            repaired: false,
            deepened: false,
            rupture: None,
            matched: Some("reply-0".to_owned()),
            match_confidence: Some(0.5),
        };
        let ctx = TurnContextExt {
            turn: 1,
            attempt: 1,
            offered: Some(Vec::new()),
        };
        let sub = SubmissionContextExt { submission: "x" };
        for v in [
            serde_json::to_value(&ext).unwrap(),
            serde_json::to_value(&ctx).unwrap(),
            serde_json::to_value(&sub).unwrap(),
        ] {
            for k in v.as_object().unwrap().keys() {
                assert!(k.starts_with(EXT), "{k}");
            }
        }
        assert_eq!(segment("a b/c"), "a%20b%2Fc");
    }
}
