package dev.pipeline.engine.event;

/** Everything the scheduler reports; listeners (summary, journal, progress, UIs) consume these. */
public sealed interface RunEvent permits RunStarted, GraphResolved, GraphGrew, TaskEvent, ItemPublished,
    RunFinished {}
