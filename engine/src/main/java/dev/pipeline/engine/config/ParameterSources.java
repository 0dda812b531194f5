package dev.pipeline.engine.config;

/**
 * The parameter source of the current run. Tasks create their requirements inside requires(),
 * where no context is passed, so the source is process-wide: the CLI installs it for a run and
 * restores the previous one afterwards.
 */
public final class ParameterSources {
  private static volatile ParameterSource current = ParameterSource.NONE;

  private ParameterSources() {}

  public static ParameterSource current() {
    return current;
  }

  /** Installs {@code source} until the returned scope is closed. */
  public static Scope install(ParameterSource source) {
    ParameterSource previous = current;
    current = source;
    return () -> current = previous;
  }

  /** Restores the previous source on close. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
