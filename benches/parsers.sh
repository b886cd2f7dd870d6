#!/usr/bin/env bash
# Parses a generated dataset's four files into mesograph's typed records with each parser
# (mesograph's own route; serde_json, sonic-rs and simd-json on each whole file; the same three in
# mesograph's two-thread split, see benches/parsers/src/split.rs), each run in its own process,
# rounds interleaved, and prints for each the median wall seconds, the best (on a shared machine,
# a two-thread parser's wall time depends on whether another process holds the second core), the
# median CPU seconds (user + system, then each apart: system time is mostly the kernel clearing
# fresh pages) and the median peak memory. First checks that every parser reads the same records.
# Never run by scripts/test.
#
#   benches/parsers.sh [SIZE] [ROUNDS]      default L, 7
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-L}
ROUNDS=${2:-7}
DATA=bench-data/parsers
(cd benches/parsers && cargo build --release)
BIN=benches/parsers/target/release/mesograph-parsers
if [ ! -d "$DATA/$SIZE" ]; then
  cargo build --release --bin mesograph-bench
  target/release/mesograph-bench gen "$SIZE" "$DATA/$SIZE"
fi
"$BIN" check "$DATA/$SIZE"
PARSERS="mesograph serde_json sonic-rs simd-json serde_json-split sonic-rs-split simd-json-split"
: > "$DATA/times.tsv"
echo "load at start: $(uptime)"
for round in $(seq "$ROUNDS"); do
  for p in $PARSERS; do
    /usr/bin/time -f "$p	%e	%U	%S	%M" -a -o "$DATA/times.tsv" "$BIN" "$p" "$DATA/$SIZE" > /dev/null
  done
done
echo "load at end: $(uptime)"
python3 - "$DATA/times.tsv" "$SIZE" "$ROUNDS" <<'PY'
import statistics, sys
rows = [line.split("\t") for line in open(sys.argv[1]) if line.strip()]
print(f"| parser | wall (s) | wall, best (s) | CPU user+sys (s) | user (s) | sys (s) | peak memory (MiB) |   ({sys.argv[2]}, median of {sys.argv[3]})")
print("|---|---|---|---|---|---|---|")
for p in dict.fromkeys(r[0] for r in rows):
    mine = [r for r in rows if r[0] == p]
    wall = statistics.median(float(r[1]) for r in mine)
    best = min(float(r[1]) for r in mine)
    cpu = statistics.median(float(r[2]) + float(r[3]) for r in mine)
    user = statistics.median(float(r[2]) for r in mine)
    system = statistics.median(float(r[3]) for r in mine)
    mem = statistics.median(int(r[4]) for r in mine) / 1024
    print(f"| {p} | {wall:.3f} | {best:.3f} | {cpu:.3f} | {user:.3f} | {system:.3f} | {mem:.0f} |")
PY
