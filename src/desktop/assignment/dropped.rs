//! A file dropped on the window opens as an assignment (Bevy 0.19's `FileDragAndDrop::DroppedFile`); what is
//! not an assignment file says so on the Assignment screen.

use bevy::prelude::*;
use bevy::window::FileDragAndDrop;

use super::flow::AssignmentAction;

/// Turns each dropped file into an `Open` action.
pub fn open_dropped(
    mut drops: MessageReader<FileDragAndDrop>,
    mut actions: MessageWriter<AssignmentAction>,
) {
    for d in drops.read() {
        if let FileDragAndDrop::DroppedFile { path_buf, .. } = d {
            actions.write(AssignmentAction::Open(path_buf.clone()));
        }
    }
}
