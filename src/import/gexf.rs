//! GEXF: mesograph's export and Gephi's. A node's name is its `label`; its kind, notes and the
//! rest are attributes declared by title (`kind` or `type`, …); its years are the `start` and
//! `end` of the element (a dynamic graph, or the first and last of its `<spell>`s) or
//! attributes of those names (a static one). An edge's kind is its `kind` attribute, else its
//! `kind` (Gephi's edge type) or `label`.
//!
//! A dynamic file gives each edge the years it is really active: an open-ended link ends with
//! the first of its actors to end. Such an end is read back as open ([`Read::clipped_ends`]).
//! The dataset's horizon and scenarios come from the `<keywords>` of `<meta>`
//! (`horizon=2017; projection=true; scenarios=frt2`).

use super::csv::header_key;
use super::xml::{Element, parse};
use super::{At, Input, Read, Record, Value};

/// An attribute's title and the node field it fills, first match first.
const NODE_TITLES: &[(&str, &str)] = &[
    ("name", "name"),
    ("full_name", "full_name"),
    ("kind", "kind"),
    ("type", "kind"),
    ("start", "start"),
    ("end", "end"),
    ("aliases", "aliases"),
    ("names", "names"),
    ("citations", "citations"),
    ("note", "note"),
    ("description", "note"),
    ("milestones", "milestones"),
];

/// An attribute's title and the edge field it fills.
const EDGE_TITLES: &[(&str, &str)] = &[
    ("kind", "kind"),
    ("type", "kind"),
    ("start", "start"),
    ("end", "end"),
    ("confidence", "confidence"),
    ("citations", "citations"),
    ("note", "note"),
    ("description", "note"),
];

