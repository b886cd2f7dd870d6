"""What both baselines share: reading a mesograph dataset folder, the activity rules of
mesograph's user guide, docs/guide.md (inclusive intervals, an open end = still active, a link needs both actors),
a hand-written Graphviz DOT writer with the same escaping, phase timing and the command line.

Each baseline does the job the way a user of its library would: load the same JSON files, build
the library's graph, filter a year, write node-link JSON and DOT, and print per phase timings and
per year node/edge counts that benches/run.sh compares with mesograph's.
"""

import argparse
import json
import os
import sys
import time

FIRST, LAST = 1990, 2030
INF = 10**9


class Timer:
    """Prints `phase NAME SECONDS` lines on stderr, and keeps them."""

    def __init__(self):
        self.t = time.perf_counter()
        self.phases = {}

    def lap(self, name):
        now = time.perf_counter()
        self.phases[name] = self.phases.get(name, 0.0) + now - self.t
        self.t = now

    def report(self):
        for name, s in self.phases.items():
            print(f"phase {name} {s:.3f}", file=sys.stderr)


def args(tool):
    p = argparse.ArgumentParser(description=f"{tool} baseline for mesograph's benchmarks")
    p.add_argument("data", help="a mesograph dataset folder")
    p.add_argument("--year", type=int, help="export this one year")
    p.add_argument("--all-years", action="store_true", help="every year of the span, DOT and JSON")
    p.add_argument("--from", dest="first", type=int, default=FIRST)
    p.add_argument("--to", dest="last", type=int, default=LAST)
    p.add_argument("--format", choices=["json", "dot"], default="json")
    p.add_argument("--out", help="output file (--year) or folder (--all-years)")
    p.add_argument("--counts", action="store_true", help="only print counts for --from..--to")
    a = p.parse_args()
    if a.year is None and not a.all_years and not a.counts:
        p.error("give --year, --all-years or --counts")
    return a


def read(folder):
    """The four files, parsed with the standard json module."""
    out = {}
    for key in ("sources", "actors", "links", "milestones"):
        path = os.path.join(folder, key + ".json")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                out[key] = json.load(f)[key]
        else:
            out[key] = []
    return out


def last(record):
    end = record.get("end")
    return INF if end is None else end


def active_life(link, a, b):
    """The years a link is really active: its interval clipped to both actors'. None if empty."""
    start = max(link["start"], a["start"], b["start"])
    end = min(last(link), last(a), last(b))
    return (start, end) if start <= end else None


def cites(sources, citations):
    """Citations with the source's title and url, as mesograph writes them."""
    out = []
    for c in citations:
        s = sources.get(c["source"], {})
        d = {"source": c["source"], "locator": c["locator"]}
        if "title" in s:
            d["title"] = s["title"]
        if s.get("url"):
            d["url"] = s["url"]
        out.append(d)
    return out


def name_in(actor, year):
    for n in actor.get("names", ()):
        if n["start"] <= year <= last(n):
            return n["name"]
    return actor["name"]


def link_id(l):
    return f'{l["from"]}/{l["kind"]}/{l["to"]}/{l["start"]}'


def dot_escape(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n") + '"'


STYLE = {"stated": "solid", "inferred": "dashed", "proposed": "dotted"}


def write_dot(path, title, nodes, edges):
    """nodes: (id, label, kind, tooltip); edges: (source, target, kind, confidence, id)."""
    parts = [f"digraph {{\n  label={dot_escape(title)};\n  labelloc=t;\n  rankdir=LR;\n",
             '  node [style="filled", fontname="Helvetica", fontsize=11];\n']
    for nid, label, kind, tooltip in nodes:
        parts.append(f"  {dot_escape(nid)} [label={dot_escape(label)}, shape=box, "
                     f"tooltip={dot_escape(tooltip)}, class={kind}];\n")
    for s, t, kind, conf, eid in edges:
        parts.append(f"  {dot_escape(s)} -> {dot_escape(t)} [label={dot_escape(kind.replace('_', ' '))}, "
                     f"style={STYLE[conf]}, tooltip={dot_escape(eid)}];\n")
    parts.append("}\n")
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(parts))


def write_json(path, data):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.write("\n")


def years(a):
    """The years asked for: one, or the window (--all-years, --counts)."""
    if a.year is not None and not a.counts:
        return [a.year]
    return list(range(a.first, a.last + 1))
