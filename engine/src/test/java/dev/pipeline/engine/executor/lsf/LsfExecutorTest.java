package dev.pipeline.engine.executor.lsf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.engine.executor.JobHandle;
import dev.pipeline.engine.executor.JobSpec;
import dev.pipeline.engine.executor.JobState;
import dev.pipeline.engine.executor.JobStatus;
import dev.pipeline.engine.executor.Termination;
import dev.pipeline.engine.executor.grid.FakeCommandRunner;
import dev.pipeline.engine.executor.grid.Golden;
import dev.pipeline.engine.executor.grid.GridJob;
import dev.pipeline.engine.executor.grid.GridOptions;
import dev.pipeline.engine.executor.grid.JobResources;
import dev.pipeline.engine.executor.grid.ProcessCommandRunner;
import dev.pipeline.engine.executor.grid.QueueStatus;
import dev.pipeline.engine.executor.grid.QueueStatus.Phase;
import dev.pipeline.engine.executor.grid.StandIns;
import dev.pipeline.engine.executor.grid.Submission;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** LSF's bsub command lines and job scripts (golden), its bjobs answers, arrays and run limits. */
class LsfExecutorTest {
  @TempDir Path root;
  private final FakeCommandRunner lsf = new FakeCommandRunner();
  private final AtomicLong clock = new AtomicLong();
  private LsfExecutor executor;

  @BeforeEach
  void setUp() throws IOException {
    executor = new LsfExecutor(GridOptions.of(root.resolve(".pipeline"), lsf)
        .withExitGrace(Duration.ofSeconds(30)).withClock(clock::get), "alice", true);
  }

  private JobSpec spec(String name) {
    return new JobSpec(name, List.of("/opt/pipeline/bin/pipeline", "run-task", name), Map.of(),
        root, root.resolve("logs/" + name + ".log"), root.resolve("exit/" + name + ".exitcode"), null);
  }

  private String script(GridJob job) throws IOException {
    return Golden.normalise(Files.readString(job.submissionDirectory().resolve("job.sh")), root);
  }

  @Test
  void submit_singleJob_putsEveryOptionOnTheBsubCommandLine() throws IOException {
    lsf.on("bsub", "Job <4711> is submitted to queue <gpu>.\n");
    JobResources r = new JobResources(8, 131072, 0, Duration.ofHours(24), 1, "x86_24h", "g2t",
        List.of("-R select[a100]", "#BSUB -B"));
    List<GridJob> jobs = executor.submit(new Submission("Train", List.of(spec("Train")), r, 0));
    assertEquals("4711", jobs.get(0).jobId());
    Golden.assertMatches("executor/lsf/single.bsub", script(jobs.get(0)));
    Path dir = jobs.get(0).submissionDirectory();
    assertEquals(List.of("bsub", "-J", "Train", "-o", dir.resolve("lsf.out").toString(), "-q",
        "x86_24h", "-P", "g2t", "-W", "24:00", "-n", "8", "-R", "span[hosts=1]", "-R",
        "rusage[mem=131072MB]", "-M", "131072MB", "-gpu", "num=1", "-R", "select[a100]", "-B",
        "/bin/bash", dir.resolve("job.sh").toString()), lsf.calls("bsub").get(0));
  }

  @Test
  void submit_fanOut_isOneArrayNumberedFromOneWithACap() throws IOException {
    lsf.on("bsub", "Job <812> is submitted to default queue <normal>.\n");
    List<GridJob> jobs = executor.submit(new Submission("Bench",
        List.of(spec("b0"), spec("b1"), spec("b2")), JobResources.DEFAULT.withGpus(2), 2));
    assertEquals(List.of("812[1]", "812[2]", "812[3]"), jobs.stream().map(GridJob::jobId).toList());
    Golden.assertMatches("executor/lsf/array.bsub", script(jobs.get(0)));
    List<String> argv = lsf.calls("bsub").get(0);
    assertEquals("Bench[1-3]%2", argv.get(argv.indexOf("-J") + 1));
    assertEquals("num=2", argv.get(argv.indexOf("-gpu") + 1));
  }

  @Test
  void runLimit_roundsUpToMinutes() {
    assertEquals("1", LsfExecutor.formatRunLimit(Duration.ofSeconds(5)));
    assertEquals("59", LsfExecutor.formatRunLimit(Duration.ofMinutes(59)));
    assertEquals("1:01", LsfExecutor.formatRunLimit(Duration.ofSeconds(3601)));
    assertEquals("48:00", LsfExecutor.formatRunLimit(Duration.ofDays(2)));
  }

