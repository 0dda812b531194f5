#!/usr/bin/env bash
# Every figure of issue 20 in one command: bench/run.sh (QUICK=1: 1k and 10k; FULL=1 for all
# sizes) and every bench/fig-*.sh, as CSV rows figure,value,unit,target on stdout (target empty
# where none is set). A script that fails is reported on stderr and the rest still run; the exit
# status is then 1.
#
#   bench/all.sh > figures.csv                # about 10-15 minutes on 2 cores
#   REPEATS=3 BENCH_DIR=/dev/shm bench/all.sh  # options of the scripts pass through
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
status=0
echo "figure,value,unit,target"
quick=1; [ "${FULL:-0}" = 1 ] && quick=0
# bench/run.sh rows: workload,size,workers,mode,wall_s,peak_rss_mb
if ! QUICK=$quick "$here/run.sh" | awk -F, 'NR > 1 {
    name = $1 "-" $2 " " $3 "w " $4; target = ""
    if ($1 == "Fan" && $2 == 10000 && $4 == "cold") target = "1.0"
    if ($1 == "Fan" && $2 == 10000 && $4 == "resume") target = "0.35"
    printf "run %s wall,%s,s,%s\nrun %s peak rss,%s,MB,\n", name, $5, target, name, $6 }'; then
  echo "bench/all.sh: bench/run.sh failed" >&2; status=1
fi
for fig in "$here"/fig-*.sh; do
  if ! "$fig"; then echo "bench/all.sh: $(basename "$fig") failed" >&2; status=1; fi
done
exit $status
