//! What a slice keeps beyond its years: the kinds of actors and links a reader asked for, the
//! confidence of the links, and whether actors left without a link are shown. Pictures, exports
//! and analyses share this one filter, so that "without people" means the same everywhere.
//!
//! ```
//! use mesograph::{Filter, Scope, load_graph};
//!
//! let graph = load_graph(None)?;
//! // The 2012 landscape without people, and without the actors that then have no link.
//! let person = graph.vocabulary().actor_kind("person").expect("a built-in kind");
//! let filter = Filter {
//!     without_actor_kinds: vec![person],
//!     hide_isolated: true,
//!     ..Filter::default()
//! };
//! let kept = filter.apply(&graph, graph.slice(Scope::Year(2012)));
//! assert!(kept.slice.actors.iter().all(|&n| graph.actor(n).kind.as_str() != "person"));
//! assert!(kept.slice.actors.len() < graph.slice(Scope::Year(2012)).actors.len());
//! # Ok::<(), mesograph::Error>(())
//! ```

use crate::graph::{Slice, TemporalGraph};
use crate::model::{Actor, ActorKind, Confidence, Link, LinkKind};

/// What to keep of a slice. The default keeps everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Keep only actors of these kinds (empty: every kind).
    pub actor_kinds: Vec<ActorKind>,
    /// Leave out actors of these kinds, and their links.
    pub without_actor_kinds: Vec<ActorKind>,
    /// Keep only links of these kinds (empty: every kind).
    pub link_kinds: Vec<LinkKind>,
    /// Leave out links of these kinds.
    pub without_link_kinds: Vec<LinkKind>,
    /// Keep only links of these confidences (empty: every confidence).
    pub confidence: Vec<Confidence>,
    /// Leave out the actors that no kept link reaches.
    pub hide_isolated: bool,
}

/// The links a [`Filter`] left out for their confidence alone (their kind and both ends were
/// kept), so that an analysis can say what it did not count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct LeftOut {
    /// Stated links left out.
    pub stated: usize,
    /// Inferred links left out.
    pub inferred: usize,
    /// Proposed links left out.
    pub proposed: usize,
}

impl LeftOut {
    /// The number left out of one confidence.
    pub fn of(&self, confidence: Confidence) -> usize {
        match confidence {
            Confidence::Stated => self.stated,
            Confidence::Inferred => self.inferred,
            Confidence::Proposed => self.proposed,
        }
    }

    /// How many links were left out in all.
    pub fn total(&self) -> usize {
        self.stated + self.inferred + self.proposed
    }

    /// Counts one more link of this confidence left out.
    pub fn count(&mut self, confidence: Confidence) {
        match confidence {
            Confidence::Stated => self.stated += 1,
            Confidence::Inferred => self.inferred += 1,
            Confidence::Proposed => self.proposed += 1,
        }
    }
}

/// A slice after a [`Filter`], and what the filter left out for confidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filtered {
    /// What is kept, each list still in id order.
    pub slice: Slice,
    /// The links left out for their confidence.
    pub left_out: LeftOut,
}

impl Filter {
    /// Whether the filter keeps everything (nothing to do).
    pub fn keeps_everything(&self) -> bool {
        *self == Filter::default()
    }

    /// Whether an actor of this kind is kept.
    pub fn keeps_actor(&self, actor: &Actor) -> bool {
        (self.actor_kinds.is_empty() || self.actor_kinds.contains(&actor.kind))
            && !self.without_actor_kinds.contains(&actor.kind)
    }

    /// Whether a link of this kind is kept (its ends aside).
    pub fn keeps_link_kind(&self, link: &Link) -> bool {
        (self.link_kinds.is_empty() || self.link_kinds.contains(&link.kind))
            && !self.without_link_kinds.contains(&link.kind)
    }

    /// Whether a link of this confidence is kept.
    pub fn keeps_confidence(&self, confidence: Confidence) -> bool {
        self.confidence.is_empty() || self.confidence.contains(&confidence)
    }

