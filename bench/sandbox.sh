#!/usr/bin/env bash
# Sandbox benchmark. Every figure is CPU-based or a peak RSS (wall time on a shared machine means
# little); wall time is printed too, for a quiet machine.
#
#   bench/sandbox.sh            # the default run (bash run.sh from pipeline-init) and inference
#                               # throughput at 2048 Hz on a small set (about 5 min of CPU)
#   SCALE=1 bench/sandbox.sh    # adds the scale run: 2048 Hz, 10^4 injections, 1 week of background,
#                               # and the memory points (Tb and injections doubled); hours of CPU
#
# Output: CSV on stdout: case,wall_s,cpu_s,peak_rss_mb,windows,windows_per_cpu_s,note
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pipeline="$root/bin/pipeline"
work="$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/sandbox-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
"$pipeline" --version >/dev/null   # builds the jar once, untimed
echo "# $(date -u +%FT%TZ) host=$(hostname) cores=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "case,wall_s,cpu_s,peak_rss_mb,windows,windows_per_cpu_s,note"

# timed NAME OUT_DIR CMD...: one run under /usr/bin/time; the Infer figures come from its metadata.
timed() {
  local name=$1 out=$2; shift 2
  local t="$work/$name.time"
  /usr/bin/time -f "%e %U %S %M" -o "$t" "$@" > "$work/$name.log" 2>&1 || { cat "$work/$name.log" >&2; exit 1; }
  read -r wall user sys rss < "$t"
  local meta="$out/infer/metadata.json" windows="" rate="" note=""
  if [ -f "$meta" ]; then
    windows=$(sed -n 's/.*"windows" : \([0-9]*\).*/\1/p' "$meta")
    rate=$(sed -n 's/.*"windows_per_cpu_second" : \([0-9.eE+-]*\).*/\1/p' "$meta")
    note="Infer CPU $(sed -n 's/.*"cpu_seconds" : \([0-9.]*\).*/\1/p' "$meta") s"
  fi
  echo "$name,$wall,$(echo "$user + $sys" | bc),$((rss / 1024)),$windows,$rate,$note"
}

# 1. The README's default: pipeline-init's run.sh (256 Hz, 1 day of background, 3000 injections).
"$root/bin/pipeline-init" sandbox --directory "$work/run" > /dev/null
timed default-run.sh "$work/run" bash "$work/run/run.sh"

# 2. Inference throughput at 2048 Hz (6 h of background, the anti-aliasing front end in the model).
timed infer-2048Hz "$work/r2048" "$pipeline" run Sandbox --out_dir "$work/r2048" --run-dir "$work/r2048" \
  --workers 2 --sample_rate 2048 --GenerateTestData-test_duration 1024 --GenerateTestData-num_injections 1000 \
  --Infer-Tb 21600

if [ "${SCALE:-0}" = 1 ]; then
  # 3. The scale run, then the same with Tb and with the injections doubled (memory points).
  scale() {
    "$pipeline" run Sandbox --out_dir "$1" --run-dir "$1" --workers 2 --sample_rate 2048 \
      --GenerateTestData-test_duration 20000 --GenerateTestData-num_injections "$2" --Infer-Tb "$3"
  }
  timed scale "$work/scale" scale "$work/scale" 10000 604800
  timed scale-2Tb "$work/scale2t" scale "$work/scale2t" 10000 1209600
  timed scale-2inj "$work/scale2i" scale "$work/scale2i" 20000 604800
fi
