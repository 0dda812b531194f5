package dev.pipeline.engine.model;

import dev.pipeline.api.error.UsageException;

/** A required parameter has no value from the command line, the environment or the cfg. */
public final class MissingParameterException extends UsageException {
  private final String family;
  private final String parameter;

  MissingParameterException(String family, String parameter, String type) {
    super(family + ": missing required parameter --" + parameter + " (" + type + ")");
    this.family = family;
    this.parameter = parameter;
  }

  public String family() {
    return family;
  }

  public String parameter() {
    return parameter;
  }
}
