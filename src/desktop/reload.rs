//! Hot reload: about once a second, compare the modification times of the vignette files in the watched
//! folders; when one changed, appeared or went, reload the library (errors are shown, the rest stays usable).

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use bevy::prelude::*;
use bevy::window::RequestRedraw;

use super::state::{Catalog, Notice};

/// Watches the vignette folders.
pub struct ReloadPlugin;

impl Plugin for ReloadPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(Startup, remember_files)
            .add_systems(Update, poll_files);
    }
}

/// The files last seen: path, modification time and length.
#[derive(Resource, Debug, Default, PartialEq)]
pub struct Watched {
    files: Vec<(PathBuf, Option<SystemTime>, u64)>,
    timer: Timer,
}

/// How often the folders are looked at.
const EVERY: Duration = Duration::from_secs(1);

/// The vignette files in `dirs` now (the same selection the library loads: `*.yaml`, `*.yml`).
pub fn snapshot(dirs: &[PathBuf]) -> Vec<(PathBuf, Option<SystemTime>, u64)> {
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

fn remember_files(mut commands: Commands, catalog: Res<Catalog>) {
    commands.insert_resource(Watched {
        files: snapshot(&catalog.dirs),
        timer: Timer::new(EVERY, TimerMode::Repeating),
    });
}

/// Reloads the library when a watched file changed.
pub fn poll_files(
    time: Res<Time<Real>>,
    watched: Option<ResMut<Watched>>,
    mut catalog: ResMut<Catalog>,
    mut notice: ResMut<Notice>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    let Some(mut watched) = watched else {
        return;
    };
    // Real time: virtual time caps each step at 250 ms, and a reactive app may sleep a second between frames.
    if !watched.timer.tick(time.delta()).just_finished() {
        return;
    }
    let now = snapshot(&catalog.dirs);
    if now == watched.files {
        return;
    }
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
