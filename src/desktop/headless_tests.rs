//! The desktop's logic without a window: a headless Bevy `App` (MinimalPlugins + the app's own state,
//! actions and screens) driven by key presses and actions, checked against the engine and the disk.

use std::path::{Path, PathBuf};
use std::time::Duration;

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;

use crate::engine::Mode;
use crate::engine::transcript::Status;
use crate::store;
use crate::vignette::model::ReactionTo;

use super::actions::Action;
use super::app::CorePlugin;
use super::resume::ResumeOffer;
use super::state::{Attempts, Catalog, ConversationView, Play, Review, Screen};

pub(super) fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub(super) fn headless(dirs: Vec<PathBuf>, data: &Path) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin))
        .add_plugins(CorePlugin {
            dirs,
            data: Some(data.to_path_buf()),
        });
    app.update();
    app
}

fn press(app: &mut App, key: KeyCode) {
    app.world_mut()
        .resource_mut::<ButtonInput<KeyCode>>()
        .press(key);
    app.update();
    let mut keys = app.world_mut().resource_mut::<ButtonInput<KeyCode>>();
    keys.release(key);
    keys.clear();
    // The state transition an action asked for happens on the next frame.
    app.update();
}

pub(super) fn act(app: &mut App, a: Action) {
    app.world_mut().write_message(a);
    app.update();
    app.update();
}

pub(super) fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

fn start(app: &mut App, mode: Mode) {
    act(
        app,
        Action::Start {
            vignette: "mini-review".into(),
            mode,
        },
    );
    assert_eq!(screen(app), Screen::Conversation);
}

#[test]
fn key_2_gives_the_second_reply_and_the_turn_advances() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = headless(vec![fixtures()], data.path());
    start(&mut app, Mode::Practice);
    let offered = {
        let play = app.world().resource::<Play>();
        assert_eq!(play.turn(), 0);
        play.session().expect("playing").offered()
    };
    press(&mut app, KeyCode::Digit2);
    let play = app.world().resource::<Play>();
    assert_eq!(play.turn(), 1, "the turn advanced");
    let s = play.session().expect("playing");
    assert_eq!(s.transcript().turns[0].reply_index, Some(offered[1].index));
    assert_eq!(s.transcript().turns[0].said, offered[1].text);
    // Saved after the turn.
    let saved = store::load_transcript(play.path().expect("saved")).expect("readable");
    assert_eq!(saved.turns.len(), 1);
    assert_eq!(saved.status, Status::InProgress);
    // A number with no reply behind it does nothing; the numeric keypad works too.
    let on_offer = s.offered().len();
    assert!(on_offer < 9);
    press(&mut app, KeyCode::Digit9);
    assert_eq!(app.world().resource::<Play>().turn(), 1);
    press(&mut app, KeyCode::Numpad1);
    assert_eq!(app.world().resource::<Play>().turn(), 2);
}

#[test]
fn practice_shows_the_meters_and_assessment_does_not() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = headless(vec![fixtures()], data.path());
    start(&mut app, Mode::Practice);
    assert!(app.world().resource::<Play>().shows_feedback());
    act(&mut app, Action::Leave);
    assert_eq!(screen(&app), Screen::Library);
    start(&mut app, Mode::Assessment);
    assert!(!app.world().resource::<Play>().shows_feedback());
    // Leaving before any reply keeps no empty attempt around.
    act(&mut app, Action::Leave);
    let (saved, _) = store::list_transcripts(&store::transcripts_dir(data.path()));
    assert!(saved.is_empty(), "{saved:?}");
}

