//! Building a [`TemporalGraph`] from a checked dataset, in named steps: the actors in id order,
//! the milestones by actor, the links' ends (dropping links whose actors are missing), the
//! links' years and kinds, the links a scope keeps, and the edges made while the links are put
//! in id order.
//!
//! The steps read compact copies of the years of the actors and links, not the records
//! themselves (184 and 96 bytes each, far apart): reading those missed the caches at every link
//! (see docs/performance.md, "Building the graph").

use super::order::{gather_front, id_order, link_order, permute};
use super::{Scope, TemporalGraph};
use crate::dataset::ends::{AHEAD, ActorIx, Ends, link_ends, prefetch_ends};
use crate::memory::{LARGE_LINKS, prefetch, threads};
use crate::model::{Actor, Dataset, Lifetime, Link, LinkKind, Milestone, Vocabulary, Year};
use petgraph::graph::{DiGraph, NodeIndex};
use rustc_hash::FxHashMap;

/// The actors' years in the order read and in id order, and where each actor went.
struct Moved {
    /// Each actor's years, in the order read.
    lives_read: Vec<Lifetime>,
    /// Each actor's years, in id order.
    lives: Vec<Lifetime>,
    /// For each actor in the order read, its place in id order.
    moved_to: Vec<u32>,
}

/// Puts `actors` in id order (a stable sort), keeping their years both ways.
fn actors_in_id_order(actors: &mut [Actor]) -> Moved {
    let lives_read: Vec<Lifetime> = actors.iter().map(Actor::lifetime).collect();
    let order = id_order(actors);
    let mut moved_to = vec![0u32; actors.len()];
    for (new, &old) in order.iter().enumerate() {
        moved_to[old] = new as u32;
    }
    let lives: Vec<Lifetime> = order.iter().map(|&old| lives_read[old]).collect();
    permute(actors, order);
    Moved { lives_read, lives, moved_to }
}

/// For each actor, whether a scenario added it (empty when no scenario did).
fn scenario_flags(actors: &[Actor], scenario_actors: &[String]) -> Vec<bool> {
    if scenario_actors.is_empty() {
        return Vec::new();
    }
    let added: std::collections::HashSet<&str> =
        scenario_actors.iter().map(String::as_str).collect();
    actors.iter().map(|a| added.contains(a.id.as_str())).collect()
}

/// The actor of each milestone (`None` for an unknown one), and for each actor how many
/// milestones it has, at `counts[n + 1]` (summed into offsets by [`milestones_by_actor`]).
fn milestone_owners(
    milestones: &[Milestone],
    actors: usize,
    find: impl Fn(&str) -> Option<usize>,
) -> (Vec<Option<usize>>, Vec<u32>) {
    let mut counts = vec![0u32; actors + 1];
    let owners = milestones
        .iter()
        .map(|m| {
            let owner = find(m.actor.as_str());
            if let Some(n) = owner {
                counts[n + 1] += 1;
            }
            owner
        })
        .collect();
    (owners, counts)
}

/// The milestones of each actor: the offsets, from the counts of [`milestone_owners`], and the
/// milestones' indices, actor by actor (see [`TemporalGraph`]'s `by_actor`).
fn milestones_by_actor(mut offsets: Vec<u32>, owners: &[Option<usize>]) -> (Vec<u32>, Vec<u32>) {
    for n in 0..offsets.len() - 1 {
        offsets[n + 1] += offsets[n];
    }
    let mut by_actor = vec![0u32; offsets[offsets.len() - 1] as usize];
    let mut next = offsets.clone();
    for (i, owner) in owners.iter().enumerate() {
        if let Some(n) = owner {
            by_actor[next[*n] as usize] = i as u32;
            next[*n] += 1;
        }
    }
    (offsets, by_actor)
}

/// The ends of each link, [`Ends::MISSING`] where either actor is: as `given` (in the order the
/// actors were read), or found by `find` (in id order).
fn ends_of_links(
    given: Option<Vec<Ends>>,
    find: impl Fn(&str) -> Option<usize> + Sync,
    links: &[Link],
) -> Vec<Ends> {
    match given {
        Some(mut ends) => {
            for e in &mut ends {
                *e = e.or_missing();
            }
            ends
        }
        None => link_ends(find, links, LARGE_LINKS).into_iter().map(Ends::or_missing).collect(),
    }
}

