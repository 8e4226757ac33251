//! From a reply to codes: split into clauses, score each with the model, find cues, decide each clause's kind
//! and merge the codes into one classification. Per-clause readings live in `context`, word lists in rules.yaml.

use super::context::{Clause, Codes, Context, explained_by_cue, leading_question, open_leaning};
use super::features;
use super::model::Model;
use super::rules::{Group, Hit, Rules};
use super::text::{Prepared, Sentence};
use super::{Analysis, BehaviourCode as C, Classification, Classifier, MainBehaviour as M};

fn empty(sentences: usize, open: f32, complex: f32) -> Analysis {
    Analysis {
        classification: Classification {
            main: M::Other,
            main_confidence: 1.0,
            codes: Vec::new(),
            sentences,
        },
        open,
        complex,
    }
}

/// Main behaviour from model probabilities plus rule votes, and its share of the total.
fn decide(probs: &[f32], votes: &[f32; 4]) -> (M, f32) {
    let adjusted: Vec<f32> = probs.iter().zip(votes).map(|(p, v)| p + v).collect();
    let total: f32 = adjusted.iter().sum();
    let (k, best) =
        adjusted.iter().enumerate().fold(
            (3, f32::MIN),
            |acc, (k, &a)| if a > acc.1 { (k, a) } else { acc },
        );
    (M::ALL[k], if total > 0.0 { best / total } else { 0.0 })
}

/// A statement in the clinician's own words: it does not speak of the patient (no "you") or it speaks of the
/// clinician ("I'm just being honest"), names no feeling and holds no reflection cue, and most of its content
/// words are not the patient's. MITI 4.2.1: a reflection captures what the client said or meant; such a
/// statement is the clinician's information or opinion ("That foot won't fix a socket that slips").
fn own_content(
    rules: &Rules,
    sentence: &Sentence,
    hits: &[Hit],
    lead: usize,
    prev_words: &std::collections::HashSet<&str>,
) -> bool {
    const SECOND_PERSON: [&str; 5] = ["you", "your", "yours", "yourself", "yourselves"];
    if rules.own_content_hint <= 0.0 || prev_words.is_empty() {
        return false;
    }
    let words = &sentence.words;
    let of_clinician = words.get(lead).is_some_and(|w| w == "i");
    if !of_clinician && words.iter().any(|w| SECOND_PERSON.contains(&w.as_str())) {
        return false;
    }
    let reflective = hits.iter().any(|h| match h.group {
        Group::Feeling | Group::Complex => true,
        Group::Cue(i) => rules.cues[i].code.is_reflection(),
        _ => false,
    });
    if reflective {
        return false;
    }
    let content: Vec<&String> = words.iter().filter(|w| !features::is_stop(w)).collect();
    let new = content
        .iter()
        .filter(|w| !prev_words.contains(w.as_str()))
        .count();
    content.len() >= 2 && new * 5 >= content.len() * 3
}

/// Cuts run-on sentences where a question starts ("sounds hard what helps you").
fn clauses(rules: &Rules, reply: &Prepared) -> Vec<Sentence> {
    let mut out = Vec::new();
    for s in &reply.sentences {
        let cuts = rules.question_form.run_on_cuts(&s.words);
        if cuts.is_empty() {
            out.push(s.clone());
            continue;
        }
        let bounds: Vec<usize> = std::iter::once(0)
            .chain(cuts)
            .chain(std::iter::once(s.words.len()))
            .collect();
        for (i, pair) in bounds.windows(2).enumerate() {
            let (a, b) = (pair[0], pair[1]);
            let last = i + 2 == bounds.len();
            let r0 = s.raw_of[a];
            let r1 = if b < s.words.len() {
                s.raw_of[b]
            } else {
                s.raw_words.len()
            };
            out.push(Sentence {
                words: s.words[a..b].to_vec(),
                raw_words: s.raw_words[r0..r1.max(r0)].to_vec(),
                raw_of: s.raw_of[a..b].iter().map(|r| r - r0).collect(),
                question_mark: last && s.question_mark,
                exclaim: last && s.exclaim,
                dash_start: i == 0 && s.dash_start,
                dash_end: last && s.dash_end,
            });
        }
    }
    out
}

