//! The desktop trainer as a student uses it: the real binary under Xvfb with software Vulkan, driven by real
//! key presses (xdotool) from the library through a conversation to its debrief, with a screenshot of each;
//! once with replies from the menu, once with replies typed in the student's own words.
#![cfg(feature = "desktop")]

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use alliance::engine::{Mode, Session};
use alliance::library::Library;
use alliance::scoring::Rubric;
use serde_json::Value;

mod xvfb;

use xvfb::{Killed, Probe, keys, missing_tools, screenshot, xdotool, xvfb};

/// Width, height, and the standard deviation of the brightness: a real screen is not one flat colour.
fn image_stats(path: &Path) -> (u32, u32, f64, usize) {
    let decoder = png::Decoder::new(BufReader::new(File::open(path).expect("screenshot exists")));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("sized")];
    let info = reader.next_frame(&mut buf).expect("decodes");
    let channels = info.color_type.samples();
    let pixels = &buf[..info.buffer_size()];
    let mut n = 0.0;
    let (mut sum, mut sq) = (0.0, 0.0);
    let mut colours = std::collections::HashSet::new();
    for px in pixels.chunks(channels) {
        let y = 0.299 * f64::from(px[0]) + 0.587 * f64::from(px[1]) + 0.114 * f64::from(px[2]);
        sum += y;
        sq += y * y;
        n += 1.0;
        if colours.len() < 10_000 {
            colours.insert((px[0], px[1], px[2]));
        }
    }
    let mean = sum / n;
    (
        info.width,
        info.height,
        (sq / n - mean * mean).sqrt(),
        colours.len(),
    )
}

fn assert_real_image(path: &Path, what: &str) {
    let (w, h, sd, colours) = image_stats(path);
    assert_eq!(
        (w, h),
        (1280, 800),
        "{what} screenshot is the window's size"
    );
    assert!(
        sd > 12.0,
        "{what} screenshot is nearly blank (brightness s.d. {sd:.1})"
    );
    assert!(
        colours > 200,
        "{what} screenshot has only {colours} colours"
    );
}

/// The alliance the engine gives for the mini-review fixture after these replies (any seed: the phrasing
/// varies, the scoring does not).
fn expected_after(replies: &[usize]) -> alliance::scoring::AllianceState {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let (lib, _) = Library::load(&[fixtures], Rubric::shipped());
    let v = lib.get("mini-review").expect("the fixture loads");
    let mut s = Session::new(v, Arc::clone(&lib.rubric), 1, Mode::Practice);
    for &r in replies {
        let index = s.offered()[r].index;
        s.choose(index).expect("on offer");
    }
    s.state()
}

fn assert_alliance(v: &Value, replies: &[usize]) {
    let want = expected_after(replies);
    for (k, x) in [
        ("bond", want.bond),
        ("goal", want.goal),
        ("task", want.task),
        ("empathy", want.empathy),
    ] {
        let got = v[k].as_f64().unwrap_or(f64::NAN);
        assert!(
            (got - x).abs() < 1e-6,
            "{k} is {got}, the engine says {x}: {v}"
        );
    }
}

/// One app under Xvfb at a time: software rendering on a small machine is slow enough for one.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// The app running under its own X display, with its probe.
struct Running {
    // Dropped in this order: the app, then its display.
    app: Killed,
    _x: Killed,
    display: String,
    probe: Probe,
}

/// Starts Xvfb and the app on the test fixtures, with `data` as its data directory, and waits for the library.
fn launch(data: &Path) -> Running {
    let (x, display) = xvfb();
    let probe_dir = data.join("probe");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let started = Instant::now();
    let app = Command::new(env!("CARGO_BIN_EXE_alliance"))
        .arg("--dialogues")
        .arg(&fixtures)
        .arg("desktop")
        .env("DISPLAY", &display)
        .env_remove("WAYLAND_DISPLAY")
        .env("ALLIANCE_DATA_DIR", data)
        .env("ALLIANCE_DESKTOP_PROBE", &probe_dir)
        .stdout(Stdio::null())
        .stderr(File::create(data.join("app.log")).expect("log file"))
        .spawn()
        .expect("the app starts");
    let mut run = Running {
        app: Killed(app),
        _x: x,
        display,
        probe: Probe {
            dir: probe_dir,
            seen: 0,
        },
    };
    // The library, with the shipped vignettes and the fixture.
    let first = run
        .probe
        .wait("the library", 180, |v| v["screen"] == "library");
    eprintln!("first frame after {:.1} s", started.elapsed().as_secs_f64());
    assert!(first["vignettes"].as_u64().unwrap_or(0) >= 2, "{first}");
    assert_eq!(first["problems"], 0, "{first}");
    let window = xdotool(&run.display, &["search", "--sync", "--name", "^Alliance$"]);
    let window = window
        .lines()
        .next()
        .expect("the window is titled Alliance")
        .to_owned();
    xdotool(&run.display, &["windowfocus", "--sync", &window]);
    xdotool(&run.display, &["mousemove", "2", "798"]);
    run
}

