package dev.pipeline.api;

import dev.pipeline.api.targets.DirectoryTarget;
import dev.pipeline.api.targets.FileTarget;
import dev.pipeline.api.targets.local.LocalDirectoryTarget;
import dev.pipeline.api.targets.local.LocalFileTarget;
import dev.pipeline.api.targets.s3.S3Store;
import java.nio.file.Path;

/**
 * A target from a path or URI (here rather than in the targets package, which the local and S3
 * packages depend on: a factory over them there would make a package cycle): {@code s3://bucket/key}
 * is an S3 target, anything else a local path.
 *
 * <p>An S3 target belongs to a run: it talks to the endpoint of that run's {@code [s3]} section
 * (environment as fallback). Targets are made inside {@code output()}, which has no run in its
 * signature, so they are made through the task ({@code Targets.file(this, uri)}): the task keeps
 * the configuration of the run that created it, and that configuration holds the run's store.
 * This is the whole mechanism: no process-wide "current settings", nothing bound later by the
 * engine (a target made again in a typed accessor or in another task's {@code run()} through
 * {@code input()} is bound the same way, by the task that made it).
 */
public final class Targets {
  private Targets() {}

  public static boolean isRemote(String pathOrUri) {
    return pathOrUri != null && pathOrUri.startsWith("s3://");
  }

  /** A file target of the run {@code owner} belongs to (usually {@code this} in output()). */
  public static FileTarget file(Task owner, String pathOrUri) {
    return file(owner.configuration(), pathOrUri);
  }

  /** A directory target of the run {@code owner} belongs to (usually {@code this} in output()). */
  public static DirectoryTarget directory(Task owner, String pathOrUri) {
    return directory(owner.configuration(), pathOrUri);
  }

  /**
   * A file target of the run {@code configuration} describes; null for code outside any run,
   * whose S3 settings come from the process environment ({@code AWS_ENDPOINT_URL}, ...).
   */
  public static FileTarget file(Configuration configuration, String pathOrUri) {
    if (isRemote(pathOrUri)) {
      return s3(configuration).file(pathOrUri);
    }
    return LocalFileTarget.of(Path.of(pathOrUri));
  }

  /** As {@link #file(Configuration, String)}, for a directory. */
  public static DirectoryTarget directory(Configuration configuration, String pathOrUri) {
    if (isRemote(pathOrUri)) {
      return s3(configuration).directory(pathOrUri);
    }
    return LocalDirectoryTarget.of(Path.of(pathOrUri));
  }

  private static S3Store s3(Configuration configuration) {
    return configuration == null ? S3Store.environment() : configuration.s3Store();
  }

  /**
   * The location a {@code path} parameter holds: {@code java.nio.file.Path} turns
   * {@code s3://bucket/key} into {@code s3:/bucket/key}; this gives the URI back.
   */
  public static String location(Path path) {
    String s = path.toString();
    return s.startsWith("s3:/") && !s.startsWith("s3://") ? "s3://" + s.substring(4) : s;
  }
}
