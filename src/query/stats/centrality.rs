//! Betweenness centrality of a slice's undirected graph: exact on each connected component, or
//! sampled from a fixed set of sources on a large slice.

use petgraph::Undirected;
use petgraph::graph::{EdgeIndex, Graph, NodeIndex};
use petgraph::visit::EdgeRef;
use rustworkx_core::centrality::betweenness_centrality;

/// The nodes of `g` whose betweenness centrality is above zero, with it, normalised over all of
/// `g`'s nodes as networkx does (`1 / ((n − 1)(n − 2))`).
///
/// rustworkx-core's betweenness sets up arrays as large as its graph for every source, isolated
/// or not, so it is run on each connected `component` of three nodes or more on its own (a
/// smaller one has no node between two others): a slice of the built-in dataset has ~40 % of
/// isolated actors. The result is the same bit for bit as one run on all of `g`: a component
/// keeps `g`'s node order and the order of each node's edges, so every breadth-first search
/// visits the same nodes in the same order and each node sums the same terms in the same order;
/// the raw sums are halved by rustworkx-core when not normalised (exact), doubled back here
/// (exact) and scaled as it scales them.
pub(super) fn betweenness<'c, C>(
    g: &Graph<NodeIndex, Vec<EdgeIndex>, Undirected>,
    components: &'c [C],
) -> Vec<(NodeIndex, f64)>
where
    &'c C: IntoIterator<Item = &'c NodeIndex>,
{
    let n = g.node_count();
    if n <= 2 {
        return Vec::new();
    }
    // Each component's nodes in `g`'s order with its graph, and each node's place in it.
    let mut parts: Vec<(Vec<NodeIndex>, Graph<(), (), Undirected>)> = Vec::new();
    let mut place = vec![(usize::MAX, NodeIndex::end()); n];
    for component in components {
        let mut nodes: Vec<NodeIndex> = component.into_iter().copied().collect();
        if nodes.len() > 2 {
            nodes.sort_unstable();
            let mut sub = Graph::with_capacity(nodes.len(), nodes.len());
            for &v in &nodes {
                place[v.index()] = (parts.len(), sub.add_node(()));
            }
            parts.push((nodes, sub));
        }
    }
    // Edges in `g`'s order, each with its ends in `g`'s order: a node's edges are listed
    // (newest first, by direction) exactly as in `g`.
    for e in g.edge_references() {
        let ((k, a), (_, b)) = (place[e.source().index()], place[e.target().index()]);
        if k != usize::MAX {
            parts[k].1.add_edge(a, b, ());
        }
    }
    let scale = 1.0 / ((n - 1) * (n - 2)) as f64;
    let mut between = Vec::new();
    for (nodes, sub) in &parts {
        // Sequential (`parallel_threshold = usize::MAX`): the same result bit for bit every run.
        let raw = betweenness_centrality(sub, false, false, usize::MAX);
        between.extend(nodes.iter().zip(raw).filter_map(|(&v, half)| {
            let value = half? * 2.0 * scale;
            (value > 0.0).then_some((v, value))
        }));
    }
    between
}

/// Betweenness estimated from `k` sources (`0 < k < n`), as networkx's
/// `betweenness_centrality(G, k=k)`: Brandes' accumulation from each source only, scaled by
/// `n / k` on top of the usual `1 / ((n − 1)(n − 2))`. The sources are drawn uniformly among all
/// of `g`'s nodes with a fixed seed (a partial Fisher–Yates shuffle of SplitMix64 numbers) and
/// visited in node order, so the result is the same on every run. O(k · (n + pairs)).
pub(super) fn sampled_betweenness(
    g: &Graph<NodeIndex, Vec<EdgeIndex>, Undirected>,
    k: usize,
) -> Vec<(NodeIndex, f64)> {
    let n = g.node_count();
    if n <= 2 || k == 0 {
        return Vec::new();
    }
    let k = k.min(n);
    let mut rng = crate::synth::Rng(0x6265_7477_6565_6e6e);
    let mut order: Vec<usize> = (0..n).collect();
    for i in 0..k {
        let j = i + rng.below(n - i);
        order.swap(i, j);
    }
    let mut sources = order[..k].to_vec();
    sources.sort_unstable();
    // Each node's neighbours in one flat array (`adjacency[starts[v]..starts[v + 1]]`), read
    // twice per source: petgraph's linked edge lists cost a cache miss per edge.
    let mut starts = vec![0usize; n + 1];
    for e in g.edge_references() {
        starts[e.source().index() + 1] += 1;
        starts[e.target().index() + 1] += 1;
    }
    for v in 0..n {
        starts[v + 1] += starts[v];
    }
    let mut filled = starts.clone();
    let mut adjacency = vec![0u32; starts[n]];
    for e in g.edge_references() {
        let (a, b) = (e.source().index(), e.target().index());
        adjacency[filled[a]] = b as u32;
        filled[a] += 1;
        adjacency[filled[b]] = a as u32;
        filled[b] += 1;
    }
    let neighbours = |v: usize| adjacency[starts[v]..starts[v + 1]].iter().map(|&w| w as usize);
    let mut total = vec![0.0f64; n];
    let (mut sigma, mut dist, mut delta) = (vec![0.0f64; n], vec![u32::MAX; n], vec![0.0f64; n]);
    let mut visited: Vec<usize> = Vec::with_capacity(n);
    for s in sources {
        for &v in &visited {
            (sigma[v], dist[v], delta[v]) = (0.0, u32::MAX, 0.0);
        }
        visited.clear();
        (sigma[s], dist[s]) = (1.0, 0);
        visited.push(s);
        let mut head = 0;
        while let Some(&v) = visited.get(head) {
            head += 1;
            for w in neighbours(v) {
                if dist[w] == u32::MAX {
                    dist[w] = dist[v] + 1;
                    visited.push(w);
                }
                if dist[w] == dist[v] + 1 {
                    sigma[w] += sigma[v];
                }
            }
        }
        // Dependencies, farthest nodes first (breadth-first order reversed).
        for &w in visited.iter().rev() {
            for v in neighbours(w) {
                if dist[v] != u32::MAX && dist[v] + 1 == dist[w] {
                    delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
                }
            }
            if w != s {
                total[w] += delta[w];
            }
        }
    }
    let scale = n as f64 / k as f64 / ((n - 1) * (n - 2)) as f64;
    total
        .into_iter()
        .enumerate()
        .filter_map(|(v, raw)| (raw > 0.0).then_some((NodeIndex::new(v), raw * scale)))
        .collect()
}
