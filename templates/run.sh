#!/usr/bin/env bash
# Runs the {{kind}} pipeline of this directory. Written by `pipeline init {{kind}}`; edit freely
# (`pipeline init --force` writes it again).
#
#   bash run.sh                          --workers 5 --gpus 0 (the defaults below)
#   bash run.sh --workers 8 --gpus 0,1   any `pipeline run` option or task parameter; an option
#                                        given here replaces its default
#   bash run.sh --tmux [ARGUMENTS]       the same in a detached tmux session named after this
#                                        directory; prints how to attach
#
# Output goes to the terminal and is appended to run.log in this directory (plain lines: the live
# progress bar is drawn on the terminal only). On a machine without a GPU (nvidia-smi missing or
# listing none) the GPU pool is emptied and the pipeline runs on CPU.
#
# Exit status: that of `pipeline run` (0 complete, 2 bad usage or cfg, 3 a task failed,
# 130 interrupted). With --tmux: 0 started, 69 tmux not installed, 75 already running.
set -eo pipefail

# Started by --tmux: a new tmux session gets the tmux server's environment, which may be days old,
# so take the environment of the shell that ran `run.sh --tmux` (a private temporary file).
if [ "$1" = --tmux-env ]; then
  # shellcheck disable=SC1090
  . "$2" || true # a read-only variable cannot be set again; the rest still is
  rm -f "$2"
  shift 2
fi

# The task family to run and the pipeline checkout that runs it; either may come from the
# environment instead (PIPELINE_TARGET=Fan bash run.sh --n 50).
PIPELINE_TARGET=${PIPELINE_TARGET:-{{target}}}
PIPELINE_HOME=${PIPELINE_HOME:-{{pipeline_home}}}
default_workers=5
default_gpus=0

run_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
log="$run_dir/{{run_log}}"

tmux=0
args=()
for a in "$@"; do
  if [ "$a" = --tmux ]; then tmux=1; else args+=("$a"); fi
done

# POSIX single-quoted words, for whatever shell tmux starts the command with.
quote() {
  local out="" a sq="'" escaped="'\\''"
  for a in "$@"; do
    out+="'${a//$sq/$escaped}' "
  done
  printf '%s' "${out% }"
}

# This shell's exported variables as a script that exports them again; terminal and tmux
# variables are left to the new session.
exported_environment() {
  local name
  for name in $(compgen -e); do
    case "$name" in
      TERM | TERM_* | COLORTERM | TMUX | TMUX_* | SHLVL | PWD | OLDPWD | _ | COLUMNS | LINES) ;;
      *) printf 'export %s=%q\n' "$name" "${!name}" ;;
    esac
  done
}

if [ "$tmux" = 1 ]; then
  if ! command -v tmux >/dev/null 2>&1; then
    echo "run.sh: tmux is not installed; install it or run without --tmux" >&2
    exit 69
  fi
  session=${run_dir##*/}
  session=${session//[^A-Za-z0-9_-]/_} # tmux names may not contain '.' or ':'
  session=${session:-pipeline}
  already_running() {
    echo "already running in tmux session $session; attach with: tmux attach -t $session" >&2
    exit 75
  }
  # '=' asks for this exact name: a plain name would also match a longer one ("run1" in "run10").
  tmux has-session -t "=$session" 2>/dev/null && already_running
  env_file="$(mktemp "${TMPDIR:-/tmp}/pipeline-run-env.XXXXXX")"
  exported_environment >"$env_file"
  if ! tmux new-session -d -s "$session" -c "$PWD" \
      "$(quote "$BASH" "$run_dir/run.sh" --tmux-env "$env_file" "${args[@]}")"; then
    rm -f "$env_file"
    tmux has-session -t "=$session" 2>/dev/null && already_running # lost a race to another launch
    echo "run.sh: could not start tmux session $session" >&2
    exit 1
  fi
  echo "started in tmux session $session; output also goes to $log"
  echo "attach with: tmux attach -t $session"
  exit 0
fi

# Where this run's data lives (training data and runs in the --s3-bucket of `pipeline init`, if
# any): run.env holds the variables the cfg files read as ${PIPELINE_...}, so the pipeline CLI
# can read them too when it is given this directory.
export PIPELINE_RUN_DIR="$run_dir"
set -a # every variable run.env sets is exported
# shellcheck disable=SC1091
. "$run_dir/run.env"
set +a
echo "=== $(date '+%Y-%m-%d %H:%M:%S') bash run.sh ${args[*]}" >>"$log"

# Whether the arguments set --NAME.
given() {
  local a
  for a in "${args[@]}"; do
    case "$a" in --"$1" | --"$1"=*) return 0 ;; esac
  done
  return 1
}

# Whether nvidia-smi lists a GPU (PIPELINE_NVIDIA_SMI: another command that answers like it).
has_gpu() {
  local list
  list="$("${PIPELINE_NVIDIA_SMI:-nvidia-smi}" -L 2>/dev/null)" || return 1
  grep -q '^GPU ' <<<"$list"
}

# Run options: the defaults for those not given, and the GPU pool, emptied without a GPU.
options=()
given workers || options+=(--workers "$default_workers")
if [ -t 1 ] && ! given progress; then
  options+=(--progress=bar) # the bar goes to the terminal, plain lines to run.log
fi
gpus=$default_gpus
rest=()
i=0
while [ "$i" -lt "${#args[@]}" ]; do
  case "${args[$i]}" in
    --gpus) i=$((i + 1)); gpus=${args[$i]} ;;
    --gpus=*) gpus=${args[$i]#--gpus=} ;;
    *) rest+=("${args[$i]}") ;;
  esac
  i=$((i + 1))
done
if [ -n "$gpus" ] && ! has_gpu; then
  echo "no GPU found; running on CPU" | tee -a "$log"
  gpus=
  options+=(--cpu-fallback) # tasks that ask for GPUs run without them instead of failing
fi
options+=("--gpus=$gpus")

launcher="$PIPELINE_HOME/bin/pipeline"
if [ ! -x "$launcher" ]; then
  echo "run.sh: no pipeline launcher at $launcher; set PIPELINE_HOME to a pipeline checkout" >&2
  exit 2
fi
set +e
"$launcher" run "$PIPELINE_TARGET" "${options[@]}" "${rest[@]}" 2>&1 | tee -ai "$log"
exit "${PIPESTATUS[0]}"
