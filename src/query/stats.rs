//! Statistics of a slice: counts by kind, density, connected components, and the most connected
//! and most central actors; one row per year to follow their evolution.

mod centrality;

use super::{Reading, UndirectedPairs, serialize_scope};
use crate::filter::{Filter, Filtered, LeftOut};
use crate::graph::{Scope, Slice, TemporalGraph};
use crate::model::{ActorKind, LinkKind, Year};
use centrality::{betweenness, sampled_betweenness};
use petgraph::graph::NodeIndex;
use rustworkx_core::connectivity::connected_components;
use serde::Serialize;
use std::collections::BTreeMap;

/// The statistics of one slice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// The slice.
    #[serde(serialize_with = "serialize_scope")]
    pub scope: Scope,
    /// Active actors.
    pub actors: usize,
    /// Active links, parallel links counted one by one.
    pub links: usize,
    /// Connected pairs of actors: parallel links and links both ways count once.
    pub pairs: usize,
    /// Actors by kind (kinds with none left out), in the order of [`ActorKind::ALL`].
    pub actors_by_kind: BTreeMap<ActorKind, usize>,
    /// Links by kind (kinds with none left out), in the order of [`LinkKind::ALL`].
    pub links_by_kind: BTreeMap<LinkKind, usize>,
    /// Connected pairs over possible pairs, `pairs / (n (n − 1) / 2)`; 0 below two actors.
    pub density: f64,
    /// Connected components (links taken both ways), isolated actors included.
    pub components: usize,
    /// Actors in the largest component.
    pub largest_component: usize,
    /// Actors with no link.
    pub isolated: usize,
    /// The actors with the most neighbours, most first then by id; those with none left out.
    pub top_degree: Vec<Degree>,
    /// The actors with the highest betweenness, highest first then by id; zeros left out.
    pub top_betweenness: Vec<Betweenness>,
    /// The links of the slice a filter left out for their confidence and did not count
    /// ([`stats_filtered`]; analyses leave proposed links out by default).
    pub left_out: LeftOut,
    /// The horizon, whether the scope is a projection, and the scenarios on.
    #[serde(flatten)]
    pub reading: Reading,
    /// When betweenness was estimated rather than computed exactly (a slice of more actors than
    /// [`StatsOptions::exact_up_to`]): how many actors served as sources. `None` when exact, or
    /// when not computed (`top` 0).
    pub betweenness_sample: Option<usize>,
}

/// What to compute and how, for [`stats_with`] and [`stats_per_year_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatsOptions {
    /// How many actors to list by degree and by betweenness; 0 skips betweenness altogether.
    pub top: usize,
    /// Exact betweenness for a slice of at most this many actors (`usize::MAX`: always); above,
    /// it is estimated from [`StatsOptions::sample`] sources.
    pub exact_up_to: usize,
    /// How many actors a sampled betweenness takes as sources.
    pub sample: usize,
}

/// Above this many actors in a slice, betweenness is sampled by default: exact betweenness is
/// O(actors × pairs): minutes for a year of a large dataset, against seconds sampled (see
/// docs/performance.md, "`stats` on large slices").
pub const EXACT_BETWEENNESS_UP_TO: usize = 10_000;

/// Sources of a sampled betweenness by default, as networkx's `k`.
pub const BETWEENNESS_SAMPLE: usize = 256;

impl StatsOptions {
    /// The defaults: the `top` actors, betweenness exact up to [`EXACT_BETWEENNESS_UP_TO`]
    /// actors and sampled from [`BETWEENNESS_SAMPLE`] sources above.
    pub fn top(top: usize) -> StatsOptions {
        StatsOptions { top, exact_up_to: EXACT_BETWEENNESS_UP_TO, sample: BETWEENNESS_SAMPLE }
    }

    /// Exact betweenness at any size.
    pub fn exact(self) -> StatsOptions {
        StatsOptions { exact_up_to: usize::MAX, ..self }
    }
}

