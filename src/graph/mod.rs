//! The graph layer, above the checks: the time-stamped graph, every actor and link of a checked
//! dataset in one petgraph `DiGraph`, built once and never mutated (`build.rs` holds its steps),
//! and the slices of it that a year or a window of years selects, which every query and export
//! reads.
//!
//! ```
//! use mesograph::{Scope, load_graph};
//!
//! let graph = load_graph(None)?;
//! let (first, last) = graph.span().expect("a dataset with years");
//! assert!(first < 2008 && last >= 2017);
//! // Who GENCI is linked to in 2012, and by which kind of link.
//! let genci = graph.find("GENCI")?;
//! let slice = graph.slice(Scope::Year(2012));
//! let linked = slice.links.iter().filter(|&&e| {
//!     let (from, to) = graph.endpoints(e);
//!     from == genci || to == genci
//! });
//! assert!(linked.count() > 0);
//! # Ok::<(), mesograph::Error>(())
//! ```

use crate::dataset::ends::Ends;
use crate::error::{Error, Result};
use crate::model::{
    Actor, Dataset, DatasetMeta, Lifetime, Link, LinkKind, Milestone, Source, Vocabulary, Year,
};
use crate::resolve::{Resolution, resolve};
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use std::fmt;

mod build;
mod order;

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

