package dev.pipeline.api.targets.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.targets.StorageFault;
import dev.pipeline.engine.testing.S3FaultProxy;
import dev.pipeline.engine.testing.S3FaultProxy.Fault;
import dev.pipeline.engine.testing.S3FaultProxy.Request;
import dev.pipeline.engine.testing.S3Server;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * S3 targets behind a proxy that breaks requests (500, 503 SlowDown, connection reset, truncated
 * bodies, latency) in front of a real S3 API server: uploads and existence checks retry with
 * backoff, no partial object ever becomes visible, and exhausted retries end in one line.
 */
class S3FaultTest {
  private static final String BUCKET = "faults";
  private static final Predicate<Request> PUT = r -> r.method().equals("PUT");
  private static final Predicate<Request> HEAD = r -> r.method().equals("HEAD");
  private static final Predicate<Request> LIST = r -> r.method().equals("GET") && r.target().contains("list-type");

  private static S3Server s3;
  private S3FaultProxy proxy;
  private S3Client direct;
  private final byte[] content = new byte[256 * 1024];

  @BeforeEach
  void start() throws Exception {
    s3 = S3Server.get();
    s3.createBucket(BUCKET);
    proxy = new S3FaultProxy(s3.endpoint());
    direct = s3.client();
    new Random(7).nextBytes(content);
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    direct.close();
  }

  private S3Store store(int attempts, long multipartThreshold) {
    S3Settings s = new S3Settings(proxy.endpoint(), "us-east-1", true, attempts, multipartThreshold);
    return new S3Store(s, () -> S3Clients.create(s, S3Server.credentials()));
  }

  private S3Store store(int attempts) {
    return store(attempts, S3Settings.DEFAULT_MULTIPART);
  }

  private static String key(String name) {
    return name + "-" + System.nanoTime();
  }

  private void upload(S3FileTarget target) throws IOException {
    target.write(out -> out.write(content));
  }

