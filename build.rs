//! Embeds every shipped vignette (dialogues/*.yaml, except the rubric) so the binary runs from any directory.
//! Generates a list of (file name, include_str!) pairs; adding a vignette needs no code change.

use std::{env, fs, path::Path};

fn main() {
    // The manifest folder as cargo gives it to this run, not as it was when the script was compiled: one compiled
    // script can serve several checkouts sharing a target folder.
    let manifest = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest).join("dialogues");
    println!("cargo:rerun-if-changed={}", dir.display());
    // A missing folder is an error, not an empty library: a binary without its vignettes must not build.
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap_or_else(|e| {
            panic!(
                "cannot read the shipped vignettes in {}: {e}",
                dir.display()
            )
        })
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml") && n != "rubric.yaml")
        .collect();
    names.sort();
    let mut code = String::from(
        "/// Shipped vignettes: (file name, YAML text).\npub const SHIPPED: &[(&str, &str)] = &[\n",
    );
    for n in &names {
        println!("cargo:rerun-if-changed={}", dir.join(n).display());
        code.push_str(&format!(
            "    ({n:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/dialogues/{n}\"))),\n"
        ));
    }
    code.push_str("];\n");
    let out_dir = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).to_path_buf();
    // A new file renamed into place, never one rewritten in place: a build folder copied with hard links must not
    // change another build's list.
    let tmp = out_dir.join("shipped.rs.tmp");
    fs::write(&tmp, code).expect("OUT_DIR is writable");
    fs::rename(&tmp, out_dir.join("shipped.rs")).expect("OUT_DIR is writable");
}
