//! Hot reload: a small thread compares the modification times of the vignette files in the watched folders
//! about once a second and wakes the app when one changed, appeared or went; the app then reloads the library
//! (errors are shown, the rest stays usable). Polling off the main loop lets an idle window sleep.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};
use std::time::{Duration, SystemTime};

use bevy::prelude::*;
use bevy::window::RequestRedraw;
use bevy::winit::{EventLoopProxyWrapper, WinitUserEvent};

use super::state::{Catalog, Notice};

/// Watches the vignette folders.
pub struct ReloadPlugin;

impl Plugin for ReloadPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(Startup, start_watching)
            .add_systems(Update, reload_changed);
    }
}

/// How often the folders are looked at.
const EVERY: Duration = Duration::from_secs(1);

/// One file as last seen: path, modification time and length.
type Seen = (PathBuf, Option<SystemTime>, u64);

/// Set by the watching thread when the files differ from the last reload; the thread stops when this goes.
#[derive(Resource, Debug)]
pub struct Watched {
    changed: Arc<AtomicBool>,
    files: Vec<Seen>,
}

/// The vignette files in `dirs` now (the same selection the library loads: `*.yaml`, `*.yml`).
pub fn snapshot(dirs: &[PathBuf]) -> Vec<Seen> {
    let mut files = Vec::new();
    for d in dirs {
        let Ok(rd) = std::fs::read_dir(d) else {
            continue;
        };
        for e in rd.filter_map(Result::ok) {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
                let m = e.metadata().ok();
                files.push((
                    p,
                    m.as_ref().and_then(|m| m.modified().ok()),
                    m.map_or(0, |m| m.len()),
                ));
            }
        }
    }
    files.sort();
    files
}

fn start_watching(
    mut commands: Commands,
    catalog: Res<Catalog>,
    proxy: Option<Res<EventLoopProxyWrapper>>,
) {
    let files = snapshot(&catalog.dirs);
    let changed = Arc::new(AtomicBool::new(false));
    let flag: Weak<AtomicBool> = Arc::downgrade(&changed);
    let dirs = catalog.dirs.clone();
    let proxy = proxy.map(|p| (**p).clone());
    let mut last = files.clone();
    let spawned = std::thread::Builder::new()
        .name("vignette-watch".into())
        .spawn(move || {
            loop {
                std::thread::sleep(EVERY);
                // The app (or a test's app) is gone: stop watching.
                let Some(flag) = flag.upgrade() else {
                    return;
                };
                let now = snapshot(&dirs);
                if now != last {
                    last = now;
                    flag.store(true, Ordering::Release);
                    if let Some(p) = &proxy {
                        // A closed event loop means the app is closing; nothing to wake.
                        let _ = p.send_event(WinitUserEvent::WakeUp);
                    }
                }
            }
        });
    if let Err(e) = spawned {
        warn!("vignette files will not be reloaded: {e}");
    }
    commands.insert_resource(Watched { changed, files });
}

/// Reloads the library when the watching thread saw a change.
pub fn reload_changed(
    watched: Option<ResMut<Watched>>,
    mut catalog: ResMut<Catalog>,
    mut notice: ResMut<Notice>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    let Some(mut watched) = watched else {
        return;
    };
    if !watched.changed.swap(false, Ordering::AcqRel) {
        return;
    }
    let now = snapshot(&catalog.dirs);
    let changed: Vec<String> = now
        .iter()
        .filter(|f| !watched.files.contains(f))
        .filter_map(|(p, _, _)| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    watched.files = now;
    let generation = catalog.generation + 1;
    let dirs = std::mem::take(&mut catalog.dirs);
    *catalog = Catalog::load(dirs);
    catalog.generation = generation;
    let errors = catalog.report.errors();
    let what = if changed.is_empty() {
        "a vignette file was removed".to_owned()
    } else {
        changed.join(", ")
    };
    if errors > 0 {
        notice.problem(format!(
            "Reloaded ({what}): {errors} problem{} shown in the library; the other vignettes are ready.",
            if errors == 1 { "" } else { "s" }
        ));
    } else {
        notice.info(format!("Reloaded the library ({what})."));
    }
    redraw.write(RequestRedraw);
}
