//! Questions people ask the graph: who an actor is connected to, how two actors are connected in a
//! year or across the years, what an actor's story is, what changed between two years, which
//! actors are central, and the ego network of an actor.
//!
//! Every query returns an owned answer that serialises with serde: the command line prints it as a
//! table, or as JSON (`--format json`) exactly as serde writes these types, so the JSON shapes
//! documented in docs/guide.md are these structs. Ids, not indices, name actors and links in answers,
//! so that they stay meaningful outside the process.
//!
//! Parallel links (several links between the same two actors) are all shown, but a pair of actors
//! counts once for paths, degrees and centrality: see [`Pairs`].
//!
//! ```
//! use mesograph::{Scope, TemporalGraph, load, query};
//!
//! let graph = TemporalGraph::new(load(None)?);
//! let (cnrs, equipameso) = (graph.find("CNRS")?, graph.find("equip@meso")?);
//! let answer = query::shortest_paths(&graph, cnrs, equipameso, &query::PathQuery::year(2012));
//! assert_eq!(answer.paths[0].actors, ["cnrs", "genci", "equipameso"]);
//! # Ok::<(), mesograph::Error>(())
//! ```

mod diff;
mod ego;
mod history;
mod neighbours;
mod path;
mod stats;

pub use diff::{
    ActorChanges, Diff, DiffScenarios, LinkChanges, NewMilestone, PairChange, Renamed, diff,
    diff_slices,
};
pub use ego::ego;
pub use history::{Event, EventKind, History, MilestoneRef, history};
pub use neighbours::{Neighbour, NeighbourLink, NeighbourQuery, Neighbours, neighbours};
pub use path::{
    MAX_LISTED_PATHS, Path, PathQuery, Paths, Route, RouteQuery, Step, earliest_route,
    shortest_paths,
};
pub use stats::{
    BETWEENNESS_SAMPLE, Betweenness, Degree, EXACT_BETWEENNESS_UP_TO, Stats, StatsOptions, stats,
    stats_filtered, stats_of, stats_per_year, stats_per_year_filtered, stats_per_year_with,
    stats_with,
};

use crate::error::{Error, Result};
use crate::graph::{Scope, TemporalGraph};
use crate::model::{ActorKind, Citation, Confidence, LinkKind, Year};
use petgraph::graph::{EdgeIndex, Graph, NodeIndex};
use petgraph::{Directed, EdgeType, Undirected};
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// An actor as answers show it: its id, the name it had in the years asked about, its kind and
/// its years.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorRef {
    /// The actor's id.
    pub id: String,
    /// Its name in the last year of the scope (its current name for the whole history).
    pub name: String,
    /// What it is.
    pub kind: ActorKind,
    /// First active year.
    pub start: Year,
    /// Last active year, `None` when still active.
    pub end: Option<Year>,
}

impl ActorRef {
    /// The actor at `n`, named as in `year` (its main name when `None`).
    pub fn new(graph: &TemporalGraph, n: NodeIndex, year: Option<Year>) -> ActorRef {
        let a = graph.actor(n);
        ActorRef {
            id: a.id.clone(),
            name: year.map_or(a.name.as_str(), |y| a.name_in(y)).to_string(),
            kind: a.kind,
            start: a.start,
            end: a.end,
        }
    }
}

/// How to read an answer: the last year the dataset's sources observe, whether the years asked
/// reach past it (a projection), and the scenarios laid over the dataset. Every answer carries
/// it, flattened into its JSON (`"horizon"`, `"projection"`, `"scenarios"`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Reading {
    /// The last year the sources observe, when the dataset declares it.
    pub horizon: Option<Year>,
    /// Whether the years asked about reach past the horizon.
    pub projection: bool,
    /// The scenarios laid over the dataset.
    pub scenarios: Vec<String>,
}

impl Reading {
    /// How to read an answer about `scope` in `graph`.
    pub fn of(graph: &TemporalGraph, scope: Scope) -> Reading {
        Reading::with(graph, graph.reaches_projection(scope))
    }

