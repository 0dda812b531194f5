#!/usr/bin/env bash
# kill -9 of the engine in the middle of a Fan run (in-process tasks), then an immediate rerun.
#
# Each trial runs Fan with 300 leaves, kills the engine with SIGKILL at a random moment, and
# checks: no process of the killed run is left, every output that exists has its full content,
# and an immediate rerun ends with exit 0 and every output complete and right.
#
#   usage: reliability/trials/kill9-fan.sh [--trials N] [--quick]
DEFAULT_PARALLEL=3
source "$(dirname "${BASH_SOURCE[0]}")/../lib/trials.bash"
N=300

# Outputs of $1/out that exist but do not hold what Fan writes (leaf i: "i", all.txt: N).
corrupt_outputs() {
  local out=$1/out f want got bad=0
  for f in "$out"/*.txt; do
    [ -e "$f" ] || continue
    want=${f##*/}; want=${want%.txt}
    [ "$want" = all ] && want=$N
    read -r got < "$f" || got=
    [ "$got" = "$want" ] || bad=$((bad + 1))
  done
  echo "$bad"
}

TRIAL_NAME=kill9-fan
trial() {
  local t=$1 dir="$WORK/fan-$1" engine left n rc count
  mkdir -p "$dir"
  local args=(run Fan --n "$N" --out "$dir/out" --workers 2 --run-dir "$dir")
  "$PIPELINE" "${args[@]}" >"$dir/first.log" 2>&1 &
  engine=$!
  sleep_ms "$(random_ms 300 2000)"
  kill -KILL "$engine" 2>/dev/null
  wait "$engine" 2>/dev/null
  left=$(orphans_after "$dir" 5)
  [ -n "$left" ] && problem orphans 1 "orphans after kill: $left"
  n=$(corrupt_outputs "$dir")
  [ "$n" -eq 0 ] || problem corrupt "$n" "after kill $n corrupt outputs"
  "$PIPELINE" "${args[@]}" >"$dir/rerun.log" 2>&1
  rc=$?
  [ "$rc" -eq 0 ] || problem failed_reruns 1 "rerun exit $rc: $(tail -1 "$dir/rerun.log")"
  n=$(corrupt_outputs "$dir")
  [ "$n" -eq 0 ] || problem corrupt "$n" "after rerun $n corrupt outputs"
  count=$(find "$dir/out" -name '*.txt' | wc -l)
  [ "$count" -eq $((N + 1)) ] || problem missing 1 "after rerun $count of $((N + 1)) outputs"
  rm -rf "$dir"
}

run_trials trial
summary kill9-fan "$TRIALS" "$GOOD" "$BAD" \
  "orphans=$(tally orphans) corrupt_outputs=$(tally corrupt) failed_reruns=$(tally failed_reruns)"
finish
