//! Exporters: one file per format behind one small trait, each writing a whole slice into a
//! buffer so that nothing reaches a file or a pipe half-done.

pub(crate) mod csv;
mod cytoscape;
mod dot;
mod gexf;
mod graphml;
mod json;
mod mermaid;
pub(crate) mod xml;

pub use csv::Csv;
pub use cytoscape::Cytoscape;
pub use dot::{Dot, escape as escape_dot};
pub use gexf::Gexf;
pub use graphml::Graphml;
pub use json::Json;
pub use mermaid::{Mermaid, label as mermaid_label, node_id as mermaid_id};

use crate::error::{Error, Result};
use crate::graph::{Slice, TemporalGraph};
use crate::output::{FileSet, Staged};
use std::fmt;
use std::str::FromStr;

/// Writes a slice of the graph in one format.
pub trait Exporter {
    /// The file extension of the format, without the dot.
    fn extension(&self) -> &'static str;

    /// Appends the slice, in this format, to `out`.
    ///
    /// # Errors
    /// Only when the format cannot hold the slice; writing into memory cannot fail.
    fn write(&self, graph: &TemporalGraph, slice: &Slice, out: &mut Vec<u8>) -> Result<()>;

    /// The files the slice makes, as (name suffix, bytes): a file is named after its scope, a
    /// dot and the suffix (`2010.gexf`). Most formats make one file, the extension; CSV makes
    /// `nodes.csv`, `edges.csv` and `graph.csv`.
    ///
    /// # Errors
    /// As [`Exporter::write`].
    fn files(&self, graph: &TemporalGraph, slice: &Slice) -> Result<Vec<(String, Vec<u8>)>> {
        let mut out = Vec::new();
        self.write(graph, slice, &mut out)?;
        Ok(vec![(self.extension().to_string(), out)])
    }
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

/// The slice in `format`, as bytes.
///
/// # Errors
/// See [`Exporter::write`].
pub fn export(graph: &TemporalGraph, slice: &Slice, format: Format) -> Result<Vec<u8>> {
    // Generous room up front: a buffer grown by doubling copies itself and touches fresh pages
    // at each step, while capacity never written to costs no memory.
    let mut out = Vec::with_capacity(4096 + 1024 * (slice.actors.len() + slice.links.len()));
    format.exporter().write(graph, slice, &mut out)?;
    Ok(out)
}

/// Writes the slice in `format` to the file `path`, whole or not at all (see
/// [`crate::output::Staged`]). DOT and JSON stream to the file as they are written, so that a
/// large year's output is never held in memory whole (see docs/performance.md, "Exporting and
/// writing"). The other formats are made whole, then written.
///
/// # Errors
/// See [`Exporter::write`] and [`crate::output::write_atomic`].
pub fn export_to_file(
    graph: &TemporalGraph,
    slice: &Slice,
    format: Format,
    path: &std::path::Path,
) -> Result<()> {
    let mut staged = Staged::new();
    let mut buf = Vec::new();
    match format {
        Format::Dot => {
            staged.add_with(path, &mut buf, |out| Dot::write_dot(graph, slice, out))?;
        }
        Format::Json => {
            staged.add_with(path, &mut buf, |out| json::write_json(graph, slice, out))?;
        }
        _ => staged.add(path, &export(graph, slice, format)?)?,
    }
    staged.commit()
}

/// The files of the slice in `format`, as (name suffix, bytes); see [`Exporter::files`].
///
/// # Errors
/// See [`Exporter::write`].
pub fn export_files(
    graph: &TemporalGraph,
    slice: &Slice,
    format: Format,
) -> Result<Vec<(String, Vec<u8>)>> {
    format.exporter().files(graph, slice)
}

/// Stages the files of the slice in `format`, named `{stem}.{suffix}`, into `files` (see
/// [`crate::output::write_files_parallel`]). DOT and JSON stream to their file as they are
/// written, so that a large slice never sits whole in memory; the other formats are made whole,
/// then staged.
///
/// # Errors
/// See [`Exporter::write`] and [`FileSet::add_with`].
pub fn stage(
    graph: &TemporalGraph,
    slice: &Slice,
    format: Format,
    stem: &str,
    files: &mut FileSet<'_>,
) -> Result<()> {
    let name = |suffix: &str| format!("{stem}.{suffix}");
    match format {
        Format::Dot => files.add_with(&name("dot"), |out| Dot::write_dot(graph, slice, out)),
        Format::Json => files.add_with(&name("json"), |out| json::write_json(graph, slice, out)),
        _ => {
            for (suffix, bytes) in export_files(graph, slice, format)? {
                files.add(&name(&suffix), &bytes)?;
            }
            Ok(())
        }
    }
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
