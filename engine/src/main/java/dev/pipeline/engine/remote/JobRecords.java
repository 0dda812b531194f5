package dev.pipeline.engine.remote;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipeline.api.TaskId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Submitted jobs of every backend but local processes, persisted in the run directory ({@code .pipeline/jobs/records/ID.json},
 * one small file per task) so that an engine started again on the same run directory re-attaches
 * to jobs still pending or running instead of submitting them a second time. A record is written
 * right after the submission and removed when the task's attempt is over.
 */
public final class JobRecords {
  /** Built on first use: every run constructs JobRecords, few runs have a cluster job to record. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  /**
   * One task's live job. Paths are absolute strings, null where the backend has no such file (a
   * Kubernetes pod reports its exit code itself); {@code location} is the handle's {@link
   * dev.pipeline.engine.executor.JobHandle#location()}; {@code submitted} is an ISO instant.
   */
  public record JobRecord(String task, String executor, String jobId, int attempt, int restarts,
      String exitFile, String resultFile, String location, String submitted) {}

  private final Path directory;

  public JobRecords(Path stateDirectory) {
    this.directory = stateDirectory.resolve("jobs").resolve("records");
  }

  public Path file(TaskId id) {
    return directory.resolve(id.family() + "-" + id.digest() + ".json");
  }

  /** The task's record, when there is one for exactly this task. */
  public Optional<JobRecord> find(TaskId id) {
    try {
      JobRecord r = Json.MAPPER.readValue(Files.readString(file(id)), JobRecord.class);
      return r.task().equals(id.canonical()) ? Optional.of(r) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      // A torn or foreign file: ignore it (the task is submitted again), never fail the run.
      return Optional.empty();
    }
  }

  /** Writes atomically: a reader sees the old record or the new one. */
  public void save(TaskId id, JobRecord record) {
    try {
      Files.createDirectories(directory);
      Path tmp = Files.createTempFile(directory, ".record", ".tmp");
      Files.write(tmp, Json.MAPPER.writeValueAsBytes(record));
      Files.move(tmp, file(id), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record job " + record.jobId() + " of " + id + ": "
          + e.getMessage(), e);
    }
  }

  public void delete(TaskId id) {
    try {
      Files.deleteIfExists(file(id));
    } catch (IOException e) {
      // A stale record costs one status query on the next start; not worth failing for.
    }
  }
}
