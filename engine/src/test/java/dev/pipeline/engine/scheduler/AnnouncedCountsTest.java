package dev.pipeline.engine.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.event.GraphGrew;
import dev.pipeline.engine.event.GraphResolved;
import dev.pipeline.engine.event.RunEvent;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.engine.testing.FanOut;
import dev.pipeline.engine.testing.Node;
import dev.pipeline.engine.testing.Recorder;
import dev.pipeline.engine.testing.TestRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What the run announces (the console's "N to run" and "done (i/N)") matches what it does. */
@Timeout(30)
class AnnouncedCountsTest {
  @TempDir Path dir;

  @Test
  void aWrapperOverCompleteTasks_isAnnouncedAsAlreadyComplete_notAsToRun() throws Exception {
    String key = Recorder.newKey("wrap");
    Path out = Files.createDirectories(dir.resolve("out"));
    Node leaf = Node.of(key, "leaf").out(out);
    assertEquals(ExitCode.OK, TestRun.run(RunOptions.defaults(dir), leaf).summary.exitCode());
    Node wrapper = Node.of(key, "wrapper");
    wrapper.deps = List.of(leaf);

    TestRun run = TestRun.run(RunOptions.defaults(dir), wrapper);

    assertEquals(ExitCode.OK, run.summary.exitCode());
    assertEquals(new Counts(2, 2, 0), Counts.of(resolved(run)));
    assertEquals(List.of(), run.taskEvents(), "nothing ran, nothing became complete during the run");
    assertEquals(2, run.summary.count(TaskState.COMPLETE));
  }

  @Test
  void dynamicRequirements_growTheAnnouncedTotal_byWhatTheyAdd() throws Exception {
    String key = Recorder.newKey("grow");
    Path out = Files.createDirectories(dir.resolve("out"));
    FanOut fan = FanOut.of(key, out, List.of("a", "b", "c"));

    TestRun run = TestRun.run(RunOptions.defaults(dir).withWorkers(2), fan);

    assertEquals(ExitCode.OK, run.summary.exitCode(), run.summary.toString());
    int announced = resolved(run).toRun();
    for (RunEvent e : run.events) {
      if (e instanceof GraphGrew g) {
        announced += g.toRun();
      }
    }
    assertEquals(run.summary.count(TaskState.DONE), announced,
        "every task that ran was announced: " + run.events);
  }

  private static GraphResolved resolved(TestRun run) {
    return run.events.stream().filter(GraphResolved.class::isInstance)
        .map(GraphResolved.class::cast).findFirst().orElseThrow();
  }

  private record Counts(int total, int complete, int toRun) {
    static Counts of(GraphResolved g) {
      return new Counts(g.total(), g.complete(), g.toRun());
    }
  }
}
