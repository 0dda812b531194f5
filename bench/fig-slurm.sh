#!/usr/bin/env bash
# Remote scale on the real single-node SLURM (scripts/slurm-test-cluster.sh): Fan N with
# --executor slurm (default N=2000; the leaves go out as job arrays), counting every sbatch,
# squeue, scontrol, sacct and scancel call through logging shims ([slurm] bin_dir), the engine's
# CPU time (the `pipeline run` process and the SLURM clients it starts; the jobs themselves run
# under slurmd and are SLURM's share), the wall time, and the largest array submitted against the
# cluster's MaxArraySize (read from `scontrol show config`). MAX_ARRAY=K lowers the cluster's
# MaxArraySize to K for the run (and restores it), to check that bigger fan-outs are split.
# Starts the cluster if it is not running and stops it again afterwards; cancels every job of
# this user that is left.
#
#   N=200 MAX_ARRAY=50 bench/fig-slurm.sh
#
# Output: CSV rows figure,value,unit,target on stdout (one run: every job is a JVM on the node).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pipeline="$root/bin/pipeline"
n="${N:-2000}"
poll="${POLL:-5}"
work="$(mktemp -d "${BENCH_DIR:-/tmp}/pipeline-fig-slurm.XXXXXX")"
conf=/etc/slurm/slurm.conf
started=""
restore=""
cleanup() {
  scancel -u "$(id -un)" >/dev/null 2>&1 || true
  if [ -n "$restore" ]; then cp "$restore" "$conf" && scontrol reconfigure >/dev/null 2>&1 || true; fi
  if [ -n "$started" ]; then "$root/scripts/slurm-test-cluster.sh" stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
if ! scontrol ping >/dev/null 2>&1; then
  "$root/scripts/slurm-test-cluster.sh" start >&2
  started=1
fi
if [ -n "${MAX_ARRAY:-}" ]; then
  restore="$work/slurm.conf.orig"
  cp "$conf" "$restore"
  grep -v '^MaxArraySize' "$restore" > "$conf"
  echo "MaxArraySize=$MAX_ARRAY" >> "$conf"
  scontrol reconfigure >&2
fi
max_array="$(scontrol show config | awk -F= '/^MaxArraySize/ {gsub(/ /, "", $2); print $2}')"
"$pipeline" --version >/dev/null # builds the jar once, untimed

mkdir -p "$work/bin"
for program in sbatch squeue scontrol sacct scancel; do
  printf '#!/bin/sh\necho "%s $*" >> "%s/calls"\nexec /usr/bin/%s "$@"\n' \
    "$program" "$work" "$program" > "$work/bin/$program"
  chmod +x "$work/bin/$program"
done
printf '[slurm]\nbin_dir = %s\npoll_interval = %ss\nmax_array_size = 100000\n' "$work/bin" "$poll" \
  > "$work/pipeline.cfg"
touch "$work/calls"

if ! /usr/bin/time -f "%e %U %S" -o "$work/time" "$pipeline" run Fan --n "$n" --out "$work/out" \
    --run-dir "$work/run" --executor slurm --config "$work/pipeline.cfg" >"$work/log" 2>&1; then
  echo "fig-slurm: run failed:" >&2
  tail -20 "$work/log" >&2
  exit 1
fi
read -r wall user sys < "$work/time"
calls() { grep -c "^$1 " "$work/calls" || true; }
largest="$(grep -rhos -- '--array=0-[0-9]*' "$work/run/.pipeline" | sed 's/.*-//' | sort -n | tail -1)"
largest=$(( ${largest:--1} + 1 ))
echo "slurm_fan${n}_wall,$wall,s,"
# Scaled by N: meaningful for large N only (JVM start and one squeue per interval are fixed costs).
awk -v u="$user" -v s="$sys" 'BEGIN {printf "slurm_engine_cpu,%.2f,s,\n", u + s}'
awk -v u="$user" -v s="$sys" -v n="$n" \
  'BEGIN {printf "slurm_engine_cpu_per_10k_jobs,%.2f,s,<=5\n", (u + s) * 10000 / n}'
awk -v u="$user" -v s="$sys" -v w="$wall" \
  'BEGIN {printf "slurm_share_of_wall,%.2f,fraction,\n", 1 - (u + s) / w}'
echo "slurm_sbatch_calls,$(calls sbatch),calls,"
squeue_calls="$(calls squeue)"
echo "slurm_squeue_calls,$squeue_calls,calls,"
awk -v c="$squeue_calls" -v w="$wall" -v p="$poll" \
  'BEGIN {printf "slurm_squeue_per_poll_interval,%.2f,calls,<=1\n", c / (w / p)}'
echo "slurm_scontrol_calls,$(calls scontrol),calls,"
echo "slurm_max_array_size,$max_array,jobs,"
echo "slurm_largest_array,$largest,jobs,<=$max_array"
left="$(squeue -h -u "$(id -un)" | wc -l)"
echo "slurm_jobs_left,$left,jobs,0"
