package dev.pipeline.api.targets.s3;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds S3 clients: the Apache HTTP client set explicitly (the url-connection client failed
 * uploads with "Error writing request body to server" against S3-compatible servers, in tests
 * too; the SDK would otherwise pick whichever client is on the class path), the standard retry strategy
 * with exponential backoff and jitter (throttling, 5xx, I/O errors), endpoint and path style
 * from {@link S3Settings}.
 */
public final class S3Clients {
  private S3Clients() {}

  public static S3Client create(S3Settings settings) {
    return create(settings, DefaultCredentialsProvider.builder().build());
  }

  public static S3Client create(S3Settings settings, AwsCredentialsProvider credentials) {
    var builder = S3Client.builder()
        .httpClient(ApacheHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofSeconds(60))
            .build())
        .credentialsProvider(credentials)
        .forcePathStyle(settings.pathStyle())
        .region(region(settings))
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(settings.maxAttempts()).build())
            .build());
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    return builder.build();
  }

  private static Region region(S3Settings settings) {
    if (settings.region() != null) {
      return Region.of(settings.region());
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (RuntimeException e) {
      return Region.US_EAST_1; // S3-compatible stores ignore it; AWS redirects are not followed
    }
  }

  /**
   * The credentials as environment variables, for a Kubernetes Secret only. Never log the result.
   */
  public static Map<String, String> credentialEnvironment(AwsCredentialsProvider provider) {
    AwsCredentials c = provider.resolveCredentials();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_ACCESS_KEY_ID", c.accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", c.secretAccessKey());
    if (c instanceof AwsSessionCredentials s) {
      env.put("AWS_SESSION_TOKEN", s.sessionToken());
    }
    return env;
  }
}
