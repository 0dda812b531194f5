package dev.pipeline.api.targets.s3;

import java.io.FileNotFoundException;
import dev.pipeline.api.error.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One-line errors that name the bucket and the fix. Built only from the location, the HTTP status
 * and S3's error code: never from credentials or request headers.
 */
final class S3Errors {
  private S3Errors() {}

  static IOException translate(String action, S3Uri where, SdkException e) {
    String bucket = where.bucket();
    if (e instanceof S3Exception s3) {
      String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
      int status = s3.statusCode();
      if ("NoSuchBucket".equals(code)) {
        return new IOException("S3 bucket '" + bucket + "' does not exist (" + action + " " + where
            + "); create it or fix the s3:// path", e);
      }
      if ("NoSuchKey".equals(code) || status == 404) {
        return new FileNotFoundException(where + " does not exist");
      }
      if ("InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)) {
        return new IOException("S3 rejected the credentials for bucket '" + bucket + "' (" + code
            + "); check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the profile, and [s3] endpoint", e);
      }
      if ("AccessDenied".equals(code) || status == 403) {
        return new IOException("access denied to S3 bucket '" + bucket + "' (" + action + " " + where
            + "); grant these credentials s3:ListBucket, s3:GetObject, s3:PutObject and s3:DeleteObject"
            + " on it", e);
      }
      return new IOException("S3 " + action + " " + where + " failed: HTTP " + status
          + (code == null ? "" : " " + code), e);
    }
    String message = String.valueOf(e.getMessage());
    if (missingCredentials(e)) {
      return new IOException("no S3 credentials found for bucket '" + bucket + "': set"
          + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or ~/.aws/credentials", e);
    }
    return new IOException("S3 " + action + " " + where + " failed: " + firstLine(message), e);
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