    /// What `slice` keeps under the filter: the actors of the kinds kept, the links of the
    /// kinds and confidences kept whose two ends are kept, then, with `hide_isolated`, only the
    /// actors those links reach. O(A + L) over the slice.
    pub fn apply(&self, graph: &TemporalGraph, slice: Slice) -> Filtered {
        let mut left_out = LeftOut::default();
        if self.keeps_everything() {
            return Filtered { slice, left_out };
        }
        let Slice { scope, mut actors, mut links } = slice;
        actors.retain(|&n| self.keeps_actor(graph.actor(n)));
        let mut kept = vec![false; graph.graph().node_count()];
        for &n in &actors {
            kept[n.index()] = true;
        }
        links.retain(|&e| {
            let (a, b) = graph.endpoints(e);
            let link = graph.link(e);
            if !(kept[a.index()] && kept[b.index()] && self.keeps_link_kind(link)) {
                return false;
            }
            let keep = self.keeps_confidence(link.confidence);
            if !keep {
                left_out.count(link.confidence);
            }
            keep
        });
        if self.hide_isolated {
            let mut linked = vec![false; kept.len()];
            for &e in &links {
                let (a, b) = graph.endpoints(e);
                linked[a.index()] = true;
                linked[b.index()] = true;
            }
            actors.retain(|n| linked[n.index()]);
        }
        Filtered { slice: Slice { scope, actors, links }, left_out }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Scope;
    use crate::model::Dataset;
    use serde_json::json;

    /// a (agency) -funds-> b (person), stated; a -coordinates-> c (agency), proposed;
    /// d (agency) alone.
    fn graph() -> TemporalGraph {
        let cite = json!([{"source": "deck", "locator": "x"}]);
        let actor = |id: &str, kind: &str| {
            serde_json::from_value(json!({"id": id, "name": id, "kind": kind, "start": 2000,
                "citations": cite}))
            .unwrap()
        };
        let link = |from: &str, kind: &str, to: &str, confidence: &str| {
            serde_json::from_value(json!({"from": from, "to": to, "kind": kind, "start": 2000,
                "confidence": confidence, "note": "n", "citations": cite}))
            .unwrap()
        };
        TemporalGraph::new(Dataset {
            name: "t".into(),
            actors: vec![
                actor("a", "agency"),
                actor("b", "person"),
                actor("c", "agency"),
                actor("d", "agency"),
            ],
            links: vec![
                link("a", "funds", "b", "stated"),
                link("a", "coordinates", "c", "proposed"),
            ],
            ..Dataset::default()
        })
    }

    fn ids(g: &TemporalGraph, f: &Filtered) -> (Vec<String>, Vec<String>) {
        (
            f.slice.actors.iter().map(|&n| g.actor(n).id.clone()).collect(),
            f.slice.links.iter().map(|&e| g.link(e).id()).collect(),
        )
    }

    #[test]
    fn the_default_keeps_everything() {
        let g = graph();
        let slice = g.slice(Scope::Year(2000));
        let f = Filter::default().apply(&g, slice.clone());
        assert_eq!(f.slice, slice);
        assert_eq!(f.left_out.total(), 0);
    }

    #[test]
    fn leaving_out_a_kind_of_actor_takes_its_links_along() {
        let g = graph();
        let filter = Filter { without_actor_kinds: vec![ActorKind::Person], ..Filter::default() };
        let (actors, links) = ids(&g, &filter.apply(&g, g.slice(Scope::Year(2000))));
        assert_eq!(actors, ["a", "c", "d"]);
        assert_eq!(links, ["a/coordinates/c/2000"]);
        let only = Filter { actor_kinds: vec![ActorKind::Person], ..Filter::default() };
        assert_eq!(ids(&g, &only.apply(&g, g.slice(Scope::All))), (vec!["b".into()], vec![]));
    }

    #[test]
    fn link_kinds_confidence_and_isolated_actors() {
        let g = graph();
        let filter = Filter {
            confidence: vec![Confidence::Stated, Confidence::Inferred],
            hide_isolated: true,
            ..Filter::default()
        };
        let f = filter.apply(&g, g.slice(Scope::All));
        assert_eq!(ids(&g, &f), (vec!["a".into(), "b".into()], vec!["a/funds/b/2000".into()]));
        assert_eq!(f.left_out, LeftOut { proposed: 1, ..LeftOut::default() });
        // A link left out for its kind is not counted as left out for its confidence.
        let filter = Filter {
            without_link_kinds: vec![LinkKind::Coordinates],
            confidence: vec![Confidence::Stated],
            ..Filter::default()
        };
        let f = filter.apply(&g, g.slice(Scope::All));
        assert_eq!(ids(&g, &f).1, ["a/funds/b/2000"]);
        assert_eq!(f.left_out.total(), 0);
        let only = Filter { link_kinds: vec![LinkKind::Coordinates], ..Filter::default() };
        assert_eq!(ids(&g, &only.apply(&g, g.slice(Scope::All))).1, ["a/coordinates/c/2000"]);
    }
}
