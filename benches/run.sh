#!/usr/bin/env bash
# Benchmarks mesograph against networkx and raphtory on generated datasets, and writes the
# results table into docs/performance.md (between its "results" markers). Never run by scripts/test.
#
#   benches/run.sh                  sizes S M L XL (baselines S M L), 5 runs of mesograph, 3 of each baseline
#   SIZES="M L XL" RUNS=3 benches/run.sh
#
# Environment: SIZES (S M L XL), RUNS (mesograph runs, median taken), ALL_RUNS (runs of
# mesograph's every-year job, default RUNS), BASE_RUNS (baseline
# runs), BASE_SIZES (sizes the baselines run at), BASE_ALL_SIZES (sizes at which the baselines
# also do every year; they take minutes each), TIMEOUT (seconds per run), YEAR (one-year job).
# Needs python3 with networkx and raphtory (pip install networkx raphtory) and hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"S M L XL"}
RUNS=${RUNS:-5}
ALL_RUNS=${ALL_RUNS:-$RUNS}
BASE_RUNS=${BASE_RUNS:-3}
BASE_SIZES=${BASE_SIZES:-"S M L"}
BASE_ALL_SIZES=${BASE_ALL_SIZES:-"S M L"}
TIMEOUT=${TIMEOUT:-3600}
YEAR=${YEAR:-2010}
DATA=bench-data
RESULTS=$DATA/results.tsv
FLOOR=$DATA/floor.txt
M=benches/measure.py

cargo build --release --bins
BIN=target/release
mkdir -p "$DATA"
: > "$RESULTS"
: > "$FLOOR"
LOAD_START=$(uptime)
echo "load at start: $LOAD_START"

contains() { [[ " $1 " == *" $2 "* ]]; }

