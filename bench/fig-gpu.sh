#!/usr/bin/env bash
# GPU scheduling quality (issue 20): bench.GpuMix (tasks that sleep: 1- and 2-GPU trials, some after
# a CPU step, plus CPU-only tasks; seeded) on pools of 4 and 8 GPU ids with 10 trials per GPU.
# Per workload: the makespan from the journal over the lower bound max(critical path,
# GPU-seconds / GPUs), both from the measured task durations (target <= 1.05), with the trials
# declaring priority = GPU-milliseconds (longest first, as GpuMix does by default) and, for
# comparison, without priorities (in order of readiness). SEEDS (default "1 2") and UNIT
# (milliseconds per duration unit, default 100: runs of ~11 s) shape it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
work="$(mktemp -d "$base/pipeline-gpu.XXXXXX")"
trap 'rm -rf "$work"' EXIT
"$pipeline" --version >/dev/null
for gpus in 4 8; do
  pool="$(seq -s, 0 $((gpus - 1)))"
  for seed in ${SEEDS:-1 2}; do
    for order in true false; do
      dir="$work/pool$gpus-seed$seed-$order"
      mkdir -p "$dir"
      "$pipeline" run GpuMix --seed "$seed" --trials $((10 * gpus)) --unit "${UNIT:-100}" --storage memory \
        --longest_first "$order" --out "mix-$order" --gpus "$pool" --workers $((gpus + 4)) --run-dir "$dir" >/dev/null
      read -r makespan bound ratio _ _ wide _ < <(python3 "$root/bench/gpu-makespan.py" "$dir/.pipeline/journal.jsonl" "$gpus")
      name="gpu pool$gpus seed$seed ($wide 2-GPU tasks)"; target=1.05
      [ "$order" = false ] && { name="$name no priorities"; target=""; }
      row "$name makespan/lower bound" "$ratio" x "$target"
      row "$name makespan" "$makespan" s
      row "$name lower bound" "$bound" s
    done
  done
done
