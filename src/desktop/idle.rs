//! Keeps an idle window idle. bevy_egui 0.42 hands egui the keyboard modifiers as a new input event every
//! frame; egui answers any input event with a repaint, so the window would redraw forever. Repeats are dropped.

use bevy::prelude::*;
use bevy_egui::egui::{Event, Modifiers};
use bevy_egui::{EguiInput, EguiInputSet, EguiPreUpdateSet};

/// Drops unchanged modifier events before egui reads the frame's input.
pub struct IdlePlugin;

impl Plugin for IdlePlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            PreUpdate,
            drop_repeated_modifiers
                .after(EguiInputSet::WriteEguiEvents)
                .before(EguiPreUpdateSet::BeginPass),
        );
    }
}

/// egui keeps the last modifiers it was told of, so only a change needs telling.
fn drop_repeated_modifiers(mut inputs: Query<&mut EguiInput>, mut last: Local<Option<Modifiers>>) {
    for mut input in &mut inputs {
        input.0.events.retain(|e| match e {
            Event::ModifiersChanged(m) => {
                let changed = *last != Some(*m);
                *last = Some(*m);
                changed
            }
            _ => true,
        });
    }
}
