package dev.pipeline.engine.journal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pipeline.engine.event.FamilyShape;
import java.util.List;
import java.util.Map;

/**
 * One line of the journal. {@code type} is {@code run_started}, {@code graph}, {@code graph_grew},
 * {@code task}, {@code published} (an item a running task published: {@code item}, {@code path})
 * or {@code run_finished}; fields that do not apply to a type are omitted from the line. A task record
 * that ends an attempt carries what the attempt used where it is known: {@code cpuSeconds} (user
 * plus system), {@code peakRssKb} (the largest process of a command's tree) and {@code
 * allocatedBytes} (heap allocated by a Java task's thread). {@code families} (on {@code graph})
 * describes each family of the graph (see {@link FamilyShape}), so that readers can draw the graph
 * of families without loading its tasks.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
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
    String directory,
    List<String> roots,
    Integer workers,
    Map<String, Integer> counts,
    Integer exitCode,
    Double wallSeconds,
    Double cpuSeconds,
    Long peakRssKb,
    Long allocatedBytes,
    Map<String, FamilyShape> families,
    String item,
    String path) {

  /** A record without resource use or family edges (the fields older journals have). */
  public JournalRecord(String type, String run, String time, String task, String family,
      String state, Integer attempt, List<String> gpus, String log, String message,
      List<String> argv, String version, String host, Long pid, String directory,
      List<String> roots, Integer workers, Map<String, Integer> counts, Integer exitCode,
      Double wallSeconds) {
    this(type, run, time, task, family, state, attempt, gpus, log, message, argv, version, host,
        pid, directory, roots, workers, counts, exitCode, wallSeconds, null, null, null, null, null, null);
  }

  /** The first two resource figures, without the allocation (which only Java tasks have). */
  public JournalRecord(String type, String run, String time, String task, String family,
      String state, Integer attempt, List<String> gpus, String log, String message,
      List<String> argv, String version, String host, Long pid, String directory,
      List<String> roots, Integer workers, Map<String, Integer> counts, Integer exitCode,
      Double wallSeconds, Double cpuSeconds, Long peakRssKb) {
    this(type, run, time, task, family, state, attempt, gpus, log, message, argv, version, host,
        pid, directory, roots, workers, counts, exitCode, wallSeconds, cpuSeconds, peakRssKb,
        null, null, null, null);
  }
}
