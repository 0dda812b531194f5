package dev.pipeline.engine.testing;

import dev.pipeline.api.targets.s3.S3Clients;
import dev.pipeline.api.targets.s3.S3Settings;
import dev.pipeline.api.targets.s3.S3Store;
import java.net.URI;
import java.util.Map;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An in-process S3 API server (S3Proxy, transient in-memory back end) reached over real HTTP, one
 * per JVM. The credentials are test values that tests grep for in logs and manifests.
 */
public final class S3Server implements AutoCloseable {
  public static final String ACCESS_KEY = "AKIATESTPIPELINE0001";
  public static final String SECRET_KEY = "s3cr3t-Pipeline-Test-Key-Do-Not-Leak";

  private static S3Server instance;

  private final S3Proxy proxy;
  private final URI endpoint;

  private S3Server() throws Exception {
    BlobStores.class.getName();
    var store = BlobStores.create("transient", new Properties());
    proxy = S3Proxy.builder().blobStore(store)
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .ignoreUnknownHeaders(true)
        .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(2);
    }
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  public static synchronized S3Server get() throws Exception {
    if (instance == null) {
      instance = new S3Server();
    }
    return instance;
  }

  /**
   * A server of its own, apart from the shared one: for tests that need two endpoints (two runs,
   * each with its own [s3] section). Close it when done.
   */
  public static S3Server startAnother() throws Exception {
    return new S3Server();
  }

  @Override
  public void close() throws Exception {
    if (this == instance) {
      throw new IllegalStateException("the shared server lives as long as the JVM");
    }
    proxy.stop();
  }

  public URI endpoint() {
    return endpoint;
  }

  public S3Settings settings() {
    return new S3Settings(endpoint, "us-east-1", true, 3, S3Settings.DEFAULT_MULTIPART);
  }

  public static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
  }

  /** A new store (own client) against this server. */
  public S3Store store() {
    S3Settings s = settings();
    return new S3Store(s, () -> S3Clients.create(s, credentials()));
  }

  /** A client for seeding and inspecting the server (Apache HTTP client). */
  public S3Client client() {
    return S3Client.builder().endpointOverride(endpoint).forcePathStyle(true)
        .region(software.amazon.awssdk.regions.Region.US_EAST_1).credentialsProvider(credentials())
        .httpClient(software.amazon.awssdk.http.apache.ApacheHttpClient.create()).build();
  }

  /** The variables a child process (or pod) needs to reach this server. */
  public Map<String, String> environment() {
    return Map.of("AWS_ENDPOINT_URL", endpoint.toString(), "AWS_REGION", "us-east-1",
        "AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY,
        "PIPELINE_S3_PATH_STYLE", "true");
  }

  /**
   * Makes this server's keys the AWS default chain's (system properties), for code under test
   * that builds its S3 client as in production.
   */
  public void useAsDefaultCredentials() {
    System.setProperty("aws.accessKeyId", ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", SECRET_KEY);
  }

  public void createBucket(String bucket) {
    try (S3Client c = client()) {
      try {
        c.createBucket(b -> b.bucket(bucket));
      } catch (software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException e) {
        // fine
      } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
        if (e.statusCode() != 409) {
          throw e;
        }
      }
    }
  }
}
