#!/usr/bin/env bash
# Benchmarks: figures as ratios against baselines run in the same process.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
for b in bench/bench_*.py; do
  echo "== $b"
  $PY "$b" "$@"
done
