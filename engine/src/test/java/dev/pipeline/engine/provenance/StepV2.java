package dev.pipeline.engine.provenance;

import dev.pipeline.api.Family;

/** {@link Step} after its author changed run() and bumped the version. */
@Family(value = "test.Step", version = 2)
public class StepV2 extends Step {}
