//! The desktop trainer as a student uses it: the real binary under Xvfb with software Vulkan, driven by real
//! key presses (xdotool) from the library through a conversation to its debrief, with a screenshot of each.
#![cfg(feature = "desktop")]

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use alliance::engine::{Mode, Session};
use alliance::scoring::Rubric;
use alliance::vignette::Library;
use serde_json::Value;

/// Why the test cannot run here, if it cannot (the machine lacks Xvfb, xdotool or software Vulkan).
fn missing_tools() -> Option<String> {
    let on_path = |cmd: &str| {
        std::env::var_os("PATH")
            .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(cmd).is_file()))
    };
    let mut missing = Vec::new();
    if !on_path("Xvfb") {
        missing.push("Xvfb (Debian package xvfb)");
    }
    if !on_path("xdotool") {
        missing.push("xdotool (package xdotool)");
    }
    let lavapipe = std::fs::read_dir("/usr/share/vulkan/icd.d")
        .map(|rd| {
            rd.filter_map(Result::ok)
                .any(|e| e.file_name().to_string_lossy().starts_with("lvp_icd"))
        })
        .unwrap_or(false);
    if !lavapipe {
        missing.push("software Vulkan (package mesa-vulkan-drivers)");
    }
    (!missing.is_empty()).then(|| missing.join(", "))
}