#[test]
fn enter_at_the_ending_opens_the_debrief_and_replay_starts_from_the_chosen_turn() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = headless(vec![fixtures()], data.path());
    start(&mut app, Mode::Practice);
    press(&mut app, KeyCode::Digit2); // strains the alliance
    press(&mut app, KeyCode::Digit1); // repairs it
    // Enter before the ending does nothing by itself (it is egui's, for the focused button).
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Conversation);
    press(&mut app, KeyCode::Digit1);
    assert!(
        app.world()
            .resource::<Play>()
            .session()
            .is_some_and(|s| s.is_over())
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Debrief);
    let (original, first_path) = {
        let review = app.world().resource::<Review>();
        let d = review.debrief.as_ref().expect("a debrief");
        assert!(d.moments.iter().any(|m| m.turn == 1), "turn 1 strained");
        assert_eq!(review.selected, d.moments.first().map(|m| m.turn));
        (
            review.transcript.clone().expect("the transcript"),
            review.path.clone(),
        )
    };
    assert_eq!(original.status, Status::Finished);

    act(&mut app, Action::ReplayFrom(2));
    assert_eq!(screen(&app), Screen::Conversation);
    let play = app.world().resource::<Play>();
    let s = play.session().expect("replaying");
    assert_eq!(s.transcript().turns.len(), 1, "the first reply is replayed");
    assert_eq!(s.transcript().seed, original.seed);
    assert_eq!(
        s.state(),
        original.turns[0].after,
        "the same alliance as at turn 2"
    );
    assert_eq!(
        s.patient_line(),
        &original.turns[0].reaction,
        "the same words"
    );
    assert_eq!(play.replayed_from, Some(2));
    assert_ne!(
        play.path().map(Path::to_path_buf),
        first_path,
        "a new attempt, never over the old one"
    );
}

#[test]
fn an_interrupted_attempt_is_offered_at_the_next_start_and_resumes_where_it_stopped() {
    let data = tempfile::tempdir().expect("temp dir");
    let (path, state) = {
        let mut app = headless(vec![fixtures()], data.path());
        start(&mut app, Mode::Assessment);
        press(&mut app, KeyCode::Digit1);
        let play = app.world().resource::<Play>();
        (
            play.path().expect("saved").to_path_buf(),
            play.session().expect("playing").state(),
        )
        // The app is dropped here without leaving: as after a crash or a kill.
    };
    let mut app = headless(vec![fixtures()], data.path());
    assert!(
        app.world().resource::<ResumeOffer>().open,
        "the resume offer shows"
    );
    assert_eq!(app.world().resource::<Attempts>().unfinished().len(), 1);
    act(&mut app, Action::Resume(path.clone()));
    assert_eq!(screen(&app), Screen::Conversation);
    let play = app.world().resource::<Play>();
    let s = play.session().expect("resumed");
    assert_eq!(
        (play.turn(), s.state(), s.mode()),
        (1, state, Mode::Assessment)
    );
    assert_eq!(
        play.path(),
        Some(path.as_path()),
        "it goes on in the same file"
    );
    assert!(!app.world().resource::<ResumeOffer>().open);
}

#[test]
fn editing_a_vignette_reloads_it_and_a_broken_file_is_located_while_the_rest_stays() {
    let data = tempfile::tempdir().expect("temp dir");
    let mine = tempfile::tempdir().expect("temp dir");
    let file = mine.path().join("mini.yaml");
    let good = std::fs::read_to_string(fixtures().join("mini.yaml")).expect("fixture");
    std::fs::write(&file, &good).expect("written");
    let mut app = headless(vec![mine.path().to_path_buf()], data.path());
    let shipped = app.world().resource::<Catalog>().library.vignettes.len() - 1;
    assert!(
        app.world()
            .resource::<Catalog>()
            .library
            .get("mini-review")
            .is_some()
    );

    std::fs::write(
        &file,
        good.replace("title: \"A short review\"", "title: [unclosed"),
    )
    .expect("written");
    let wait_for_generation = |app: &mut App, g: u32| {
        for _ in 0..40 {
            std::thread::sleep(Duration::from_millis(100));
            app.update();
            if app.world().resource::<Catalog>().generation >= g {
                return;
            }
        }
        panic!("the library did not reload");
    };
    wait_for_generation(&mut app, 1);
    let c = app.world().resource::<Catalog>();
    assert!(c.library.get("mini-review").is_none());
    assert_eq!(
        c.library.vignettes.len(),
        shipped,
        "the shipped vignettes stay usable"
    );
    let d = c
        .problems()
        .iter()
        .find(|d| d.is_error())
        .expect("the error is reported");
    assert!(
        d.file.ends_with("mini.yaml") && d.line > 0 && d.column > 0,
        "{d}"
    );
    assert!(!d.hint.is_empty());

    std::fs::write(&file, good.replace("A short review", "A shorter review")).expect("written");
    wait_for_generation(&mut app, 2);
    let c = app.world().resource::<Catalog>();
    assert_eq!(c.report.errors(), 0);
    assert_eq!(
        c.library.get("mini-review").expect("back").title,
        "A shorter review"
    );
}

