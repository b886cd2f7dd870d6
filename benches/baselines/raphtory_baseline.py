#!/usr/bin/env python3
"""The raphtory baseline: a PersistentGraph loaded in bulk from pandas frames (nodes at their
start, each link as an edge on the layer `kind/start` added at the start of its active years and
deleted the year after), `at(year)` views, node-link JSON and DOT written from the view.

raphtory keeps a node once added (nodes cannot be deleted), so actors that ended are dropped
from a year's view with a node filter on their end year, as a raphtory user would.

    raphtory_baseline.py DIR --year 2010 --format json --out 2010.json
    raphtory_baseline.py DIR --all-years --out outdir/
    raphtory_baseline.py DIR --counts
"""

import json
import os
import sys

import pandas as pd
from raphtory import PersistentGraph

from common import (INF, Timer, active_life, args, cites, link_id, name_in, read, write_dot,
                    write_json, years)


def main():
    a = args("raphtory")
    timer = Timer()
    data = read(a.data)
    timer.lap("read+parse")

    sources = {s["id"]: s for s in data["sources"]}
    actors = {x["id"]: x for x in data["actors"]}
    milestones = {}
    for m in data["milestones"]:
        milestones.setdefault(m["actor"], []).append(m)
    nodes = pd.DataFrame({
        "id": [x["id"] for x in data["actors"]],
        "start": [x["start"] for x in data["actors"]],
        "end": [x.get("end") if x.get("end") is not None else INF for x in data["actors"]],
        "kind": [x["kind"] for x in data["actors"]],
        "record": [json.dumps(x, ensure_ascii=False) for x in data["actors"]],
    })
    rows = []
    # One layer per link kind; a second link of the same kind between the same pair (another
    # start) goes to layer "kind#2", and so on, so that the two stay apart. (A layer per
    # kind/start, 17 x 41 of them, made raphtory use gigabytes at 10^5 links.)
    kinds_seen = {}
    for l in data["links"]:
        life = active_life(l, actors[l["from"]], actors[l["to"]])
        if life is None:
            continue
        pair_kind = (l["from"], l["to"], l["kind"])
        n = kinds_seen.get(pair_kind, 0) + 1
        kinds_seen[pair_kind] = n
        layer = l["kind"] if n == 1 else f'{l["kind"]}#{n}'
        rows.append((l["from"], l["to"], layer, life[0], life[1],
                     link_id(l), l["kind"], l["start"], l.get("end"),
                     l.get("confidence", "stated"),
                     json.dumps(cites(sources, l["citations"]), ensure_ascii=False),
                     l.get("note")))
    edges = pd.DataFrame(rows, columns=["src", "dst", "layer", "from_year", "to_year", "id", "kind",
                                        "start", "end", "confidence", "citations", "note"])
    del rows, data
    edges["end"] = edges["end"].astype("Int64")
    g = PersistentGraph()
    g.load_nodes(data=nodes, time="start", id="id", properties=["end", "kind"],
                 metadata=["record"])
    g.load_edges(data=edges, time="from_year", src="src", dst="dst", layer_col="layer",
                 properties=["kind", "confidence"], metadata=["id", "start", "end", "citations", "note"])
    ended = edges[edges["to_year"] < INF].copy()
    ended["gone"] = ended["to_year"] + 1
    g.load_edge_deletions(data=ended, time="gone", src="src", dst="dst", layer_col="layer")
    del nodes, edges, ended
    timer.lap("build")

    formats = ["dot", "json"] if a.all_years else [a.format]
    out = a.out or "."
    if a.all_years:
        os.makedirs(out, exist_ok=True)
    for y in years(a):
        view = g.at(y)
        alive = [n for n in view.nodes if n.properties.get("end") >= y]
        alive_ids = {n.name for n in alive}
        links = [e for e in view.edges.explode_layers()
                 if e.src.name in alive_ids and e.dst.name in alive_ids]
        timer.lap("slice")
        print(f"counts {y} {len(alive)} {len(links)}")
        if a.counts:
            continue
        records = [json.loads(n.metadata.get("record")) for n in alive]
        for fmt in formats:
            path = os.path.join(out, f"{y}.{fmt}") if a.all_years else (a.out or f"{y}.{fmt}")
            if fmt == "json":
                node_list = []
                for r in records:
                    r["name"] = name_in(r, y)
                    r["citations"] = cites(sources, r["citations"])
                    r["milestones"] = [m for m in milestones.get(r["id"], ()) if m["year"] == y]
                    node_list.append(r)
                edge_list = []
                for e in links:
                    md = e.metadata
                    edge_list.append({
                        "id": md.get("id"), "source": e.src.name, "target": e.dst.name,
                        "key": f'{e.properties.get("kind")}/{md.get("start")}', "kind": e.properties.get("kind"),
                        "start": md.get("start"), "end": md.get("end"),
                        "confidence": e.properties.get("confidence"),
                        "citations": json.loads(md.get("citations")), "note": md.get("note"),
                    })
                write_json(path, {"directed": True, "multigraph": True,
                                  "graph": {"scope": "year", "year": y},
                                  "nodes": node_list, "edges": edge_list})
            else:
                write_dot(path, f"raphtory — {y}",
                          ((r["id"], name_in(r, y), r["kind"], f'{r["name"]} ({r["kind"]})')
                           for r in records),
                          ((e.src.name, e.dst.name, e.properties.get("kind"),
                            e.properties.get("confidence"), e.metadata.get("id")) for e in links))
            timer.lap("export-" + fmt)
    timer.report()


if __name__ == "__main__":
    sys.exit(main())
