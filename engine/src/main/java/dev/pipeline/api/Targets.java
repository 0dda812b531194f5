package dev.pipeline.api;

import dev.pipeline.api.targets.DirectoryTarget;
import dev.pipeline.api.targets.FileTarget;
import dev.pipeline.api.targets.local.LocalDirectoryTarget;
import dev.pipeline.api.targets.local.LocalFileTarget;
import dev.pipeline.api.targets.s3.S3DirectoryTarget;
import dev.pipeline.api.targets.s3.S3FileTarget;
import java.nio.file.Path;

/**
 * A target from a path or URI (here rather than in the targets package, which the local and S3
 * packages depend on: a factory over them there would make a package cycle): {@code s3://bucket/key} is an S3 target (through the shared store
 * built from the cfg {@code [s3]} section and the environment), anything else a local path.
 */
public final class Targets {
  private Targets() {}

  public static boolean isRemote(String pathOrUri) {
    return pathOrUri != null && pathOrUri.startsWith("s3://");
  }

  public static FileTarget file(String pathOrUri) {
    if (isRemote(pathOrUri)) {
      return S3FileTarget.of(pathOrUri);
    }
    return LocalFileTarget.of(Path.of(pathOrUri));
  }

  public static DirectoryTarget directory(String pathOrUri) {
    if (isRemote(pathOrUri)) {
      return S3DirectoryTarget.of(pathOrUri);
    }
    return LocalDirectoryTarget.of(Path.of(pathOrUri));
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
