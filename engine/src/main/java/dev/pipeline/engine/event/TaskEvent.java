package dev.pipeline.engine.event;

import dev.pipeline.api.TaskId;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** A task changed state. {@code log} and {@code message} are null when they do not apply. */
public record TaskEvent(
    TaskId task,
    TaskState state,
    int attempt,
    Instant time,
    List<String> gpus,
    Path log,
    String message) implements RunEvent {

  public TaskEvent {
    gpus = List.copyOf(gpus);
  }
}
