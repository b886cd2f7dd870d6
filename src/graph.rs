//! The time-stamped graph: every actor and link of a dataset in one petgraph `DiGraph`, built
//! once and never mutated, and the slices of it that a year or a window of years selects.

use crate::error::{Error, Result};
use crate::model::{Actor, Dataset, Lifetime, Link, Milestone, Source, Year};
use crate::resolve::{Resolution, resolve};
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use std::collections::HashMap;
use std::fmt;

/// Which years a slice keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// The whole history, every actor and link with its interval.
    All,
    /// One year.
    Year(Year),
    /// Every year from `from` to `to`, inclusive.
    Window {
        /// First year.
        from: Year,
        /// Last year (inclusive).
        to: Year,
    },
}

impl Scope {
    /// A window, refusing one that ends before it starts.
    ///
    /// # Errors
    /// [`Error::Request`] when `to < from`.
    pub fn window(from: Year, to: Year) -> Result<Scope> {
        if to < from {
            return Err(Error::Request(format!(
                "the window ends ({to}) before it starts ({from})"
            )));
        }
        Ok(if from == to { Scope::Year(from) } else { Scope::Window { from, to } })
    }

    /// The first and last year of the scope, `None` for the whole history.
    pub fn bounds(&self) -> Option<(Year, Year)> {
        match *self {
            Scope::All => None,
            Scope::Year(y) => Some((y, y)),
            Scope::Window { from, to } => Some((from, to)),
        }
    }

    /// The year whose names an actor is shown with: the last year of the scope.
    pub fn naming_year(&self) -> Option<Year> {
        self.bounds().map(|(_, to)| to)
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::All => f.write_str("all years"),
            Scope::Year(y) => write!(f, "{y}"),
            Scope::Window { from, to } => write!(f, "{from}–{to}"),
        }
    }
}

/// The actors and links a scope keeps, each list in id order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slice {
    /// The scope that selected them.
    pub scope: Scope,
    /// The actors, in id order.
    pub actors: Vec<NodeIndex>,
    /// The links, in id order.
    pub links: Vec<EdgeIndex>,
}

/// A dataset held as a time-stamped graph.
///
/// Node weights are [`Actor`]s and edge weights [`Link`]s; parallel links of different kinds
/// between two actors stay separate edges. Nodes are added in id order and edges in link-id order,
/// so index order is id order and every listing is deterministic.
#[derive(Debug, Clone)]
pub struct TemporalGraph {
    name: String,
    graph: DiGraph<Actor, Link>,
    /// For each edge, the years it is really active: its interval clipped to both actors'.
    active: Vec<Option<Lifetime>>,
    by_id: HashMap<String, NodeIndex>,
    sources: Vec<Source>,
    milestones: Vec<Milestone>,
    span: Option<(Year, Year)>,
}

impl TemporalGraph {
    /// Builds the graph of a validated dataset (see [`crate::load::load`]).
    ///
    /// Links whose actors are missing are skipped; validation reports them before this point.
    /// O((A + L) log(A + L)) for the sorting.
    pub fn new(dataset: Dataset) -> TemporalGraph {
        let Dataset { name, mut sources, mut actors, mut links, mut milestones } = dataset;
        actors.sort_by(|a, b| a.id.cmp(&b.id));
        links.sort_by_cached_key(Link::id);
        sources.sort_by(|a, b| a.id.cmp(&b.id));
        milestones.sort_by(|a, b| (a.year, &a.actor, &a.title).cmp(&(b.year, &b.actor, &b.title)));

        let mut graph = DiGraph::with_capacity(actors.len(), links.len());
        let mut by_id = HashMap::with_capacity(actors.len());
        let mut span: Option<(Year, Year)> = None;
        let mut widen = |y: Year| {
            span = Some(span.map_or((y, y), |(a, b)| (a.min(y), b.max(y))));
        };
        for actor in actors {
            widen(actor.start);
            if let Some(end) = actor.end {
                widen(end);
            }
            by_id.insert(actor.id.clone(), graph.add_node(actor));
        }
        let mut active = Vec::with_capacity(links.len());
        for link in links {
            let (Some(&a), Some(&b)) = (by_id.get(&link.from), by_id.get(&link.to)) else {
                continue;
            };
            widen(link.start);
            if let Some(end) = link.end {
                widen(end);
            }
            let life = link
                .lifetime()
                .intersect(&graph[a].lifetime())
                .and_then(|l| l.intersect(&graph[b].lifetime()));
            active.push(life);
            graph.add_edge(a, b, link);
        }
        for m in &milestones {
            widen(m.year);
        }
        TemporalGraph { name, graph, active, by_id, sources, milestones, span }
    }

