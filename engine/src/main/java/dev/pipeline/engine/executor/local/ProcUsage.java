package dev.pipeline.engine.executor.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What processes used, read from /proc (Linux) without starting a process: CPU times from {@code
 * /proc/PID/stat} (in clock ticks) and the peak resident set from {@code /proc/PID/status}
 * ({@code VmHWM}). Everything is empty or zero where /proc cannot tell.
 */
final class ProcUsage {
  /**
   * USER_HZ, the unit of the times in /proc ({@code getconf CLK_TCK}): the kernel fixes it at 100
   * on every architecture the JDK runs on, whatever its internal tick rate.
   */
  static final int TICKS_PER_SECOND = 100;
  private static final Path PROC = Path.of("/proc");

  private ProcUsage() {}

  /**
   * The CPU time, in ticks, of every child this JVM has reaped (fields 16 and 17 of {@code
   * /proc/self/stat}, cutime + cstime): each child's user and system time with that of every
   * descendant it waited for, added by the kernel when the JVM reaps it.
   */
  static Optional<Long> reapedChildrenTicks() {
    long[] times = cpuTicks(PROC.resolve("self"));
    return times == null ? Optional.empty() : Optional.of(times[2] + times[3]);
  }

  /**
   * A sample of process {@code pid} and its descendants (followed through {@code
   * /proc/PID/task/TID/children}): their CPU time so far (user and system time of each, with what
   * each has reaped) and the largest peak resident set among them. A descendant that was
   * re-parented (its parent exited without waiting) is no longer found.
   */
  static Sample tree(long pid) {
    long ticks = 0;
    long peakKb = 0;
    Set<Long> seen = new HashSet<>();
    Deque<Long> todo = new ArrayDeque<>();
    todo.add(pid);
    while (!todo.isEmpty()) {
      long p = todo.poll();
      if (!seen.add(p)) {
        continue;
      }
      Path dir = PROC.resolve(Long.toString(p));
      long[] times = cpuTicks(dir);
      if (times == null) {
        continue; // gone (and reaped: its parent's cutime holds it now)
      }
      ticks += times[0] + times[1] + times[2] + times[3];
      peakKb = Math.max(peakKb, peakRssKb(dir));
      children(dir, todo);
    }
    return new Sample(ticks, peakKb);
  }

  /**
   * utime, stime, cutime and cstime of {@code /proc/PID/stat} (fields 14 to 17), or null. The
   * command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
   */
  static long[] cpuTicks(Path procDir) {
    String stat = read(procDir.resolve("stat"));
    int end = stat.lastIndexOf(')');
    if (end < 0) {
      return null;
    }
    String[] fields = stat.substring(end + 2).split(" ");
    if (fields.length < 15) {
      return null;
    }
    try {
      // fields[0] is field 3 (the state), so field N is fields[N - 3].
      return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12]),
          Long.parseLong(fields[13]), Long.parseLong(fields[14])};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** {@code VmHWM} of {@code /proc/PID/status} in kB; 0 when absent (a zombie, a kernel thread). */
  static long peakRssKb(Path procDir) {
    String status = read(procDir.resolve("status"));
    int at = status.indexOf("\nVmHWM:");
    if (at < 0) {
      return 0;
    }
    int eol = status.indexOf('\n', at + 1);
    String value = status.substring(at + 7, eol < 0 ? status.length() : eol).strip();
    try {
      return Long.parseLong(value.split("\\s+")[0]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Adds the children of every thread of the process to {@code out}. */
  private static void children(Path procDir, Deque<Long> out) {
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(procDir.resolve("task"))) {
      for (Path task : tasks) {
        for (String child : read(task.resolve("children")).split(" ")) {
          if (!child.isBlank()) {
            out.add(Long.parseLong(child.strip()));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // Gone, or a kernel without the children files: its descendants are not found.
    }
  }

  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /**
   * One look at a process tree.
   *
   * @param cpuTicks CPU time of its processes so far, in {@link #TICKS_PER_SECOND}
   * @param peakRssKb the largest peak resident set among them, in kB (0: none found)
   */
  record Sample(long cpuTicks, long peakRssKb) {}
}
