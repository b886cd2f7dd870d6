"""Load node-link JSON exports with networkx and compare them with what they must hold.

Usage: networkx_compare.py EXPORT.json EXPECTED.json [EXPORT.json EXPECTED.json ...]

EXPECTED.json is written by the Rust test from the library's own data:
  {"graph": {attr: value}, "nodes": {id: {attr: value}}, "edges": [[source, target, key, {attr: value}]]}
Every node, edge and attribute listed must come back from networkx exactly (strings compared
code point by code point), and networkx must see no other node or edge: nothing was injected.
Prints `ok <file> <nodes> <edges>` per pair; any difference fails with an assertion naming it.
"""

import json
import sys

from networkx.readwrite import json_graph


def compare(export_path, expected_path):
    with open(export_path, encoding="utf-8") as f:
        data = json.load(f)
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    graph = json_graph.node_link_graph(data)  # default arguments, as the README promises
    assert graph.is_directed() and graph.is_multigraph(), export_path
    for key, value in expected["graph"].items():
        assert graph.graph.get(key) == value, (export_path, "graph", key, graph.graph.get(key), value)
    assert set(graph.nodes) == set(expected["nodes"]), (export_path, sorted(graph.nodes))
    for node, attrs in expected["nodes"].items():
        for key, value in attrs.items():
            got = graph.nodes[node].get(key)
            assert got == value, (export_path, node, key, got, value)
    assert graph.number_of_edges() == len(expected["edges"]), export_path
    for source, target, key, attrs in expected["edges"]:
        assert graph.has_edge(source, target, key), (export_path, source, target, key)
        for name, value in attrs.items():
            got = graph.edges[source, target, key].get(name)
            assert got == value, (export_path, source, target, key, name, got, value)
    print("ok", export_path, graph.number_of_nodes(), graph.number_of_edges())


def main(args):
    assert args and len(args) % 2 == 0, __doc__
    for i in range(0, len(args), 2):
        compare(args[i], args[i + 1])


if __name__ == "__main__":
    main(sys.argv[1:])
