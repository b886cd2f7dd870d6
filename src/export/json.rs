//! Node-link JSON: the form `networkx.node_link_graph(data)` loads with its default arguments
//! (networkx 3.6+: `nodes`, `edges`, `source`, `target`, `key`), and that D3 and most scripts
//! read as is.

use super::Exporter;
use crate::error::{Error, Result};
use crate::graph::{Scope, Slice, TemporalGraph};
use crate::model::{Citation, Figure, NameSpan, Year};
use petgraph::graph::{EdgeIndex, NodeIndex};
use serde::Serialize;

/// The JSON exporter.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json;

#[derive(Serialize)]
struct Document<'a> {
    directed: bool,
    multigraph: bool,
    graph: GraphInfo<'a>,
    nodes: Vec<Node<'a>>,
    edges: Vec<Edge<'a>>,
}

#[derive(Serialize)]
pub(super) struct GraphInfo<'a> {
    pub(super) dataset: &'a str,
    pub(super) scope: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) year: Option<Year>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) from: Option<Year>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) to: Option<Year>,
    pub(super) intervals: &'static str,
}

#[derive(Serialize)]
pub(super) struct Cite<'a> {
    pub(super) source: &'a str,
    pub(super) locator: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) url: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct Name<'a> {
    pub(super) name: &'a str,
    pub(super) start: Year,
    pub(super) end: Option<Year>,
    pub(super) citations: Cites<'a>,
}

#[derive(Serialize)]
pub(super) struct MilestoneOut<'a> {
    pub(super) year: Year,
    pub(super) title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) place: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub(super) related: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub(super) figures: &'a [Figure],
    pub(super) citations: Cites<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) note: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct Node<'a> {
    pub(super) id: &'a str,
    pub(super) name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) full_name: Option<&'a str>,
    pub(super) kind: &'static str,
    pub(super) start: Year,
    pub(super) end: Option<Year>,
    pub(super) aliases: &'a [String],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) names: Vec<Name<'a>>,
    pub(super) citations: Cites<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) note: Option<&'a str>,
    pub(super) milestones: Vec<MilestoneOut<'a>>,
}

#[derive(Serialize)]
pub(super) struct Edge<'a> {
    pub(super) id: String,
    pub(super) source: &'a str,
    pub(super) target: &'a str,
    pub(super) key: String,
    pub(super) kind: &'static str,
    pub(super) start: Year,
    pub(super) end: Option<Year>,
    pub(super) confidence: &'static str,
    pub(super) citations: Cites<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) note: Option<&'a str>,
}

/// A record's citations with their sources' titles and URLs, serialised as they are visited
/// rather than collected first (one vector per node and edge was a visible cost at 10⁶ links).
pub(super) struct Cites<'a>(&'a TemporalGraph, &'a [Citation]);

impl Cites<'_> {
    fn is_empty(&self) -> bool {
        self.1.is_empty()
    }
}

impl Serialize for Cites<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(self.1.len()))?;
        for c in self.1 {
            let source = self.0.source(&c.source);
            seq.serialize_element(&Cite {
                source: &c.source,
                locator: &c.locator,
                title: source.map(|s| s.title.as_str()),
                url: source.and_then(|s| s.url.as_deref()),
            })?;
        }
        seq.end()
    }
}

fn cites<'a>(graph: &'a TemporalGraph, citations: &'a [Citation]) -> Cites<'a> {
    Cites(graph, citations)
}

fn names<'a>(graph: &'a TemporalGraph, names: &'a [NameSpan]) -> Vec<Name<'a>> {
    names
        .iter()
        .map(|n| Name {
            name: &n.name,
            start: n.start,
            end: n.end,
            citations: cites(graph, &n.citations),
        })
        .collect()
}

/// `value` as compact JSON: how the formats whose cells hold only text (GEXF, GraphML, CSV)
/// keep lists and records (aliases, names, citations, milestones) without losing anything.
pub(super) fn compact<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    // Serialising plain structs cannot fail; map rather than unwrap all the same.
    serde_json::to_string(value).map_err(|e| Error::Request(e.to_string()))
}

/// The fields of a node record as flat cells, in [`NODE_CELLS`] order; `true` marks integers.
pub(super) const NODE_CELLS: [(&str, bool); 10] = [
    ("name", false),
    ("full_name", false),
    ("kind", false),
    ("start", true),
    ("end", true),
    ("aliases", false),
    ("names", false),
    ("citations", false),
    ("note", false),
    ("milestones", false),
];