fn session_of(app: &App) -> &crate::engine::Session {
    app.world().resource::<Play>().session().expect("playing")
}

#[test]
fn a_typed_reply_is_a_turn_read_by_the_engine_and_saved() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = headless(vec![fixtures()], data.path());
    start(&mut app, Mode::Practice);

    // Nonsense: a real turn, answered by the clarifying reaction, and the same decision stays open.
    let offered = session_of(&app).offered();
    act(&mut app, Action::Say("zxqv 1\n2".into()));
    let s = session_of(&app);
    assert_eq!(s.transcript().turns.len(), 1);
    let t = &s.transcript().turns[0];
    let r = t.typed.as_ref().expect("a typed turn");
    assert_eq!((t.reply_index, r.matched), (None, None));
    assert_eq!(t.said, "zxqv 1\n2");
    assert_eq!(
        r.reaction,
        Some(ReactionTo::Unclear),
        "the clarifying reaction: {}",
        t.reaction.text
    );
    assert_eq!(s.node_id(), Some("first"), "the node is kept");
    assert_eq!(s.offered(), offered, "the same replies on offer");
    assert!(
        app.world().resource::<ConversationView>().focus_field,
        "typing goes on in the field"
    );

    // Empty words are a reply too.
    act(&mut app, Action::Say(String::new()));
    let s = session_of(&app);
    assert_eq!(s.transcript().turns.len(), 2);
    assert_eq!(s.node_id(), Some("first"));
    let r = s.transcript().turns[1].typed.as_ref().expect("typed");
    assert_eq!(r.reaction, Some(ReactionTo::Unclear));

    // Close to an authored reply: its branch is followed.
    act(
        &mut app,
        Action::Say("It sounds like you have been really hard on yourself about this".into()),
    );
    let play = app.world().resource::<Play>();
    let s = play.session().expect("playing");
    let t = s.transcript().turns.last().expect("a turn");
    assert_eq!(t.reply_index, Some(0), "{:?}", t.typed);
    assert_eq!(s.node_id(), Some("second"));
    // Saved after the turn, with how it was read.
    let saved = store::load_transcript(play.path().expect("saved")).expect("readable");
    assert_eq!(saved.turns.len(), 3);
    assert!(saved.turns.iter().all(|t| t.typed.is_some()));
    assert_eq!(saved.turns[2].typed, t.typed);
}

