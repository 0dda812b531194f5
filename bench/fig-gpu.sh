#!/usr/bin/env bash
# GPU scheduling quality (issue 20): bench.GpuMix (tasks that sleep: 1- and 2-GPU trials, some after
# a CPU step, plus CPU-only tasks; seeded) on pools of 4 and 8 GPU ids with 10 trials per GPU.
# Per workload: the makespan from the journal over the lower bound max(critical path,
# GPU-seconds / GPUs), both from the measured task durations (target <= 1.05), and how far into
# the run the last 2-GPU task started (a starved one would start at the very end). SEEDS (default
# "1 2 3") and UNIT (milliseconds per duration unit, default 100: runs of ~11 s) shape it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
work="$(mktemp -d "$base/pipeline-gpu.XXXXXX")"
trap 'rm -rf "$work"' EXIT
"$pipeline" --version >/dev/null
for gpus in 4 8; do
  pool="$(seq -s, 0 $((gpus - 1)))"
  for seed in ${SEEDS:-1 2 3}; do
    dir="$work/pool$gpus-seed$seed"
    mkdir -p "$dir"
    "$pipeline" run GpuMix --seed "$seed" --trials $((10 * gpus)) --unit "${UNIT:-100}" --storage memory \
      --out mix --gpus "$pool" --workers $((gpus + 4)) --run-dir "$dir" >/dev/null
    read -r makespan bound ratio _ _ wide last_wide < <(python3 "$root/bench/gpu-makespan.py" "$dir/.pipeline/journal.jsonl" "$gpus")
    row "gpu pool$gpus seed$seed makespan/lower bound" "$ratio" x 1.05
    row "gpu pool$gpus seed$seed makespan" "$makespan" s
    row "gpu pool$gpus seed$seed lower bound" "$bound" s
    row "gpu pool$gpus seed$seed last 2-GPU start (share of run; $wide tasks)" "$last_wide" x
  done
done
