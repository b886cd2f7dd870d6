"""Recompute `mesograph stats` with networkx, from the JSON files `mesograph export` writes.

For each node-link JSON file given on the command line, loads it as networkx does by default,
takes it undirected with one edge per pair of actors (as the stats do), and prints one JSON object
per line: the file, node and pair counts, density, connected components, the largest one, isolated
nodes, every degree and every non-zero betweenness. The Rust test compares these numbers with its
own.
"""

import json
import sys

import networkx as nx
from networkx.readwrite import json_graph


def main(paths):
    for path in paths:
        with open(path, encoding="utf-8") as f:
            multi = json_graph.node_link_graph(json.load(f))
        graph = nx.Graph()
        graph.add_nodes_from(multi.nodes)
        graph.add_edges_from((u, v) for u, v, _ in multi.edges(keys=True) if u != v)
        components = list(nx.connected_components(graph))
        between = nx.betweenness_centrality(graph, normalized=True)
        print(
            json.dumps(
                {
                    "file": path,
                    "actors": graph.number_of_nodes(),
                    "pairs": graph.number_of_edges(),
                    "density": nx.density(graph),
                    "components": len(components),
                    "largest_component": max((len(c) for c in components), default=0),
                    "isolated": nx.number_of_isolates(graph),
                    "degree": {n: d for n, d in graph.degree() if d > 0},
                    "betweenness": {n: b for n, b in between.items() if b > 0},
                },
                sort_keys=True,
            )
        )


if __name__ == "__main__":
    main(sys.argv[1:])
