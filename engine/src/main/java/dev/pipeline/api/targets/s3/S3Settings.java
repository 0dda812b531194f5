package dev.pipeline.api.targets.s3;

import dev.pipeline.api.text.Booleans;
import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * How to reach S3: from a cfg {@code [s3]} section (endpoint / endpoint_url, region, path_style,
 * retries, multipart_threshold_mb) with the environment ({@code AWS_ENDPOINT_URL},
 * {@code AWS_REGION}, {@code PIPELINE_S3_PATH_STYLE}) as fallback. Credentials are never settings:
 * they come from the AWS default chain (environment, profile, instance role), so no cfg, journal
 * or log line ever holds them.
 *
 * @param endpoint override for S3-compatible stores (MinIO, Ceph), or null for AWS
 * @param region region name, or null for the default region chain (us-east-1 with an endpoint)
 * @param pathStyle path-style requests ({@code http://host/bucket/key}), needed by most clones
 * @param maxAttempts attempts per request, first one included (throttling, 5xx, dropped connections)
 * @param multipartThreshold bytes above which an upload goes in parts
 */
public record S3Settings(URI endpoint, String region, boolean pathStyle, int maxAttempts,
    long multipartThreshold) {
  public static final int DEFAULT_ATTEMPTS = 5;
  public static final long DEFAULT_MULTIPART = 64L << 20;

  public S3Settings {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("[s3] retries must be >= 0");
    }
    if (multipartThreshold < 5L << 20) {
      multipartThreshold = 5L << 20; // S3's smallest part
    }
  }

  public static S3Settings defaults() {
    return new S3Settings(null, null, false, DEFAULT_ATTEMPTS, DEFAULT_MULTIPART);
  }

  /**
   * From raw {@code [s3]} values (may be empty) and the environment, for code outside a run; a
   * run reads its cfg section through the schema ({@code BuiltinSettings}), with the same rules.
   */
  public static S3Settings from(Map<String, String> section, Map<String, String> env) {
    String endpoint = first(section.get("endpoint"), section.get("endpoint_url"),
        env.get("AWS_ENDPOINT_URL_S3"), env.get("AWS_ENDPOINT_URL"));
    String region = first(section.get("region"), env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"));
    String pathStyle = first(section.get("path_style"), env.get("PIPELINE_S3_PATH_STYLE"));
    String retries = first(section.get("retries"), env.get("PIPELINE_S3_RETRIES"));
    String multipart = section.get("multipart_threshold_mb");
    return new S3Settings(
        endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint.trim()),
        region == null || region.isBlank() ? null : region.trim(),
        pathStyle == null ? endpoint != null : parseBoolean(pathStyle),
        retries == null ? DEFAULT_ATTEMPTS : Integer.parseInt(retries.trim()) + 1,
        multipart == null ? DEFAULT_MULTIPART : Long.parseLong(multipart.trim()) << 20);
  }

  /** The settings of code outside any run: the process environment only. */
  public static S3Settings fromEnvironment() {
    return from(Map.of(), System.getenv());
  }

  private static boolean parseBoolean(String s) {
    try {
      return Booleans.parse(s); // the one grammar
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("[s3] path_style: got '" + s + "'; " + e.getMessage());
    }
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}
