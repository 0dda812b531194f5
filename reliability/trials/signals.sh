#!/usr/bin/env bash
# SIGINT and SIGTERM to the engine while command tasks run: exit 130 and every child stopped.
#
# Each trial runs 3 Command tasks whose commands (and their background children) would run for
# 60 s, sends the signal once they run, and checks: the engine exits 130 within 15 s, no process
# of the run is left, and no output was committed.
#
#   usage: reliability/trials/signals.sh [--trials N] [--quick]
DEFAULT_TRIALS=10
source "$(dirname "${BASH_SOURCE[0]}")/../lib/trials.bash"
# A script's background jobs start with SIGINT ignored (no job control); a user's Ctrl-C reaches
# an engine with the default disposition, so the runs here start with it restored.
if env --default-signal=INT true 2>/dev/null; then
  with_sigint=(env --default-signal=INT)
else
  with_sigint=()
  set -m # older coreutils: job control gives background jobs the default disposition
fi

# One trial: SIG (set by trial_kind) to an engine whose three commands run.
trial() {
  local t=$1 dir="$WORK/signal-$SIG-$1" rc engine i left n
  mkdir -p "$dir/out"
  cat > "$dir/pipeline.cfg" <<CFG
[Command]
output = $dir/out/{name}.txt
command = bash -c 'sleep 60 & sleep 60; echo done > "\$\$1"' _ {output}
CFG
  "${with_sigint[@]}" "$PIPELINE" run Command --config "$dir/pipeline.cfg" --name all --requires a,b,c \
    --workers 3 --run-dir "$dir" >"$dir/run.log" 2>&1 &
  engine=$!
  for ((i = 0; i < 200; i++)); do # until the three commands run (at most 20 s)
    [ "$(find "$dir/out" -maxdepth 1 -name '.*' | wc -l)" -ge 3 ] && break
    sleep 0.1
  done
  sleep_ms "$(random_ms 100 1000)"
  kill -s "$SIG" "$engine"
  for ((i = 0; i < 150; i++)); do
    kill -0 "$engine" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$engine" 2>/dev/null; then
    problem slow 1 "still running 15 s after SIG$SIG"; kill -KILL "$engine"
  fi
  wait "$engine"; rc=$?
  [ "$rc" -eq 130 ] || problem wrong_exit 1 "exit $rc, not 130"
  left=$(orphans_after "$dir" 5)
  [ -z "$left" ] || problem orphans 1 "left running: $left"
  n=$(find "$dir/out" -maxdepth 1 -name '*.txt' | wc -l)
  [ "$n" -eq 0 ] || problem committed "$n" "$n outputs committed"
  rm -rf "$dir"
}

trial_kind() {
  SIG=$1 TRIAL_NAME="signals-$1"
  run_trials trial
  summary "signal-$SIG" "$TRIALS" "$GOOD" "$BAD" \
    "wrong_exit_codes=$(tally wrong_exit) orphans=$(tally orphans) outputs_committed=$(tally committed)"
}

trial_kind INT
trial_kind TERM
finish
