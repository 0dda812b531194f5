# Shared by reliability/trials/*.sh (sourced, not run): options, the launcher, orphan search, summary.
#   --trials N     trials per kind (default 50, or the script's DEFAULT_TRIALS)
#   --parallel N   trials run at once (default 4, or the script's DEFAULT_PARALLEL)
#   --quick        a few trials per kind (3)
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PIPELINE="$ROOT/bin/pipeline"
TRIALS=${DEFAULT_TRIALS:-50}
PARALLEL=${DEFAULT_PARALLEL:-4}
while [ $# -gt 0 ]; do
  case "$1" in
    --trials) TRIALS="${2:?--trials needs a number}"; shift 2 ;;
    --trials=*) TRIALS="${1#--trials=}"; shift ;;
    --parallel) PARALLEL="${2:?--parallel needs a number}"; shift 2 ;;
    --quick) TRIALS=3; shift ;;
    -h|--help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "$(basename "$0"): unknown option $1 (use --trials N or --quick)" >&2; exit 2 ;;
  esac
done
case "$TRIALS" in ''|*[!0-9]*|0) echo "$(basename "$0"): --trials needs a positive number" >&2; exit 2 ;; esac
case "$PARALLEL" in ''|*[!0-9]*|0) echo "$(basename "$0"): --parallel needs a positive number" >&2; exit 2 ;; esac

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

# Runs `$1 T` for T = 1..TRIALS, PARALLEL at once (each trial has its own directory, and the
# orphan search matches only that directory, so trials cannot see each other's processes). A
# trial reports each problem with `problem`; it is good when it reports none. Sets GOOD and BAD;
# `tally KEY` then sums what the trials counted under KEY.
run_trials() {
  local fn=$1 t
  RESULTS="$WORK/results-$fn"
  mkdir -p "$RESULTS"
  for ((t = 1; t <= TRIALS; t++)); do
    while [ "$(jobs -rp | wc -l)" -ge "$PARALLEL" ]; do wait -n; done
    (TRIAL_NO=$t; "$fn" "$t" >"$RESULTS/$t") &
  done
  wait
  GOOD=0 BAD=0
  for ((t = 1; t <= TRIALS; t++)); do
    if [ -s "$RESULTS/$t" ]; then BAD=$((BAD + 1)); else GOOD=$((GOOD + 1)); fi
  done
}

# In a trial: problem KEY COUNT TEXT... counts COUNT under KEY and says TEXT on stderr.
problem() {
  local key=$1 count=$2
  shift 2
  echo "$key $count"
  echo "$TRIAL_NAME trial $TRIAL_NO: $*" >&2
}

# The sum of what the trials of the last run_trials counted under $1.
tally() { cat "$RESULTS"/* 2>/dev/null | awk -v k="$1" '$1 == k {n += $2} END {print n + 0}'; }

finish() {
  if [ "$BAD_TOTAL" -eq 0 ]; then exit 0; else exit 1; fi
}
