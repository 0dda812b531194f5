package dev.pipeline.api.targets.s3;

import dev.pipeline.api.targets.StorageFault;
import java.io.FileNotFoundException;
import dev.pipeline.api.error.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One-line errors that name the bucket and the fix. Built only from the location, the HTTP status,
 * S3's error code and the kind of network failure: never from credentials or request headers, and
 * never with an exception class name (they are {@link StorageFault}s, reported as they are).
 */
final class S3Errors {
  private S3Errors() {}

  static IOException translate(String action, S3Uri where, SdkException e) {
    String bucket = where.bucket();
    if (e instanceof S3Exception s3) {
      String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
      int status = s3.statusCode();
      if ("NoSuchBucket".equals(code)) {
        return new StorageFault("S3 bucket '" + bucket + "' does not exist (" + action + " " + where
            + "); create it or fix the s3:// path", e);
      }
      if ("NoSuchKey".equals(code) || status == 404) {
        return new FileNotFoundException(where + " does not exist");
      }
      if ("InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)) {
        return new StorageFault("S3 rejected the credentials for bucket '" + bucket + "' (" + code
            + "); check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the profile, and [s3] endpoint", e);
      }
      if ("AccessDenied".equals(code) || status == 403) {
        return new StorageFault("access denied to S3 bucket '" + bucket + "' (" + action + " " + where
            + "); grant these credentials s3:ListBucket, s3:GetObject, s3:PutObject and s3:DeleteObject"
            + " on it", e);
      }
      return new StorageFault("S3 " + action + " " + where + " failed" + attempts(e) + ": HTTP "
          + status + (code == null ? "" : " " + code) + advice(status), e);
    }
    String message = String.valueOf(e.getMessage());
    if (missingCredentials(e)) {
      return new StorageFault("no S3 credentials found for bucket '" + bucket + "': set"
          + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or ~/.aws/credentials", e);
    }
    return new StorageFault("S3 " + action + " " + where + " failed" + attempts(e) + ": "
        + network(e) + "; check [s3] endpoint and the network, or run again later", e);
  }

  private static String attempts(SdkException e) {
    Integer n = e.numAttempts();
    return n == null || n < 2 ? "" : " after " + n + " attempts";
  }

  private static String advice(int status) {
    if (status == 503) {
      return " (the store is throttling requests; run again later or with fewer workers)";
    }
    return status >= 500 ? " (a server error; run again later)" : "";
  }

  /** The network failure in words, from the innermost cause (never a class name). */
  static String network(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
      if (c instanceof UnknownHostException) {
        return "unknown host " + c.getMessage();
      }
      if (c instanceof ConnectException) {
        return "cannot connect to the endpoint (connection refused)";
      }
      if (c instanceof SocketTimeoutException || c instanceof InterruptedIOException && m.contains("timed out")) {
        return "the endpoint did not answer in time";
      }
      if (m.contains("premature end") || m.contains("truncated") || m.contains("content-length")) {
        return "the answer was cut short";
      }
      if (m.contains("failed to respond") || m.contains("no http response")) {
        return "the server closed the connection without answering";
      }
      if (c instanceof SocketException || m.contains("connection reset") || m.contains("broken pipe")) {
        return "the connection was reset";
      }
    }
    return firstLine(String.valueOf(e.getMessage()))
        .replaceAll("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error)\\b:?\\s*", "")
        .replaceAll("\\s*\\(SDK Attempt Count: \\d+\\)", "");
  }

  /**
   * For a check whose caller cannot take an IOException (completeness, listing): missing
   * credentials are the user's to fix, a usage error (exit 2; before anything runs when the check
   * is made while the graph is built); anything else stays an I/O error.
   */
  static RuntimeException unchecked(String action, S3Uri where, SdkException e) {
    IOException translated = translate(action, where, e);
    return missingCredentials(e) ? new UsageException(translated.getMessage(), e)
        : new UncheckedIOException(translated);
  }

  private static boolean missingCredentials(SdkException e) {
    return !(e instanceof S3Exception) && e instanceof SdkClientException
        && String.valueOf(e.getMessage()).contains("credentials");
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
