#!/usr/bin/env bash
# Inspection at scale (issue 20): status, graph and remove-output --depth -1 --dry-run (every
# output of the tree) on Fan 10,000 and
# Fan 100,000 whose outputs exist (a finished run), fresh JVMs through bin/pipeline. Median wall
# time (targets 0.5 s and 3 s), median CPU time and peak RSS (target 512 MB). QUICK=1: 10,000 only.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
work="$(mktemp -d "$base/pipeline-inspect.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export PIPELINE_JAVA_OPTS="${PIPELINE_JAVA_OPTS:-}"
"$pipeline" --version >/dev/null
sizes="10000 100000"; [ "${QUICK:-0}" = 1 ] && sizes=10000
for n in $sizes; do
  target=0.5; [ "$n" -ge 100000 ] && target=3
  dir="$work/fan-$n"
  PIPELINE_JAVA_OPTS=-Xmx2g "$pipeline" run Fan --n "$n" --out "$dir" --workers 2 --run-dir "$dir" >/dev/null
  fan=(Fan --n "$n" --out "$dir" --run-dir "$dir")
  for command in status graph "remove-output --depth -1 --dry-run"; do
    name="${command%% *}"
    read -r wall cpu rss < <(timed_median "$repeats" "$pipeline" $command "${fan[@]}")
    row "inspect $name Fan-$n wall" "$wall" s "$target"
    row "inspect $name Fan-$n cpu" "$cpu" s
    row "inspect $name Fan-$n peak rss" "$rss" MB 512
  done
  rm -rf "$dir"
done
