//! The actors at both ends of each link, by index: found once (while parsing, checking or
//! building) and shared by the checks and the graph.

use crate::memory::{prefetch, threads};
use crate::model::{Interned, Lifetime, Link};
use rustc_hash::FxHashMap;

/// The index of an actor in a dataset's list of actors, or [`ActorIx::NONE`] for an id that
/// names no actor. One `u32` (`u32::MAX` for none), not an `Option`: the ends of millions of
/// links are held at once, 8 bytes a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct ActorIx(u32);

impl ActorIx {
    /// No actor: the id is not among the actors.
    pub(crate) const NONE: ActorIx = ActorIx(u32::MAX);

    /// The actor at `index` (below `u32::MAX`: a dataset holds fewer actors).
    pub(crate) fn new(index: usize) -> ActorIx {
        debug_assert!(index < u32::MAX as usize);
        ActorIx(index as u32)
    }

    /// The index of an actor known to be there (the ends of links whose actors are all found):
    /// [`ActorIx::NONE`] gives an index past every list of actors.
    #[inline(always)]
    pub(crate) fn index(self) -> usize {
        self.0 as usize
    }

    /// The index, `None` for [`ActorIx::NONE`].
    #[inline(always)]
    pub(crate) fn get(self) -> Option<usize> {
        (self != ActorIx::NONE).then_some(self.0 as usize)
    }
}

/// No actor, as an empty slot holds.
impl Default for ActorIx {
    fn default() -> ActorIx {
        ActorIx::NONE
    }
}

/// The actors at the two ends of a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Ends {
    /// The actor the link goes from.
    pub(crate) from: ActorIx,
    /// The actor it goes to.
    pub(crate) to: ActorIx,
}

impl Ends {
    /// The ends of a link one of whose actors is missing, as the graph marks it (both none).
    pub(crate) const MISSING: Ends = Ends { from: ActorIx::NONE, to: ActorIx::NONE };

    /// Both ends' indices, `None` when either names no actor.
    #[inline(always)]
    pub(crate) fn both(self) -> Option<(usize, usize)> {
        Some((self.from.get()?, self.to.get()?))
    }

    /// These ends, or [`Ends::MISSING`] when either names no actor.
    pub(crate) fn or_missing(self) -> Ends {
        if self.both().is_some() { self } else { Ends::MISSING }
    }
}

/// How many links ahead the actors' years of a link's ends are asked for.
pub(crate) const AHEAD: usize = 16;

/// Asks for the years of both ends of a link (`None`: past the last link; an end without an
/// actor is skipped).
#[inline(always)]
pub(crate) fn prefetch_ends(lives: &[Lifetime], ends: Option<&Ends>) {
    if let Some(ends) = ends {
        for k in [ends.from, ends.to] {
            if let Some(life) = k.get().and_then(|k| lives.get(k)) {
                prefetch(life);
            }
        }
    }
}

/// The indices of the actors at both ends of each link, as `find` gives them by id
/// ([`ActorIx::NONE`] where it finds none), on two threads from `parallel_from` links on. Equal ids
/// parsed on one thread share their string, so each is looked up once by string and then by
/// address: in a large dataset each string lookup is a cache miss (see docs/performance.md,
/// "Checking"). (The loader finds them while parsing, in the lookup that interning
/// does anyway; this is for datasets made otherwise.)
pub(crate) fn link_ends(
    find: impl Fn(&str) -> Option<usize> + Sync,
    links: &[Link],
    parallel_from: usize,
) -> Vec<Ends> {
    let part = |links: &[Link]| -> Vec<Ends> {
        let mut known: FxHashMap<usize, ActorIx> = FxHashMap::default();
        let mut endpoint = |id: &Interned| -> ActorIx {
            if let Some(&n) = known.get(&id.addr()) {
                return n;
            }
            let n = find(id.as_str()).map_or(ActorIx::NONE, ActorIx::new);
            known.insert(id.addr(), n);
            n
        };
        links.iter().map(|l| Ends { from: endpoint(&l.from), to: endpoint(&l.to) }).collect()
    };
    if links.len() < parallel_from || threads() < 2 {
        return part(links);
    }
    let (head, tail) = links.split_at(links.len() / 2);
    std::thread::scope(|scope| {
        let tail = scope.spawn(|| part(tail));
        let mut found = Vec::with_capacity(links.len());
        found.extend(part(head));
        found.extend(tail.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        found
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ends(from: Option<usize>, to: Option<usize>) -> Ends {
        let ix = |k: Option<usize>| k.map_or(ActorIx::NONE, ActorIx::new);
        Ends { from: ix(from), to: ix(to) }
    }

    #[test]
    fn both_ends_are_known_or_the_link_is_missing_an_actor() {
        assert_eq!(ActorIx::new(7).get(), Some(7));
        assert_eq!(ActorIx::NONE.get(), None);
        assert_eq!(ends(Some(0), Some(2)).both(), Some((0, 2)));
        assert_eq!(ends(Some(3), Some(3)).or_missing(), ends(Some(3), Some(3)));
        for missing in [ends(None, Some(1)), ends(Some(1), None), ends(None, None)] {
            assert_eq!(missing.both(), None);
            assert_eq!(missing.or_missing(), Ends::MISSING);
        }
        // As cheap as the two indices it holds: millions of links keep their ends.
        assert_eq!(std::mem::size_of::<Ends>(), 8);
    }

    #[test]
    fn asking_for_the_years_of_ends_ahead_skips_missing_actors_and_the_end_of_the_links() {
        let lives = vec![Lifetime { start: 2000, end: None }; 3];
        // Ends past the actors, a missing one, and no link at all: nothing is read.
        let cases = [ends(Some(0), Some(2)), ends(None, Some(1)), ends(Some(3), None)];
        for e in cases.iter().map(Some).chain([None]) {
            prefetch_ends(&lives, e);
        }
        prefetch_ends(&[], Some(&ends(Some(0), Some(0))));
    }
}
