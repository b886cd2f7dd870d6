//! Entry points shared by the fuzz targets (`fuzz/`) and the regression tests that replay their
//! corpus and findings under plain `cargo test` (`tests/it/regressions.rs`).
//!
//! They live in the library, not in `fuzz/`, so that a crash found by the fuzzer is replayed by
//! exactly the same code on stable Rust. Each one panics when an invariant breaks: the fuzzer
//! then reports it like any other crash.

use crate::dataset::{DataFile, RawDataset};
use crate::error::Error;
use crate::export::Format;
use crate::graph::{Scope, TemporalGraph};
use crate::model::Dataset;
use crate::open::parse;
use std::collections::BTreeSet;

mod writers;
pub use writers::writers;

/// The byte that separates the four files of a fuzz input.
pub const SEPARATOR: u8 = 0;

/// The dataset a fuzz input stands for: `sources.json`, `actors.json`, `links.json` and
/// `milestones.json`, in that order, separated by NUL bytes (which no valid JSON text
/// contains). A file with no part left is absent.
pub fn raw_dataset(input: &[u8]) -> RawDataset {
    let mut parts = input.splitn(DataFile::ALL.len(), |&b| b == SEPARATOR);
    let files =
        DataFile::ALL.map(|f| (f.file_name().to_string(), parts.next().map(<[u8]>::to_vec)));
    RawDataset { name: "fuzz".into(), files, meta: (crate::dataset::META_FILE.into(), None) }
}

/// The inverse of [`raw_dataset`], to turn a dataset folder into a seed of the corpus.
pub fn concatenate(raw: &RawDataset) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, (_, bytes)) in raw.files.iter().enumerate() {
        let Some(bytes) = bytes else { break };
        if i > 0 {
            out.push(SEPARATOR);
        }
        out.extend_from_slice(bytes);
    }
    out
}

/// Parses the input as a dataset and checks what an error must look like: every problem names
/// one of the four files and says something, and the whole report prints.
pub fn load(input: &[u8]) -> Option<Dataset> {
    let raw = raw_dataset(input);
    match parse(&raw) {
        Ok(dataset) => Some(dataset),
        Err(Error::Invalid(problems)) => {
            assert!(!problems.is_empty(), "an invalid dataset reports at least one problem");
            for p in problems.iter() {
                assert!(raw.files.iter().any(|(name, _)| *name == p.file), "{p}");
                assert!(!p.message.trim().is_empty(), "{p}");
                // Only a missing file has no position: anything else read was located.
                assert_eq!(p.line == 0, p.message == "file not found", "{p}");
                assert_eq!(p.line == 0, p.column == 0, "{p}");
                assert!(!p.to_string().contains(char::is_control), "{p}: not one printable line");
            }
            let _ = problems.to_string();
            None
        }
        Err(other) => panic!("parse returned an error that is not a list of problems: {other}"),
    }
}

/// Loads the input and, when it is a valid dataset, slices it in every year of its span, the
/// whole history and a window, exports every slice in every format, and checks the results:
/// slices are subgraphs of the whole, JSON parses back to the slice's actors and links, DOT
/// holds no NUL byte, and the same slice exports to the same bytes twice.
pub fn pipeline(input: &[u8]) {
    let Some(dataset) = load(input) else { return };
    let graph = TemporalGraph::new(dataset);
    let all = graph.slice(Scope::All);
    // Every actor is found by its id; any of its names resolves to something or says why not.
    for &n in &all.actors {
        let actor = graph.actor(n);
        assert_eq!(graph.find(&actor.id).ok(), Some(n), "find({:?})", actor.id);
        for name in crate::resolve::names_of(actor) {
            let _ = graph.find(name).map_err(|e| e.to_string());
        }
    }
    let mut scopes = vec![Scope::All];
    if let Some((first, last)) = graph.span() {
        scopes.extend((first..=last).map(Scope::Year));
        if let Ok(window) = Scope::window(first, last) {
            scopes.push(window);
        }
    }
    for scope in scopes {
        let slice = graph.slice(scope);
        let actors: BTreeSet<_> = slice.actors.iter().copied().collect();
        assert!(slice.actors.iter().all(|n| all.actors.contains(n)), "{scope}: actors");
        assert!(slice.links.iter().all(|e| all.links.contains(e)), "{scope}: links");
        for &e in &slice.links {
            let (a, b) = graph.endpoints(e);
            assert!(actors.contains(&a) && actors.contains(&b), "{scope}: dangling link");
        }
        for &format in Format::ALL {
            // Every format through `export_files` (CSV is three files); a value a format cannot
            // hold (a control character in XML) is a reported error, not a failure.
            let files = match crate::export::export_files(&graph, &slice, format) {
                Ok(files) => files,
                Err(crate::Error::Unrepresentable { .. }) => continue,
                Err(e) => panic!("{scope}: {format} export failed: {e}"),
            };
            assert_eq!(
                crate::export::export_files(&graph, &slice, format).ok().as_ref(),
                Some(&files),
                "{scope}: {format} export is not deterministic"
            );
            for (_, bytes) in &files {
                check_export(&graph, &slice, format, bytes);
            }
        }
    }
}

