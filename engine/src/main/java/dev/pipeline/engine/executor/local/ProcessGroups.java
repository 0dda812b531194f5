package dev.pipeline.engine.executor.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Finding and stopping the processes of a job's process group, from /proc (Linux). */
final class ProcessGroups {
  private static final Path PROC = Path.of("/proc");

  private ProcessGroups() {}

  static boolean procAvailable() {
    return Files.isDirectory(PROC);
  }

  /**
   * Members of process group {@code pgid}, from /proc (empty without one). The group outlives its
   * leader while members remain, and the kernel never reuses a live group's id as a pid, so the id
   * of a wrapper started by setsid names exactly that job's processes.
   */
  static List<ProcessHandle> members(long pgid) {
    List<ProcessHandle> out = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path entry : entries) {
        long pid = Long.parseLong(entry.getFileName().toString());
        if (groupOf(pid) == pgid) {
          ProcessHandle.of(pid).ifPresent(out::add);
        }
      }
    } catch (IOException | RuntimeException e) {
      // No /proc here: the descendants are all we can find.
    }
    return out;
  }

  /**
   * Processes whose environment holds exactly {@code entry} but not {@code unless} (both {@code
   * NAME=value}), from /proc (empty without one). An environment is inherited by every process a
   * job starts, including those that leave its process group, so this finds what a group kill
   * would miss.
   */
  static List<ProcessHandle> withEnvironment(String entry, String unless) {
    String needle = "\0" + entry + "\0";
    String exclude = "\0" + unless + "\0";
    long self = ProcessHandle.current().pid();
    List<ProcessHandle> out = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path dir : entries) {
        long pid = Long.parseLong(dir.getFileName().toString());
        String environ = pid == self ? "" : environment(dir.resolve("environ"));
        if (environ.contains(needle) && !environ.contains(exclude)) {
          ProcessHandle.of(pid).ifPresent(out::add);
        }
      }
    } catch (IOException | RuntimeException e) {
      // No /proc here: nothing can be found this way.
    }
    return out;
  }

  /** The entries of a /proc/PID/environ, each between NUL characters; empty when unreadable. */
  private static String environment(Path environ) {
    try {
      return "\0" + new String(Files.readAllBytes(environ), StandardCharsets.ISO_8859_1) + "\0";
    } catch (IOException | RuntimeException e) {
      return ""; // gone, or not ours to read
    }
  }

  /** Field 5 of /proc/PID/stat; -1 when the process is gone. */
  static long groupOf(long pid) {
    try {
      String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
      // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so cut at the last ')'.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 4);
      return Long.parseLong(fields[2]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Whether {@code pid} runs (a zombie, dead but not yet reaped, does not). */
  static boolean running(long pid) {
    try {
      String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException | RuntimeException e) {
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
  }

  /**
   * TERM {@code processes} now; KILL whatever is left after {@code grace} (plus what joined group
   * {@code pgid} meanwhile, when it is positive), off the caller's thread.
   */
  static void terminate(Collection<ProcessHandle> processes, long pgid, Duration grace,
      String threadName) {
    Set<ProcessHandle> tree = new LinkedHashSet<>(processes);
    tree.forEach(ProcessHandle::destroy);
    Thread reaper = new Thread(() -> {
      long deadline = System.nanoTime() + grace.toNanos();
      for (ProcessHandle p : tree) {
        long left = deadline - System.nanoTime();
        try {
          if (left > 0) {
            p.onExit().get(left, TimeUnit.NANOSECONDS);
          }
        } catch (Exception ignored) {
          // Still alive after the grace period (or cannot wait): escalate below.
        }
      }
      if (pgid > 0) {
        tree.addAll(members(pgid)); // forked during the grace period
      }
      tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }, threadName);
    reaper.setDaemon(true);
    reaper.start();
  }
}
