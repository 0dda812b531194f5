# Shared by reliability/trials/*.sh (sourced, not run): options, the launcher, orphan search, summary.
#   --trials N   trials per kind (default 50)
#   --quick      a few trials per kind (3)
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PIPELINE="$ROOT/bin/pipeline"
TRIALS=50
while [ $# -gt 0 ]; do
  case "$1" in
    --trials) TRIALS="${2:?--trials needs a number}"; shift 2 ;;
    --trials=*) TRIALS="${1#--trials=}"; shift ;;
    --quick) TRIALS=3; shift ;;
    -h|--help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "$(basename "$0"): unknown option $1 (use --trials N or --quick)" >&2; exit 2 ;;
  esac
done
case "$TRIALS" in ''|*[!0-9]*|0) echo "$(basename "$0"): --trials needs a positive number" >&2; exit 2 ;; esac

WORK="$(mktemp -d "${TMPDIR:-/tmp}/pipeline-trials.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
BAD_TOTAL=0

# Builds the jar once up front, so that no trial times a build.
"$PIPELINE" --version >/dev/null 2>&1 || { echo "$(basename "$0"): bin/pipeline does not start" >&2; exit 1; }

# Processes (other than this script's) whose command line or environment names $1: the engine,
# job wrappers and every command under them (they inherit PIPELINE_RUN_DIR).
processes_of() {
  local dir=$1 p pid out=()
  local -a words
  for p in /proc/[0-9]*; do
    pid=${p#/proc/}
    [ "$pid" = "$$" ] || [ "$pid" = "$BASHPID" ] && continue
    words=()
    mapfile -d "" words 2>/dev/null < "$p/cmdline" || continue
    if [[ "${words[*]:-}" == *"$dir"* ]]; then out+=("$pid"); continue; fi
    mapfile -d "" words 2>/dev/null < "$p/environ" || continue
    [[ "${words[*]:-}" == *"$dir"* ]] && out+=("$pid")
  done
  echo "${out[*]:-}"
}

# Waits up to $2 seconds (default 3) for every process of $1 to end; prints the survivors, and
# KILLs them so that the next trial starts clean.
orphans_after() {
  local dir=$1 limit=${2:-3} left i
  for ((i = 0; i < limit * 10; i++)); do
    left=$(processes_of "$dir")
    [ -z "$left" ] && return 0
    sleep 0.1
  done
  echo "$left"
  # shellcheck disable=SC2086
  kill -KILL $left 2>/dev/null
  return 0
}

# A random number of milliseconds in [$1, $2].
random_ms() { echo $(( $1 + (RANDOM * 32768 + RANDOM) % ($2 - $1 + 1) )); }

# Sleeps $1 milliseconds.
sleep_ms() { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }

# Prints one summary line: TRIAL <name> <trials> <good> <bad> <detail>.
summary() {
  printf 'TRIAL\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5"
  BAD_TOTAL=$((BAD_TOTAL + $4))
}

# Lines in file $1 (0 when it does not exist).
lines() { [ -f "$1" ] && wc -l < "$1" | tr -d ' ' || echo 0; }

finish() {
  if [ "$BAD_TOTAL" -eq 0 ]; then exit 0; else exit 1; fi
}
