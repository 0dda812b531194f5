#!/bin/bash
{{header}}
# pipeline grid job ({{executor}}): runs one entry of this submission under the job wrapper.
# Entry N is the file N.job next to this script (N = the array index, 0 for a single job): fields
# separated by NUL bytes: exit-code file, log file, working directory, the number of environment
# variables, the variables (NAME=value), then the program and its arguments. The engine writes the
# entries; the wrapper (job-wrapper.sh) writes the exit-code file, which decides the job's outcome.
set -u
# The array index: SLURM, PBS Pro, Torque and HTCondor count from 0; LSF counts from 1 (and sets
# LSB_JOBINDEX=0 outside an array).
index=${SLURM_ARRAY_TASK_ID:-${PBS_ARRAY_INDEX:-${PBS_ARRAYID:-${PIPELINE_ARRAY_INDEX:-0}}}}
[ "${LSB_JOBINDEX:-0}" -gt 0 ] && index=$((LSB_JOBINDEX - 1))
entry={{submission}}/"$index".job
f=()
while IFS= read -r -d '' field; do f+=("$field"); done < "$entry"
if [ ${#f[@]} -lt 5 ]; then
  echo "pipeline: cannot read job entry $entry" >&2
  exit 97
fi
n_env=${f[3]}
for kv in "${f[@]:4:n_env}"; do export "$kv"; done
exec >>"${f[1]}" 2>&1
cd "${f[2]}" || exit 98
exec /bin/bash {{wrapper}} "${f[0]}" -- "${f[@]:$((4 + n_env))}"