#[test]
fn digits_type_while_the_field_has_the_focus_and_choose_nothing_with_the_menu_hidden() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = headless(vec![fixtures()], data.path());
    start(&mut app, Mode::Practice);
    // The conversation screen says the field has the focus (egui is not running here).
    app.world_mut().resource_mut::<ConversationView>().typing = true;
    press(&mut app, KeyCode::Digit1);
    press(&mut app, KeyCode::Numpad2);
    assert_eq!(app.world().resource::<Play>().turn(), 0, "digits are typed");
    app.world_mut().resource_mut::<ConversationView>().typing = false;

    // Every reply typed: the menu is hidden, so its numbers choose nothing either.
    app.world_mut()
        .resource_mut::<super::prefs::Prefs>()
        .type_every_reply = true;
    press(&mut app, KeyCode::Digit1);
    assert_eq!(app.world().resource::<Play>().turn(), 0);
    // The setting is remembered with the others.
    let (p, _) = super::prefs::Prefs::load(Some(data.path()));
    assert!(p.type_every_reply);
    app.world_mut()
        .resource_mut::<super::prefs::Prefs>()
        .type_every_reply = false;
    press(&mut app, KeyCode::Digit1);
    assert_eq!(app.world().resource::<Play>().turn(), 1, "the menu is back");
    let (p, _) = super::prefs::Prefs::load(Some(data.path()));
    assert!(!p.type_every_reply);
}

#[test]
fn enter_sends_and_shift_enter_does_not() {
    use bevy_egui::egui::{Event, Key, Modifiers};
    let enter = |modifiers| Event::Key {
        key: Key::Enter,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers,
    };
    assert!(super::conversation::sends(&[enter(Modifiers::NONE)]));
    assert!(!super::conversation::sends(&[enter(Modifiers::SHIFT)]));
    assert!(!super::conversation::sends(&[Event::Text("1".into())]));
}

#[test]
fn the_debrief_lists_how_each_typed_reply_was_read() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = headless(vec![fixtures()], data.path());
    start(&mut app, Mode::Assessment);
    act(&mut app, Action::Say("asdf".into()));
    press(&mut app, KeyCode::Digit1);
    act(
        &mut app,
        Action::Say(
            "Feeling normal matters most to you. What would a first step look like?".into(),
        ),
    );
    assert!(session_of(&app).is_over());
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Debrief);
    let d = app
        .world()
        .resource::<Review>()
        .debrief
        .clone()
        .expect("a debrief");
    assert_eq!(
        d.readings.iter().map(|r| r.turn).collect::<Vec<_>>(),
        vec![1, 3],
        "one per typed turn, none for the reply from the menu"
    );
}

#[test]
fn an_attempt_with_typed_turns_resumes_and_replays_as_it_was() {
    let data = tempfile::tempdir().expect("temp dir");
    let (path, state, node) = {
        let mut app = headless(vec![fixtures()], data.path());
        start(&mut app, Mode::Practice);
        act(&mut app, Action::Say("zxqv".into()));
        act(
            &mut app,
            Action::Say("It sounds like you have been really hard on yourself about this".into()),
        );
        let play = app.world().resource::<Play>();
        let s = play.session().expect("playing");
        (
            play.path().expect("saved").to_path_buf(),
            s.state(),
            s.node_id().map(str::to_owned),
        )
        // Dropped without leaving, as after a crash.
    };
    let mut app = headless(vec![fixtures()], data.path());
    act(&mut app, Action::Resume(path.clone()));
    let s = session_of(&app);
    assert_eq!(
        (
            s.transcript().turns.len(),
            s.state(),
            s.node_id().map(str::to_owned)
        ),
        (2, state, node)
    );
    assert!(s.transcript().turns.iter().all(|t| t.typed.is_some()));

    // Replay from turn 2: the typed first turn is given again as it was read.
    act(&mut app, Action::Open(path));
    act(&mut app, Action::ReplayFrom(2));
    let s = session_of(&app);
    assert_eq!(s.transcript().turns.len(), 1);
    assert_eq!(s.transcript().turns[0].said, "zxqv");
    assert_eq!(s.node_id(), Some("first"), "still at the open question");
}