/// A process killed when the test ends, however it ends.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts Xvfb on a free display; returns it and the display name.
fn xvfb() -> (Killed, String) {
    for n in (90 + std::process::id() % 50)..200 {
        if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
            || Path::new(&format!("/tmp/.X{n}-lock")).exists()
        {
            continue;
        }
        let child = Command::new("Xvfb")
            .args([
                &format!(":{n}"),
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb starts");
        let x = Killed(child);
        let socket = format!("/tmp/.X11-unix/X{n}");
        let t = Instant::now();
        while t.elapsed() < Duration::from_secs(10) {
            if Path::new(&socket).exists() {
                return (x, format!(":{n}"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    panic!("no X display could be started");
}

/// The app's state log, read as it grows.
struct Probe {
    dir: PathBuf,
    seen: usize,
}

impl Probe {
    fn lines(&self) -> Vec<Value> {
        std::fs::read_to_string(self.dir.join("state.jsonl"))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    }

    /// Waits for a new line matching `want`; fails with the log so far after `secs` seconds.
    fn wait(&mut self, what: &str, secs: u64, want: impl Fn(&Value) -> bool) -> Value {
        let t = Instant::now();
        loop {
            let lines = self.lines();
            if let Some((i, v)) = lines
                .iter()
                .enumerate()
                .skip(self.seen)
                .find(|(_, v)| want(v))
            {
                self.seen = i + 1;
                return v.clone();
            }
            assert!(
                t.elapsed() < Duration::from_secs(secs),
                "timed out waiting for {what}; state log:\n{}",
                lines
                    .iter()
                    .map(Value::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

fn xdotool(display: &str, args: &[&str]) -> String {
    let out = Command::new("xdotool")
        .args(args)
        .env("DISPLAY", display)
        .output()
        .expect("xdotool runs");
    assert!(
        out.status.success(),
        "xdotool {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Presses keys in the app's window, as a student would.
fn keys(display: &str, keys: &[&str]) {
    let mut args = vec!["key", "--delay", "120"];
    args.extend_from_slice(keys);
    xdotool(display, &args);
}

/// Presses F12 (the probe's screenshot key) and waits for the file; returns its path.
fn screenshot(display: &str, probe: &mut Probe, screen: &str) -> PathBuf {
    // Let egui settle after the last change (layout passes, animations) before capturing.
    std::thread::sleep(Duration::from_millis(800));
    keys(display, &["F12"]);
    let line = probe.wait(&format!("a screenshot of the {screen}"), 60, |v| {
        v["screenshot"]
            .as_str()
            .is_some_and(|p| p.ends_with(&format!("-{screen}.png")))
    });
    PathBuf::from(line["screenshot"].as_str().expect("a path"))
}

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

#[test]
fn a_student_plays_a_vignette_to_its_debrief_by_keyboard() {
    if let Some(why) = missing_tools() {
        eprintln!("skipped: the desktop test needs {why}");
        return;
    }
    let (_x, display) = xvfb();
    let data = tempfile::tempdir().expect("temp dir");
    let probe_dir = data.path().join("probe");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let started = Instant::now();
    let app = Command::new(env!("CARGO_BIN_EXE_alliance"))
        .arg("--dialogues")
        .arg(&fixtures)
        .arg("desktop")
        .env("DISPLAY", &display)
        .env_remove("WAYLAND_DISPLAY")
        .env("ALLIANCE_DATA_DIR", data.path())
        .env("ALLIANCE_DESKTOP_PROBE", &probe_dir)
        .stdout(Stdio::null())
        .stderr(File::create(data.path().join("app.log")).expect("log file"))
        .spawn()
        .expect("the app starts");
    let mut app = Killed(app);
    let mut probe = Probe {
        dir: probe_dir,
        seen: 0,
    };

    // The library, with the shipped vignettes and the fixture.
    let first = probe.wait("the library", 180, |v| v["screen"] == "library");
    eprintln!("first frame after {:.1} s", started.elapsed().as_secs_f64());
    assert!(first["vignettes"].as_u64().unwrap_or(0) >= 2, "{first}");
    assert_eq!(first["problems"], 0, "{first}");
    let window = xdotool(&display, &["search", "--sync", "--name", "^Alliance$"]);
    let window = window
        .lines()
        .next()
        .expect("the window is titled Alliance")
        .to_owned();
    xdotool(&display, &["windowfocus", "--sync", &window]);
    xdotool(&display, &["mousemove", "2", "798"]);
    let library = screenshot(&display, &mut probe, "library");
    assert_real_image(&library, "library");

    // "/" searches, Enter goes to the first match's Practice button, Enter starts it.
    keys(&display, &["slash"]);
    xdotool(&display, &["type", "--delay", "80", "short review"]);
    keys(&display, &["Return"]);
    std::thread::sleep(Duration::from_millis(500));
    keys(&display, &["Return"]);
    let c = probe.wait("the conversation", 60, |v| v["screen"] == "conversation");
    assert_eq!(c["vignette"], "mini-review", "{c}");
    assert_eq!(
        (c["turn"].as_u64(), c["mode"].as_str()),
        (Some(0), Some("practice")),
        "{c}"
    );
    assert_eq!(c["meters_shown"], true, "practice shows the meters: {c}");
    assert_eq!(c["offered"], 3, "{c}");
    assert_alliance(&c, &[]);

    // Key 1 gives the first reply: the turn advances and the alliance moves as the engine says.
    keys(&display, &["1"]);
    let t1 = probe.wait("turn 1", 30, |v| v["turn"] == 1);
    assert_eq!(t1["screen"], "conversation");
    assert_alliance(&t1, &[0]);
    let conversation = screenshot(&display, &mut probe, "conversation");
    assert_real_image(&conversation, "conversation");

    // Key 1 again reaches the ending; Enter opens the debrief.
    keys(&display, &["1"]);
    let end = probe.wait("the ending", 30, |v| v["turn"] == 2 && v["over"] == true);
    assert_alliance(&end, &[0, 0]);
    keys(&display, &["Return"]);
    let d = probe.wait("the debrief", 30, |v| v["screen"] == "debrief");
    assert_alliance(&d, &[0, 0]);
    let debrief = screenshot(&display, &mut probe, "debrief");
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

    if let Some(to) = std::env::var_os("ALLIANCE_SCREENSHOTS_TO") {
        let to = PathBuf::from(to);
        std::fs::create_dir_all(&to).expect("screenshot folder");
        for (from, name) in [
            (&library, "library"),
            (&conversation, "conversation"),
            (&debrief, "debrief"),
        ] {
            std::fs::copy(from, to.join(format!("{name}.png"))).expect("copied");
        }
    }
    assert!(
        app.0.try_wait().expect("status").is_none(),
        "the app is still running"
    );
}
