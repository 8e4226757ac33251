//! The clinician lines of the seeds' exemplar dialogues are read as what they are, and their paternalistic
//! opposites (written here) as persuading, confronting or judging. Seed 000: the collaborative-agenda and the
//! empathy dialogues; seed 003: Dr. Kurtz's lines in the clinical vignette. The seeds are the project's own sources.

use alliance::classify::{Classification, Classifier, MainBehaviour};
use alliance::vignette::BehaviourCode::{self, *};

fn read(text: &str, prev: Option<&str>) -> Classification {
    Classifier::shipped().classify(text, prev)
}

fn names(c: &Classification) -> String {
    let codes: Vec<String> = c
        .codes
        .iter()
        .map(|r| format!("{} {:.2} {:?}", r.code, r.confidence, r.evidence))
        .collect();
    format!(
        "main {:?} {:.2}; codes:\n  {}",
        c.main,
        c.main_confidence,
        codes.join("\n  ")
    )
}

#[track_caller]
fn has_all(c: &Classification, want: &[BehaviourCode]) {
    for &w in want {
        assert!(c.has(w), "expected {w}; got {}", names(c));
    }
}

#[track_caller]
fn has_none(c: &Classification, unwanted: &[BehaviourCode]) {
    for &u in unwanted {
        assert!(!c.has(u), "did not expect {u}; got {}", names(c));
    }
}

const PATERNALISTIC: [BehaviourCode; 5] = [
    Persuade,
    Confront,
    Judging,
    PrematureReassurance,
    UnexplainedJargon,
];

// Seed 000, section 1.2: the collaborative agenda.

#[test]
fn seed000_collaborative_agenda_opening_seeks_collaboration_and_goals() {
    let c = read(
        "Perhaps today, in addition to reviewing your glucose levels, we could also focus on other things \
         important to you in regards living with and managing your diabetes.",
        None,
    );
    has_all(&c, &[SeekingCollaboration, ElicitGoals]);
    has_none(&c, &PATERNALISTIC);
}

#[test]
fn seed000_less_hard_on_yourself_affirms_and_offers_help() {
    let c = read(
        "Would you consider being less hard on yourself? It's not easy to change habits, and I am here to help",
        Some(
            "That would be great. I know I'm not the best patient. . . I cannot seem to stick to the recommended diet.",
        ),
    );
    has_all(&c, &[Affirm, SeekingCollaboration]);
    has_none(&c, &PATERNALISTIC);
}

#[test]
fn seed000_worried_about_things_getting_worse_reflects_then_asks_together() {
    let c = read(
        "You are worried about things getting worse. Are there things we could change to avoid things from getting worse?",
        Some(
            "I just cannot seem to stay away from junk-food, even though I know it's bad for me. . .and if I continue \
              down this path I know things are only going to get worse.",
        ),
    );
    assert_eq!(c.sentences, 2);
    assert!(
        c.has(ComplexReflection) || c.has(SimpleReflection),
        "the first sentence is a reflection; got {}",
        names(&c)
    );
    assert!(
        c.has(OpenQuestion) || c.has(ClosedQuestion),
        "the second is a question; got {}",
        names(&c)
    );
    has_all(&c, &[SeekingCollaboration]);
    has_none(&c, &PATERNALISTIC);
}

// Seed 000, section 1.3: expressing empathy.

#[test]
fn seed000_sounds_like_you_are_feeling_anxious_is_a_complex_reflection() {
    let c = read(
        "Sounds like you are feeling anxious about taking your insulin as recommended, as this may lead to a severe hypo.",
        Some(
            "I'm really worried that if I stay within the range you recommend that I may go low. . . and then I do \
              not know what might happen.",
        ),
    );
    assert_eq!(c.main, MainBehaviour::Reflection, "{}", names(&c));
    assert_eq!(
        c.codes[0].code,
        ComplexReflection,
        "strongest code; {}",
        names(&c)
    );
    has_none(
        &c,
        &[
            SimpleReflection,
            Persuade,
            Confront,
            Judging,
            UnexplainedJargon,
        ],
    );
    assert!(
        c.codes[0]
            .evidence
            .iter()
            .any(|e| e.contains("sounds like")),
        "{}",
        names(&c)
    );
}