#[test]
fn saved_attempts_are_read_on_entering_the_library_not_while_playing() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = headless(vec![fixtures()], data.path());
    assert!(app.world().resource::<Attempts>().list.is_empty());
    start(&mut app, Mode::Practice);
    press(&mut app, KeyCode::Digit1);
    assert!(
        app.world().resource::<Attempts>().list.is_empty(),
        "a turn writes the attempt's file but does not read the folder"
    );
    let path = app
        .world()
        .resource::<Play>()
        .path()
        .expect("saved")
        .to_path_buf();
    act(&mut app, Action::Leave);
    assert_eq!(screen(&app), Screen::Library);
    assert_eq!(app.world().resource::<Attempts>().unfinished().len(), 1);

    act(&mut app, Action::Discard(path.clone()));
    let attempts = app.world().resource::<Attempts>();
    assert!(attempts.unfinished().is_empty(), "set aside at once");
    assert_eq!(attempts.list.len(), 1, "and still in the history");
    let saved = store::load_transcript(&path).expect("readable");
    assert_eq!(saved.status, Status::Abandoned);
    act(&mut app, Action::Go(Screen::History));
    assert_eq!(app.world().resource::<Attempts>().list.len(), 1);
}

/// A menu number typed into the reply field (focus stays there after a typed reply) chooses that reply, as
/// pressing the digit would; with the menu hidden it is refused with a hint and no turn is taken (issue 16).
#[test]
fn a_menu_number_typed_in_the_field_chooses_that_reply_and_is_never_said() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = headless(vec![fixtures()], data.path());
    start(&mut app, Mode::Practice);
    let offered = session_of(&app).offered();
    act(&mut app, Action::Say(" 2 ".into()));
    let s = session_of(&app);
    assert_eq!(s.transcript().turns.len(), 1);
    let t = &s.transcript().turns[0];
    assert!(t.typed.is_none(), "not a typed reply: {:?}", t.typed);
    assert_eq!(t.reply_index, Some(offered[1].index));
    assert_eq!(t.said, offered[1].text);

    app.world_mut()
        .resource_mut::<super::prefs::Prefs>()
        .type_every_reply = true;
    act(&mut app, Action::Say("1".into()));
    assert_eq!(
        session_of(&app).transcript().turns.len(),
        1,
        "no turn taken"
    );
    let notice = app
        .world()
        .resource::<super::state::Notice>()
        .text
        .clone()
        .unwrap_or_default()
        .0;
    assert!(notice.contains("A number alone is not a reply"), "{notice}");
    assert_eq!(
        super::actions::menu_number("5", 3),
        None,
        "a number past the menu is words"
    );
    assert_eq!(super::actions::menu_number("3.", 3), Some(2));
}

/// A follow-up visit (issue 14): once the student has finished its first visit, the library offers to start
/// from where that visit ended (the newest first, and the visit's own start last), and starting it so
/// continues that attempt; choosing the usual start plays it alone.
#[test]
fn a_follow_up_offers_the_finished_first_visit_and_continues_it() {
    use super::library::{LibraryView, start_action, start_choices};
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = headless(vec![fixtures().join("follow")], data.path());
    let follow_up = app
        .world()
        .resource::<Catalog>()
        .library
        .get("visit-two")
        .expect("the follow-up loads");
    assert_eq!(
        start_choices(&follow_up, app.world().resource::<Attempts>()),
        vec![None],
        "before the first visit, only the usual start"
    );
    act(
        &mut app,
        Action::Start {
            vignette: "visit-one".into(),
            mode: Mode::Practice,
        },
    );
    act(&mut app, Action::Choose(0));
    act(&mut app, Action::Choose(0));
    let first = app
        .world()
        .resource::<Play>()
        .path()
        .expect("saved")
        .to_path_buf();
    let ended = app
        .world()
        .resource::<Play>()
        .session()
        .expect("played")
        .state();
    act(&mut app, Action::Go(Screen::Library));
    let attempts = app.world().resource::<Attempts>();
    assert_eq!(
        start_choices(&follow_up, attempts),
        vec![Some(first.clone()), None]
    );
    let mut view = LibraryView::default();
    let continuing = start_action(&follow_up, attempts, &view, Mode::Practice);
    assert_eq!(
        continuing,
        Action::Continue {
            vignette: "visit-two".into(),
            mode: Mode::Practice,
            first: first.clone(),
        }
    );
    view.start_from.insert("visit-two".into(), None);
    let alone = start_action(&follow_up, attempts, &view, Mode::Practice);
    assert!(matches!(alone, Action::Start { .. }), "{alone:?}");

    act(&mut app, continuing);
    assert_eq!(screen(&app), Screen::Conversation);
    let s = app
        .world()
        .resource::<Play>()
        .session()
        .expect("playing")
        .clone();
    let c = s
        .transcript()
        .continued
        .as_ref()
        .expect("continues the first visit");
    assert_eq!(c.ended_at, ended);
    assert_eq!(s.state(), c.start(follow_up.patient.start));
    assert!(
        s.patient_line()
            .text
            .starts_with("I did try that first step")
    );

    act(&mut app, Action::Leave);
    act(&mut app, alone);
    let s = app.world().resource::<Play>().session().expect("playing");
    assert!(s.transcript().continued.is_none());
    assert_eq!(s.state(), follow_up.patient.start);
}

