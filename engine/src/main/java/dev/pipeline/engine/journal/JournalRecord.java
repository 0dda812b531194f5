package dev.pipeline.engine.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One line of the journal. {@code type} is {@code run_started}, {@code graph}, {@code task} or
 * {@code run_finished}; fields that do not apply to a type are omitted from the line.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JournalRecord(
    String type,
    String run,
    String time,
    String task,
    String family,
    String state,
    Integer attempt,
    List<String> gpus,
    String log,
    String message,
    List<String> argv,
    String version,
    String host,
    Long pid,
    List<String> roots,
    Integer workers,
    Map<String, Integer> counts,
    Integer exitCode,
    Double wallSeconds) {

  static JournalRecord task(
      String run, String time, String task, String family, String state, int attempt,
      List<String> gpus, String log, String message) {
    return new JournalRecord("task", run, time, task, family, state, attempt,
        gpus.isEmpty() ? null : gpus, log, message,
        null, null, null, null, null, null, null, null, null);
  }
}
