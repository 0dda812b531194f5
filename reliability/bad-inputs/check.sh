#!/usr/bin/env bash
# Runs the bad-input corpus (cases.tsv) against the built CLI and prints one line per case that is
# not GOOD, then `TRIAL<TAB>bad-inputs<TAB>cases<TAB>good<TAB>bad<TAB>detail`; exits 0 iff every case
# is GOOD. A case is GOOD when the exit code is the expected one, the output contains the expected
# fragment, errors are a single line (no Java exception class, no stack trace, no "internal
# error"), no file named PWNED appeared, and the finished outputs and journal of an earlier run in
# the same run directory are untouched.
#   reliability/bad-inputs/check.sh [--quick] [--only ID_REGEX] [--verbose]
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
quick=0 only="" verbose=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --only) only="$2"; shift ;;
    --verbose) verbose=1 ;;
    *) echo "usage: $0 [--quick] [--only ID_REGEX] [--verbose]" >&2; exit 2 ;;
  esac
  shift
done
jar="$root/cli/target/pipeline.jar"
if [ ! -f "$jar" ]; then
  echo "bad-inputs: $jar is missing; build it first: mvn -o -q -B -DskipTests package -pl cli -am" >&2
  exit 2
fi
java_cmd=(java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -jar "$jar")

scratch="$(mktemp -d "${TMPDIR:-/tmp}/bad-inputs.XXXXXX")"
mounts=()
cleanup() {
  for m in "${mounts[@]}"; do umount "$m" 2>/dev/null; done
  rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cp "$here/cases.tsv" "$scratch/cases.tsv" # the corpus may be edited while this runs

# The earlier run whose outputs no bad input may touch: two Fan leaves and the sink, and a journal.
template="$scratch/template"
mkdir -p "$template"
if ! "${java_cmd[@]}" run Fan --n 2 --out "$template/done" --run-dir "$template" >"$scratch/template.log" 2>&1; then
  echo "bad-inputs: the earlier run that makes the fixture failed:" >&2
  cat "$scratch/template.log" >&2
  exit 1
fi
cp -r "$here/files/." "$template/"
printf 'not a jar\n' >"$template/notajar.jar"
printf 'x\n' >"$template/afile"

# Read-only and full file systems are small tmpfs mounts, which need root.
can_mount=0
mkdir -p "$scratch/probe"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=64k tmpfs "$scratch/probe" 2>/dev/null; then
  can_mount=1
  umount "$scratch/probe"
fi

fingerprint() { # the finished outputs and journal of the earlier run, as checksums
  (cd "$1" && sha256sum done/* 2>/dev/null; head -c "$2" .pipeline/journal.jsonl 2>/dev/null | sha256sum)
}
journal_size=$(stat -c %s "$template/.pipeline/journal.jsonl")
expected_print="$(fingerprint "$template" "$journal_size")"

# Fixtures a case asks for in its setup column (comma-separated).
prepare() { # W SETUP
  local w="$1" item
  case_env=()
  IFS=',' read -ra items <<<"$2"
  for item in "${items[@]}"; do
    case "$item" in
      -|"") ;;
      ro) mkdir -p "$w/ro"; mount -t tmpfs -o size=1m,ro tmpfs "$w/ro" || return 1; mounts+=("$w/ro") ;;
      full) mkdir -p "$w/full"; mount -t tmpfs -o size=32k tmpfs "$w/full" || return 1; mounts+=("$w/full")
            head -c 1M /dev/zero >"$w/full/filler" 2>/dev/null || true ;;
      fulldone) # the run directory itself is full: the earlier run's outputs live on the tmpfs
            mkdir -p "$w/fullrun"; mount -t tmpfs -o size=64k tmpfs "$w/fullrun" || return 1; mounts+=("$w/fullrun")
            cp -r "$w/done" "$w/.pipeline" "$w/fullrun/" && { head -c 1M /dev/zero >"$w/fullrun/filler" 2>/dev/null || true; } ;;
      env:*) case_env+=("${item#env:}") ;;
      *) echo "unknown setup '$item'" >&2; return 1 ;;
    esac
  done
}

release() { # unmounts what prepare mounted
  local m
  for m in "${mounts[@]}"; do umount "$m" 2>/dev/null; done
  mounts=()
}

# A one-line error: no Java class names, no stack frames, no internal errors.
java_leak='(^|[^a-z])(java|javax|sun|jdk)\.[a-z]|[a-z](Exception|Error)\b|^[[:space:]]+at [a-z]|internal error|Exception in thread'

total=0 good=0 bad=0 skipped=0 details=()
while IFS=$'\t' read -r -u 3 id tier expect fragment setup args; do
  [[ -z "$id" || "$id" == \#* ]] && continue
  [ -n "$only" ] && ! [[ "$id" =~ $only ]] && continue
  [ "$quick" = 1 ] && [ "$tier" != quick ] && continue
  if [[ "$setup" =~ ro|full ]] && [ "$can_mount" = 0 ]; then
    skipped=$((skipped + 1)); continue
  fi
  w="$scratch/case"
  rm -rf "$w" && cp -r "$template" "$w"
  total=$((total + 1))
  verdict=""
  if ! prepare "$w" "$setup"; then
    verdict="setup '$setup' failed"; release
  else
    case_env=("${case_env[@]//@W/$w}")
    fragment="${fragment//@W/$w}"
    argv="${args//@W/$w}"
    argv="${argv//@F/$here/files}"
    eval "argv=($argv)"
    (cd "$w" && env "${case_env[@]}" timeout -k 5 60 "${java_cmd[@]}" "${argv[@]}" >"$scratch/out" 2>"$scratch/err" </dev/null)
    rc=$?
    earlier="$w"
    [[ "$setup" == *fulldone* ]] && earlier="$w/fullrun"
    all="$(cat "$scratch/out" "$scratch/err")"
    errlines=$(grep -v -e "^Run '.*--help' for usage\.$" -e '^Picked up ' "$scratch/err" | grep -c .)
    if [ "$rc" != "$expect" ]; then
      verdict="exit $rc, expected $expect"
    elif ! grep -qiF -- "$fragment" <<<"$all"; then
      verdict="no '$fragment' in the output"
    elif grep -qE -- "$java_leak" <<<"$all"; then
      verdict="Java internals in the output"
    elif [ "$expect" = 2 ] && [ "$errlines" != 1 ]; then
      verdict="$errlines lines on stderr, expected one"
    elif [ "$expect" = 2 ] && grep -q '^start ' "$scratch/out"; then
      verdict="a task started before the usage error"
    elif find "$w" /tmp -maxdepth 3 -name PWNED 2>/dev/null | grep -q .; then
      verdict="an injection created PWNED"
      find "$w" /tmp -maxdepth 3 -name PWNED -delete 2>/dev/null
    elif [ "$(fingerprint "$earlier" "$journal_size")" != "$expected_print" ]; then
      verdict="the earlier run's outputs or journal changed"
    fi
    release
  fi
  if [ -z "$verdict" ]; then
    good=$((good + 1))
    [ "$verbose" = 1 ] && printf 'GOOD\t%s\t%s\n' "$id" "$(grep -m1 -iF -- "$fragment" <<<"$all")"
  else
    bad=$((bad + 1))
    details+=("$id")
    printf 'BAD\t%s\t%s\t%s\n' "$id" "$verdict" "$(head -c 300 <<<"$all" | tr '\n' '|')"
  fi
done 3<"$scratch/cases.tsv" </dev/null

detail="${details[*]:-}"
[ "$skipped" -gt 0 ] && detail="$detail (skipped $skipped cases that need root for tmpfs mounts)"
printf 'TRIAL\tbad-inputs%s\t%d\t%d\t%d\t%s\n' "$([ $quick = 1 ] && echo ' (quick)')" "$total" "$good" "$bad" "${detail# }"
[ "$bad" = 0 ]
