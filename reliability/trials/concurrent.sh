#!/usr/bin/env bash
# 2 and 4 engine processes started together on one run directory: every task runs exactly once.
#
# Each trial starts K runs of the same graph (8 Command tasks and a root requiring them, each one
# appending its name to a ledger before writing its output) at once, and checks: every run exits
# 0, the ledger names every task exactly once, and no process is left.
#
#   usage: reliability/trials/concurrent.sh [--trials N] [--quick]
DEFAULT_TRIALS=20
DEFAULT_PARALLEL=2
source "$(dirname "${BASH_SOURCE[0]}")/../lib/trials.bash"

# One trial of K runs at once (K is set by trial_kind).
trial() {
  local t=$1 i dir="$WORK/concurrent$K-$1" rc left dups absent
  mkdir -p "$dir/out"
  cat > "$dir/pipeline.cfg" <<CFG
[Command]
output = $dir/out/{name}.txt
command = bash -c 'echo "\$\$1" >> "\$\$2"; sleep 0.3; echo done > "\$\$3"' _ {name} $dir/ledger {output}
CFG
  local pids=()
  for ((i = 1; i <= K; i++)); do
    "$PIPELINE" run Command --config "$dir/pipeline.cfg" --name all \
      --requires t1,t2,t3,t4,t5,t6,t7,t8 --workers 2 --run-dir "$dir" >"$dir/run$i.log" 2>&1 &
    pids+=($!)
  done
  for ((i = 0; i < K; i++)); do
    wait "${pids[$i]}"; rc=$?
    [ "$rc" -eq 0 ] || problem failed 1 "run $((i + 1)) exit $rc: $(tail -1 "$dir/run$((i + 1)).log")"
  done
  dups=$(sort "$dir/ledger" | uniq -d | tr '\n' ' ')
  absent=$(for n in t1 t2 t3 t4 t5 t6 t7 t8 all; do grep -qx "$n" "$dir/ledger" || echo "$n"; done | tr '\n' ' ')
  [ -z "$dups" ] || problem twice 1 "ran more than once: $dups"
  [ -z "$absent" ] || problem missing 1 "never ran: $absent"
  left=$(orphans_after "$dir" 1)
  [ -z "$left" ] || problem orphans 1 "left running: $left"
  rm -rf "$dir"
}

trial_kind() {
  K=$1 TRIAL_NAME="concurrent-$1"
  run_trials trial
  summary "concurrent-$K" "$TRIALS" "$GOOD" "$BAD" \
    "tasks_run_twice=$(tally twice) tasks_never_run=$(tally missing) failed_runs=$(tally failed)"
}

trial_kind 2
trial_kind 4
finish