/// Drops a directive cue hit lying inside a longer cue hit for another code ("you should" inside "you should be
/// proud"); other hits stand ("how do you think I can" seeks collaboration inside a longer goal question).
fn drop_nested(rules: &Rules, hits: Vec<Hit>) -> Vec<Hit> {
    let code = |h: &Hit| match h.group {
        Group::Cue(i) => Some(rules.cues[i].code),
        _ => None,
    };
    let keep: Vec<bool> = hits
        .iter()
        .map(|h| {
            !matches!(
                code(h),
                Some(C::Persuade | C::Confront | C::Judging | C::GivingInformation)
            ) || !hits.iter().any(|o| {
                code(o).is_some()
                    && code(o) != code(h)
                    && o.start <= h.start
                    && h.end <= o.end
                    && o.end - o.start > h.end - h.start
            })
        })
        .collect();
    hits.into_iter()
        .zip(keep)
        .filter_map(|(h, k)| k.then_some(h))
        .collect()
}

/// Drops a vice cue (persuade, confront, judging, premature reassurance) that follows a frame reporting or denying
/// it in the same clause: "You feel you have to drink to cope", "I'm not saying you need to stop", "people think
/// you're lazy" say what the patient feels or hears, not what the clinician says.
fn drop_reported(rules: &Rules, hits: Vec<Hit>) -> Vec<Hit> {
    let frames: Vec<usize> = hits
        .iter()
        .filter(|h| h.group == Group::Reported)
        .map(|h| h.end)
        .collect();
    hits.into_iter()
        .filter(|h| {
            !matches!(h.group, Group::Cue(i) if matches!(
                rules.cues[i].code,
                C::Persuade | C::Confront | C::Judging | C::PrematureReassurance
            ) && frames.iter().any(|&end| end <= h.start))
        })
        .collect()
}

/// Drops an affirm cue with a negation its phrase does not hold in it or in the two words before it ("you are not
/// very good at it", "you have never worked that hard"): praise denied is not praise.
fn drop_negated(rules: &Rules, words: &[String], hits: Vec<Hit>) -> Vec<Hit> {
    const NEGATIONS: [&str; 2] = ["not", "never"];
    hits.into_iter()
        .filter(|h| {
            !matches!(h.group, Group::Cue(i) if rules.cues[i].code == C::Affirm
            && words[h.start.saturating_sub(2)..h.end].iter().any(|w| {
                NEGATIONS.contains(&w.as_str()) && !h.phrase.split_whitespace().any(|p| p == w)
            }))
        })
        .collect()
}

/// An affirmation in words no cue names (MITI 4.2.1: something positive of the client): a strength, effort or
/// achievement word (rules.yaml `affirm_rule.strengths`, from the VIA character strengths) whose subject is the
/// patient ("you've been so determined", "your persistence", "that took guts"), in a statement. Not in a question,
/// after a reporting frame or a persuade, confront or judging cue, with a demand or report word between subject
/// and strength ("you need to be more disciplined", "you worry you're weak"), or when the nearest person before it
/// is someone else ("your daughter is brave"). Negation is left to `drop_negated`. Returns an affirm cue hit
/// spanning subject to strength.
fn attributed_strength(
    rules: &Rules,
    words: &[String],
    hits: &[Hit],
    question: bool,
) -> Option<Hit> {
    let ar = &rules.affirm_rule;
    let cue = ar.cue?;
    if question {
        return None;
    }
    let vice = |h: &Hit| match h.group {
        Group::Reported => true,
        Group::Cue(i) => matches!(rules.cues[i].code, C::Persuade | C::Confront | C::Judging),
        _ => false,
    };
    hits.iter()
        .filter(|s| s.group == Group::Strength)
        .filter(|s| {
            !hits.iter().any(|o| {
                (o.group == Group::NotStrength && o.start < s.end && s.start < o.end)
                    || (vice(o) && o.start < s.start)
            })
        })
        .find_map(|s| {
            let subject = (0..s.start).rev().take(ar.max_gap + 1).find_map(|i| {
                let w = words[i].as_str();
                let gap = s.start - i - 1;
                if ar.patient.contains(w) {
                    Some(Some(i))
                } else if ar.owner.contains(w) || ar.others.contains(w) {
                    Some((ar.owner.contains(w) && gap <= 1).then_some(i))
                } else if ar.pointer.contains(w)
                    && words
                        .get(i + 1)
                        .is_some_and(|v| ar.pointer_verbs.contains(v))
                {
                    Some(Some(i))
                } else {
                    None
                }
            })??;
            let between = &words[subject + 1..s.start];
            let cancelled = ar
                .cancelled_by
                .iter()
                .any(|c| between.windows(c.len()).any(|w| w == c.as_slice()));
            (!cancelled).then(|| Hit {
                group: Group::Cue(cue),
                phrase: format!("{} (a strength said of the patient)", s.phrase),
                start: subject,
                end: s.end,
                typos: s.typos.clone(),
            })
        })
}

