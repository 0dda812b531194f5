package dev.pipeline.engine.provenance;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What produced one output: the task (its id and significant parameters), its family's code
 * version, the fingerprints of the inputs it read (its static requirements' outputs, taken when it
 * started), the engine version, the host and the time it completed.
 *
 * @param output the output's URI
 * @param task the task id's canonical text
 * @param params the significant parameters, as the id renders them
 * @param time ISO-8601 instant
 */
public record ProvenanceRecord(String output, String task, String family,
    Map<String, String> params, int version, List<Input> inputs, String engine, String host,
    String time) {

  public ProvenanceRecord {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    inputs = List.copyOf(inputs);
  }

  /** One input as it was read: URI and fingerprint (null when its target type cannot tell). */
  public record Input(String uri, String fingerprint) {}

  /** The hash the check compares first: equal hashes mean the same significant parameters. */
  public long taskHash() {
    return Hashes.text(task);
  }

  public long inputsHash() {
    return Hashes.inputs(inputs);
  }
}
