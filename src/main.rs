//! The `alliance` binary: the terminal player and the educator's command line over the engine library.
//! Built with the `terminal` feature (on by default); the engine itself never depends on it.
#![forbid(unsafe_code)]

#[cfg(feature = "terminal")]
mod cli;

#[cfg(feature = "terminal")]
fn main() -> std::process::ExitCode {
    // `alliance FILE.yaml` opens that assignment (in the desktop, where there is one).
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(file) = cli::lone_assignment(&args) {
        return cli::open_assignment(file);
    }
    cli::main()
}

#[cfg(not(feature = "terminal"))]
fn main() -> std::process::ExitCode {
    eprintln!(
        "alliance was built without the `terminal` feature; rebuild with `cargo run --release`."
    );
    std::process::ExitCode::from(2)
}
