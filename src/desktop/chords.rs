//! Shift+Enter as it was pressed. bevy_egui 0.42 stamps every key event of a frame with the modifiers as they
//! stand at the end of the frame, so on a slow frame (software rendering, a busy machine) a quick Shift+Enter
//! whose Shift is already released reaches egui as a plain Enter: the conversation's text field would send the
//! reply instead of starting a new line. The keyboard messages are in order; they say whether Shift was down
//! at each Enter, and that is written back onto egui's Enter events before egui reads them.

use bevy::input::keyboard::{Key, KeyboardFocusLost, KeyboardInput};
use bevy::prelude::*;
use bevy_egui::egui::{self, Event};
use bevy_egui::{EguiInput, EguiInputSet, EguiPreUpdateSet};

/// Corrects the Shift of egui's Enter events from the ordered keyboard messages.
pub struct ChordsPlugin;

impl Plugin for ChordsPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            PreUpdate,
            shift_at_each_enter
                .after(EguiInputSet::WriteEguiEvents)
                .before(EguiPreUpdateSet::BeginPass),
        );
    }
}

fn shift_at_each_enter(
    mut keyboard: MessageReader<KeyboardInput>,
    mut focus_lost: MessageReader<KeyboardFocusLost>,
    mut inputs: Query<&mut EguiInput>,
    mut shift: Local<bool>,
) {
    // A Shift released in another window would otherwise stay down here.
    if focus_lost.read().count() > 0 {
        *shift = false;
    }
    let mut at_enter = Vec::new();
    for m in keyboard.read() {
        match m.logical_key {
            Key::Shift => *shift = m.state.is_pressed(),
            Key::Enter if m.state.is_pressed() => at_enter.push(*shift),
            _ => {}
        }
    }
    if at_enter.is_empty() {
        return;
    }
    for mut input in &mut inputs {
        stamp_shift(&mut input.0.events, &at_enter);
    }
}

/// Gives the pressed Enter events among `events` the Shift state of `at_enter`, in order; leaves them alone
/// when the counts differ (some went to another context), as the pairing would be a guess.
pub fn stamp_shift(events: &mut [Event], at_enter: &[bool]) {
    let mut enters: Vec<&mut egui::Modifiers> = events
        .iter_mut()
        .filter_map(|e| match e {
            Event::Key {
                key: egui::Key::Enter,
                pressed: true,
                modifiers,
                ..
            } => Some(modifiers),
            _ => None,
        })
        .collect();
    if enters.len() != at_enter.len() {
        return;
    }
    for (m, &shift) in enters.iter_mut().zip(at_enter) {
        m.shift = shift;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enter(shift: bool) -> Event {
        Event::Key {
            key: egui::Key::Enter,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: egui::Modifiers {
                shift,
                ..Default::default()
            },
        }
    }

    #[test]
    fn a_shift_released_in_the_same_frame_still_counts_for_its_enter() {
        // Shift+Enter, then Enter, in one frame: bevy_egui stamped both with the end-of-frame "no Shift".
        let mut events = vec![enter(false), Event::Text("a".into()), enter(false)];
        stamp_shift(&mut events, &[true, false]);
        assert_eq!(events[0], enter(true));
        assert_eq!(events[2], enter(false));
        // A count that does not pair up is left as it was.
        let mut events = vec![enter(false)];
        stamp_shift(&mut events, &[true, true]);
        assert_eq!(events[0], enter(false));
    }

    #[test]
    fn the_system_reads_the_keys_in_order() {
        use bevy::input::ButtonState;
        let mut app = App::new();
        app.add_plugins(MinimalPlugins)
            .add_message::<KeyboardInput>()
            .add_message::<KeyboardFocusLost>()
            .add_systems(Update, shift_at_each_enter);
        let raw = egui::RawInput {
            events: vec![enter(false), enter(false)],
            ..Default::default()
        };
        let ctx = app.world_mut().spawn(EguiInput(raw)).id();
        let key = |logical_key, key_code, state| KeyboardInput {
            key_code,
            logical_key,
            state,
            text: None,
            repeat: false,
            window: Entity::PLACEHOLDER,
        };
        // Shift down, Enter, Shift up, Enter: all in one frame.
        for m in [
            key(Key::Shift, KeyCode::ShiftLeft, ButtonState::Pressed),
            key(Key::Enter, KeyCode::Enter, ButtonState::Pressed),
            key(Key::Enter, KeyCode::Enter, ButtonState::Released),
            key(Key::Shift, KeyCode::ShiftLeft, ButtonState::Released),
            key(Key::Enter, KeyCode::Enter, ButtonState::Pressed),
        ] {
            app.world_mut().write_message(m);
        }
        app.update();
        let events = &app.world().get::<EguiInput>(ctx).expect("input").0.events;
        assert_eq!(events, &vec![enter(true), enter(false)]);
    }
}