  @Test
  void bjobsJsonAndDelimited_sayTheSame() throws IOException {
    Map<String, QueueStatus> json = LsfStates.parseJson(Golden.read("executor/lsf/bjobs.json"));
    Map<String, QueueStatus> delimited = LsfStates.parseDelimited(Golden.read("executor/lsf/bjobs-delimited.txt"));
    assertEquals(json, delimited);
    assertEquals(Phase.RUNNING, json.get("5001").phase());
    assertEquals(Phase.ENDED, json.get("5002[1]").phase());
    assertEquals(Phase.QUEUED, json.get("5002[2]").phase());
    assertEquals(Termination.TIME_LIMIT, json.get("5003").termination());
    assertEquals(Termination.CANCELLED, json.get("5004").termination());
    assertEquals(Termination.NONE, json.get("5005").termination());
    assertEquals(Termination.OUT_OF_MEMORY, json.get("5006").termination());
    assertNull(json.get("5099"), "an ERROR record is no job");
    assertEquals(7, json.size());
  }

  @Test
  void poll_wallTimeKill_isATimeLimitTermination_withTheWrappersCode() throws IOException {
    GridJob job = executor.reattach("5003", spec("Bench"), root.resolve("sub"));
    Files.createDirectories(root.resolve("exit"));
    Files.writeString(job.spec().exitCodeFile(), "143\n");
    lsf.on("bjobs", Golden.read("executor/lsf/bjobs.json"));
    JobStatus s = executor.poll(List.of(job)).get(job);
    assertEquals(JobState.FAILED, s.state());
    assertEquals(143, s.exitCode());
    assertEquals(Termination.TIME_LIMIT, s.termination());
    assertTrue(s.detail().contains("TERM_RUNLIMIT"), s.detail());
    assertEquals(List.of("bjobs", "-a", "-u", "alice", "-json", "-o", LsfStates.FIELDS),
        lsf.calls("bjobs").get(0));
  }

  @Test
  void poll_noJobFound_onExit255_isAnEmptyQueue() {
    GridJob job = executor.reattach("6000", spec("Gone"), root.resolve("sub"));
    lsf.on("bjobs", 255, "", "No job found\n");
    assertEquals(JobState.RUNNING, executor.poll(List.of(job)).get(job).state(),
        "within exit_grace, a job LSF forgot waits for its exit-code file");
    clock.addAndGet(Duration.ofSeconds(31).toNanos());
    assertEquals(JobState.LOST, executor.poll(List.of(job)).get(job).state());
  }

  /** Through the stand-ins: an array whose elements each read their own entry (LSF counts from 1). */
  @Test
  @Timeout(60)
  void standIn_arrayElementsRunTheirOwnEntries_andARunLimitKillIsReported() throws Exception {
    Path bin = StandIns.install(root.resolve("bin"), "fake-lsf", List.of("bsub", "bjobs", "bkill"));
    Files.writeString(bin.resolve("seconds-per-minute"), "2");
    LsfExecutor real = new LsfExecutor(GridOptions.of(root.resolve(".pipeline"),
        new ProcessCommandRunner(Duration.ofMinutes(1), bin)), System.getProperty("user.name"), true);
    List<JobSpec> specs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      specs.add(new JobSpec("e" + i, List.of("bash", "-c", "echo element " + i + "; exit " + i),
          Map.of(), root, root.resolve("logs/e" + i + ".log"), root.resolve("exit/e" + i), null));
    }
    List<GridJob> array = real.submit(new Submission("Arr", specs, JobResources.DEFAULT, 0));
    JobSpec slow = new JobSpec("slow", List.of("sleep", "300"), Map.of(), root,
        root.resolve("logs/slow.log"), root.resolve("exit/slow"), null);
    GridJob limited = real.submit(new Submission("Slow", List.of(slow),
        new JobResources(0, 0, 0, Duration.ofMinutes(1), 0, null, null, List.of()), 0)).get(0);
    List<JobHandle> all = new ArrayList<>(array);
    all.add(limited);
    Map<JobHandle, JobStatus> s = awaitFinal(real, all);
    for (int i = 0; i < 3; i++) {
      assertEquals(i, s.get(array.get(i)).exitCode(), "element " + i);
      assertTrue(Files.readString(specs.get(i).logFile()).contains("element " + i));
    }
    assertEquals(Termination.TIME_LIMIT, s.get(limited).termination(), s.get(limited).toString());
  }

  static Map<JobHandle, JobStatus> awaitFinal(LsfExecutor e, List<JobHandle> jobs) throws InterruptedException {
    while (true) {
      Map<JobHandle, JobStatus> s = e.poll(jobs);
      if (s.values().stream().allMatch(x -> x.state().isFinal())) {
        return s;
      }
      Thread.sleep(100);
    }
  }
}
