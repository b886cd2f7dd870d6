//! Exporters: one file per format behind one small trait, [`Exporter`], each writing a slice
//! into a [`Sink`]: memory, a staged file written whole or not at all, or standard output. Every
//! way out goes through it ([`export`], [`export_files`], [`export_to_file`], [`stage`]), so a
//! large year streams to its file in chunks, whatever the format.

pub(crate) mod csv;
mod cytoscape;
mod dot;
mod gexf;
mod graphml;
mod json;
mod mermaid;
mod sink;
pub(crate) mod xml;

pub use csv::Csv;
pub use cytoscape::Cytoscape;
pub use dot::{Dot, escape as escape_dot};
pub use gexf::Gexf;
pub use graphml::Graphml;
pub use json::Json;
pub use mermaid::{Mermaid, label as mermaid_label, node_id as mermaid_id};
pub use sink::Sink;

use crate::error::{Error, Result};
use crate::graph::{Slice, TemporalGraph};
use crate::output::{FileSet, Staged};
use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// Writes a slice of the graph in one format (shared by the threads that write every year).
pub trait Exporter: Send + Sync {
    /// The file extension of the format, without the dot.
    fn extension(&self) -> &'static str;

    /// The files a slice makes, as name suffixes: a file is named after its scope, a dot and
    /// the suffix (`2010.gexf`). Most formats make one file, their extension; CSV makes
    /// `nodes.csv`, `edges.csv` and `graph.csv`.
    fn parts(&self) -> Vec<&'static str> {
        vec![self.extension()]
    }

    /// Writes the file `part` (one of [`Exporter::parts`]) of the slice into `out`, which
    /// streams it to its destination as it fills.
    ///
    /// # Errors
    /// Only when the format cannot hold the slice ([`Error::Unrepresentable`]); a sink's own
    /// failures are reported by whoever finishes it.
    fn write(&self, graph: &TemporalGraph, slice: &Slice, part: &str, out: &mut Sink)
    -> Result<()>;
}

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Format {
    /// Graphviz DOT.
    Dot,
    /// Node-link JSON, as networkx `node_link_graph` reads it.
    Json,
    /// GEXF 1.3 for Gephi: dynamic (a timeline) for the whole history, static for a slice.
    Gexf,
    /// GraphML with typed keys, for networkx, yEd and Cytoscape desktop.
    Graphml,
    /// Cytoscape.js elements JSON.
    Cytoscape,
    /// Two CSV tables, nodes and edges.
    Csv,
    /// A Mermaid flowchart for Markdown.
    Mermaid,
}

