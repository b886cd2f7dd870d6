//! Cytoscape.js elements JSON: `{"elements": {"nodes": [{"data": …}], "edges": [{"data": …}]}}`,
//! what `cytoscape({elements})` and `cy.json()` take, and what Cytoscape desktop imports as
//! `.cyjs`.
//!
//! Each element's `data` is the very record of the JSON export (`id`, `name`, `kind`, years,
//! citations…; edges add `source` and `target`), so nothing is lost. Elements carry `classes`
//! (the actor kind; the link kind and confidence) for stylesheets. The top level also says the
//! scope (`data`, which `cy.data()` returns) and that the graph is `directed` and a `multigraph`.
//! Each node's data also carries `value`, its id again: networkx's `cytoscape_graph` names nodes
//! by it (and raises `KeyError: 'value'` without it).

use super::json::{Edge, GraphInfo, Node, edge, graph_info, node};
use super::{Exporter, Sink};
use crate::error::{Error, Result};
use crate::graph::{Slice, TemporalGraph};
use serde::Serialize;

/// The Cytoscape.js exporter.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cytoscape;

#[derive(Serialize)]
struct Document<'a> {
    format_version: &'static str,
    generated_by: &'static str,
    target_cytoscapejs_version: &'static str,
    directed: bool,
    multigraph: bool,
    data: GraphInfo<'a>,
    elements: Elements<'a>,
}

#[derive(Serialize)]
struct Elements<'a> {
    nodes: Vec<Element<NodeData<'a>>>,
    edges: Vec<Element<Edge<'a>>>,
}

/// A node's record, and its id once more as networkx's `cytoscape_graph` wants it.
#[derive(Serialize)]
struct NodeData<'a> {
    #[serde(flatten)]
    node: Node<'a>,
    value: &'a str,
}

#[derive(Serialize)]
struct Element<T> {
    data: T,
    classes: String,
}

impl Exporter for Cytoscape {
    fn extension(&self) -> &'static str {
        "cyjs"
    }

    fn write(&self, graph: &TemporalGraph, slice: &Slice, _: &str, out: &mut Sink) -> Result<()> {
        let nodes = slice
            .actors
            .iter()
            .map(|&n| {
                let node = node(graph, slice, n);
                let classes = node.kind.to_string();
                Element { classes, data: NodeData { node, value: &graph.actor(n).id } }
            })
            .collect();
        let edges = slice
            .links
            .iter()
            .map(|&e| {
                let data = edge(graph, e);
                Element { classes: format!("{} {}", data.kind, data.confidence), data }
            })
            .collect();
        let doc = Document {
            format_version: "1.0",
            generated_by: "mesograph",
            target_cytoscapejs_version: "~3",
            directed: true,
            multigraph: true,
            data: graph_info(graph, slice),
            elements: Elements { nodes, edges },
        };
        // Serialising plain structs into a sink cannot fail.
        serde_json::to_writer_pretty(&mut *out, &doc)
            .map_err(|e| Error::Internal(e.to_string()))?;
        out.put(b"\n");
        Ok(())
    }
}
