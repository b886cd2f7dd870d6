//! How two actors are connected: every shortest connection in one year's slice (or a window, or
//! the whole history), and the earliest time-respecting route across the years.

use super::{ActorRef, DirectedPairs, LinkRef, Pairs, Reading, UndirectedPairs, serialize_scope};
use crate::filter::{Filter, Filtered, LeftOut};
use crate::graph::{Scope, TemporalGraph};
use crate::model::Year;
use petgraph::EdgeType;
use petgraph::algo::{dijkstra, has_path_connecting};
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::Reversed;
use serde::Serialize;

/// How to look for the shortest connections between two actors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathQuery {
    /// The slice to search: one year, a window (links active in any of its years) or the whole
    /// history.
    pub scope: Scope,
    /// Follow links only from their `from` to their `to` actor.
    pub directed: bool,
    /// The most paths to list when there are several shortest ones; all are counted. At most
    /// [`MAX_LISTED_PATHS`] are ever listed, whatever the limit.
    pub limit: usize,
    /// What else the slice keeps (kinds, confidence); analyses leave proposed links out.
    pub filter: Filter,
}

/// The most shortest connections listed by one query: a graph may hold more shortest paths than
/// atoms in the world (2⁷⁰ through 70 diamonds in a row), and listing is the only part of a
/// query whose memory grows with what is asked, so it is bounded here, not by the memory left.
pub const MAX_LISTED_PATHS: usize = 10_000;

impl PathQuery {
    /// Undirected shortest connections in one year, listing up to 100 of them.
    pub fn year(year: Year) -> PathQuery {
        PathQuery {
            scope: Scope::Year(year),
            directed: false,
            limit: 100,
            filter: Filter::default(),
        }
    }
}

/// The shortest connections between two actors.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paths {
    /// Where the connections start.
    pub from: ActorRef,
    /// Where they end.
    pub to: ActorRef,
    /// The slice searched.
    #[serde(serialize_with = "serialize_scope")]
    pub scope: Scope,
    /// Whether links were followed only in their own direction.
    pub directed: bool,
    /// Whether the two actors are connected in the slice.
    pub connected: bool,
    /// The number of links (steps) of a shortest connection; `None` when not connected.
    pub length: Option<usize>,
    /// How many shortest connections there are, saturating at `u64::MAX`.
    pub count: u64,
    /// Whether `count` is exact: `false` when there are more than `u64::MAX` and `count` is a
    /// lower bound ("at least").
    pub count_exact: bool,
    /// The shortest connections, at most the limit asked for, in the order of their actors' ids.
    pub paths: Vec<Path>,
    /// The ids of the two actors that are not active in the slice, if any.
    pub inactive: Vec<String>,
    /// When not connected: the year nearest to the slice in which they are (the earlier of two
    /// equally near years), if any.
    pub nearest_year: Option<Year>,
    /// The links of the slice the query's filter left out for their confidence.
    pub left_out: LeftOut,
    /// The horizon, whether the scope is a projection, and the scenarios on.
    #[serde(flatten)]
    pub reading: Reading,
}

/// One connection, actor by actor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Path {
    /// The ids of its actors, from the first to the last.
    pub actors: Vec<String>,
    /// Its steps, each from one actor to the next.
    pub steps: Vec<Step>,
}

/// One step of a connection: two consecutive actors and every link between them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// The nearer actor.
    pub from: ActorRef,
    /// The next actor.
    pub to: ActorRef,
    /// For a route over time, the year the step is taken; absent for a slice's path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<Year>,
    /// Every link between the two actors that counts for this step (parallel links included; in
    /// either direction unless directed), in id order. Each link's own `from` and `to` tell its
    /// direction.
    pub links: Vec<LinkRef>,
}

