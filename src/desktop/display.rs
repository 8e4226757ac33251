//! Whether a window can be opened here: over ssh or in a container there is no display, and the desktop
//! says so plainly (and points to the terminal player) instead of letting the windowing layer panic.

use std::ffi::OsString;

/// What the environment allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DisplayCheck {
    /// An X11 display is set (a Wayland session provides one through XWayland).
    Ready,
    /// Neither `DISPLAY` nor `WAYLAND_DISPLAY` is set.
    NoDisplay,
    /// Only `WAYLAND_DISPLAY` is set: this build draws through X11, which needs XWayland.
    WaylandOnly,
}

impl DisplayCheck {
    /// The message printed before exiting with code 2.
    pub fn message(&self) -> String {
        let terminal = "The terminal player works everywhere:\n  \
                        alliance menu          choose a vignette and a mode\n  \
                        alliance play <id>     play one (alliance list shows the ids)";
        match self {
            DisplayCheck::Ready => String::new(),
            DisplayCheck::NoDisplay => format!(
                "The desktop trainer needs a display, and none is available here \
                 (DISPLAY and WAYLAND_DISPLAY are not set, e.g. over ssh).\n{terminal}"
            ),
            DisplayCheck::WaylandOnly => format!(
                "The desktop trainer draws through X11 and this Wayland session has no X11 display \
                 (DISPLAY is not set): start XWayland, or use the terminal player.\n{terminal}"
            ),
        }
    }
}

/// Checks the display variables through `var` (`std::env::var_os` in the app; a map in tests).
pub fn check_display(var: impl Fn(&str) -> Option<OsString>) -> DisplayCheck {
    let set = |k: &str| var(k).is_some_and(|v| !v.is_empty());
    match (set("DISPLAY"), set("WAYLAND_DISPLAY")) {
        (true, _) => DisplayCheck::Ready,
        (false, true) => DisplayCheck::WaylandOnly,
        (false, false) => DisplayCheck::NoDisplay,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn no_display_variables_means_no_display() {
        assert_eq!(check_display(env(&[])), DisplayCheck::NoDisplay);
        assert_eq!(
            check_display(env(&[("DISPLAY", "")])),
            DisplayCheck::NoDisplay
        );
        let m = DisplayCheck::NoDisplay.message();
        assert!(m.contains("alliance menu") && m.contains("alliance play <id>"));
    }

    #[test]
    fn an_x11_display_is_enough() {
        assert_eq!(
            check_display(env(&[("DISPLAY", ":0")])),
            DisplayCheck::Ready
        );
        assert_eq!(
            check_display(env(&[("DISPLAY", ":0"), ("WAYLAND_DISPLAY", "wayland-0")])),
            DisplayCheck::Ready
        );
    }

    #[test]
    fn wayland_without_xwayland_is_explained() {
        let c = check_display(env(&[("WAYLAND_DISPLAY", "wayland-0")]));
        assert_eq!(c, DisplayCheck::WaylandOnly);
        assert!(c.message().contains("XWayland"));
    }
}
