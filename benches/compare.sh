#!/usr/bin/env bash
# Compares the release binaries of several commits on the same jobs, rounds interleaved (one run
# of each binary per round), and prints each job's median wall and CPU seconds per commit with
# its ratio to the first commit. This is how a change that should not cost time is checked
# (docs/performance.md, "Before and after"). Never run by scripts/test.
#
#   benches/compare.sh BEFORE AFTER [MORE...]     commits (anything git rev-parse takes)
#
# Environment: ROUNDS (rounds of the L jobs, default 5), SMALL_ROUNDS (rounds of the built-in
# jobs, default 30), SIZE (generated dataset, default L), YEAR (one-year job, default 2010).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { sed -n '2,10p' "$0"; exit 2; }
ROUNDS=${ROUNDS:-5}
SMALL_ROUNDS=${SMALL_ROUNDS:-30}
SIZE=${SIZE:-L}
YEAR=${YEAR:-2010}
WORK=bench-data/compare
mkdir -p "$WORK"

# One release build per commit, each in its own worktree and target folder (kept between runs:
# a commit's binary never changes).
bins=()
for rev in "$@"; do
  commit=$(git rev-parse --short=12 "$rev^{commit}")
  bin=$WORK/bin/$commit/mesograph
  if [ ! -x "$bin" ]; then
    tree=$WORK/tree/$commit
    target=$PWD/$WORK/target/$commit
    [ -d "$tree" ] || git worktree add -q --detach "$tree" "$commit"
    (cd "$tree" && CARGO_TARGET_DIR="$target" cargo build -q --release --bin mesograph --bin mesograph-bench)
    mkdir -p "$(dirname "$bin")"
    cp "$target/release/mesograph" "$target/release/mesograph-bench" "$(dirname "$bin")"
  fi
  bins+=("$commit=$bin")
done

# The dataset, made by the last commit's generator (the same bytes for every binary; the
# newest checks are the strictest).
if [ ! -d "$WORK/$SIZE" ]; then
  "$(dirname "${bins[-1]#*=}")/mesograph-bench" gen "$SIZE" "$WORK/$SIZE"
fi

echo "load at start: $(uptime)"
python3 benches/compare.py "$WORK" "$SIZE" "$YEAR" "$ROUNDS" "$SMALL_ROUNDS" "${bins[@]}"
echo "load at end: $(uptime)"
