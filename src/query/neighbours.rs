//! Who an actor is connected to: its neighbours in a year, a window or the whole history, up to
//! some number of links away, each with the links that reach it.

use super::{ActorRef, Direction, LinkRef, Reading, serialize_scope};
use crate::filter::{Filter, LeftOut};
use crate::graph::{Scope, TemporalGraph};
use crate::model::LinkKind;
use petgraph::graph::{EdgeIndex, NodeIndex};
use serde::Serialize;

/// What to look for around an actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeighbourQuery {
    /// The years: links active in at least one year of the scope.
    pub scope: Scope,
    /// How many links away to go (1: direct neighbours).
    pub depth: usize,
    /// Only links of these kinds; every kind when empty.
    pub kinds: Vec<LinkKind>,
    /// Which way links are followed, seen from the nearer actor.
    pub direction: Direction,
    /// What else the slice keeps (kinds, confidence); analyses leave proposed links out.
    pub filter: Filter,
}

impl Default for NeighbourQuery {
    fn default() -> NeighbourQuery {
        NeighbourQuery {
            scope: Scope::All,
            depth: 1,
            kinds: vec![],
            direction: Direction::Both,
            filter: Filter::default(),
        }
    }
}

impl NeighbourQuery {
    /// Direct neighbours in one year, by any link.
    pub fn year(year: crate::Year) -> NeighbourQuery {
        NeighbourQuery { scope: Scope::Year(year), ..NeighbourQuery::default() }
    }
}

/// The neighbours of an actor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Neighbours {
    /// The actor asked about.
    pub actor: ActorRef,
    /// The years asked about.
    #[serde(serialize_with = "serialize_scope")]
    pub scope: Scope,
    /// Whether the actor is active in the scope (no neighbours otherwise).
    pub active: bool,
    /// How many links away the search went.
    pub depth: usize,
    /// Which way links were followed.
    pub direction: Direction,
    /// The link kinds followed; every kind when empty.
    pub kinds: Vec<LinkKind>,
    /// The neighbours, nearest first, then by id.
    pub neighbours: Vec<Neighbour>,
    /// The links the search would have followed (from the actor or a neighbour nearer than
    /// the depth) that the query's filter left out for their confidence.
    pub left_out: LeftOut,
    /// The horizon, whether the scope is a projection, and the scenarios on.
    #[serde(flatten)]
    pub reading: Reading,
}

/// One actor reached from the actor asked about.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Neighbour {
    /// The neighbour.
    pub actor: ActorRef,
    /// How many links away it is (1 for a direct neighbour).
    pub distance: usize,
    /// The ids of the actors one link nearer that it is reached through (the actor asked about,
    /// for a direct neighbour).
    pub via: Vec<String>,
    /// Every link that reaches it from those actors, parallel links included, in id order.
    pub links: Vec<NeighbourLink>,
}

/// A link that reaches a neighbour, with its direction seen from the nearer actor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NeighbourLink {
    /// `out` when the link goes from the nearer actor to the neighbour, `in` otherwise.
    pub direction: Direction,
    /// The link.
    #[serde(flatten)]
    pub link: LinkRef,
}

