package dev.pipeline.engine.provenance;

import dev.pipeline.api.Family;

/** A {@link Step} of another family (a data set at the top of a chain). */
@Family("test.Source")
public class Source extends Step {}
