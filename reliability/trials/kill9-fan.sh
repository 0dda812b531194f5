#!/usr/bin/env bash
# kill -9 of the engine in the middle of a Fan run (in-process tasks), then an immediate rerun.
#
# Each trial runs Fan with 300 leaves, kills the engine with SIGKILL at a random moment, and
# checks: no process of the killed run is left, every output that exists has its full content,
# and an immediate rerun ends with exit 0 and every output complete and right.
#
#   usage: reliability/trials/kill9-fan.sh [--trials N] [--quick]
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

good=0 bad=0 orphans=0 corrupt=0 failed_reruns=0
for ((t = 1; t <= TRIALS; t++)); do
  dir="$WORK/fan-$t"
  mkdir -p "$dir"
  args=(run Fan --n "$N" --out "$dir/out" --workers 2 --run-dir "$dir")
  "$PIPELINE" "${args[@]}" >"$dir/first.log" 2>&1 &
  engine=$!
  sleep_ms "$(random_ms 300 2000)"
  kill -KILL "$engine" 2>/dev/null
  wait "$engine" 2>/dev/null
  problems=()
  left=$(orphans_after "$dir")
  [ -n "$left" ] && { orphans=$((orphans + 1)); problems+=("orphans after kill: $left"); }
  n=$(corrupt_outputs "$dir")
  [ "$n" -eq 0 ] || { corrupt=$((corrupt + n)); problems+=("after kill $n corrupt outputs"); }
  "$PIPELINE" "${args[@]}" >"$dir/rerun.log" 2>&1
  rc=$?
  [ "$rc" -eq 0 ] || { failed_reruns=$((failed_reruns + 1)); problems+=("rerun exit $rc: $(tail -1 "$dir/rerun.log")"); }
  n=$(corrupt_outputs "$dir")
  [ "$n" -eq 0 ] || { corrupt=$((corrupt + n)); problems+=("after rerun $n corrupt outputs"); }
  count=$(find "$dir/out" -name '*.txt' | wc -l)
  [ "$count" -eq $((N + 1)) ] || problems+=("after rerun $count of $((N + 1)) outputs")
  if [ ${#problems[@]} -eq 0 ]; then
    good=$((good + 1))
  else
    bad=$((bad + 1))
    echo "kill9-fan trial $t: ${problems[*]}" >&2
  fi
  rm -rf "$dir"
done
summary kill9-fan "$TRIALS" "$good" "$bad" \
  "orphans=$orphans corrupt_outputs=$corrupt failed_reruns=$failed_reruns"
finish
