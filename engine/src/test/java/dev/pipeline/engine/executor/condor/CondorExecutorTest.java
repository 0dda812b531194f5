package dev.pipeline.engine.executor.condor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.engine.executor.JobHandle;
import dev.pipeline.engine.executor.JobSpec;
import dev.pipeline.engine.executor.JobState;
import dev.pipeline.engine.executor.JobStatus;
import dev.pipeline.engine.executor.Termination;
import dev.pipeline.engine.executor.grid.FakeCommandRunner;
import dev.pipeline.engine.executor.grid.GridJob;
import dev.pipeline.engine.executor.grid.GridOptions;
import dev.pipeline.engine.executor.grid.Golden;
import dev.pipeline.engine.executor.grid.JobResources;
import dev.pipeline.engine.executor.grid.QueueStatus;
import dev.pipeline.engine.executor.grid.QueueStatus.Phase;
import dev.pipeline.engine.executor.grid.Submission;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTCondor's submit descriptions (golden) and its outputs (JSON ClassAds, user log). */
class CondorExecutorTest {
  @TempDir Path root;
  private final FakeCommandRunner condor = new FakeCommandRunner();
  private final AtomicLong clock = new AtomicLong();
  private CondorExecutor executor;

  @BeforeEach
  void setUp() throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PIPELINE_RUN_DIR", root.toString());
    env.put("AWS_ENDPOINT_URL", "http://minio:9000");
    env.put("ODD", "it's \"quoted\" and spaced");
    executor = new CondorExecutor(GridOptions.of(root.resolve(".pipeline"), condor)
        .withExitGrace(Duration.ofSeconds(30)).withClock(clock::get), env, 2);
  }

  private JobSpec spec(String name) {
    return new JobSpec(name, List.of("/opt/pipeline/bin/pipeline", "run-task", name), Map.of(),
        root, root.resolve("logs/" + name + ".log"), root.resolve("exit/" + name + ".exitcode"), null);
  }

  private String file(GridJob job, String name) throws IOException {
    return Golden.normalise(Files.readString(job.submissionDirectory().resolve(name)), root);
  }

  @Test
  void submit_singleJob_writesTheSubmitDescriptionAndParsesTheCluster() throws IOException {
    condor.on("condor_submit", "5117.0 - 5117.0\n");
    JobResources r = new JobResources(4, 16384, 20480, Duration.ofHours(2), 1, null, "group_ml.alice",
        List.of("+WantGPULab = true"));
    List<GridJob> jobs = executor.submit(new Submission("Train", List.of(spec("Train")), r, 0));
    assertEquals("5117.0", jobs.get(0).jobId());
    Golden.assertMatches("executor/condor/single.sub", file(jobs.get(0), "job.sub"));
    assertEquals(List.of("condor_submit", "-terse",
        jobs.get(0).submissionDirectory().resolve("job.sub").toString()), condor.calls("condor_submit").get(0));
    assertTrue(file(jobs.get(0), "job.sh").startsWith("#!/bin/bash\n# HTCondor job for Train"));
  }

  @Test
  void submit_fanOut_isOneClusterOfProcs() throws IOException {
    condor.on("condor_submit", "5120.0 - 5120.2\n");
    List<GridJob> jobs = executor.submit(new Submission("Sweep",
        List.of(spec("s0"), spec("s1"), spec("s2")), JobResources.DEFAULT, 0));
    assertEquals(List.of("5120.0", "5120.1", "5120.2"), jobs.stream().map(GridJob::jobId).toList());
    Golden.assertMatches("executor/condor/array.sub", file(jobs.get(0), "job.sub"));
  }

  @Test
  void parseAds_condorQ() throws IOException {
    Map<String, QueueStatus> s = CondorStates.parseAds(Golden.read("executor/condor/condor_q.json"));
    assertEquals(Phase.RUNNING, s.get("5120.0").phase());
    assertEquals(Phase.QUEUED, s.get("5120.1").phase());
    assertEquals(Phase.STUCK, s.get("5120.2").phase());
    assertEquals(Termination.TIME_LIMIT, s.get("5120.2").termination());
    assertEquals(Termination.NEVER_STARTED, s.get("5121.0").termination());
    assertTrue(s.get("5121.0").describe().contains("Permission denied"));
    assertEquals(Phase.RUNNING, s.get("5122.0").phase());
    assertEquals(Map.of(), CondorStates.parseAds(""));
  }

  @Test
  void parseUserLog_lastEventOfEachJobWins() throws IOException {
    Map<String, QueueStatus> s = CondorStates.parseUserLog(Golden.read("executor/condor/job.log"));
    assertEquals(Phase.ENDED, s.get("5117.0").phase());
    assertEquals("COMPLETED (return value 0)", s.get("5117.0").describe());
    assertEquals(Phase.STUCK, s.get("5117.1").phase());
    assertEquals(Termination.TIME_LIMIT, s.get("5117.1").termination());
    assertEquals(Termination.CANCELLED, s.get("5117.2").termination());
  }

  @Test
  void poll_oneCondorQ_heldOverTimeIsRemovedAsAWallTimeKill() throws IOException {
    condor.on("condor_q", Golden.read("executor/condor/condor_q.json")).on("condor_rm", "");
    GridJob running = reattached("5120.0", "a", null);
    GridJob overTime = reattached("5120.2", "b", null);
    GridJob badExecutable = reattached("5121.0", "c", null);
    Map<JobHandle, JobStatus> s = executor.poll(List.of(running, overTime, badExecutable));
    assertEquals(1, condor.calls("condor_q").size());
    assertEquals(List.of("condor_q", "-json", "-attributes", CondorStates.ATTRIBUTES),
        condor.calls("condor_q").get(0));
    assertEquals(JobState.RUNNING, s.get(running).state());
    assertEquals(Termination.TIME_LIMIT, s.get(overTime).termination());
    assertEquals(Termination.NEVER_STARTED, s.get(badExecutable).termination());
    assertEquals(List.of(List.of("condor_rm", "5120.2", "5121.0")), condor.calls("condor_rm"));
  }

  @Test
  void poll_jobsThatLeftTheQueue_historyThenUserLog_exitFileDecides() throws IOException {
    condor.on("condor_q", "").on("condor_history", Golden.read("executor/condor/condor_history.json"));
    GridJob ok = reattached("5118.0", "a", 0);
    GridJob failed = reattached("5118.1", "b", 3);
    GridJob removed = reattached("5119.0", "c", null);
    Path logDir = Files.createDirectories(root.resolve("sub"));
    Files.writeString(logDir.resolve("job.log"), Golden.read("executor/condor/job.log"));
    GridJob fromLog = executor.reattach("5117.1", spec("d"), logDir);
    Map<JobHandle, JobStatus> s = executor.poll(List.of(ok, failed, removed, fromLog));
    assertEquals(JobState.SUCCEEDED, s.get(ok).state());
    assertEquals(3, s.get(failed).exitCode());
    assertEquals(Termination.CANCELLED, s.get(removed).termination());
    assertEquals(Termination.TIME_LIMIT, s.get(fromLog).termination());
    List<String> history = condor.calls("condor_history").get(0);
    assertEquals("ClusterId == 5118 || ClusterId == 5119 || ClusterId == 5117", history.get(history.size() - 1));
  }

  @Test
  void historyCommand_constraintPerCluster() {
    assertEquals(List.of("condor_history", "-json", "-attributes", CondorStates.ATTRIBUTES,
        "-constraint", "ClusterId == 1 || ClusterId == 2"), CondorExecutor.historyCommand(Set.of("1", "2").stream().sorted()
            .collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new))));
  }

  @Test
  void environment_newSyntaxQuoting() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("A", "plain");
    env.put("B", "two words");
    env.put("C", "it's");
    env.put("D", "say \"hi\"");
    env.put("E", "x\"y");
    assertEquals("A=plain B='two words' C='it''s' D='say \"\"hi\"\"' E=x\"\"y",
        CondorSubmitDescription.environment(env));
  }

  private GridJob reattached(String id, String name, Integer exitCode) throws IOException {
    JobSpec spec = spec(name);
    Files.createDirectories(spec.exitCodeFile().getParent());
    if (exitCode != null) {
      Files.writeString(spec.exitCodeFile(), exitCode + "\n");
    }
    return executor.reattach(id, spec, root);
  }
}
