//! Node-link JSON: the form `networkx.node_link_graph(data)` loads with its default arguments
//! (networkx 3.6+: `nodes`, `edges`, `source`, `target`, `key`), and that D3 and most scripts
//! read as is.

use super::{Exporter, Sink};
use crate::error::{Error, Result};
use crate::graph::{Scope, Slice, TemporalGraph};
use crate::model::{Citation, Figure, NameSpan, Year};
use petgraph::graph::{EdgeIndex, NodeIndex};
use rustc_hash::FxHashMap;
use serde::Serialize;

/// The JSON exporter.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json;

#[cfg(test)]
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
    /// The last year the sources observe (`null` when the dataset declares none).
    pub(super) horizon: Option<Year>,
    /// Whether the scope reaches past the horizon: what it shows then is extrapolated.
    pub(super) projection: bool,
    /// The scenarios (hypotheses) laid over the dataset, by name.
    pub(super) scenarios: &'a [String],
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
/// rather than collected first: one vector per node and edge is an allocation per record of a
/// large export (see docs/performance.md, "Exporting and writing").
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
    serde_json::to_string(value).map_err(|e| Error::Internal(e.to_string()))
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
        horizon: graph.horizon(),
        projection: graph.reaches_projection(slice.scope),
        scenarios: graph.scenarios(),
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

    fn write(&self, graph: &TemporalGraph, slice: &Slice, _: &str, out: &mut Sink) -> Result<()> {
        write_json(graph, slice, out)
    }
}

/// The document through serde: the reference [`write_json`] must match byte for byte.
#[cfg(test)]
fn write_serde(graph: &TemporalGraph, slice: &Slice, out: &mut Vec<u8>) -> Result<()> {
    let doc = Document {
        directed: true,
        multigraph: true,
        graph: graph_info(graph, slice),
        nodes: slice.actors.iter().map(|&n| node(graph, slice, n)).collect(),
        edges: slice.links.iter().map(|&e| edge(graph, e)).collect(),
    };
    // Serialising plain structs into memory cannot fail.
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(|e| Error::Internal(e.to_string()))?;
    out.push(b'\n');
    Ok(())
}

/// `,`, a line break and the key of a field of a node or edge record: [`field`] at [`RECORD`]
/// indentation, as one constant.
macro_rules! key {
    ($b:expr, $key:literal) => {
        $b.extend_from_slice(concat!(",\n      \"", $key, "\": ").as_bytes())
    };
}

