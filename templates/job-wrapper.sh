#!/usr/bin/env bash
# Job-side wrapper used by every pipeline executor (local processes today; SLURM, HTCondor and
# Kubernetes jobs run the same script). It runs the job's command and writes the command's exit
# code to EXIT_FILE, which the engine treats as the source of truth: a scheduler's "job finished"
# without this file means the job was lost (killed, preempted, out of wall time). Before it, the
# command's resource use goes to EXIT_FILE.usage (see "Resource use" below).
#
#   usage: job-wrapper.sh EXIT_FILE [--engine-pipe] -- PROGRAM [ARGS...]
#
# The exit file appears atomically (written to a temporary name, then renamed). TERM, INT and
# USR2 (SLURM's pre-timeout warning) are forwarded to the command; its code is still recorded.
#
# --engine-pipe (local jobs, started by setsid as the leader of their own process group): the
# engine holds the write end of our stdin and never writes to it. End of file on it means the
# engine died, however it died (kill -9 included): the whole process group is killed at once, so
# no command of a dead run keeps running or writing. The command itself reads /dev/null. Once the
# command has exited, whatever it left running in the background is stopped too.
set -u
exit_file=$1
shift
engine_pipe=
if [ "${1:-}" = "--engine-pipe" ]; then
  engine_pipe=1
  shift
fi
[ "${1:-}" = "--" ] && shift

# Builtins only (no date or hostname processes): a job's start costs as few forks as it can.
TZ=UTC0 printf '%(%Y-%m-%dT%H:%M:%SZ)T pipeline job start on %s pid %s\n' -1 "$HOSTNAME" "$$" >&2
watcher=
if [ -n "$engine_pipe" ]; then
  exec 3<&0 </dev/null
  # A subshell: $$ is still the wrapper's pid, which is the process group's id under setsid.
  { read -r -u 3 _ || true; kill -KILL -- "-$$" 2>/dev/null; } &
  watcher=$!
  exec 3<&-
fi
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
# Resource use: the kernel adds to our children's totals every process the command waited for
# (its whole tree, recursively), so `times` (a builtin: no process) prints the command's CPU time
# on its second line. Only the command has been reaped so far, not the watcher.
usage_file=$exit_file.usage
times > "$usage_file" 2>/dev/null

if [ -n "$watcher" ]; then
  kill -KILL "$watcher" 2>/dev/null
  wait "$watcher" 2>/dev/null
  # What the command left running in the background is stopped too: nothing of a finished job
  # may go on writing. The engine KILLs whatever of the group survives this TERM.
  trap '' TERM
  kill -TERM -- "-$$" 2>/dev/null
fi
# The peak RSS of that tree (its largest process) is in getrusage(RUSAGE_CHILDREN), which bash
# cannot print; perl (essential on Debian) can, and exec keeps our children's totals: it replaces
# the final mv instead of adding a process. The syscall number is the architecture's.
case "${HOSTTYPE:-}" in
  x86_64) getrusage=98 ;;
  aarch64 | riscv64 | loongarch64) getrusage=165 ;;
  *) getrusage= ;;
esac
if [ -n "$getrusage" ] && command -v perl >/dev/null 2>&1; then
  shopt -s execfail
  exec perl -e '
    my ($usage, $exit, $rc, $nr, $pid) = @ARGV;
    my $buf = "\0" x 144;
    if (syscall($nr, -1, $buf) == 0 && open(my $u, ">>", $usage)) {
      printf $u "maxrss_kb %d\n", (unpack("q5", $buf))[4];
      close $u;
    }
    if (open(my $f, ">", "$exit.tmp.$pid")) {
      print $f "$rc\n";
      close $f and rename "$exit.tmp.$pid", $exit;
    }
    exit $rc;' "$usage_file" "$exit_file" "$rc" "$getrusage" "$$"
fi
printf '%s\n' "$rc" > "$exit_file.tmp.$$" && mv -f "$exit_file.tmp.$$" "$exit_file"
exit "$rc"
