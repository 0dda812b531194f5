package dev.pipeline.api.targets.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.scheduler.RunOptions;
import dev.pipeline.engine.scheduler.Scheduler;
import dev.pipeline.engine.testing.S3FaultProxy;
import dev.pipeline.engine.testing.S3FaultProxy.Fault;
import dev.pipeline.engine.testing.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task whose S3 output cannot be uploaded fails with the store's one line, nothing else. */
class S3FaultTaskTest {
  /** The store the task family writes through (the proxy's), set by the test. */
  private static volatile S3Store store;

  @Family("S3FaultWriter")
  static final class Writer extends Task {
    @Param String key = "";

    @Override
    public Object output() {
      return store.file("s3://faults/" + key);
    }

    @Override
    public void run(TaskContext context) throws Exception {
      ((S3FileTarget) outputTarget()).writeString("result");
    }
  }

  @TempDir Path tmp;

  @Test
  void exhaustedUploadRetries_failTheTaskWithOneLine() throws Exception {
    S3Server s3 = S3Server.get();
    s3.createBucket("faults");
    try (S3FaultProxy proxy = new S3FaultProxy(s3.endpoint())) {
      S3Settings settings = new S3Settings(proxy.endpoint(), "us-east-1", true, 3,
          S3Settings.DEFAULT_MULTIPART);
      store = new S3Store(settings, () -> S3Clients.create(settings, S3Server.credentials()));
      proxy.always(Fault.SLOW_DOWN, r -> r.method().equals("PUT"));
      Writer task = new Writer();
      task.key = "out-" + System.nanoTime();

      RunSummary summary = new Scheduler(RunOptions.defaults(Files.createDirectories(tmp.resolve("run")))
          .withJournal(false).withCaptureOutput(false)).run(List.of(task));

      assertEquals(ExitCode.TASK_FAILED, summary.exitCode());
      String message = summary.failures().get(0).message();
      assertEquals("S3 writing s3://faults/" + task.key + " failed after 3 attempts: HTTP 503"
          + " SlowDown (the store is throttling requests; run again later or with fewer workers)",
          message);
      S3FaultTest.assertOneLine(message, task.key);
      proxy.clear();
      assertFalse(store.file("s3://faults/" + task.key).exists(), "a failed upload left an object");
      assertTrue(proxy.seen().stream().allMatch(s -> s.fault() == null));
    }
  }
}
