package dev.pipeline.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Runs real processes (bash, tmux) for the run.sh tests, with a controlled environment. */
final class Shell {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  record Result(int exitCode, String stdout, String stderr) {}

  private Shell() {}

  /**
   * Runs {@code command} in {@code dir}. The environment is this JVM's without anything that
   * could steer run.sh or tmux from outside the test (PIPELINE_*, TMUX*), plus {@code env}.
   */
  static Result run(Path dir, Map<String, String> env, String... command) {
    return run(dir, "PIPELINE_", env, command);
  }

  /** As {@link #run(Path, Map, String...)}, also without this JVM's variables named {@code prefix*}. */
  static Result run(Path dir, String prefix, Map<String, String> env, String... command) {
    try {
      Path out = Files.createTempFile(dir, ".stdout", ".txt");
      Path err = Files.createTempFile(dir, ".stderr", ".txt");
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
          .redirectOutput(out.toFile()).redirectError(err.toFile());
      Map<String, String> environment = pb.environment();
      environment.keySet().removeIf(k -> k.startsWith("PIPELINE_") || k.startsWith("TMUX")
          || k.startsWith(prefix));
      environment.putAll(env);
      Process p = pb.start();
      if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail(String.join(" ", command) + " did not finish in " + TIMEOUT);
      }
      Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
      Files.delete(out);
      Files.delete(err);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static boolean installed(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  /** Writes an executable script. */
  static Path script(Path file, String... lines) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, "#!/usr/bin/env bash\n" + String.join("\n", lines) + "\n");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A pipeline checkout whose bin/pipeline runs this build's CLI from the test class path (the
   * shaded jar does not exist yet during {@code mvn test}). With a {@code gate}, the launcher
   * first waits for that file to exist, so a test can hold a run open.
   */
  static Path pipelineHome(Path home, Path gate) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> lines = new ArrayList<>();
    if (gate != null) {
      lines.add("while [ ! -e " + quote(gate.toString()) + " ]; do sleep 0.05; done");
    }
    lines.add("exec " + quote(java) + " -cp " + quote(System.getProperty("java.class.path"))
        + " dev.pipeline.cli.PipelineCli \"$@\"");
    script(home.resolve("bin/pipeline"), lines.toArray(String[]::new));
    return home;
  }

  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** Waits until {@code condition} holds; fails after the timeout. */
  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  static Map<String, String> env(String... keyValues) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return m;
  }
}
