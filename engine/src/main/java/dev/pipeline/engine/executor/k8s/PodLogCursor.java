package dev.pipeline.engine.executor.k8s;

import dev.pipeline.api.targets.local.LocalFileTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far the task log holds each pod's log: a small file beside the task log ({@code
 * TASK.log.pods}, one line per pod: its name and the timestamp of its last line written, or
 * {@code done}). An engine that re-attaches to a running Job after a restart reads it and goes on
 * where the previous engine stopped, instead of writing the pods' logs again from the start.
 *
 * <p>Saved at most once a second while lines arrive, within a second of the last one (the
 * follower asks every second while it waits on a stream), and at once when a pod's log ends or
 * the follower stops: after a crash at most the last second's lines repeat.
 */
final class PodLogCursor {
  private static final Logger LOG = LoggerFactory.getLogger(PodLogCursor.class);
  private static final long SAVE_INTERVAL_NANOS = 1_000_000_000L;
  private static final String DONE = "done";

  private final Path file;
  private final Map<String, String> pods;
  private long savedAt = System.nanoTime();
  private boolean dirty;
  private boolean deleted;

  private PodLogCursor(Path file, Map<String, String> pods) {
    this.file = file;
    this.pods = pods;
  }

  static Path fileOf(Path taskLog) {
    return taskLog.resolveSibling(taskLog.getFileName() + ".pods");
  }

  /** A cursor that starts from nothing (a new Job), replacing what an earlier Job left. */
  static PodLogCursor fresh(Path taskLog) {
    Path file = fileOf(taskLog);
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debug("pod log cursor {}: {}", file, e.toString());
    }
    return new PodLogCursor(file, new LinkedHashMap<>());
  }

  /** Removes the file for good: the Job is gone, nobody will re-attach to it. */
  synchronized void delete() {
    deleted = true;
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debug("pod log cursor {}: {}", file, e.toString());
    }
  }

  /** The cursor the previous engine left for this task log (empty when there is none). */
  static PodLogCursor resume(Path taskLog) {
    Path file = fileOf(taskLog);
    Map<String, String> pods = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int space = line.indexOf(' ');
        if (space > 0) {
          pods.put(line.substring(0, space), line.substring(space + 1).strip());
        }
      }
    } catch (NoSuchFileException e) {
      // no earlier follower wrote one: start from the beginning
    } catch (IOException e) {
      LOG.debug("pod log cursor {}: {}", file, e.toString());
    }
    return new PodLogCursor(file, pods);
  }

  synchronized boolean done(String pod) {
    return DONE.equals(pods.get(pod));
  }

  /** Whether an earlier follower wrote some of this pod's log already. */
  synchronized boolean started(String pod) {
    return pods.containsKey(pod);
  }

  /** The timestamp of the last line of this pod in the task log, or null. */
  synchronized Instant last(String pod) {
    String at = pods.get(pod);
    if (at == null || at.equals(DONE)) {
      return null;
    }
    try {
      return Instant.parse(at);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  synchronized void advance(String pod, Instant at) {
    pods.put(pod, at.toString());
    dirty = true;
    if (System.nanoTime() - savedAt >= SAVE_INTERVAL_NANOS) {
      save();
    }
  }

  synchronized void finished(String pod) {
    pods.put(pod, DONE);
    dirty = true;
    save();
  }

  /** Writes the file if anything changed (as an atomic local target: never half a file). */
  synchronized void save() {
    if (!dirty || deleted) {
      return;
    }
    StringBuilder text = new StringBuilder();
    pods.forEach((pod, at) -> text.append(pod).append(' ').append(at).append('\n'));
    try {
      LocalFileTarget.of(file).writeString(text.toString());
      dirty = false;
      savedAt = System.nanoTime();
    } catch (IOException e) {
      LOG.debug("pod log cursor {}: {}", file, e.toString()); // costs a repeat after a restart at most
    }
  }
}
