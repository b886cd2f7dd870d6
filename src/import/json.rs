//! Node-link JSON: mesograph's JSON export, and what networkx's `node_link_data` writes
//! (`nodes`, and `edges` or, before networkx 3.4, `links`; `source` and `target` naming nodes
//! by `id`). Other tools' attribute names are read too where they say the same: `label` for
//! the name, `type` for the kind, `description` for the note.

use super::{At, Input, Read, Record, Value};
use crate::error::Problem;
use crate::locate::Step;
use serde_json::{Map, Value as Json};

/// A node's keys and the field each fills; the first key present wins for a field.
pub(super) const NODE_KEYS: &[(&str, &str)] = &[
    ("id", "id"),
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

/// An edge's keys and the field each fills.
pub(super) const EDGE_KEYS: &[(&str, &str)] = &[
    ("source", "source"),
    ("target", "target"),
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

/// Keys that repeat what the record's other fields say (ids, keys, Cytoscape's `value`).
pub(super) const DERIVED: &[&str] = &["id", "key", "value"];

/// The record of a JSON object at `path`, its fields by `keys` (the first key present fills a
/// field); the keys left aside are added to `ignored`.
pub(super) fn record(
    input: usize,
    object: &Map<String, Json>,
    path: Vec<Step>,
    keys: &[(&str, &'static str)],
    ignored: &mut Vec<String>,
) -> Record {
    let mut record = Record::new(input, At::Path(path.clone()));
    for &(key, field) in keys {
        if let Some(value) = object.get(key)
            && record.get(field).is_none()
        {
            let mut at = path.clone();
            at.push(Step::Key(key.to_string()));
            record.push(field, Value::Json(value.clone()), At::Path(at));
        }
    }
    for key in object.keys() {
        let known = DERIVED.contains(&key.as_str()) || keys.iter().any(|(k, _)| k == key);
        if !known && !ignored.contains(key) {
            ignored.push(key.clone());
        }
    }
    record
}

/// A located problem at `path` of a JSON input.
pub(super) fn located(input: &Input, text: &str, path: &[Step], message: &str) -> Problem {
    let (line, column) = crate::locate::locate(text, path, crate::locate::Target::Value);
    Problem { file: input.name.clone(), line, column, message: message.to_string() }
}

/// The document of a JSON input, or the problem that it is not JSON.
pub(super) fn document(input: &Input, text: &str) -> Result<Json, Problem> {
    serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        // The position is the problem's own; the message need not repeat it.
        let message = message.rfind(" at line ").map_or(message.as_str(), |i| &message[..i]);
        Problem {
            file: input.name.clone(),
            line: e.line(),
            column: crate::locate::char_column(text, e.line(), e.column()),
            message: message.to_string(),
        }
    })
}

/// A problem at the start of an input that is not the document a format expects.
pub(super) fn not_a(input: &Input, what: &str) -> Problem {
    Problem { file: input.name.clone(), line: 1, column: 1, message: format!("not {what}") }
}

/// Reads one node-link document per input.
pub(super) fn read(inputs: &[Input], texts: &[&str]) -> Read {
    let mut read = Read::default();
    let mut ignored = Vec::new();
    for (i, (input, text)) in inputs.iter().zip(texts).enumerate() {
        let doc = match document(input, text) {
            Ok(doc) => doc,
            Err(p) => {
                read.problems.push(p);
                continue;
            }
        };
        let nodes = doc.get("nodes").and_then(Json::as_array);
        let (edges_key, edges) = match (doc.get("edges"), doc.get("links")) {
            (Some(e), _) => ("edges", e.as_array()),
            (None, Some(l)) => ("links", l.as_array()),
            (None, None) => ("edges", Some(&Vec::new())),
        };
        let (Some(nodes), Some(edges)) = (nodes, edges) else {
            read.problems.push(not_a(
                input,
                "a node-link document (an object with the arrays \"nodes\" and \"edges\")",
            ));
            continue;
        };
        if let Some(graph) = doc.get("graph").and_then(Json::as_object) {
            let keys = [("horizon", "horizon"), ("scenarios", "scenarios")];
            let path = vec![Step::Key("graph".into())];
            read.graph = Some(record(i, graph, path, &keys, &mut Vec::new()));
        }
        for (j, node) in nodes.iter().enumerate() {
            let path = vec![Step::Key("nodes".into()), Step::Index(j)];
            match node.as_object() {
                Some(o) => read.nodes.push(record(i, o, path, NODE_KEYS, &mut ignored)),
                None => read.problems.push(located(input, text, &path, "a node is an object")),
            }
        }
        for (j, edge) in edges.iter().enumerate() {
            let path = vec![Step::Key(edges_key.into()), Step::Index(j)];
            match edge.as_object() {
                Some(o) => read.edges.push(record(i, o, path, EDGE_KEYS, &mut ignored)),
                None => read.problems.push(located(input, text, &path, "an edge is an object")),
            }
        }
    }
    if !ignored.is_empty() {
        read.notes.push(format!("left aside the attributes {}", ignored.join(", ")));
    }
    read
}