/// Every shortest connection between `from` and `to` in the slice `query.scope` selects.
///
/// Parallel links count once: the search runs on the slice collapsed to one edge per pair of
/// actors ([`Pairs`]), and each step lists all the links of its pair. Distances come from
/// petgraph's `dijkstra` run from both ends; the paths are listed by walking the shortest-path
/// graph forwards in id order, stopping after `query.limit` paths, while `count` counts them all
/// (rustworkx-core's `all_shortest_paths` would list every path with no bound, in no fixed order).
/// When they are not connected, `nearest_year` names the year nearest to the scope in which they
/// are. O(A + L) per year examined.
///
/// ```
/// use mesograph::{TemporalGraph, load, query};
///
/// let graph = TemporalGraph::new(load(None)?);
/// let (cnrs, equipameso) = (graph.find("CNRS")?, graph.find("Equip@Meso")?);
/// let answer = query::shortest_paths(&graph, cnrs, equipameso, &query::PathQuery::year(2012));
/// assert_eq!(answer.length, Some(2));
/// assert_eq!(answer.paths[0].actors, ["cnrs", "genci", "equipameso"]);
/// // Equip@Meso does not exist yet in 2009: the answer names the nearest year they connect.
/// let before = query::shortest_paths(&graph, cnrs, equipameso, &query::PathQuery::year(2009));
/// assert_eq!((before.connected, before.nearest_year), (false, Some(2010)));
/// # Ok::<(), mesograph::Error>(())
/// ```
pub fn shortest_paths(
    graph: &TemporalGraph,
    from: NodeIndex,
    to: NodeIndex,
    query: &PathQuery,
) -> Paths {
    let year = query.scope.naming_year();
    let Filtered { slice, left_out } = query.filter.apply(graph, graph.slice(query.scope));
    let inactive: Vec<String> = [from, to]
        .into_iter()
        .filter(|n| slice.actors.binary_search(n).is_err())
        .map(|n| graph.actor(n).id.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let found = if inactive.is_empty() {
        if query.directed {
            search(graph, &DirectedPairs::new(graph, &slice.actors, &slice.links), from, to, query)
        } else {
            search(
                graph,
                &UndirectedPairs::new(graph, &slice.actors, &slice.links),
                from,
                to,
                query,
            )
        }
    } else {
        None
    };
    let mut answer = Paths {
        from: ActorRef::new(graph, from, year),
        to: ActorRef::new(graph, to, year),
        scope: query.scope,
        directed: query.directed,
        connected: found.is_some(),
        length: None,
        count: 0,
        count_exact: true,
        paths: vec![],
        inactive,
        nearest_year: None,
        left_out,
        reading: Reading::of(graph, query.scope),
    };
    match found {
        Some((length, count, paths)) => {
            answer.length = Some(length);
            (answer.count, answer.count_exact) = count;
            answer.paths = paths;
        }
        None => answer.nearest_year = nearest_year(graph, from, to, query),
    }
    answer
}

/// The shortest connections from `from` to `to` in `pairs`: their length, their number (and
/// whether it is exact), and up to `query.limit` of them (at most [`MAX_LISTED_PATHS`]).
fn search<Ty: EdgeType>(
    graph: &TemporalGraph,
    pairs: &Pairs<Ty>,
    from: NodeIndex,
    to: NodeIndex,
    query: &PathQuery,
) -> Option<(usize, (u64, bool), Vec<Path>)> {
    let (s, t) = (pairs.node(from)?, pairs.node(to)?);
    let g = &pairs.graph;
    let ds = dijkstra(g, s, None, |_| 1usize);
    let dt = dijkstra(Reversed(g), t, None, |_| 1usize);
    let length = *ds.get(&t)?;
    let on_path = |v: NodeIndex| match (ds.get(&v), dt.get(&v)) {
        (Some(a), Some(b)) => a + b == length,
        _ => false,
    };
    // The shortest-path graph: from each node on a shortest path, its successors on one, in
    // id order.
    let next: Vec<Vec<NodeIndex>> = g
        .node_indices()
        .map(|u| {
            if !on_path(u) {
                return vec![];
            }
            let mut vs: Vec<NodeIndex> = g
                .neighbors(u)
                .filter(|&v| on_path(v) && ds.get(&v) == ds.get(&u).map(|d| d + 1).as_ref())
                .collect();
            vs.sort();
            vs.dedup();
            vs
        })
        .collect();
    // Counting: number of shortest paths from each node to t, by decreasing distance from s.
    let mut order: Vec<NodeIndex> = g.node_indices().filter(|&v| on_path(v)).collect();
    order.sort_by_key(|v| std::cmp::Reverse(ds[v]));
    // `None` once a count no longer fits: every count built on it is a lower bound too.
    let mut ways = vec![Some(0u64); g.node_count()];
    ways[t.index()] = Some(1);
    for &u in &order {
        if u != t {
            ways[u.index()] =
                next[u.index()].iter().try_fold(0u64, |acc, v| acc.checked_add(ways[v.index()]?));
        }
    }
    let limit = query.limit.min(MAX_LISTED_PATHS);
    // Listing: depth-first, successors in id order, so paths come sorted by their actors' ids.
    let mut paths = vec![];
    let mut stack: Vec<(NodeIndex, usize)> = vec![(s, 0)];
    while let Some(&(u, i)) = stack.last() {
        if paths.len() >= limit {
            break;
        }
        if u == t {
            let nodes: Vec<NodeIndex> = stack.iter().map(|&(v, _)| v).collect();
            paths.push(path_of(graph, pairs, &nodes, query.scope.naming_year()));
            stack.pop();
            continue;
        }
        match next[u.index()].get(i) {
            Some(&v) => {
                if let Some(top) = stack.last_mut() {
                    top.1 += 1;
                }
                stack.push((v, 0));
            }
            None => {
                stack.pop();
            }
        }
    }
    let count = ways[s.index()].map_or((u64::MAX, false), |n| (n, true));
    Some((length, count, paths))
}

fn path_of<Ty: EdgeType>(
    graph: &TemporalGraph,
    pairs: &Pairs<Ty>,
    nodes: &[NodeIndex],
    year: Option<Year>,
) -> Path {
    let actors: Vec<NodeIndex> = nodes.iter().map(|&n| pairs.actor(n)).collect();
    Path {
        actors: actors.iter().map(|&a| graph.actor(a).id.clone()).collect(),
        steps: nodes
            .windows(2)
            .map(|w| Step {
                from: ActorRef::new(graph, pairs.actor(w[0]), year),
                to: ActorRef::new(graph, pairs.actor(w[1]), year),
                year: None,
                links: pairs.links(w[0], w[1]).iter().map(|&e| LinkRef::new(graph, e)).collect(),
            })
            .collect(),
    }
}

/// Whether `from` and `to` are connected in `year`.
fn connected_in(
    graph: &TemporalGraph,
    from: NodeIndex,
    to: NodeIndex,
    year: Year,
    directed: bool,
    filter: &Filter,
) -> bool {
    fn reach<Ty: EdgeType>(pairs: &Pairs<Ty>, from: NodeIndex, to: NodeIndex) -> bool {
        match (pairs.node(from), pairs.node(to)) {
            (Some(s), Some(t)) => has_path_connecting(&pairs.graph, s, t, None),
            _ => false,
        }
    }
    let slice = filter.apply(graph, graph.slice(Scope::Year(year))).slice;
    if directed {
        reach(&DirectedPairs::new(graph, &slice.actors, &slice.links), from, to)
    } else {
        reach(&UndirectedPairs::new(graph, &slice.actors, &slice.links), from, to)
    }
}

/// The year nearest to the scope (outside it) in which the two actors are connected; the earlier
/// of two equally near years. `None` for the whole history, or when they never are.
fn nearest_year(
    graph: &TemporalGraph,
    from: NodeIndex,
    to: NodeIndex,
    query: &PathQuery,
) -> Option<Year> {
    let (lo, hi) = query.scope.bounds()?;
    let (first, last) = graph.span()?;
    let mut years: Vec<Year> = (first..=last).filter(|&y| y < lo || y > hi).collect();
    years.sort_by_key(|&y| ((lo - y).max(y - hi), y));
    years.into_iter().find(|&y| connected_in(graph, from, to, y, query.directed, &query.filter))
}

/// How to look for a route across the years.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RouteQuery {
    /// The earliest year a link may be taken in; the data's first year when `None`.
    pub since: Option<Year>,
    /// The latest year a link may be taken in; no limit when `None`.
    pub until: Option<Year>,
    /// Follow links only from their `from` to their `to` actor.
    pub directed: bool,
    /// Which links may be taken (kinds, confidence); analyses leave proposed links out.
    pub filter: Filter,
}

