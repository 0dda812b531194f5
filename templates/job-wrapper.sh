#!/usr/bin/env bash
# Job-side wrapper used by every pipeline executor (local processes today; SLURM, HTCondor and
# Kubernetes jobs run the same script). It runs the job's command and writes the command's exit
# code to EXIT_FILE, which the engine treats as the source of truth: a scheduler's "job finished"
# without this file means the job was lost (killed, preempted, out of wall time).
#
#   usage: job-wrapper.sh EXIT_FILE -- PROGRAM [ARGS...]
#
# The exit file appears atomically (written to a temporary name, then renamed). TERM, INT and
# USR2 (SLURM's pre-timeout warning) are forwarded to the command; its code is still recorded.
set -u
exit_file=$1
shift
[ "${1:-}" = "--" ] && shift

printf '%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ) pipeline job start on $(hostname) pid $$" >&2
child=
forward() {
  [ -n "$child" ] && kill -s "$1" "$child" 2>/dev/null
}
trap 'forward TERM' TERM
trap 'forward INT' INT
trap 'forward USR2' USR2

"$@" &
child=$!
# wait returns early when a trapped signal arrives; keep waiting until the child is really gone.
while kill -0 "$child" 2>/dev/null; do
  wait "$child"
done
wait "$child"
rc=$?

printf '%s\n' "$rc" > "$exit_file.tmp.$$" && mv -f "$exit_file.tmp.$$" "$exit_file"
exit "$rc"