/// Writes the student's settings with this text size, as Settings would, before the app starts.
fn text_size(data: &Path, scale: f32) {
    std::fs::write(
        data.join("desktop-settings.json"),
        format!("{{\"text_scale\": {scale}}}"),
    )
    .expect("settings written");
}

/// From the library: "/" searches, Enter goes to the first match's Practice button, Enter starts it.
fn practise_the_fixture(run: &mut Running) -> Value {
    let display = run.display.clone();
    // Let the first frames settle (a slow machine can still be laying out the library), and give each step
    // a frame of its own.
    std::thread::sleep(Duration::from_millis(3000));
    keys(&display, &["slash"]);
    std::thread::sleep(Duration::from_millis(300));
    xdotool(&display, &["type", "--delay", "80", "short review"]);
    keys(&display, &["Return"]);
    std::thread::sleep(Duration::from_millis(1000));
    keys(&display, &["Return"]);
    let c = run
        .probe
        .wait("the conversation", 60, |v| v["screen"] == "conversation");
    assert_eq!(c["vignette"], "mini-review", "{c}");
    assert_eq!(
        (c["turn"].as_u64(), c["mode"].as_str()),
        (Some(0), Some("practice")),
        "{c}"
    );
    c
}

/// Presses Tab, one frame's worth at a time, until the newest probe line passes `arrived`; returns how many
/// presses it took (egui moves the focus once per frame, and a slow frame under software rendering can gather
/// two Tabs, so they are not sent in one burst).
fn tab_until(
    display: &str,
    probe: &mut Probe,
    most: usize,
    arrived: impl Fn(&Value) -> bool,
) -> usize {
    for n in 1..=most {
        keys(display, &["Tab"]);
        let t = Instant::now();
        while t.elapsed() < Duration::from_millis(1500) {
            let lines = probe.lines();
            if lines.last().is_some_and(&arrived) {
                probe.seen = lines.len();
                return n;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    panic!(
        "{most} presses of Tab did not get there; state log:\n{:?}",
        probe.lines().last()
    );
}

/// Types `text` into the focused window, as a student would.
fn type_text(display: &str, text: &str) {
    xdotool(display, &["type", "--delay", "60", text]);
}

/// Copies a screenshot out when `ALLIANCE_SCREENSHOTS_TO` is set.
fn keep(shots: &[(&PathBuf, &str)]) {
    if let Some(to) = std::env::var_os("ALLIANCE_SCREENSHOTS_TO") {
        let to = PathBuf::from(to);
        std::fs::create_dir_all(&to).expect("screenshot folder");
        for (from, name) in shots {
            std::fs::copy(from, to.join(format!("{name}.png"))).expect("copied");
        }
    }
}

#[test]
#[ignore = "needs Xvfb, xdotool and Mesa's software Vulkan; .ci/run installs them and runs this"]
fn a_student_plays_a_vignette_to_its_debrief_by_keyboard() {
    if let Some(why) = missing_tools() {
        panic!("the desktop test needs {why}");
    }
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let data = tempfile::tempdir().expect("temp dir");
    let mut run = launch(data.path());
    let display = run.display.clone();
    let probe = &mut run.probe;
    let library = screenshot(&display, probe, "library");
    assert_real_image(&library, "library");

    let c = practise_the_fixture(&mut run);
    let probe = &mut run.probe;
    assert_eq!(c["meters_shown"], true, "practice shows the meters: {c}");
    assert_eq!(c["offered"], 3, "{c}");
    assert_eq!(c["menu_shown"], true, "{c}");
    assert_alliance(&c, &[]);

    // Key 1 gives the first reply: the turn advances and the alliance moves as the engine says.
    keys(&display, &["1"]);
    // The feedback on that reply and the patient's answer are both on screen, and so are the meters.
    let t1 = probe.wait("turn 1 with its feedback in view", 30, |v| {
        v["turn"] == 1
            && v["feedback_in_view"] == true
            && v["line_in_view"] == true
            && v["meters_in_view"] == true
    });
    assert_eq!(t1["screen"], "conversation");
    assert_alliance(&t1, &[0]);
    let conversation = screenshot(&display, probe, "conversation");
    assert_real_image(&conversation, "conversation");

    // Key 1 again reaches the ending; Enter opens the debrief.
    keys(&display, &["1"]);
    let end = probe.wait("the ending", 30, |v| v["turn"] == 2 && v["over"] == true);
    assert_eq!(end["last"]["typed"], false, "{end}");
    assert_alliance(&end, &[0, 0]);
    keys(&display, &["Return"]);
    let d = probe.wait("the debrief", 30, |v| v["screen"] == "debrief");
    assert_alliance(&d, &[0, 0]);
    let debrief = screenshot(&display, probe, "debrief");
    assert_real_image(&debrief, "debrief");
    assert_ne!(
        std::fs::read(&conversation).expect("read"),
        std::fs::read(&debrief).expect("read"),
        "the debrief looks different from the conversation"
    );

    // The attempt was saved after every turn, and is finished.
    let attempt = PathBuf::from(d["attempt"].as_str().expect("an attempt file"));
    let saved = alliance::store::load_transcript(&attempt).expect("the attempt is readable");
    assert_eq!(saved.turns.len(), 2);
    assert_eq!(saved.status, alliance::engine::transcript::Status::Finished);

    assert_eq!(d["readings"], 0, "no typed replies, no readings: {d}");
    keep(&[
        (&library, "library"),
        (&conversation, "conversation"),
        (&debrief, "debrief"),
    ]);
    assert!(
        run.app.0.try_wait().expect("status").is_none(),
        "the app is still running"
    );
}

#[test]
#[ignore = "needs Xvfb, xdotool and Mesa's software Vulkan; .ci/run installs them and runs this"]
fn a_student_types_replies_in_their_own_words() {
    if let Some(why) = missing_tools() {
        panic!("the desktop test needs {why}");
    }
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let data = tempfile::tempdir().expect("temp dir");
    let mut run = launch(data.path());
    let display = run.display.clone();
    let c = practise_the_fixture(&mut run);
    let probe = &mut run.probe;
    assert_eq!(
        (c["menu_shown"].as_bool(), c["typing"].as_bool()),
        (Some(true), Some(false)),
        "{c}"
    );

    // Tab reaches the field: from the patient's line past the three replies.
    let tabs = tab_until(&display, probe, 8, |v| v["typing"] == true);
    assert_eq!(tabs, 4, "the field is the first stop after the replies");

    // Digits are typed, not chosen; Shift+Enter starts a new line.
    type_text(&display, "zxqv 1");
    keys(&display, &["shift+Return"]);
    type_text(&display, "2");
    let typed = probe.wait("the words in the field", 60, |v| v["draft"] == "zxqv 1\n2");
    assert_eq!(
        typed["turn"], 0,
        "a digit in the field chose no reply: {typed}"
    );

    // Enter sends. Nonsense is a real turn: the patient asks what was meant and the question stays open.
    keys(&display, &["Return"]);
    let t1 = probe.wait("the first typed turn", 30, |v| v["turn"] == 1);
    assert_eq!(t1["last"]["typed"], true, "{t1}");
    assert_eq!(t1["last"]["said"], "zxqv 1\n2", "{t1}");
    assert_eq!(t1["last"]["matched"], false, "{t1}");
    assert_eq!(
        t1["last"]["reaction_to"], "unclear",
        "a clarifying reaction: {t1}"
    );
    assert_eq!(
        (t1["node"].as_str(), t1["offered"].as_u64()),
        (Some("first"), Some(3)),
        "the node is kept: {t1}"
    );
    assert_eq!(t1["draft"], "", "the field is cleared: {t1}");
    assert_alliance(&t1, &[]);

    // An empty send is a turn too, answered the same way; the field kept the focus.
    keys(&display, &["Return"]);
    let t2 = probe.wait("the empty send", 30, |v| v["turn"] == 2);
    assert_eq!(t2["typing"], true, "typing goes on in the field: {t2}");
    assert_eq!(
        (
            t2["last"]["typed"].as_bool(),
            t2["last"]["matched"].as_bool()
        ),
        (Some(true), Some(false)),
        "{t2}"
    );
    assert_eq!(t2["last"]["reaction_to"], "unclear", "{t2}");
    assert_eq!(t2["node"], "first", "{t2}");

    // Words close to the first authored reply follow its branch.
    type_text(
        &display,
        "It sounds like you have been really hard on yourself about this",
    );
    keys(&display, &["Return"]);
    let t3 = probe.wait("the matched typed turn", 30, |v| v["turn"] == 3);
    assert_eq!(
        (
            t3["last"]["typed"].as_bool(),
            t3["last"]["matched"].as_bool()
        ),
        (Some(true), Some(true)),
        "{t3}"
    );
    assert_eq!(t3["node"], "second", "the matched reply's branch: {t3}");
    assert!(
        t3["bond"].as_f64().unwrap_or(0.0) > 40.0,
        "the alliance moved: {t3}"
    );

    // The switch under the field hides the menu; the field keeps the focus, and the choice is remembered.
    // (One key at a time: egui moves the focus once per frame, and a slow frame can gather two Tabs.)
    for key in ["Tab", "Tab", "space"] {
        keys(&display, &[key]);
        std::thread::sleep(Duration::from_millis(600));
    }
    let hidden = probe.wait("the menu to be hidden", 60, |v| {
        v["menu_shown"] == false && v["typing"] == true
    });
    assert_eq!(hidden["turn"], 3, "{hidden}");
    let settings =
        std::fs::read_to_string(data.path().join("desktop-settings.json")).expect("settings saved");
    assert!(
        settings.contains("\"type_every_reply\": true"),
        "{settings}"
    );
    // With the menu hidden, a digit is only ever typed.
    type_text(&display, "1");
    probe.wait("the digit in the field", 60, |v| v["draft"] == "1");
    keys(&display, &["BackSpace"]);
    probe.wait("an empty field", 60, |v| v["draft"] == "");
    let typed_reply = screenshot(&display, probe, "conversation");
    assert_real_image(&typed_reply, "typed reply");

    // The last decision in words; Enter at the ending opens the debrief.
    type_text(
        &display,
        "Feeling normal matters most to you. What would a first step look like?",
    );
    keys(&display, &["Return"]);
    let end = probe.wait("the ending", 30, |v| v["turn"] == 4 && v["over"] == true);
    assert_eq!(
        (
            end["last"]["typed"].as_bool(),
            end["last"]["matched"].as_bool()
        ),
        (Some(true), Some(true)),
        "{end}"
    );
    keys(&display, &["Return"]);
    let d = probe.wait("the debrief", 30, |v| v["screen"] == "debrief");
    assert_eq!(d["readings"], 4, "one reading per typed turn: {d}");
    // Down to "How your typed replies were read".
    xdotool(&display, &["mousemove", "640", "500"]);
    xdotool(&display, &["click", "--repeat", "14", "--delay", "80", "5"]);
    xdotool(&display, &["mousemove", "2", "798"]);
    let debrief = screenshot(&display, probe, "debrief");
    assert_real_image(&debrief, "debrief");

    // Saved after every turn, each with how it was read.
    let attempt = PathBuf::from(d["attempt"].as_str().expect("an attempt file"));
    let saved = alliance::store::load_transcript(&attempt).expect("the attempt is readable");
    assert_eq!(saved.turns.len(), 4);
    assert!(saved.turns.iter().all(|t| t.typed.is_some()));
    assert_eq!(saved.turns[0].reply_index, None);
    assert_eq!(saved.status, alliance::engine::transcript::Status::Finished);

    keep(&[(&typed_reply, "typed-reply"), (&debrief, "typed-debrief")]);
    assert!(
        run.app.0.try_wait().expect("status").is_none(),
        "the app is still running"
    );
}

#[test]
#[ignore = "needs Xvfb, xdotool and Mesa's software Vulkan; .ci/run installs them and runs this"]
fn at_200_percent_the_feedback_the_answer_and_the_meters_stay_in_view() {
    if let Some(why) = missing_tools() {
        panic!("the desktop test needs {why}");
    }
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let data = tempfile::tempdir().expect("temp dir");
    text_size(data.path(), 2.0);
    let mut run = launch(data.path());
    let display = run.display.clone();
    let c = practise_the_fixture(&mut run);
    assert_eq!(c["text_scale"], 2.0, "{c}");
    let probe = &mut run.probe;
    for turn in [1, 2] {
        keys(&display, &["1"]);
        probe.wait(&format!("turn {turn} with its feedback in view"), 60, |v| {
            v["turn"] == turn
                && v["feedback_in_view"] == true
                && v["line_in_view"] == true
                && v["meters_in_view"] == true
        });
        if turn == 1 {
            let shot = screenshot(&display, probe, "conversation");
            assert_real_image(&shot, "conversation at 200%");
            keep(&[(&shot, "feedback-200")]);
        }
    }
    assert!(
        run.app.0.try_wait().expect("status").is_none(),
        "the app is still running"
    );
}
