//! The library's layers, kept: every file under `src/` (but the binary's `src/main.rs`,
//! `src/cli/` and `src/bin/`) names, in its `crate::…` paths (imports, code and doc links alike),
//! only modules of its own layer or of a layer below. Unit tests (a `#[cfg(test)] mod` at the end
//! of a file, or a `tests.rs` file) may use anything. `docs/architecture.md` says what each layer is for.

use crate::util::root;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The layers, from the bottom, each with the crate's top-level modules in it (a module
/// re-exported at the root under its own name, such as `crate::memory` for
/// `crate::platform::memory`, is listed under its layer too).
const LAYERS: &[(&str, &[&str])] = &[
    ("platform", &["platform", "error", "locate", "memory"]),
    (
        "dataset",
        &["dataset", "model", "interned", "vocabulary", "resolve", "canonical", "schema", "synth"],
    ),
    ("load", &["load"]),
    ("checks", &["validate"]),
    ("graph", &["graph"]),
    ("open", &["open"]),
    ("views", &["filter", "query", "style"]),
    (
        "outputs",
        &[
            "export", "output", "table", "render", "atlas", "report", "import", "edit", "init",
            "fuzzing",
        ],
    ),
];

/// The layer of each top-level module, by its rank from the bottom.
fn ranks() -> HashMap<&'static str, usize> {
    let mut ranks = HashMap::new();
    for (rank, (_, modules)) in LAYERS.iter().enumerate() {
        for module in *modules {
            assert!(ranks.insert(*module, rank).is_none(), "{module} is in two layers");
        }
    }
    ranks
}

/// The items re-exported at the crate root (`crate::Scope`, `crate::load(…)`), each with the
/// top-level module it comes from, as `src/lib.rs` says.
fn root_items(lib: &str) -> HashMap<String, String> {
    let mut items = HashMap::new();
    let text = lib.replace('\n', " ");
    for statement in text.split(';') {
        let Some(rest) = statement.trim().strip_prefix("pub use ") else { continue };
        let Some((module, names)) = rest.split_once("::") else { continue };
        let names = names.trim_matches(|c: char| c == '{' || c == '}' || c.is_whitespace());
        for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            items.insert(name.to_string(), module.trim().to_string());
        }
    }
    items
}

/// Every `.rs` file under `dir`, in name order.
pub fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The text of a file up to its unit tests.
fn without_tests(text: &str) -> &str {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let rest = &text[at + line.len()..];
        if line.trim() == "#[cfg(test)]" && rest.split_whitespace().take(3).any(|w| w == "mod") {
            return &text[..at];
        }
        at += line.len();
    }
    text
}

/// The top-level module named by each `crate::` path of `text`, with its line: for
/// `crate::name::…` the module `name`, for a root item (`crate::Scope`, `crate::Error::Io`,
/// `crate::load(…)`) the module it comes from.
fn named(
    text: &str,
    ranks: &HashMap<&str, usize>,
    root_items: &HashMap<String, String>,
) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + "crate::".len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue; // `mesograph_crate::`, not a path of this crate
            }
            let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
            let name = &rest[..end];
            // A module: `crate::name::…`, or a module's name standing alone (`pub(in
            // crate::load)`, a doc link); an item: a type, a call, another root item.
            let after = &rest[end..];
            let item = name.starts_with(char::is_uppercase)
                || after.starts_with('(')
                || !(after.starts_with("::") || ranks.contains_key(name));
            let module = if !item {
                Some(name.to_string())
            } else if let Some(module) = root_items.get(name) {
                Some(module.clone())
            } else if rest[end..].starts_with('{') || name.is_empty() {
                // `use crate::{a, b}`: each name in the braces.
                let inner = rest[end..].trim_start_matches('{');
                let names = inner.split('}').next().unwrap_or_default();
                for part in names.split(',') {
                    let part = part.trim();
                    let head = part.split("::").next().unwrap_or_default().to_string();
                    if !head.is_empty() {
                        found.push((n + 1, root_items.get(&head).cloned().unwrap_or(head)));
                    }
                }
                None
            } else {
                Some(name.to_string())
            };
            if let Some(module) = module {
                found.push((n + 1, module));
            }
        }
    }
    found
}

/// Every place where a file of `src/` names a module of a layer above its own, as
/// `FILE:LINE: LAYER module names MODULE (LAYER)`.
fn upward(src: &Path) -> Vec<String> {
    let ranks = ranks();
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let root_items = root_items(&lib);
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut found = Vec::new();
    for path in files {
        let relative = path.strip_prefix(src).unwrap();
        let top = relative.components().next().unwrap().as_os_str().to_string_lossy();
        let top = top.trim_end_matches(".rs");
        let test_file = path.file_name().is_some_and(|n| n == "tests.rs");
        if ["lib", "main", "cli", "bin"].contains(&top) || test_file {
            continue;
        }
        let Some(&own) = ranks.get(top) else {
            found.push(format!("{}: module {top} is in no layer", relative.display()));
            continue;
        };
        let text = std::fs::read_to_string(&path).unwrap();
        for (line, module) in named(without_tests(&text), &ranks, &root_items) {
            match ranks.get(module.as_str()) {
                Some(&rank) if rank > own => found.push(format!(
                    "{}:{line}: {top} ({}) names {module} ({})",
                    relative.display(),
                    LAYERS[own].0,
                    LAYERS[rank].0
                )),
                Some(_) => {}
                None => found.push(format!(
                    "{}:{line}: {module} (named by {top}) is in no layer",
                    relative.display()
                )),
            }
        }
    }
    found
}

#[test]
fn no_module_names_one_of_a_higher_layer() {
    let found = upward(&root().join("src"));
    assert!(found.is_empty(), "modules naming a layer above their own:\n{}", found.join("\n"));
}

#[test]
fn a_name_of_a_higher_layer_is_found_in_code_docs_braces_and_root_items() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::create_dir_all(src.join("dataset")).unwrap();
    std::fs::write(
        src.join("lib.rs"),
        "pub use open::{load, load_graph};\npub use graph::Scope;\npub use error::Error;\n",
    )
    .unwrap();
    let files = [
        ("graph.rs", "use crate::dataset::Ends;\n/// See [`crate::open::load`].\nfn f() {}\n"),
        ("dataset/mod.rs", "use crate::{error::Error, graph::Slice};\n"),
        ("memory.rs", "fn g() -> crate::Scope { todo!() }\nfn h() { crate::load(None); }\n"),
        ("error.rs", "fn e() -> crate::Error { crate::Error::Io }\n"),
        ("load.rs", "#[cfg(test)]\nmod tests {\n    use crate::graph::TemporalGraph;\n}\n"),
        ("open.rs", "use crate::graph::TemporalGraph;\n"),
        ("dataset/files.rs", "pub(in crate::dataset) fn f() {}\npub(in crate::load) fn g() {}\n"),
        ("dataset/tests.rs", "use crate::open::load;\n"),
    ];
    for (name, text) in files {
        std::fs::write(src.join(name), text).unwrap();
    }
    assert_eq!(
        upward(src),
        [
            "dataset/files.rs:2: dataset (dataset) names load (load)",
            "dataset/mod.rs:1: dataset (dataset) names graph (graph)",
            "graph.rs:2: graph (graph) names open (open)",
            "memory.rs:1: memory (platform) names graph (graph)",
            "memory.rs:2: memory (platform) names open (open)",
        ]
    );
}