    /// [`Reading::of`], whether the answer reaches past the horizon being known otherwise.
    pub fn with(graph: &TemporalGraph, projection: bool) -> Reading {
        Reading {
            horizon: graph.horizon(),
            projection: projection && graph.horizon().is_some(),
            scenarios: graph.scenarios().to_vec(),
        }
    }
}

/// A citation with its source's title and address, so that answers can be read on their own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cite {
    /// The source's id.
    pub source: String,
    /// Where in the source (for the deck, its section).
    pub locator: String,
    /// The source's title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The source's public address, for web sources.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Cite {
    /// Every citation of `citations`, with the registry's title and address.
    pub fn all(graph: &TemporalGraph, citations: &[Citation]) -> Vec<Cite> {
        citations
            .iter()
            .map(|c| {
                let source = graph.source(&c.source);
                Cite {
                    source: c.source.to_string(),
                    locator: c.locator.to_string(),
                    title: source.map(|s| s.title.clone()),
                    url: source.and_then(|s| s.url.clone()),
                }
            })
            .collect()
    }
}

impl fmt::Display for Cite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.source, self.locator)
    }
}

/// A link as answers show it: its ends, kind, own years, confidence and citations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkRef {
    /// The link's id: `from/kind/to/start`.
    pub id: String,
    /// The id of the actor it starts from.
    pub from: String,
    /// The id of the actor it points to.
    pub to: String,
    /// What it says, read as "from KIND to".
    pub kind: LinkKind,
    /// First active year.
    pub start: Year,
    /// Last active year, `None` when open-ended.
    pub end: Option<Year>,
    /// How sure the data is.
    pub confidence: Confidence,
    /// Where it comes from.
    pub citations: Vec<Cite>,
    /// What the reader should know (why an inferred link is inferred).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl LinkRef {
    /// The link at `e`.
    pub fn new(graph: &TemporalGraph, e: EdgeIndex) -> LinkRef {
        let l = graph.link(e);
        LinkRef {
            id: l.id(),
            from: l.from.to_string(),
            to: l.to.to_string(),
            kind: l.kind,
            start: l.start,
            end: l.end,
            confidence: l.confidence,
            citations: Cite::all(graph, &l.citations),
            note: l.note.clone(),
        }
    }
}

/// Which way links are followed from an actor.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Links that start at the actor ("GENCI funds X").
    Out,
    /// Links that point at the actor ("X is member of GENCI").
    In,
    /// Both.
    #[default]
    Both,
}

impl Direction {
    /// The value as written on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Out => "out",
            Direction::In => "in",
            Direction::Both => "both",
        }
    }

    /// Whether links going this way (`Out` or `In`) are followed.
    pub fn allows(self, way: Direction) -> bool {
        self == Direction::Both || self == way
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Direction {
    type Err = Error;
    fn from_str(s: &str) -> Result<Direction> {
        match s.trim().to_lowercase().as_str() {
            "out" => Ok(Direction::Out),
            "in" => Ok(Direction::In),
            "both" => Ok(Direction::Both),
            _ => Err(Error::Request(format!(
                "unknown direction \"{s}\" (expected one of: in, out, both)"
            ))),
        }
    }
}

/// Serialises a [`Scope`] as `{"kind": "year", "year": 2010}`, `{"kind": "window", "from": 2008,
/// "to": 2012}` or `{"kind": "all"}`, the same words the JSON export uses.
pub fn serialize_scope<S: Serializer>(scope: &Scope, s: S) -> std::result::Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Out {
        kind: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        year: Option<Year>,
        #[serde(skip_serializing_if = "Option::is_none")]
        from: Option<Year>,
        #[serde(skip_serializing_if = "Option::is_none")]
        to: Option<Year>,
    }
    let out = match *scope {
        Scope::All => Out { kind: "all", year: None, from: None, to: None },
        Scope::Year(y) => Out { kind: "year", year: Some(y), from: None, to: None },
        Scope::Window { from, to } => {
            Out { kind: "window", year: None, from: Some(from), to: Some(to) }
        }
    };
    out.serialize(s)
}

