package dev.pipeline.engine.event;

import dev.pipeline.api.TaskId;
import java.nio.file.Path;
import java.time.Instant;

/** A running task published an item (a checkpoint): tasks following it may start on it now. */
public record ItemPublished(Instant time, TaskId producer, String name, Path path) implements RunEvent {}
