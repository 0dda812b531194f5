package dev.pipeline.engine.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipeline.api.Param;
import dev.pipeline.api.Published;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.error.ExitCode;
import dev.pipeline.api.targets.local.LocalFileTarget;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.engine.journal.JournalRecord;
import dev.pipeline.engine.journal.JournalWriter;
import dev.pipeline.engine.testing.TestRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Items published while a task runs: per-item tasks of a follower start before the producer ends,
 * the follower sees every item, and after the producer was killed a new run resumes it from its
 * last checkpoint and repeats no per-item task that finished.
 */
@Timeout(60)
class PublishedItemsTest {
  @TempDir Path dir;

  /** Trains in steps; after each a checkpoint, published. {@code dieAt}: killed once there. */
  public static class Producer extends Task {
    @Param(required = true) Path out;
    @Param int steps = 3;
    @Param int dieAt = -1;
    @Param int stepMillis = 400;

    @Override
    public LocalFileTarget output() {
      return LocalFileTarget.of(out.resolve("model.txt"));
    }

    @Override
    public void run(TaskContext ctx) throws Exception {
      Path ckpts = ctx.checkpointDirectory();
      int start = 0;
      while (Files.exists(ckpts.resolve("ckpt-" + (start + 1)))) {
        start++;
      }
      Files.writeString(out.resolve("starts.txt"), start + "\n", StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      for (int step = start + 1; step <= steps; step++) {
        Thread.sleep(stepMillis);
        Path tmp = ckpts.resolve(".ckpt-" + step + ".tmp");
        Files.writeString(tmp, "weights after step " + step);
        Path ckpt = Files.move(tmp, ckpts.resolve("ckpt-" + step), StandardCopyOption.ATOMIC_MOVE);
        ctx.publish("ckpt-" + step, ckpt);
        Path died = out.resolve("died");
        if (step == dieAt && !Files.exists(died)) {
          Files.writeString(died, "");
          throw new IllegalStateException("killed at step " + step);
        }
      }
      Thread.sleep(stepMillis); // the producer is still running when the last benchmark starts
      output().writeString("final after " + steps + " steps");
    }
  }

  /** Benchmarks one checkpoint. */
  public static class Bench extends Task {
    @Param(required = true) Path checkpoint;
    @Param(required = true) Path out;

    @Override
    public LocalFileTarget output() {
      return LocalFileTarget.of(out.resolve("bench-" + checkpoint.getFileName() + ".txt"));
    }

    @Override
    public void run(TaskContext ctx) throws Exception {
      Files.writeString(out.resolve("bench-runs.txt"), checkpoint.getFileName() + "\n",
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      output().writeString("score of " + Files.readString(checkpoint));
    }
  }

  /** Follows the producer: a benchmark per checkpoint, then a table of every one. */
  public static class Summary extends Task {
    @Param(required = true) Path out;
    @Param int dieAt = -1;

    Producer producer() {
      return Task.create(Producer.class, "out", out, "dieAt", dieAt);
    }

    @Override
    public Object requires() {
      return producer();
    }

    @Override
    public Task follows() {
      return producer();
    }

    @Override
    public Object forItem(Published item) {
      return Task.create(Bench.class, "checkpoint", item.path(), "out", out);
    }

    @Override
    public LocalFileTarget output() {
      return LocalFileTarget.of(out.resolve("summary.txt"));
    }

    @Override
    public void run(TaskContext ctx) throws Exception {
      StringBuilder table = new StringBuilder();
      for (Published p : ctx.published(producer())) {
        table.append(p.name()).append(' ')
            .append(Files.readString(out.resolve("bench-" + p.path().getFileName() + ".txt")))
            .append('\n');
      }
      output().writeString(table.toString());
    }
  }

  private Summary summary(Path out, int dieAt) {
    return Task.create(Summary.class, "out", out, "dieAt", dieAt);
  }

  private static Instant time(TestRun run, Task task, TaskState state) {
    return run.events(task, state).get(0).time();
  }

  private List<JournalRecord> journal(String type) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<JournalRecord> out = new ArrayList<>();
    for (String line : Files.readAllLines(JournalWriter.fileIn(dir))) {
      JournalRecord r = json.readValue(line, JournalRecord.class);
      if (r.type().equals(type)) {
        out.add(r);
      }
    }
    return out;
  }

