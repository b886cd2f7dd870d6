//! Compiles the built-in scenarios into the binary: every folder of `graph/scenarios/` is one,
//! named after the folder, with whichever of the four dataset files it holds. The list is
//! generated so that adding a scenario folder is all it takes (see `load::builtin_scenarios`).

use std::fmt::Write as _;
use std::path::Path;

const FILES: [&str; 4] = ["sources.json", "actors.json", "links.json", "milestones.json"];

fn main() {
    // The whole folder: a scenario folder added or removed changes the list.
    println!("cargo:rerun-if-changed=graph");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("graph/scenarios");
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().to_str().map(String::from))
        .collect();
    names.sort();
    let mut code = String::from("&[\n");
    for name in &names {
        let mut files = String::new();
        for file in FILES {
            let path = root.join(name).join(file);
            if path.is_file() {
                let _ = write!(files, "Some(include_str!({:?})), ", path.display().to_string());
            } else {
                files.push_str("None, ");
            }
        }
        let _ = writeln!(code, "    ({name:?}, [{files}]),");
    }
    code.push(']');
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("scenarios.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
