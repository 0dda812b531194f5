#!/usr/bin/env bash
# SLURM polling benchmark: with N tracked jobs (default 10,000), how many status commands one poll
# runs and how long parsing and matching the squeue output takes. The squeue output is generated
# in the exact format the executor requests; no SLURM is needed.
#
#   bench/slurm-poll.sh [N]
#
# Output: one line, e.g. jobs=10000 squeue_bytes=... status_calls_per_poll=1 parse_ms_median=...
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ ! -f cli/target/pipeline.jar ] || [ ! -f engine/target/test-classes/dev/pipeline/engine/executor/slurm/SlurmPollBench.class ] \
    || [ -n "$(find engine/src -newer cli/target/pipeline.jar -type f -print -quit)" ]; then
  mvn -q -B -DskipTests package >/dev/null
fi
exec java -cp cli/target/pipeline.jar:engine/target/test-classes \
  dev.pipeline.engine.executor.slurm.SlurmPollBench "${1:-10000}"
