#!/usr/bin/env bash
# Command tasks: Fan 1,000 where every leaf is a cfg command ([FanLeaf] command = touch {output}),
# cold, with 1 and 2 workers. Each run is a fresh JVM through bin/pipeline (JVM start included);
# the figures are medians of REPEATS runs (default 3): tasks per second (1,001 tasks: the leaves
# and the sink over the wall time), CPU milliseconds per task (user + system of the whole run and
# its children, divided by 1,001), and, from one traced run of Fan 100 when strace is installed,
# processes and execs per command task.
#
#   bench/fig-commands.sh                      # BENCH_DIR=/dev/shm by default (tmpfs)
#   REPEATS=5 N=1000 bench/fig-commands.sh
#
# Output: CSV rows figure,value,unit,target on stdout.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pipeline="$root/bin/pipeline"
repeats="${REPEATS:-3}"
n="${N:-1000}"
base="${BENCH_DIR:-/dev/shm}"
work="$(mktemp -d "$base/pipeline-fig-commands.XXXXXX")"
trap 'rm -rf "$work"' EXIT
printf '[FanLeaf]\ncommand = touch {output}\n' > "$work/touch.cfg"
"$pipeline" --version >/dev/null # builds the jar and its start-up archive once, untimed

median() { sort -n | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'; }

# One cold run: prints "wall_s cpu_s".
timed() {
  local dir="$work/run" out="$work/time"
  rm -rf "$dir"
  if ! /usr/bin/time -f "%e %U %S" -o "$out" "$pipeline" run Fan --n "$n" --out "$dir/out" \
      --run-dir "$dir" --config "$work/touch.cfg" --workers "$1" >"$work/log" 2>&1; then
    echo "fig-commands: run failed:" >&2
    tail -5 "$work/log" >&2
    exit 1
  fi
  awk '{printf "%s %.3f\n", $1, $2 + $3}' "$out"
}

tasks=$((n + 1))
for workers in 1 2; do
  runs=""
  for ((r = 0; r < repeats; r++)); do runs+="$(timed "$workers")"$'\n'; done
  wall="$(printf '%s' "$runs" | awk '{print $1}' | median)"
  cpu="$(printf '%s' "$runs" | awk '{print $2}' | median)"
  target=$((workers == 1 ? 250 : 500))
  awk -v t="$tasks" -v w="$wall" -v k="$workers" -v g="$target" \
    'BEGIN {printf "commands_fan%d_w%d,%.0f,tasks/s,>=%d\n", t - 1, k, t / w, g}'
  awk -v t="$tasks" -v c="$cpu" -v k="$workers" \
    'BEGIN {printf "commands_cpu_w%d,%.1f,ms/task,\n", k, 1000 * c / t}'
done

if command -v strace >/dev/null; then
  dir="$work/traced"
  strace -f -qq -e trace=execve,fork,vfork,clone,clone3 -o "$work/strace" \
    "$pipeline" run Fan --n 100 --out "$dir/out" --run-dir "$dir" --config "$work/touch.cfg" \
    --workers 1 >/dev/null 2>&1
  # Compared with the same run without commands, so the JVM's own threads and start-up cancel out.
  dir="$work/plain"
  strace -f -qq -e trace=execve,fork,vfork,clone,clone3 -o "$work/strace-plain" \
    "$pipeline" run Fan --n 100 --out "$dir/out" --run-dir "$dir" --workers 1 >/dev/null 2>&1
  count() { # processes (fork, vfork, clone without CLONE_THREAD) and successful execs
    awk '/ (vfork|fork)\(/ && !/resumed/ {p++}
         / clone3?\(/ && !/CLONE_THREAD/ && !/resumed/ {p++}
         / execve\(/ && !/= -1/ && !/unfinished/ {e++}
         / <\.\.\. execve resumed>/ && !/= -1/ {e++}
         END {print p + 0, e + 0}' "$1"
  }
  read -r p1 e1 < <(count "$work/strace")
  read -r p0 e0 < <(count "$work/strace-plain")
  echo "commands_processes,$(awk -v a="$p1" -v b="$p0" 'BEGIN {printf "%.2f", (a - b) / 100}'),processes/task,"
  echo "commands_execs,$(awk -v a="$e1" -v b="$e0" 'BEGIN {printf "%.2f", (a - b) / 100}'),execs/task,"
fi