impl Format {
    /// Every format.
    pub const ALL: &'static [Format] = &[
        Format::Dot,
        Format::Json,
        Format::Gexf,
        Format::Graphml,
        Format::Cytoscape,
        Format::Csv,
        Format::Mermaid,
    ];

    /// The format's name on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Dot => "dot",
            Format::Json => "json",
            Format::Gexf => "gexf",
            Format::Graphml => "graphml",
            Format::Cytoscape => "cytoscape",
            Format::Csv => "csv",
            Format::Mermaid => "mermaid",
        }
    }

    /// The exporter that writes it.
    pub fn exporter(self) -> Box<dyn Exporter> {
        match self {
            Format::Dot => Box::new(Dot),
            Format::Json => Box::new(Json),
            Format::Gexf => Box::new(Gexf),
            Format::Graphml => Box::new(Graphml),
            Format::Cytoscape => Box::new(Cytoscape),
            Format::Csv => Box::new(Csv::default()),
            Format::Mermaid => Box::new(Mermaid),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A format by its name or its file extension (`cytoscape` or `cyjs`, `mermaid` or `mmd`).
impl FromStr for Format {
    type Err = Error;
    fn from_str(s: &str) -> Result<Format> {
        let found = Format::ALL.iter().copied().find(|f| f.as_str() == s);
        let found =
            found.or_else(|| Format::ALL.iter().copied().find(|f| f.exporter().extension() == s));
        found.ok_or_else(|| {
            let all: Vec<&str> = Format::ALL.iter().map(|f| f.as_str()).collect();
            Error::Request(format!("unknown format \"{s}\" (expected one of: {})", all.join(", ")))
        })
    }
}

/// The one file of `exporter` for the slice, written into `out`.
///
/// # Errors
/// [`Error::Request`] for a format of several files (CSV), which one stream cannot hold; then
/// see [`Exporter::write`].
pub fn write_one(
    exporter: &dyn Exporter,
    graph: &TemporalGraph,
    slice: &Slice,
    out: &mut Sink<'_>,
) -> Result<()> {
    match exporter.parts()[..] {
        [part] => exporter.write(graph, slice, part, out),
        ref parts => Err(several_files(exporter, parts)),
    }
}

/// The refusal of a format of several files where one stream is asked for.
fn several_files(exporter: &dyn Exporter, parts: &[&str]) -> Error {
    let names: Vec<String> = parts.iter().map(|part| format!("STEM.{part}")).collect();
    let names = match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    let count = match parts.len() {
        2 => "two".to_string(),
        3 => "three".to_string(),
        n => n.to_string(),
    };
    Error::Request(format!(
        "the {} format writes {count} files ({names}): give --out DIR",
        exporter.extension()
    ))
}

/// The slice in `format`, as bytes.
///
/// # Errors
/// See [`write_one`].
pub fn export(graph: &TemporalGraph, slice: &Slice, format: Format) -> Result<Vec<u8>> {
    // Generous room up front: a buffer grown by doubling copies itself and touches fresh pages
    // at each step, while capacity never written to costs no memory.
    let room = 4096 + 1024 * (slice.actors.len() + slice.links.len());
    let mut out = Sink::in_memory(Vec::with_capacity(room));
    write_one(&*format.exporter(), graph, slice, &mut out)?;
    Ok(out.buf)
}

/// Writes the slice in `format` to the file `path`, whole or not at all, streamed as it is made
/// so that a large year's output never sits whole in memory; `-` is standard output (see
/// [`write_to_path`]).
///
/// # Errors
/// See [`write_to_path`].
pub fn export_to_file(
    graph: &TemporalGraph,
    slice: &Slice,
    format: Format,
    path: &Path,
) -> Result<()> {
    write_to_path(&*format.exporter(), graph, slice, path)
}

/// Writes the one file of `exporter` for the slice to `path` through a [`Staged`] set: a file is
/// streamed to its temporary and renamed into place only once whole; standard output (`-`), a
/// device or a pipe receive the bytes once they are all made, so that a refusal midway prints
/// nothing.
///
/// # Errors
/// See [`write_one`] and [`crate::output::write_atomic`].
pub fn write_to_path(
    exporter: &dyn Exporter,
    graph: &TemporalGraph,
    slice: &Slice,
    path: &Path,
) -> Result<()> {
    let mut staged = Staged::new();
    staged.add_with(path, &mut Vec::new(), |out| write_one(exporter, graph, slice, out))?;
    staged.commit()
}

/// The files of the slice in `format`, as (name suffix, bytes); see [`Exporter::parts`].
///
/// # Errors
/// See [`Exporter::write`].
pub fn export_files(
    graph: &TemporalGraph,
    slice: &Slice,
    format: Format,
) -> Result<Vec<(String, Vec<u8>)>> {
    let exporter = format.exporter();
    let file = |part: &str| {
        let mut out = Sink::in_memory(Vec::new());
        exporter.write(graph, slice, part, &mut out)?;
        Ok((part.to_string(), out.buf))
    };
    exporter.parts().into_iter().map(file).collect()
}

/// Stages the files of `exporter` for the slice, named `{stem}.{part}`, into `files` (see
/// [`crate::output::write_files_parallel`]), each streamed to its temporary as it is made.
///
/// # Errors
/// See [`Exporter::write`] and [`FileSet::add_with`].
pub fn stage(
    exporter: &dyn Exporter,
    graph: &TemporalGraph,
    slice: &Slice,
    stem: &str,
    files: &mut FileSet<'_>,
) -> Result<()> {
    for part in exporter.parts() {
        files.add_with(&format!("{stem}.{part}"), |out| exporter.write(graph, slice, part, out))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Scope;

    #[test]
    fn a_file_written_as_it_is_made_holds_the_bytes_of_the_export() {
        let graph = crate::load_graph(None).unwrap();
        let dir = tempfile::tempdir().unwrap();
        for scope in [Scope::Year(2012), Scope::All] {
            let slice = graph.slice(scope);
            for format in Format::ALL.iter().copied().filter(|&f| f != Format::Csv) {
                let path = dir.path().join(format!("out.{}", format.exporter().extension()));
                export_to_file(&graph, &slice, format, &path).unwrap();
                let expected = export(&graph, &slice, format).unwrap();
                assert!(std::fs::read(&path).unwrap() == expected, "{format} {scope:?}");
            }
        }
        // Into a folder that does not exist: an error naming the path, and no file.
        let missing = dir.path().join("nowhere/out.json");
        let err = export_to_file(&graph, &graph.slice(Scope::All), Format::Json, &missing);
        assert!(matches!(err, Err(Error::Io { path, .. }) if path == missing));
        assert!(!dir.path().join("nowhere").exists());
    }

    /// An exporter of `parts` that writes `size` bytes of each, then fails on the part `fails`.
    struct Failing {
        parts: &'static [&'static str],
        size: usize,
        fails: &'static str,
    }

    const TWO: &[&str] = &["a.txt", "b.txt"];

    impl Exporter for Failing {
        fn extension(&self) -> &'static str {
            "txt"
        }

        fn parts(&self) -> Vec<&'static str> {
            self.parts.to_vec()
        }

        fn write(
            &self,
            _: &TemporalGraph,
            _: &Slice,
            part: &str,
            out: &mut Sink<'_>,
        ) -> Result<()> {
            for _ in 0..self.size / 1000 {
                out.put(&[b'x'; 1000]);
            }
            if part == self.fails {
                return Err(Error::Unrepresentable { format: "TXT", what: part.into() });
            }
            Ok(())
        }
    }

    #[test]
    fn an_export_that_fails_midway_leaves_no_file_behind() {
        let graph = crate::load_graph(None).unwrap();
        let slice = graph.slice(Scope::Year(2010));
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("2010.a.txt"), "previous").unwrap();
        // Past a chunk, so that bytes have reached the temporary before the failure.
        for fails in ["a.txt", "b.txt"] {
            let failing = Failing { parts: TWO, size: 3 * Sink::SIZE, fails };
            let staged = crate::output::write_files_parallel(&dir, 1, 1, |_, files| {
                stage(&failing, &graph, &slice, "2010", files)
            });
            assert_eq!(staged.unwrap_err().to_string(), format!("TXT cannot hold {fails}"));
            let left: Vec<_> =
                std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
            assert_eq!(left, [dir.join("2010.a.txt")], "no other file, no temporary");
            assert_eq!(std::fs::read(dir.join("2010.a.txt")).unwrap(), b"previous");
        }
        // One file, in place of a previous one.
        let one = Failing { parts: &["txt"], size: 2 * Sink::SIZE, fails: "txt" };
        let path = dir.join("2010.a.txt");
        assert!(write_to_path(&one, &graph, &slice, &path).is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"previous");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1, "no temporary");
        // Several files cannot go to one stream.
        let two = Failing { parts: TWO, size: 0, fails: "" };
        let e = write_to_path(&two, &graph, &slice, &dir.join("x")).unwrap_err().to_string();
        assert!(
            e.starts_with("the txt format writes two files (STEM.a.txt and STEM.b.txt)"),
            "{e}"
        );
        assert!(!dir.join("x").exists());
        // Into a folder this run creates: the folder is removed again.
        let failing = Failing { parts: TWO, size: 2 * Sink::SIZE, fails: "b.txt" };
        let staged =
            crate::output::write_files_parallel(&tmp.path().join("new"), 1, 1, |_, files| {
                stage(&failing, &graph, &slice, "all", files)
            });
        assert!(staged.is_err());
        assert!(!tmp.path().join("new").exists(), "the folder made for it is removed");
        // The same exporter through every way out gives the same bytes.
        let fine = Failing { parts: TWO, size: 3 * Sink::SIZE + 5000, fails: "" };
        crate::output::write_files_parallel(&dir, 1, 1, |_, files| {
            stage(&fine, &graph, &slice, "2010", files)
        })
        .unwrap();
        for part in fine.parts() {
            let mut memory = Sink::in_memory(Vec::new());
            fine.write(&graph, &slice, part, &mut memory).unwrap();
            assert!(std::fs::read(dir.join(format!("2010.{part}"))).unwrap() == memory.buf);
        }
    }

    #[test]
    fn one_stream_cannot_hold_the_files_of_csv() {
        let graph = crate::load_graph(None).unwrap();
        let e = export(&graph, &graph.slice(Scope::Year(2010)), Format::Csv).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the csv format writes three files (STEM.nodes.csv, STEM.edges.csv and \
             STEM.graph.csv): give --out DIR"
        );
        assert!(matches!(e, Error::Request(_)));
    }

    #[test]
    fn a_graph_built_for_a_scope_exports_its_slices_as_the_whole_graph_does() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
        let mut dirs = vec![None];
        for name in ["fixture", "hostile", "hostile-names"] {
            dirs.push(Some(root.join(name)));
        }
        // Built from a dataset (ends found by the graph) and loaded (ends found while parsing).
        type Build = fn(Option<&std::path::Path>, &crate::Dataset, Scope) -> TemporalGraph;
        let builds: [Build; 2] = [
            |_, dataset, within| TemporalGraph::new_within(dataset.clone(), within),
            |dir, _, within| crate::load_graph_within(dir, within).unwrap(),
        ];
        for (dir, build) in dirs.iter().flat_map(|d| builds.iter().map(move |b| (d.as_deref(), b)))
        {
            let dataset = crate::load(dir).unwrap();
            let whole = TemporalGraph::new(dataset.clone());
            let (first, last) = whole.span().unwrap();
            let mut scopes = vec![Scope::window(first, last).unwrap()];
            scopes.extend((first - 1..=last + 1).map(Scope::Year));
            scopes.push(
                Scope::window(first + (last - first) / 3, last - (last - first) / 3).unwrap(),
            );
            for within in scopes {
                let part = build(dir, &dataset, within);
                assert_eq!(part.within(), within);
                assert_eq!((part.span(), part.link_kinds()), (whole.span(), whole.link_kinds()));
                let expected: Vec<&str> = whole
                    .slice(within)
                    .links
                    .iter()
                    .map(|&e| whole.link(e).from.as_str())
                    .collect();
                let kept: Vec<&str> = part.links().iter().map(|l| l.from.as_str()).collect();
                assert_eq!(
                    kept,
                    expected,
                    "{} {within}: only the links of the scope",
                    whole.name()
                );
                let (slice, reference) = (part.slice(within), whole.slice(within));
                assert_eq!(slice.actors, reference.actors);
                for format in Format::ALL.iter().copied() {
                    // Or the same refusal (GEXF cannot hold some control characters).
                    let ours = export_files(&part, &slice, format).map_err(|e| e.to_string());
                    let theirs =
                        export_files(&whole, &reference, format).map_err(|e| e.to_string());
                    assert!(ours == theirs, "{} {within} {format}", whole.name());
                }
                // An ego network inside the scope is the same too.
                if let Some(&focus) = reference.actors.first() {
                    let ours = crate::query::ego(&part, focus, within, 2).unwrap();
                    let theirs = crate::query::ego(&whole, focus, within, 2).unwrap();
                    assert_eq!(ours.actors, theirs.actors);
                    let json = |g: &TemporalGraph, s: &Slice| export(g, s, Format::Json).unwrap();
                    assert!(json(&part, &ours) == json(&whole, &theirs), "{within} ego");
                }
            }
            // The whole history: nothing left out.
            let all = build(dir, &dataset, Scope::All);
            assert_eq!(all.links().len(), whole.links().len());
        }
    }
}
