#!/usr/bin/env bash
# Sweeps: a grid of DIGITS parameters of 10 values each (default 4: 10,000 points) whose one
# command is `true`, run with 2 workers; then `--dry-run` and a rerun over the finished sweep (every
# point skipped), and `--summary`. Each is a fresh JVM through bin/pipeline (JVM start included);
# medians of REPEATS runs (default 3; the full sweep runs REPEATS times too, from scratch).
#
#   bench/fig-sweep.sh                 # BENCH_DIR=/dev/shm by default (tmpfs)
#   DIGITS=3 REPEATS=1 bench/fig-sweep.sh
#
# Output: CSV rows figure,value,unit,target on stdout.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pipeline="$root/bin/pipeline"
repeats="${REPEATS:-3}"
digits="${DIGITS:-4}"
work="$(mktemp -d "${BENCH_DIR:-/dev/shm}/pipeline-fig-sweep.XXXXXX")"
trap 'rm -rf "$work"' EXIT
points=1
{
  printf 'template:\n  run: "true"\n---\n'
  for ((d = 0; d < digits; d++)); do
    printf 'p%d: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]\n' "$d"
    points=$((points * 10))
  done
} > "$work/grid.yaml"
"$pipeline" --version >/dev/null # builds the jar and its start-up archive once, untimed

median() { sort -n | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'; }

# One timed command: prints "wall_s cpu_s"; fails loudly.
timed() {
  if ! /usr/bin/time -f "%e %U %S" -o "$work/time" "$pipeline" "$@" >"$work/log" 2>&1; then
    echo "fig-sweep: failed: pipeline $*" >&2
    tail -5 "$work/log" >&2
    exit 1
  fi
  awk '{printf "%s %.3f\n", $1, $2 + $3}' "$work/time"
}

# figure target command...: the median over REPEATS runs
figure() {
  local name=$1 target=$2 runs="" r
  shift 2
  for ((r = 0; r < repeats; r++)); do runs+="$(timed "$@")"$'\n'; done
  echo "$name,$(printf '%s' "$runs" | awk '{print $1}' | median),s,$target"
  echo "${name}_cpu,$(printf '%s' "$runs" | awk '{print $2}' | median),s,"
}

out="$work/out"
runs=""
for ((r = 0; r < repeats; r++)); do
  rm -rf "$out"
  runs+="$(timed sweep -y "$work/grid.yaml" -o "$out" --workers 2)"$'\n'
done
echo "sweep_${points}_w2,$(printf '%s' "$runs" | awk '{print $1}' | median),s,<=20"
echo "sweep_${points}_cpu,$(printf '%s' "$runs" | awk -v n="$points" '{print 1000 * $2 / n}' | median),ms/point,"
figure "sweep_${points}_dry_run" "<=0.5" sweep -y "$work/grid.yaml" -o "$work/fresh" --dry-run
figure "sweep_${points}_rerun_all_skipped" "<=0.5" sweep -y "$work/grid.yaml" -o "$out" --workers 2
figure "sweep_${points}_summary" "<=0.5" sweep --summary -o "$out"