#[test]
fn the_companions_portrait_is_drawn_only_while_she_is_in_the_room() {
    use super::faces::faces;
    use crate::vignette::model::Person;
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = headless(vec![fixtures().join("companion")], data.path());
    act(
        &mut app,
        Action::Start {
            vignette: "companion-visit".into(),
            mode: Mode::Practice,
        },
    );
    assert_eq!(screen(&app), Screen::Conversation);
    let who =
        |app: &App| -> Vec<Person> { faces(session_of(app)).into_iter().map(|f| f.who).collect() };
    assert_eq!(
        who(&app),
        [Person::Patient, Person::Companion],
        "both at the start"
    );
    press(&mut app, KeyCode::Digit1); // asks Karen for time alone with Mia
    assert_eq!(who(&app), [Person::Patient], "Karen has stepped out");
    press(&mut app, KeyCode::Digit1);
    assert_eq!(
        who(&app),
        [Person::Patient, Person::Companion],
        "Karen is back"
    );
}

/// A replayed attempt says so in its file, and the history names the attempt and turn it came from.
#[test]
fn a_replayed_attempt_is_marked_as_a_replay_in_the_history() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = headless(vec![fixtures()], data.path());
    start(&mut app, Mode::Practice);
    for _ in 0..3 {
        if session_of(&app).is_over() {
            break;
        }
        press(&mut app, KeyCode::Digit1);
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Debrief);
    let first = session_of(&app).transcript().started_at;
    act(&mut app, Action::ReplayFrom(2));
    press(&mut app, KeyCode::Digit1);
    act(&mut app, Action::Leave);
    act(&mut app, Action::Go(Screen::History));
    let attempts = app.world().resource::<Attempts>();
    let list: Vec<_> = attempts.of("mini-review").collect();
    assert_eq!(list.len(), 2, "the first attempt and its replay");
    // Both may have started in the same second: tell them apart by the mark, not by their order.
    let original = list
        .iter()
        .position(|a| a.transcript.replay_of.is_none())
        .expect("the first is no replay");
    let r = list[1 - original]
        .transcript
        .replay_of
        .expect("the replay is marked");
    assert_eq!((r.started_at, r.from_turn), (first, 2));
    assert_eq!(
        super::history::replay_mark(&list, r),
        format!(
            "Replay of attempt {} from turn 2: the replies before it were given again as they were",
            original + 1
        )
    );
}

