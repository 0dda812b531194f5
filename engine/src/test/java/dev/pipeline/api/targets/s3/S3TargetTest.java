package dev.pipeline.api.targets.s3;

import dev.pipeline.api.Targets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.targets.DirectoryTarget;
import dev.pipeline.api.targets.FileTarget;
import dev.pipeline.api.targets.Staged;
import dev.pipeline.api.targets.Target;
import dev.pipeline.api.targets.TargetContractTest;
import dev.pipeline.engine.testing.S3Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The target contract on S3, over HTTP against an in-process S3 server, plus S3 specifics. */
class S3TargetTest extends TargetContractTest {
  static final String BUCKET = "contract";
  private static final AtomicInteger COUNTER = new AtomicInteger();
  static S3Server server;
  static S3Store store;
  static software.amazon.awssdk.services.s3.S3Client seeder;
  String prefix;

  @BeforeAll
  static void startServer() throws Exception {
    server = S3Server.get();
    server.createBucket(BUCKET);
    store = server.store();
    seeder = server.client();
  }

  @BeforeEach
  void freshPrefix() {
    prefix = "t" + COUNTER.incrementAndGet() + "-" + System.nanoTime() + "/";
  }

  private String uri(String name) {
    return "s3://" + BUCKET + "/" + prefix + name;
  }

  @Override
  protected FileTarget newFileTarget(String name) {
    return store.file(uri(name));
  }

