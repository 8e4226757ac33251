//! The desktop under Xvfb, shared by the tests that drive the real binary: which tools are missing, a private X
//! display, the app's state log (`ALLIANCE_DESKTOP_PROBE`), key presses (xdotool) and screenshots (F12).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Why the test cannot run here, if it cannot (the machine lacks Xvfb, xdotool or software Vulkan).
pub fn missing_tools() -> Option<String> {
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
pub struct Killed(pub Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts Xvfb on a free display; returns it and the display name.
pub fn xvfb() -> (Killed, String) {
    for n in (90 + std::process::id() % 50)..200 {
        let lock = format!("/tmp/.X{n}-lock");
        let socket = format!("/tmp/.X11-unix/X{n}");
        if Path::new(&lock).exists() || Path::new(&socket).exists() {
            // A lock left by an Xvfb that was killed (its process gone) would block the display for ever.
            let pid = std::fs::read_to_string(&lock).unwrap_or_default();
            let pid = pid.trim();
            if pid.is_empty() || Path::new(&format!("/proc/{pid}")).exists() {
                continue;
            }
            let _ = std::fs::remove_file(&lock);
            let _ = std::fs::remove_file(&socket);
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
pub struct Probe {
    /// The folder `ALLIANCE_DESKTOP_PROBE` names.
    pub dir: PathBuf,
    /// Lines already matched by `wait`.
    pub seen: usize,
}

impl Probe {
    /// Every line logged so far.
    pub fn lines(&self) -> Vec<Value> {
        std::fs::read_to_string(self.dir.join("state.jsonl"))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    }

    /// Waits for a new line matching `want`; fails with the log so far after `secs` seconds.
    pub fn wait(&mut self, what: &str, secs: u64, want: impl Fn(&Value) -> bool) -> Value {
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

/// Runs xdotool on `display`; its output, trimmed.
pub fn xdotool(display: &str, args: &[&str]) -> String {
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
pub fn keys(display: &str, keys: &[&str]) {
    let mut args = vec!["key", "--delay", "120"];
    args.extend_from_slice(keys);
    xdotool(display, &args);
}

/// Presses F12 (the probe's screenshot key) and waits for the file; returns its path.
pub fn screenshot(display: &str, probe: &mut Probe, screen: &str) -> PathBuf {
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
