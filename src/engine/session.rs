//! The session: one attempt at one vignette, stepped reply by reply with a seeded generator.
//! It scores through `scoring`, records into a `Transcript`, and never touches a file or a screen.

use std::sync::Arc;

use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg32;

use crate::classify::Classifier;
use crate::compile::turn;
use crate::engine::condition::View;
use crate::engine::continuation::{Continued, with_recap};
use crate::engine::facts::{self, FactAnswer};
use crate::engine::order::shown_order;
use crate::engine::rules::{self, beats};
use crate::engine::transcript::{
    Alternative, CompanionRecord, EndingRecord, FORMAT, PatientLine, RuleFired, RuptureRecord,
    Status, Transcript, TurnRecord,
};
use crate::engine::typed::{self, TypedReading};
use crate::scoring::{self, AllianceState, Context, Rubric, code_bit, reply_value};
use crate::vignette::compiled::{Condition, Reply, Turn, Vignette};
use crate::vignette::model::{Effects, Emotion, Person, ReactionTo};
use crate::vignette::{BehaviourCode, Target};

/// Practice shows the alliance and feedback after each reply; assessment only in the debrief.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Coach on, live meters.
    Practice,
    /// Feedback only at the end.
    Assessment,
}

impl Mode {
    /// `practice` or `assessment`.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Practice => "practice",
            Mode::Assessment => "assessment",
        }
    }

    /// Parses `practice` or `assessment`.
    pub fn parse(s: &str) -> Option<Mode> {
        match s {
            "practice" => Some(Mode::Practice),
            "assessment" => Some(Mode::Assessment),
            _ => None,
        }
    }
}

/// A reply the trainee can give now.
#[derive(Debug, Clone, PartialEq)]
pub struct Offered {
    /// Its index among the node's authored replies.
    pub index: usize,
    /// What the trainee would say.
    pub text: String,
}

/// What decides a session's future, from `Session::future_key`: compare and hash it to find two attempts
/// that, however they got there, can only go on the same way (the explorer memoises on it).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FutureKey(Vec<i64>);

/// Why a choice was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChoiceError {
    /// The session has reached an ending.
    Over,
    /// That reply is not on offer now.
    NotOffered(usize),
}

impl std::fmt::Display for ChoiceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChoiceError::Over => write!(f, "the consultation has ended"),
            ChoiceError::NotOffered(i) => write!(f, "reply {i} is not on offer at this point"),
        }
    }
}

impl std::error::Error for ChoiceError {}

/// What a front end needs after a reply: the record, and whether the consultation ended.
pub type TurnOutcome<'a> = &'a TurnRecord;

/// One attempt at a vignette.
#[derive(Debug, Clone)]
pub struct Session {
    vignette: Arc<Vignette>,
    rubric: Arc<Rubric>,
    rng: Pcg32,
    mode: Mode,
    state: AllianceState,
    at: Target,
    vars: Vec<i64>,
    visits: Vec<u32>,
    used_once: Vec<(usize, usize)>,
    rupture_depth: u32,
    earlier: Vec<Vec<BehaviourCode>>,
    session_codes: u32,
    /// Typed replies in a row that matched nothing at the current node.
    stalled: u32,
    shown: PatientLine,
    transcript: Transcript,
}

impl Session {
    /// Starts an attempt; `seed` fixes the patient's phrasings.
    pub fn new(vignette: Arc<Vignette>, rubric: Arc<Rubric>, seed: u64, mode: Mode) -> Session {
        Session::continuing(vignette, rubric, seed, mode, None)
    }

