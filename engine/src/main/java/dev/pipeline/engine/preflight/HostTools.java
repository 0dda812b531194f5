package dev.pipeline.engine.preflight;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What preflight asks of this machine: programs on a PATH, and short commands run with a time
 * limit ({@code podman image exists}, {@code nvidia-smi}).
 *
 * @param path the PATH programs are looked up on (the engine's)
 */
record HostTools(String path) {
  /** The result of a short command: its exit code (-1: could not start or timed out). */
  record Result(int exitCode, String output) {}

  static HostTools current() {
    return new HostTools(System.getenv().getOrDefault("PATH", ""));
  }

  /** The program's path: itself when it names a path, else the first match on the PATH. */
  Optional<Path> find(String program) {
    if (program.contains("/")) {
      Path p = Path.of(program);
      return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    for (String dir : path.split(":")) {
      if (!dir.isEmpty()) {
        Path p = Path.of(dir, program);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  Result run(List<String> argv, Duration timeout) {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      byte[] out = p.getInputStream().readNBytes(64 * 1024);
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "did not finish within " + timeout.toSeconds() + "s");
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      return new Result(-1, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }
}