/// What can be checked of one export without an external parser.
fn check_export(graph: &TemporalGraph, slice: &crate::Slice, format: Format, bytes: &[u8]) {
    let scope = slice.scope;
    assert!(std::str::from_utf8(bytes).is_ok(), "{scope}: {format} is not UTF-8");
    match format {
        Format::Dot => {
            // Graphviz stops at a NUL byte, drops other control characters, and refuses a
            // quoted string longer than 16384 bytes.
            assert!(
                bytes.iter().all(|&b| b >= 0x20 && b != 0x7f || b == b'\n'),
                "{scope}: DOT with a control character"
            );
            for piece in quoted_strings(bytes) {
                assert!(piece <= 16384, "{scope}: a DOT string of {piece} bytes");
            }
        }
        Format::Json => {
            let doc: serde_json::Value = match serde_json::from_slice(bytes) {
                Ok(doc) => doc,
                Err(e) => panic!("{scope}: JSON export does not parse: {e}"),
            };
            let ids = |key: &str| -> Vec<String> {
                doc[key]
                    .as_array()
                    .map(|a| {
                        a.iter().map(|n| n["id"].as_str().unwrap_or("?").to_string()).collect()
                    })
                    .unwrap_or_default()
            };
            let actors: Vec<String> =
                slice.actors.iter().map(|&n| graph.actor(n).id.clone()).collect();
            let links: Vec<String> = slice.links.iter().map(|&e| graph.link(e).id()).collect();
            assert_eq!(ids("nodes"), actors, "{scope}: JSON nodes");
            assert_eq!(ids("edges"), links, "{scope}: JSON edges");
        }
        // Formats added later are checked for UTF-8 only until they get a parse-back here.
        #[allow(unreachable_patterns)]
        _ => {}
    }
}

/// The length in bytes of every double-quoted string of a DOT text, read as Graphviz's scanner
/// does (`\"` is an escaped quote, `\\` an escaped backslash).
fn quoted_strings(dot: &[u8]) -> Vec<usize> {
    let mut lengths = Vec::new();
    let mut i = 0;
    while i < dot.len() {
        if dot[i] != b'"' {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < dot.len() && dot[i] != b'"' {
            i += if dot[i] == b'\\' { 2 } else { 1 };
        }
        lengths.push(i.min(dot.len()) - start - 1);
        i += 1;
    }
    lengths
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_split_into_the_four_files() {
        let raw = raw_dataset(b"a\0b\0c");
        let parts: Vec<Option<&[u8]>> = raw.files.iter().map(|(_, b)| b.as_deref()).collect();
        assert_eq!(parts, [Some(&b"a"[..]), Some(b"b"), Some(b"c"), None]);
        assert_eq!(raw_dataset(b"a\0b\0c\0d\0e").files[3].1.as_deref(), Some(&b"d\0e"[..]));
        assert_eq!(concatenate(&raw), b"a\0b\0c");
    }

    #[test]
    fn quoted_strings_are_measured_as_graphviz_scans_them() {
        assert_eq!(quoted_strings(br#"a "xy" -> "a\"b\\" "" + "q""#), [2, 6, 0, 1]);
    }

    #[test]
    fn the_builtin_dataset_goes_through_the_pipeline() {
        pipeline(&concatenate(&crate::load::builtin()));
    }
}
