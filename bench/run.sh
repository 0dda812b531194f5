#!/usr/bin/env bash
# Scheduler benchmark: Fan and Layers at 1k / 10k / 100k tasks on files (and up to 1M in memory),
# with 1 and 2 workers, in three modes:
#   cold     - nothing exists yet
#   complete - everything exists (the run must find that out and do nothing)
#   resume   - everything but the sink exists (only the sink runs)
# Each configuration runs REPEATS times (default 3) as a fresh JVM through bin/pipeline, so wall
# time includes JVM start; the CSV holds the median wall time and the peak RSS of that median run.
#
#   bench/run.sh                   # everything (about 10-20 minutes on 2 cores)
#   QUICK=1 bench/run.sh           # 1k and 10k only
#   BENCH_DIR=/dev/shm bench/run.sh  # where output files go (the file system matters a lot)
#
# Output: CSV on stdout: workload,size,workers,mode,wall_s,peak_rss_mb
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pipeline="$root/bin/pipeline"
repeats="${REPEATS:-3}"
base="${BENCH_DIR:-${TMPDIR:-/tmp}}"
work="$(mktemp -d "$base/pipeline-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export PIPELINE_JAVA_OPTS="${PIPELINE_JAVA_OPTS:--Xmx2g}"

"$pipeline" --version >/dev/null   # builds the jar and its start-up archive once, untimed
echo "# $(date -u +%FT%TZ) host=$(hostname) cores=$(nproc) fs=$(df -T "$work" | awk 'NR==2{print $2}') dir=$base java=$(java -version 2>&1 | head -1 | tr -d '"')" >&2

if [ "${QUICK:-0}" = 1 ]; then file_sizes="1000 10000"; mem_sizes="10000 100000"; else
  file_sizes="1000 10000 100000"; mem_sizes="10000 100000 1000000"; fi

# One timed run: prints "wall_s rss_mb"; fails loudly if the run fails.
timed() {
  local out rc
  out="$(mktemp)"
  set +e
  /usr/bin/time -f "%e %M" -o "$out.time" "$pipeline" run "$@" >"$out" 2>&1
  rc=$?
  set -e
  if [ $rc -ne 0 ]; then echo "bench: run failed (exit $rc): pipeline run $*" >&2; cat "$out" >&2; exit 1; fi
  awk '{printf "%s %.0f\n", $1, $2/1024}' "$out.time"
  rm -f "$out" "$out.time"
}

median() { sort -n -k1,1 | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'; }

args_for() {  # workload size -> task arguments
  case "$1" in
    Fan) echo "--n $2" ;;
    Layers) echo "--layers 10 --width $(( $2 / 10 ))" ;;
  esac
}

echo "workload,size,workers,mode,wall_s,peak_rss_mb"
for workload in Fan Layers; do
  for size in $file_sizes; do
    for workers in 1 2; do
      dir="$work/$workload-$size-$workers"
      for mode in cold complete resume; do
        results=""
        for ((r = 0; r < repeats; r++)); do
          case "$mode" in
            cold) rm -rf "$dir" ;;
            complete) [ -f "$dir/all.txt" ] || timed $workload $(args_for $workload $size) --out "$dir" --run-dir "$dir" >/dev/null ;;
            resume) rm -f "$dir/all.txt" ;;
          esac
          results+="$(timed $workload $(args_for $workload $size) --out "$dir" --run-dir "$dir" --workers $workers)"$'\n'
        done
        m="$(printf '%s' "$results" | median)"
        echo "$workload,$size,$workers,$mode,${m% *},${m#* }"
      done
      rm -rf "$dir"
    done
  done
  for size in $mem_sizes; do
    for workers in 1 2; do
      for mode in cold complete resume; do
        preset=none; [ $mode = complete ] && preset=all; [ $mode = resume ] && preset=all_but_sink
        results=""
        for ((r = 0; r < repeats; r++)); do
          results+="$(timed $workload $(args_for $workload $size) --storage memory --preset $preset --run-dir "$work/mem" --workers $workers)"$'\n'
        done
        m="$(printf '%s' "$results" | median)"
        echo "$workload-memory,$size,$workers,$mode,${m% *},${m#* }"
      done
    done
  done
done
