#!/usr/bin/env bash
# A full disk under the run directory (a 1 MiB tmpfs; needs root to mount it).
#
# Kind fulldisk-start: the run directory is full before the run starts (outputs elsewhere).
# Kind fulldisk-midrun: outputs and run directory share the tmpfs, which fills up during the run.
# Each trial checks: the run exits non-zero (and not 1, which is for bugs) with a line that says
# "no space left on device" (any case); once space is back, `pipeline status` reads the journal (exit 0) and
# a rerun exits 0 with every output right, and the journal still holds the records of the first
# run (its run_started line). Runs whose messages show a Java exception text are counted in the
# detail column (an error-message defect, not a lost or corrupt result).
#
#   usage: reliability/trials/fulldisk.sh [--trials N] [--quick]
DEFAULT_TRIALS=5 # one tmpfs, so one trial at a time
source "$(dirname "${BASH_SOURCE[0]}")/../lib/trials.bash"

mnt="$WORK/mnt"
mkdir -p "$mnt"
if ! mount -t tmpfs -o size=1m tmpfs "$mnt" 2>/dev/null; then
  echo "fulldisk: cannot mount a tmpfs here (needs root); skipped" >&2
  summary fulldisk-start 0 0 0 "skipped: cannot mount a tmpfs"
  summary fulldisk-midrun 0 0 0 "skipped: cannot mount a tmpfs"
  finish
fi
trap 'umount "$mnt" 2>/dev/null; rm -rf "$WORK"' EXIT

# Leaves of Fan in $1 that are missing or wrong (leaf i holds "i", all.txt holds $2).
wrong_outputs() {
  local out=$1 n=$2 i got bad=0
  for ((i = 0; i < n; i++)); do
    read -r got 2>/dev/null < "$out/$i.txt" || got=
    [ "$got" = "$i" ] || bad=$((bad + 1))
  done
  read -r got 2>/dev/null < "$out/all.txt" || got=
  [ "$got" = "$n" ] || bad=$((bad + 1))
  echo "$bad"
}

# One trial: $1 kind, $2 where outputs go, $3 leaves. Sets problems.
trial() {
  local kind=$1 out=$2 n=$3 rc
  rm -rf "${mnt:?}"/* "$mnt"/.pipeline "$out"
  mount -o remount,size=1m "$mnt" || { problems+=("cannot shrink the tmpfs back to 1 MiB"); return; }
  if [ "$kind" = start ]; then
    dd if=/dev/zero of="$mnt/filler" bs=4k 2>/dev/null # fills it
  fi
  local args=(run Fan --n "$n" --out "$out" --workers 2 --run-dir "$mnt")
  "$PIPELINE" "${args[@]}" >"$WORK/full.log" 2>&1
  rc=$?
  [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ] || problems+=("full disk: exit $rc")
  grep -qi "no space left on device" "$WORK/full.log" || problems+=("full disk: no line says so")
  # A Java exception text instead of words is an error-class defect (bad-input corpus), counted apart.
  grep -q "Exception" "$WORK/full.log" && exception_texts=$((exception_texts + 1))
  rm -f "$mnt/filler"
  mount -o remount,size=256m "$mnt"
  "$PIPELINE" status Fan --n "$n" --out "$out" --run-dir "$mnt" >"$WORK/status.log" 2>&1
  rc=$?
  [ "$rc" -eq 0 ] || problems+=("status after the full disk: exit $rc: $(tail -1 "$WORK/status.log")")
  "$PIPELINE" "${args[@]}" >"$WORK/rerun.log" 2>&1
  rc=$?
  [ "$rc" -eq 0 ] || problems+=("rerun: exit $rc: $(tail -1 "$WORK/rerun.log")")
  local wrong
  wrong=$(wrong_outputs "$out" "$n")
  [ "$wrong" -eq 0 ] || problems+=("after rerun $wrong outputs missing or wrong")
  "$PIPELINE" status Fan --n "$n" --out "$out" --run-dir "$mnt" >"$WORK/status.log" 2>&1 \
    || problems+=("status after the rerun: $(tail -1 "$WORK/status.log")")
  local started
  started=$(grep -c '"type":"run_started"' "$mnt/.pipeline/journal.jsonl" 2>/dev/null)
  [ "${started:-0}" -ge 1 ] || problems+=("the journal lost its records")
}

for kind in start midrun; do
  good=0 bad=0 exception_texts=0
  for ((t = 1; t <= TRIALS; t++)); do
    problems=()
    if [ "$kind" = start ]; then
      trial start "$WORK/out" 50
    else
      trial midrun "$mnt/out" 400
    fi
    if [ ${#problems[@]} -eq 0 ]; then
      good=$((good + 1))
    else
      bad=$((bad + 1))
      printf 'fulldisk-%s trial %s: %s\n' "$kind" "$t" "${problems[*]}" >&2
    fi
  done
  summary "fulldisk-$kind" "$TRIALS" "$good" "$bad" "runs_showing_a_java_exception_text=$exception_texts"
done
finish
