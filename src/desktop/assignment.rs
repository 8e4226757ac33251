//! Assignments in the desktop: open an assignment file (the Assignment screen's picker, `alliance FILE.yaml`,
//! or a file dropped on the window), sit it under a pseudonym with the terminal's rules (`sitting`), hand in.

pub(crate) mod desk;
mod dropped;
pub(crate) mod flow;
pub(crate) mod folder;
pub(crate) mod found;
mod screen;

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::window::FileDragAndDrop;
use bevy_egui::EguiPrimaryContextPass;

pub use desk::Desk;
pub use flow::{AssignmentAction, apply_assignment_actions};

use super::actions::apply_actions;
use super::app::UiSet;
use super::state::Screen;

/// The environment variable giving a seed for an assignment's attempts (as `play --seed`: each attempt's
/// seed derives from it), so a scripted run replays exactly; a fresh seed per attempt otherwise.
pub const SEED_ENV: &str = "ALLIANCE_SEED";

/// The assignment file to open at start (`alliance FILE.yaml`), if any.
#[derive(Resource, Debug, Clone, Default)]
pub struct OpenAtStart(pub Option<PathBuf>);

/// The Assignment screen and the actions behind it.
pub struct AssignmentPlugin;

impl Plugin for AssignmentPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<Desk>()
            .init_resource::<OpenAtStart>()
            .add_message::<AssignmentAction>()
            // Registered by the window plugin too; headless tests have none.
            .add_message::<FileDragAndDrop>()
            .add_systems(Startup, flow::open_at_start)
            .add_systems(
                Update,
                (
                    dropped::open_dropped,
                    apply_assignment_actions.after(apply_actions),
                    flow::follow_lrs,
                )
                    .chain(),
            )
            .add_systems(
                OnEnter(Screen::Assignment),
                (found::rescan, flow::put_down_play),
            )
            .add_systems(
                EguiPrimaryContextPass,
                screen::assignment_ui
                    .in_set(UiSet::Screens)
                    .run_if(in_state(Screen::Assignment)),
            );
    }
}
