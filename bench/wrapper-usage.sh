#!/usr/bin/env bash
# What resource accounting costs per command task: the job wrapper of this checkout against the
# one before accounting (git show a8df117:templates/job-wrapper.sh), each run N times on `true`
# (--engine-pipe, as local jobs run). Measures CPU time (user + sys of everything the wrappers
# started, from bash's `times`) and processes started (from /proc/stat's fork counter), which do
# not depend on the machine's load; wall time is printed for reference only.
#
#   bench/wrapper-usage.sh          # N=300
#   N=1000 bench/wrapper-usage.sh
#
# Output: CSV on stdout: wrapper,runs,cpu_ms_per_job,forks_per_job,wall_ms_per_job
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${N:-300}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git -C "$root" show a8df117:templates/job-wrapper.sh > "$work/before.sh"
cp "$root/templates/job-wrapper.sh" "$work/after.sh"

forks() { awk '/^processes/ {print $2}' /proc/stat; }

measure() { # name script
  local name=$1 script=$2
  bash -c '
    n=$1; script=$2; dir=$3
    for ((i = 0; i < n; i++)); do
      setsid bash "$script" "$dir/exit" --engine-pipe -- true < <(sleep 30) 2>/dev/null
    done
    times' _ "$n" "$script" "$work" > "$work/times.$name" &
  local f0 t0
  f0=$(forks); t0=$(date +%s%N)
  wait $!
  local t1 f1
  t1=$(date +%s%N); f1=$(forks)
  # children's user and sys (second line of `times`): 0m1.234s 0m0.567s
  awk -v n="$n" -v name="$name" -v forks=$((f1 - f0)) -v wall=$(((t1 - t0) / 1000000)) '
    NR == 2 {
      split($1, u, /[ms]/); split($2, s, /[ms]/)
      cpu = (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * 1000
      printf "%s,%d,%.2f,%.2f,%.2f\n", name, n, cpu / n, forks / n, wall / n
    }' "$work/times.$name"
}

echo "wrapper,runs,cpu_ms_per_job,forks_per_job,wall_ms_per_job"
measure before "$work/before.sh"
measure after "$work/after.sh"
echo "# forks_per_job counts every process on the machine meanwhile (other users add noise); the sleep feeding the engine pipe is one of them"
