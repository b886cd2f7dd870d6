//! Cytoscape.js elements JSON (`.cyjs`): mesograph's Cytoscape export, and what Cytoscape
//! desktop and `cy.json()` write. Each element's `data` holds the record, with the names of
//! the node-link JSON ([`super::json`]).

use super::json::{EDGE_KEYS, NODE_KEYS, document, located, not_a, record};
use super::{Input, Read};
use crate::locate::Step;
use serde_json::Value as Json;

/// Reads one Cytoscape.js document per input.
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
        let elements = doc.get("elements");
        let list = |key: &str| match elements.and_then(|e| e.get(key)) {
            None => Some(Vec::new()),
            Some(v) => v.as_array().cloned(),
        };
        let (Some(nodes), Some(edges)) = (list("nodes"), list("edges")) else {
            read.problems.push(not_a(
                input,
                "a Cytoscape.js document (an object with \"elements\": {\"nodes\": […], \"edges\": […]})",
            ));
            continue;
        };
        if elements.is_none() {
            read.problems.push(not_a(input, "a Cytoscape.js document (no \"elements\")"));
            continue;
        }
        if let Some(graph) = doc.get("data").and_then(Json::as_object) {
            let keys = [("horizon", "horizon"), ("scenarios", "scenarios")];
            let path = vec![Step::Key("data".into())];
            read.graph = Some(record(i, graph, path, &keys, &mut Vec::new()));
        }
        for (class, keys, items) in [("nodes", NODE_KEYS, nodes), ("edges", EDGE_KEYS, edges)] {
            for (j, item) in items.iter().enumerate() {
                let path = vec![
                    Step::Key("elements".into()),
                    Step::Key(class.into()),
                    Step::Index(j),
                    Step::Key("data".into()),
                ];
                match item.get("data").and_then(Json::as_object) {
                    Some(data) => {
                        let r = record(i, data, path, keys, &mut ignored);
                        if class == "nodes" { read.nodes.push(r) } else { read.edges.push(r) }
                    }
                    None => read.problems.push(located(
                        input,
                        text,
                        &path[..3],
                        "an element is an object with its record in \"data\"",
                    )),
                }
            }
        }
    }
    if !ignored.is_empty() {
        read.notes.push(format!("left aside the attributes {}", ignored.join(", ")));
    }
    read
}