    /// Starts an attempt at a follow-up visit that continues the student's attempt at the first (`from`):
    /// from the alliance it carries (`Continued::start`), with its unrepaired rupture open, its carried
    /// variables and the patient's recap in the opening line. With `None`, the vignette's own `start:`.
    pub fn continuing(
        vignette: Arc<Vignette>,
        rubric: Arc<Rubric>,
        seed: u64,
        mode: Mode,
        from: Option<Continued>,
    ) -> Session {
        let start = from
            .as_ref()
            .map_or(vignette.patient.start, |c| c.start(vignette.patient.start));
        let placeholder = PatientLine {
            node: String::new(),
            text: String::new(),
            cue: String::new(),
            emotion: crate::vignette::model::Emotion::Neutral,
            rupture: None,
            talk: None,
            speaker: Person::Patient,
            alone: false,
        };
        let mut vars: Vec<i64> = vignette.variables.iter().map(|(_, v)| *v).collect();
        if let Some(c) = &from {
            for (i, (name, _)) in vignette.variables.iter().enumerate() {
                if let Some(x) = c.variables.get(name) {
                    vars[i] = *x;
                }
            }
        }
        let mut s = Session {
            rng: Pcg32::seed_from_u64(seed),
            mode,
            state: start,
            at: Target::Node(vignette.start),
            vars,
            visits: vec![0; vignette.nodes.len()],
            used_once: Vec::new(),
            rupture_depth: from.as_ref().map_or(0, |c| c.rupture_depth),
            earlier: Vec::new(),
            session_codes: 0,
            stalled: 0,
            shown: placeholder.clone(),
            transcript: Transcript {
                format: FORMAT.to_owned(),
                vignette_id: vignette.id.clone(),
                vignette_title: vignette.title.clone(),
                patient_name: vignette.patient.name.clone(),
                companion: vignette.companion.as_ref().map(|c| CompanionRecord {
                    name: c.name.clone(),
                    relation: c.relation.clone(),
                }),
                seed,
                mode,
                status: Status::InProgress,
                started_at: 0,
                updated_at: 0,
                start,
                opening: placeholder,
                turns: Vec::new(),
                // The rupture left open last time is open again, as at the opening (turn 0).
                ruptures: from
                    .as_ref()
                    .and_then(|c| c.open_rupture.clone())
                    .map(|r| RuptureRecord { turn: 0, ..r })
                    .into_iter()
                    .collect(),
                ending: None,
                continued: from,
                follows: vignette.follows.as_ref().map(|(id, _)| id.clone()),
                replay_of: None,
            },
            vignette,
            rubric,
        };
        s.visits[s.vignette.start] = 1;
        s.present();
        s.transcript.opening = s.shown.clone();
        s
    }

    /// Replays a saved transcript's replies to rebuild the session where it stopped.
    pub fn resume(
        vignette: Arc<Vignette>,
        rubric: Arc<Rubric>,
        saved: &Transcript,
    ) -> Result<Session, String> {
        if saved.vignette_id != vignette.id {
            return Err(format!(
                "the transcript is for `{}`, not `{}`",
                saved.vignette_id, vignette.id
            ));
        }
        let mut s = Session::continuing(
            vignette,
            rubric,
            saved.seed,
            saved.mode,
            saved.continued.clone(),
        );
        for t in &saved.turns {
            s.replay(t)?;
        }
        s.transcript.started_at = saved.started_at;
        s.transcript.updated_at = saved.updated_at;
        s.transcript.replay_of = saved.replay_of;
        Ok(s)
    }

    /// Marks this session as a replay of an earlier attempt (recorded in its transcript).
    pub fn mark_replay_of(&mut self, of: crate::engine::transcript::ReplayOf) {
        self.transcript.replay_of = Some(of);
    }

    /// The vignette being played.
    pub fn vignette(&self) -> &Arc<Vignette> {
        &self.vignette
    }

    /// The rubric scoring it.
    pub fn rubric(&self) -> &Arc<Rubric> {
        &self.rubric
    }

    /// Practice or assessment.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Every behaviour code given so far in the session, as a set (`scoring::code_bit`).
    pub fn session_codes(&self) -> u32 {
        self.session_codes
    }

    /// The alliance now.
    pub fn state(&self) -> AllianceState {
        self.state
    }

    /// The patient's line the trainee is answering (or the ending's last words).
    pub fn patient_line(&self) -> &PatientLine {
        &self.shown
    }

    /// True while the vignette's companion is in the room (false in a vignette without one): not at a node or
    /// ending marked `alone`.
    pub fn companion_present(&self) -> bool {
        self.vignette.companion.is_some() && !self.companion_away()
    }

    /// The companion has stepped out at the current node or ending.
    fn companion_away(&self) -> bool {
        self.vignette.companion.is_some()
            && match self.at {
                Target::Node(n) => self.vignette.nodes[n].alone,
                Target::Ending(e) => self.vignette.endings[e].alone,
            }
    }

    /// The feeling `who`'s portrait shows now: that of the last line they spoke (the opening, or a reaction),
    /// or their starting look if they have not spoken yet (the patient: neutral; the companion: their
    /// `start_emotion`).
    pub fn emotion_of(&self, who: Person) -> Emotion {
        let t = &self.transcript;
        std::iter::once(&self.shown)
            .chain(t.turns.iter().rev().map(|r| &r.reaction))
            .chain(std::iter::once(&t.opening))
            .find(|l| l.speaker == who && !l.text.is_empty())
            .map(|l| l.emotion)
            .unwrap_or(match (who, &self.vignette.companion) {
                (Person::Companion, Some(c)) => c.start_emotion,
                _ => Emotion::Neutral,
            })
    }

    /// True while a rupture is unrepaired.
    pub fn rupture_open(&self) -> bool {
        self.rupture_depth > 0
    }

    /// How many repairing replies the open rupture still needs (0: none is open).
    pub fn rupture_depth(&self) -> u32 {
        self.rupture_depth
    }