/// The fields of an edge record (beyond `id`, `source`, `target`) as flat cells.
pub(super) const EDGE_CELLS: [(&str, bool); 7] = [
    ("key", false),
    ("kind", false),
    ("start", true),
    ("end", true),
    ("confidence", false),
    ("citations", false),
    ("note", false),
];

/// A list as compact JSON, or nothing when it is empty.
fn list<T: Serialize>(items: &[T]) -> Result<Option<String>> {
    if items.is_empty() { Ok(None) } else { compact(items).map(Some) }
}

impl Node<'_> {
    /// The record as text cells, in [`NODE_CELLS`] order; `None` where the JSON has null or an
    /// empty list. Lists and records are compact JSON.
    pub(super) fn cells(&self) -> Result<[Option<String>; 10]> {
        Ok([
            Some(self.name.to_string()),
            self.full_name.map(str::to_string),
            Some(self.kind.to_string()),
            Some(self.start.to_string()),
            self.end.map(|y| y.to_string()),
            list(self.aliases)?,
            list(&self.names)?,
            if self.citations.is_empty() { None } else { Some(compact(&self.citations)?) },
            self.note.map(str::to_string),
            list(&self.milestones)?,
        ])
    }
}

impl Edge<'_> {
    /// The record as text cells, in [`EDGE_CELLS`] order.
    pub(super) fn cells(&self) -> Result<[Option<String>; 7]> {
        Ok([
            Some(self.key.clone()),
            Some(self.kind.to_string()),
            Some(self.start.to_string()),
            self.end.map(|y| y.to_string()),
            Some(self.confidence.to_string()),
            if self.citations.is_empty() { None } else { Some(compact(&self.citations)?) },
            self.note.map(str::to_string),
        ])
    }
}

/// The graph-level facts of a slice: the dataset and the scope.
pub(super) fn graph_info<'a>(graph: &'a TemporalGraph, slice: &Slice) -> GraphInfo<'a> {
    let (scope, year, from, to) = match slice.scope {
        Scope::All => ("all", None, None, None),
        Scope::Year(y) => ("year", Some(y), None, None),
        Scope::Window { from, to } => ("window", None, Some(from), Some(to)),
    };
    GraphInfo {
        dataset: graph.name(),
        scope,
        year,
        from,
        to,
        intervals: "inclusive; end null = still active",
    }
}

/// Everything the exports say about actor `n` in `slice`: the record every format draws from,
/// so that they all carry the same information.
pub(super) fn node<'a>(graph: &'a TemporalGraph, slice: &Slice, n: NodeIndex) -> Node<'a> {
    let a = graph.actor(n);
    let name = slice.scope.naming_year().map_or(a.name.as_str(), |y| a.name_in(y));
    Node {
        id: &a.id,
        name,
        full_name: a.full_name.as_deref(),
        kind: a.kind.as_str(),
        start: a.start,
        end: a.end,
        aliases: &a.aliases,
        names: names(graph, &a.names),
        citations: cites(graph, &a.citations),
        note: a.note.as_deref(),
        milestones: graph
            .milestones_of(&a.id, slice.scope)
            .map(|m| MilestoneOut {
                year: m.year,
                title: &m.title,
                place: m.place.as_deref(),
                related: &m.related,
                figures: &m.figures,
                citations: cites(graph, &m.citations),
                note: m.note.as_deref(),
            })
            .collect(),
    }
}

/// Everything the exports say about link `e`.
pub(super) fn edge(graph: &TemporalGraph, e: EdgeIndex) -> Edge<'_> {
    let l = graph.link(e);
    Edge {
        id: l.id(),
        source: &l.from,
        target: &l.to,
        key: l.key(),
        kind: l.kind.as_str(),
        start: l.start,
        end: l.end,
        confidence: l.confidence.as_str(),
        citations: cites(graph, &l.citations),
        note: l.note.as_deref(),
    }
}

impl Exporter for Json {
    fn extension(&self) -> &'static str {
        "json"
    }

    fn write(&self, graph: &TemporalGraph, slice: &Slice, out: &mut Vec<u8>) -> Result<()> {
        let doc = Document {
            directed: true,
            multigraph: true,
            graph: graph_info(graph, slice),
            nodes: slice.actors.iter().map(|&n| node(graph, slice, n)).collect(),
            edges: slice.links.iter().map(|&e| edge(graph, e)).collect(),
        };
        // Serialising plain structs into memory cannot fail.
        serde_json::to_writer_pretty(&mut *out, &doc).map_err(|e| Error::Request(e.to_string()))?;
        out.push(b'\n');
        Ok(())
    }
}