    /// The dataset's short name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The underlying petgraph.
    pub fn graph(&self) -> &DiGraph<Actor, Link> {
        &self.graph
    }

    /// The actor at `n`.
    pub fn actor(&self, n: NodeIndex) -> &Actor {
        &self.graph[n]
    }

    /// The link at `e`.
    pub fn link(&self, e: EdgeIndex) -> &Link {
        &self.graph[e]
    }

    /// The endpoints of link `e`.
    pub fn endpoints(&self, e: EdgeIndex) -> (NodeIndex, NodeIndex) {
        // Every index handed out by this graph is valid.
        self.graph.edge_endpoints(e).unwrap_or((NodeIndex::end(), NodeIndex::end()))
    }

    /// The years link `e` is really active: its interval clipped to both actors' lifetimes.
    pub fn link_active(&self, e: EdgeIndex) -> Option<Lifetime> {
        self.active.get(e.index()).copied().flatten()
    }

    /// The node of the actor with this exact id.
    pub fn node(&self, id: &str) -> Option<NodeIndex> {
        self.by_id.get(id).copied()
    }

    /// The sources, in id order.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// The source with this id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.binary_search_by(|s| s.id.as_str().cmp(id)).ok().map(|i| &self.sources[i])
    }

    /// The milestones, by year then actor.
    pub fn milestones(&self) -> &[Milestone] {
        &self.milestones
    }

    /// The milestones of actor `id` that fall in `scope`.
    pub fn milestones_of<'a>(
        &'a self,
        id: &'a str,
        scope: Scope,
    ) -> impl Iterator<Item = &'a Milestone> + 'a {
        self.milestones.iter().filter(move |m| {
            m.actor == id && scope.bounds().is_none_or(|(from, to)| from <= m.year && m.year <= to)
        })
    }

    /// The first and last year anything in the dataset mentions, `None` when it is empty.
    pub fn span(&self) -> Option<(Year, Year)> {
        self.span
    }

    /// Every actor and link active in `scope`, each list in id order. O(A + L).
    pub fn slice(&self, scope: Scope) -> Slice {
        let actors = self
            .graph
            .node_indices()
            .filter(|&n| match scope.bounds() {
                None => true,
                Some((from, to)) => self.graph[n].lifetime().overlaps(from, to),
            })
            .collect();
        let links = self
            .graph
            .edge_indices()
            .filter(|&e| match (scope.bounds(), self.link_active(e)) {
                (None, _) => true,
                (Some((from, to)), Some(life)) => life.overlaps(from, to),
                (Some(_), None) => false,
            })
            .collect();
        Slice { scope, actors, links }
    }

    /// The actor a person means by `query`: an id, name or alias, ignoring case and accents.
    ///
    /// # Errors
    /// [`Error::UnknownActor`] with suggestions, or [`Error::AmbiguousActor`].
    pub fn find(&self, query: &str) -> Result<NodeIndex> {
        if let Some(n) = self.node(query) {
            return Ok(n);
        }
        let all: Vec<&Actor> = self.graph.node_weights().collect();
        match resolve(query, &all) {
            Resolution::Found(i) => Ok(NodeIndex::new(i)),
            Resolution::Ambiguous(hits) => Err(Error::AmbiguousActor {
                name: query.to_string(),
                candidates: hits.into_iter().map(|i| all[i].id.clone()).collect(),
            }),
            Resolution::Unknown(suggestions) => {
                Err(Error::UnknownActor { name: query.to_string(), suggestions })
            }
        }
    }
}
