package dev.pipeline.api.targets.s3;

/** {@code s3://bucket/key}: a parsed S3 location. The key has no leading slash. */
public record S3Uri(String bucket, String key) {
  public static final String SCHEME = "s3://";

  public S3Uri {
    if (bucket == null || bucket.isEmpty()) {
      throw new IllegalArgumentException("S3 location without a bucket");
    }
    key = key == null ? "" : key.replaceAll("^/+", "");
  }

  public static boolean isS3(String text) {
    return text != null && text.startsWith(SCHEME);
  }

  public static S3Uri parse(String text) {
    if (!isS3(text)) {
      throw new IllegalArgumentException("not an s3:// location: " + text);
    }
    String rest = text.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    return slash < 0 ? new S3Uri(rest, "") : new S3Uri(rest.substring(0, slash), rest.substring(slash + 1));
  }

  /** A key below this one: {@code s3://b/a} + {@code x/y} = {@code s3://b/a/x/y}. */
  public S3Uri resolve(String child) {
    String base = key.isEmpty() || key.endsWith("/") ? key : key + "/";
    return new S3Uri(bucket, base + child.replaceAll("^/+", ""));
  }

  /** The key's "directory" with a trailing slash ({@code ""} at the bucket root). */
  public String parentPrefix() {
    String k = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
    int slash = k.lastIndexOf('/');
    return slash < 0 ? "" : k.substring(0, slash + 1);
  }

  /** The last path element. */
  public String name() {
    String k = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
    return k.substring(k.lastIndexOf('/') + 1);
  }

  @Override
  public String toString() {
    return SCHEME + bucket + "/" + key;
  }
}
