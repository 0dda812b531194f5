#!/usr/bin/env bash
# Used for bench/figures/2026-12-06-ab-tmpfs.txt: bench/ab.sh 7 OLD_CHECKOUT NEW_CHECKOUT
# A/B: Fan 10,000 cold and resume, interleaved, N rounds; prints medians per variant.
# usage: ab.sh N DIR_A DIR_B   (each a checkout whose bin/pipeline is built)
set -euo pipefail
n=$1; a=$2; b=$3
work=$(mktemp -d /dev/shm/ab.XXXX); trap 'rm -rf $work' EXIT
export PIPELINE_JAVA_OPTS=-Xmx2g
for v in "$a" "$b"; do "$v/bin/pipeline" --version >/dev/null; done
t() { /usr/bin/time -f %e -o $work/t "$@" >/dev/null 2>&1 || { echo "FAILED: $*" >&2; cat $work/t >&2; }; cat $work/t; }
declare -A cold resume
for i in $(seq $n); do
  for v in "$a" "$b"; do
    d=$work/r; rm -rf $d; mkdir -p $d
    c=$(t "$v/bin/pipeline" run Fan --n 10000 --out $d --workers 2 --run-dir $d)
    rm -f $d/all.txt   # resume: everything but the sink exists (as bench/run.sh)
    r=$(t "$v/bin/pipeline" run Fan --n 10000 --out $d --workers 2 --run-dir $d)
    cold[$v]+="$c "; resume[$v]+="$r "
  done
done
med() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
for v in "$a" "$b"; do echo "$v cold: ${cold[$v]} median $(echo ${cold[$v]} | med)"; echo "$v resume: ${resume[$v]} median $(echo ${resume[$v]} | med)"; done