    /// The vignette's variables now, in the order they are declared.
    pub fn variables(&self) -> &[i64] {
        &self.vars
    }

    /// The id of the current node, or `None` once ended.
    pub fn node_id(&self) -> Option<&str> {
        match self.at {
            Target::Node(n) => Some(&self.vignette.nodes[n].id),
            Target::Ending(_) => None,
        }
    }

    /// The index of the current node, or `None` once ended.
    pub fn at_node(&self) -> Option<usize> {
        match self.at {
            Target::Node(n) => Some(n),
            Target::Ending(_) => None,
        }
    }

    /// True once an ending is reached.
    pub fn is_over(&self) -> bool {
        matches!(self.at, Target::Ending(_))
    }

    /// Everything so far.
    pub fn transcript(&self) -> &Transcript {
        &self.transcript
    }

    /// Marks the attempt as given up (it is still saved and reported).
    pub fn abandon(&mut self) {
        if !self.is_over() {
            self.transcript.status = Status::Abandoned;
        }
    }

    /// Records the wall-clock time (seconds since the epoch) of a save.
    pub fn stamp(&mut self, now: u64) {
        if self.transcript.started_at == 0 {
            self.transcript.started_at = now;
        }
        self.transcript.updated_at = now;
    }

    /// The replies on offer now, in the order they are shown: drawn from the session's seed, the node and the
    /// visit (`order::shown_order`), or as written where the author pinned it. Shown number `k` (1-based) is
    /// `offered()[k - 1]`; the same seed and replies always show the same order, resumed or replayed. Never
    /// empty before an ending: if every reply is gated off, all are offered, so a vignette can never strand a
    /// trainee.
    pub fn offered(&self) -> Vec<Offered> {
        let mut offered = self.on_offer();
        let places = self.shown_places();
        offered.sort_by_key(|o| places[o.index]);
        offered
    }

    /// The 1-based number reply `index` is shown as now, when it is on offer.
    pub fn shown_number(&self, index: usize) -> Option<usize> {
        self.number_among(&self.on_offer(), index)
    }

    /// The number reply `index` is shown as among `offered` (the replies on offer, in any order): one more than
    /// the replies on offer shown before it.
    fn number_among(&self, offered: &[Offered], index: usize) -> Option<usize> {
        if !offered.iter().any(|o| o.index == index) {
            return None;
        }
        let places = self.shown_places();
        Some(
            1 + offered
                .iter()
                .filter(|o| places[o.index] < places[index])
                .count(),
        )
    }

    /// Each authored reply's place in the order shown at the current node (`places[i]` for reply `i`; smaller
    /// is shown first): as written where the author pinned it, else drawn by `order::shown_order`.
    fn shown_places(&self) -> Vec<usize> {
        let Target::Node(n) = self.at else {
            return Vec::new();
        };
        let node = &self.vignette.nodes[n];
        let count = node.replies.len();
        if node.pinned {
            return (0..count).collect();
        }
        let mut places = vec![0; count];
        for (place, i) in shown_order(self.transcript.seed, n, self.visits[n], count)
            .into_iter()
            .enumerate()
        {
            places[i] = place;
        }
        places
    }

    /// The replies on offer now, in authored order: what scoring, "the best reply" and its ties go by, so
    /// they never depend on the order shown.
    fn on_offer(&self) -> Vec<Offered> {
        let Target::Node(n) = self.at else {
            return Vec::new();
        };
        let node = &self.vignette.nodes[n];
        let view = self.view();
        let passes = |&i: &usize| {
            let r = &node.replies[i];
            r.when.as_ref().is_none_or(|c| c.holds(&view))
                && !rules::spent(r, (n, i), &self.used_once)
        };
        rules::on_offer_exact(node.replies.len(), passes, |i| Offered {
            index: i,
            text: node.replies[i].text.clone(),
        })
    }

    /// The authored index of the best-scoring reply on offer (the first, on a tie).
    pub fn best_offered(&self) -> Option<usize> {
        let mut best: Option<(usize, f64)> = None;
        for o in self.on_offer() {
            let v = reply_value(&self.score_reply(o.index).delta);
            if best.is_none_or(|(_, b)| beats(v, b)) {
                best = Some((o.index, v));
            }
        }
        best.map(|(i, _)| i)
    }

    /// The value (`scoring::reply_value`) the reply with authored index `index` would score if given now,
    /// without giving it; `None` once ended or for an index the node does not have.
    pub fn value_of(&self, index: usize) -> Option<f64> {
        let Target::Node(n) = self.at else {
            return None;
        };
        (index < self.vignette.nodes[n].replies.len())
            .then(|| reply_value(&self.score_reply(index).delta))
    }

    /// Where the session is: a node, or the ending reached.
    pub fn at(&self) -> Target {
        self.at
    }