#[test]
fn seed000_afraid_your_family_will_be_left_is_a_complex_reflection() {
    let c = read(
        "You are afraid something negative might happen to you, and that your family will be left to fend for \
         themselves. I can see how that makes you reluctant to increase your dose of insulin.",
        Some(
            "Yes. . . or worse. I have children and a husband. I've called in sick to work twice already this year. \
              I'm worried about getting fired, and my family depend on me.",
        ),
    );
    assert_eq!(c.main, MainBehaviour::Reflection, "{}", names(&c));
    has_all(&c, &[ComplexReflection]);
    has_none(&c, &[SimpleReflection, OpenQuestion, ClosedQuestion]);
    has_none(&c, &PATERNALISTIC);
}

// Seed 003: Dr. Kurtz and Mr. Jones.

#[test]
fn seed003_referral_and_have_you_seen_asks_a_closed_question() {
    let c = read(
        "Your primary care doctor referred you to me, thinking you might be depressed. Have you seen a mental \
         health professional before?",
        None,
    );
    has_all(&c, &[ClosedQuestion]);
    has_none(&c, &[OpenQuestion]);
    has_none(&c, &PATERNALISTIC);
}

#[test]
fn seed003_good_impression_quip_is_neither_question_nor_pressure() {
    let c = read(
        "Hmm. Well, if I am the first psychiatrist you've seen, I guess I'd better make a good impression",
        Some("No"),
    );
    has_none(&c, &[OpenQuestion, ClosedQuestion]);
    has_none(&c, &PATERNALISTIC);
}

#[test]
fn seed003_must_have_been_hard_reflects_then_asks_openly_how_to_help() {
    let c = read(
        "Wow. It must have been really hard to come here. I'm sorry life has been so hard. How do you think I can \
         be helpful?",
        Some(
            "Doc, let me be honest with you. I don't want to sit and talk about my problems. I have enough on my \
              plate without having to spill out my guts about everything that is bothering me. I just want to be \
              able to sleep and get my energy back. I'm afraid I am going to get fired from my job.",
        ),
    );
    has_all(&c, &[ComplexReflection, OpenQuestion, SeekingCollaboration]);
    has_none(&c, &[ClosedQuestion, AcknowledgeStrain]);
    has_none(&c, &PATERNALISTIC);
}

#[test]
fn seed003_thank_you_for_being_honest_affirms_and_offers_to_work_together() {
    let c = read(
        "Thank you for being honest, Mr. Jones. And I'm glad you came here. You know what you want and what you \
         don't want. I admire that. I think we can work together, if you agree.",
        Some(
            "Honestly, I don't think you can help me. Maybe give me a medicine that I don't really want to take and \
              robs me of my sex drive. I don't know",
        ),
    );
    assert_eq!(c.sentences, 5);
    has_all(&c, &[Affirm, SeekingCollaboration]);
    has_none(&c, &PATERNALISTIC);
    assert_eq!(
        c.codes[0].code,
        Affirm,
        "affirmation is the strongest reading; {}",
        names(&c)
    );
}

#[test]
fn seed003_love_your_honesty_affirms_and_invites_correction() {
    let c = read(
        "I really do love your honesty. Some people never are aware enough and brave enough to say what they feel. \
         I'll really try to listen and understand you. I hope you will let me know if you feel I am or am not \
         'getting' you.",
        Some("I don't think a Jewish doctor could understand or really get a black working man."),
    );
    has_all(&c, &[Affirm, InviteCorrection]);
    has_none(&c, &PATERNALISTIC);
}

// The paternalistic opposites (written for this test, after seed 000's critique of the expert role).

