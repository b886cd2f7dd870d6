//! The checks of the links: their actors, identities (a link given twice), years within their
//! actors' lives, and successions that run one way; on several threads for many links.

use super::{Checker, path};
use crate::dataset::ends::{AHEAD, ActorIx, Ends, prefetch_ends};
use crate::dataset::{DataFile, Pending};
use crate::locate::Step;
use crate::model::{Confidence, Interned, Lifetime, LinkKind, Vocabulary, Year};
use rustc_hash::FxHashMap;

impl<'d> Checker<'d> {
    /// [`Checker::actor_at`] for a link's endpoint `id`, whose index `k` is known already
    /// ([`ActorIx::NONE`]: no actor has that id).
    fn endpoint(
        &mut self,
        file: DataFile,
        at: impl FnOnce() -> Vec<Step>,
        field: &str,
        id: &Interned,
        k: ActorIx,
    ) -> Option<usize> {
        let Some(k) = k.get() else {
            return self.actor_at(file, at, field, id);
        };
        let life = self.lives[k];
        life.end.is_none_or(|e| e >= life.start).then_some(k)
    }

    /// The links, on several threads when there are many: checking a link is a handful of
    /// lookups in memory far apart, which threads wait for side by side (see
    /// docs/performance.md, "Two cores" under "Parsing"). Each thread checks a contiguous part; a
    /// link identity seen in an earlier part is then reported as a duplicate where it first appears
    /// in its own part, exactly as one pass would report it.
    pub(super) fn links(&mut self, ends: &[Ends]) {
        let n = self.dataset.links.len();
        let threads = if n < self.parallel_from { 1 } else { crate::memory::threads().min(4) };
        let parts: Vec<std::ops::Range<usize>> =
            (0..threads).map(|t| n * t / threads..n * (t + 1) / threads).collect();
        let results: Vec<(Vec<Pending>, Seen<'d>)> = if threads == 1 {
            let seen = self.links_range(0..n, ends);
            vec![(std::mem::take(&mut self.out), seen)]
        } else {
            let workers: Vec<Checker<'d>> =
                parts.iter().map(|_| Checker { out: Vec::new(), ..self.clone() }).collect();
            std::thread::scope(|scope| {
                let handles: Vec<_> = workers
                    .into_iter()
                    .zip(parts.iter().cloned())
                    .map(|(mut c, range)| {
                        scope.spawn(move || {
                            let seen = c.links_range(range, ends);
                            (c.out, seen)
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                    .collect()
            })
        };
        let mut earlier: Vec<ByName<'d>> = Vec::with_capacity(results.len());
        let mut duplicates = Vec::new();
        let mut keys: Vec<IdentityKey> = Vec::new();
        for (out, seen) in results {
            self.out.extend(out);
            for (key, &i) in &seen.by_name {
                if let Some(&first) = earlier.iter().find_map(|e| e.get(key)) {
                    duplicates.push((i as usize, first as usize));
                }
            }
            earlier.push(seen.by_name);
            if keys.is_empty() {
                keys = seen.by_index;
            } else {
                keys.extend(seen.by_index);
            }
        }
        // Each part is sorted, and a stable sort merges sorted runs in one pass.
        keys.sort();
        // The first link of each run of equal identities is the one the others repeat.
        let mut first = 0;
        for (k, pair) in keys.windows(2).enumerate() {
            if (pair[0].0, pair[0].1) == (pair[1].0, pair[1].1) {
                duplicates.push((pair[1].2 as usize, keys[first].2 as usize));
            } else {
                first = k + 1;
            }
        }
        drop(keys);
        duplicates.sort_unstable();
        for (i, first) in duplicates {
            let l = &self.dataset.links[i];
            self.report_duplicate(
                DataFile::Links,
                path("links", i, &["kind"]),
                path("links", first, &["kind"]),
                format!("duplicate link {}", l.id()),
            );
        }
    }

    /// Checks the links in `range`, and returns where each link identity was first seen.
    fn links_range(&mut self, range: std::ops::Range<usize>, ends: &[Ends]) -> Seen<'d> {
        let f = DataFile::Links;
        let data = self.dataset;
        // Link identity (`from/kind/to/start`) as small integers once both actors are known,
        // by strings otherwise: formatting and hashing every id is slow for many links (see
        // docs/performance.md, "Building the graph").
        let mut seen = Seen::default();
        seen.by_index.reserve(range.len());
        for (i, l) in data.links.iter().enumerate().skip(range.start).take(range.len()) {
            prefetch_ends(&self.lives, ends.get(i + AHEAD));
            let e = ends[i];
            let a = self.endpoint(f, || path("links", i, &["from"]), "from", &l.from, e.from);
            let b = self.endpoint(f, || path("links", i, &["to"]), "to", &l.to, e.to);
            let from = a.map(|k| self.lives[k]);
            let to = b.map(|k| self.lives[k]);
            // Two known ends are the same actor when they have the same index (an id has one),
            // which spares reading both strings: at 10⁶ actors, two trips to memory per link.
            let itself = if e.both().is_some() { e.from == e.to } else { l.from == l.to };
            if itself {
                self.report(
                    f,
                    path("links", i, &["to"]),
                    format!("link from \"{}\" to itself", l.from),
                );
            }
            let kind_rank = link_rank(&data.vocabulary, l.kind);
            if kind_rank.is_none() && !self.unparsed.vocabulary_unreadable {
                let message = data.vocabulary.unknown_link_kind(l.kind.as_str());
                self.report(f, path("links", i, &["kind"]), message);
            }
            self.years(f, "links", i, l.start, l.end);
            let life = l.lifetime();
            for (id, actor_life) in [(&l.from, from), (&l.to, to)] {
                if let Some(actor_life) = actor_life {
                    // An open end means "as long as both actors live", so it is clipped, not
                    // an error; a stated end must fall within the actor's life.
                    let clipped = Lifetime { start: l.start, end: l.end.or(actor_life.end) };
                    if l.end.is_none_or(|e| e >= l.start) && !clipped.within(&actor_life) {
                        let message = format!(
                            "link {} ({}) is active outside the lifetime of \"{}\" ({})",
                            l.id(),
                            life,
                            id,
                            actor_life
                        );
                        self.report(f, path("links", i, &["start"]), message);
                    }
                }
            }
            match (a, b) {
                (Some(a), Some(b)) if kind_rank.is_some() => {
                    let kind = kind_rank.unwrap_or_default();
                    seen.by_index.push(identity_key(a, b, kind, l.start, i));
                }
                _ => {
                    use std::collections::hash_map::Entry;
                    match seen.by_name.entry((&l.from, l.kind, &l.to, l.start)) {
                        Entry::Occupied(first) => {
                            let first = path("links", *first.get() as usize, &["kind"]);
                            let message = format!("duplicate link {}", l.id());
                            self.report_duplicate(f, path("links", i, &["kind"]), first, message);
                        }
                        Entry::Vacant(slot) => {
                            slot.insert(i as u32);
                        }
                    }
                }
            }
            if l.confidence == Confidence::Inferred
                && l.note.as_deref().is_none_or(|n| n.trim().is_empty())
            {
                let message = format!("inferred link {} needs a note saying why", l.id());
                self.report(f, path("links", i, &["confidence"]), message);
            }
            self.citations(f, || path("links", i, &[]), &l.citations);
        }
        seen.by_index.sort_unstable();
        seen
    }

    /// Two actors that succeed each other in the same year: a successor cannot also be the one
    /// it replaces. Each `succeeds` link counts in the years it is active (its own years within
    /// both actors' lives); the later link of such a pair is reported, with the first year they
    /// share.
    pub(super) fn succession(&mut self, ends: &[Ends]) {
        let links = &self.dataset.links;
        // For each (successor, predecessor) pair: its links' indices and active years.
        let mut by_pair: FxHashMap<Ends, Vec<Active>> = FxHashMap::default();
        let mut found = Vec::new();
        for (i, l) in links.iter().enumerate().filter(|(_, l)| l.kind.as_str() == "succeeds") {
            let e = ends[i];
            if e.from == e.to {
                continue; // a link to itself is reported as such
            }
            let Some((la, lb)) = e.both().map(|(a, b)| (self.lives[a], self.lives[b])) else {
                continue;
            };
            let lo = l.start.max(la.start).max(lb.start);
            let hi = l.lifetime().last().min(la.last()).min(lb.last());
            if lo > hi {
                continue;
            }
            for &(j, jlo, jhi) in
                by_pair.get(&Ends { from: e.to, to: e.from }).into_iter().flatten()
            {
                if jlo <= hi && lo <= jhi {
                    found.push((i, j, lo.max(jlo)));
                }
            }
            by_pair.entry(e).or_default().push((i, lo, hi));
        }
        for (i, j, year) in found {
            let (l, other) = (&links[i], &links[j]);
            let message = format!(
                "\"{}\" and \"{}\" succeed each other in {year} (links {} and {}): a succession \
                 runs one way",
                l.from,
                l.to,
                other.id(),
                l.id()
            );
            self.report(DataFile::Links, path("links", i, &["kind"]), message);
        }
    }
}

/// The link identities (`from/kind/to/start`) of a part of the links: as actor indices, to be
/// sorted, when both actors are known; by name otherwise, where each was first seen. Sorting
/// small keys costs a fraction of inserting them into a hash map, whose random writes miss the
/// caches at every link of a large dataset (see docs/performance.md, "Checking").
#[derive(Default)]
struct Seen<'d> {
    by_index: Vec<IdentityKey>,
    by_name: ByName<'d>,
}

/// Where each link identity by name (`from`, `kind`, `to`, `start`) was first seen.
/// A link's index and the first and last years it is active.
type Active = (usize, Year, Year);

type ByName<'d> = FxHashMap<(&'d str, LinkKind, &'d str, Year), u32>;

/// A link identity by actor indices (`from << 32 | to`, `kind << 32 | start`, the kind by its
/// rank in the vocabulary), then the link's
/// index: sorted, equal identities are adjacent and the first of each run is the link seen
/// first.
type IdentityKey = (u64, u64, u32);

fn identity_key(from: usize, to: usize, kind: usize, start: Year, i: usize) -> IdentityKey {
    // The start year keeps its order and all its bits (impossible years are reported, but two
    // links with the same impossible year are still duplicates).
    let start = u64::from((start as u32) ^ 0x8000_0000);
    ((from as u64) << 32 | to as u64, (kind as u64) << 32 | start, i as u32)
}

/// The rank in `vocabulary` of a link's kind, `None` for a kind it does not have. The loader
/// gives records their vocabulary's kinds before the checks; a dataset made in code may not have.
fn link_rank(vocabulary: &Vocabulary, kind: LinkKind) -> Option<usize> {
    if vocabulary.knows_link(kind) {
        return Some(kind.rank());
    }
    vocabulary.link_kind(kind.as_str()).map(LinkKind::rank)
}
