"""Load every node-link JSON file given on the command line with networkx, as a user would.

Prints one line per file: `<file> <nodes> <edges>`, and fails loudly if networkx cannot read a
file or silently merges edges (multigraph keys must keep parallel links apart).
"""

import json
import sys

import networkx as nx
from networkx.readwrite import json_graph


def main(paths):
    for path in paths:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        graph = json_graph.node_link_graph(data)  # default arguments, as the README promises
        assert graph.is_directed() and graph.is_multigraph(), path
        # Names and kinds survive as node attributes.
        for node in data["nodes"]:
            attrs = graph.nodes[node["id"]]
            assert attrs["name"] == node["name"], (path, node["id"])
            assert attrs["kind"] == node["kind"], (path, node["id"])
        for edge in data["edges"]:
            attrs = graph.edges[edge["source"], edge["target"], edge["key"]]
            assert attrs["kind"] == edge["kind"], (path, edge["id"])
        print(path, graph.number_of_nodes(), graph.number_of_edges())


if __name__ == "__main__":
    main(sys.argv[1:])
