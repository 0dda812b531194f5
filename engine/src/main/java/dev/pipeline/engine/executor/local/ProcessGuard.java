package dev.pipeline.engine.executor.local;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One small bash process per executor that stops the executor's jobs when the engine cannot: its
 * stdin is a pipe whose write end only this JVM holds, so it reads end of file whenever this JVM
 * dies (SIGKILL included) or the executor closes, and then KILLs every job's process group and
 * every process that carries the executor's {@link #marker()} in its environment (a job started
 * just before the engine died, or a process that left its group). It also stops what a finished
 * job left running in its group: TERM at once, KILL after a grace period.
 *
 * <p>It runs in a session of its own and ignores TERM, INT and HUP, so the signals that stop the
 * engine's process group or terminal do not stop it first. On the common path it starts no process:
 * a job costs two short lines on the pipe and two builtin {@code kill}s.
 */
final class ProcessGuard implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessGuard.class);
  /** Only builtins until the engine is gone; then one grep (per round) over /proc. */
  private static final String SCRIPT = """
      set -u
      trap '' INT TERM HUP QUIT PIPE
      marker=$1 grace_us=$2
      declare -A live=() due=()
      while :; do
        if ((${#due[@]})); then read -r -t 0.2 op pgid; rc=$?; else read -r op pgid; rc=$?; fi
        if ((rc == 0)); then
          case $op in
            +) live[$pgid]=1 ;;
            -) unset "live[$pgid]"
               kill -TERM -- "-$pgid" 2>/dev/null && due[$pgid]=$((${EPOCHREALTIME/[.,]/} + grace_us)) ;;
          esac
        elif ((rc <= 128)); then
          break
        fi
        now=${EPOCHREALTIME/[.,]/}
        for pgid in "${!due[@]}"; do
          if ((now >= due[$pgid])); then kill -KILL -- "-$pgid" 2>/dev/null; unset "due[$pgid]"; fi
        done
      done
      for pgid in "${!live[@]}" "${!due[@]}"; do kill -KILL -- "-$pgid" 2>/dev/null; done
      for round in 1 2 3 4 5; do
        found=
        for f in $(grep -lzxF -- "$marker" /proc/[0-9]*/environ 2>/dev/null); do
          p=${f#/proc/}; kill -KILL "${p%/environ}" 2>/dev/null && found=1
        done
        [ -n "$found" ] || break
      done
      """;

  private final String marker;
  private final Process process;
  private final OutputStream pipe;
  /** Closed on purpose, or found dead: nothing more to tell it. */
  private boolean done;

  private ProcessGuard(String marker, Process process) {
    this.marker = marker;
    this.process = process;
    this.pipe = process.getOutputStream();
  }

  /**
   * Starts a guard for the jobs whose environment holds {@code marker} ({@code NAME=value}).
   *
   * @param setsid the setsid program, which puts the guard in a session of its own
   */
  static ProcessGuard start(String setsid, String marker, Duration grace) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(setsid, "bash", "-c", SCRIPT, "pipeline-guard",
        marker, Long.toString(grace.toNanos() / 1000));
    pb.environment().remove(marker.substring(0, marker.indexOf('=')));
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    return new ProcessGuard(marker, pb.start());
  }

  /** The environment entry every job of this guard carries, {@code NAME=value}. */
  String marker() {
    return marker;
  }

  /** A job leading process group {@code pgid} started: KILL it if the engine dies. */
  void started(long pgid) {
    send("+ " + pgid + "\n");
  }

  /** The leader of {@code pgid} exited: stop what it left running in its group. */
  void finished(long pgid) {
    send("- " + pgid + "\n");
  }

  /** The guard's own process (it ends once its pipe closed and it stopped the jobs). */
  ProcessHandle handle() {
    return process.toHandle();
  }

  /** Closes the pipe: the guard KILLs every job it knows and exits. */
  @Override
  public synchronized void close() {
    done = true;
    try {
      pipe.close();
    } catch (IOException e) {
      LOG.debug("closing the process guard's pipe: {}", e.toString());
    }
  }

  /** One write per line (shorter than PIPE_BUF): the guard never reads half a line. */
  private synchronized void send(String line) {
    if (done) {
      return;
    }
    try {
      pipe.write(line.getBytes(StandardCharsets.US_ASCII));
      pipe.flush();
    } catch (IOException e) {
      done = true;
      LOG.warn("the process guard (pid {}) is gone: jobs of this run may outlive a killed engine;"
          + " {}", process.pid(), e.toString());
    }
  }
}