/// The record of a node or an edge: its attribute values by title, then what the element says
/// itself (`label`, years) where no attribute did.
fn record(
    input: usize,
    element: &Element,
    titles: &[(String, String)],
    names: &[(&str, &'static str)],
    ignored: &mut Vec<String>,
) -> Record {
    let mut record = Record::new(input, At::Offset(element.at));
    let mut found: Vec<(usize, &'static str, String, usize)> = Vec::new();
    for value in element.all("attvalues").flat_map(|a| a.all("attvalue")) {
        let id = value.attribute("for").or(value.attribute("id")).unwrap_or_default();
        let title = titles.iter().find(|(i, _)| i == id).map_or(id, |(_, t)| t.as_str());
        let key = header_key(title);
        match names.iter().position(|(n, _)| *n == key) {
            Some(rank) => found.push((
                rank,
                names[rank].1,
                value.attribute("value").unwrap_or_default().to_string(),
                value.at,
            )),
            None => {
                if !ignored.iter().any(|t| t == title) {
                    ignored.push(title.to_string());
                }
            }
        }
    }
    found.sort_by_key(|(rank, ..)| *rank);
    for (_, field, text, at) in found {
        if record.get(field).is_none() {
            record.push(field, Value::Text(text), At::Offset(at));
        }
    }
    // Years on the element, or the span of its spells (open when one of them is).
    let spells: Vec<&Element> = element.all("spells").flat_map(|s| s.all("spell")).collect();
    let span = |name: &str, last: bool| -> Option<String> {
        if let Some(value) = element.attribute(name) {
            return Some(value.to_string());
        }
        let values: Vec<&str> = spells.iter().filter_map(|s| s.attribute(name)).collect();
        if values.len() < spells.len() {
            return None;
        }
        let year = |y: &&str| super::parse_year(y);
        let pick = if last {
            values.into_iter().max_by_key(year)
        } else {
            values.into_iter().min_by_key(year)
        };
        pick.map(str::to_string)
    };
    for (field, value) in [("start", span("start", false)), ("end", span("end", true))] {
        if record.get(field).is_none()
            && let Some(value) = value
        {
            record.push(field, Value::Text(value), At::Offset(element.at));
        }
    }
    record
}

/// The `(id, title)` of each attribute declared for `class`.
fn titles(graph: &Element, class: &str) -> Vec<(String, String)> {
    graph
        .all("attributes")
        .filter(|a| a.attribute("class") == Some(class))
        .flat_map(|a| a.all("attribute"))
        .map(|a| {
            let id = a.attribute("id").unwrap_or_default().to_string();
            let title = a.attribute("title").map_or_else(|| id.clone(), str::to_string);
            (id, title)
        })
        .collect()
}

/// The dataset's title in the `<description>` of a GEXF that mesograph wrote: `TITLE: SCOPE…
/// (intervals …)`, the scope being `all`, a year or a window. The last `: ` followed by a scope
/// ends the title, which may hold `: ` itself.
fn title_in(description: &str) -> Option<&str> {
    description.rmatch_indices(": ").map(|(at, _)| at).find_map(|at| {
        let scope = &description[at + 2..];
        let scoped = scope.starts_with("all") || scope.starts_with(|c: char| c.is_ascii_digit());
        (scoped && at > 0).then(|| &description[..at])
    })
}

/// The graph's facts from the `<meta>`: `horizon` and `scenarios` from its `<keywords>`
/// (`horizon=2017; scenarios=frt2`), and the title from the `<description>` when mesograph
/// wrote the file (its `<creator>`).
fn graph_record(input: usize, root: &Element) -> Option<Record> {
    let meta = root.first("meta")?;
    let keywords = meta.first("keywords")?;
    let mut record = Record::new(input, At::Offset(keywords.at));
    let by_mesograph = meta.first("creator").is_some_and(|c| c.text.trim() == "mesograph");
    if let Some(description) = meta.first("description").filter(|_| by_mesograph)
        && let Some(title) = title_in(&description.text)
    {
        record.push("title", Value::Text(title.to_string()), At::Offset(description.at));
    }
    for part in keywords.text.split(';') {
        let Some((key, value)) = part.split_once('=') else { continue };
        let field = match key.trim() {
            "horizon" => "horizon",
            "scenarios" => "scenarios",
            _ => continue,
        };
        record.push(field, Value::Text(value.trim().to_string()), At::Offset(keywords.at));
    }
    Some(record)
}

/// Reads one GEXF document per input.
pub(super) fn read(inputs: &[Input], texts: &[&str]) -> Read {
    let mut read = Read { clipped_ends: true, ..Read::default() };
    let mut ignored = Vec::new();
    for (i, (input, text)) in inputs.iter().zip(texts).enumerate() {
        let root = match parse(input, text) {
            Ok(root) => root,
            Err(p) => {
                read.problems.push(p);
                continue;
            }
        };
        let Some(graph) = root.first("graph").filter(|_| root.name == "gexf") else {
            read.problems
                .push(super::json::not_a(input, "a GEXF document (<gexf> with a <graph>)"));
            continue;
        };
        read.graph = graph_record(i, &root);
        let node_titles = titles(graph, "node");
        for node in graph.all("nodes").flat_map(|n| n.all("node")) {
            let mut r = record(i, node, &node_titles, NODE_TITLES, &mut ignored);
            for (attribute, field) in [("id", "id"), ("label", "name")] {
                if r.get(field).is_none()
                    && let Some(value) = node.attribute(attribute)
                {
                    r.push(field, Value::Text(value.to_string()), At::Offset(node.at));
                }
            }
            read.nodes.push(r);
        }
        let edge_titles = titles(graph, "edge");
        for edge in graph.all("edges").flat_map(|e| e.all("edge")) {
            let mut r = record(i, edge, &edge_titles, EDGE_TITLES, &mut ignored);
            // With a kind beside it, the label is the kind's label.
            let label = if edge.attribute("kind").is_some() { "kind_label" } else { "kind" };
            for (attribute, field) in
                [("source", "source"), ("target", "target"), ("kind", "kind"), ("label", label)]
            {
                if r.get(field).is_none()
                    && let Some(value) = edge.attribute(attribute)
                {
                    r.push(field, Value::Text(value.to_string()), At::Offset(edge.at));
                }
            }
            read.edges.push(r);
        }
    }
    if !ignored.is_empty() {
        read.notes.push(format!("left aside the attributes {}", ignored.join(", ")));
    }
    read
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_title_is_what_comes_before_the_last_scope() {
        use super::title_in;
        let d = "L'aventure: 2008 to 2017: all (years after 2017 are a projection) (intervals x)";
        assert_eq!(title_in(d), Some("L'aventure: 2008 to 2017"));
        assert_eq!(title_in("fixture: 2009 (intervals x)"), Some("fixture"));
        assert_eq!(title_in("t: 2008–2012 (intervals x)"), Some("t"));
        assert_eq!(title_in("no scope here"), None);
    }
}
