#!/usr/bin/env bash
# SIGINT and SIGTERM to the engine while command tasks run: exit 130 and every child stopped.
#
# Each trial runs 3 Command tasks whose commands (and their background children) would run for
# 60 s, sends the signal once they run, and checks: the engine exits 130 within 15 s, no process
# of the run is left, and no output was committed.
#
#   usage: reliability/trials/signals.sh [--trials N] [--quick]
source "$(dirname "${BASH_SOURCE[0]}")/../lib/trials.bash"
# A script's background jobs start with SIGINT ignored (no job control); a user's Ctrl-C reaches
# an engine with the default disposition, so the runs here start with it restored.
if env --default-signal=INT true 2>/dev/null; then
  with_sigint=(env --default-signal=INT)
else
  with_sigint=()
  set -m # older coreutils: job control gives background jobs the default disposition
fi

trial_kind() {
  local sig=$1 t dir good=0 bad=0 wrong_exit=0 orphans=0 committed=0 rc engine i
  for ((t = 1; t <= TRIALS; t++)); do
    dir="$WORK/signal-$sig-$t"
    mkdir -p "$dir/out"
    cat > "$dir/pipeline.cfg" <<CFG
[Command]
output = $dir/out/{name}.txt
command = bash -c 'sleep 60 & sleep 60; echo done > "\$\$1"' _ {output}
CFG
    local problems=()
    "${with_sigint[@]}" "$PIPELINE" run Command --config "$dir/pipeline.cfg" --name all --requires a,b,c \
      --workers 3 --run-dir "$dir" >"$dir/run.log" 2>&1 &
    engine=$!
    for ((i = 0; i < 100; i++)); do # until the three commands run (at most 10 s)
      [ "$(find "$dir/out" -maxdepth 1 -name '.*' | wc -l)" -ge 3 ] && break
      sleep 0.1
    done
    sleep_ms "$(random_ms 100 1000)"
    kill -s "$sig" "$engine"
    for ((i = 0; i < 150; i++)); do
      kill -0 "$engine" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$engine" 2>/dev/null; then
      problems+=("still running 15 s after SIG$sig"); kill -KILL "$engine"
    fi
    wait "$engine"; rc=$?
    [ "$rc" -eq 130 ] || { wrong_exit=$((wrong_exit + 1)); problems+=("exit $rc, not 130"); }
    left=$(orphans_after "$dir" 3)
    [ -z "$left" ] || { orphans=$((orphans + 1)); problems+=("left running: $left"); }
    n=$(find "$dir/out" -maxdepth 1 -name '*.txt' | wc -l)
    [ "$n" -eq 0 ] || { committed=$((committed + n)); problems+=("$n outputs committed"); }
    if [ ${#problems[@]} -eq 0 ]; then
      good=$((good + 1))
    else
      bad=$((bad + 1))
      echo "signals-$sig trial $t: ${problems[*]}" >&2
    fi
    rm -rf "$dir"
  done
  summary "signal-$sig" "$TRIALS" "$good" "$bad" \
    "wrong_exit_codes=$wrong_exit orphans=$orphans outputs_committed=$committed"
}

trial_kind INT
trial_kind TERM
finish
