//! What changed between two years: actors and links that appeared or disappeared, actors that
//! were renamed, and pairs of actors whose links changed.

use super::{ActorRef, LinkRef};
use crate::graph::{Scope, TemporalGraph};
use crate::model::Year;
use petgraph::graph::{EdgeIndex, NodeIndex};
use serde::Serialize;
use std::collections::BTreeMap;

/// The changes between two years.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    /// The first year.
    pub from: Year,
    /// The second year (it may come before `from`: the diff then reads backwards).
    pub to: Year,
    /// Actors.
    pub actors: ActorChanges,
    /// Links.
    pub links: LinkChanges,
}

/// How the actors changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ActorChanges {
    /// Active in `to` and not in `from`, named as in `to`, in id order.
    pub appeared: Vec<ActorRef>,
    /// Active in `from` and not in `to`, named as in `from`, in id order.
    pub disappeared: Vec<ActorRef>,
    /// Active in both, under another name, in id order.
    pub renamed: Vec<Renamed>,
}

/// An actor whose name changed between the two years.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Renamed {
    /// The actor's id.
    pub id: String,
    /// Its name in `from`.
    pub before: String,
    /// Its name in `to`.
    pub after: String,
}

/// How the links changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LinkChanges {
    /// Active in `to` and not in `from`, in id order.
    pub appeared: Vec<LinkRef>,
    /// Active in `from` and not in `to`, in id order.
    pub disappeared: Vec<LinkRef>,
    /// Pairs of actors connected in both years, but not by the same links.
    pub changed: Vec<PairChange>,
}

/// A pair of actors connected in both years by different links.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairChange {
    /// The pair's ids, in id order.
    pub actors: [String; 2],
    /// Their links active in `from`.
    pub before: Vec<LinkRef>,
    /// Their links active in `to`.
    pub after: Vec<LinkRef>,
}

impl Diff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.actors.appeared.is_empty()
            && self.actors.disappeared.is_empty()
            && self.actors.renamed.is_empty()
            && self.links.appeared.is_empty()
            && self.links.disappeared.is_empty()
            && self.links.changed.is_empty()
    }
}

fn minus<T: Ord + Copy>(a: &[T], b: &[T]) -> Vec<T> {
    a.iter().copied().filter(|x| b.binary_search(x).is_err()).collect()
}

fn by_pair(
    graph: &TemporalGraph,
    links: &[EdgeIndex],
) -> BTreeMap<(NodeIndex, NodeIndex), Vec<EdgeIndex>> {
    let mut pairs: BTreeMap<(NodeIndex, NodeIndex), Vec<EdgeIndex>> = BTreeMap::new();
    for &e in links {
        let (a, b) = graph.endpoints(e);
        pairs.entry((a.min(b), a.max(b))).or_default().push(e);
    }
    pairs
}

