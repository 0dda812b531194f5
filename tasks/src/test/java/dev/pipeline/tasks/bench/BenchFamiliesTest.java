package dev.pipeline.tasks.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.api.Task;
import dev.pipeline.engine.model.TaskArguments;
import dev.pipeline.engine.model.TaskFamily;
import dev.pipeline.engine.model.TaskRegistry;
import dev.pipeline.engine.scheduler.RunOptions;
import dev.pipeline.engine.scheduler.Scheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark families as the benchmark uses them: cold runs and resumes. */
@Timeout(60)
class BenchFamiliesTest {
  @TempDir Path dir;

  private static Task task(String family, String... args) {
    TaskFamily f = TaskRegistry.discover(BenchFamiliesTest.class.getClassLoader()).family(family);
    return f.instantiate(TaskArguments.parse(f, List.of(args)));
  }

  private RunSummary run(Task root) {
    return new Scheduler(RunOptions.defaults(dir).withWorkers(2).withJournal(false))
        .run(List.of(root));
  }

  @Test
  void fan_writesEveryLeafAndTheSink_thenResumesWithOnlyTheSink() throws Exception {
    Path out = dir.resolve("fan");
    Task fan = task("Fan", "--n", "50", "--out", out.toString());

    RunSummary cold = run(fan);
    assertEquals(ExitCode.OK, cold.exitCode());
    assertEquals(51, cold.count(TaskState.DONE));
    assertEquals("50\n", Files.readString(out.resolve("all.txt")));
    assertEquals("49\n", Files.readString(out.resolve("49.txt")));

    Files.delete(out.resolve("all.txt"));
    RunSummary resume = run(task("Fan", "--n", "50", "--out", out.toString()));
    assertEquals(ExitCode.OK, resume.exitCode(), resume.toString());
    assertEquals(1, resume.count(TaskState.DONE));
    assertEquals(50, resume.count(TaskState.COMPLETE));

    RunSummary nothing = run(task("Fan", "--n", "50", "--out", out.toString()));
    assertEquals(ExitCode.OK, nothing.exitCode());
    assertEquals(0, nothing.count(TaskState.DONE));
  }

  @Test
  void layers_inMemory_coldAndResumePresets() {
    String out = dir.resolve("layers").toString();
    RunSummary cold = run(task("Layers", "--layers", "4", "--width", "10", "--out", out + "-cold",
        "--storage", "memory"));
    assertEquals(ExitCode.OK, cold.exitCode());
    assertEquals(41, cold.count(TaskState.DONE));

    RunSummary resume = run(task("Layers", "--layers", "4", "--width", "10", "--out",
        out + "-resume", "--storage", "memory", "--preset", "all_but_sink"));
    assertEquals(ExitCode.OK, resume.exitCode(), resume.toString());
    assertEquals(1, resume.count(TaskState.DONE), "only the sink runs");

    RunSummary complete = run(task("Layers", "--layers", "4", "--width", "10", "--out",
        out + "-all", "--storage", "memory", "--preset", "all"));
    assertEquals(ExitCode.OK, complete.exitCode());
    assertEquals(1, complete.count(TaskState.COMPLETE));
    assertEquals(0, complete.count(TaskState.DONE));
  }

  /**
   * GpuMix on a 2-GPU pool: every trial (a third ask for both GPUs), preparation step and CPU task
   * runs once, and the same seed gives the same mix (a rerun finds it all complete).
   */
  @Test
  void gpuMix_runsEveryTaskOnThePool_andTheSeedFixesTheMix() {
    String out = dir.resolve("mix").toString();
    RunOptions options = RunOptions.defaults(dir).withWorkers(4).withGpus(List.of("0", "1"))
        .withJournal(false);
    Task mix = task("GpuMix", "--trials", "12", "--unit", "1", "--seed", "7", "--out", out,
        "--storage", "memory");
    RunSummary cold = new Scheduler(options).run(List.of(mix));
    assertEquals(ExitCode.OK, cold.exitCode(), cold.toString());
    int done = cold.count(TaskState.DONE);
    assertTrue(done >= 1 + 12 + 6 && done <= 1 + 12 + 12 + 6, "sink, trials, preps, CPU tasks: " + done);

    RunSummary again = new Scheduler(options).run(List.of(task("GpuMix", "--trials", "12", "--unit",
        "1", "--seed", "7", "--out", out, "--storage", "memory")));
    assertEquals(0, again.count(TaskState.DONE), "the same seed names the same tasks");
  }
}
