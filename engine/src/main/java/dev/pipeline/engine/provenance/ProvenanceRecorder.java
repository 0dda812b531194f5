package dev.pipeline.engine.provenance;

import dev.pipeline.api.Task;
import dev.pipeline.api.targets.Target;
import dev.pipeline.engine.journal.HostName;
import dev.pipeline.engine.model.TaskFamily;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The engine's side of provenance during a run: before an attempt it takes the inputs'
 * fingerprints (what the task is about to read) and removes the outputs of a task that runs again;
 * once the task has succeeded (here, or on a cluster once the job's exit is known) it records its
 * outputs. A task's outputs appear atomically and their record follows: a process killed in
 * between leaves outputs without a record, or with the previous one (stale: they run again).
 */
public final class ProvenanceRecorder implements AutoCloseable {
  private final ProvenanceLog log;
  private final TaskVersions versions = new TaskVersions();
  private final String engine;
  private final String host = HostName.current();

  public ProvenanceRecorder(ProvenanceLog log) {
    this.log = log;
    String v = ProvenanceRecorder.class.getPackage().getImplementationVersion();
    this.engine = v != null ? v : "dev";
  }

  /**
   * Before an attempt: removes the existing outputs of a task that runs again ({@code rerun}), so
   * that a stale output is never read as current and a directory can be made again, and forgets
   * their provenance; then fingerprints the inputs.
   *
   * @throws IOException when an output cannot be removed (the attempt must not run)
   */
  public List<ProvenanceRecord.Input> starting(Task task, boolean rerun) throws IOException {
    if (rerun) {
      List<String> removed = new ArrayList<>();
      for (Target t : task.outputs()) {
        if (t.exists()) {
          t.remove();
          removed.add(t.uri());
        }
      }
      log.removed(removed);
    }
    if (task.requirements().isEmpty()) {
      return List.of();
    }
    return new Fingerprinter().inputsOf(List.of(task)).get(0);
  }

  /** Records every output of a task that has just succeeded, in one write. */
  public void completed(Task task, List<ProvenanceRecord.Input> inputs) throws IOException {
    List<Target> outputs = task.outputs();
    if (outputs.isEmpty()) {
      return;
    }
    String id = task.id().toString();
    String family = task.id().family();
    Map<String, String> params = TaskFamily.of(task).significantValues(task);
    int version = versions.of(task);
    String time = Instant.now().toString();
    List<ProvenanceRecord> records = new ArrayList<>(outputs.size());
    for (Target t : outputs) {
      records.add(new ProvenanceRecord(t.uri(), id, family, params, version, inputs, engine, host,
          time));
    }
    log.append(records);
  }

  /** Forgets the provenance of outputs removed outside a run ({@code remove-output}). */
  public static void forget(ProvenanceLog log, List<String> uris) throws IOException {
    log.removed(uris);
  }

  @Override
  public void close() {
    log.close();
  }
}
