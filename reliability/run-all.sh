#!/usr/bin/env bash
# Runs every reliability trial (reliability/trials/*.sh) and the bad-input corpus, all at once (each
# in its own directories; the trials run several of their own at once too), and prints one table:
# trial, trials, good, bad, detail. Each trial script prints
# `TRIAL<TAB>name<TAB>trials<TAB>good<TAB>bad<TAB>detail` lines and exits 0 iff bad == 0.
#   reliability/run-all.sh [--quick]     (--quick: each trial's fast subset; a few minutes)
# Exits 0 iff every trial passed. Needs the built jar: mvn -o -q -B -DskipTests package -pl cli -am
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
quick=()
case "${1:-}" in
  --quick) quick=(--quick) ;;
  "") ;;
  *) echo "usage: $0 [--quick]" >&2; exit 2 ;;
esac

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
run_one() { # NAME COMMAND...: runs one script, keeping its output as $scratch/NAME.log and exit code
  local name="$1"
  shift
  "$@" "${quick[@]}" >"$scratch/$name.log" 2>&1
  echo $? >"$scratch/$name.rc"
}

"$root/bin/pipeline" --version >/dev/null # builds the jar first if the sources changed
started=$SECONDS
shopt -s nullglob
names=()
for trial in "$here"/trials/*.sh; do
  names+=("$(basename "$trial" .sh)")
  run_one "${names[-1]}" "$trial" &
done
names+=(bad-inputs)
run_one bad-inputs "$here/bad-inputs/check.sh" &
echo "running ${names[*]} at once ..." >&2
wait

rows="$scratch/rows"
: >"$rows"
failed=0
for name in "${names[@]}"; do # the TRIAL lines of each script; a script that prints none is a failure
  log="$scratch/$name.log" rc=$(cat "$scratch/$name.rc")
  if grep -q $'^TRIAL\t' "$log"; then
    grep $'^TRIAL\t' "$log" >>"$rows"
  else
    printf 'TRIAL\t%s\t0\t0\t1\texit %d without a TRIAL line: %s\n' "$name" "$rc" "$(tail -n 3 "$log" | tr '\n' ' ')" >>"$rows"
  fi
  grep -v $'^TRIAL\t' "$log" | sed "s/^/  [$name] /" >&2
  [ "$rc" = 0 ] || failed=1
done

printf '\n%-34s %7s %6s %5s  %s\n' trial trials good bad detail
while IFS=$'\t' read -r _ name trials good bad detail; do
  printf '%-34s %7s %6s %5s  %s\n' "$name" "$trials" "$good" "$bad" "$detail"
done <"$rows"
awk -F'\t' '{t += $3; g += $4; b += $5} END {printf "%-34s %7d %6d %5d\n", "total", t, g, b}' "$rows"
printf '%s, %d s wall, %s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" $((SECONDS - started)) "$(git -C "$root" rev-parse --short HEAD 2>/dev/null)"
exit "$failed"