#[test]
fn unasked_advice_to_cut_out_junk_food_is_persuasion() {
    let c = read(
        "You need to cut out the junk food.",
        Some("I just cannot seem to stay away from junk-food, even though I know it's bad for me."),
    );
    has_all(&c, &[Persuade]);
    has_none(
        &c,
        &[
            PersuadeWithPermission,
            Affirm,
            ComplexReflection,
            SimpleReflection,
        ],
    );
    assert_eq!(c.main, MainBehaviour::TherapistInput, "{}", names(&c));
}

#[test]
fn take_your_diabetes_more_seriously_is_judging() {
    let c = read(
        "You need to take your diabetes more seriously.",
        Some("I cannot seem to stick to the diet."),
    );
    has_all(&c, &[Judging, Persuade]);
    has_none(&c, &[Affirm, SeekingCollaboration]);
}

#[test]
fn a1c_first_agenda_persuades_with_unexplained_jargon() {
    let c = read(
        "Your A1c is 9.2 so today we're going to focus on your diet.",
        None,
    );
    has_all(&c, &[Persuade, UnexplainedJargon]);
    has_none(&c, &[SeekingCollaboration, ElicitGoals]);
    let jargon = c.get(UnexplainedJargon).unwrap();
    assert!(
        jargon.evidence.iter().any(|e| e.contains("a1c")),
        "{}",
        names(&c)
    );
}

#[test]
fn explained_a1c_is_not_jargon() {
    let c = read(
        "Your A1c, which is a measure of your average blood sugar over three months, has gone up a little.",
        None,
    );
    has_none(&c, &[UnexplainedJargon]);
    // Nor is a term the patient used first.
    let c = read(
        "What did they say about your A1c?",
        Some("My A1c came back high again."),
    );
    has_none(&c, &[UnexplainedJargon]);
}

#[test]
fn dont_worry_after_a_worry_is_premature_reassurance() {
    let c = read(
        "Don't worry, that won't happen.",
        Some("I'm really worried that if I stay within the range you recommend that I may go low."),
    );
    has_all(&c, &[PrematureReassurance]);
    let r = c.get(PrematureReassurance).unwrap();
    assert!(
        r.evidence.iter().any(|e| e.contains("worry")),
        "{}",
        names(&c)
    );
}

#[test]
fn why_havent_you_is_confrontation() {
    let c = read(
        "Why haven't you been checking your sugars like we agreed?",
        None,
    );
    has_all(&c, &[Confront]);
}

#[test]
fn autonomy_permission_goals_summary_and_repair_are_recognised() {
    has_all(
        &read(
            "It's up to you whether you start the insulin now or later.",
            None,
        ),
        &[EmphasizingAutonomy],
    );
    let c = read(
        "Would it be all right if I shared some information about how insulin doses are adjusted?",
        None,
    );
    has_all(&c, &[AskPermission, ClosedQuestion]);
    has_all(
        &read("What would you like to get out of today's visit?", None),
        &[ElicitGoals, OpenQuestion],
    );
    let c = read(
        "Let me make sure I understand. You want to keep working, you're scared of going low at work, and your \
         family depends on you.",
        None,
    );
    has_all(&c, &[Summarise]);
    has_all(
        &read("I'm sorry, I think I pushed too hard just now.", None),
        &[AcknowledgeStrain],
    );
    has_all(&read("Did I get that right?", None), &[InviteCorrection]);
}

#[test]
fn advice_the_patient_asked_for_is_persuasion_with_permission() {
    let c = read(
        "You should try a short walk after dinner.",
        Some("What should I do about my sugar going up after dinner?"),
    );
    has_all(&c, &[PersuadeWithPermission]);
    has_none(&c, &[Persuade]);
}

#[test]
fn plain_questions_are_open_or_closed_by_form() {
    has_all(
        &read("Do you take your insulin every day?", None),
        &[ClosedQuestion],
    );
    has_all(
        &read("What worries you most about the insulin?", None),
        &[OpenQuestion],
    );
    has_all(
        &read("Tell me more about what happens at work.", None),
        &[OpenQuestion],
    );
}
