package dev.pipeline.engine.event;

import java.time.Instant;

/**
 * A task's dynamic requirements added tasks to a running graph: how many, how many of them were
 * already complete, how many will run. Totals shown after {@link GraphResolved} grow by these.
 */
public record GraphGrew(Instant time, int added, int complete, int toRun) implements RunEvent {}