    /// True when a vignette condition holds in the session's state now.
    pub fn holds(&self, condition: &Condition) -> bool {
        condition.holds(&self.view())
    }

    /// Which of the current node's `variants` the patient's line was taken from (`None`: the default turn,
    /// or the session has ended). The variant was chosen before the line's own rupture marker opened or
    /// deepened the rupture, so that marker is taken back out of the test.
    pub fn shown_variant(&self) -> Option<usize> {
        let Target::Node(n) = self.at else {
            return None;
        };
        let own = rules::marker_weight(self.shown.rupture);
        let view = View {
            rupture_open: self.rupture_depth.saturating_sub(own) > 0,
            ..self.view()
        };
        rules::variant_exact(&self.vignette.nodes[n], |c| c.holds(&view))
    }

    /// A copy for looking ahead ("what if the trainee said…"): the same state, seed, variables and rupture,
    /// but without the transcript's turns and with only the recent replies the rubric's rules look back at,
    /// so a copy stays cheap however long the attempt is. The copy scores, offers and moves exactly as this
    /// session would; only its transcript is short (turn numbers in it restart).
    pub fn fork(&self) -> Session {
        let window = self.rubric.window();
        let keep = self.earlier.len().saturating_sub(window);
        Session {
            vignette: Arc::clone(&self.vignette),
            rubric: Arc::clone(&self.rubric),
            rng: self.rng.clone(),
            mode: self.mode,
            state: self.state,
            at: self.at,
            vars: self.vars.clone(),
            visits: self.visits.clone(),
            used_once: self.used_once.clone(),
            rupture_depth: self.rupture_depth,
            earlier: self.earlier[keep..].to_vec(),
            session_codes: self.session_codes,
            stalled: self.stalled,
            shown: self.shown.clone(),
            transcript: Transcript {
                format: self.transcript.format.clone(),
                vignette_id: self.transcript.vignette_id.clone(),
                vignette_title: self.transcript.vignette_title.clone(),
                patient_name: self.transcript.patient_name.clone(),
                companion: self.transcript.companion.clone(),
                seed: self.transcript.seed,
                mode: self.transcript.mode,
                status: self.transcript.status,
                started_at: self.transcript.started_at,
                updated_at: self.transcript.updated_at,
                start: self.transcript.start,
                opening: self.transcript.opening.clone(),
                turns: Vec::new(),
                ruptures: self.transcript.ruptures.clone(),
                ending: self.transcript.ending.clone(),
                continued: self.transcript.continued.clone(),
                follows: self.transcript.follows.clone(),
                replay_of: self.transcript.replay_of,
            },
        }
    }

    /// Everything that decides what can still happen from here: two sessions with equal keys offer the same
    /// replies, score them the same, move to the same places and finish with the same WAI-SR. `watched` are
    /// the node indices some condition tests with `visited`/`not_visited` (only whether they were visited
    /// counts); `with_empathy` is false when no condition tests empathy (it never reaches the WAI-SR, so it
    /// then cannot matter). At an ending only the ending, the alliance and whether a rupture is open count.
    /// Any field added to `Session` that changes scoring, offers or moves must be added here too.
    pub fn future_key(&self, watched: &[usize], with_empathy: bool) -> FutureKey {
        let tenths = |v: f64| (v * 10.0).round() as i64;
        let s = &self.state;
        let mut k = vec![
            match self.at {
                Target::Node(n) => n as i64,
                Target::Ending(e) => -1 - e as i64,
            },
            tenths(s.bond),
            tenths(s.goal),
            tenths(s.task),
            if with_empathy { tenths(s.empathy) } else { 0 },
        ];
        if self.is_over() {
            k.push(i64::from(self.rupture_depth > 0));
            return FutureKey(k);
        }
        k.push(i64::from(self.rupture_depth));
        k.push(i64::from(self.stalled));
        k.push(match self.shown.talk {
            None => 0,
            Some(crate::vignette::model::Talk::Change) => 1,
            Some(crate::vignette::model::Talk::Sustain) => 2,
        });
        // Only the codes some rule looks for in the session or among recent replies can change a score.
        let bits = |codes: &[BehaviourCode]| codes.iter().fold(0u32, |a, c| a | code_bit(*c));
        // The WAI-SR at the end looks at the session's codes too, so two sessions that used different ones can
        // end with different ratings.
        let session_mask = self.rubric.session_mask() | self.rubric.wai_sr_mask();
        let recent_mask = self.rubric.recent_mask();
        k.push(i64::from(self.session_codes & session_mask));
        let window = self.rubric.window();
        for back in 1..=window {
            let recent = self
                .earlier
                .len()
                .checked_sub(back)
                .map_or(-1, |i| i64::from(bits(&self.earlier[i]) & recent_mask));
            k.push(recent);
        }
        k.extend(&self.vars);
        k.extend(watched.iter().map(|&n| i64::from(self.visits[n] > 0)));
        // Kept sorted, each reply once (`rules::use_once`), so equal sets give equal keys.
        let once = &self.used_once;
        k.push(once.len() as i64);
        k.extend(once.iter().flat_map(|&(n, r)| [n as i64, r as i64]));
        FutureKey(k)
    }

