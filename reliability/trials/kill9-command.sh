#!/usr/bin/env bash
# kill -9 of the engine while command tasks write their outputs, then an immediate rerun.
#
# Each trial runs 4 Command tasks (and a root that requires them), every one writing its output in
# 10 lines over 5 s, kills the engine with SIGKILL at a random moment, and checks: no process of
# the killed run is left (orphans), no output was committed with fewer than 10 lines, and an
# immediate rerun ends with exit 0, every output complete and again no process left.
#
#   usage: reliability/trials/kill9-command.sh [--trials N] [--quick]
source "$(dirname "${BASH_SOURCE[0]}")/../lib/trials.bash"

TRIAL_NAME=kill9-command
trial() {
  local t=$1 dir="$WORK/command-$1" engine left f n name rc
  mkdir -p "$dir/out"
  cat > "$dir/pipeline.cfg" <<CFG
[Command]
output = $dir/out/{name}.txt
command = bash -c 'for i in 1 2 3 4 5 6 7 8 9 10; do echo "line \$\$i"; sleep 0.5; done > "\$\$1"' _ {output}
CFG
  local args=(run Command --config "$dir/pipeline.cfg" --name all --requires w1,w2,w3,w4 --workers 4
    --run-dir "$dir")
  "$PIPELINE" "${args[@]}" >"$dir/first.log" 2>&1 &
  engine=$!
  sleep_ms "$(random_ms 1000 7000)"
  kill -KILL "$engine" 2>/dev/null
  wait "$engine" 2>/dev/null
  left=$(orphans_after "$dir" 5)
  [ -n "$left" ] && problem orphans 1 "orphans after kill: $left"
  for f in "$dir"/out/*.txt; do
    [ -e "$f" ] || continue
    n=$(lines "$f")
    [ "$n" -eq 10 ] || problem partial 1 "after kill $(basename "$f") has $n lines"
  done
  "$PIPELINE" "${args[@]}" >"$dir/rerun.log" 2>&1
  rc=$?
  [ "$rc" -eq 0 ] || problem failed_reruns 1 "rerun exit $rc: $(tail -1 "$dir/rerun.log")"
  for name in w1 w2 w3 w4 all; do
    n=$(lines "$dir/out/$name.txt")
    [ "$n" -eq 10 ] || problem partial 1 "after rerun $name.txt has $n lines"
  done
  left=$(orphans_after "$dir" 1)
  [ -n "$left" ] && problem orphans 1 "left after rerun: $left"
  rm -rf "$dir"
}

run_trials trial
summary kill9-command "$TRIALS" "$GOOD" "$BAD" \
  "orphans=$(tally orphans) partial_outputs_counted_complete=$(tally partial) failed_reruns=$(tally failed_reruns)"
finish
