#!/usr/bin/env python3
"""Helpers of benches/run.sh.

    measure.py run RESULTS SIZE TOOL MODE RUNS TIMEOUT OUTDIR -- CMD...
        runs CMD RUNS times (OUTDIR emptied before each run), appends one line to RESULTS:
        size, tool, mode, median wall seconds, peak resident memory (KiB, the largest of the
        runs, from wait4), the runs' times; keeps the last run's stdout in OUTDIR.stdout.
    measure.py counts EXPECTED ACTUAL [YEAR]
        compares `counts YEAR NODES EDGES` lines (only YEAR's when given); exit 1 on a mismatch.
    measure.py jsoncounts FILE YEAR
        prints `counts YEAR NODES EDGES` of an exported node-link JSON file.
    measure.py report RESULTS FLOOR MACHINE > table.md
        the markdown tables of docs/performance.md, with ratios taken within the same results file.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time


def run(results, size, tool, mode, runs, timeout, outdir, cmd):
    times, peak, status = [], 0, "ok"
    for _ in range(int(runs)):
        shutil.rmtree(outdir, ignore_errors=True)
        os.makedirs(outdir, exist_ok=True)
        with open(outdir + ".stdout", "wb") as out, open(outdir + ".stderr", "wb") as err:
            t = time.perf_counter()
            p = subprocess.Popen(cmd, stdout=out, stderr=err)
            timer = threading.Timer(float(timeout), p.kill)
            timer.start()
            _, code, usage = os.wait4(p.pid, 0)
            timer.cancel()
            p.returncode = code
            if code == -9 or (os.WIFSIGNALED(code) and os.WTERMSIG(code) == 9):
                status = "timeout"
            wall = time.perf_counter() - t
        if status == "timeout":
            break
        if code != 0:
            status = f"failed({os.waitstatus_to_exitcode(code)})"
            sys.stderr.buffer.write(open(outdir + ".stderr", "rb").read()[-2000:])
            break
        times.append(wall)
        peak = max(peak, usage.ru_maxrss)
    median = statistics.median(times) if times and status == "ok" else float("nan")
    with open(results, "a") as f:
        f.write("\t".join([size, tool, mode, f"{median:.4f}", str(peak), status,
                           ",".join(f"{t:.3f}" for t in times)]) + "\n")
    print(f"{size:3} {tool:10} {mode:4} median {median:9.3f} s  peak {peak / 1024:8.1f} MiB  {status}",
          file=sys.stderr)


def read_counts(path, year=None):
    out = {}
    for line in open(path):
        parts = line.split()
        if len(parts) == 4 and parts[0] == "counts":
            if year is None or parts[1] == year:
                out[parts[1]] = (parts[2], parts[3])
    return out


def counts(expected, actual, year=None):
    e, a = read_counts(expected, year), read_counts(actual, year)
    if year is not None:
        e = {k: v for k, v in e.items() if k in a or k == year}
    if not a or e != a:
        bad = sorted(k for k in set(e) | set(a) if e.get(k) != a.get(k))[:5]
        print(f"counts differ in years {bad}: expected {[e.get(k) for k in bad]}, "
              f"got {[a.get(k) for k in bad]}", file=sys.stderr)
        return 1
    return 0


def jsoncounts(path, year):
    d = json.load(open(path))
    print(f"counts {year} {len(d['nodes'])} {len(d['edges'])}")


def fmt_time(s):
    if s != s:
        return "—"
    return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"


def size_text(n):
    if not n:
        return ""
    if n >= 2**30:
        return f"{n / 2**30:.1f} GiB"
    return f"{n / 1024:.0f} KiB" if n < 2**20 else f"{n / 2**20:.0f} MiB"


def report(results, floor_file, machine):
    rows = [l.rstrip("\n").split("\t") for l in open(results) if l.strip()]
    by = {(r[0], r[1], r[2]): r for r in rows}
    sizes = []
    for r in rows:
        if r[0] not in sizes:
            sizes.append(r[0])
    floors = {}
    if os.path.exists(floor_file):
        for line in open(floor_file):
            size, key, value = line.split()
            floors.setdefault(size, {})[key] = float(value)
    out = [f"Machine: {machine}", ""]
    out.append("| size | input | tool | job | median wall | peak memory | mesograph is … faster | status |")
    out.append("|---|---|---|---|---|---|---|---|")
    for size in sizes:
        for mode, job in (("one", "one year → JSON"), ("all", "1990–2030 → DOT + JSON")):
            ours = by.get((size, "mesograph", mode))
            for tool in ("mesograph", "networkx", "raphtory"):
                r = by.get((size, tool, mode))
                if not r:
                    continue
                median, peak = float(r[3]), int(r[4])
                ratio = ""
                if tool != "mesograph" and ours and median == median and float(ours[3]) > 0:
                    ratio = f"{median / float(ours[3]):.0f}×"
                inp = size_text(floors.get(size, {}).get("bytes"))
                out.append(f"| {size} | {inp} | {tool} | {job} | {fmt_time(median)} | "
                           f"{peak / 1024:.0f} MiB | {ratio} | {r[5]} |")
    out += ["", "| size | input | floor: read + parse into IgnoredAny (whole process) | in process: read | parse | mesograph one year → JSON ÷ floor | peak memory ÷ input |",
            "|---|---|---|---|---|---|---|"]
    for size in sizes:
        f = floors.get(size)
        ours = by.get((size, "mesograph", "one"))
        if not f or not ours:
            continue
        ratio = float(ours[3]) / f["process"] if f.get("process") else float("nan")
        mem = int(ours[4]) * 1024 / f["bytes"]
        out.append(f"| {size} | {size_text(f['bytes'])} | {fmt_time(f['process'])} | "
                   f"{fmt_time(f['read'])} | {fmt_time(f['parse'])} | {ratio:.2f}× | {mem:.2f}× |")
    links = {"S": 150, "M": 10**5, "L": 10**6, "XL": 5 * 10**6}
    out += ["", "| size | links | mesograph one year: µs per link | ÷ M | all years: µs per link | ÷ M "
            "| all years' files written alone: size | time | µs per link | ÷ M |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    base = {}
    for size in sizes:
        f = floors.get(size, {})
        seconds = {mode: float(r[3]) if (r := by.get((size, "mesograph", mode))) else float("nan")
                   for mode in ("one", "all")}
        seconds["files"] = f.get("files", float("nan"))
        cells = []
        for mode, s in seconds.items():
            if mode == "files":  # what was written, and how long writing it alone took
                cells += [size_text(f.get("written")) or "—", fmt_time(s)]
            per = s / links.get(size, float("nan")) * 1e6
            if size == "M":
                base[mode] = per
            cells += [f"{per:.2f}", f"{per / base[mode]:.2f}×" if base.get(mode) else ""]
        out.append(f"| {size} | {links.get(size, '?'):,} | " + " | ".join(cells) + " |")
    print("\n".join(out))


if __name__ == "__main__":
    a = sys.argv[1:]
    if a[0] == "run":
        sep = a.index("--")
        run(*a[1:sep], a[sep + 1:])
    elif a[0] == "counts":
        sys.exit(counts(*a[1:]))
    elif a[0] == "jsoncounts":
        jsoncounts(*a[1:])
    elif a[0] == "report":
        report(*a[1:])