    /// Gives the reply with authored index `index` at the current node.
    pub fn choose(&mut self, index: usize) -> Result<&TurnRecord, ChoiceError> {
        let Target::Node(n) = self.at else {
            return Err(ChoiceError::Over);
        };
        let offered = self.on_offer();
        let Some(shown) = self.number_among(&offered, index) else {
            return Err(ChoiceError::NotOffered(index));
        };
        let reply = &self.vignette.nodes[n].replies[index];
        let scored = self.score_reply(index);
        let chosen_value = reply_value(&scored.delta);
        let better = self
            .best_alternative(&offered, Some(index))
            .filter(|a| beats(reply_value(&a.delta), chosen_value));
        let step = Step {
            reply: Some(index),
            said: reply.text.clone(),
            codes: reply.codes.clone(),
            feedback: reply.feedback.clone(),
            scored,
            better,
            reaction: None,
            typed: None,
            shown: Some(shown),
        };
        Ok(self.advance(n, step))
    }

    /// Reads a typed reply against the replies on offer now, without giving it (`None` once ended).
    pub fn read(&self, text: &str, classifier: &Classifier) -> Option<TypedReading> {
        let Target::Node(n) = self.at else {
            return None;
        };
        let replies = &self.vignette.nodes[n].replies;
        let offered: Vec<typed::Offer> = self
            .on_offer()
            .iter()
            .map(|o| typed::Offer {
                index: o.index,
                text: replies[o.index].text.as_str(),
                also: replies[o.index].also.as_slice(),
                codes: replies[o.index].codes.as_slice(),
            })
            .collect();
        let mut reading =
            typed::read_offers(classifier, text, &self.shown.text, &offered, &self.rubric);
        reading.fact = self.fact_asked(&reading, &offered);
        if reading.fact.is_some() {
            // A question about the patient's life that the matched reply does not name is that question, not
            // the reply: the patient answers it and the decision stays open.
            reading.matched = None;
            reading.matched_text = None;
            reading.reaction = None;
        }
        if let Some(cue) = &self.vignette.nodes[n].cue {
            typed::attend_cue(&mut reading, cue);
        }
        Some(reading)
    }

    /// The patient's answer when a typed reply asks about one of their facts (a question, by its codes or its
    /// '?', naming a topic's word) and no written reply on offer that names the topic matched it: full to an
    /// open question, short to a closed one, guarded while the bond is below the fact's level. A reply with a
    /// straining code (a judgement in the same breath) gets the patient's reaction to that instead.
    fn fact_asked(&self, reading: &TypedReading, offered: &[typed::Offer]) -> Option<FactAnswer> {
        let facts = &self.vignette.patient.facts;
        if facts.is_empty() {
            return None;
        }
        if let Some(ReactionTo::Code(code)) = typed::reaction_of(&reading.codes, &self.rubric)
            && self.rubric.codes.get(&code).map_or(0.0, reply_value) <= typed::STRAINING_VALUE
        {
            return None;
        }
        let sure = |code: BehaviourCode| {
            reading
                .codes
                .iter()
                .filter(|r| r.code == code && r.confidence >= typed::MIN_CODE_CONFIDENCE)
                .map(|r| r.confidence)
                .fold(0.0f32, f32::max)
        };
        let (open, closed) = (
            sure(BehaviourCode::OpenQuestion),
            sure(BehaviourCode::ClosedQuestion),
        );
        if open == 0.0 && closed == 0.0 && !reading.text.contains('?') {
            return None;
        }
        let i = facts::topic_asked(facts, &reading.text)?;
        let names_topic = |o: &typed::Offer| {
            std::iter::once(o.text)
                .chain(o.also.iter().map(String::as_str))
                .any(|t| facts::topic_asked(&facts[i..=i], t).is_some())
        };
        if let Some(m) = reading.matched
            && offered.iter().any(|o| o.index == m && names_topic(o))
        {
            return None;
        }
        Some(facts::answer(&facts[i], open > closed, self.state.bond))
    }

    /// Gives a reply in the trainee's own words, read by the shipped classifier.
    pub fn say(&mut self, text: &str) -> Result<&TurnRecord, ChoiceError> {
        self.say_with(text, Classifier::shipped())
    }

