package dev.pipeline.engine.scheduler;

import dev.pipeline.engine.log.TaskLog;
import java.util.List;

/** What the scheduler holds for an attempt in flight. */
record Running(
    int attempt, ResourcePool.Allocation allocation, List<String> gpus, TaskLog log,
    Thread thread) {}