/// Writes the node-link document of `slice`, exactly as `serde_json::to_writer_pretty` writes
/// [`Document`] (plus a final line break), but straight into the buffer and record by record, so
/// that a large slice streams to its file ([`Sink::spill`] after each record).
///
/// Serialising the records through serde is slow for a large export (see docs/performance.md,
/// "Exporting and writing", under "All years: what mattered"): every string
/// went through serde_json's byte-by-byte escaper, every link formatted its id and key into new
/// strings, and every citation looked its source up. Here a string that needs no escaping (no
/// `"`, `\\` or control character: almost all) is copied as it is and any other goes through
/// serde_json's own escaper, so the escaping rules stay serde_json's; the rare nested records
/// (names, milestones) are serialised by serde and indented to their place.
fn write_json(graph: &TemporalGraph, slice: &Slice, out: &mut Sink<'_>) -> Result<()> {
    let info = graph_info(graph, slice);
    let b = &mut out.buf;
    b.extend_from_slice(b"{\n  \"directed\": true,\n  \"multigraph\": true,\n  \"graph\": {");
    field(b, 4, "dataset", true);
    string(b, info.dataset);
    field(b, 4, "scope", false);
    string(b, info.scope);
    for (key, value) in [("year", info.year), ("from", info.from), ("to", info.to)] {
        if let Some(y) = value {
            field(b, 4, key, false);
            year(b, Some(y));
        }
    }
    field(b, 4, "intervals", false);
    string(b, info.intervals);
    field(b, 4, "horizon", false);
    year(b, info.horizon);
    field(b, 4, "projection", false);
    b.extend_from_slice(if info.projection { b"true" } else { b"false" });
    field(b, 4, "scenarios", false);
    if info.scenarios.is_empty() {
        b.extend_from_slice(b"[]");
    } else {
        for (j, name) in info.scenarios.iter().enumerate() {
            b.extend_from_slice(if j == 0 { b"[\n      " } else { b",\n      " });
            string(b, name);
        }
        b.extend_from_slice(b"\n    ]");
    }
    b.extend_from_slice(b"\n  },\n  \"nodes\": [");
    let cache = Sources::new(graph);
    // Which actors have milestones at all: most have none, and asking the graph costs a search.
    let mut with_milestones = vec![false; graph.graph().node_count()];
    for m in graph.milestones() {
        if let Some(n) = graph.node(&m.actor) {
            with_milestones[n.index()] = true;
        }
    }
    let mut scratch = Vec::new();
    for (i, &n) in slice.actors.iter().enumerate() {
        let b = &mut out.buf;
        b.extend_from_slice(if i == 0 {
            b"\n    {\n      \"id\": "
        } else {
            b",\n    {\n      \"id\": "
        });
        let a = graph.actor(n);
        let name = slice.scope.naming_year().map_or(&a.name[..], |y| a.name_in(y));
        string(b, &a.id);
        key!(b, "name");
        string(b, name);
        if let Some(full) = &a.full_name {
            key!(b, "full_name");
            string(b, full);
        }
        key!(b, "kind");
        string(b, a.kind.as_str());
        key!(b, "start");
        year(b, Some(a.start));
        key!(b, "end");
        year(b, a.end);
        key!(b, "aliases");
        if a.aliases.is_empty() {
            b.extend_from_slice(b"[]");
        } else {
            for (j, alias) in a.aliases.iter().enumerate() {
                b.extend_from_slice(if j == 0 { b"[\n        " } else { b",\n        " });
                string(b, alias);
            }
            b.extend_from_slice(b"\n      ]");
        }
        let has_milestones = with_milestones[n.index()];
        let record = (!a.names.is_empty() || has_milestones).then(|| node(graph, slice, n));
        if let Some(record) = record.as_ref().filter(|r| !r.names.is_empty()) {
            key!(b, "names");
            nested(b, &mut scratch, &record.names, RECORD)?;
        }
        key!(b, "citations");
        citations(b, &cache, &a.citations);
        if let Some(note) = &a.note {
            key!(b, "note");
            string(b, note);
        }
        key!(b, "milestones");
        match record.as_ref().filter(|r| !r.milestones.is_empty()) {
            Some(record) => nested(b, &mut scratch, &record.milestones, RECORD)?,
            None => b.extend_from_slice(b"[]"),
        }
        b.extend_from_slice(b"\n    }");
        out.spill();
    }
    out.buf.extend_from_slice(if slice.actors.is_empty() {
        b"],\n  \"edges\": ["
    } else {
        b"\n  ],\n  \"edges\": ["
    });
    let mut digits = [0u8; 11];
    for (i, &e) in slice.links.iter().enumerate() {
        let b = &mut out.buf;
        b.extend_from_slice(if i == 0 {
            b"\n    {\n      \"id\": "
        } else {
            b",\n    {\n      \"id\": "
        });
        let l = graph.link(e);
        let (from, to): (&str, &str) = (&l.from, &l.to);
        // A valid dataset's kinds are snake_case slugs: nothing to escape (a kind of a dataset
        // made in code and never checked takes the escaping path).
        let kind = l.kind.as_str().as_bytes();
        let kind_plain = plain(kind);
        let start = number_in(&mut digits, l.start);
        if plain(from.as_bytes()) && plain(to.as_bytes()) && kind_plain {
            b.push(b'"');
            b.extend_from_slice(from.as_bytes());
            b.push(b'/');
            b.extend_from_slice(kind);
            b.push(b'/');
            b.extend_from_slice(to.as_bytes());
            b.push(b'/');
            b.extend_from_slice(start);
            b.extend_from_slice(b"\",\n      \"source\": \"");
            b.extend_from_slice(from.as_bytes());
            b.extend_from_slice(b"\",\n      \"target\": \"");
            b.extend_from_slice(to.as_bytes());
            b.extend_from_slice(b"\"");
        } else {
            string(b, &l.id());
            key!(b, "source");
            string(b, from);
            key!(b, "target");
            string(b, to);
        }
        key!(b, "key");
        if kind_plain {
            b.push(b'"');
            b.extend_from_slice(kind);
            b.push(b'/');
            b.extend_from_slice(start);
            b.extend_from_slice(b"\",\n      \"kind\": \"");
            b.extend_from_slice(kind);
            b.extend_from_slice(b"\",\n      \"start\": ");
        } else {
            string(b, &l.key());
            key!(b, "kind");
            string(b, l.kind.as_str());
            key!(b, "start");
        }
        b.extend_from_slice(start);
        key!(b, "end");
        year(b, l.end);
        b.extend_from_slice(b",\n      \"confidence\": \"");
        b.extend_from_slice(l.confidence.as_str().as_bytes());
        b.extend_from_slice(b"\",\n      \"citations\": ");
        citations(b, &cache, &l.citations);
        if let Some(note) = &l.note {
            key!(b, "note");
            string(b, note);
        }
        b.extend_from_slice(b"\n    }");
        out.spill();
    }
    out.buf.extend_from_slice(if slice.links.is_empty() { b"]\n}\n" } else { b"\n  ]\n}\n" });
    Ok(())
}

