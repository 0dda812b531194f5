package dev.pipeline.api;


import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What the engine gives a running task attempt. */
public interface TaskContext {
  TaskId taskId();

  /** 1 for the first try, 2 for the first retry, and so on. */
  int attempt();

  /** The GPU ids assigned to this attempt, exclusively; empty when it asked for none. */
  List<String> gpus();

  /**
   * Environment for processes the task starts: CUDA_VISIBLE_DEVICES (empty string when no GPU is
   * assigned, so a child cannot grab a GPU that belongs to another task) and the run variables.
   */
  Map<String, String> environment();

  /** The task's log; {@code System.out} and {@code System.err} of the task thread also land here. */
  PrintStream log();

  /** The log as raw bytes (created lazily, unlike {@link #log()}'s print stream). */
  OutputStream logStream();

  /** Path of the task's log file. */
  Path logFile();

  /** The run directory (journal, logs, claims live under its {@code .pipeline/}). */
  Path runDirectory();

  /**
   * Runs an external program through the task's executor, with {@link #environment()}, its output
   * appended to the task log, and waits for it. Throws {@link TaskFailedException} on a non-zero
   * exit code, with the last lines of the log in the message.
   */
  void exec(List<String> argv) throws IOException, InterruptedException, TaskFailedException;

  /** As {@link #exec(List)}, with a working directory, extra environment and a time limit. */
  void exec(Command command) throws IOException, InterruptedException, TaskFailedException;

  /** True once the run is being interrupted; long loops in run() should check it. */
  boolean cancelled();

  /**
   * A directory of this task that survives its restarts (a cluster job resubmitted after its wall
   * time, a retry, a new run): save progress here and resume from it. Also exported to commands
   * as {@code PIPELINE_CHECKPOINT_DIR} for tasks that run on a cluster. Created on first call.
   */
  default Path checkpointDirectory() throws IOException {
    Path dir = checkpointDirectory(runDirectory(), taskId());
    Files.createDirectories(dir);
    return dir;
  }

  /** {@code RUN/.pipeline/checkpoints/FAMILY/FAMILY-DIGEST}. */
  static Path checkpointDirectory(Path runDirectory, TaskId id) {
    return runDirectory.resolve(".pipeline").resolve("checkpoints").resolve(id.family())
        .resolve(id.family() + "-" + id.digest());
  }

  /**
   * Publishes an item while the task runs (a checkpoint after N steps): tasks that {@link
   * Task#follows() follow} this task get their {@link Task#forItem per-item tasks} started at
   * once, while this one keeps running. Write the item completely first (to a temporary name,
   * then rename it into place): it is announced as it is. The item is recorded durably (in {@code
   * .pipeline/published/}, and in the journal) before this returns, so a restarted run knows it;
   * publishing a name again (after a restart) is a no-op.
   */
  default void publish(String name, Path path) throws IOException {
    throw new UnsupportedOperationException("this context cannot publish items");
  }

  /** The items {@code producer} has published so far, in order (its manifest; empty for none). */
  default List<Published> published(Task producer) throws IOException {
    throw new UnsupportedOperationException("this context cannot read published items");
  }

  /**
   * How many times this task's cluster job was resubmitted after being killed at its wall time
   * ({@code PIPELINE_RESTART_COUNT}): 0 on the first run.
   */
  default int restartCount() {
    String n = environment().get("PIPELINE_RESTART_COUNT");
    return n == null || n.isBlank() ? 0 : Integer.parseInt(n.strip());
  }
}