  @Test
  void benchmarksStartWhileTheProducerRuns_andTheFollowerSeesEveryItem() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Summary summary = summary(out, -1);
    TestRun run = TestRun.run(RunOptions.defaults(dir).withWorkers(3), summary);

    assertEquals(ExitCode.OK, run.summary.exitCode(), run.summary.toString());
    Producer producer = summary.producer();
    Path ckpts = TaskContext.checkpointDirectory(dir, producer.id());
    Bench first = Task.create(Bench.class, "checkpoint", ckpts.resolve("ckpt-1"), "out", out);
    Bench last = Task.create(Bench.class, "checkpoint", ckpts.resolve("ckpt-3"), "out", out);
    assertTrue(time(run, first, TaskState.DONE).isBefore(time(run, producer, TaskState.DONE)),
        "the benchmark of checkpoint 1 finished before training ended");
    assertTrue(time(run, last, TaskState.RUNNING).isBefore(time(run, producer, TaskState.DONE)));
    assertTrue(time(run, summary, TaskState.RUNNING).isAfter(time(run, producer, TaskState.DONE)));
    assertEquals("ckpt-1 score of weights after step 1\nckpt-2 score of weights after step 2\n"
        + "ckpt-3 score of weights after step 3\n", Files.readString(out.resolve("summary.txt")));

    // The journal has each item, with its time, and the benchmark's start after it.
    List<JournalRecord> published = journal("published");
    assertEquals(List.of("ckpt-1", "ckpt-2", "ckpt-3"), published.stream().map(JournalRecord::item).toList());
    assertEquals(producer.id().canonical(), published.get(0).task());
    List<JournalRecord> tasks = journal("task");
    String producerDone = tasks.stream().filter(r -> r.task().equals(producer.id().canonical())
        && r.state().equals("DONE")).findFirst().orElseThrow().time();
    String benchStarted = tasks.stream().filter(r -> r.task().equals(first.id().canonical())
        && r.state().equals("RUNNING")).findFirst().orElseThrow().time();
    assertTrue(Instant.parse(benchStarted).isBefore(Instant.parse(producerDone)),
        "journal: bench of ckpt-1 started " + benchStarted + ", training ended " + producerDone);
  }

  @Test
  void aKilledProducer_resumesFromItsLastCheckpoint_andNoFinishedBenchmarkRunsAgain() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Summary summary = summary(out, 2);
    TestRun killed = TestRun.run(RunOptions.defaults(dir).withWorkers(3), summary);
    assertEquals(ExitCode.TASK_FAILED, killed.summary.exitCode());
    assertEquals(List.of("ckpt-1", "ckpt-2"), Files.readAllLines(out.resolve("bench-runs.txt")).stream().sorted().toList(),
        "the published checkpoints were benchmarked although training died");

    TestRun again = TestRun.run(RunOptions.defaults(dir).withWorkers(3), summary);

    assertEquals(ExitCode.OK, again.summary.exitCode(), again.summary.toString());
    assertEquals(List.of("0", "2"), Files.readAllLines(out.resolve("starts.txt")),
        "the producer resumed from its last checkpoint");
    assertEquals(List.of("ckpt-1", "ckpt-2", "ckpt-3"),
        Files.readAllLines(out.resolve("bench-runs.txt")).stream().sorted().toList(),
        "no finished benchmark ran again");
    assertTrue(Files.readString(out.resolve("summary.txt")).startsWith("ckpt-1 "));
    assertEquals(3, Files.readString(out.resolve("summary.txt")).lines().count());
  }

  @Test
  void aFollowerThatDoesNotRequireItsProducer_failsSayingSo() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Task lonely = Task.create(Lonely.class, "out", out);
    TestRun run = TestRun.run(RunOptions.defaults(dir), lonely);
    assertEquals(ExitCode.TASK_FAILED, run.summary.exitCode());
    assertTrue(run.summary.failures().get(0).message().contains("not among its requires()"),
        run.summary.failures().toString());
  }

  /** Follows a producer it does not require. */
  public static class Lonely extends Task {
    @Param(required = true) Path out;

    @Override
    public Task follows() {
      return Task.create(Producer.class, "out", out);
    }

    @Override
    public LocalFileTarget output() {
      return LocalFileTarget.of(out.resolve("lonely.txt"));
    }
  }
}