  @Override
  protected DirectoryTarget newDirectoryTarget(String name) {
    return store.directory(uri(name));
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
    for (var page : store.client().listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix).delimiter("/"))) {
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

  // ---- S3 specifics ------------------------------------------------------------------------

  @Test
  void bulkExists_usesOneListingPerPrefix_notOneHeadPerTarget() throws IOException {
    List<Target> targets = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      S3FileTarget t = store.file(uri("many/f" + i));
      if (i % 2 == 0) {
        t.writeString("x");
      }
      targets.add(t);
    }
    long lists = store.listCalls.get();
    long heads = store.headCalls.get();
    boolean[] bulk = store.exists(targets);
    assertEquals(1, store.listCalls.get() - lists, "one ListObjectsV2 page");
    assertEquals(0, store.headCalls.get() - heads, "no HEAD");
    for (int i = 0; i < bulk.length; i++) {
      assertEquals(i % 2 == 0, bulk[i]);
    }
  }

  @Test
  void bulkExists_pagesThroughMoreThanOneThousandKeys() throws IOException {
    // 1,100 objects under the prefix: two pages of ListObjectsV2.
    List<Target> targets = new ArrayList<>();
    S3FileTarget first = store.file(uri("paged/f0000"));
    first.writeString("x");
    for (int i = 1; i < 1100; i++) {
      S3FileTarget t = store.file(uri(String.format("paged/f%04d", i)));
      seeder.putObject(b -> b.bucket(BUCKET).key(t.location().key()),
          software.amazon.awssdk.core.sync.RequestBody.fromString("x"));
      targets.add(t);
    }
    targets.add(first);
    targets.add(store.file(uri("paged/zzz-missing")));
    long lists = store.listCalls.get();
    boolean[] bulk = store.exists(targets);
    assertEquals(2, store.listCalls.get() - lists);
    for (int i = 0; i < bulk.length - 1; i++) {
      assertTrue(bulk[i], targets.get(i).uri());
    }
    assertFalse(bulk[bulk.length - 1]);
  }

  @Test
  void largeFile_goesUpInParts_andIsInvisibleUntilComplete() throws IOException {
    S3Settings small = new S3Settings(server.endpoint(), "us-east-1", true, 3, 5L << 20);
    S3Store multipart = new S3Store(small, () -> S3Clients.create(small, S3Server.credentials()));
    S3FileTarget t = multipart.file(uri("big/multipart.bin"));
    byte[] data = new byte[21 * 1024 * 1024 + 5];
    new Random(7).nextBytes(data);
    try (Staged s = t.stage()) {
      Files.write(s.path(), data);
      assertFalse(t.exists());
      s.commit();
    }
    try (var in = t.read()) {
      assertTrue(java.util.Arrays.equals(data, in.readAllBytes()));
    }
  }

  @Test
  void directoryWithoutItsMarker_isNotComplete() throws IOException {
    // What an upload interrupted before its last object leaves behind.
    S3DirectoryTarget d = store.directory(uri("partial"));
    seeder.putObject(b -> b.bucket(BUCKET).key(d.location().key() + "/part-0"),
        software.amazon.awssdk.core.sync.RequestBody.fromString("x"));
    assertFalse(d.exists());
    assertFalse(store.exists(List.of(d))[0]);
    // and the next writer replaces the leftovers
    try (Staged s = d.stage()) {
      Files.writeString(s.path().resolve("part-1"), "y");
      s.commit();
    }
    assertEquals(List.of("part-1"), d.list());
  }

  @Test
  void missingBucket_isAOneLineErrorNamingTheBucket() {
    S3FileTarget t = store.file("s3://no-such-bucket-here/x/y.txt");
    IOException e = assertThrows(IOException.class, () -> t.writeString("x"));
    assertTrue(e.getMessage().contains("'no-such-bucket-here' does not exist"), e.getMessage());
    assertTrue(e.getMessage().contains("create it"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
    List<Target> many = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      many.add(store.file("s3://no-such-bucket-here/x/f" + i));
    }
    UncheckedIOException u = assertThrows(UncheckedIOException.class, () -> store.exists(many));
    assertTrue(u.getCause().getMessage().contains("no-such-bucket-here"), u.getMessage());
  }

  @Test
  void wrongCredentials_areRejectedWithoutShowingThem() {
    S3Settings s = server.settings();
    S3Store bad = new S3Store(s, () -> S3Clients.create(s,
        software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("AKIAWRONG", "wrong-secret-value"))));
    IOException e = assertThrows(IOException.class,
        () -> bad.file(uri("denied.txt")).writeString("x"));
    String m = e.getMessage();
    assertTrue(m.contains("'" + BUCKET + "'"), m);
    assertFalse(m.contains("wrong-secret-value"), m);
    assertFalse(m.contains(S3Server.SECRET_KEY), m);
  }

  @Test
  void missingCredentials_sayHowToProvideThem() {
    S3Settings s = server.settings();
    S3Store none = new S3Store(s, () -> S3Clients.create(s, () -> {
      throw software.amazon.awssdk.core.exception.SdkClientException.create(
          "Unable to load credentials from any of the providers in the chain");
    }));
    IOException e = assertThrows(IOException.class, () -> none.file(uri("x.txt")).writeString("x"));
    assertTrue(e.getMessage().contains("no S3 credentials found for bucket '" + BUCKET + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("AWS_ACCESS_KEY_ID"), e.getMessage());
  }

  @Test
  void settings_fromCfgSectionAndEnvironment() {
    S3Settings s = S3Settings.from(Map.of("endpoint", "http://minio:9000", "retries", "2"),
        Map.of("AWS_REGION", "eu-west-1"));
    assertEquals("http://minio:9000", s.endpoint().toString());
    assertEquals("eu-west-1", s.region());
    assertTrue(s.pathStyle(), "an endpoint override means an S3 clone: path style by default");
    assertEquals(3, s.maxAttempts());
    S3Settings env = S3Settings.from(Map.of(), Map.of("AWS_ENDPOINT_URL", "http://ceph:7480",
        "PIPELINE_S3_PATH_STYLE", "false"));
    assertFalse(env.pathStyle());
    assertEquals(null, S3Settings.from(Map.of(), Map.of()).endpoint());
  }

  /** Code outside any run: S3 settings from the environment. */
  private static final dev.pipeline.api.Configuration NO_RUN = null;

  @Test
  void targetsOf_picksS3ForS3Uris() {
    assertTrue(dev.pipeline.api.Targets.file(NO_RUN, "s3://b/k/x.txt") instanceof S3FileTarget);
    assertTrue(dev.pipeline.api.Targets.directory(NO_RUN, "s3://b/k/d/") instanceof S3DirectoryTarget);
    assertEquals("s3://b/k/d/", dev.pipeline.api.Targets.directory(NO_RUN, "s3://b/k/d/").uri());
    assertTrue(dev.pipeline.api.Targets.file(NO_RUN, "/tmp/x")
        instanceof dev.pipeline.api.targets.local.LocalFileTarget);
  }
}
