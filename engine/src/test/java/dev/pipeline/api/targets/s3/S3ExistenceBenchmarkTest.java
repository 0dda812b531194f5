package dev.pipeline.api.targets.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pipeline.api.targets.Target;
import dev.pipeline.engine.testing.S3Server;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Existence of 10,000 S3 targets under one prefix against the in-process server: one paginated
 * listing (10 pages) against one HEAD per object, measured in the same run. Slow (tens of seconds
 * on two shared cores for the seeding and the HEADs), so it runs only with
 * {@code -Dpipeline.bench=true}, through {@code bench/s3-exists.sh}, which repeats it and reports
 * medians. It checks that both ways agree on every target; the times are the benchmark's to judge
 * (target: listing at most 1 s), not an assertion's, since a loaded machine is not a regression.
 */
@EnabledIfSystemProperty(named = "pipeline.bench", matches = "true")
class S3ExistenceBenchmarkTest {
  static final int N = 10_000;

  @Test
  void listingVersusHeadFor10000Targets() throws Exception {
    S3Server server = S3Server.get();
    server.createBucket("bench");
    S3Store store = server.store();
    List<Target> targets = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      targets.add(store.file(String.format("s3://bench/run/out/f%05d.txt", i)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (S3Client seeder = server.client()) {
      List<Future<?>> puts = new ArrayList<>();
      for (int i = 0; i < N; i += 2) { // every second one present
        String key = ((S3FileTarget) targets.get(i)).location().key();
        puts.add(pool.submit(() -> seeder.putObject(b -> b.bucket("bench").key(key), RequestBody.fromString("x"))));
      }
      for (Future<?> f : puts) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    store.exists(targets.subList(0, 10)); // warm the client (HEAD path) and the connection
    store.exists(targets.subList(0, 100));
    long t0 = System.nanoTime();
    boolean[] listed = store.exists(targets);
    long listingNanos = System.nanoTime() - t0;
    t0 = System.nanoTime();
    boolean[] headed = new boolean[N];
    for (int i = 0; i < N; i++) {
      headed[i] = targets.get(i).exists();
    }
    long headNanos = System.nanoTime() - t0;
    for (int i = 0; i < N; i++) {
      assertEquals(i % 2 == 0, listed[i]);
      assertEquals(listed[i], headed[i]);
    }
    String report = String.format("S3 existence of %d targets under one prefix: listing %d ms,"
        + " HEAD per object %d ms (%.0fx)", N, listingNanos / 1_000_000, headNanos / 1_000_000,
        (double) headNanos / listingNanos);
    System.out.println(report);
    java.nio.file.Files.writeString(java.nio.file.Path.of("target", "s3-existence-benchmark.csv"),
        "s3-exists," + N + "," + listingNanos / 1e9 + "," + headNanos / 1e9 + "\n",
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
  }
}