/// The earliest time-respecting route between two actors.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Route {
    /// Where the route starts.
    pub from: ActorRef,
    /// Where it ends.
    pub to: ActorRef,
    /// Whether links were followed only in their own direction.
    pub directed: bool,
    /// The earliest year a link could be taken in, as asked.
    pub since: Option<Year>,
    /// The latest year a link could be taken in, as asked.
    pub until: Option<Year>,
    /// Whether there is a route.
    pub connected: bool,
    /// The year its first link is taken.
    pub departure: Option<Year>,
    /// The year its last link is taken: the earliest year `to` can be reached.
    pub arrival: Option<Year>,
    /// Its steps, each with the year it is taken and the links of the pair active that year.
    pub steps: Vec<Step>,
    /// The links that could have been taken in the years asked that the query's filter left
    /// out for their confidence.
    pub left_out: LeftOut,
    /// The horizon, whether the years a link may be taken in reach past it, and the scenarios.
    #[serde(flatten)]
    pub reading: Reading,
}

/// The earliest time-respecting route from `from` to `to`: a chain of links, each taken in a year
/// it is active, no earlier than the year the link before it was taken, so that something could
/// flow along it across the years. Links are active for the years of their own interval clipped
/// to both actors' lifetimes; a link can be taken in any year it is active, so a link that started
/// earlier and still runs can carry the route on later.
///
/// The route arrives as early as possible; among such routes it has the fewest links; among
/// those, the first in link-id order wins. Parallel links count once: a step lists every link of
/// its pair active in the step's year. Computed as earliest arrival with at most k links for k = 1,
/// 2, … (a Bellman–Ford over hop counts), O(A · L).
///
/// ```
/// use mesograph::{TemporalGraph, load, query};
///
/// let graph = TemporalGraph::new(load(None)?);
/// let (heon, equipameso) = (graph.find("Héon")?, graph.find("Equip@Meso")?);
/// let route = query::earliest_route(&graph, heon, equipameso, &query::RouteQuery::default());
/// assert_eq!(route.departure, Some(2005)); // Héon co-writes the 2005 report…
/// assert_eq!(route.arrival, Some(2010)); // …which leads, in time, to Equip@Meso.
/// assert!(route.steps.windows(2).all(|w| w[0].year <= w[1].year));
/// # Ok::<(), mesograph::Error>(())
/// ```
pub fn earliest_route(
    graph: &TemporalGraph,
    from: NodeIndex,
    to: NodeIndex,
    query: &RouteQuery,
) -> Route {
    let lo = query.since.unwrap_or(Year::MIN);
    let hi = query.until.unwrap_or(Year::MAX);
    let g = graph.graph();
    let count = g.node_count();
    // Every link the filter keeps with the years it can be taken in, within [lo, hi].
    let f = &query.filter;
    let mut left_out = LeftOut::default();
    let links: Vec<(NodeIndex, NodeIndex, EdgeIndex, Year, Year)> = g
        .edge_indices()
        .filter_map(|e| {
            let life = graph.link_active(e)?;
            let (start, last) = (life.start.max(lo), life.last().min(hi));
            let (a, b) = graph.endpoints(e);
            let link = graph.link(e);
            let ends = f.keeps_actor(graph.actor(a)) && f.keeps_actor(graph.actor(b));
            if !(start <= last && a != b && ends && f.keeps_link_kind(link)) {
                return None;
            }
            if !f.keeps_confidence(link.confidence) {
                left_out.count(link.confidence);
                return None;
            }
            Some((a, b, e, start, last))
        })
        .collect();

    // arrival[k][v]: the earliest year v can be reached with at most k links; how[k][v]: the
    // last step (previous actor, year) when level k improved on level k - 1.
    let mut arrival: Vec<Vec<Option<Year>>> = vec![vec![None; count]];
    arrival[0][from.index()] = Some(lo);
    let mut how: Vec<Vec<Option<(NodeIndex, Year)>>> = vec![vec![None; count]];
    for _ in 1..count.max(1) {
        let prev = arrival.last().cloned().unwrap_or_default();
        let mut level = prev.clone();
        let mut steps = vec![None; count];
        let mut changed = false;
        for &(a, b, _, start, last) in &links {
            let ways: &[(NodeIndex, NodeIndex)] =
                if query.directed { &[(a, b)][..] } else { &[(a, b), (b, a)][..] };
            for &(u, v) in ways {
                let Some(t) = prev[u.index()] else { continue };
                let taken = t.max(start);
                if taken > last || v == from {
                    continue;
                }
                if level[v.index()].is_none_or(|best| taken < best) {
                    level[v.index()] = Some(taken);
                    steps[v.index()] = Some((u, taken));
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
        arrival.push(level);
        how.push(steps);
    }

    let mut route = Route {
        from: ActorRef::new(graph, from, None),
        to: ActorRef::new(graph, to, None),
        directed: query.directed,
        since: query.since,
        until: query.until,
        connected: false,
        departure: None,
        arrival: None,
        steps: vec![],
        left_out,
        reading: Reading::with(graph, false),
    };
    if from == to {
        route.connected = true;
        return route;
    }
    let best = arrival.last().and_then(|l| l[to.index()]);
    let Some(best) = best else { return route };
    // The fewest links that reach `to` that early.
    let Some(k) = arrival.iter().position(|l| l[to.index()] == Some(best)) else { return route };

    let mut hops: Vec<(NodeIndex, NodeIndex, Year)> = vec![];
    let (mut v, mut level) = (to, k);
    while level > 0 && v != from {
        match how[level][v.index()] {
            Some((u, year)) if arrival[level - 1][v.index()] != arrival[level][v.index()] => {
                hops.push((u, v, year));
                v = u;
            }
            _ => {}
        }
        level -= 1;
    }
    hops.reverse();
    route.steps = hops
        .into_iter()
        .map(|(u, v, year)| Step {
            from: ActorRef::new(graph, u, Some(year)),
            to: ActorRef::new(graph, v, Some(year)),
            year: Some(year),
            links: links
                .iter()
                .filter(|&&(a, b, _, start, last)| {
                    let pair = (a, b) == (u, v) || (!query.directed && (a, b) == (v, u));
                    pair && start <= year && year <= last
                })
                .map(|&(_, _, e, _, _)| LinkRef::new(graph, e))
                .collect(),
        })
        .collect();
    route.connected = !route.steps.is_empty();
    route.departure = route.steps.first().and_then(|s| s.year);
    route.arrival = route.steps.last().and_then(|s| s.year);
    route.reading.projection = route.arrival.is_some_and(|y| graph.is_projection(y));
    route
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{graph, n};
    use super::*;

    /// 70 diamonds in a row: 2⁷⁰ shortest paths from the first actor to the last.
    #[test]
    fn counts_beyond_u64_say_at_least_and_listing_stays_bounded() {
        let ids: Vec<String> = (0..=70)
            .flat_map(|i| [format!("x{i:02}"), format!("y{i:02}"), format!("z{i:02}")])
            .collect();
        let actors: Vec<(&str, Year, Option<Year>)> =
            ids.iter().map(|id| (id.as_str(), 2000, None)).collect();
        let mut links = vec![];
        for i in 0..70 {
            for side in ["y", "z"] {
                links.push((
                    ids[3 * i].as_str(),
                    "funds",
                    ids[3 * i + if side == "y" { 1 } else { 2 }].as_str(),
                ));
                links.push((
                    ids[3 * i + if side == "y" { 1 } else { 2 }].as_str(),
                    "funds",
                    ids[3 * i + 3].as_str(),
                ));
            }
        }
        let links: Vec<(&str, &str, &str, Year, Option<Year>)> =
            links.into_iter().map(|(a, k, b)| (a, k, b, 2000, None)).collect();
        let g = graph(&actors, &links);
        let (a, b) = (n(&g, "x00"), n(&g, "x70"));
        let query = PathQuery {
            scope: Scope::Year(2000),
            directed: false,
            limit: usize::MAX,
            filter: Default::default(),
        };
        let p = shortest_paths(&g, a, b, &query);
        assert_eq!((p.length, p.count, p.count_exact), (Some(140), u64::MAX, false));
        assert_eq!(p.paths.len(), MAX_LISTED_PATHS);
        // 2⁶³ paths through 63 diamonds still fit: the count is exact.
        let p = shortest_paths(&g, a, n(&g, "x63"), &PathQuery { limit: 3, ..query });
        assert_eq!((p.count, p.count_exact, p.paths.len()), (1 << 63, true, 3));
    }

    fn path_ids(p: &Paths) -> Vec<Vec<String>> {
        p.paths.iter().map(|p| p.actors.clone()).collect()
    }

    fn q(scope: Scope, directed: bool) -> PathQuery {
        PathQuery { scope, directed, limit: 100, filter: Filter::default() }
    }

    /// A diamond a–b–d, a–c–d (c arrives in 2005), a parallel pair a→b, and e alone.
    fn diamond() -> TemporalGraph {
        graph(
            &[
                ("a", 2000, None),
                ("b", 2000, None),
                ("c", 2005, None),
                ("d", 2000, None),
                ("e", 2000, None),
            ],
            &[
                ("a", "funds", "b", 2000, None),
                ("a", "coordinates", "b", 2000, Some(2002)),
                ("d", "member_of", "b", 2000, None),
                ("a", "funds", "c", 2005, None),
                ("c", "hosts", "d", 2005, None),
            ],
        )
    }

    #[test]
    fn parallel_links_count_once_and_are_all_shown() {
        let g = diamond();
        let p = shortest_paths(&g, n(&g, "a"), n(&g, "d"), &PathQuery::year(2001));
        assert_eq!(path_ids(&p), [["a", "b", "d"]]);
        assert_eq!((p.count, p.length), (1, Some(2)));
        assert_eq!(p.paths[0].steps[0].links.len(), 2);
        // Undirected by default: d → b is followed backwards.
        assert_eq!(p.paths[0].steps[1].links[0].from, "d");
    }

    #[test]
    fn all_shortest_paths_in_id_order_and_the_limit() {
        let g = diamond();
        let p = shortest_paths(&g, n(&g, "a"), n(&g, "d"), &PathQuery::year(2005));
        assert_eq!(path_ids(&p), [["a", "b", "d"], ["a", "c", "d"]]);
        assert_eq!(p.count, 2);
        let one = shortest_paths(
            &g,
            n(&g, "a"),
            n(&g, "d"),
            &PathQuery { limit: 1, ..PathQuery::year(2005) },
        );
        assert_eq!(
            (path_ids(&one), one.count),
            (vec![vec!["a".to_string(), "b".into(), "d".into()]], 2)
        );
    }

    #[test]
    fn directed_paths_follow_links_only_forwards() {
        let g = diamond();
        let p = shortest_paths(&g, n(&g, "a"), n(&g, "d"), &q(Scope::Year(2005), true));
        assert_eq!(path_ids(&p), [["a", "c", "d"]]);
        let back = shortest_paths(&g, n(&g, "d"), n(&g, "a"), &q(Scope::Year(2005), true));
        assert!(!back.connected);
        assert_eq!(back.nearest_year, None);
    }

    #[test]
    fn not_connected_names_the_nearest_year() {
        let g = diamond();
        // c exists from 2005 only: first year of its range.
        let p = shortest_paths(&g, n(&g, "c"), n(&g, "b"), &PathQuery::year(2004));
        assert!(!p.connected);
        assert_eq!(p.inactive, ["c"]);
        assert_eq!(p.nearest_year, Some(2005));
        let e = shortest_paths(&g, n(&g, "a"), n(&g, "e"), &PathQuery::year(2004));
        assert_eq!((e.connected, e.inactive.len(), e.nearest_year), (false, 0, None));
    }

    #[test]
    fn nearest_year_prefers_the_earlier_of_two_equally_near() {
        let g = graph(
            &[("a", 2000, None), ("b", 2000, None)],
            &[("a", "funds", "b", 2003, Some(2003)), ("a", "hosts", "b", 2007, Some(2007))],
        );
        let p = shortest_paths(&g, n(&g, "a"), n(&g, "b"), &PathQuery::year(2005));
        assert_eq!(p.nearest_year, Some(2003));
        let p = shortest_paths(&g, n(&g, "a"), n(&g, "b"), &PathQuery::year(2006));
        assert_eq!(p.nearest_year, Some(2007));
        // Last year of a link's range.
        assert!(shortest_paths(&g, n(&g, "a"), n(&g, "b"), &PathQuery::year(2003)).connected);
    }

    #[test]
    fn an_actor_is_at_distance_zero_from_itself() {
        let g = diamond();
        let p = shortest_paths(&g, n(&g, "a"), n(&g, "a"), &PathQuery::year(2001));
        assert_eq!((p.connected, p.length, p.count), (true, Some(0), 1));
        assert_eq!(path_ids(&p), [["a"]]);
    }

    fn route(
        g: &TemporalGraph,
        a: &str,
        b: &str,
        query: RouteQuery,
    ) -> Vec<(String, String, Year)> {
        earliest_route(g, n(g, a), n(g, b), &query)
            .steps
            .iter()
            .map(|s| (s.from.id.clone(), s.to.id.clone(), s.year.unwrap()))
            .collect()
    }

    #[test]
    fn a_route_waits_for_a_later_link() {
        // a–b only in 2000–2001; b–c from 2005: the route waits at b.
        let g = graph(
            &[("a", 2000, None), ("b", 2000, None), ("c", 2000, None)],
            &[("a", "funds", "b", 2000, Some(2001)), ("b", "hosts", "c", 2005, None)],
        );
        assert_eq!(
            route(&g, "a", "c", RouteQuery::default()),
            [("a".into(), "b".into(), 2000), ("b".into(), "c".into(), 2005)]
        );
        // Backwards in time there is no route: c–b starts after a–b has ended.
        assert!(route(&g, "c", "a", RouteQuery::default()).is_empty());
        // And not when starting after the first link ended.
        assert!(
            route(&g, "a", "c", RouteQuery { since: Some(2002), ..Default::default() }).is_empty()
        );
        // Nor when the second link is out of reach.
        assert!(
            route(&g, "a", "c", RouteQuery { until: Some(2004), ..Default::default() }).is_empty()
        );
    }

    #[test]
    fn a_route_arrives_earliest_then_takes_fewest_links() {
        // Direct a–d only from 2010; a–b–c–d possible by 2003.
        let g = graph(
            &[("a", 2000, None), ("b", 2000, None), ("c", 2000, None), ("d", 2000, None)],
            &[
                ("a", "funds", "d", 2010, None),
                ("a", "funds", "b", 2001, None),
                ("b", "funds", "c", 2002, None),
                ("c", "funds", "d", 2003, None),
                ("b", "hosts", "d", 2003, None),
            ],
        );
        let r = earliest_route(&g, n(&g, "a"), n(&g, "d"), &RouteQuery::default());
        assert_eq!((r.departure, r.arrival), (Some(2001), Some(2003)));
        assert_eq!(
            route(&g, "a", "d", RouteQuery::default()),
            [("a".into(), "b".into(), 2001), ("b".into(), "d".into(), 2003)]
        );
        // Starting late, the direct link is taken in the year asked (it is still active).
        assert_eq!(
            route(&g, "a", "d", RouteQuery { since: Some(2012), ..Default::default() }),
            [("a".into(), "d".into(), 2012)]
        );
    }

    #[test]
    fn a_route_follows_directions_when_asked_and_lists_parallel_links() {
        let g = graph(
            &[("a", 2000, None), ("b", 2000, None), ("c", 2000, Some(2004))],
            &[
                ("a", "funds", "b", 2000, None),
                ("a", "hosts", "b", 2002, None),
                ("c", "supports", "b", 2003, None),
            ],
        );
        // The link c → b is clipped to c's last year, 2004.
        let r = earliest_route(
            &g,
            n(&g, "a"),
            n(&g, "c"),
            &RouteQuery { since: Some(2002), ..Default::default() },
        );
        assert_eq!(r.steps.len(), 2);
        assert_eq!(r.steps[0].links.len(), 2, "both a → b links are active in 2002");
        assert_eq!(r.arrival, Some(2003));
        let late = RouteQuery { since: Some(2005), ..Default::default() };
        assert!(!earliest_route(&g, n(&g, "a"), n(&g, "c"), &late).connected);
        let directed = RouteQuery { directed: true, ..Default::default() };
        assert!(!earliest_route(&g, n(&g, "a"), n(&g, "c"), &directed).connected);
        assert!(earliest_route(&g, n(&g, "c"), n(&g, "b"), &directed).connected);
    }
}
