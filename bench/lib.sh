# Shared helpers of the bench/fig-*.sh scripts (sourced). Each figure script prints CSV rows
# figure,value,unit,target (target empty where issue 20 sets none); bench/all.sh adds the header.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pipeline="$root/bin/pipeline"
repeats="${REPEATS:-5}"
base="${BENCH_DIR:-/dev/shm}"
[ -d "$base" ] && [ -w "$base" ] || base="${TMPDIR:-/tmp}"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# timed_median N CMD...: runs CMD N times (stdout/stderr dropped; a failure aborts) and prints
# "wall_s cpu_s rss_mb", each the median over the runs.
timed_median() {
  local n=$1 t rc i
  shift
  t="$(mktemp)"
  for ((i = 0; i < n; i++)); do
    set +e
    /usr/bin/time -f "%e %U %S %M" -o "$t.one" "$@" >/dev/null 2>"$t.err"
    rc=$?
    set -e
    if [ $rc -ne 0 ]; then echo "bench: failed (exit $rc): $*" >&2; cat "$t.err" >&2; rm -f "$t"*; return 1; fi
    tail -1 "$t.one" >>"$t"
  done
  echo "$(awk '{print $1}' "$t" | median) $(awk '{printf "%.2f\n", $2 + $3}' "$t" | median) $(awk '{printf "%.0f\n", $4 / 1024}' "$t" | median)"
  rm -f "$t" "$t.one" "$t.err"
}

# row FIGURE VALUE UNIT [TARGET]
row() { echo "$1,$2,$3,${4:-}"; }

# fan_cold_resume N DIR: REPEATS rounds of Fan N cold in DIR, then resume (everything but the
# sink exists, as bench/run.sh); prints "cold_wall cold_cpu resume_wall resume_cpu" (medians).
fan_cold_resume() {
  local n=$1 dir=$2 r c=() s=()
  for ((r = 0; r < repeats; r++)); do
    rm -rf "$dir"; mkdir -p "$dir"
    c+=("$(timed_median 1 "$pipeline" run Fan --n "$n" --out "$dir" --workers 2 --run-dir "$dir")")
    rm -f "$dir/all.txt"
    s+=("$(timed_median 1 "$pipeline" run Fan --n "$n" --out "$dir" --workers 2 --run-dir "$dir")")
  done
  rm -rf "$dir"
  echo "$(printf '%s\n' "${c[@]}" | awk '{print $1}' | median) $(printf '%s\n' "${c[@]}" | awk '{print $2}' | median)" \
    "$(printf '%s\n' "${s[@]}" | awk '{print $1}' | median) $(printf '%s\n' "${s[@]}" | awk '{print $2}' | median)"
}