/// An actor's number of neighbours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Degree {
    /// The actor's id.
    pub id: String,
    /// Its name in the slice's last year.
    pub name: String,
    /// Its neighbours (each counted once, whatever the number of links).
    pub degree: usize,
    /// Its links, parallel links counted one by one.
    pub links: usize,
}

/// An actor's betweenness centrality.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Betweenness {
    /// The actor's id.
    pub id: String,
    /// Its name in the slice's last year.
    pub name: String,
    /// The share of shortest paths between other actors that pass through it, normalised by
    /// `(n − 1)(n − 2)` (networkx's `betweenness_centrality(G)` on the undirected pair graph;
    /// `betweenness_centrality(G, k)` when [`Stats::betweenness_sample`] is `Some(k)`).
    pub betweenness: f64,
}

/// The statistics of the slice `scope` selects, with the `top` highest actors by degree and by
/// betweenness.
///
/// The graph is taken undirected and collapsed to one edge per pair of actors ([`super::Pairs`]),
/// so that parallel links count once for degree, components and centrality. Betweenness comes
/// from rustworkx-core, run sequentially (`parallel_threshold = usize::MAX`) so that the result
/// is the same bit for bit on every run; ties are broken by id. O(A · P) for the centrality.
///
/// ```
/// use mesograph::{Scope, TemporalGraph, load, query};
///
/// let graph = TemporalGraph::new(load(None)?);
/// let s = query::stats(&graph, Scope::Year(2010), 5);
/// assert!(s.actors > 0 && s.pairs <= s.links);
/// assert!(s.top_betweenness[0].betweenness >= s.top_betweenness[1].betweenness);
/// # Ok::<(), mesograph::Error>(())
/// ```
pub fn stats(graph: &TemporalGraph, scope: Scope, top: usize) -> Stats {
    stats_with(graph, scope, &StatsOptions::top(top))
}

/// [`stats`] with betweenness as `options` say: exact up to a size and sampled above, as
/// networkx's `betweenness_centrality(G, k, seed=…)` does (the `k` sources are drawn with a fixed
/// seed, so the same slice gives the same numbers), or skipped when `top` is 0.
pub fn stats_with(graph: &TemporalGraph, scope: Scope, options: &StatsOptions) -> Stats {
    stats_filtered(graph, scope, options, &Filter::default())
}

/// [`stats_with`] of what `filter` keeps of the slice, saying in [`Stats::left_out`] how many
/// links it left out for their confidence.
pub fn stats_filtered(
    graph: &TemporalGraph,
    scope: Scope,
    options: &StatsOptions,
    filter: &Filter,
) -> Stats {
    let Filtered { slice, left_out } = filter.apply(graph, graph.slice(scope));
    let measures = Measures::of(graph, &slice, options);
    Stats { left_out, ..measures.named(graph, scope, slice.actors.len(), slice.links.len()) }
}

/// [`stats`] for every year from `from` to `to`, one entry per year, in year order.
///
/// Consecutive years often hold the same actors and links (the early decades change once in
/// several years): such a year reuses the previous year's measures and only looks up its names,
/// since everything but the names is a function of the slice's actors and links alone. In a
/// large graph the distinct slices are measured on every core (betweenness is most of the work),
/// each by the same sequential algorithm, so the rows are the same whatever the number of cores.
///
/// ```
/// use mesograph::{TemporalGraph, load, query};
///
/// let graph = TemporalGraph::new(load(None)?);
/// let rows = query::stats_per_year(&graph, 2007, 2017, 3);
/// assert_eq!(rows.len(), 11);
/// assert!(rows[0].actors < rows[10].actors);
/// # Ok::<(), mesograph::Error>(())
/// ```
pub fn stats_per_year(graph: &TemporalGraph, from: Year, to: Year, top: usize) -> Vec<Stats> {
    stats_per_year_with(graph, from, to, &StatsOptions::top(top))
}

/// [`stats_per_year`] with betweenness as `options` say (see [`stats_with`]).
pub fn stats_per_year_with(
    graph: &TemporalGraph,
    from: Year,
    to: Year,
    options: &StatsOptions,
) -> Vec<Stats> {
    stats_per_year_filtered(graph, from, to, options, &Filter::default())
}

