package dev.pipeline.engine.event;

import dev.pipeline.api.TaskId;
import dev.pipeline.engine.executor.ResourceUsage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A task changed state. {@code log} and {@code message} are null when they do not apply; {@code
 * usage} is what the attempt used, on the record that ends an attempt ({@code DONE}, {@code
 * RETRYING}, {@code FAILED}, {@code INTERRUPTED}), and {@link ResourceUsage#NONE} elsewhere.
 */
public record TaskEvent(
    TaskId task,
    TaskState state,
    int attempt,
    Instant time,
    List<String> gpus,
    Path log,
    String message,
    ResourceUsage usage) implements RunEvent {

  public TaskEvent {
    gpus = List.copyOf(gpus);
    usage = usage == null ? ResourceUsage.NONE : usage;
  }

  public TaskEvent(TaskId task, TaskState state, int attempt, Instant time, List<String> gpus,
      Path log, String message) {
    this(task, state, attempt, time, gpus, log, message, ResourceUsage.NONE);
  }
}