/// A set of links collapsed to one edge per pair of actors, each edge carrying its links.
///
/// Parallel links (GENCI founds PRACE and GENCI is a member of PRACE) would count twice in
/// shortest-path counts and inflate betweenness; collapsing them makes a pair count once while
/// keeping every link for display. With `Undirected` a pair is unordered (links both ways merge);
/// with `Directed` it is ordered. Node weights are the master graph's indices, nodes are added in
/// id order and edges in pair order, so every algorithm run on it is deterministic. Self-links are
/// left out (validation refuses them anyway).
#[derive(Debug, Clone)]
pub struct Pairs<Ty: EdgeType> {
    /// The collapsed graph: node weight = actor in the master graph, edge weight = its links in
    /// id order.
    pub graph: Graph<NodeIndex, Vec<EdgeIndex>, Ty>,
    /// For each master node index, its node here.
    position: Vec<Option<NodeIndex>>,
}

/// Unordered pairs: for connections, components and centrality.
pub type UndirectedPairs = Pairs<Undirected>;
/// Ordered pairs: for paths that follow the links' direction.
pub type DirectedPairs = Pairs<Directed>;

impl<Ty: EdgeType> Pairs<Ty> {
    /// Collapses `links` among `actors` (both lists as a [`crate::Slice`] holds them).
    /// Links with an end outside `actors` are left out. O((A + L) log L).
    pub fn new(graph: &TemporalGraph, actors: &[NodeIndex], links: &[EdgeIndex]) -> Pairs<Ty> {
        let mut g = Graph::with_capacity(actors.len(), links.len());
        let mut position = vec![None; graph.graph().node_count()];
        let mut sorted = actors.to_vec();
        sorted.sort();
        sorted.dedup();
        for n in sorted {
            position[n.index()] = Some(g.add_node(n));
        }
        let mut pairs: BTreeMap<(NodeIndex, NodeIndex), Vec<EdgeIndex>> = BTreeMap::new();
        for &e in links {
            let (a, b) = graph.endpoints(e);
            let (Some(Some(pa)), Some(Some(pb))) =
                (position.get(a.index()), position.get(b.index()))
            else {
                continue;
            };
            if pa == pb {
                continue;
            }
            let key = if Ty::is_directed() { (*pa, *pb) } else { (*pa.min(pb), *pa.max(pb)) };
            pairs.entry(key).or_default().push(e);
        }
        for ((a, b), mut es) in pairs {
            // Index order is id order (see `TemporalGraph`), and the sort is stable: links given
            // in index order (a slice's) are already in place, without formatting their ids.
            if !es.is_sorted() {
                es.sort_by_cached_key(|&e| graph.link(e).id());
            }
            g.add_edge(a, b, es);
        }
        Pairs { graph: g, position }
    }

    /// The node of master actor `actor`, if it is in the set.
    pub fn node(&self, actor: NodeIndex) -> Option<NodeIndex> {
        self.position.get(actor.index()).copied().flatten()
    }

    /// The master actor of node `n`.
    pub fn actor(&self, n: NodeIndex) -> NodeIndex {
        self.graph[n]
    }

    /// The links between nodes `a` and `b` (from `a` to `b` when directed), in id order.
    pub fn links(&self, a: NodeIndex, b: NodeIndex) -> &[EdgeIndex] {
        self.graph.find_edge(a, b).map_or(&[], |e| self.graph[e].as_slice())
    }
}