/// Each source's citation text, escaped and laid out once per document rather than once per
/// citation: a large export cites the same few sources hundreds of thousands of times.
struct Sources<'a> {
    /// Source id → index in [`TemporalGraph::sources`].
    index: FxHashMap<&'a str, usize>,
    /// Per source: the JSON of a citation of it at [`RECORD`] indentation, before the locator's
    /// value (`{` to `"locator": `) and after it (`,` to `}`, with its title and URL).
    text: Vec<(Vec<u8>, Vec<u8>)>,
}

/// The indentation of the fields of a node or edge record.
const RECORD: usize = 6;

impl<'a> Sources<'a> {
    fn new(graph: &'a TemporalGraph) -> Sources<'a> {
        let sources = graph.sources();
        let index = sources.iter().enumerate().map(|(i, s)| (&s.id[..], i)).collect();
        let inner = RECORD + 4;
        let text = sources
            .iter()
            .map(|s| {
                let mut head = vec![b'{'];
                field(&mut head, inner, "source", true);
                string(&mut head, &s.id);
                field(&mut head, inner, "locator", false);
                let mut tail = Vec::new();
                field(&mut tail, inner, "title", false);
                string(&mut tail, &s.title);
                if let Some(url) = &s.url {
                    field(&mut tail, inner, "url", false);
                    string(&mut tail, url);
                }
                tail.push(b'\n');
                spaces(&mut tail, RECORD + 2);
                tail.push(b'}');
                (head, tail)
            })
            .collect();
        Sources { index, text }
    }
}

/// A citation list as [`Cites`] serialises it, as the value of a field of a record.
fn citations(b: &mut Vec<u8>, sources: &Sources<'_>, list: &[Citation]) {
    if list.is_empty() {
        b.extend_from_slice(b"[]");
        return;
    }
    for (i, c) in list.iter().enumerate() {
        b.extend_from_slice(if i == 0 { b"[\n        " } else { b",\n        " });
        match sources.index.get(&c.source[..]).and_then(|&i| sources.text.get(i)) {
            Some((head, tail)) => {
                b.extend_from_slice(head);
                string(b, &c.locator);
                b.extend_from_slice(tail);
            }
            None => {
                // An unknown source (only in an unvalidated dataset): no title, no URL.
                b.push(b'{');
                field(b, RECORD + 4, "source", true);
                string(b, &c.source);
                field(b, RECORD + 4, "locator", false);
                string(b, &c.locator);
                b.push(b'\n');
                spaces(b, RECORD + 2);
                b.push(b'}');
            }
        }
    }
    b.extend_from_slice(b"\n      ]");
}

/// `value` serialised by serde_json's pretty printer, each of its lines after the first indented
/// by `indent` so that it sits as the value of a field at that indentation. Pretty JSON has no
/// raw line break inside a string, so every line break is a line of the structure.
fn nested<T: Serialize>(
    b: &mut Vec<u8>,
    scratch: &mut Vec<u8>,
    value: &T,
    indent: usize,
) -> Result<()> {
    scratch.clear();
    serde_json::to_writer_pretty(&mut *scratch, value)
        .map_err(|e| Error::Internal(e.to_string()))?;
    for (i, line) in scratch.split(|&c| c == b'\n').enumerate() {
        if i > 0 {
            b.push(b'\n');
            spaces(b, indent);
        }
        b.extend_from_slice(line);
    }
    Ok(())
}

/// The start of a field of an object whose fields are indented by `indent`: the separator after
/// the previous field (none for the first), the line break, the indentation and the key.
#[inline]
fn field(b: &mut Vec<u8>, indent: usize, key: &str, first: bool) {
    if !first {
        b.push(b',');
    }
    b.push(b'\n');
    spaces(b, indent);
    b.push(b'"');
    b.extend_from_slice(key.as_bytes());
    b.extend_from_slice(b"\": ");
}

#[inline]
fn spaces(b: &mut Vec<u8>, n: usize) {
    const SPACES: &[u8; 32] = b"                                ";
    b.extend_from_slice(&SPACES[..n.min(SPACES.len())]);
}

/// Whether `s` can be written between quotes as it is: no `"`, `\\` or control character, the
/// only bytes serde_json escapes. Written as a fold without early exit so that it vectorises.
#[inline]
fn plain(s: &[u8]) -> bool {
    s.iter().fold(true, |ok, &c| ok & (c >= 0x20) & (c != b'"') & (c != b'\\'))
}

/// `s` as a JSON string, escaped exactly as serde_json escapes it.
#[inline]
fn string(b: &mut Vec<u8>, s: &str) {
    if plain(s.as_bytes()) {
        b.reserve(s.len() + 2);
        b.push(b'"');
        b.extend_from_slice(s.as_bytes());
        b.push(b'"');
    } else {
        // Writing a string into memory cannot fail.
        let _ = serde_json::to_writer(&mut *b, s);
    }
}

/// A year, or `null`.
#[inline]
fn year(b: &mut Vec<u8>, y: Option<Year>) {
    match y {
        Some(y) => number(b, y),
        None => b.extend_from_slice(b"null"),
    }
}

/// An integer in decimal, as serde_json writes it.
fn number(b: &mut Vec<u8>, n: Year) {
    let mut digits = [0u8; 11];
    b.extend_from_slice(number_in(&mut digits, n));
}

/// `n` in decimal, written at the end of `digits`.
pub(super) fn number_in(digits: &mut [u8; 11], n: Year) -> &[u8] {
    let mut i = digits.len();
    let mut v = n.unsigned_abs();
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    if n < 0 {
        i -= 1;
        digits[i] = b'-';
    }
    &digits[i..]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// The built-in dataset and the test datasets with hostile names.
    fn graphs() -> Vec<TemporalGraph> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
        let mut graphs = vec![TemporalGraph::new(crate::load(None).unwrap())];
        for name in ["fixture", "hostile", "hostile-names"] {
            graphs.push(TemporalGraph::new(crate::load(Some(&root.join(name))).unwrap()));
        }
        // A scenario laid over a dataset.
        let scenario = crate::load::read_scenario(&root.join("fixture-scenario")).unwrap();
        let fixture = Some(root.join("fixture"));
        let layered = crate::open::load_graph_with(fixture.as_deref(), &[scenario], Scope::All);
        graphs.push(layered.unwrap());
        // A dataset of its own vocabulary, and one made in code with kinds no check saw.
        graphs.push(TemporalGraph::new(crate::load(Some(&root.join("ruritania"))).unwrap()));
        let mut unchecked = crate::load(Some(&root.join("fixture"))).unwrap();
        unchecked.links[0].kind = crate::LinkKind::named("odd \"kind\" \\ é");
        graphs.push(TemporalGraph::new(unchecked));
        graphs
    }

