#!/usr/bin/env bash
# Runs every reliability trial (reliability/trials/*.sh) and the bad-input corpus, and prints one
# table: trial, trials, good, bad, detail. Each trial script prints
# `TRIAL<TAB>name<TAB>trials<TAB>good<TAB>bad<TAB>detail` lines and exits 0 iff bad == 0.
#   reliability/run-all.sh [--quick]     (--quick: each trial's fast subset; a few minutes)
# Exits 0 iff every trial passed. Needs the built jar: mvn -o -q -B -DskipTests package -pl cli -am
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
quick=()
case "${1:-}" in
  --quick) quick=(--quick) ;;
  "") ;;
  *) echo "usage: $0 [--quick]" >&2; exit 2 ;;
esac

rows="$(mktemp)"
trap 'rm -f "$rows"' EXIT
failed=0
run_one() { # NAME COMMAND...: the TRIAL lines of one script; a script that prints none is a failure
  local name="$1" log
  shift
  log="$(mktemp)"
  echo "running $name ..." >&2
  "$@" "${quick[@]}" >"$log" 2>&1
  local rc=$?
  if grep -q $'^TRIAL\t' "$log"; then
    grep $'^TRIAL\t' "$log" >>"$rows"
  else
    printf 'TRIAL\t%s\t0\t0\t1\texit %d without a TRIAL line: %s\n' "$name" "$rc" "$(tail -n 3 "$log" | tr '\n' ' ')" >>"$rows"
  fi
  grep -v $'^TRIAL\t' "$log" | sed "s/^/  [$name] /" >&2
  [ "$rc" = 0 ] || failed=1
  rm -f "$log"
}

shopt -s nullglob
for trial in "$here"/trials/*.sh; do
  run_one "$(basename "$trial" .sh)" "$trial"
done
run_one bad-inputs "$here/bad-inputs/check.sh"

printf '\n%-34s %7s %6s %5s  %s\n' trial trials good bad detail
while IFS=$'\t' read -r _ name trials good bad detail; do
  printf '%-34s %7s %6s %5s  %s\n' "$name" "$trials" "$good" "$bad" "$detail"
done <"$rows"
awk -F'\t' '{t += $3; g += $4; b += $5} END {printf "%-34s %7d %6d %5d\n", "total", t, g, b}' "$rows"
exit "$failed"