/// [`stats_per_year_with`] of what `filter` keeps of each year (see [`stats_filtered`]).
pub fn stats_per_year_filtered(
    graph: &TemporalGraph,
    from: Year,
    to: Year,
    options: &StatsOptions,
    filter: &Filter,
) -> Vec<Stats> {
    let threads =
        if graph.links().len() < PARALLEL_FROM_LINKS { 1 } else { crate::memory::threads().min(4) };
    stats_per_year_on(graph, from, to, options, threads, filter)
}

/// Below this many links, measuring every year takes a few milliseconds, which threads do not
/// shorten (their stacks and allocator heaps are fresh pages): on two threads the built-in
/// dataset's `stats --all-years` is slower, a large dataset's faster (see docs/performance.md,
/// "The built-in dataset's commands").
const PARALLEL_FROM_LINKS: usize = 5_000;

/// A year's row before its measures are known: its scope, counts, and which distinct slice
/// (in year order) it holds.
struct Row {
    scope: Scope,
    actors: usize,
    links: usize,
    distinct: usize,
    left_out: LeftOut,
}

/// [`stats_per_year`] with the distinct slices measured on `threads` threads (1: on this one).
/// Slices are handed out one at a time through a queue as short as the threads are many, so
/// that at most a few slices are held at once, as when measuring them one by one.
fn stats_per_year_on(
    graph: &TemporalGraph,
    from: Year,
    to: Year,
    options: &StatsOptions,
    threads: usize,
    filter: &Filter,
) -> Vec<Stats> {
    use std::sync::{Arc, Mutex, mpsc};
    let mut rows = Vec::new();
    let mut measured: Vec<Option<Measures>> = Vec::new();
    let (jobs, queue) = mpsc::sync_channel::<(usize, Arc<Slice>)>(threads);
    let (done, results) = mpsc::channel::<(usize, Measures)>();
    // Only the threads hold the queue's end: should they all stop (a panic), sending fails
    // instead of waiting forever, and the slice is measured here.
    let queue = Arc::new(Mutex::new(queue));
    std::thread::scope(|scope| {
        let workers = if threads < 2 { 0 } else { threads };
        for _ in 0..workers {
            let (queue, done) = (Arc::clone(&queue), done.clone());
            scope.spawn(move || {
                // The queue is locked only to take a job; a poisoned lock or a closed queue ends.
                while let Ok(Ok((k, slice))) = queue.lock().map(|q| q.recv()) {
                    if done.send((k, Measures::of(graph, &slice, options))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(queue);
        let mut previous: Option<Arc<Slice>> = None;
        for year in from..=to {
            let Filtered { slice, left_out } = filter.apply(graph, graph.slice(Scope::Year(year)));
            let (actors, links) = (slice.actors.len(), slice.links.len());
            let same = previous
                .as_ref()
                .is_some_and(|p| p.actors == slice.actors && p.links == slice.links);
            if !same {
                let k = measured.len();
                let slice = Arc::new(slice);
                measured.push(None);
                if workers == 0 {
                    measured[k] = Some(Measures::of(graph, &slice, options));
                } else if let Err(mpsc::SendError((k, slice))) = jobs.send((k, Arc::clone(&slice)))
                {
                    // No thread is left to take it: measure it here.
                    measured[k] = Some(Measures::of(graph, &slice, options));
                }
                previous = Some(slice);
            }
            rows.push(Row {
                scope: Scope::Year(year),
                actors,
                links,
                distinct: measured.len() - 1,
                left_out,
            });
        }
        drop(jobs);
        drop(done);
        for (k, m) in results {
            measured[k] = Some(m);
        }
    });
    rows.into_iter()
        .map(|row| {
            // Every distinct slice was measured here or on a thread (one that stopped without
            // measuring its slice panicked, which the scope has passed on before this point);
            // measuring again is only this path's way not to panic itself.
            let m = measured[row.distinct].get_or_insert_with(|| {
                Measures::of(graph, &filter.apply(graph, graph.slice(row.scope)).slice, options)
            });
            Stats { left_out: row.left_out, ..m.named(graph, row.scope, row.actors, row.links) }
        })
        .collect()
}

/// The statistics of any slice (an ego network, say); see [`stats`].
///
/// ```
/// use mesograph::{Scope, TemporalGraph, load, query};
///
/// let graph = TemporalGraph::new(load(None)?);
/// let ego = query::ego(&graph, graph.find("GENCI")?, Scope::Year(2014), 1)?;
/// let s = query::stats_of(&graph, &ego, 1);
/// assert_eq!((s.components, s.top_degree[0].id.as_str()), (1, "genci"));
/// # Ok::<(), mesograph::Error>(())
/// ```
pub fn stats_of(graph: &TemporalGraph, slice: &Slice, top: usize) -> Stats {
    Measures::of(graph, slice, &StatsOptions::top(top)).named(
        graph,
        slice.scope,
        slice.actors.len(),
        slice.links.len(),
    )
}

/// Everything [`Stats`] holds except the scope and the names, which depend on the year: the top
/// actors are master indices.
#[derive(Debug, Clone)]
struct Measures {
    pairs: usize,
    actors_by_kind: BTreeMap<ActorKind, usize>,
    links_by_kind: BTreeMap<LinkKind, usize>,
    density: f64,
    components: usize,
    largest_component: usize,
    isolated: usize,
    /// (actor, distinct neighbours, links).
    top_degree: Vec<(NodeIndex, usize, usize)>,
    /// (actor, betweenness).
    top_betweenness: Vec<(NodeIndex, f64)>,
    /// The sources of a sampled betweenness.
    betweenness_sample: Option<usize>,
}

impl Measures {
    fn of(graph: &TemporalGraph, slice: &Slice, options: &StatsOptions) -> Measures {
        let top = options.top;
        let pairs = UndirectedPairs::new(graph, &slice.actors, &slice.links);
        let g = &pairs.graph;
        let n = g.node_count();
        let id = |v: NodeIndex| graph.actor(pairs.actor(v)).id.as_str();

        let mut actors_by_kind = BTreeMap::new();
        for &a in &slice.actors {
            *actors_by_kind.entry(graph.actor(a).kind).or_insert(0) += 1;
        }
        let mut links_by_kind = BTreeMap::new();
        for &e in &slice.links {
            *links_by_kind.entry(graph.link(e).kind).or_insert(0) += 1;
        }

        let mut degrees: Vec<(NodeIndex, usize, usize)> = g
            .node_indices()
            .map(|v| (v, g.neighbors(v).count(), g.edges(v).map(|e| e.weight().len()).sum()))
            .collect();
        let isolated = degrees.iter().filter(|d| d.1 == 0).count();
        degrees.retain(|d| d.1 > 0);
        degrees.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| id(a.0).cmp(id(b.0))));
        degrees.truncate(top);

        let components = connected_components(g);
        let sampled = top > 0 && n > options.exact_up_to && options.sample < n;
        let mut between = if top == 0 {
            Vec::new()
        } else if sampled {
            sampled_betweenness(g, options.sample)
        } else {
            betweenness(g, &components)
        };
        between.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| id(a.0).cmp(id(b.0))));
        between.truncate(top);
        Measures {
            pairs: g.edge_count(),
            actors_by_kind,
            links_by_kind,
            density: if n < 2 { 0.0 } else { 2.0 * g.edge_count() as f64 / (n * (n - 1)) as f64 },
            components: components.len(),
            largest_component: components.iter().map(|c| c.len()).max().unwrap_or(0),
            isolated,
            top_degree: degrees
                .into_iter()
                .map(|(v, degree, links)| (pairs.actor(v), degree, links))
                .collect(),
            top_betweenness: between.into_iter().map(|(v, b)| (pairs.actor(v), b)).collect(),
            betweenness_sample: sampled.then_some(options.sample),
        }
    }

    /// The statistics of a slice of `scope` with `actors` and `links`, which holds the actors
    /// and links these measures were taken on, with the names of its naming year.
    fn named(&self, graph: &TemporalGraph, scope: Scope, actors: usize, links: usize) -> Stats {
        let year = scope.naming_year();
        let name = |actor: NodeIndex| {
            let a = graph.actor(actor);
            (a.id.clone(), year.map_or(a.name.as_str(), |y| a.name_in(y)).to_string())
        };
        Stats {
            scope,
            actors,
            links,
            pairs: self.pairs,
            actors_by_kind: self.actors_by_kind.clone(),
            links_by_kind: self.links_by_kind.clone(),
            density: self.density,
            components: self.components,
            largest_component: self.largest_component,
            isolated: self.isolated,
            top_degree: self
                .top_degree
                .iter()
                .map(|&(actor, degree, links)| {
                    let (id, name) = name(actor);
                    Degree { id, name, degree, links }
                })
                .collect(),
            left_out: LeftOut::default(),
            reading: Reading::of(graph, scope),
            top_betweenness: self
                .top_betweenness
                .iter()
                .map(|&(actor, betweenness)| {
                    let (id, name) = name(actor);
                    Betweenness { id, name, betweenness }
                })
                .collect(),
            betweenness_sample: self.betweenness_sample,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::graph;
    use super::*;
    use petgraph::Undirected;
    use petgraph::graph::{EdgeIndex, Graph};
    use rustworkx_core::centrality::betweenness_centrality;

    /// A star centred on b (a, c, d around it) with a parallel link a–b, plus e–f and g alone.
    fn star() -> TemporalGraph {
        graph(
            &[
                ("a", 2000, None),
                ("b", 2000, None),
                ("c", 2000, None),
                ("d", 2000, None),
                ("e", 2000, None),
                ("f", 2000, None),
                ("g", 2000, None),
            ],
            &[
                ("a", "funds", "b", 2000, None),
                ("a", "hosts", "b", 2000, None),
                ("b", "hosts", "c", 2000, None),
                ("d", "member_of", "b", 2000, None),
                ("e", "funds", "f", 2000, None),
            ],
        )
    }

    #[test]
    fn counts_density_components() {
        let s = stats(&star(), Scope::Year(2000), 10);
        assert_eq!((s.actors, s.links, s.pairs), (7, 5, 4));
        assert_eq!(s.actors_by_kind[&ActorKind::Agency], 7);
        assert_eq!(s.links_by_kind[&LinkKind::Funds], 2);
        assert!((s.density - 4.0 / 21.0).abs() < 1e-12);
        assert_eq!((s.components, s.largest_component, s.isolated), (3, 4, 1));
        let degrees: Vec<(&str, usize, usize)> =
            s.top_degree.iter().map(|d| (d.id.as_str(), d.degree, d.links)).collect();
        assert_eq!(
            degrees,
            [("b", 3, 4), ("a", 1, 2), ("c", 1, 1), ("d", 1, 1), ("e", 1, 1), ("f", 1, 1)]
        );
    }

    /// The built-in dataset and the hostile one (names and years that test the edges).
    fn built_in_and_hostile() -> [TemporalGraph; 2] {
        let hostile = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/hostile");
        [None, Some(hostile.as_path())].map(|data| TemporalGraph::new(crate::load(data).unwrap()))
    }

    /// What [`betweenness`] must equal: one run of rustworkx-core on the whole graph.
    fn whole_graph_betweenness(
        g: &Graph<NodeIndex, Vec<EdgeIndex>, Undirected>,
    ) -> Vec<(NodeIndex, u64)> {
        let all = betweenness_centrality(g, false, true, usize::MAX);
        g.node_indices()
            .filter_map(|v| all[v.index()].filter(|&b| b > 0.0).map(|b| (v, b.to_bits())))
            .collect()
    }

    fn bits(between: Vec<(NodeIndex, f64)>) -> Vec<(NodeIndex, u64)> {
        let mut bits: Vec<(NodeIndex, u64)> =
            between.into_iter().map(|(v, b)| (v, b.to_bits())).collect();
        bits.sort_unstable();
        bits
    }

    #[test]
    fn betweenness_by_component_is_the_whole_graphs_bit_for_bit_on_every_year() {
        for g in built_in_and_hostile() {
            let (from, to) = g.span().unwrap();
            let mut measured = 0;
            for year in from..=to {
                let slice = g.slice(Scope::Year(year));
                let pairs = UndirectedPairs::new(&g, &slice.actors, &slice.links);
                let expected = whole_graph_betweenness(&pairs.graph);
                measured += expected.len();
                let components = connected_components(&pairs.graph);
                assert_eq!(bits(betweenness(&pairs.graph, &components)), expected, "{year}");
            }
            assert!(measured > 0, "no year had an actor between two others");
        }
    }

    proptest::proptest! {
        /// Random graphs with isolated nodes, pairs, paths, cycles and several larger
        /// components, in any order of nodes and edges.
        #[test]
        fn betweenness_by_component_is_the_whole_graphs_bit_for_bit(
            n in 0usize..40,
            edges in proptest::collection::vec((0usize..40, 0usize..40), 0..80),
        ) {
            let mut g = Graph::<NodeIndex, Vec<EdgeIndex>, Undirected>::default();
            for i in 0..n {
                g.add_node(NodeIndex::new(i));
            }
            let mut seen = std::collections::BTreeSet::new();
            for (a, b) in edges {
                // As in `UndirectedPairs`: one edge per pair, none from a node to itself.
                if a < n && b < n && a != b && seen.insert((a.min(b), a.max(b))) {
                    g.add_edge(NodeIndex::new(a), NodeIndex::new(b), Vec::new());
                }
            }
            let components = connected_components(&g);
            proptest::prop_assert_eq!(bits(betweenness(&g, &components)), whole_graph_betweenness(&g));
        }
    }

    /// A generated graph far larger than the built-in dataset, with thresholds low enough that
    /// a slice of it is sampled.
    fn generated() -> TemporalGraph {
        let spec = crate::synth::Spec { actors: 400, links: 2000, seed: 11 };
        TemporalGraph::new(crate::open::parse(&crate::synth::raw(&spec)).unwrap())
    }

    #[test]
    fn betweenness_is_sampled_above_the_threshold_and_exact_below_or_when_asked() {
        let g = generated();
        let year = Scope::Year(2020);
        let exact = stats_with(&g, year, &StatsOptions::top(20));
        assert!(exact.actors > 100 && exact.betweenness_sample.is_none());
        let low = StatsOptions { top: 20, exact_up_to: 100, sample: 40 };
        let sampled = stats_with(&g, year, &low);
        assert_eq!(sampled.betweenness_sample, Some(40));
        assert_eq!(sampled.top_betweenness.len(), 20);
        assert_ne!(sampled.top_betweenness, exact.top_betweenness);
        // Everything but betweenness is the same; the same seed gives the same estimate.
        assert_eq!(sampled.top_degree, exact.top_degree);
        assert_eq!(stats_with(&g, year, &low), sampled);
        assert_eq!(stats_with(&g, year, &low.exact()), exact);
        // The estimate is an estimate of the exact value: the most central actor stays near the top.
        let top: Vec<&str> = sampled.top_betweenness.iter().map(|b| b.id.as_str()).collect();
        assert!(top[..10].contains(&exact.top_betweenness[0].id.as_str()), "{top:?}");
        // Every year, on any number of threads: each row says whether it was sampled.
        let rows = stats_per_year_with(&g, 2018, 2022, &low);
        assert!(rows.iter().all(|r| r.betweenness_sample == Some(40)));
        assert_eq!(stats_per_year_on(&g, 2018, 2022, &low, 3, &Filter::default()), rows);
    }

    /// Sampling every node as a source is exact betweenness (up to rounding).
    #[test]
    fn a_sample_of_every_node_is_the_exact_betweenness() {
        let g = generated();
        let slice = g.slice(Scope::Year(2015));
        let pairs = UndirectedPairs::new(&g, &slice.actors, &slice.links);
        let components = connected_components(&pairs.graph);
        let mut exact = betweenness(&pairs.graph, &components);
        let mut all = sampled_betweenness(&pairs.graph, pairs.graph.node_count());
        exact.sort_by_key(|e| e.0);
        all.sort_by_key(|e| e.0);
        assert_eq!(exact.len(), all.len());
        assert!(exact.len() > 50);
        for ((a, x), (b, y)) in exact.iter().zip(&all) {
            assert_eq!(a, b);
            assert!((x - y).abs() <= 1e-12 * x.abs().max(1.0), "{x} {y}");
        }
    }

    #[test]
    fn top_zero_skips_betweenness() {
        let g = generated();
        let s =
            stats_with(&g, Scope::Year(2020), &StatsOptions { top: 0, exact_up_to: 0, sample: 5 });
        assert!(s.top_betweenness.is_empty() && s.top_degree.is_empty());
        assert_eq!(s.betweenness_sample, None);
    }

    #[test]
    fn parallel_links_do_not_inflate_betweenness() {
        let s = stats(&star(), Scope::Year(2000), 10);
        // b lies on the 3 shortest paths among a, c, d: 2 × 3 / ((7 − 1)(7 − 2)) = 0.2.
        assert_eq!(s.top_betweenness.len(), 1);
        assert_eq!(s.top_betweenness[0].id, "b");
        assert!((s.top_betweenness[0].betweenness - 0.2).abs() < 1e-12);
    }

    #[test]
    fn ties_break_by_id_and_top_truncates() {
        let s = stats(&star(), Scope::Year(2000), 2);
        let ids: Vec<&str> = s.top_degree.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["b", "a"]);
    }

    #[test]
    fn an_empty_year_and_a_single_actor() {
        let s = stats(&star(), Scope::Year(1990), 5);
        assert_eq!((s.actors, s.density, s.components, s.largest_component), (0, 0.0, 0, 0));
        let one = graph(&[("a", 2000, None)], &[]);
        let s = stats(&one, Scope::Year(2000), 5);
        assert_eq!((s.actors, s.isolated, s.components), (1, 1, 1));
        assert!(s.top_betweenness.is_empty() && s.top_degree.is_empty());
    }

    #[test]
    fn every_row_is_the_stats_of_its_year_with_its_names() {
        // The built-in dataset renames actors in years whose actors and links are those of the
        // year before, whose measures are then reused.
        for g in built_in_and_hostile() {
            let (from, to) = g.span().unwrap();
            let rows = stats_per_year(&g, from - 1, to + 1, 50);
            assert_eq!(rows.len(), (to - from + 3) as usize);
            for (row, year) in rows.iter().zip(from - 1..) {
                assert_eq!(row, &stats(&g, Scope::Year(year), 50), "{year}");
            }
        }
    }

    #[test]
    fn rows_are_the_same_on_any_number_of_threads() {
        for g in built_in_and_hostile() {
            let (from, to) = g.span().unwrap();
            let one = stats_per_year_on(
                &g,
                from - 2,
                to + 2,
                &StatsOptions::top(10),
                1,
                &Filter::default(),
            );
            assert!(one.iter().any(|row| row.top_betweenness.len() > 1));
            for threads in [2, 3, 7] {
                assert_eq!(
                    stats_per_year_on(
                        &g,
                        from - 2,
                        to + 2,
                        &StatsOptions::top(10),
                        threads,
                        &Filter::default()
                    ),
                    one,
                    "{threads}"
                );
            }
            assert!(
                stats_per_year_on(&g, to, from, &StatsOptions::top(10), 2, &Filter::default())
                    .is_empty()
                    || from == to
            );
        }
    }

    #[test]
    fn per_year_rows_follow_lifetimes_inclusively() {
        let g = graph(
            &[("a", 2000, None), ("b", 2001, Some(2002))],
            &[("a", "funds", "b", 2001, None)],
        );
        let rows: Vec<(usize, usize)> =
            stats_per_year(&g, 2000, 2003, 5).iter().map(|s| (s.actors, s.links)).collect();
        assert_eq!(rows, [(1, 0), (2, 1), (2, 1), (1, 0)]);
    }
}
