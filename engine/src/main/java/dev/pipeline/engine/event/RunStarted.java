package dev.pipeline.engine.event;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** A run begins: who started it, where, with what. */
public record RunStarted(
    String runId,
    Instant time,
    List<String> commandLine,
    String version,
    String host,
    long pid,
    Path runDirectory,
    List<String> roots,
    int workers,
    List<String> gpus) implements RunEvent {

  public RunStarted {
    commandLine = List.copyOf(commandLine);
    roots = List.copyOf(roots);
    gpus = List.copyOf(gpus);
  }
}