/// Drops the links whose actors are missing, and their ends (validation reports them before
/// this point).
fn drop_links_missing_an_actor(links: &mut Vec<Link>, ends: &mut Vec<Ends>) {
    if ends.contains(&Ends::MISSING) {
        let mut kept = ends.iter().map(|&e| e != Ends::MISSING);
        links.retain(|_| kept.next().unwrap_or(false));
        ends.retain(|&e| e != Ends::MISSING);
    }
}

/// Each link's years, and the kinds of the vocabulary that some link has, in kind order.
fn years_and_kinds(vocabulary: &Vocabulary, links: &[Link]) -> (Vec<Lifetime>, Vec<LinkKind>) {
    let mut kinds = vec![false; vocabulary.link_kinds().len()];
    let years: Vec<Lifetime> = links
        .iter()
        .map(|l| {
            if vocabulary.knows_link(l.kind) {
                kinds[l.kind.rank()] = true;
            }
            l.lifetime()
        })
        .collect();
    let link_kinds = vocabulary.link_kinds().iter().copied().filter(|&k| kinds[k.rank()]).collect();
    (years, link_kinds)
}

/// The first and last year of the milestones, actors and links, `None` when there is none.
fn span_of(
    milestones: &[Milestone],
    lives: &[Lifetime],
    years: &[Lifetime],
) -> Option<(Year, Year)> {
    let mut span: Option<(Year, Year)> = None;
    let mut widen = |y: Year| {
        span = Some(span.map_or((y, y), |(a, b)| (a.min(y), b.max(y))));
    };
    for m in milestones {
        widen(m.year);
    }
    for life in lives.iter().chain(years) {
        widen(life.start);
        if let Some(end) = life.end {
            widen(end);
        }
    }
    span
}

/// The years link `i` is really active: its own years within both actors' (`lives`).
#[inline(always)]
fn life_among(years: &[Lifetime], lives: &[Lifetime], e: Ends, i: usize) -> Option<Lifetime> {
    years[i].intersect(&lives[e.from.index()]).and_then(|l| l.intersect(&lives[e.to.index()]))
}

/// The links active at some year from `from` to `to`. Each link reads its two actors' years far
/// apart: at 10⁶ actors, two misses of every cache, asked for a few links ahead so that they do
/// not wait on each other.
fn links_within(
    (from, to): (Year, Year),
    years: &[Lifetime],
    lives: &[Lifetime],
    ends: &[Ends],
) -> Vec<usize> {
    (0..ends.len())
        .filter(|&i| {
            prefetch_ends(lives, ends.get(i + AHEAD));
            life_among(years, lives, ends[i], i).is_some_and(|l| l.overlaps(from, to))
        })
        .collect()
}

/// Maps the ends given in the order the actors were read into id order: those of the `chosen`
/// links only, or of every link.
fn ends_in_id_order(ends: &mut [Ends], moved_to: &[u32], chosen: Option<&[usize]>) {
    let moved = |k: ActorIx| ActorIx::new(moved_to[k.index()] as usize);
    let to_id_order = |e: Ends| Ends { from: moved(e.from), to: moved(e.to) };
    match chosen {
        Some(chosen) => chosen.iter().for_each(|&i| ends[i] = to_id_order(ends[i])),
        None => ends.iter_mut().for_each(|e| *e = to_id_order(*e)),
    }
}

/// The graph of `actors` with an edge for each link of `order`, in that order, and each edge's
/// active years. The links in id order are far apart in the read order: each one's ends and
/// years are asked for 2 × AHEAD links ahead, its actors' years AHEAD ahead.
fn edges(
    actors: Vec<Actor>,
    order: &[usize],
    ends: &[Ends],
    years: &[Lifetime],
    lives: &[Lifetime],
) -> (DiGraph<Actor, ()>, Vec<Option<Lifetime>>) {
    let mut graph = DiGraph::with_capacity(actors.len(), order.len());
    for actor in actors {
        graph.add_node(actor);
    }
    let mut active = Vec::with_capacity(order.len());
    for (k, &i) in order.iter().enumerate() {
        if let Some(&far) = order.get(k + 2 * AHEAD) {
            prefetch(&ends[far]);
            prefetch(&years[far]);
        }
        prefetch_ends(lives, order.get(k + AHEAD).map(|&near| &ends[near]));
        let e = ends[i];
        active.push(life_among(years, lives, e, i));
        graph.add_edge(NodeIndex::new(e.from.index()), NodeIndex::new(e.to.index()), ());
    }
    (graph, active)
}

