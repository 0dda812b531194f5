#!/usr/bin/env bash
# 2 and 4 engine processes started together on one run directory: every task runs exactly once.
#
# Each trial starts K runs of the same graph (8 Command tasks and a root requiring them, each one
# appending its name to a ledger before writing its output) at once, and checks: every run exits
# 0, the ledger names every task exactly once, and no process is left.
#
#   usage: reliability/trials/concurrent.sh [--trials N] [--quick]
source "$(dirname "${BASH_SOURCE[0]}")/../lib/trials.bash"

trial_kind() {
  local k=$1 t i dir good=0 bad=0 twice=0 missing=0 failed=0 rc
  for ((t = 1; t <= TRIALS; t++)); do
    dir="$WORK/concurrent$k-$t"
    mkdir -p "$dir/out"
    cat > "$dir/pipeline.cfg" <<CFG
[Command]
output = $dir/out/{name}.txt
command = bash -c 'echo "\$\$1" >> "\$\$2"; sleep 0.3; echo done > "\$\$3"' _ {name} $dir/ledger {output}
CFG
    local pids=() problems=()
    for ((i = 1; i <= k; i++)); do
      "$PIPELINE" run Command --config "$dir/pipeline.cfg" --name all \
        --requires t1,t2,t3,t4,t5,t6,t7,t8 --workers 2 --run-dir "$dir" >"$dir/run$i.log" 2>&1 &
      pids+=($!)
    done
    for ((i = 0; i < k; i++)); do
      wait "${pids[$i]}"; rc=$?
      [ "$rc" -eq 0 ] || { failed=$((failed + 1)); problems+=("run $((i + 1)) exit $rc"); }
    done
    local dups absent
    dups=$(sort "$dir/ledger" | uniq -d | tr '\n' ' ')
    absent=$(for n in t1 t2 t3 t4 t5 t6 t7 t8 all; do grep -qx "$n" "$dir/ledger" || echo "$n"; done | tr '\n' ' ')
    [ -z "$dups" ] || { twice=$((twice + 1)); problems+=("ran more than once: $dups"); }
    [ -z "$absent" ] || { missing=$((missing + 1)); problems+=("never ran: $absent"); }
    left=$(orphans_after "$dir" 1)
    [ -z "$left" ] || problems+=("left running: $left")
    if [ ${#problems[@]} -eq 0 ]; then
      good=$((good + 1))
    else
      bad=$((bad + 1))
      echo "concurrent-$k trial $t: ${problems[*]}" >&2
    fi
    rm -rf "$dir"
  done
  summary "concurrent-$k" "$TRIALS" "$good" "$bad" \
    "tasks_run_twice=$twice tasks_never_run=$missing failed_runs=$failed"
}

trial_kind 2
trial_kind 4
finish
