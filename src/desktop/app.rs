//! Building the Bevy app: the window ("Alliance", 1280x800), reactive redraw so an idle window costs almost
//! nothing, egui, the shared state and actions (`CorePlugin`, also used by headless tests), one plugin per screen.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use bevy::log::{Level, LogPlugin};
use bevy::prelude::*;
use bevy::window::{RequestRedraw, WindowResizeConstraints};
use bevy::winit::WinitSettings;
use bevy_egui::{EguiPlugin, EguiPrimaryContextPass};

use crate::store;

use super::actions::{Action, apply_actions};
use super::assignment::{AssignmentPlugin, OpenAtStart};
use super::automation::AutomationPlugin;
use super::chords::ChordsPlugin;
use super::conversation::ConversationPlugin;
use super::debrief::DebriefPlugin;
use super::history::HistoryPlugin;
use super::idle::IdlePlugin;
use super::library::LibraryPlugin;
use super::prefs::Prefs;
use super::reload::ReloadPlugin;
use super::resume::ResumePlugin;
use super::settings::SettingsPlugin;
use super::state::{
    Attempts, Catalog, ConversationView, DataDir, Notice, Play, Review, Screen, rescan,
};
use super::theme::{Palette, ThemePlugin};

/// The order of the egui systems in a frame: style first, then the screen, then dialogs over it.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub enum UiSet {
    /// Applies the preferences to the egui style.
    Theme,
    /// Draws the screen in the current state.
    Screens,
    /// Draws dialogs over the screen.
    Overlays,
}

/// The state, the actions and the screens, without a window: the app adds a window and egui; headless
/// tests add `MinimalPlugins` and `StatesPlugin` and drive it with key presses and actions.
pub struct CorePlugin {
    /// Folders of the user's own vignettes (`--dialogues` and the data directory's `vignettes`).
    pub dirs: Vec<PathBuf>,
    /// The data directory (transcripts, exports, settings).
    pub data: Option<PathBuf>,
}

impl Plugin for CorePlugin {
    fn build(&self, app: &mut App) {
        let data = DataDir(self.data.clone());
        let (prefs, prefs_problem) = Prefs::load(self.data.as_deref());
        let mut notice = Notice::default();
        if let Some(p) = prefs_problem {
            notice.problem(p);
        }
        app.init_state::<Screen>()
            .add_message::<Action>()
            .add_message::<RequestRedraw>()
            .init_resource::<ButtonInput<KeyCode>>()
            .insert_resource(Catalog::load(self.dirs.clone()))
            .init_resource::<Attempts>()
            .insert_resource(data)
            .insert_resource(prefs)
            .insert_resource(Palette::for_prefs(&prefs))
            .insert_resource(notice)
            .init_resource::<Play>()
            .init_resource::<ConversationView>()
            .init_resource::<Review>()
            .configure_sets(
                EguiPrimaryContextPass,
                (UiSet::Theme, UiSet::Screens, UiSet::Overlays).chain(),
            )
            .add_systems(Update, apply_actions)
            // The saved attempts are read when a screen that lists them is entered (the initial entry to the
            // library runs before `Startup`, so the resume offer sees them), never in a frame.
            .add_systems(OnEnter(Screen::Library), rescan)
            .add_systems(OnEnter(Screen::History), rescan)
            .add_plugins((
                ThemePlugin,
                LibraryPlugin,
                ConversationPlugin,
                DebriefPlugin,
                HistoryPlugin,
                SettingsPlugin,
                ResumePlugin,
                ReloadPlugin,
                AssignmentPlugin,
            ));
    }
}

/// Opens the window (on the assignment file `open`, when given) and runs until it is closed.
pub fn run(dirs: Vec<PathBuf>, open: Option<PathBuf>) -> ExitCode {
    let started = Instant::now();
    let data = store::data_dir();
    let (prefs, _) = Prefs::load(data.as_deref());
    let window = Window {
        title: "Alliance".into(),
        name: Some("alliance".into()),
        resolution: (1280, 800).into(),
        resize_constraints: WindowResizeConstraints {
            min_width: 800.0,
            min_height: 560.0,
            ..default()
        },
        ..default()
    };
    let mut app = App::new();
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(window),
                ..default()
            })
            .set(LogPlugin {
                level: Level::WARN,
                filter: "warn,wgpu=error,naga=error,bevy_render=error".into(),
                ..default()
            }),
    )
    // Draw only when something happens (input, a reply, a reload woken by the file watcher): an idle
    // window costs almost no CPU.
    .insert_resource(WinitSettings::desktop_app())
    .insert_resource(ClearColor(clear_color(&Palette::for_prefs(&prefs))))
    .add_plugins(EguiPlugin::default())
    .insert_resource(OpenAtStart(open))
    .add_plugins(CorePlugin { dirs, data })
    .add_plugins(AutomationPlugin { started })
    .add_systems(Startup, spawn_camera)
    .add_systems(Update, follow_palette)
    .add_plugins((IdlePlugin, ChordsPlugin));
    match app.run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(code) => ExitCode::from(code.get()),
    }
}

fn clear_color(p: &Palette) -> Color {
    let [r, g, b, _] = p.bg.to_array();
    Color::srgb_u8(r, g, b)
}

fn spawn_camera(mut commands: Commands) {
    commands.spawn(Camera2d);
}

/// The window behind the panels takes the palette's background (no flash of another colour on resize).
fn follow_palette(pal: Res<Palette>, mut clear: ResMut<ClearColor>) {
    if pal.is_changed() {
        clear.0 = clear_color(&pal);
    }
}
