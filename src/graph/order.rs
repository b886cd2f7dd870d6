//! The orders the graph holds its records in: actors by id, links by id (a key of small
//! integers where ids allow it), and moving records into an order in place.

use crate::dataset::ends::Ends;
use crate::memory::prefetch;
use crate::model::{Actor, Link, LinkKind, Vocabulary};
use rustc_hash::FxHashMap;
use std::cmp::Ordering;

/// The positions of `actors` in id order (equal ids in the order read). Each id's first 16
/// bytes are compared as one integer, and only ids that share them are compared whole: sorting
/// by the ids themselves went through each actor to its string at every comparison, a cache
/// miss in a large dataset (see docs/performance.md, "Building the graph").
pub(super) fn id_order(actors: &[Actor]) -> Vec<usize> {
    // Zero-padded: where two prefixes differ, so do the ids, in the same order.
    let prefix = |id: &str| {
        let mut bytes = [0u8; 16];
        let n = id.len().min(16);
        bytes[..n].copy_from_slice(&id.as_bytes()[..n]);
        u128::from_be_bytes(bytes)
    };
    let mut keyed: Vec<(u128, usize)> =
        actors.iter().enumerate().map(|(i, a)| (prefix(&a.id), i)).collect();
    keyed.sort_unstable();
    let mut start = 0;
    while start < keyed.len() {
        let end = start + keyed[start..].iter().take_while(|k| k.0 == keyed[start].0).count();
        if end - start > 1 {
            keyed[start..end]
                .sort_by(|x, y| actors[x.1].id.cmp(&actors[y.1].id).then(x.1.cmp(&y.1)));
        }
        start = end;
    }
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// Compares `a/` with `b/` as byte strings without building them: the order of ids such as
/// `from/kind/to/start` is decided by their first segment followed by its separator.
fn cmp_segment(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len().min(b.len());
    a[..n].cmp(&b[..n]).then_with(|| {
        let (x, y) = (a.get(n).copied().unwrap_or(b'/'), b.get(n).copied().unwrap_or(b'/'));
        x.cmp(&y).then(a.len().cmp(&b.len()))
    })
}

/// The order of `links` (each with the sorted-actor index of its endpoints) by [`Link::id`].
///
/// Formatting every id to sort them is slow for many links (see docs/performance.md, "Building
/// the graph"); instead the actors and kinds are ranked once in `id/` order and links are sorted by
/// packed integer keys, which gives exactly the order of the id strings when no actor id contains
/// `/`, every start has four digits and every kind is of the vocabulary (always true of a validated
/// dataset). Otherwise it falls back to the strings.
pub(super) fn link_order(
    vocabulary: &Vocabulary,
    actors: &[Actor],
    links: &[Link],
    ends: &[Ends],
    chosen: Option<&[usize]>,
) -> Vec<usize> {
    // A start of four digits, and a kind of the vocabulary (ranked below).
    let keyed = |l: &Link| (1000..=9999).contains(&l.start) && vocabulary.knows_link(l.kind);
    let simple = actors.iter().all(|a| !a.id.contains('/'))
        && vocabulary.link_kinds().len() <= 256
        && chosen.map_or_else(
            || links.iter().all(keyed),
            |chosen| chosen.iter().all(|&i| keyed(&links[i])),
        )
        && actors.len() < u32::MAX as usize
        && links.len() < 1 << 40;
    if !simple {
        let mut order: Vec<usize> =
            chosen.map_or_else(|| (0..links.len()).collect(), <[_]>::to_vec);
        // Stable: links with equal ids (only in a dataset not validated) keep their order.
        order.sort_by_cached_key(|&i| links[i].id());
        return order;
    }
    let mut by_segment: Vec<u32> = (0..actors.len() as u32).collect();
    by_segment.sort_by(|&a, &b| cmp_segment(&actors[a as usize].id, &actors[b as usize].id));
    let mut rank = vec![0u32; actors.len()];
    for (r, &a) in by_segment.iter().enumerate() {
        rank[a as usize] = r as u32;
    }
    let mut kinds: Vec<LinkKind> = vocabulary.link_kinds().to_vec();
    kinds.sort_by(|a, b| cmp_segment(a.as_str(), b.as_str()));
    let mut kind_rank = vec![0u8; kinds.len()];
    for (r, k) in kinds.iter().enumerate() {
        kind_rank[k.rank()] = r as u8;
    }
    let key = |i: usize| {
        let (l, e) = (&links[i], ends[i]);
        (u128::from(rank[e.from.index()]) << 96)
            | (u128::from(kind_rank[l.kind.rank()]) << 88)
            | (u128::from(rank[e.to.index()]) << 56)
            | (u128::from(l.start as u16) << 40)
            | i as u128
    };
    let mut keys: Vec<u128> = match chosen {
        Some(chosen) => chosen.iter().map(|&i| key(i)).collect(),
        None => (0..links.len()).map(key).collect(),
    };
    keys.sort_unstable();
    keys.into_iter().map(|k| (k & 0xff_ffff_ffff) as usize).collect()
}

/// Reorders `items` in place so that position `i` holds the item that was at `order[i]`
/// (`order` is a permutation of the positions).
///
/// Each cycle of the permutation is walked first, then its items move one step along it: the
/// moves of a cycle no longer wait on each other's cache misses, and the next items are
/// fetched ahead, so that a large vector of links is not moved one cache miss at a time (see
/// docs/performance.md, "Building the graph").
pub(super) fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    const AHEAD: usize = 8;
    let mut cycle = Vec::new();
    for start in 0..order.len() {
        if order[start] == start {
            continue;
        }
        cycle.clear();
        let mut i = start;
        loop {
            cycle.push(i);
            let next = order[i];
            order[i] = i;
            if next == start {
                break;
            }
            i = next;
        }
        for t in 1..cycle.len() {
            if let Some(&ahead) = cycle.get(t + AHEAD) {
                prefetch(&items[ahead]);
            }
            items.swap(cycle[t - 1], cycle[t]);
        }
    }
}

/// Moves the items at the distinct positions `chosen` to the front of `items`, in that order;
/// the others fill the rest in an order that depends only on `chosen`. For a graph built for
/// a scope ([`TemporalGraph::new_within`]): a year holds a few percent of the links, and
/// [`permute`] would move them all. O(chosen) swaps.
pub(super) fn gather_front<T>(items: &mut [T], chosen: &[usize]) {
    const AHEAD: usize = 8;
    // Where each chosen item is now, and which chosen item not yet placed is at a position.
    let mut now: Vec<usize> = chosen.to_vec();
    let mut waiting: FxHashMap<usize, usize> =
        chosen.iter().enumerate().map(|(rank, &at)| (at, rank)).collect();
    for j in 0..chosen.len() {
        if let Some(&ahead) = now.get(j + AHEAD) {
            prefetch(&items[ahead]);
        }
        let at = now[j];
        waiting.remove(&at);
        if at != j {
            items.swap(j, at);
            // The item that was at `j` is now at `at`: if it is a chosen one, remember it.
            if let Some(rank) = waiting.remove(&j) {
                now[rank] = at;
                waiting.insert(at, rank);
            }
        }
    }
}
