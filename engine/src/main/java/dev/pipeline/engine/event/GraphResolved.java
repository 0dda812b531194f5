package dev.pipeline.engine.event;

import java.time.Instant;

/** The graph is known: how many tasks it has, how many were already complete, how many will run. */
public record GraphResolved(Instant time, int total, int complete, int toRun) implements RunEvent {}