    /// Gives a reply in the trainee's own words, read by `classifier`. A confident match follows that authored
    /// reply's branch; otherwise the patient reacts to what the reply did and the decision stays open. Either
    /// way the alliance moves by the codes read, through the rubric.
    pub fn say_with(
        &mut self,
        text: &str,
        classifier: &Classifier,
    ) -> Result<&TurnRecord, ChoiceError> {
        let reading = self.read(text, classifier).ok_or(ChoiceError::Over)?;
        self.apply_reading(reading)
    }

    /// Gives a typed reply as already read (a resumed transcript replays its readings, so a changed classifier
    /// cannot change a saved attempt).
    pub fn apply_reading(&mut self, mut reading: TypedReading) -> Result<&TurnRecord, ChoiceError> {
        let Target::Node(n) = self.at else {
            return Err(ChoiceError::Over);
        };
        let offered = self.on_offer();
        if let Some(i) = reading.matched
            && !offered.iter().any(|o| o.index == i)
        {
            return Err(ChoiceError::NotOffered(i));
        }
        let vignette = Arc::clone(&self.vignette);
        let node = &vignette.nodes[n];
        let codes = reading.code_list();
        let (effects, feedback, reaction) = match (reading.matched, &reading.fact) {
            (None, Some(answer)) => {
                reading.authored_effects = false;
                let fact = vignette
                    .patient
                    .facts
                    .iter()
                    .find(|f| f.topic == answer.topic);
                (
                    Effects::default(),
                    format!(
                        "You asked about {}: no written reply here asks that, so {} answered from what they know of their own life, and this moment stays open. The alliance moved by what your question did.",
                        answer.topic.replace('_', " "),
                        vignette.patient.name
                    ),
                    Some(facts::line(answer, fact)),
                )
            }
            (Some(i), _) => {
                let reply = &node.replies[i];
                // The authored effects are about what that reply does; they follow only when the typed reply
                // was read as doing all of it.
                reading.authored_effects = reply.codes.iter().all(|c| codes.contains(c));
                let mut feedback = reply.feedback.clone();
                if !reading.authored_effects {
                    feedback.push_str(&format!(
                        " (Your own words were read as {}, where this reply is {}: the alliance moved by what your words did.)",
                        list(&codes),
                        list(&reply.codes)
                    ));
                }
                let effects = if reading.authored_effects {
                    reply.effects
                } else {
                    Effects::default()
                };
                (effects, feedback, None)
            }
            (None, None) => {
                let key = reading.reaction.unwrap_or(ReactionTo::Unclear);
                reading.reaction = Some(key);
                reading.authored_effects = false;
                let principle = self
                    .rubric
                    .reactions
                    .get(&key)
                    .map_or("", |r| r.principle.as_str());
                // The codes read are shown beside it (report::Reading), so the feedback is the principle.
                (
                    Effects::default(),
                    principle.to_owned(),
                    Some(self.reaction(n, key)),
                )
            }
        };
        // Only a reply that matched nothing adds to a stall; a match moves the conversation on.
        let ctx = Context {
            stalled: if reading.matched.is_none() {
                self.stalled
            } else {
                0
            },
            ..self.context()
        };
        let scored = scoring::score(&self.rubric, &codes, &effects, &ctx);
        let best = self.best_alternative(&offered, None);
        let better = best
            .clone()
            .filter(|b| beats(reply_value(&b.delta), reply_value(&scored.delta)));
        reading.best = best;
        let step = Step {
            reply: reading.matched,
            said: reading.text.clone(),
            codes,
            feedback,
            scored,
            better,
            reaction,
            typed: Some(reading),
            shown: None,
        };
        Ok(self.advance(n, step))
    }

    /// Gives a recorded turn again, as it was given: by index, or as a typed reply with its recorded reading.
    pub fn replay(&mut self, t: &TurnRecord) -> Result<&TurnRecord, String> {
        if self.node_id() != Some(t.node.as_str()) {
            return Err(format!(
                "turn {}: the vignette has changed since this attempt (expected node `{}`)",
                t.turn, t.node
            ));
        }
        let given = match (&t.typed, t.reply_index) {
            (Some(r), _) => self.apply_reading(r.clone()),
            (None, Some(i)) => self.choose(i),
            (None, None) => {
                return Err(format!(
                    "turn {}: neither a reply index nor a typed reply",
                    t.turn
                ));
            }
        };
        given.map_err(|e| format!("turn {}: {e}", t.turn))
    }

    /// The patient's reaction to an unmatched typed reply: the node's own, else the vignette's, else the
    /// rubric's generic one (the rubric has one for every key, checked when it loads).
    fn reaction(&self, n: usize, key: ReactionTo) -> Turn {
        self.vignette.nodes[n]
            .reactions
            .get(&key)
            .or_else(|| self.vignette.reactions.get(&key))
            .cloned()
            .or_else(|| self.rubric.reactions.get(&key).map(|r| turn(&r.patient)))
            .unwrap_or_else(|| Turn {
                say: vec!["Sorry?".to_owned()],
                cue: "looks at you, waiting".to_owned(),
                emotion: crate::vignette::model::Emotion::Neutral,
                rupture: None,
                talk: None,
                speaker: Person::Patient,
            })
    }

