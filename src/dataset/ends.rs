//! The actors at both ends of each link, by index: found once (while parsing, checking or
//! building) and shared by the checks and the graph.

use crate::interned::UNTAGGED;
use crate::memory::{prefetch, threads};
use crate::model::{Interned, Lifetime, Link};
use rustc_hash::FxHashMap;

/// How many links ahead the actors' years of a link's ends are asked for.
pub(crate) const AHEAD: usize = 16;

/// Asks for the years of both ends of a link (`None`: past the last link; an end without an
/// actor is skipped).
#[inline(always)]
pub(crate) fn prefetch_ends(lives: &[Lifetime], ends: Option<&(u32, u32)>) {
    if let Some(&(a, b)) = ends {
        for k in [a, b] {
            if let Some(life) = lives.get(k as usize) {
                prefetch(life);
            }
        }
    }
}

/// The ends of a link one of whose actors is missing.
pub(crate) const MISSING: (u32, u32) = (UNTAGGED, UNTAGGED);

/// The indices of the actors at both ends of each link, as `find` gives them by id
/// ([`UNTAGGED`] where it finds none), on two threads from `parallel_from` links on. Equal ids
/// parsed on one thread share their string, so each is looked up once by string and then by
/// address: in a large dataset each string lookup is a cache miss (see docs/performance.md,
/// "Checking"). (The loader finds them while parsing, in the lookup that interning
/// does anyway; this is for datasets made otherwise.)
pub(crate) fn link_ends(
    find: impl Fn(&str) -> Option<u32> + Sync,
    links: &[Link],
    parallel_from: usize,
) -> Vec<(u32, u32)> {
    let part = |links: &[Link]| -> Vec<(u32, u32)> {
        let mut known: FxHashMap<usize, u32> = FxHashMap::default();
        let mut endpoint = |id: &Interned| -> u32 {
            if let Some(&n) = known.get(&id.addr()) {
                return n;
            }
            let n = find(id.as_str()).unwrap_or(UNTAGGED);
            known.insert(id.addr(), n);
            n
        };
        links.iter().map(|l| (endpoint(&l.from), endpoint(&l.to))).collect()
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
