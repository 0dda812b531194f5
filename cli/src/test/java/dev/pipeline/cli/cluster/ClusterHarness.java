package dev.pipeline.cli.cluster;

import dev.pipeline.cli.PipelineCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code pipeline} as a separate process (as a user would: a real engine process that can be
 * killed or interrupted), with the cluster test families made visible through a {@code
 * --classpath} services file, and answers small questions about the batch system.
 */
final class ClusterHarness {
  static final List<Class<?>> FAMILIES = List.of(ClusterTasks.Prep.class, ClusterTasks.GpuProbe.class,
      ClusterTasks.GpuCommand.class, ClusterTasks.GpuDag.class, ClusterTasks.Leaf.class,
      ClusterTasks.Fanout.class, ClusterTasks.Checkpointed.class, ClusterTasks.Sleeper.class,
      ClusterTasks.Sleepers.class, ClusterTasks.Burn.class);

  private final Path dir;
  private final Path plugins;

  ClusterHarness(Path dir) throws IOException {
    this.dir = dir;
    this.plugins = dir.resolve("plugins");
    Path services = plugins.resolve("META-INF/services/dev.pipeline.api.Task");
    Files.createDirectories(services.getParent());
    StringBuilder names = new StringBuilder();
    FAMILIES.forEach(c -> names.append(c.getName()).append('\n'));
    Files.writeString(services, names);
  }

  Path dir() {
    return dir;
  }

  /** Starts {@code pipeline ARGS --classpath PLUGINS --run-dir DIR}; output goes to {@code log}. */
  Process start(Path log, String... args) throws IOException {
    List<String> argv = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), PipelineCli.class.getName()));
    argv.addAll(List.of(args));
    argv.addAll(List.of("--classpath", plugins.toString(), "--run-dir", dir.toString()));
    return new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
  }

  /** Runs to the end and returns the exit code. */
  int run(Path log, long timeoutSeconds, String... args) throws Exception {
    Process p = start(log, args);
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("pipeline did not finish in " + timeoutSeconds + "s:\n" + Files.readString(log));
    }
    return p.exitValue();
  }

  static String command(String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  /** SLURM's state of a job id ({@code squeue -t all}), e.g. {@code CANCELLED}. */
  static String slurmState(String jobId) throws Exception {
    String state = command("squeue", "-h", "-t", "all", "-j", jobId, "-o", "%T").strip();
    if (state.isEmpty() && jobId.contains("_")) {
      // An array element cancelled before it started is folded into the array's own record.
      state = command("squeue", "-h", "-t", "all", "-j", jobId.substring(0, jobId.indexOf('_')),
          "-o", "%i %T").lines().filter(l -> !l.contains("_")).map(l -> l.split(" ")[1])
          .findFirst().orElse("");
    }
    return state;
  }

  /** Whether a working SLURM answers here; otherwise why not. */
  /** Skips {@code test}'s tests, saying why on stderr, when no SLURM cluster answers. */
  static void assumeSlurm(Class<?> test) {
    String why = slurmUnavailable();
    if (why != null) {
      System.err.println("SKIPPED " + test.getSimpleName() + ": " + why
          + "; start a test cluster with scripts/slurm-test-cluster.sh start");
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(why == null, why);
  }

  static String slurmUnavailable() {
    try {
      Process p = new ProcessBuilder("scontrol", "ping").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.contains("UP")) {
        return "SLURM does not answer (scontrol ping: " + out.strip() + ")";
      }
      return null;
    } catch (IOException | InterruptedException e) {
      return "SLURM is not installed (no scontrol/sinfo on PATH)";
    }
  }

  static void await(long seconds, String what, java.util.concurrent.Callable<Boolean> condition)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + seconds + "s waiting for " + what);
      }
      Thread.sleep(250);
    }
  }
}