impl TemporalGraph {
    /// The graph of `dataset`, given the ends of its links in the order its actors were read or
    /// finding them, with only the links active in `within` as edges.
    pub(super) fn build(
        dataset: Dataset,
        given: Option<Vec<Ends>>,
        within: Scope,
    ) -> TemporalGraph {
        let Dataset {
            name,
            mut sources,
            mut actors,
            mut links,
            mut milestones,
            meta,
            scenarios,
            scenario_actors,
            vocabulary,
        } = dataset;
        // Records made in code get their vocabulary's kinds here (the loader, which gives the
        // ends, has given them already).
        if given.is_none() {
            vocabulary.resolve(&mut actors, &mut links);
        }
        let Moved { lives_read, lives, moved_to } = actors_in_id_order(&mut actors);
        let from_scenario = scenario_flags(&actors, &scenario_actors);
        sources.sort_by(|a, b| a.id.cmp(&b.id));
        milestones.sort_by(|a, b| (a.year, &a.actor, &a.title).cmp(&(b.year, &b.actor, &b.title)));

        // Endpoints not given are found by a fast hash of borrowed ids; the graph itself keeps no
        // map (its nodes are in id order, so `node` searches them).
        let index: Option<FxHashMap<&str, usize>> = given
            .is_none()
            .then(|| actors.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect());
        let find = |id: &str| match &index {
            Some(index) => index.get(id).copied(),
            None => actors.binary_search_by(|a| a.id.as_str().cmp(id)).ok(),
        };
        let (owners, counts) = milestone_owners(&milestones, actors.len(), find);
        // The links keep their endpoints' indices: as given, in the order the actors were read
        // (mapped into id order below, only for the links kept), or found in id order.
        let in_read_order = given.is_some();
        let mut ends = ends_of_links(given, find, &links);
        drop_links_missing_an_actor(&mut links, &mut ends);
        drop(index);
        let (offsets, by_actor) = milestones_by_actor(counts, &owners);
        let (years, link_kinds) = years_and_kinds(&vocabulary, &links);
        let span = span_of(&milestones, &lives, &years);

        // For a graph built for a scope, the links active in it (every link, otherwise); then
        // the ends of those links in id order.
        let lives_of_ends = if in_read_order { &lives_read } else { &lives };
        let chosen = within.bounds().map(|fro| links_within(fro, &years, lives_of_ends, &ends));
        if in_read_order {
            ends_in_id_order(&mut ends, &moved_to, chosen.as_deref());
        }
        drop((moved_to, lives_read));
        // The links go in id order in place (no second copy of them is ever made), while the
        // edges are made in that order from the ends and years: two jobs, on two threads when
        // there are many links.
        let order = link_order(&vocabulary, &actors, &links, &ends, chosen.as_deref());
        drop(chosen);
        // All the links in id order, or those of the scope in id order at the front.
        let place = |links: &mut Vec<Link>, order: Vec<usize>| match within {
            Scope::All => permute(links, order),
            _ => gather_front(links, &order),
        };
        let (graph, active) = if order.len() >= LARGE_LINKS && threads() >= 2 {
            let moving = order.clone();
            std::thread::scope(|scope| {
                let mover = scope.spawn(|| place(&mut links, moving));
                let built = edges(actors, &order, &ends, &years, &lives);
                mover.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
                built
            })
        } else {
            let built = edges(actors, &order, &ends, &years, &lives);
            place(&mut links, order);
            built
        };
        drop((ends, years, lives));
        TemporalGraph {
            name,
            scenarios,
            from_scenario,
            meta,
            vocabulary,
            graph,
            links,
            link_kinds,
            within,
            active,
            sources,
            milestones,
            offsets,
            by_actor,
            span,
        }
    }
}
