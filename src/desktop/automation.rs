//! A probe for automated runs of the real app: with `ALLIANCE_DESKTOP_PROBE=<dir>` set, one JSON line per
//! change of screen, turn, alliance or typed text goes to `<dir>/state.jsonl`, and F12 saves a screenshot there.
//! Off otherwise.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use bevy::window::RequestRedraw;
use serde_json::json;

use super::assignment::Desk;
use super::prefs::Prefs;
use super::state::{Catalog, ConversationView, Notice, Play, Review, Screen};

/// The environment variable naming the probe's folder.
pub const PROBE_ENV: &str = "ALLIANCE_DESKTOP_PROBE";

/// The probe, when switched on.
pub struct AutomationPlugin {
    /// When the process started (for the time to the first frame).
    pub started: Instant,
}

impl Plugin for AutomationPlugin {
    fn build(&self, app: &mut App) {
        let Some(dir) = std::env::var_os(PROBE_ENV).filter(|d| !d.is_empty()) else {
            return;
        };
        let dir = PathBuf::from(dir);
        if let Err(e) = std::fs::create_dir_all(&dir) {
            warn!("{PROBE_ENV}: cannot create {}: {e}", dir.display());
            return;
        }
        app.insert_resource(Probe {
            dir,
            last: String::new(),
            shots: 0,
            started: self.started,
        })
        .add_systems(Update, (screenshot_key, keep_drawing_while_capturing))
        .add_systems(Last, write_state);
    }
}

/// Where the probe writes, and what it last wrote.
#[derive(Resource, Debug)]
pub struct Probe {
    dir: PathBuf,
    last: String,
    shots: u32,
    started: Instant,
}

fn append(dir: &Path, line: &serde_json::Value) {
    let path = dir.join("state.jsonl");
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut f| writeln!(f, "{line}"));
    if let Err(e) = written {
        warn!("{PROBE_ENV}: cannot write {}: {e}", path.display());
    }
}

/// The app's state as the test sees it.
fn write_state(
    mut probe: ResMut<Probe>,
    screen: Res<State<Screen>>,
    (play, view): (Res<Play>, Res<ConversationView>),
    catalog: Res<Catalog>,
    notice: Res<Notice>,
    prefs: Res<Prefs>,
    (review, desk): (Res<Review>, Option<Res<Desk>>),
) {
    let session = play.session();
    let st = session.map(|s| s.state());
    // The last turn: whether it was typed, and for a typed one whether it matched an authored reply (and which
    // fallback reaction answered it when it did not).
    let last = session.and_then(|s| s.transcript().turns.last()).map(|t| {
        json!({
            "said": t.said,
            "typed": t.typed.is_some(),
            "matched": t.typed.as_ref().map(|r| r.matched.is_some()),
            "reaction_to": t.typed.as_ref().and_then(|r| r.reaction).map(|k| k.as_str()),
            "patient": t.reaction.text,
        })
    });
    let line = json!({
        "screen": screen.get().as_str(),
        "vignettes": catalog.library.vignettes.len(),
        "problems": catalog.report.errors(),
        "generation": catalog.generation,
        "vignette": session.map(|s| s.vignette().id.clone()),
        "mode": session.map(|s| s.mode().as_str()),
        "turn": play.turn(),
        "over": session.is_some_and(|s| s.is_over()),
        "offered": session.map_or(0, |s| s.offered().len()),
        "node": session.and_then(|s| s.node_id()),
        "last": last,
        "menu_shown": session.is_some_and(|s| !s.is_over()) && !prefs.type_every_reply,
        "typing": view.typing,
        "draft": view.draft,
        "readings": review.debrief.as_ref().map(|d| d.readings.len()),
        "meters_shown": play.shows_feedback(),
        "bond": st.map(|s| s.bond),
        "goal": st.map(|s| s.goal),
        "task": st.map(|s| s.task),
        "empathy": st.map(|s| s.empathy),
        "attempt": play.path().map(|p| p.display().to_string()),
        "notice": notice.text.as_ref().map(|(t, _)| t.clone()),
        "assignment": desk.as_deref().map(assignment_state),
        // Whether the feedback on the last reply, the patient's line and the meters are on screen.
        "feedback_in_view": view.shown.visible.zip(view.shown.feedback).map(|(v, r)| v.contains_rect(r)),
        "line_in_view": view.shown.visible.zip(view.shown.line).map(|(v, r)| v.contains_rect(r)),
        "meters_in_view": view.shown.side.zip(view.shown.meters).map(|(v, r)| v.contains_rect(r)),
        "text_scale": prefs.text_scale,
    });
    let key = line.to_string();
    if key == probe.last {
        return;
    }
    probe.last = key;
    let mut line = line;
    line["ms"] = json!(probe.started.elapsed().as_millis() as u64);
    append(&probe.dir, &line);
}

/// The assignment open on the Assignment screen: its file's problems, the run's attempts made per vignette,
/// the submission written and the folders "Open the folder" showed.
fn assignment_state(desk: &Desk) -> serde_json::Value {
    let problems = match &desk.loaded {
        Some(super::assignment::desk::Loaded::Problems(p)) => {
            p.iter().map(ToString::to_string).collect::<Vec<_>>()
        }
        _ => Vec::new(),
    };
    let s = desk.sitting.as_ref();
    json!({
        "id": desk.assignment().map(|a| a.id.clone()),
        "problems": problems,
        "pseudonym": s.map(|s| s.pseudonym.clone()),
        "locked": desk.locked,
        "made": s.map(|s| (0..s.assignment.vignettes.len()).map(|i| s.made(i)).collect::<Vec<_>>()),
        "complete": s.is_some_and(crate::sitting::Sitting::complete),
        "submission": desk.handed_in.as_ref().and_then(|h| h.written.as_ref().ok()).map(|p| p.display().to_string()),
        "passed": desk.handed_in.as_ref().map(|h| h.passed),
        "opened_folders": desk.opened_folders.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
    })
}

/// F12 saves the window as `<dir>/NN-<screen>.png` (written whole, then renamed into place).
fn screenshot_key(
    mut commands: Commands,
    keys: Res<ButtonInput<KeyCode>>,
    mut probe: ResMut<Probe>,
    screen: Res<State<Screen>>,
) {
    if !keys.just_pressed(KeyCode::F12) {
        return;
    }
    probe.shots += 1;
    let name = format!("{:02}-{}.png", probe.shots, screen.get().as_str());
    let dir = probe.dir.clone();
    commands
        .spawn(Screenshot::primary_window())
        .observe(move |shot: On<ScreenshotCaptured>| {
            let path = dir.join(&name);
            let part = dir.join(format!(".part-{name}"));
            let saved = shot
                .image
                .clone()
                .try_into_dynamic()
                .map_err(|e| e.to_string())
                .and_then(|img| img.to_rgb8().save(&part).map_err(|e| e.to_string()))
                .and_then(|()| std::fs::rename(&part, &path).map_err(|e| e.to_string()));
            match saved {
                Ok(()) => append(&dir, &json!({ "screenshot": path.display().to_string() })),
                Err(e) => warn!("screenshot {}: {e}", path.display()),
            }
        });
}

/// Screenshots are read back over a few frames; keep frames coming until it is saved.
fn keep_drawing_while_capturing(
    pending: Query<(), With<Screenshot>>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    if !pending.is_empty() {
        redraw.write(RequestRedraw);
    }
}