for size in $SIZES; do
  dir=$DATA/$size
  rm -rf "$dir"
  "$BIN/mesograph-bench" gen "$size" "$dir"   # always afresh: the data follows the generator
  bytes=$(cat "$dir"/*.json | wc -c)
  echo "$size bytes $bytes" >> "$FLOOR"
  # The floor: a whole process that reads the files and parses them into IgnoredAny.
  python3 $M run "$DATA/floor.tsv" "$size" floor one "$RUNS" "$TIMEOUT" "$DATA/out/floor" -- \
    "$BIN/mesograph-bench" floor "$dir"
  echo "$size process $(tail -1 "$DATA/floor.tsv" | cut -f4)" >> "$FLOOR"
  echo "$size read $(grep '^floor read' "$DATA/out/floor.stdout" | cut -d' ' -f3)" >> "$FLOOR"
  echo "$size parse $(grep '^floor parse' "$DATA/out/floor.stdout" | cut -d' ' -f3)" >> "$FLOOR"
  "$BIN/mesograph-bench" counts "$dir" > "$DATA/$size.counts"

  out=$DATA/out/mesograph-$size
  python3 $M run "$RESULTS" "$size" mesograph one "$RUNS" "$TIMEOUT" "$out" -- \
    "$BIN/mesograph" --data "$dir" export --year "$YEAR" --format json -o "$out/$YEAR.json"
  python3 $M jsoncounts "$out/$YEAR.json" "$YEAR" > "$out.json-counts"
  python3 $M counts "$DATA/$size.counts" "$out.json-counts" "$YEAR"
  python3 $M run "$RESULTS" "$size" mesograph all "$ALL_RUNS" "$TIMEOUT" "$out" -- \
    "$BIN/mesograph" --data "$dir" export --all-years --format dot --format json --out "$out"
  [ "$(ls "$out" | wc -l)" = 82 ] || { echo "mesograph wrote $(ls "$out" | wc -l) files, not 82"; exit 1; }
  # The floor of the every-year job's writing: files of the same names and sizes, each written
  # whole (a temporary file, then a rename) by a process that does nothing else.
  (cd "$out" && stat -c '%n %s' -- *) > "$DATA/$size.files"
  rm -rf "$out"
  echo "$size written $(awk '{s += $2} END {print s}' "$DATA/$size.files")" >> "$FLOOR"
  python3 $M run "$DATA/floor.tsv" "$size" files all "$ALL_RUNS" "$TIMEOUT" "$DATA/out/files" -- \
    "$BIN/mesograph-bench" files "$DATA/$size.files" "$DATA/out/files"
  echo "$size files $(tail -1 "$DATA/floor.tsv" | cut -f4)" >> "$FLOOR"
  rm -rf "$DATA/out/files"

  contains "$BASE_SIZES" "$size" || continue
  for tool in networkx raphtory; do
    out=$DATA/out/$tool-$size
    script=benches/baselines/${tool}_baseline.py
    python3 $M run "$RESULTS" "$size" "$tool" one "$BASE_RUNS" "$TIMEOUT" "$out" -- \
      python3 "$script" "$dir" --year "$YEAR" --format json --out "$out/$YEAR.json"
    python3 $M counts "$DATA/$size.counts" "$out.stdout" "$YEAR" && echo "$size $tool one: counts match"
    if contains "$BASE_ALL_SIZES" "$size"; then
      python3 $M run "$RESULTS" "$size" "$tool" all 1 "$TIMEOUT" "$out" -- \
        python3 "$script" "$dir" --all-years --out "$out"
      python3 $M counts "$DATA/$size.counts" "$out.stdout" && echo "$size $tool all: counts match"
    fi
    rm -rf "$out"
  done
done

# The built-in dataset: every command well under 5 ms.
mkdir -p "$DATA/out"
hyperfine -N --warmup 20 --runs 200 --export-json "$DATA/builtin.json" \
  "$BIN/mesograph check" \
  "$BIN/mesograph export --year 2010" \
  "$BIN/mesograph export --year 2010 --format json" \
  "$BIN/mesograph export --format json" \
  "$BIN/mesograph export --format gexf" \
  "$BIN/mesograph export --format graphml" \
  "$BIN/mesograph export --format cytoscape" \
  "$BIN/mesograph export --year 2012 --format mermaid" \
  "$BIN/mesograph export --year 2012 --format csv --out $DATA/out/csv" \
  "$BIN/mesograph actors" \
  "$BIN/mesograph milestones" \
  "$BIN/mesograph neighbours genci --year 2012" \
  "$BIN/mesograph path CNRS Equip@Meso --year 2012" \
  "$BIN/mesograph history genci" \
  "$BIN/mesograph diff 2009 2012" \
  "$BIN/mesograph stats --year 2012" \
  "$BIN/mesograph stats --all-years" \
  "$BIN/mesograph schema links" \
  "$BIN/mesograph atlas -o $DATA/out/atlas.html" \
  "$BIN/mesograph render --year 2012 -o $DATA/out/2012.svg" \
  "$BIN/mesograph export --all-years --format dot --format json --out $DATA/out/builtin" >/dev/null
# What two of those commands cannot go below: Graphviz starting (`render` runs it twice), and the
# 178 files of `export --all-years` replaced whole by a process that does nothing else.
(cd "$DATA/out/builtin" && stat -c '%n %s' -- *) > "$DATA/builtin.files"
mkdir -p "$DATA/out/files-builtin"
hyperfine -N --warmup 5 --runs 100 --export-json "$DATA/builtin-floor.json" \
  "dot -V" \
  "$BIN/mesograph-bench files $DATA/builtin.files $DATA/out/files-builtin" >/dev/null
rm -rf "$DATA/out"

LOAD_END=$(uptime)
MACHINE="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB; load at start:${LOAD_START#*load average:}, at end:${LOAD_END#*load average:}; $(date -u +%Y-%m-%d)"
{
  python3 $M report "$RESULTS" "$FLOOR" "$MACHINE"
  echo
  echo "| built-in dataset | median | max |"
  echo "|---|---|---|"
  python3 -c '
import json, sys
floors = {"dot -V": "Graphviz starting, no layout (`render` runs Graphviz twice)",
          "mesograph-bench files": "the 178 files of `export --all-years` replaced whole, nothing else"}
for results, floor in ((sys.argv[1], False), (sys.argv[3], True)):
    for r in json.load(open(results))["results"]:
        cmd, med, top = r["command"].replace(sys.argv[2] + "/", ""), r["median"] * 1000, r["max"] * 1000
        what = f"floor: `{cmd}`: " + next(v for k, v in floors.items() if cmd.startswith(k)) if floor else f"`{cmd}`"
        print(f"| {what} | {med:.2f} ms | {top:.2f} ms |")
' "$DATA/builtin.json" "$BIN" "$DATA/builtin-floor.json"
} > "$DATA/table.md"
cat "$DATA/table.md"

# Replace the results section of docs/performance.md.
python3 - "$DATA/table.md" <<'PY'
import re, sys
table = open(sys.argv[1]).read().strip()
text = open("docs/performance.md").read()
start, end = "<!-- results:start -->", "<!-- results:end -->"
new = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda m: f"{start}\n{table}\n{end}", text, flags=re.S)
open("docs/performance.md", "w").write(new)
PY
echo "docs/performance.md updated"
