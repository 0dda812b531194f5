package dev.pipeline.engine.scaffold;

import dev.pipeline.api.error.UsageException;
import java.util.regex.Pattern;

/**
 * An {@code s3://bucket/prefix} given to {@code pipeline init --s3-bucket}; training data and
 * training runs go below it. Trailing slashes are dropped so that {@code uri() + "/data"} is
 * well-formed.
 */
public record S3Location(String uri) {
  // Bucket: letters, digits, '.', '-', '_' (legacy and S3-compatible stores); prefix: no spaces.
  private static final Pattern FORM = Pattern.compile("s3://[A-Za-z0-9._-]+(/\\S*)?");

  public S3Location {
    if (uri == null || !FORM.matcher(uri).matches()) {
      throw new UsageException("--s3-bucket must look like s3://bucket/prefix, got '" + uri + "'");
    }
    uri = uri.replaceAll("/+$", "");
  }

  public static S3Location parse(String text) {
    return new S3Location(text);
  }
}