/// The changes from year `from` to year `to`, comparing the two year slices.
///
/// A link is identified by its id (`from/kind/to/start`), an actor by its id; a renamed actor is
/// one active in both years whose name in use differs. A pair of actors "changed" when it is
/// connected in both years but the set of links between them differs (a kind added or dropped).
/// Every list is in id order. O(A + L).
///
/// ```
/// use mesograph::{TemporalGraph, load, query};
///
/// let graph = TemporalGraph::new(load(None)?);
/// let changes = query::diff(&graph, 2009, 2010);
/// let appeared: Vec<&str> = changes.actors.appeared.iter().map(|a| a.id.as_str()).collect();
/// assert!(appeared.contains(&"cocin") && appeared.contains(&"equipameso"));
/// # Ok::<(), mesograph::Error>(())
/// ```
pub fn diff(graph: &TemporalGraph, from: Year, to: Year) -> Diff {
    let (before, after) = (graph.slice(Scope::Year(from)), graph.slice(Scope::Year(to)));
    let actor = |n: NodeIndex, y: Year| ActorRef::new(graph, n, Some(y));
    let link = |e: EdgeIndex| LinkRef::new(graph, e);
    let renamed = before
        .actors
        .iter()
        .filter(|n| after.actors.binary_search(n).is_ok())
        .filter_map(|&n| {
            let a = graph.actor(n);
            let (x, y) = (a.name_in(from), a.name_in(to));
            (x != y).then(|| Renamed { id: a.id.clone(), before: x.into(), after: y.into() })
        })
        .collect();
    let (pairs_before, pairs_after) = (by_pair(graph, &before.links), by_pair(graph, &after.links));
    let mut changed: Vec<PairChange> = pairs_before
        .iter()
        .filter_map(|(pair, x)| {
            let y = pairs_after.get(pair)?;
            (x != y).then(|| {
                let (a, b) = (&graph.actor(pair.0).id, &graph.actor(pair.1).id);
                PairChange {
                    actors: if a <= b { [a.clone(), b.clone()] } else { [b.clone(), a.clone()] },
                    before: x.iter().map(|&e| link(e)).collect(),
                    after: y.iter().map(|&e| link(e)).collect(),
                }
            })
        })
        .collect();
    changed.sort_by(|p, q| p.actors.cmp(&q.actors));
    Diff {
        from,
        to,
        actors: ActorChanges {
            appeared: minus(&after.actors, &before.actors)
                .into_iter()
                .map(|n| actor(n, to))
                .collect(),
            disappeared: minus(&before.actors, &after.actors)
                .into_iter()
                .map(|n| actor(n, from))
                .collect(),
            renamed,
        },
        links: LinkChanges {
            appeared: minus(&after.links, &before.links).into_iter().map(link).collect(),
            disappeared: minus(&before.links, &after.links).into_iter().map(link).collect(),
            changed,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::graph;
    use super::*;

    fn sample() -> TemporalGraph {
        graph(
            &[("a", 2000, None), ("b", 2000, Some(2004)), ("c", 2005, None)],
            &[
                ("a", "funds", "b", 2000, None),
                ("a", "founds", "c", 2005, Some(2005)),
                ("a", "funds", "c", 2005, None),
                ("c", "member_of", "a", 2006, None),
            ],
        )
    }

    fn ids<T>(list: &[T], id: impl Fn(&T) -> &str) -> Vec<String> {
        list.iter().map(|x| id(x).to_string()).collect()
    }

    #[test]
    fn appeared_and_disappeared_across_the_edge_of_a_lifetime() {
        let g = sample();
        let d = diff(&g, 2004, 2005);
        assert_eq!(ids(&d.actors.appeared, |a| &a.id), ["c"]);
        assert_eq!(ids(&d.actors.disappeared, |a| &a.id), ["b"]);
        assert_eq!(ids(&d.links.appeared, |l| &l.id), ["a/founds/c/2005", "a/funds/c/2005"]);
        assert_eq!(ids(&d.links.disappeared, |l| &l.id), ["a/funds/b/2000"]);
        assert!(d.links.changed.is_empty());
        // Backwards, the lists swap.
        let back = diff(&g, 2005, 2004);
        assert_eq!(ids(&back.actors.appeared, |a| &a.id), ["b"]);
        assert_eq!(ids(&back.links.disappeared, |l| &l.id), ["a/founds/c/2005", "a/funds/c/2005"]);
    }

    #[test]
    fn a_pair_whose_links_change_is_reported_once() {
        let g = sample();
        let d = diff(&g, 2005, 2006);
        assert!(d.actors.appeared.is_empty() && d.actors.disappeared.is_empty());
        assert_eq!(d.links.changed.len(), 1);
        let change = &d.links.changed[0];
        assert_eq!(change.actors, ["a".to_string(), "c".to_string()]);
        assert_eq!(ids(&change.before, |l| &l.id), ["a/founds/c/2005", "a/funds/c/2005"]);
        assert_eq!(ids(&change.after, |l| &l.id), ["a/funds/c/2005", "c/member_of/a/2006"]);
    }

    #[test]
    fn the_same_year_changes_nothing() {
        assert!(diff(&sample(), 2005, 2005).is_empty());
        assert!(diff(&sample(), 2010, 2011).is_empty());
    }
}
