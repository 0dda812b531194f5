package dev.pipeline.engine.journal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One line of the journal. {@code type} is {@code run_started}, {@code graph}, {@code graph_grew},
 * {@code task}, {@code published} (an item a running task published: {@code item}, {@code path})
 * or {@code run_finished}; fields that do not apply to a type are omitted from the line.
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
    String item,
    String path) {
}
