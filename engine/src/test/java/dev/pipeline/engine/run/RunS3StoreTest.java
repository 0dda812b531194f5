package dev.pipeline.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Targets;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.error.ExitCode;
import dev.pipeline.api.targets.DirectoryTarget;
import dev.pipeline.api.targets.FileTarget;
import dev.pipeline.api.targets.Staged;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.launch.RunOptionsBuilder;
import dev.pipeline.engine.launch.RunSetup;
import dev.pipeline.engine.model.TaskRegistry;
import dev.pipeline.engine.scheduler.Scheduler;
import dev.pipeline.engine.testing.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Two runs in one process, each with its own S3 endpoint (two in-process S3 servers with the same
 * bucket), running at the same time: every object lands on its own run's endpoint. The targets are
 * made inside the tasks' output() (which has no run in its signature), again inside another task's
 * run() through input(), and for a requirement made with req().
 */
@Timeout(120)
class RunS3StoreTest {
  /** The same location on both servers: only the endpoint tells the runs apart. */
  static final String OUT = "s3://shared/result";

  /** Waits for the other run to be inside its Write too, so the two runs really overlap. */
  static final Map<Integer, CountDownLatch> BOTH_WRITING = new ConcurrentHashMap<>();

  @TempDir Path dir;
  S3Server a;
  S3Server b;

  @Family("S3Write")
  public static final class Write extends Task {
    @Param(required = true) String out;
    @Param String text = "";
    @Param int rendezvous = 0;

    @Override
    public FileTarget output() {
      return Targets.file(this, out + "/written.txt");
    }

    @Override
    public void run(TaskContext context) throws Exception {
      CountDownLatch both = BOTH_WRITING.get(rendezvous);
      if (both != null) {
        both.countDown();
        both.await(30, TimeUnit.SECONDS);
      }
      output().writeString(text);
    }
  }

  /** Reads its requirement's object (a target made again, by Write) into a directory of its own. */
  @Family("S3Copy")
  public static final class Copy extends Task {
    @Param(required = true) String out;

    @Override
    public Object requires() {
      return req(Write.class);
    }

    @Override
    public DirectoryTarget output() {
      return Targets.directory(this, out + "/copy");
    }

    @Override
    public void run(TaskContext context) throws Exception {
      String text = input(Write.class).output().readString();
      try (Staged staged = output().stage()) {
        Files.writeString(staged.path().resolve("copy.txt"), text);
        staged.commit();
      }
    }
  }

  private final TaskRegistry registry =
      new TaskRegistry().register(Write.class).register(Copy.class);

  @BeforeEach
  void start() throws Exception {
    a = S3Server.startAnother();
    b = S3Server.startAnother();
    for (S3Server s : List.of(a, b)) {
      s.createBucket("shared");
      s.useAsDefaultCredentials(); // one key pair for both servers, from the default chain
    }
  }

  @AfterEach
  void stop() throws Exception {
    a.close();
    b.close();
  }

  @Test
  void twoConcurrentRunsWithDifferentS3Endpoints_eachWriteToTheirOwn() throws Exception {
    BOTH_WRITING.put(1, new CountDownLatch(2));
    RunSetup runA = prepare("a", cfg(a, "from a", 1), Map.of());
    RunSetup runB = prepare("b", cfg(b, "from b", 1), Map.of());
    runConcurrently(runA, runB);
    assertObjects(a, "from a");
    assertObjects(b, "from b");
    assertEquals(a.endpoint(), runA.context().s3().settings().endpoint());
    assertEquals(b.endpoint(), runB.context().s3().settings().endpoint());
  }

  @Test
  void aRunWithoutACfg_takesItsEndpointFromItsEnvironment_besideOneWithACfg() throws Exception {
    BOTH_WRITING.put(2, new CountDownLatch(2));
    RunSetup withCfg = prepare("a", cfg(a, "from a", 2), Map.of());
    RunSetup fromEnvironment = prepare("b", null, Map.of(
        "AWS_ENDPOINT_URL", b.endpoint().toString(), "AWS_REGION", "us-east-1",
        "PIPELINE__S3WRITE__TEXT", "from b", "PIPELINE__S3WRITE__RENDEZVOUS", "2"));
    runConcurrently(withCfg, fromEnvironment);
    assertObjects(a, "from a");
    assertObjects(b, "from b");
  }

  private static String cfg(S3Server server, String text, int rendezvous) {
    return """
        [s3]
        endpoint = %s
        region = us-east-1

        [S3Write]
        text = %s
        rendezvous = %d
        """.formatted(server.endpoint(), text, rendezvous);
  }

  private RunSetup prepare(String name, String cfg, Map<String, String> environment)
      throws Exception {
    Path file = cfg == null ? null : Files.writeString(dir.resolve(name + ".cfg"), cfg);
    return RunSetup.prepare(registry, "S3Copy", List.of("--out", OUT), file, environment);
  }

  private void runConcurrently(RunSetup first, RunSetup second) throws Exception {
    CompletableFuture<RunSummary> one = CompletableFuture.supplyAsync(() -> run(first, "one"));
    CompletableFuture<RunSummary> two = CompletableFuture.supplyAsync(() -> run(second, "two"));
    RunSummary s1 = one.get(90, TimeUnit.SECONDS);
    RunSummary s2 = two.get(90, TimeUnit.SECONDS);
    assertEquals(ExitCode.OK, s1.exitCode(), s1.failures().toString());
    assertEquals(ExitCode.OK, s2.exitCode(), s2.failures().toString());
  }

  private RunSummary run(RunSetup setup, String name) {
    var options = new RunOptionsBuilder(setup).runDirectory(dir.resolve(name + "-run"))
        .journal(false).build();
    return new Scheduler(options.withCaptureOutput(false)).run(List.of(setup.root()));
  }

  /** Read with the server's own client: what is really on that endpoint. */
  private static void assertObjects(S3Server server, String text) {
    try (var client = server.client()) {
      assertEquals(text, read(client, "result/written.txt"), "Write's object on " + server.endpoint());
      assertEquals(text, read(client, "result/copy/copy.txt"), "Copy's object on " + server.endpoint());
      assertTrue(read(client, "result/copy/_SUCCESS") != null, "Copy's marker on " + server.endpoint());
    }
  }

  private static String read(software.amazon.awssdk.services.s3.S3Client client, String key) {
    try {
      return client.getObject(r -> r.bucket("shared").key(key), ResponseTransformer.toBytes())
          .asUtf8String();
    } catch (NoSuchKeyException e) {
      return fail("no object " + key + ": " + e.getMessage());
    }
  }
}
