//! Node-link JSON: the form `networkx.node_link_graph(data)` loads with its default arguments
//! (networkx 3.6+: `nodes`, `edges`, `source`, `target`, `key`), and that D3 and most scripts
//! read as is.

use super::Exporter;
use crate::error::Result;
use crate::graph::{Scope, Slice, TemporalGraph};
use crate::model::Link;
use crate::model::{Citation, Figure, NameSpan, Year};
use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};

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
struct GraphInfo<'a> {
    dataset: &'a str,
    scope: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<Year>,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<Year>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<Year>,
    intervals: &'static str,
}

#[derive(Serialize)]
struct Cite<'a> {
    source: &'a str,
    locator: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct Name<'a> {
    name: &'a str,
    start: Year,
    end: Option<Year>,
    citations: Cites<'a>,
}

#[derive(Serialize)]
struct MilestoneOut<'a> {
    year: Year,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    place: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    related: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    figures: &'a [Figure],
    citations: Cites<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct Node<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_name: Option<&'a str>,
    kind: &'static str,
    start: Year,
    end: Option<Year>,
    aliases: &'a [String],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    names: Vec<Name<'a>>,
    citations: Cites<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    milestones: Vec<MilestoneOut<'a>>,
}

#[derive(Serialize)]
struct Edge<'a> {
    id: LinkId<'a>,
    source: &'a str,
    target: &'a str,
    key: LinkKey<'a>,
    kind: &'static str,
    start: Year,
    end: Option<Year>,
    confidence: &'static str,
    citations: Cites<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

/// A record's citations with their sources' titles and URLs, serialised as they are visited
/// rather than collected first (one vector per node and edge was a visible cost at 10⁶ links).
struct Cites<'a>(&'a TemporalGraph, &'a [Citation]);

impl Serialize for Cites<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
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

/// [`Link::id`], written straight into the output instead of into a `String` first.
struct LinkId<'a>(&'a Link);

impl Serialize for LinkId<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let l = self.0;
        serializer.collect_str(&format_args!("{}/{}/{}/{}", l.from, l.kind, l.to, l.start))
    }
}

/// [`Link::key`], written straight into the output.
struct LinkKey<'a>(&'a Link);

impl Serialize for LinkKey<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!("{}/{}", self.0.kind, self.0.start))
    }
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

impl Exporter for Json {
    fn extension(&self) -> &'static str {
        "json"
    }

    fn write(&self, graph: &TemporalGraph, slice: &Slice, out: &mut Vec<u8>) -> Result<()> {
        let (scope, year, from, to) = match slice.scope {
            Scope::All => ("all", None, None, None),
            Scope::Year(y) => ("year", Some(y), None, None),
            Scope::Window { from, to } => ("window", None, Some(from), Some(to)),
        };
        let nodes = slice
            .actors
            .iter()
            .map(|&n| {
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
            })
            .collect();
        let edges = slice
            .links
            .iter()
            .map(|&e| {
                let l = graph.link(e);
                Edge {
                    id: LinkId(l),
                    source: &l.from,
                    target: &l.to,
                    key: LinkKey(l),
                    kind: l.kind.as_str(),
                    start: l.start,
                    end: l.end,
                    confidence: l.confidence.as_str(),
                    citations: cites(graph, &l.citations),
                    note: l.note.as_deref(),
                }
            })
            .collect();
        let doc = Document {
            directed: true,
            multigraph: true,
            graph: GraphInfo {
                dataset: graph.name(),
                scope,
                year,
                from,
                to,
                intervals: "inclusive; end null = still active",
            },
            nodes,
            edges,
        };
        // Serialising plain structs into memory cannot fail.
        serde_json::to_writer_pretty(&mut *out, &doc)
            .map_err(|e| crate::error::Error::Request(e.to_string()))?;
        out.push(b'\n');
        Ok(())
    }
}