/// Whether `actor` is active in `scope`; `Err(Error::Inactive)` naming its years otherwise.
pub(crate) fn require_active(graph: &TemporalGraph, actor: NodeIndex, scope: Scope) -> Result<()> {
    let a = graph.actor(actor);
    let active = scope.bounds().is_none_or(|(from, to)| a.lifetime().overlaps(from, to));
    if active {
        Ok(())
    } else {
        Err(Error::Inactive {
            name: a.name.clone(),
            scope: scope.to_string(),
            lifetime: a.lifetime().to_string(),
        })
    }
}

/// Small hand-made graphs for the unit tests.
#[cfg(test)]
pub(crate) mod fixture {
    use crate::graph::TemporalGraph;
    use crate::model::{Dataset, Year};
    use serde_json::json;

    /// A graph of `actors` (id, start, end) and `links` (from, kind, to, start, end), every record
    /// citing the deck; actor names are the ids in upper case.
    pub fn graph(
        actors: &[(&str, Year, Option<Year>)],
        links: &[(&str, &str, &str, Year, Option<Year>)],
    ) -> TemporalGraph {
        let cite = json!([{"source": "deck", "locator": "x"}]);
        TemporalGraph::new(Dataset {
            name: "t".into(),
            sources: vec![],
            actors: actors
                .iter()
                .map(|(id, start, end)| {
                    serde_json::from_value(json!({"id": id, "name": id.to_uppercase(),
                        "kind": "agency", "start": start, "end": end, "citations": cite}))
                    .unwrap()
                })
                .collect(),
            links: links
                .iter()
                .map(|(from, kind, to, start, end)| {
                    serde_json::from_value(json!({"from": from, "to": to, "kind": kind,
                        "start": start, "end": end, "citations": cite}))
                    .unwrap()
                })
                .collect(),
            milestones: vec![],
            scenarios: vec![],
            scenario_actors: vec![],
            meta: Default::default(),
            vocabulary: Default::default(),
        })
    }

    /// The node of actor `id`.
    pub fn n(g: &TemporalGraph, id: &str) -> petgraph::graph::NodeIndex {
        g.node(id).unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::{graph, n};
    use super::*;

    #[test]
    fn pairs_collapse_parallel_links_and_keep_them() {
        let g = graph(
            &[("a", 2000, None), ("b", 2000, None), ("c", 2000, None)],
            &[
                ("a", "funds", "b", 2000, None),
                ("a", "coordinates", "b", 2001, None),
                ("b", "member_of", "a", 2002, None),
                ("b", "hosts", "c", 2000, None),
            ],
        );
        let s = g.slice(Scope::All);
        let un = UndirectedPairs::new(&g, &s.actors, &s.links);
        assert_eq!(un.graph.edge_count(), 2);
        let (a, b) = (un.node(n(&g, "a")).unwrap(), un.node(n(&g, "b")).unwrap());
        let ids: Vec<String> = un.links(b, a).iter().map(|&e| g.link(e).id()).collect();
        assert_eq!(ids, ["a/coordinates/b/2001", "a/funds/b/2000", "b/member_of/a/2002"]);
        let di = DirectedPairs::new(&g, &s.actors, &s.links);
        assert_eq!(di.graph.edge_count(), 3);
        assert_eq!(di.links(a, b).len(), 2);
        assert_eq!(di.links(b, a).len(), 1);
    }

    #[test]
    fn directions_parse() {
        assert_eq!("OUT".parse::<Direction>().unwrap(), Direction::Out);
        assert!(Direction::Both.allows(Direction::In));
        assert!(!Direction::Out.allows(Direction::In));
        assert!("sideways".parse::<Direction>().is_err());
    }

    #[test]
    fn inactive_actors_are_named_with_their_years() {
        let g = graph(&[("a", 2005, Some(2008))], &[]);
        assert!(require_active(&g, n(&g, "a"), Scope::Year(2005)).is_ok());
        assert!(require_active(&g, n(&g, "a"), Scope::All).is_ok());
        let e = require_active(&g, n(&g, "a"), Scope::Year(2009)).unwrap_err();
        assert_eq!(e.to_string(), "A is not active in 2009 (active 2005–2008)");
    }
}
