//! GraphML: mesograph's export (typed `<key>`s named as the JSON's fields), and what networkx,
//! Gephi and yEd write: a node's name from a key called `name` or `label` (or, in yEd, the
//! text of its `NodeLabel`), its kind from `kind` or `type`, its years from `start` and `end`.

use super::csv::header_key;
use super::xml::{Element, parse};
use super::{At, Input, Read, Record, Value};

/// A key's `attr.name` and the node field it fills, first match first.
const NODE_NAMES: &[(&str, &str)] = &[
    ("name", "name"),
    ("label", "name"),
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

/// A key's `attr.name` and the edge field it fills.
const EDGE_NAMES: &[(&str, &str)] = &[
    ("kind", "kind"),
    ("type", "kind"),
    ("label", "kind"),
    ("start", "start"),
    ("end", "end"),
    ("confidence", "confidence"),
    ("citations", "citations"),
    ("note", "note"),
    ("description", "note"),
];

/// A key's `attr.name` and the graph field it fills.
const GRAPH_NAMES: &[(&str, &str)] = &[("horizon", "horizon"), ("scenarios", "scenarios")];

/// Graph keys that say what is derived from the records (the scope, the projection).
const DERIVED: &[&str] = &["dataset", "scope", "year", "from", "to", "intervals", "projection"];

/// A declared key: its id, what it is for, and its `attr.name`.
struct Key {
    id: String,
    class: String,
    name: String,
}

/// The record of `element` (a node, an edge or the graph), its `<data>` filled by `names`.
fn record(
    input: usize,
    element: &Element,
    class: &str,
    keys: &[Key],
    names: &[(&str, &'static str)],
    ignored: &mut Vec<String>,
) -> Record {
    let mut record = Record::new(input, At::Offset(element.at));
    let mut found: Vec<(usize, &'static str, String, usize)> = Vec::new();
    for data in element.all("data") {
        let key = data.attribute("key").unwrap_or_default();
        let Some(declared) =
            keys.iter().find(|k| k.id == key && (k.class == class || k.class == "all"))
        else {
            continue;
        };
        let name = header_key(&declared.name);
        match names.iter().position(|(n, _)| *n == name) {
            Some(rank) => found.push((rank, names[rank].1, data.text.clone(), data.at)),
            None if declared.name.is_empty() || DERIVED.contains(&name.as_str()) => {}
            None => {
                if !ignored.contains(&declared.name) {
                    ignored.push(declared.name.clone());
                }
            }
        }
    }
    // The first name of a field wins, whatever the order of the data.
    found.sort_by_key(|(rank, ..)| *rank);
    for (_, field, text, at) in found {
        if record.get(field).is_none() {
            record.push(field, Value::Text(text), At::Offset(at));
        }
    }
    record
}

/// yEd's label of a node or an edge: the text of its `NodeLabel` or `EdgeLabel`.
fn yed_label(element: &Element, label: &str) -> Option<(String, usize)> {
    element
        .descendants()
        .into_iter()
        .find(|e| e.name == label && !e.text.trim().is_empty())
        .map(|e| (e.text.trim().to_string(), e.at))
}

/// Reads one GraphML document per input.
pub(super) fn read(inputs: &[Input], texts: &[&str]) -> Read {
    let mut read = Read::default();
    let mut ignored = Vec::new();
    for (i, (input, text)) in inputs.iter().zip(texts).enumerate() {
        let root = match parse(input, text) {
            Ok(root) => root,
            Err(p) => {
                read.problems.push(p);
                continue;
            }
        };
        let Some(graph) = root.first("graph").filter(|_| root.name == "graphml") else {
            read.problems
                .push(super::json::not_a(input, "a GraphML document (<graphml> with a <graph>)"));
            continue;
        };
        let keys: Vec<Key> = root
            .all("key")
            .map(|k| Key {
                id: k.attribute("id").unwrap_or_default().to_string(),
                class: k.attribute("for").unwrap_or("all").to_string(),
                name: k.attribute("attr.name").unwrap_or_default().to_string(),
            })
            .collect();
        read.graph = Some(record(i, graph, "graph", &keys, GRAPH_NAMES, &mut Vec::new()));
        for node in graph.all("node") {
            let mut r = record(i, node, "node", &keys, NODE_NAMES, &mut ignored);
            if let Some(id) = node.attribute("id") {
                r.push("id", Value::Text(id.to_string()), At::Offset(node.at));
            }
            if r.get("name").is_none()
                && let Some((label, at)) = yed_label(node, "NodeLabel")
            {
                r.push("name", Value::Text(label), At::Offset(at));
            }
            read.nodes.push(r);
        }
        for edge in graph.all("edge") {
            let mut r = record(i, edge, "edge", &keys, EDGE_NAMES, &mut ignored);
            for end in ["source", "target"] {
                if let Some(id) = edge.attribute(end) {
                    r.push(end, Value::Text(id.to_string()), At::Offset(edge.at));
                }
            }
            if r.get("kind").is_none()
                && let Some((label, at)) = yed_label(edge, "EdgeLabel")
            {
                r.push("kind", Value::Text(label), At::Offset(at));
            }
            read.edges.push(r);
        }
    }
    if !ignored.is_empty() {
        read.notes.push(format!("left aside the keys {}", ignored.join(", ")));
    }
    read
}
