//! Exporters: one file per format behind one small trait, [`Exporter`], each writing a slice
//! into a [`Sink`]: memory, a staged file written whole or not at all, or standard output. Every
//! way out goes through it: into memory here ([`export`], [`export_files`]), to a path or a
//! folder in the layer above (`output::export_to_file`, `output::stage`), so that a large year
//! streams to its file in chunks, whatever the format.
//!
//! ```
//! use mesograph::{Format, Scope, export, export_files, load_graph};
//!
//! let graph = load_graph(None)?;
//! let slice = graph.slice(Scope::Year(2012));
//! let gexf = export(&graph, &slice, Format::Gexf)?;
//! assert!(gexf.starts_with(b"<?xml"));
//! // CSV makes three files: each with its name suffix.
//! let files = export_files(&graph, &slice, Format::Csv)?;
//! let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
//! assert_eq!(names, ["nodes.csv", "edges.csv", "graph.csv"]);
//! # Ok::<(), mesograph::Error>(())
//! ```

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
use std::fmt;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Scope;

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