/// The egui context a screen is drawn in, styled at text scale `k` (reduced motion: scrolls land at once).
pub(super) fn egui_at(
    k: f32,
) -> (
    bevy_egui::egui::Context,
    super::prefs::Prefs,
    super::theme::Palette,
) {
    use bevy_egui::egui;
    let prefs = super::prefs::Prefs {
        text_scale: k,
        reduced_motion: true,
        ..Default::default()
    };
    let pal = super::theme::Palette::for_prefs(&prefs);
    let ctx = egui::Context::default();
    ctx.options_mut(|o| o.theme_preference = egui::ThemePreference::Light);
    let style = super::theme::style(&prefs, &pal);
    ctx.set_style_of(egui::Theme::Light, style.clone());
    ctx.set_style_of(egui::Theme::Dark, style);
    (ctx, prefs, pal)
}

/// A 1280 × 800 window's input, with nothing pressed.
fn window_1280x800() -> bevy_egui::egui::RawInput {
    use bevy_egui::egui;
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        ..Default::default()
    }
}

/// One frame of a 1280 × 800 window.
fn frame(ctx: &bevy_egui::egui::Context, mut ui: impl FnMut(&bevy_egui::egui::Context)) {
    let input = window_1280x800();
    // Nothing is painted: the textures egui would upload are dropped.
    ctx.run_ui(input, |root| ui(root.ctx()))
        .drop_without_applying_deltas();
}

/// Every piece of text one frame of `ui` draws, in the order drawn: what a student reads on the screen.
pub(super) fn words_drawn(
    ctx: &bevy_egui::egui::Context,
    mut ui: impl FnMut(&bevy_egui::egui::Context),
) -> Vec<String> {
    use bevy_egui::egui::Shape;
    fn collect(shape: &Shape, out: &mut Vec<String>) {
        match shape {
            Shape::Text(t) => out.push(t.galley.text().to_owned()),
            Shape::Vec(v) => v.iter().for_each(|s| collect(s, out)),
            _ => {}
        }
    }
    let input = window_1280x800();
    let mut out = Vec::new();
    // Twice: egui lays a new panel out on its second frame.
    for _ in 0..2 {
        out.clear();
        let full = ctx.run_ui(input.clone(), |root| ui(root.ctx()));
        for c in &full.shapes {
            collect(&c.shape, &mut out);
        }
        // Nothing is painted: the textures egui would upload are dropped.
        full.drop_without_applying_deltas();
    }
    out
}

/// Settings' Larger button stays under the pointer while the text grows from 100% to 200% (it moved away
/// before, so twelve clicks reached only 130%), and Smaller does too.
#[test]
fn the_larger_button_stays_under_the_pointer_as_the_text_grows() {
    let mut first = None;
    for tenth in 10..=20 {
        let (ctx, _, pal) = egui_at(tenth as f32 / 10.0);
        let mut rect = None;
        for _ in 0..3 {
            frame(&ctx, |ctx| {
                let mut root = super::widgets::root_ui(ctx);
                rect = Some(super::widgets::nav_bar(
                    &mut root,
                    &pal,
                    Screen::Settings,
                    &mut Vec::new(),
                ));
            });
        }
        let rect = rect.expect("drawn");
        let pointer = *first.get_or_insert(rect.center());
        assert!(
            rect.contains(pointer),
            "at {tenth}0% Larger is at {rect:?}, the pointer at {pointer:?}"
        );
    }
    // Each click is one step, to the top of the range and no further.
    let mut p = super::prefs::Prefs::default();
    for _ in 0..12 {
        p = p.stepped(1);
    }
    assert_eq!(p.text_scale, 2.0);
    assert_eq!(p.stepped(-3).text_scale, 1.7);
}

