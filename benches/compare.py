#!/usr/bin/env python3
"""The timing loop of benches/compare.sh.

    compare.py WORK SIZE YEAR ROUNDS SMALL_ROUNDS NAME=BINARY...

Runs every job once with each binary per round (rounds interleaved, so that a change in the
machine's load falls on all of them alike; each round in its own order), each in its own
process, output to files under WORK, and prints a markdown table: per job and binary, the
median wall and CPU (user + system) seconds and the ratio of the median wall to the first
binary's. It also says whether each binary's output of the job was byte-identical to the
first's.
"""

import filecmp
import os
import random
import shutil
import statistics
import subprocess
import sys
import time


def jobs(data, size, year):
    """(name, rounds key, arguments after the binary; `{out}` is the run's output folder)."""
    big = ["--data", data]
    return [
        (f"{size} one year ({year}, JSON)", "big",
         big + ["export", "--year", str(year), "--format", "json", "-o", "{out}/one.json"]),
        (f"{size} every year (DOT + JSON)", "big",
         big + ["export", "--all-years", "--format", "dot", "--format", "json", "--out", "{out}"]),
        ("built-in, every year (DOT + JSON)", "small",
         ["export", "--all-years", "--format", "dot", "--format", "json", "--out", "{out}"]),
        ("built-in, one year (GEXF)", "small",
         ["export", "--year", "2012", "--format", "gexf", "-o", "{out}/one.gexf"]),
        ("built-in, stats 2012", "small", ["stats", "--year", "2012"]),
        ("built-in, neighbours of GENCI 2012", "small",
         ["neighbours", "GENCI", "--year", "2012"]),
        ("built-in, history of GENCI", "small", ["history", "GENCI"]),
        ("built-in, check", "small", ["check"]),
    ]


def run_once(binary, args, out):
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(out)
    argv = [binary] + [a.replace("{out}", out) for a in args]
    with open(out + ".stdout", "wb") as so, open(out + ".stderr", "wb") as se:
        start = time.perf_counter()
        p = subprocess.Popen(argv, stdout=so, stderr=se)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(argv)} failed:\n{open(out + '.stderr').read()[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def same_output(a, b):
    """Whether two runs wrote the same bytes (files and standard output)."""
    if not filecmp.cmp(a + ".stdout", b + ".stdout", shallow=False):
        return False
    cmp = filecmp.dircmp(a, b)
    names = sorted(os.listdir(a))
    if names != sorted(os.listdir(b)):
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
    return not mismatch and not errors and not cmp.subdirs


def main():
    work, size, year, rounds, small_rounds = sys.argv[1:6]
    binaries = [arg.split("=", 1) for arg in sys.argv[6:]]
    data = os.path.join(work, size)
    rounds = {"big": int(rounds), "small": int(small_rounds)}
    print(f"| job | commit | median wall (s) | median CPU (s) | wall against {binaries[0][0]} | same output |")
    print("|---|---|---|---|---|---|")
    for j, (name, key, args) in enumerate(jobs(data, size, year)):
        times = {b: [] for b, _ in binaries}
        outs = {b: os.path.join(work, "out", f"{j}-{b}") for b, _ in binaries}
        for r in range(rounds[key]):
            # Each round in its own order, so that no binary always runs after the same one
            # (the files the one before wrote are still being flushed).
            for b, binary in random.Random(r).sample(binaries, len(binaries)):
                times[b].append(run_once(binary, args, outs[b]))
        first = binaries[0][0]
        base = statistics.median(w for w, _ in times[first])
        for b, _ in binaries:
            wall = statistics.median(w for w, _ in times[b])
            cpu = statistics.median(c for _, c in times[b])
            same = "yes" if same_output(outs[first], outs[b]) else "no"
            print(f"| {name} | {b} | {wall:.4f} | {cpu:.4f} | {wall / base:.2f}× | {same} |",
                  flush=True)
        for b, _ in binaries:
            shutil.rmtree(outs[b])


if __name__ == "__main__":
    main()
