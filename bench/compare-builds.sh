#!/usr/bin/env bash
# Runs one benchmark script in another checkout (the previous commit: git worktree add /tmp/prev <rev>) and in this tree,
# alternating, so both builds meet the same spells of this shared machine; each run uses its own tree's script and build.
# Usage: bench/compare-builds.sh <other-tree> <rounds> <script> [args...]
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
other=$1 rounds=$2
shift 2
for round in $(seq 1 "$rounds"); do
  echo "=== round $round: previous build ($(git -C "$other" rev-parse --short HEAD))"
  (cd "$other" && "$@")
  echo "=== round $round: this build ($(git -C "$here" rev-parse --short HEAD))"
  (cd "$here" && "$@")
done
