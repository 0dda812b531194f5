package dev.pipeline.engine.executor.grid;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs commands as child processes with a time limit. {@code binDirectory}, when set, is where the
 * batch system's programs live (a cluster whose {@code sbatch} is not on the PATH).
 */
public final class ProcessCommandRunner implements CommandRunner {
  private final Duration timeout;
  private final Path binDirectory;

  public ProcessCommandRunner(Duration timeout, Path binDirectory) {
    this.timeout = timeout;
    this.binDirectory = binDirectory;
  }

  public static ProcessCommandRunner standard() {
    return new ProcessCommandRunner(Duration.ofMinutes(2), null);
  }

  @Override
  public CommandResult run(List<String> argv) throws IOException {
    List<String> command = new ArrayList<>(argv);
    if (binDirectory != null && !command.get(0).contains("/")) {
      Path program = binDirectory.resolve(command.get(0));
      if (Files.isExecutable(program)) {
        command.set(0, program.toString());
      }
    }
    Process process = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    String out = read(process.getInputStream());
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", argv) + " did not finish within "
            + timeout.toSeconds() + "s");
      }
      return new CommandResult(argv, process.exitValue(), out, err.get(10, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + argv.get(0), e);
    } catch (ExecutionException | TimeoutException e) {
      return new CommandResult(argv, process.exitValue(), out, "");
    }
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
