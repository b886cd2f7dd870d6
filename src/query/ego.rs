//! The ego network of an actor: the actors within some number of links of it in a slice, and
//! every link among them, as a [`Slice`] that any exporter can write.

use super::require_active;
use crate::error::Result;
use crate::graph::{Scope, Slice, TemporalGraph};
use petgraph::graph::NodeIndex;

/// The ego network of `focus` in the slice `scope` selects: the actors at most `depth` links
/// away from it (links taken both ways), and every link of the slice among them, so that links
/// between two neighbours are kept too (as networkx's `ego_graph` does). Depth 0 keeps the actor
/// alone. Both lists are in id order, like any slice. O(A + L).
///
/// # Errors
/// [`crate::Error::Inactive`] when `focus` is not active in `scope`.
///
/// ```
/// use mesograph::{Format, Scope, TemporalGraph, export, load, query};
///
/// let graph = TemporalGraph::new(load(None)?);
/// let genci = graph.find("GENCI")?;
/// let ego = query::ego(&graph, genci, Scope::Year(2014), 1)?;
/// assert!(ego.actors.contains(&genci) && ego.actors.len() < graph.slice(Scope::Year(2014)).actors.len());
/// let dot = export(&graph, &ego, Format::Dot)?;
/// assert!(String::from_utf8_lossy(&dot).contains("SiMSEO"));
/// # Ok::<(), mesograph::Error>(())
/// ```
pub fn ego(graph: &TemporalGraph, focus: NodeIndex, scope: Scope, depth: usize) -> Result<Slice> {
    require_active(graph, focus, scope)?;
    let slice = graph.slice(scope);
    let count = graph.graph().node_count();
    let mut adjacency: Vec<Vec<NodeIndex>> = vec![vec![]; count];
    for &e in &slice.links {
        let (a, b) = graph.endpoints(e);
        adjacency[a.index()].push(b);
        adjacency[b.index()].push(a);
    }
    let mut inside = vec![false; count];
    inside[focus.index()] = true;
    let mut ring = vec![focus];
    for _ in 0..depth {
        let mut next = vec![];
        for &u in &ring {
            for &v in &adjacency[u.index()] {
                if !inside[v.index()] {
                    inside[v.index()] = true;
                    next.push(v);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        ring = next;
    }
    let actors = slice.actors.iter().copied().filter(|n| inside[n.index()]).collect();
    let links = slice
        .links
        .iter()
        .copied()
        .filter(|&e| {
            let (a, b) = graph.endpoints(e);
            inside[a.index()] && inside[b.index()]
        })
        .collect();
    Ok(Slice { scope, actors, links })
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{graph, n};
    use super::*;

    /// A chain a → b → c → d, a link b–e between neighbours of c (no), and a triangle a, b, f.
    fn sample() -> TemporalGraph {
        graph(
            &[
                ("a", 2000, None),
                ("b", 2000, None),
                ("c", 2000, None),
                ("d", 2000, None),
                ("f", 2000, Some(2003)),
            ],
            &[
                ("a", "funds", "b", 2000, None),
                ("b", "hosts", "c", 2000, None),
                ("c", "hosts", "d", 2000, None),
                ("f", "member_of", "a", 2000, None),
                ("f", "member_of", "b", 2000, None),
            ],
        )
    }

    fn ids(g: &TemporalGraph, s: &Slice) -> (Vec<String>, usize) {
        (s.actors.iter().map(|&a| g.actor(a).id.clone()).collect(), s.links.len())
    }

    #[test]
    fn depth_and_links_among_neighbours() {
        let g = sample();
        let a = n(&g, "a");
        let one = ego(&g, a, Scope::Year(2003), 1).unwrap();
        // f–b joins two neighbours of a: kept.
        assert_eq!(ids(&g, &one), (vec!["a".into(), "b".into(), "f".into()], 3));
        let two = ego(&g, a, Scope::Year(2003), 2).unwrap();
        assert_eq!(ids(&g, &two), (vec!["a".into(), "b".into(), "c".into(), "f".into()], 4));
        let zero = ego(&g, a, Scope::Year(2003), 0).unwrap();
        assert_eq!(ids(&g, &zero), (vec!["a".into()], 0));
        // f's last year is 2003: gone in 2004.
        let later = ego(&g, a, Scope::Year(2004), 1).unwrap();
        assert_eq!(ids(&g, &later), (vec!["a".into(), "b".into()], 1));
    }

    #[test]
    fn an_inactive_focus_is_an_error() {
        let g = sample();
        assert!(ego(&g, n(&g, "f"), Scope::Year(2004), 1).is_err());
        assert!(ego(&g, n(&g, "f"), Scope::All, 1).is_ok());
    }
}
