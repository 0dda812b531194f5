#!/usr/bin/env bash
# kill -9 of the engine while it records provenance (a Fan run whose leaves all rerun), then checks
# that nothing stale is ever reused and nothing fresh is lost.
#
# Each trial runs Fan with 300 leaves to the end, then reruns it with --force-families FanLeaf and
# kills the engine with SIGKILL at a random moment, while it removes old outputs and appends the
# records of new ones. Then: the provenance log is readable (status exits 0), an immediate rerun
# exits 0 with every output right, and after it a dry run finds nothing to run (no record was left
# half-written or pointing at the wrong output).
#
#   usage: reliability/trials/kill9-provenance.sh [--trials N] [--quick]
DEFAULT_PARALLEL=3
source "$(dirname "${BASH_SOURCE[0]}")/../lib/trials.bash"
N=300

TRIAL_NAME=kill9-provenance
trial() {
  local t=$1 dir="$WORK/prov-$1" engine rc out
  mkdir -p "$dir"
  local args=(run Fan --n "$N" --out "$dir/out" --workers 2 --run-dir "$dir")
  "$PIPELINE" "${args[@]}" >"$dir/first.log" 2>&1 || problem failed_reruns 1 "first run failed"
  "$PIPELINE" "${args[@]}" --force-families FanLeaf >"$dir/forced.log" 2>&1 &
  engine=$!
  sleep_ms "$(random_ms 300 2000)"
  kill -KILL "$engine" 2>/dev/null
  wait "$engine" 2>/dev/null
  "$PIPELINE" status Fan --n "$N" --out "$dir/out" --run-dir "$dir" >"$dir/status.log" 2>&1
  rc=$?
  [ "$rc" -eq 0 ] || problem unreadable 1 "status exit $rc: $(tail -1 "$dir/status.log")"
  "$PIPELINE" "${args[@]}" >"$dir/rerun.log" 2>&1
  rc=$?
  [ "$rc" -eq 0 ] || problem failed_reruns 1 "rerun exit $rc: $(tail -1 "$dir/rerun.log")"
  read -r out < "$dir/out/all.txt" || out=
  [ "$out" = "$N" ] || problem corrupt 1 "all.txt holds '$out'"
  "$PIPELINE" "${args[@]}" --dry-run >"$dir/dry.log" 2>&1
  grep -q '^Nothing to run' "$dir/dry.log" || problem stale_after 1 "after the rerun: $(tail -1 "$dir/dry.log")"
  rm -rf "$dir"
}

run_trials trial
summary kill9-provenance "$TRIALS" "$GOOD" "$BAD" \
  "unreadable=$(tally unreadable) failed_reruns=$(tally failed_reruns) corrupt=$(tally corrupt) stale_after_rerun=$(tally stale_after)"
finish
