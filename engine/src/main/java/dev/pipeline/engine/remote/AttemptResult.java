package dev.pipeline.engine.remote;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * How a remote attempt ended, as {@code run-task} saw it: written next to the exit-code file so
 * that the engine can report the task's own failure message (and whether a retry may help)
 * instead of just "exit code 3". The exit-code file still decides success.
 *
 * @param outcome {@code SUCCESS}, {@code ALREADY_COMPLETE}, {@code FAILURE} or {@code INTERRUPTED}
 */
public record AttemptResult(String outcome, String message, boolean retryable) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public void write(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.createDirectories(file.getParent());
    Files.write(tmp, JSON.writeValueAsBytes(this));
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  public static Optional<AttemptResult> read(Path file) {
    try {
      return Optional.of(JSON.readValue(Files.readString(file), AttemptResult.class));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
