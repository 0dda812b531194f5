package dev.pipeline.engine.event;

import java.time.Instant;

/** The run ended; the summary says how. */
public record RunFinished(Instant time, RunSummary summary) implements RunEvent {}
