package dev.pipeline.api.targets.s3;

import dev.pipeline.api.targets.DirectoryTarget;
import dev.pipeline.api.targets.FileTarget;
import dev.pipeline.api.targets.TargetContractTest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The target contract against LocalStack's S3 where Docker works; skipped cleanly elsewhere. */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackS3TargetTest extends TargetContractTest {
  @Container
  static final LocalStackContainer LOCALSTACK =
      new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4")).withServices("s3");

  private static final AtomicInteger COUNTER = new AtomicInteger();
  static S3Store store;
  String prefix;

  @BeforeAll
  static void connect() {
    S3Settings s = new S3Settings(LOCALSTACK.getEndpoint(), LOCALSTACK.getRegion(), true, 3,
        S3Settings.DEFAULT_MULTIPART);
    var creds = StaticCredentialsProvider.create(
        AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey()));
    store = new S3Store(s, () -> S3Clients.create(s, creds));
    store.client().createBucket(b -> b.bucket("contract"));
  }

  @BeforeEach
  void freshPrefix() {
    prefix = "t" + COUNTER.incrementAndGet() + "/";
  }

  @Override
  protected FileTarget newFileTarget(String name) {
    return store.file("s3://contract/" + prefix + name);
  }

  @Override
  protected DirectoryTarget newDirectoryTarget(String name) {
    return store.directory("s3://contract/" + prefix + name);
  }

  @Override
  protected Map<String, String> readDirectory(DirectoryTarget target) throws IOException {
    S3DirectoryTarget d = (S3DirectoryTarget) target;
    Map<String, String> out = new TreeMap<>();
    for (String rel : d.list()) {
      out.put(rel, d.child(rel).readString());
    }
    return out;
  }

  @Override
  protected List<String> listContainer() {
    List<String> out = new ArrayList<>();
    for (var page : store.client().listObjectsV2Paginator(
        b -> b.bucket("contract").prefix(prefix).delimiter("/"))) {
      for (S3Object o : page.contents()) {
        out.add(o.key().substring(prefix.length()));
      }
      for (CommonPrefix p : page.commonPrefixes()) {
        String name = p.prefix().substring(prefix.length());
        out.add(name.substring(0, name.length() - 1));
      }
    }
    out.sort(null);
    return out;
  }
}