/// The history chart keeps a number on each of its y-axis marks at 200%: egui_plot drops a number taller than
/// the space to the next mark, so the marks are 12 points apart and the chart grows with the text.
#[test]
fn the_history_chart_keeps_its_axis_numbers_at_200_percent() {
    use super::history::{WAI_RANGE, chart_height, wai_marks};
    let marks: Vec<f64> = wai_marks().iter().map(|m| m.value).collect();
    assert_eq!(marks, vec![12.0, 24.0, 36.0, 48.0, 60.0]);
    for k in [1.0, 1.5, 2.0] {
        let (ctx, _, _) = egui_at(k);
        let mut text = 0.0;
        frame(&ctx, |ctx| {
            text =
                super::widgets::root_ui(ctx).text_style_height(&bevy_egui::egui::TextStyle::Body);
        });
        // The plot area is the chart less its x axis (a row of numbers and its label).
        let plot = chart_height(k) - 3.0 * text;
        let between = plot * 12.0 / (WAI_RANGE.1 - WAI_RANGE.0) as f32;
        assert!(
            between > text,
            "at {k}: {between:.0} points between marks for numbers {text:.0} tall"
        );
    }
}

/// After a reply, the feedback on it and the patient's answer are both in view without scrolling, and the
/// meters are on screen, at 100% and at 200%, deep into a long conversation.
#[test]
fn the_feedback_and_the_answer_are_in_view_after_a_reply_at_100_and_200_percent() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = headless(vec![fixtures()], data.path());
    // The longest shipped conversation there is: its lines are long, and four turns fill more than a screen.
    let id = {
        let c = app.world().resource::<Catalog>();
        c.library
            .vignettes
            .iter()
            .filter(|v| v.id != "mini-review")
            .max_by_key(|v| v.nodes.len())
            .expect("a shipped vignette")
            .id
            .clone()
    };
    act(
        &mut app,
        Action::Start {
            vignette: id,
            mode: Mode::Practice,
        },
    );
    for _ in 0..4 {
        if session_of(&app).is_over() {
            break;
        }
        press(&mut app, KeyCode::Digit1);
    }
    let turns = session_of(&app).transcript().turns.len();
    assert!(turns >= 3, "{turns} turns");
    let play = std::mem::take(&mut *app.world_mut().resource_mut::<Play>());
    for k in [1.0, 2.0] {
        let (ctx, mut prefs, pal) = egui_at(k);
        let mut view = ConversationView {
            focus_line: true,
            ..Default::default()
        };
        for _ in 0..4 {
            frame(&ctx, |ctx| {
                super::conversation::draw(ctx, &play, &mut view, &pal, &mut prefs);
            });
        }
        let shown = view.shown;
        let visible = shown.visible.expect("the column");
        let feedback = shown.feedback.expect("feedback on the last reply");
        let line = shown.line.expect("the patient's line");
        assert!(
            visible.contains_rect(feedback) && visible.contains_rect(line),
            "at {k}: visible {visible:?}, feedback {feedback:?}, line {line:?}"
        );
        let (side, meters) = (
            shown.side.expect("the panel"),
            shown.meters.expect("the meters"),
        );
        assert!(
            side.contains_rect(meters),
            "at {k}: the meters {meters:?} are off the panel {side:?}"
        );
    }
}

/// The bar along the top stays a bar at every text size: all four places are on it and the screen under it keeps
/// most of the window (at 180% its rows, centred in the whole height left, once took the whole window and the
/// screen under it was gone).
#[test]
fn the_nav_bar_keeps_to_the_top_at_every_text_size() {
    for k in [1.0, 1.25, 1.5, 1.8, 2.0] {
        let (ctx, _prefs, pal) = egui_at(k);
        let mut below = f32::MAX;
        let words = words_drawn(&ctx, |ctx| {
            let mut root = super::widgets::root_ui(ctx);
            let mut out = Vec::new();
            super::widgets::nav_bar(&mut root, &pal, Screen::Library, &mut out);
            below = root.available_rect_before_wrap().top();
        });
        for place in ["Library", "History", "Assignment", "Settings"] {
            assert!(words.iter().any(|w| w == place), "at {k}: {words:?}");
        }
        assert!(
            below < 800.0 / 4.0,
            "at {k}: the bar reaches down to {below:.0} of 800"
        );
    }
}