    /// The best-scoring authored reply among `offered` (the last of equals), leaving out `except`.
    fn best_alternative(&self, offered: &[Offered], except: Option<usize>) -> Option<Alternative> {
        let node = match self.at {
            Target::Node(n) => &self.vignette.nodes[n],
            Target::Ending(_) => return None,
        };
        offered
            .iter()
            .filter(|o| Some(o.index) != except)
            .map(|o| (o.index, self.score_reply(o.index)))
            .max_by(|a, b| reply_value(&a.1.delta).total_cmp(&reply_value(&b.1.delta)))
            .map(|(i, s)| {
                let alt = &node.replies[i];
                Alternative {
                    said: alt.text.clone(),
                    codes: alt.codes.clone(),
                    feedback: alt.feedback.clone(),
                    delta: s.delta,
                }
            })
    }

    /// Applies a scored step at node `n`: the alliance, the rupture, the reply's variables and branch (or the
    /// fallback reaction, staying at `n`), and the transcript.
    fn advance(&mut self, n: usize, step: Step) -> &TurnRecord {
        let vignette = Arc::clone(&self.vignette);
        let scored = &step.scored;
        let before = self.state;
        self.state.apply(&scored.delta);
        let turn = self.transcript.turns.len() as u32 + 1;
        let rupture = rules::after_reply(self.rupture_depth, scored.repairs, scored.deepens);
        self.rupture_depth = rupture.depth;
        let repaired = rupture.repaired;
        if rupture.mended
            && let Some(r) = self.transcript.ruptures.last_mut()
        {
            r.repaired_at = Some(turn);
        }
        let reply = step.reply.map(|i| (i, &vignette.nodes[n].replies[i]));
        if let Some((i, reply)) = reply {
            rules::apply_variables(reply, &mut self.vars);
            rules::use_once(reply, (n, i), &mut self.used_once);
        }
        self.stalled = if step.reply.is_some() {
            0
        } else {
            self.stalled + 1
        };
        self.session_codes |= step.codes.iter().fold(0, |acc, c| acc | code_bit(*c));
        self.earlier.push(step.codes.clone());

        let view = self.view();
        let target = reply
            .and_then(|(_, reply)| rules::destination_exact(reply, |c| c.holds(&view)))
            .unwrap_or(Target::Node(n));
        let decided_by = match (target, reply) {
            (Target::Ending(_), Some((_, reply))) => passed_over(&vignette, reply, &view),
            _ => Vec::new(),
        };
        self.at = target;
        match &step.reaction {
            // A fallback reaction: the patient answers what the reply did and the decision stays open.
            Some(reaction) => self.show(&vignette.nodes[n].id, reaction, turn),
            None => {
                if let Target::Node(next) = target {
                    self.visits[next] = self.visits[next].saturating_add(1);
                }
                self.present_after(turn);
            }
        }
        if let Target::Ending(e) = target {
            let ending = &vignette.endings[e];
            self.transcript.ending = Some(EndingRecord {
                id: ending.id.clone(),
                title: ending.title.clone(),
                outcome: ending.outcome,
                meaning: ending.meaning.clone(),
                decided_by,
            });
            self.transcript.status = Status::Finished;
        }
        let delta = self.state.since(&before);
        let deepened = scored.deepens && self.rupture_depth > 0;
        let rules = scored
            .rules
            .iter()
            .map(|id| RuleFired {
                id: id.clone(),
                explain: self
                    .rubric
                    .rule(id)
                    .map(|r| r.explain.clone())
                    .unwrap_or_default(),
            })
            .collect();
        self.transcript.turns.push(TurnRecord {
            turn,
            node: vignette.nodes[n].id.clone(),
            reply_index: step.reply,
            said: step.said,
            codes: step.codes,
            feedback: step.feedback,
            rules,
            delta,
            after: self.state,
            repaired,
            deepened,
            reaction: self.shown.clone(),
            better: step.better,
            typed: step.typed,
            shown_as: step.shown,
            to: reply.map(|(_, r)| r.to).unwrap_or_default(),
        });
        // The vector was just pushed to, so `last` is always Some.
        self.transcript
            .turns
            .last()
            .expect("a turn was just recorded")
    }

