#!/usr/bin/env python3
"""The networkx baseline: a MultiDiGraph of every actor and link, a year filter as a subgraph
view, `node_link_data` JSON and a hand-written DOT writer. See common.py and benches/run.sh.

    networkx_baseline.py DIR --year 2010 --format json --out 2010.json
    networkx_baseline.py DIR --all-years --out outdir/      (DOT and JSON for 1990-2030)
    networkx_baseline.py DIR --counts                       (node/edge counts per year)
"""

import os
import sys

import networkx as nx

from common import (Timer, active_life, args, cites, link_id, name_in, read, write_dot,
                    write_json, years, last)


def main():
    a = args("networkx")
    timer = Timer()
    data = read(a.data)
    timer.lap("read+parse")

    sources = {s["id"]: s for s in data["sources"]}
    milestones = {}
    for m in data["milestones"]:
        milestones.setdefault(m["actor"], []).append(m)
    g = nx.MultiDiGraph(dataset=os.path.basename(os.path.abspath(a.data)))
    for actor in data["actors"]:
        attrs = dict(actor)
        attrs["citations"] = cites(sources, actor["citations"])
        attrs["milestones"] = milestones.get(actor["id"], [])
        g.add_node(actor["id"], **attrs)
    nodes = g.nodes
    for link in data["links"]:
        life = active_life(link, nodes[link["from"]], nodes[link["to"]])
        attrs = {k: v for k, v in link.items() if k not in ("from", "to")}
        attrs["id"] = link_id(link)
        attrs["confidence"] = link.get("confidence", "stated")
        attrs["citations"] = cites(sources, link["citations"])
        attrs["active"] = life
        g.add_edge(link["from"], link["to"], key=f'{link["kind"]}/{link["start"]}', **attrs)
    del data
    timer.lap("build")

    formats = ["dot", "json"] if a.all_years else [a.format]
    out = a.out or "."
    if a.all_years:
        os.makedirs(out, exist_ok=True)
    for y in years(a):
        alive = {n for n, d in nodes.items() if d["start"] <= y <= last(d)}
        active = {(u, v, k) for u, v, k, life in g.edges(keys=True, data="active")
                  if life is not None and life[0] <= y <= life[1]}
        view = nx.subgraph_view(g, filter_node=alive.__contains__,
                                filter_edge=lambda u, v, k, active=active: (u, v, k) in active)
        n_nodes, n_edges = len(alive), len(active)
        timer.lap("slice")
        print(f"counts {y} {n_nodes} {n_edges}")
        if a.counts:
            continue
        for fmt in formats:
            path = os.path.join(out, f"{y}.{fmt}") if a.all_years else (a.out or f"{y}.{fmt}")
            if fmt == "json":
                d = nx.node_link_data(view, edges="edges")
                d["graph"].update(scope="year", year=y)
                for n in d["nodes"]:
                    n["name"] = name_in(n, y)
                    n["milestones"] = [m for m in n["milestones"] if m["year"] == y]
                for e in d["edges"]:
                    e.pop("active", None)
                write_json(path, d)
            else:
                write_dot(path, f'{g.graph["dataset"]} — {y}',
                          ((n, name_in(d, y), d["kind"], f'{d["name"]} ({d["kind"]})')
                           for n, d in view.nodes(data=True)),
                          ((u, v, d["kind"], d["confidence"], d["id"])
                           for u, v, d in view.edges(data=True)))
            timer.lap("export-" + fmt)
    timer.report()


if __name__ == "__main__":
    sys.exit(main())
