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

good=0 bad=0 orphans=0 partial=0 failed_reruns=0
for ((t = 1; t <= TRIALS; t++)); do
  dir="$WORK/command-$t"
  mkdir -p "$dir/out"
  cat > "$dir/pipeline.cfg" <<CFG
[Command]
output = $dir/out/{name}.txt
command = bash -c 'for i in 1 2 3 4 5 6 7 8 9 10; do echo "line \$\$i"; sleep 0.5; done > "\$\$1"' _ {output}
CFG
  args=(run Command --config "$dir/pipeline.cfg" --name all --requires w1,w2,w3,w4 --workers 4
    --run-dir "$dir")
  "$PIPELINE" "${args[@]}" >"$dir/first.log" 2>&1 &
  engine=$!
  sleep_ms "$(random_ms 1000 7000)"
  kill -KILL "$engine" 2>/dev/null
  wait "$engine" 2>/dev/null
  problems=()
  left=$(orphans_after "$dir")
  [ -n "$left" ] && { orphans=$((orphans + 1)); problems+=("orphans after kill: $left"); }
  for f in "$dir"/out/*.txt; do
    [ -e "$f" ] || continue
    n=$(lines "$f")
    [ "$n" -eq 10 ] || { partial=$((partial + 1)); problems+=("after kill $(basename "$f") has $n lines"); }
  done
  "$PIPELINE" "${args[@]}" >"$dir/rerun.log" 2>&1
  rc=$?
  [ "$rc" -eq 0 ] || { failed_reruns=$((failed_reruns + 1)); problems+=("rerun exit $rc: $(tail -1 "$dir/rerun.log")"); }
  for name in w1 w2 w3 w4 all; do
    n=$(lines "$dir/out/$name.txt")
    [ "$n" -eq 10 ] || { partial=$((partial + 1)); problems+=("after rerun $name.txt has $n lines"); }
  done
  left=$(orphans_after "$dir" 1)
  [ -n "$left" ] && { orphans=$((orphans + 1)); problems+=("left after rerun: $left"); }
  if [ ${#problems[@]} -eq 0 ]; then
    good=$((good + 1))
  else
    bad=$((bad + 1))
    echo "kill9-command trial $t: ${problems[*]}" >&2
  fi
  rm -rf "$dir"
done
summary kill9-command "$TRIALS" "$good" "$bad" \
  "orphans=$orphans partial_outputs_counted_complete=$partial failed_reruns=$failed_reruns"
finish