/// The neighbours of `actor` as `query` asks: a breadth-first search over the links active in the
/// scope, of the kinds and direction asked for, up to `query.depth` links away.
///
/// Each neighbour appears once, at its smallest distance, with every link (parallel links
/// included) that reaches it from an actor one link nearer. Names are those of the scope's last
/// year. O(A + L).
///
/// ```
/// use mesograph::{TemporalGraph, load, query};
///
/// let graph = TemporalGraph::new(load(None)?);
/// let genci = graph.find("GENCI")?;
/// let answer = query::neighbours(&graph, genci, &query::NeighbourQuery::year(2014));
/// assert!(answer.neighbours.iter().any(|n| n.actor.id == "simseo"));
/// # Ok::<(), mesograph::Error>(())
/// ```
pub fn neighbours(graph: &TemporalGraph, actor: NodeIndex, query: &NeighbourQuery) -> Neighbours {
    let whole = graph.slice(query.scope);
    let slice = query.filter.apply(graph, whole.clone()).slice;
    let year = query.scope.naming_year();
    let active = slice.actors.binary_search(&actor).is_ok();
    let mut answer = Neighbours {
        actor: ActorRef::new(graph, actor, year),
        scope: query.scope,
        active,
        depth: query.depth,
        direction: query.direction,
        kinds: query.kinds.clone(),
        neighbours: vec![],
        left_out: LeftOut::default(),
        reading: Reading::of(graph, query.scope),
    };
    if !active {
        return answer;
    }

    // Adjacency of the slice: for each actor, (other actor, link, way seen from this actor).
    let count = graph.graph().node_count();
    let mut adjacency: Vec<Vec<(NodeIndex, EdgeIndex, Direction)>> = vec![vec![]; count];
    for &e in &slice.links {
        if !query.kinds.is_empty() && !query.kinds.contains(&graph.link(e).kind) {
            continue;
        }
        let (from, to) = graph.endpoints(e);
        if from == to {
            continue;
        }
        if query.direction.allows(Direction::Out) {
            adjacency[from.index()].push((to, e, Direction::Out));
        }
        if query.direction.allows(Direction::In) {
            adjacency[to.index()].push((from, e, Direction::In));
        }
    }
    for list in &mut adjacency {
        list.sort();
    }

    let mut distance: Vec<Option<usize>> = vec![None; count];
    distance[actor.index()] = Some(0);
    // Per reached actor: the nearer actors it is reached through, and the links.
    type Reach = (Vec<NodeIndex>, Vec<(EdgeIndex, Direction)>);
    let mut reached: Vec<Reach> = vec![];
    let mut slot: Vec<Option<usize>> = vec![None; count];
    let mut ring = vec![actor];
    for d in 0..query.depth {
        let mut next = vec![];
        for &u in &ring {
            for &(v, e, way) in &adjacency[u.index()] {
                match distance[v.index()] {
                    None => {
                        distance[v.index()] = Some(d + 1);
                        slot[v.index()] = Some(reached.len());
                        reached.push((vec![], vec![]));
                        next.push(v);
                    }
                    Some(dv) if dv == d + 1 => {}
                    Some(_) => continue,
                }
                if let Some(i) = slot[v.index()] {
                    let (via, links) = &mut reached[i];
                    if !via.contains(&u) {
                        via.push(u);
                    }
                    links.push((e, way));
                }
            }
        }
        if next.is_empty() {
            break;
        }
        next.sort();
        ring = next;
    }

    let mut out: Vec<Neighbour> = (0..count)
        .filter_map(|i| {
            let (via, links) = &reached[slot[i]?];
            let n = NodeIndex::new(i);
            let mut via: Vec<String> = via.iter().map(|&v| graph.actor(v).id.clone()).collect();
            via.sort();
            let mut links: Vec<NeighbourLink> = links
                .iter()
                .map(|&(e, way)| NeighbourLink { direction: way, link: LinkRef::new(graph, e) })
                .collect();
            links.sort_by(|a, b| a.link.id.cmp(&b.link.id));
            Some(Neighbour {
                actor: ActorRef::new(graph, n, year),
                distance: distance[i].unwrap_or(0),
                via,
                links,
            })
        })
        .collect();
    out.sort_by(|a, b| a.distance.cmp(&b.distance).then_with(|| a.actor.id.cmp(&b.actor.id)));
    answer.neighbours = out;
    // The links left out for their confidence that the search would have followed.
    let f = &query.filter;
    for &e in &whole.links {
        let link = graph.link(e);
        let (from, to) = graph.endpoints(e);
        let near = |n: NodeIndex, way: Direction| {
            query.direction.allows(way) && distance[n.index()].is_some_and(|d| d < query.depth)
        };
        if !f.keeps_confidence(link.confidence)
            && f.keeps_link_kind(link)
            && (query.kinds.is_empty() || query.kinds.contains(&link.kind))
            && f.keeps_actor(graph.actor(from))
            && f.keeps_actor(graph.actor(to))
            && (near(from, Direction::Out) || near(to, Direction::In))
        {
            answer.left_out.count(link.confidence);
        }
    }
    answer
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{graph, n};
    use super::*;

    /// a → b (funds, coordinates: parallel), c → a member_of 2005–2006, b → d hosts, d → e
    /// hosts; f alone; e lives 2004–2010.
    fn sample() -> TemporalGraph {
        graph(
            &[
                ("a", 2000, None),
                ("b", 2000, None),
                ("c", 2000, None),
                ("d", 2000, None),
                ("e", 2004, Some(2010)),
                ("f", 2000, None),
            ],
            &[
                ("a", "funds", "b", 2000, None),
                ("a", "coordinates", "b", 2003, Some(2003)),
                ("c", "member_of", "a", 2005, Some(2006)),
                ("b", "hosts", "d", 2000, None),
                ("d", "hosts", "e", 2004, None),
            ],
        )
    }

    fn ids(answer: &Neighbours) -> Vec<(String, usize, usize)> {
        answer.neighbours.iter().map(|n| (n.actor.id.clone(), n.distance, n.links.len())).collect()
    }

    fn q(scope: Scope, depth: usize, direction: Direction, kinds: &[LinkKind]) -> NeighbourQuery {
        NeighbourQuery { scope, depth, direction, kinds: kinds.to_vec(), filter: Filter::default() }
    }

    #[test]
    fn parallel_links_make_one_neighbour_with_every_link() {
        let g = sample();
        let answer = neighbours(&g, n(&g, "a"), &NeighbourQuery::year(2003));
        assert_eq!(ids(&answer), [("b".into(), 1, 2)]);
        let kinds: Vec<LinkKind> = answer.neighbours[0].links.iter().map(|l| l.link.kind).collect();
        assert_eq!(kinds, [LinkKind::Coordinates, LinkKind::Funds]);
    }

    #[test]
    fn first_and_last_year_of_a_link_are_included() {
        let g = sample();
        let a = n(&g, "a");
        for (year, expect_c) in [(2004, false), (2005, true), (2006, true), (2007, false)] {
            let answer = neighbours(&g, a, &NeighbourQuery::year(year));
            let has_c = answer.neighbours.iter().any(|n| n.actor.id == "c");
            assert_eq!(has_c, expect_c, "{year}");
        }
        let c = &neighbours(&g, a, &NeighbourQuery::year(2005)).neighbours[1];
        assert_eq!(c.links[0].direction, Direction::In);
    }

    #[test]
    fn direction_kind_and_depth_filter() {
        let g = sample();
        let a = n(&g, "a");
        let y = Scope::Year(2005);
        let out = neighbours(&g, a, &q(y, 1, Direction::Out, &[]));
        assert_eq!(ids(&out), [("b".into(), 1, 1)]);
        let inn = neighbours(&g, a, &q(y, 1, Direction::In, &[]));
        assert_eq!(ids(&inn), [("c".into(), 1, 1)]);
        let funds = neighbours(&g, a, &q(y, 3, Direction::Both, &[LinkKind::Funds]));
        assert_eq!(ids(&funds), [("b".into(), 1, 1)]);
        let deep = neighbours(&g, a, &q(y, 3, Direction::Both, &[]));
        assert_eq!(
            ids(&deep),
            [("b".into(), 1, 1), ("c".into(), 1, 1), ("d".into(), 2, 1), ("e".into(), 3, 1)]
        );
        assert_eq!(deep.neighbours[2].via, ["b"]);
        // e is gone after 2010: the chain stops at d.
        let later = neighbours(&g, a, &q(Scope::Year(2011), 5, Direction::Both, &[]));
        assert_eq!(ids(&later), [("b".into(), 1, 1), ("d".into(), 2, 1)]);
    }

    #[test]
    fn an_isolated_or_inactive_actor_has_no_neighbours() {
        let g = sample();
        let f = neighbours(&g, n(&g, "f"), &NeighbourQuery::year(2005));
        assert!(f.active && f.neighbours.is_empty());
        let e = neighbours(&g, n(&g, "e"), &NeighbourQuery::year(2003));
        assert!(!e.active && e.neighbours.is_empty());
    }

    #[test]
    fn a_window_keeps_links_of_any_of_its_years() {
        let g = sample();
        let answer = neighbours(
            &g,
            n(&g, "a"),
            &NeighbourQuery { scope: Scope::window(2003, 2005).unwrap(), ..Default::default() },
        );
        assert_eq!(ids(&answer), [("b".into(), 1, 2), ("c".into(), 1, 1)]);
    }
}