    /// The context an authored or matched reply is scored in (a stall counts only for an unmatched typed reply).
    fn context(&self) -> Context<'_> {
        Context {
            earlier: &self.earlier,
            session_codes: self.session_codes,
            rupture_open: self.rupture_depth > 0,
            after_talk: self.shown.talk,
            stalled: 0,
            phase: match self.at {
                Target::Node(n) => self.vignette.nodes[n].phase,
                Target::Ending(_) => None,
            },
            limit_stated: match self.at {
                Target::Node(n) => self.vignette.nodes[n].limit.is_some(),
                Target::Ending(_) => false,
            },
        }
    }

    fn score_reply(&self, index: usize) -> scoring::Scored {
        let Target::Node(n) = self.at else {
            unreachable!("score_reply is only called at a node")
        };
        let reply = &self.vignette.nodes[n].replies[index];
        scoring::score(&self.rubric, &reply.codes, &reply.effects, &self.context())
    }

    fn view(&self) -> View<'_> {
        View {
            state: &self.state,
            rupture_open: self.rupture_depth > 0,
            visits: &self.visits,
            vars: &self.vars,
            continued: self.transcript.continued.is_some(),
        }
    }

    /// Shows the opening line: with the patient's recap of last time when the visit continues the first.
    fn present(&mut self) {
        let vignette = Arc::clone(&self.vignette);
        let recap = self
            .transcript
            .continued
            .as_ref()
            .and_then(|c| c.recap(&vignette));
        let (Some(recap), Target::Node(n)) = (recap, self.at) else {
            return self.present_after(0);
        };
        let node = &vignette.nodes[n];
        let view = self.view();
        let variant = rules::variant_exact(node, |c| c.holds(&view));
        let opening = with_recap(
            variant.map_or(&node.patient, |i| &node.variants[i].1),
            recap,
        );
        self.show(&node.id, &opening, 0);
    }

    /// Shows the patient's line at the current place.
    fn present_after(&mut self, turn: u32) {
        let vignette = Arc::clone(&self.vignette);
        let (id, turn_spec): (&str, &Turn) = match self.at {
            Target::Node(n) => {
                let node = &vignette.nodes[n];
                let view = self.view();
                let variant = rules::variant_exact(node, |c| c.holds(&view));
                let spec = variant.map_or(&node.patient, |i| &node.variants[i].1);
                (&node.id, spec)
            }
            Target::Ending(e) => (&vignette.endings[e].id, &vignette.endings[e].patient),
        };
        self.show(id, turn_spec, turn);
    }

    /// Shows `turn_spec` as the patient's line for `id`; a rupture marker in it opens (or deepens) a rupture.
    fn show(&mut self, id: &str, turn_spec: &Turn, turn: u32) {
        // Always draw one number, so a replay consumes the generator exactly as the original did.
        let pick = self.rng.random_range(0..turn_spec.say.len().max(1) as u32) as usize;
        self.shown = PatientLine {
            node: id.to_owned(),
            text: turn_spec.say.get(pick).cloned().unwrap_or_default(),
            cue: turn_spec.cue.clone(),
            emotion: turn_spec.emotion,
            rupture: turn_spec.rupture,
            talk: turn_spec.talk,
            speaker: turn_spec.speaker,
            alone: self.companion_away(),
        };
        if let Some(marker) = turn_spec.rupture {
            if self.rupture_depth == 0 {
                self.transcript.ruptures.push(RuptureRecord {
                    marker,
                    kind: marker.kind(),
                    turn,
                    patient_said: self.shown.text.clone(),
                    repaired_at: None,
                });
            }
            // A marker opens a rupture, or deepens the one open, by its kind's weight.
            self.rupture_depth += rules::rupture_weight(marker.kind());
        }
    }
}

/// One reply about to be applied (`Session::advance`).
struct Step {
    /// The authored reply whose variables and branch apply; `None` for an unmatched typed reply.
    reply: Option<usize>,
    said: String,
    codes: Vec<BehaviourCode>,
    feedback: String,
    scored: scoring::Scored,
    better: Option<Alternative>,
    /// The fallback reaction to show, staying at the node.
    reaction: Option<Turn>,
    typed: Option<TypedReading>,
    /// The number the chosen reply was shown as (`None` for a typed reply).
    shown: Option<usize>,
}

/// "open question, complex reflection".
fn list(codes: &[BehaviourCode]) -> String {
    codes
        .iter()
        .map(|c| c.as_str().replace('_', " "))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why `reply` did not lead to the endings its earlier branches name: each such branch's unmet conditions, in
/// words, up to the branch taken (the rules of play take the first branch that holds).
fn passed_over(vignette: &Vignette, reply: &Reply, view: &View) -> Vec<String> {
    let mut out = Vec::new();
    for (condition, target, _) in &reply.dest {
        let Some(condition) = condition else { break };
        if condition.holds(view) {
            break;
        }
        if let Target::Ending(e) = target {
            let unmet = condition.unmet(view, vignette);
            if !unmet.is_empty() {
                out.push(format!(
                    "“{}” needs {}",
                    vignette.endings[*e].title,
                    unmet.join("; and ")
                ));
            }
        }
    }
    out
}
