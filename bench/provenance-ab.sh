#!/usr/bin/env bash
# CPU time (user+sys, less sensitive to a loaded machine than wall time) and wall time of Fan 10,000
# on two checkouts, interleaved, N rounds; prints medians per variant and mode:
#   cold     - nothing exists
#   resume   - everything but the sink exists (bench/run.sh's resume; with provenance, 10,000
#              leaves are checked against their records)
#   complete - everything exists (with provenance the whole graph is checked, not just the root)
# usage: bench/provenance-ab.sh N DIR_A DIR_B   (each a checkout whose bin/pipeline is built)
set -euo pipefail
n=$1; a=$2; b=$3
work=$(mktemp -d /dev/shm/prov-ab.XXXX); trap 'rm -rf $work' EXIT
export PIPELINE_JAVA_OPTS=-Xmx2g
for v in "$a" "$b"; do "$v/bin/pipeline" --version >/dev/null; done
# One run: prints "cpu_s wall_s".
t() {
  /usr/bin/time -f "%U %S %e" -o $work/t "$@" >/dev/null 2>&1 || { echo "FAILED: $*" >&2; cat $work/t >&2; exit 1; }
  awk '{printf "%.2f %.2f\n", $1 + $2, $3}' $work/t
}
declare -A cpu wall
for i in $(seq $n); do
  for v in "$a" "$b"; do
    d=$work/r; rm -rf $d; mkdir -p $d
    run=("$v/bin/pipeline" run Fan --n 10000 --out $d --workers 2 --run-dir $d)
    read -r c w < <(t "${run[@]}"); cpu[$v,cold]+="$c "; wall[$v,cold]+="$w "
    rm -f $d/all.txt
    read -r c w < <(t "${run[@]}"); cpu[$v,resume]+="$c "; wall[$v,resume]+="$w "
    read -r c w < <(t "${run[@]}"); cpu[$v,complete]+="$c "; wall[$v,complete]+="$w "
  done
done
med() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
for v in "$a" "$b"; do
  for m in cold resume complete; do
    echo "$v $m: cpu ${cpu[$v,$m]}median $(echo ${cpu[$v,$m]} | med) s; wall ${wall[$v,$m]}median $(echo ${wall[$v,$m]} | med) s"
  done
done
