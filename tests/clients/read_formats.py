"""Read mesograph's GEXF, GraphML or CSV exports with real clients, as a user would.

Usage: read_formats.py gexf|graphml|cytoscape|csv FILE...  (for csv, give the *.nodes.csv files; the
matching *.edges.csv is read beside each). Prints one JSON object: for each file, the nodes
(id -> name, kind, start, end) and the edges (id -> source, target, kind, start, end) the client
read, so that the Rust test can compare them with the library's own slices. Fails loudly when a
client cannot read a file.
"""

import csv
import json
import sys

import networkx as nx


def year(value):
    return None if value is None or value == "" else int(value)


def from_networkx(graph, name_attr):
    assert graph.is_directed(), "the graph must be directed"
    nodes = {
        str(n): {
            "name": d.get(name_attr),
            "kind": d.get("kind"),
            "start": year(d.get("start")),
            "end": year(d.get("end")),
        }
        for n, d in graph.nodes(data=True)
    }
    edges = {}
    for source, target, d in graph.edges(data=True):
        edge_id = d["id"]
        assert edge_id not in edges, f"edge {edge_id} read twice"
        edges[edge_id] = {
            "source": str(source),
            "target": str(target),
            "kind": d.get("kind"),
            "start": year(d.get("start")),
            "end": year(d.get("end")),
        }
    return {"nodes": nodes, "edges": edges, "count": [graph.number_of_nodes(), graph.number_of_edges()]}


def read_gexf(path):
    graph = nx.read_gexf(path)
    summary = from_networkx(graph, "label")
    summary["mode"] = graph.graph.get("mode")
    return summary


def read_graphml(path):
    graph = nx.read_graphml(path)
    # GraphML edge ids come back as the "id" attribute only on a multigraph's keys; read them.
    if not graph.is_multigraph():
        graph = nx.MultiDiGraph(graph)
    for source, target, key, d in graph.edges(keys=True, data=True):
        d.setdefault("id", key)
    summary = from_networkx(graph, "name")
    summary["graph"] = dict(graph.graph)
    summary["graph"].pop("node_default", None)
    summary["graph"].pop("edge_default", None)
    return summary


def read_cytoscape(path):
    with open(path, encoding="utf-8") as f:
        graph = nx.cytoscape_graph(json.load(f))
    assert graph.is_multigraph(), "a multigraph: parallel links stay apart"
    summary = from_networkx(graph, "name")
    summary["graph"] = dict(graph.graph)
    return summary


def read_csv(path):
    edges_path = path[: -len("nodes.csv")] + "edges.csv"
    # newline="" as the csv module asks: quoted line breaks stay inside their field.
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, strict=True))
    nodes = {}
    for r in rows:
        assert r["id"] not in nodes, f"node {r['id']} twice"
        nodes[r["id"]] = {"name": r["label"], "kind": r["kind"], "start": year(r["start"]), "end": year(r["end"])}
    with open(edges_path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, strict=True))
    edges = {}
    for r in rows:
        assert r["id"] not in edges, f"edge {r['id']} twice"
        assert r["source"] in nodes and r["target"] in nodes, r["id"]
        json.loads(r["citations"])  # lists and records are JSON
        edges[r["id"]] = {
            "source": r["source"],
            "target": r["target"],
            "kind": r["kind"],
            "start": year(r["start"]),
            "end": year(r["end"]),
        }
    return {"nodes": nodes, "edges": edges, "count": [len(nodes), len(edges)]}


READERS = {"gexf": read_gexf, "graphml": read_graphml, "cytoscape": read_cytoscape, "csv": read_csv}


def main(fmt, paths):
    read = READERS[fmt]
    json.dump({p: read(p) for p in paths}, sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
