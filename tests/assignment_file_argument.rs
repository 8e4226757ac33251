//! `alliance FILE.yaml` opens an assignment in the desktop; where no window can open (no display, or a build
//! without the desktop) it says so and gives the terminal's command for the same file, exit 2, never a panic.

use std::process::{Command, Stdio};

#[test]
fn an_assignment_file_without_a_display_gets_the_terminal_command() {
    let data = tempfile::tempdir().expect("temp dir");
    let asg = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/assignments/mini.yaml");
    let o = Command::new(env!("CARGO_BIN_EXE_alliance"))
        .arg(&asg)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("ALLIANCE_DATA_DIR", data.path())
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains(&format!("alliance play --assignment {}", asg.display())),
        "the terminal command for the same file: {err}"
    );
}

#[test]
fn a_yaml_file_beside_other_arguments_is_not_taken_for_an_assignment() {
    // `alliance check FILE.yaml` is the checker's, as before.
    let data = tempfile::tempdir().expect("temp dir");
    let vignette =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini.yaml");
    let o = Command::new(env!("CARGO_BIN_EXE_alliance"))
        .arg("check")
        .arg(&vignette)
        .env("ALLIANCE_DATA_DIR", data.path())
        .output()
        .expect("the binary runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}
