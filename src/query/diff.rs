//! What changed between two years: actors and links that appeared or disappeared, actors that
//! were renamed, and pairs of actors whose links changed.

use super::{ActorRef, Cite, LinkRef};
use crate::graph::{Scope, Slice, TemporalGraph};
use crate::model::Year;
use petgraph::graph::EdgeIndex;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The changes between two years.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    /// The first year.
    pub from: Year,
    /// The second year (it may come before `from`: the diff then reads backwards).
    pub to: Year,
    /// The scenarios laid over each year's world: `diff Y1 Y2 --scenario S` compares the world
    /// the sources tell at Y1 with the world of the scenario at Y2.
    pub scenarios: DiffScenarios,
    /// The last year the sources observe, when the dataset declares it: a year after it is a
    /// projection.
    pub horizon: Option<Year>,
    /// Actors.
    pub actors: ActorChanges,
    /// Links.
    pub links: LinkChanges,
    /// The milestones known by the second year that the first did not know: dated after the
    /// first year up to the second (and, with a scenario, the scenario's own up to the second),
    /// in year order.
    pub milestones: Vec<NewMilestone>,
}

/// The scenarios on in each of the two years.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DiffScenarios {
    /// In the first year.
    pub from: Vec<String>,
    /// In the second year.
    pub to: Vec<String>,
}

/// A milestone a diff brings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewMilestone {
    /// The year it happened.
    pub year: Year,
    /// The id of the actor it belongs to.
    pub actor: String,
    /// What happened.
    pub title: String,
    /// Where.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Other actors involved.
    pub related: Vec<String>,
    /// Numbers the source gives.
    pub figures: Vec<crate::model::Figure>,
    /// Where it comes from.
    pub citations: Vec<Cite>,
    /// What the reader should know.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
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
    /// The ids of the actors that appeared which only the second year's scenarios hold (the
    /// first year's dataset has no such actor at all): hypotheses, not records of the sources.
    pub proposed: Vec<String>,
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
            && self.milestones.is_empty()
    }
}

/// The links of a slice by the ids of the pair of actors they connect (in id order), each
/// pair's links in the slice's order.
fn by_pair<'g>(
    graph: &'g TemporalGraph,
    links: &[EdgeIndex],
) -> BTreeMap<(&'g str, &'g str), Vec<EdgeIndex>> {
    let mut pairs: BTreeMap<(&str, &str), Vec<EdgeIndex>> = BTreeMap::new();
    for &e in links {
        let (a, b) = graph.endpoints(e);
        let (a, b) = (graph.actor(a).id.as_str(), graph.actor(b).id.as_str());
        pairs.entry((a.min(b), a.max(b))).or_default().push(e);
    }
    pairs
}

/// The ids of a slice's links.
fn link_ids(graph: &TemporalGraph, links: &[EdgeIndex]) -> BTreeSet<String> {
    links.iter().map(|&e| graph.link(e).id()).collect()
}

/// The changes from year `from` to year `to`, comparing the two year slices.
///
/// A link is identified by its id (`from/kind/to/start`), an actor by its id; a renamed actor is
/// one active in both years whose name in use differs. A pair of actors "changed" when it is
/// connected in both years but the set of links between them differs (a kind added or dropped).
/// Every list is in id order. O((A + L) log(A + L)).
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
    diff_slices((graph, &before), (graph, &after))
}

/// The changes from one year's slice to another's, each in its own graph: the same dataset
/// without and with a scenario, say, or slices filtered by confidence ([`crate::filter`]).
/// Records are matched by id across the two graphs. The slices' scopes must be years (a
/// window's last year is taken otherwise).
pub fn diff_slices(
    (g1, before): (&TemporalGraph, &Slice),
    (g2, after): (&TemporalGraph, &Slice),
) -> Diff {
    let year = |s: &Slice| s.scope.naming_year().unwrap_or_default();
    let (from, to) = (year(before), year(after));
    let actor_ids = |g: &'_ TemporalGraph, s: &Slice| -> BTreeSet<String> {
        s.actors.iter().map(|&n| g.actor(n).id.clone()).collect()
    };
    let (actors_before, actors_after) = (actor_ids(g1, before), actor_ids(g2, after));
    let renamed = before
        .actors
        .iter()
        .filter_map(|&n| {
            let a = g1.actor(n);
            let m = g2.node(&a.id).filter(|m| after.actors.binary_search(m).is_ok())?;
            let (x, y) = (a.name_in(from), g2.actor(m).name_in(to));
            (x != y).then(|| Renamed { id: a.id.clone(), before: x.into(), after: y.into() })
        })
        .collect();
    let (pairs_before, pairs_after) = (by_pair(g1, &before.links), by_pair(g2, &after.links));
    let changed: Vec<PairChange> = pairs_before
        .iter()
        .filter_map(|(&(a, b), x)| {
            let y = pairs_after.get(&(a, b))?;
            (link_ids(g1, x) != link_ids(g2, y)).then(|| PairChange {
                actors: [a.to_string(), b.to_string()],
                before: x.iter().map(|&e| LinkRef::new(g1, e)).collect(),
                after: y.iter().map(|&e| LinkRef::new(g2, e)).collect(),
            })
        })
        .collect();
    // Milestones by what they are, those the first year knew left out.
    let known: BTreeSet<_> = g1
        .milestones()
        .iter()
        .filter(|m| m.year <= from)
        .map(|m| (m.year, &m.actor, &m.title))
        .collect();
    let milestones = g2
        .milestones()
        .iter()
        .filter(|m| m.year <= to && !known.contains(&(m.year, &m.actor, &m.title)))
        .map(|m| NewMilestone {
            year: m.year,
            actor: m.actor.clone(),
            title: m.title.clone(),
            place: m.place.clone(),
            related: m.related.clone(),
            figures: m.figures.clone(),
            citations: Cite::all(g2, &m.citations),
            note: m.note.clone(),
        })
        .collect();
    let (links_before, links_after) = (link_ids(g1, &before.links), link_ids(g2, &after.links));
    let only = |g: &TemporalGraph, links: &[EdgeIndex], other: &BTreeSet<String>| {
        links
            .iter()
            .filter(|&&e| !other.contains(&g.link(e).id()))
            .map(|&e| LinkRef::new(g, e))
            .collect()
    };
    Diff {
        from,
        to,
        scenarios: DiffScenarios { from: g1.scenarios().to_vec(), to: g2.scenarios().to_vec() },
        horizon: g2.horizon(),
        actors: ActorChanges {
            appeared: after
                .actors
                .iter()
                .filter(|&&n| !actors_before.contains(&g2.actor(n).id))
                .map(|&n| ActorRef::new(g2, n, Some(to)))
                .collect(),
            disappeared: before
                .actors
                .iter()
                .filter(|&&n| !actors_after.contains(&g1.actor(n).id))
                .map(|&n| ActorRef::new(g1, n, Some(from)))
                .collect(),
            proposed: after
                .actors
                .iter()
                .map(|&n| &g2.actor(n).id)
                .filter(|id| !actors_before.contains(*id) && g1.node(id).is_none())
                .cloned()
                .collect(),
            renamed,
        },
        links: LinkChanges {
            appeared: only(g2, &after.links, &links_before),
            disappeared: only(g1, &before.links, &links_after),
            changed,
        },
        milestones,
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
