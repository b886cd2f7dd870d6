//! GraphML, written through quick-xml: the exchange format of networkx, yEd and Cytoscape
//! desktop.
//!
//! Every attribute is declared once as a typed `<key>` (`string` or `int`) before the graph, and
//! every node and edge carries its values as `<data>` elements, whose text keeps line breaks that
//! an XML attribute would not. Lists and records are compact JSON. Parallel links of one pair
//! stay apart: each edge has its own `id` (`from/kind/to/start`), which networkx uses as the key.

use super::json::{EDGE_CELLS, NODE_CELLS, edge, graph_info, node};
use super::xml::XmlOut;
use super::{Exporter, Sink};
use crate::error::Result;
use crate::graph::{Slice, TemporalGraph};

/// The GraphML exporter.
#[derive(Debug, Clone, Copy, Default)]
pub struct Graphml;

/// The graph-level attributes: (name, GraphML type). `horizon`, `projection` and `scenarios` say
/// what the JSON's `graph` object says: whether the years reach past what the sources observe,
/// and which hypotheses are laid over the dataset.
const GRAPH_CELLS: [(&str, &str); 9] = [
    ("dataset", "string"),
    ("scope", "string"),
    ("year", "int"),
    ("from", "int"),
    ("to", "int"),
    ("intervals", "string"),
    ("horizon", "int"),
    ("projection", "boolean"),
    ("scenarios", "string"),
];

/// The key id of an attribute: the class's initial and the name (`n_kind`, `e_kind`).
fn key_id(class: &str, name: &str) -> String {
    format!("{}_{name}", &class[..1])
}

/// Whether a cell is written: an edge's `key` is its id here (a `key` attribute would collide
/// with the key networkx gives each edge).
fn kept(name: &str) -> bool {
    name != "key"
}

/// The GraphML type of a node or edge cell: integer or string.
fn cell_type(integer: bool) -> &'static str {
    if integer { "int" } else { "string" }
}

fn declare(xml: &mut XmlOut, class: &str, cells: &[(&str, &str)]) -> Result<()> {
    for &(name, kind) in cells.iter().filter(|(name, _)| kept(name)) {
        let id = key_id(class, name);
        xml.empty("key", &[("id", &id), ("for", class), ("attr.name", name), ("attr.type", kind)])?;
    }
    Ok(())
}

fn data<T>(
    xml: &mut XmlOut,
    class: &str,
    names: &[(&'static str, T)],
    cells: &[Option<String>],
) -> Result<()> {
    for ((name, _), value) in names.iter().zip(cells) {
        if let (true, Some(value)) = (kept(name), value) {
            xml.field(Some(name));
            xml.leaf("data", &[("key", &key_id(class, name))], value)?;
        }
    }
    xml.field(None);
    Ok(())
}

impl Exporter for Graphml {
    fn extension(&self) -> &'static str {
        "graphml"
    }

    fn write(&self, graph: &TemporalGraph, slice: &Slice, _: &str, out: &mut Sink) -> Result<()> {
        let info = graph_info(graph, slice);
        let mut xml = XmlOut::new(out, "GraphML")?;
        xml.open(
            "graphml",
            &[
                ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
                ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
                (
                    "xsi:schemaLocation",
                    "http://graphml.graphdrawing.org/xmlns \
                     http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
                ),
            ],
        )?;
        declare(&mut xml, "graph", &GRAPH_CELLS)?;
        let typed = |cells: &[(&'static str, bool)]| {
            cells.iter().map(|&(name, integer)| (name, cell_type(integer))).collect::<Vec<_>>()
        };
        declare(&mut xml, "node", &typed(&NODE_CELLS))?;
        declare(&mut xml, "edge", &typed(&EDGE_CELLS))?;

        xml.open("graph", &[("id", "G"), ("edgedefault", "directed")])?;
        let year = |y: Option<i32>| y.map(|y| y.to_string());
        let graph_cells = [
            Some(info.dataset.to_string()),
            Some(info.scope.to_string()),
            year(info.year),
            year(info.from),
            year(info.to),
            Some(info.intervals.to_string()),
            year(info.horizon),
            Some(info.projection.to_string()),
            (!info.scenarios.is_empty()).then(|| info.scenarios.join(",")),
        ];
        data(&mut xml, "graph", &GRAPH_CELLS, &graph_cells)?;
        for &n in &slice.actors {
            let record = node(graph, slice, n);
            xml.record("actor", record.id);
            xml.open("node", &[("id", record.id)])?;
            data(&mut xml, "node", &NODE_CELLS, &record.cells()?)?;
            xml.close("node")?;
        }
        for &e in &slice.links {
            let record = edge(graph, e);
            xml.record("link", &record.id);
            xml.open(
                "edge",
                &[("id", &record.id), ("source", record.source), ("target", record.target)],
            )?;
            data(&mut xml, "edge", &EDGE_CELLS, &record.cells()?)?;
            xml.close("edge")?;
        }
        xml.close("graph")?;
        xml.close("graphml")?;
        xml.finish()
    }
}