    #[test]
    fn the_hand_written_document_is_serde_jsons_byte_for_byte() {
        for graph in graphs() {
            let (first, last) = graph.span().unwrap();
            let mut scopes = vec![Scope::All, Scope::window(first, last).unwrap()];
            // Every year, and years with nothing in them on both sides.
            scopes.extend((first - 2..=last + 2).map(Scope::Year));
            for scope in scopes {
                let slice = graph.slice(scope);
                let (mut ours, mut reference) = (Sink::in_memory(Vec::new()), Vec::new());
                Json.write(&graph, &slice, "json", &mut ours).unwrap();
                write_serde(&graph, &slice, &mut reference).unwrap();
                let ours = ours.buf;
                assert!(
                    ours == reference,
                    "{} {scope}:\n{}\n---\n{}",
                    graph.name(),
                    String::from_utf8_lossy(&ours),
                    String::from_utf8_lossy(&reference)
                );
            }
        }
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        for s in ["", "plain é ☃", "q\"b\\s", "\0\u{1f}\u{7f}\n\r\t", "</script>", "\u{2028}"] {
            let mut ours = Vec::new();
            string(&mut ours, s);
            assert_eq!(ours, serde_json::to_vec(s).unwrap(), "{s:?}");
        }
        for n in [0, 7, -3, 1990, 2030, i32::MIN, i32::MAX] {
            let mut ours = Vec::new();
            number(&mut ours, n);
            assert_eq!(ours, serde_json::to_vec(&n).unwrap());
        }
    }
}