/// Analyses one reply; see [`Classifier::analyse`].
pub(super) fn analyse(c: &Classifier, text: &str, prev: Option<&str>) -> Analysis {
    let (rules, model) = (&c.rules, &c.model);
    let reply = rules.normaliser.prepare(text);
    let prev = prev
        .map(|p| rules.normaliser.prepare(p))
        .filter(|p| !p.sentences.is_empty());
    let n_sent = reply.sentences.len();
    if n_sent == 0 {
        return empty(0, 0.5, 0.5);
    }
    let nonsense = !rules.known.is_empty()
        && !reply.sentences.iter().any(|s| s.question_mark)
        && !reply.words().any(|w| rules.known.contains(w));
    if nonsense {
        return empty(n_sent, 0.5, 0.5);
    }
    let cfg = model.config;
    let utt = model.scores(&features::extract(cfg, &reply, prev.as_ref()));
    let utt_main = Model::probs(&utt, 0);
    let prev_words: std::collections::HashSet<&str> = prev.iter().flat_map(|p| p.words()).collect();
    let patient_asked = prev
        .as_ref()
        .and_then(|p| p.sentences.last())
        .is_some_and(|s| s.question_mark);
    let parts = clauses(rules, &reply);
    let single = parts.len() == 1;
    let mut clauses: Vec<Clause> = parts
        .into_iter()
        .map(|sentence| {
            let lead = sentence
                .words
                .iter()
                .take_while(|w| rules.fillers.contains(w.as_str()))
                .count();
            let opens_question = rules.question_form.opens_question(&sentence.words, lead);
            let mut found = rules.find(&sentence.words, &sentence.raw_words, &sentence.raw_of);
            let question = opens_question || sentence.question_mark;
            if let Some(h) = attributed_strength(rules, &sentence.words, &found, question) {
                found.push(h);
            }
            let hits = drop_reported(
                rules,
                drop_nested(rules, drop_negated(rules, &sentence.words, found)),
            );
            let scores = if single {
                utt
            } else {
                let one = Prepared {
                    sentences: vec![sentence.clone()],
                    ..Prepared::default()
                };
                model.scores(&features::extract(cfg, &one, prev.as_ref()))
            };
            let mut votes = [0f32; 4];
            for h in &hits {
                if let Group::Cue(i) = h.group
                    && let Some(m) = rules.cues[i].main
                {
                    votes[m.index()] =
                        votes[m.index()].max(rules.vote_weight * rules.cues[i].weight);
                }
            }
            // A clinical term the patient did not use is the clinician's information, not a reflection of theirs.
            let own_term = hits.iter().any(|h| {
                h.group == Group::Jargon
                    && !sentence.words[h.start..h.end]
                        .iter()
                        .all(|w| prev_words.contains(w.as_str()))
            });
            if own_term && !sentence.question_mark {
                votes[2] = votes[2].max(1.0);
            }
            if opens_question {
                votes[0] = votes[0].max(rules.vote_weight);
            } else if patient_asked && !sentence.question_mark {
                // A statement answering the patient's question is mostly information.
                votes[2] = votes[2].max(rules.vote_weight * rules.answer_hint);
            }
            if !opens_question
                && !sentence.question_mark
                && own_content(rules, &sentence, &hits, lead, &prev_words)
            {
                votes[2] = votes[2].max(rules.vote_weight * rules.own_content_hint);
            }
            Clause {
                probs: Model::probs(&scores, 0),
                open: Model::probs(&scores, 1)[0],
                complex: Model::probs(&scores, 2)[1],
                sentence,
                hits,
                votes,
            }
        })
        .collect();
    let mut utt_votes = [0f32; 4];
    for cl in &clauses {
        for (u, v) in utt_votes.iter_mut().zip(cl.votes) {
            *u = u.max(v);
        }
    }
    let (main, main_confidence) = decide(&utt_main, &utt_votes);
    let mut open_reading = Model::probs(&utt, 1)[0];
    let mut complex_reading = Model::probs(&utt, 2)[1];
    let kinds: Vec<(M, f32)> = clauses
        .iter()
        .map(|cl| decide(&cl.probs, &cl.votes))
        .collect();
    // The only question of a reply takes the open/closed leaning read from the whole reply, as the model was
    // trained (cross-validation: open/closed macro-F1 0.73 against 0.70 from the clause alone). Every reflection
    // takes the whole reply's simple/complex leaning, then its own nudges (`depth_leaning`): cross-validation
    // against AnnoMI's coders, kappa 0.152 against 0.132 from the clause alone (docs/classifier.md).
    if kinds.iter().filter(|k| k.0 == M::Question).count() == 1 {
        let i = kinds.iter().position(|k| k.0 == M::Question).unwrap_or(0);
        clauses[i].open = open_reading;
    }
    for (cl, k) in clauses.iter_mut().zip(&kinds) {
        if k.0 == M::Reflection {
            cl.complex = complex_reading;
        }
    }
    let ctx = Context::new(rules, &clauses, prev.as_ref());
    let mut codes = Codes::default();
    for (ci, (cl, &(kind, kconf))) in clauses.iter().zip(&kinds).enumerate() {
        let model_ev = format!("model: {} {:.2}", kind.as_str(), cl.probs[kind.index()]);
        match kind {
            M::Question if leading_question(rules, cl) => {}
            M::Question => {
                let (p, mut ev) = open_leaning(cl, rules.nudges.question_form);
                open_reading = p;
                ev.push(model_ev);
                let code = if p >= 0.5 {
                    C::OpenQuestion
                } else {
                    C::ClosedQuestion
                };
                codes.add(code, kconf * p.max(1.0 - p), ev);
            }
            M::Reflection | M::TherapistInput if explained_by_cue(rules, cl) => {}
            M::Reflection => {
                let (p, mut ev) = ctx.depth_leaning(cl);
                complex_reading = p;
                ev.push(model_ev);
                let code = if p >= 0.5 {
                    C::ComplexReflection
                } else {
                    C::SimpleReflection
                };
                codes.add(code, kconf * p.max(1.0 - p), ev);
            }
            M::TherapistInput => codes.add(C::GivingInformation, kconf, vec![model_ev]),
            M::Other => {}
        }
        ctx.cue_codes(ci, cl, kind == M::Question, &mut codes);
    }
    if main == M::Reflection
        && reply.word_count() >= 35
        && clauses.len() >= 3
        && !codes.has(C::Summarise)
    {
        codes.add(
            C::Summarise,
            0.5,
            vec!["a long reflection gathering several things the patient said".into()],
        );
    }
    let (main, main_confidence) =
        consistent_main(main, main_confidence, &codes, rules.follow_codes_below);
    let family_ev = format!(
        "model: {} {:.2} for the whole reply",
        main.as_str(),
        utt_main[main.index()]
    );
    // The main behaviour's own code, only when nothing more specific was read.
    match main {
        _ if !codes.0.is_empty() => {}
        M::Question => {
            let code = if open_reading >= 0.5 {
                C::OpenQuestion
            } else {
                C::ClosedQuestion
            };
            codes.add(
                code,
                main_confidence * open_reading.max(1.0 - open_reading),
                vec![family_ev],
            );
        }
        M::Reflection => {
            let code = if complex_reading >= 0.5 {
                C::ComplexReflection
            } else {
                C::SimpleReflection
            };
            codes.add(
                code,
                main_confidence * complex_reading.max(1.0 - complex_reading),
                vec![family_ev],
            );
        }
        M::TherapistInput => codes.add(C::GivingInformation, main_confidence, vec![family_ev]),
        M::Other => {}
    }
    let mut codes = codes.0;
    codes.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then(a.code.cmp(&b.code))
    });
    Analysis {
        classification: Classification {
            main,
            main_confidence,
            codes,
            sentences: n_sent,
        },
        open: open_reading,
        complex: complex_reading,
    }
}

/// The main behaviour a code belongs to, if it belongs to one.
fn family(code: C) -> Option<M> {
    match code {
        C::OpenQuestion | C::ClosedQuestion => Some(M::Question),
        C::SimpleReflection | C::ComplexReflection | C::Summarise => Some(M::Reflection),
        C::GivingInformation | C::Persuade | C::PersuadeWithPermission => Some(M::TherapistInput),
        _ => None,
    }
}

/// Keeps an unsure main behaviour (confidence below `threshold`) in line with the codes: when none of the codes
/// belongs to it and all that belong to a main behaviour belong to one other, that one is the main behaviour
/// ("You need to cut out the junk food" is advice even when the model leans to reflection because the patient
/// spoke of junk food).
fn consistent_main(main: M, confidence: f32, codes: &Codes, threshold: f32) -> (M, f32) {
    let mut others = codes
        .0
        .iter()
        .filter_map(|r| family(r.code).map(|f| (f, r.confidence)));
    let Some((first, mut best)) = others.next() else {
        return (main, confidence);
    };
    if first == main || confidence >= threshold {
        return (main, confidence);
    }
    for (f, c) in others {
        if f != first {
            return (main, confidence);
        }
        best = best.max(c);
    }
    (first, best)
}
