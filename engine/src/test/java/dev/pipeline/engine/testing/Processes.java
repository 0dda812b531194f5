package dev.pipeline.engine.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Real child processes: starting JVMs on the test class path, and checking PIDs through /proc. */
public final class Processes {
  private Processes() {}

  /**
   * Starts {@code java -cp <this JVM's class path> MAIN ARGS} with output (both streams) going to
   * {@code log}. Flags keep start-up short.
   */
  public static Process startJava(Class<?> main, Path log, List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-Xshare:auto");
    command.add("-Xmx128m");
    command.add(main.getName());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    return pb.start();
  }

  /**
   * Whether a process with this PID is running: it exists and is not a zombie (an exited child
   * that nobody reaped yet is not running anything).
   */
  public static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // "pid (comm) S ...": the state follows the last ')'.
      char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
      return state != 'Z' && state != 'X';
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Polls {@code condition} every 10 ms until it holds or {@code timeout} passes. */
  public static boolean await(Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
    return true;
  }

  /** Waits for {@code pid} to stop running. */
  public static boolean awaitGone(long pid, Duration timeout) throws InterruptedException {
    return await(timeout, () -> !running(pid));
  }

  /** Reads whitespace-separated PIDs from a file. */
  public static List<Long> pids(Path file) throws IOException {
    List<Long> out = new ArrayList<>();
    for (String s : Files.readString(file).trim().split("\\s+")) {
      if (!s.isEmpty()) {
        out.add(Long.parseLong(s));
      }
    }
    return out;
  }

  /** SIGKILLs a process and everything below it (cleanup after a test). */
  public static void killTree(long pid) {
    ProcessHandle.of(pid).ifPresent(p -> {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    });
  }

  /** Whether this JVM ignores SIGINT (then so does every child it starts). */
  public static boolean sigintIgnored() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("SigIgn:")) {
          long mask = Long.parseUnsignedLong(line.substring(7).trim(), 16);
          return (mask & (1L << (2 - 1))) != 0;
        }
      }
    } catch (IOException e) {
      return true;
    }
    return false;
  }

  public static Duration seconds(long s) {
    return Duration.ofSeconds(s);
  }
}