/// `" (scenario frt2)"`, `" (scenarios a, b)"`, or nothing when `scenarios` is empty.
pub fn with_scenarios(scenarios: &[String]) -> String {
    match scenarios {
        [] => String::new(),
        [one] => format!(" (scenario {one})"),
        many => format!(" (scenarios {})", many.join(", ")),
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
/// Node weights are [`Actor`]s; edge `e` is the link [`TemporalGraph::link`]`(e)`, held apart
/// in id order (edges carry no weight: moving a million links into the graph held them twice at
/// the peak). Parallel links of different kinds between two actors stay separate edges. Nodes
/// are added in id order and edges in link-id order, so index order is id order and every
/// listing is deterministic.
#[derive(Debug, Clone)]
pub struct TemporalGraph {
    name: String,
    /// The scenarios laid over the dataset, by name, in the order given.
    scenarios: Vec<String>,
    /// For each node, whether a scenario added it (rather than the dataset's sources).
    from_scenario: Vec<bool>,
    /// What `dataset.json` says: title and horizon.
    meta: DatasetMeta,
    /// The kinds of the dataset, with their looks.
    vocabulary: Vocabulary,
    graph: DiGraph<Actor, ()>,
    /// The links in id order: link `i` is edge `i`. In a graph built for a scope
    /// ([`TemporalGraph::new_within`]) the links outside it follow the edges' links, in no
    /// order, held only so that they are freed with the graph.
    links: Vec<Link>,
    /// Every kind of link in the dataset, in kind order (the legends list them all).
    link_kinds: Vec<LinkKind>,
    /// The years the graph was built for: [`Scope::All`] unless made by
    /// [`TemporalGraph::new_within`].
    within: Scope,
    /// For each edge, the years it is really active: its interval clipped to both actors'.
    active: Vec<Option<Lifetime>>,
    sources: Vec<Source>,
    milestones: Vec<Milestone>,
    /// The milestones of node `n` are `milestones[by_actor[offsets[n]..offsets[n + 1]]]`, in
    /// milestone order: exporters ask for each actor's, and a scan of all milestones per actor
    /// is quadratic (see docs/performance.md, "Exporting and writing").
    offsets: Vec<u32>,
    by_actor: Vec<u32>,
    span: Option<(Year, Year)>,
}

impl TemporalGraph {
    /// Builds the graph of a validated dataset (read and checked by the loader).
    ///
    /// Links whose actors are missing are skipped; validation reports them before this point.
    /// O((A + L) log(A + L)) for the sorting.
    pub fn new(dataset: Dataset) -> TemporalGraph {
        TemporalGraph::build(dataset, None, Scope::All)
    }

    /// The graph of a validated dataset for a job that looks only at `within`: every actor,
    /// source and milestone, but only the links active in `within` become edges. Its slices
    /// of `within` and of any scope inside it are those of [`TemporalGraph::new`], and so are
    /// its exports of them and its [`span`](Self::span) and [`link_kinds`](Self::link_kinds);
    /// a slice reaching outside `within` would lack the links active only there (debug builds
    /// refuse it, see [`slice`](Self::slice)). Building is then
    /// proportional to the links kept: a year of a large dataset holds a few percent of them.
    pub fn new_within(dataset: Dataset, within: Scope) -> TemporalGraph {
        TemporalGraph::build(dataset, None, within)
    }

    /// [`TemporalGraph::new_within`], given the indices in `dataset.actors` of the actors at
    /// both ends of each link (as the loader finds them while parsing and
    /// checking).
    pub(crate) fn with_ends(dataset: Dataset, ends: Vec<Ends>, within: Scope) -> TemporalGraph {
        let ends = (ends.len() == dataset.links.len()).then_some(ends);
        TemporalGraph::build(dataset, ends, within)
    }

    /// The dataset's short name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether a scenario added actor `n` (its records are hypotheses, drawn apart).
    pub fn from_scenario(&self, n: NodeIndex) -> bool {
        self.from_scenario.get(n.index()).copied().unwrap_or(false)
    }

    /// The names of the scenarios laid over the dataset (empty: the dataset as its sources
    /// tell it). Every output names them, so that a hypothesis is never read as a fact.
    pub fn scenarios(&self) -> &[String] {
        &self.scenarios
    }

    /// What the dataset's `dataset.json` says of it (all empty without one).
    pub fn meta(&self) -> &DatasetMeta {
        &self.meta
    }

    /// The dataset's title for pictures and pages: its `dataset.json` title, else its name.
    pub fn title(&self) -> &str {
        self.meta.title.as_deref().unwrap_or(&self.name)
    }

    /// The last year the dataset's sources observe, when it declares one.
    pub fn horizon(&self) -> Option<Year> {
        self.meta.horizon
    }

    /// Whether `year` lies after the horizon: what the graph shows then is extrapolated from
    /// records still open, not observed.
    pub fn is_projection(&self, year: Year) -> bool {
        self.meta.horizon.is_some_and(|h| year > h)
    }

    /// Whether `scope` reaches a year after the horizon: a year or a window that ends after
    /// it, or the whole history when the data goes on after it.
    pub fn reaches_projection(&self, scope: Scope) -> bool {
        match scope.bounds() {
            Some((_, last)) => self.is_projection(last),
            None => self.span().is_some_and(|(_, last)| self.is_projection(last)),
        }
    }

    /// What a title or heading about `scope` must add for a reader not to take it for what the
    /// sources observe: `" (projection beyond 2017)"` for a year after the horizon, `" (years
    /// after 2017 are a projection)"` for a window or the whole history that reaches past it,
    /// `" (scenario frt2)"` when scenarios are on; nothing otherwise.
    pub fn caveats(&self, scope: Scope) -> String {
        let mut out = String::new();
        if let Some(h) = self.horizon().filter(|_| self.reaches_projection(scope)) {
            out.push_str(&match scope {
                Scope::Year(_) => format!(" (projection beyond {h})"),
                _ => format!(" (years after {h} are a projection)"),
            });
        }
        out + &with_scenarios(&self.scenarios)
    }

    /// The underlying petgraph, for its algorithms: node weights are the actors, and the link
    /// of edge `e` is [`TemporalGraph::link`]`(e)`.
    pub fn graph(&self) -> &DiGraph<Actor, ()> {
        &self.graph
    }

    /// The actor at `n`.
    pub fn actor(&self, n: NodeIndex) -> &Actor {
        &self.graph[n]
    }

    /// Every link, in id order: the link at index `i` is edge `i`. (Of a graph built for a
    /// scope, the links active in it.)
    pub fn links(&self) -> &[Link] {
        &self.links[..self.active.len()]
    }

    /// The dataset's vocabulary of kinds: what its actors are and its links say, with their
    /// looks, in the order legends list them.
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// Every kind of link the dataset holds, in kind order, whatever the graph was built for.
    pub fn link_kinds(&self) -> &[LinkKind] {
        &self.link_kinds
    }

    /// The years the graph was built for: [`Scope::All`] but for
    /// [`TemporalGraph::new_within`].
    pub fn within(&self) -> Scope {
        self.within
    }

    /// The link at `e`.
    pub fn link(&self, e: EdgeIndex) -> &Link {
        &self.links[e.index()]
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
        self.graph
            .raw_nodes()
            .binary_search_by(|n| n.weight.id.as_str().cmp(id))
            .ok()
            .map(NodeIndex::new)
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
        let range = match self.node(id) {
            Some(n) => self.offsets[n.index()] as usize..self.offsets[n.index() + 1] as usize,
            None => 0..0,
        };
        self.by_actor[range]
            .iter()
            .map(|&i| &self.milestones[i as usize])
            .filter(move |m| scope.bounds().is_none_or(|(from, to)| from <= m.year && m.year <= to))
    }

    /// The first and last year anything in the dataset mentions, `None` when it is empty.
    pub fn span(&self) -> Option<(Year, Year)> {
        self.span
    }

    /// Every actor and link active in `scope`, each list in id order. O(A + L).
    ///
    /// `scope` must lie inside [`TemporalGraph::within`]: a graph built for some years holds
    /// no edge for the links active only outside them (debug builds panic rather than return
    /// such a slice short of links).
    pub fn slice(&self, scope: Scope) -> Slice {
        debug_assert!(
            self.within.bounds().is_none_or(|(first, last)| {
                scope.bounds().is_some_and(|(from, to)| first <= from && to <= last)
            }),
            "a slice of {scope} asked of a graph built for {} would lack the links active \
             only outside it",
            self.within
        );
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

#[cfg(test)]
mod tests {
    use super::order::{gather_front, id_order, permute};
    use super::*;
    use crate::dataset::ends::{ActorIx, link_ends};
    use rustc_hash::FxHashMap;
    use serde_json::json;

    #[test]
    fn the_title_falls_back_to_the_name_and_years_after_the_horizon_are_projections() {
        let mut dataset = Dataset { name: "folder".into(), ..Dataset::default() };
        let g = TemporalGraph::new(dataset.clone());
        assert_eq!((g.title(), g.horizon(), g.is_projection(2100)), ("folder", None, false));
        dataset.meta.title = Some("Title".into());
        dataset.meta.horizon = Some(2017);
        let g = TemporalGraph::new(dataset);
        assert_eq!(g.title(), "Title");
        assert!(!g.is_projection(2017) && g.is_projection(2018));
    }

    #[test]
    fn permute_puts_each_item_where_the_order_says() {
        // Permutations with fixed points, 2-cycles, one long cycle and many cycles of all
        // lengths (a linear congruential shuffle), checked against a plain gather.
        let mut orders: Vec<Vec<usize>> =
            vec![vec![], vec![0], vec![1, 0], vec![0, 2, 1, 3], (1..100).chain([0]).collect()];
        let mut shuffled: Vec<usize> = (0..1000).collect();
        let mut x: u64 = 7;
        for i in (1..shuffled.len()).rev() {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            shuffled.swap(i, (x >> 33) as usize % (i + 1));
        }
        orders.push(shuffled);
        for order in orders {
            // Items of 96 bytes like links, so that both prefetches are exercised.
            let items: Vec<[u64; 12]> = (0..order.len() as u64).map(|i| [i; 12]).collect();
            let expected: Vec<[u64; 12]> = order.iter().map(|&i| items[i]).collect();
            let mut moved = items.clone();
            permute(&mut moved, order.clone());
            assert_eq!(moved, expected, "order {order:?}");
        }
    }

    #[test]
    fn gather_front_puts_the_chosen_items_first_in_order_and_keeps_the_others() {
        // Chosen positions in the front, behind it, crossing each other, none, all, and random
        // subsets of a shuffle; each checked against a plain gather, and the rest kept whole.
        let mut x: u64 = 11;
        let mut next = |n: usize| {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (x >> 33) as usize % n
        };
        let mut cases: Vec<(usize, Vec<usize>)> = vec![
            (0, vec![]),
            (5, vec![]),
            (5, vec![4]),
            (5, vec![1, 0]),
            (5, vec![0, 1, 2, 3, 4]),
            (5, vec![4, 3, 2, 1, 0]),
            (6, vec![1, 3, 0]),
            (6, vec![5, 0, 4, 1]),
        ];
        for n in [10, 100, 1000] {
            for _ in 0..20 {
                let mut all: Vec<usize> = (0..n).collect();
                for i in (1..n).rev() {
                    all.swap(i, next(i + 1));
                }
                all.truncate(next(n + 1));
                cases.push((n, all));
            }
        }
        for (n, chosen) in cases {
            let items: Vec<[u64; 12]> = (0..n as u64).map(|i| [i; 12]).collect();
            let mut moved = items.clone();
            gather_front(&mut moved, &chosen);
            let front: Vec<[u64; 12]> = chosen.iter().map(|&i| items[i]).collect();
            assert_eq!(moved[..chosen.len()], front[..], "{n} {chosen:?}");
            moved.sort();
            assert_eq!(moved, items, "{n} {chosen:?}: every item is still there once");
        }
    }

    /// a (2000–2005) → b (2003–) funds 2001–; b → c (2004–2004) hosts 2004; a → b coordinates 2003–2003.
    fn graph() -> TemporalGraph {
        let cite = json!([{"source": "deck", "locator": "x"}]);
        let actor = |id: &str, start: i32, end: Option<i32>| {
            serde_json::from_value(json!({"id": id, "name": id.to_uppercase(), "kind": "agency",
                "start": start, "end": end, "citations": cite}))
            .unwrap()
        };
        let link = |from: &str, to: &str, kind: &str, start: i32, end: Option<i32>| {
            serde_json::from_value(json!({"from": from, "to": to, "kind": kind, "start": start,
                "end": end, "citations": cite}))
            .unwrap()
        };
        TemporalGraph::new(Dataset {
            name: "t".into(),
            sources: vec![],
            // Deliberately out of order: the graph sorts by id.
            actors: vec![
                actor("c", 2004, Some(2004)),
                actor("a", 2000, Some(2005)),
                actor("b", 2003, None),
            ],
            links: vec![
                link("b", "c", "hosts", 2004, Some(2004)),
                link("a", "b", "funds", 2001, None),
                link("a", "b", "coordinates", 2003, Some(2003)),
            ],
            milestones: vec![],
            scenarios: vec![],
            scenario_actors: vec![],
            meta: Default::default(),
            vocabulary: Default::default(),
        })
    }

    #[test]
    fn links_to_missing_actors_are_dropped_and_two_threads_find_what_one_finds() {
        let g = graph();
        let mut links: Vec<Link> = g.links().to_vec();
        let mut stray = links[0].clone();
        stray.to = "nobody".into();
        links.insert(1, stray);
        let index: FxHashMap<&str, usize> =
            g.graph().node_weights().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
        let find = |id: &str| index.get(id).copied();
        let one = link_ends(find, &links, usize::MAX);
        let ends = |from, to: Option<usize>| Ends {
            from: ActorIx::new(from),
            to: to.map_or(ActorIx::NONE, ActorIx::new),
        };
        assert_eq!(one, [ends(0, Some(1)), ends(0, None), ends(0, Some(1)), ends(1, Some(2))]);
        assert_eq!(link_ends(find, &links, 2), one);
        let dataset = Dataset {
            name: "t".into(),
            sources: vec![],
            actors: g.graph().node_weights().cloned().collect(),
            links,
            milestones: vec![],
            scenarios: vec![],
            scenario_actors: vec![],
            meta: Default::default(),
            vocabulary: Default::default(),
        };
        let rebuilt = TemporalGraph::new(dataset);
        assert_eq!(ids(&rebuilt, &rebuilt.slice(Scope::All)), ids(&g, &g.slice(Scope::All)));
    }

    #[test]
    fn id_order_is_the_stable_order_of_the_ids() {
        let template = graph().actor(NodeIndex::new(0)).clone();
        // Ids that share their first 16 bytes or differ after them, prefixes of each other,
        // padding-like NULs, equal ids (kept in the order read), non-ASCII.
        let ids = [
            "centre-722113",
            "a-very-long-common-prefix-2",
            "a-very-long-common-prefix-10",
            "a",
            "a\0",
            "a\0\0",
            "",
            "b",
            "a-very-long-common-prefix-2",
            "équipe",
            "a-very-long-common-prefix",
            "centre-72211",
            "a\0",
            "zzzzzzzzzzzzzzzzzzzz",
            "zzzzzzzzzzzzzzzz",
        ];
        let actors: Vec<Actor> =
            ids.iter().map(|id| Actor { id: (*id).to_string(), ..template.clone() }).collect();
        let mut expected: Vec<usize> = (0..actors.len()).collect();
        expected.sort_by(|&a, &b| actors[a].id.cmp(&actors[b].id));
        assert_eq!(id_order(&actors), expected);
        assert_eq!(id_order(&[]), Vec::<usize>::new());
    }

    fn ids(g: &TemporalGraph, s: &Slice) -> (Vec<String>, Vec<String>) {
        (
            s.actors.iter().map(|&n| g.actor(n).id.clone()).collect(),
            s.links.iter().map(|&e| g.link(e).id()).collect(),
        )
    }

    #[test]
    fn slices_are_in_id_order_and_keep_parallel_links() {
        let g = graph();
        let (actors, links) = ids(&g, &g.slice(Scope::All));
        assert_eq!(actors, ["a", "b", "c"]);
        assert_eq!(links, ["a/coordinates/b/2003", "a/funds/b/2001", "b/hosts/c/2004"]);
        assert_eq!(g.span(), Some((2000, 2005)));
    }

    #[test]
    fn a_link_needs_both_actors_alive() {
        let g = graph();
        // In 2001 the link a→b has started but b does not exist yet.
        assert_eq!(ids(&g, &g.slice(Scope::Year(2001))), (vec!["a".into()], vec![]));
        // Its open end is clipped to a's last year.
        assert_eq!(
            g.link_active(g.graph().edge_indices().nth(1).unwrap()),
            Some(Lifetime { start: 2003, end: Some(2005) })
        );
        let (_, links) = ids(&g, &g.slice(Scope::Year(2006)));
        assert!(links.is_empty());
    }

    #[test]
    fn year_edges_are_inclusive() {
        let g = graph();
        let (actors, links) = ids(&g, &g.slice(Scope::Year(2004)));
        assert_eq!(actors, ["a", "b", "c"]);
        assert_eq!(links, ["a/funds/b/2001", "b/hosts/c/2004"]);
        let (actors, _) = ids(&g, &g.slice(Scope::Year(2005)));
        assert_eq!(actors, ["a", "b"]);
        let (_, links) = ids(&g, &g.slice(Scope::Year(2003)));
        assert_eq!(links, ["a/coordinates/b/2003", "a/funds/b/2001"]);
    }

    #[test]
    fn a_window_is_the_union_of_its_years() {
        let g = graph();
        for (from, to) in [(1999, 2002), (2002, 2004), (2003, 2003), (2005, 2010), (2000, 2100)] {
            let window = g.slice(Scope::window(from, to).unwrap());
            let mut actors: Vec<NodeIndex> = Vec::new();
            let mut links: Vec<EdgeIndex> = Vec::new();
            for y in from..=to {
                let s = g.slice(Scope::Year(y));
                actors.extend(s.actors);
                links.extend(s.links);
            }
            actors.sort();
            actors.dedup();
            links.sort();
            links.dedup();
            assert_eq!((window.actors, window.links), (actors, links), "{from}–{to}");
        }
    }

    #[test]
    fn windows_refuse_to_end_before_they_start() {
        assert!(Scope::window(2010, 2009).is_err());
        assert_eq!(Scope::window(2010, 2010).unwrap(), Scope::Year(2010));
    }

    #[test]
    fn find_by_any_name() {
        let g = graph();
        assert_eq!(g.actor(g.find("B").unwrap()).id, "b");
        assert!(matches!(g.find("zzz"), Err(Error::UnknownActor { .. })));
    }
}
