//! GEXF 1.3, Gephi's format, written through quick-xml.
//!
//! The whole history is written in dynamic mode (`mode="dynamic" timeformat="integer"`): every
//! node and edge carries its inclusive `start` and `end` years, so that Gephi's timeline plays
//! the landscape year by year. An edge's years are those it is really active (its own interval
//! clipped to both actors' lifetimes), so an open-ended link ends with the first actor that does.
//! A year or a window is written in static mode, the years then being plain attributes.
//!
//! Parallel links of one pair stay apart through the edge `kind` (Gephi's edge type). Lists and
//! records (aliases, earlier names, citations, milestones) are attributes holding compact JSON.
//! The schema (`shared/schemas/gexf-1.3/`) puts no `viz:` element in a node, so there are none:
//! colour by the `kind` attribute in Gephi's appearance panel.

use super::json::{EDGE_CELLS, NODE_CELLS, edge, graph_info, node};
use super::xml::XmlOut;
use super::{Exporter, Sink};
use crate::error::Result;
use crate::graph::{Scope, Slice, TemporalGraph};
use crate::model::Year;

/// The GEXF exporter.
#[derive(Debug, Clone, Copy, Default)]
pub struct Gexf;

/// Whether a cell becomes an attribute: the label and, in dynamic mode, the years are written
/// on the element itself; an edge's `key` is its id here (an attribute called `key` would
/// collide with the key networkx gives each edge).
fn kept(name: &str, dynamic: bool) -> bool {
    !matches!(name, "name" | "key") && !(dynamic && (name == "start" || name == "end"))
}

fn declare(xml: &mut XmlOut, class: &str, cells: &[(&str, bool)], dynamic: bool) -> Result<()> {
    xml.open("attributes", &[("class", class), ("mode", "static")])?;
    for &(name, integer) in cells.iter().filter(|(name, _)| kept(name, dynamic)) {
        let kind = if integer { "integer" } else { "string" };
        xml.empty("attribute", &[("id", name), ("title", name), ("type", kind)])?;
    }
    xml.close("attributes")
}

fn attvalues(
    xml: &mut XmlOut,
    names: &[(&'static str, bool)],
    cells: &[Option<String>],
    dynamic: bool,
) -> Result<()> {
    let present: Vec<(&'static str, &str)> = names
        .iter()
        .zip(cells)
        .filter(|((name, _), _)| kept(name, dynamic))
        .filter_map(|((name, _), value)| value.as_deref().map(|v| (*name, v)))
        .collect();
    if present.is_empty() {
        return Ok(());
    }
    xml.open("attvalues", &[])?;
    for (name, value) in present {
        xml.field(Some(name));
        xml.empty("attvalue", &[("for", name), ("value", value)])?;
    }
    xml.field(None);
    xml.close("attvalues")
}

/// What the JSON's `graph` object says about time, as `key=value` pairs a program can split
/// (GEXF 1.3 has no graph attributes): `horizon=2017; projection=true; scenarios=frt2`. The
/// horizon is left out when the dataset declares none, the scenarios when none is on.
fn keywords(horizon: Option<Year>, projection: bool, scenarios: &[String]) -> String {
    let mut pairs = Vec::with_capacity(3);
    if let Some(h) = horizon {
        pairs.push(format!("horizon={h}"));
    }
    pairs.push(format!("projection={projection}"));
    if !scenarios.is_empty() {
        pairs.push(format!("scenarios={}", scenarios.join(",")));
    }
    pairs.join("; ")
}

impl Exporter for Gexf {
    fn extension(&self) -> &'static str {
        "gexf"
    }

    fn write(&self, graph: &TemporalGraph, slice: &Slice, _: &str, out: &mut Sink) -> Result<()> {
        let dynamic = slice.scope == Scope::All;
        let info = graph_info(graph, slice);
        let mut xml = XmlOut::new(out, "GEXF")?;
        xml.open(
            "gexf",
            &[
                ("xmlns", "http://gexf.net/1.3"),
                ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
                ("xsi:schemaLocation", "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"),
                ("version", "1.3"),
            ],
        )?;
        xml.open("meta", &[])?;
        xml.leaf("creator", &[], "mesograph")?;
        xml.leaf("keywords", &[], &keywords(info.horizon, info.projection, info.scenarios))?;
        xml.leaf(
            "description",
            &[],
            &format!(
                "{}: {}{} (intervals {})",
                graph.title(),
                slice.scope,
                graph.caveats(slice.scope),
                info.intervals
            ),
        )?;
        xml.close("meta")?;

        let span = graph.span().map(|(a, b)| (a.to_string(), b.to_string()));
        let mut attrs = vec![("defaultedgetype", "directed")];
        if dynamic {
            attrs.extend([
                ("mode", "dynamic"),
                ("timeformat", "integer"),
                ("timerepresentation", "interval"),
            ]);
            if let Some((start, end)) = &span {
                attrs.extend([("start", start.as_str()), ("end", end.as_str())]);
            }
        } else {
            attrs.push(("mode", "static"));
        }
        xml.open("graph", &attrs)?;
        declare(&mut xml, "node", &NODE_CELLS, dynamic)?;
        declare(&mut xml, "edge", &EDGE_CELLS, dynamic)?;

        xml.open("nodes", &[("count", &slice.actors.len().to_string())])?;
        for &n in &slice.actors {
            let record = node(graph, slice, n);
            xml.record("actor", record.id);
            let (start, end) = (record.start.to_string(), record.end.map(|y| y.to_string()));
            let mut attrs = vec![("id", record.id), ("label", record.name)];
            if dynamic {
                attrs.push(("start", &start));
                if let Some(end) = &end {
                    attrs.push(("end", end));
                }
            }
            xml.open("node", &attrs)?;
            attvalues(&mut xml, &NODE_CELLS, &record.cells()?, dynamic)?;
            xml.close("node")?;
        }
        xml.close("nodes")?;

        xml.open("edges", &[("count", &slice.links.len().to_string())])?;
        for &e in &slice.links {
            let record = edge(graph, e);
            xml.record("link", &record.id);
            let life = graph.link_active(e).unwrap_or(graph.link(e).lifetime());
            let (start, end) = (life.start.to_string(), life.end.map(|y| y.to_string()));
            let label = graph.link(e).kind.label();
            let mut attrs = vec![
                ("id", record.id.as_str()),
                ("source", record.source),
                ("target", record.target),
                ("kind", record.kind),
                ("label", &label),
            ];
            if dynamic {
                attrs.push(("start", &start));
                if let Some(end) = &end {
                    attrs.push(("end", end));
                }
            }
            xml.open("edge", &attrs)?;
            attvalues(&mut xml, &EDGE_CELLS, &record.cells()?, dynamic)?;
            xml.close("edge")?;
        }
        xml.close("edges")?;
        xml.close("graph")?;
        xml.close("gexf")?;
        xml.finish()
    }
}