  private boolean visible(String key) {
    try {
      direct.headObject(b -> b.bucket(BUCKET).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  private byte[] stored(String key) throws IOException {
    try (InputStream in = direct.getObject(b -> b.bucket(BUCKET).key(key))) {
      return in.readAllBytes();
    }
  }

  private long faulted() {
    return proxy.seen().stream().filter(s -> s.fault() != null).count();
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void upload_isRetriedThroughEachFault_andStoresTheWholeObject(Fault fault) throws IOException {
    String key = key("up");
    proxy.inject(fault, 2, PUT);
    upload(store(4).file("s3://" + BUCKET + "/" + key));
    assertArrayEquals(content, stored(key));
    // Latency slows a request down without failing it: nothing to retry.
    assertEquals(fault == Fault.LATENCY ? 1 : 2, faulted(), proxy.seen().toString());
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void existenceCheck_isRetriedThroughEachFault(Fault fault) throws IOException {
    String key = key("head");
    direct.putObject(b -> b.bucket(BUCKET).key(key),
        software.amazon.awssdk.core.sync.RequestBody.fromString("x"));
    proxy.inject(fault, 2, HEAD);
    S3Store store = store(4);
    assertTrue(store.file("s3://" + BUCKET + "/" + key).exists());
    proxy.inject(fault, 2, HEAD);
    assertFalse(store.file("s3://" + BUCKET + "/" + key + "-absent").exists());
    assertEquals(fault == Fault.LATENCY ? 2 : 4, faulted(), proxy.seen().toString());
  }

  @ParameterizedTest
  @EnumSource(value = Fault.class, names = {"SERVER_ERROR", "SLOW_DOWN", "RESET", "TRUNCATE"})
  void bulkExistence_isRetriedThroughEachFault(Fault fault) {
    String prefix = key("bulk");
    List<S3FileTarget> targets = new ArrayList<>();
    S3Store store = store(4);
    for (int i = 0; i < 6; i++) {
      String k = prefix + "/part-" + i;
      if (i % 2 == 0) {
        direct.putObject(b -> b.bucket(BUCKET).key(k),
            software.amazon.awssdk.core.sync.RequestBody.fromString("x"));
      }
      targets.add(store.file("s3://" + BUCKET + "/" + k));
    }
    proxy.inject(fault, 2, LIST);
    assertArrayEquals(new boolean[] {true, false, true, false, true, false}, store.exists(targets));
    assertEquals(2, faulted(), proxy.seen().toString());
  }

  @ParameterizedTest
  @EnumSource(value = Fault.class, names = {"SERVER_ERROR", "SLOW_DOWN", "RESET", "TRUNCATE"})
  void exhaustedRetries_failInOneLine_andLeaveNoObject(Fault fault) {
    String key = key("never");
    proxy.always(fault, PUT);
    StorageFault e = assertThrows(StorageFault.class,
        () -> upload(store(3).file("s3://" + BUCKET + "/" + key)));
    assertOneLine(e.getMessage(), "s3://" + BUCKET + "/" + key);
    assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
    assertEquals(3, faulted(), proxy.seen().toString());
    proxy.clear();
    assertFalse(visible(key), "a failed upload left an object");
  }

  @Test
  void exhaustedRetries_onAnExistenceCheck_failInOneLine() {
    proxy.always(Fault.SLOW_DOWN, HEAD);
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> store(3).file("s3://" + BUCKET + "/x").exists());
    assertTrue(e.getCause() instanceof StorageFault);
    assertOneLine(e.getCause().getMessage(), "s3://" + BUCKET + "/x");
    assertTrue(e.getCause().getMessage().contains("HTTP 503 SlowDown"), e.getCause().getMessage());
  }

  @Test
  void multipartUpload_isRetriedPerPart_andInvisibleUntilComplete() throws IOException {
    byte[] large = new byte[6 << 20]; // above the smallest multipart threshold, 5 MiB
    new Random(8).nextBytes(large);
    String key = key("multi");
    proxy.inject(Fault.RESET, 1, PUT).inject(Fault.SLOW_DOWN, 1, r -> r.method().equals("POST"))
        .inject(Fault.TRUNCATE, 1, PUT);
    store(4, 1024).file("s3://" + BUCKET + "/" + key).write(out -> out.write(large));
    assertArrayEquals(large, stored(key));
    assertEquals(3, faulted(), proxy.seen().toString());

    String never = key("multi-never");
    proxy.clear();
    proxy.always(Fault.SERVER_ERROR, r -> r.method().equals("POST") && r.target().contains("uploadId"));
    StorageFault e = assertThrows(StorageFault.class,
        () -> store(2, 1024).file("s3://" + BUCKET + "/" + never).write(out -> out.write(large)));
    assertOneLine(e.getMessage(), never);
    proxy.clear();
    assertFalse(visible(never), "parts of an unfinished multipart upload became an object");
  }

  @Test
  void truncatedDownload_isAnError_neverShortData() throws IOException {
    String key = key("down");
    direct.putObject(b -> b.bucket(BUCKET).key(key),
        software.amazon.awssdk.core.sync.RequestBody.fromBytes(content));
    proxy.always(Fault.TRUNCATE, r -> r.method().equals("GET"));
    S3FileTarget target = store(2).file("s3://" + BUCKET + "/" + key);
    assertThrows(IOException.class, () -> {
      try (InputStream in = target.read()) {
        byte[] got = in.readAllBytes();
        assertEquals(content.length, got.length, "short data was returned as complete");
      }
    });
  }

  static void assertOneLine(String message, String names) {
    assertFalse(message.contains("\n"), message);
    assertTrue(message.contains(names), message);
    assertFalse(message.matches("(?s).*(\\w*Exception\\b|\\b[a-z]+\\.[a-z.]+\\.[A-Z]).*"),
        "a class name: " + message);
    assertFalse(message.contains("software.amazon") || message.contains("org.apache"), message);
    assertFalse(message.contains(S3Server.SECRET_KEY), message);
    assertFalse(message.contains(new String(new byte[] {'\t', 'a', 't', ' '}, StandardCharsets.US_ASCII)));
  }
}
