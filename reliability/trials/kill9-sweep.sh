#!/usr/bin/env bash
# kill -9 of `pipeline sweep` while its points write their outputs, then an immediate rerun.
#
# Each trial runs a sweep of 4 points, each writing OUTPUT/NAME/out.txt in 10 lines over 5 s, kills
# the engine with SIGKILL at a random moment, and checks: no process of the killed run is left, no
# point recorded as finished (stat.json code 0) has fewer than 10 lines, and an immediate rerun ends
# with exit 0, every point finished with 10 lines, and no process left.
#
#   usage: reliability/trials/kill9-sweep.sh [--trials N] [--quick]
source "$(dirname "${BASH_SOURCE[0]}")/../lib/trials.bash"

# Points whose stat.json records the write command as finished (code 0).
finished_points() {
  local stat
  for stat in "$1"/output/*/stat.json; do
    [ -e "$stat" ] || continue
    tr -d ' \n' < "$stat" | grep -q '"write":{"code":0[,}]' && basename "$(dirname "$stat")"
  done
}

TRIAL_NAME=kill9-sweep
trial() {
  local t=$1 dir="$WORK/sweep-$1" engine left point n rc finished
  mkdir -p "$dir"
  cat > "$dir/params.yaml" <<'YAML'
template:
  write: bash -c 'for i in 1 2 3 4 5 6 7 8 9 10; do echo "line $i"; sleep 0.5; done > "$1"' _ {_output}/out.txt
---
p: [1, 2, 3, 4]
YAML
  local args=(sweep -y params.yaml -o output --workers 4)
  (cd "$dir" && exec "$PIPELINE" "${args[@]}") >"$dir/first.log" 2>&1 &
  engine=$!
  sleep_ms "$(random_ms 1000 5500)"
  kill -KILL "$engine" 2>/dev/null
  wait "$engine" 2>/dev/null
  left=$(orphans_after "$dir" 5)
  [ -n "$left" ] && problem orphans 1 "orphans after kill: $left"
  for point in $(finished_points "$dir"); do
    n=$(lines "$dir/output/$point/out.txt")
    [ "$n" -eq 10 ] || problem partial 1 "after kill $point finished with $n lines"
  done
  (cd "$dir" && exec "$PIPELINE" "${args[@]}") >"$dir/rerun.log" 2>&1
  rc=$?
  [ "$rc" -eq 0 ] || problem failed_reruns 1 "rerun exit $rc: $(tail -1 "$dir/rerun.log")"
  finished=$(finished_points "$dir" | wc -l)
  [ "$finished" -eq 4 ] || problem unfinished 1 "after rerun $finished of 4 points finished"
  for point in $(finished_points "$dir"); do
    n=$(lines "$dir/output/$point/out.txt")
    [ "$n" -eq 10 ] || problem partial 1 "after rerun $point has $n lines"
  done
  left=$(orphans_after "$dir" 1)
  [ -n "$left" ] && problem orphans 1 "left after rerun: $left"
  rm -rf "$dir"
}

run_trials trial
summary kill9-sweep "$TRIALS" "$GOOD" "$BAD" \
  "orphans=$(tally orphans) partial_points_counted_finished=$(tally partial) failed_reruns=$(tally failed_reruns)"
finish
