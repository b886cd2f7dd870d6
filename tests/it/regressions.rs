//! The fuzzers' findings and corpus, replayed under plain `cargo test` (stable Rust, no
//! cargo-fuzz): every input goes through the same checks the fuzz targets run
//! (`mesograph::fuzzing`), and each reproducer in `tests/data/fuzz-regressions/` also has its
//! expected outcome pinned in `tests/golden/fuzz-regressions/NAME.txt`.
//!
//! An input is the four files of a dataset separated by NUL bytes; `fuzz/README.md` says how
//! to turn a crash into a reproducer here.

use crate::util::{golden, root};
use mesograph::fuzzing::{pipeline, raw_dataset};
use mesograph::{Error, TemporalGraph};
use std::path::{Path, PathBuf};

fn inputs(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// What loading the input gives, as a person would read it.
fn outcome(input: &[u8]) -> String {
    match mesograph::open::parse(&raw_dataset(input)) {
        Ok(dataset) => {
            let graph = TemporalGraph::new(dataset);
            let g = graph.graph();
            format!("ok: {} actors, {} links\n", g.node_count(), g.edge_count())
        }
        Err(Error::Invalid(problems)) => format!("{problems}\n"),
        Err(other) => format!("error: {other}\n"),
    }
}

#[test]
fn every_reproducer_passes_the_fuzz_checks_with_its_pinned_outcome() {
    let files = inputs(&root().join("tests/data/fuzz-regressions"));
    assert!(!files.is_empty());
    for file in files {
        let input = std::fs::read(&file).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        pipeline(&input);
        golden(&format!("fuzz-regressions/{name}.txt"), outcome(&input).as_bytes());
    }
}

#[test]
fn the_fuzz_corpus_passes_the_fuzz_checks() {
    let mut total = 0;
    for target in ["load", "pipeline"] {
        let files = inputs(&root().join("fuzz/corpus").join(target));
        assert!(files.len() > 10, "fuzz/corpus/{target} holds the corpus");
        for file in files {
            let input = std::fs::read(&file).unwrap();
            // A panic names the input through this message's context.
            let result = std::panic::catch_unwind(|| pipeline(&input));
            assert!(result.is_ok(), "{} fails the fuzz checks", file.display());
            total += 1;
        }
    }
    assert!(total > 20);
}

#[test]
fn the_writers_corpus_passes_the_fuzz_checks() {
    let files = inputs(&root().join("fuzz/corpus/writers"));
    assert!(files.len() >= 10, "fuzz/corpus/writers holds the corpus");
    let mut outcomes = std::collections::BTreeSet::new();
    for file in files {
        let input = std::fs::read(&file).unwrap();
        let result = std::panic::catch_unwind(|| mesograph::fuzzing::writers(&input));
        let outcome = result.unwrap_or_else(|_| panic!("{} fails the fuzz checks", file.display()));
        outcomes.insert(outcome);
    }
    // Sets written and sets refused, both.
    assert_eq!(outcomes.into_iter().collect::<Vec<_>>(), [Some(false), Some(true)]);
}
