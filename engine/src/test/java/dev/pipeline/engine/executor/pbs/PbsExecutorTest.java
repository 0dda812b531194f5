package dev.pipeline.engine.executor.pbs;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** PBS Pro's and Torque's job scripts (golden), qstat answers, arrays and walltime kills. */
class PbsExecutorTest {
  @TempDir Path root;
  private final FakeCommandRunner pbs = new FakeCommandRunner();
  private final AtomicLong clock = new AtomicLong();

  private PbsExecutor executor(PbsExecutor.Flavor flavor) throws IOException {
    return new PbsExecutor(GridOptions.of(root.resolve(".pipeline"), pbs)
        .withExitGrace(Duration.ofSeconds(30)).withClock(clock::get), flavor);
  }

  private JobSpec spec(String name) {
    return new JobSpec(name, List.of("/opt/pipeline/bin/pipeline", "run-task", name), Map.of(),
        root, root.resolve("logs/" + name + ".log"), root.resolve("exit/" + name + ".exitcode"), null);
  }

  private String script(GridJob job) throws IOException {
    return Golden.normalise(Files.readString(job.submissionDirectory().resolve("job.sh")), root);
  }

  private static final JobResources TRAIN = new JobResources(8, 65536, 0, Duration.ofHours(24), 1,
      "gpuq", "proj7", List.of("-m abe", "#PBS -W umask=022"));

  @Test
  void pbsPro_singleJob_selectChunkAndWalltime() throws IOException {
    pbs.on("qsub", "7001.pbs01\n");
    List<GridJob> jobs = executor(PbsExecutor.Flavor.PBSPRO)
        .submit(new Submission("Train", List.of(spec("Train")), TRAIN, 0));
    assertEquals("7001.pbs01", jobs.get(0).jobId());
    Golden.assertMatches("executor/pbs/single-pbspro.pbs", script(jobs.get(0)));
    assertEquals(List.of("qsub", jobs.get(0).submissionDirectory().resolve("job.sh").toString()),
        pbs.calls("qsub").get(0));
  }

  @Test
  void pbsPro_fanOut_isAnArrayJobFromZero() throws IOException {
    pbs.on("qsub", "7002[].pbs01\n");
    List<GridJob> jobs = executor(PbsExecutor.Flavor.PBSPRO).submit(new Submission("Sweep",
        List.of(spec("s0"), spec("s1"), spec("s2")), JobResources.DEFAULT, 2));
    assertEquals(List.of("7002[0].pbs01", "7002[1].pbs01", "7002[2].pbs01"),
        jobs.stream().map(GridJob::jobId).toList());
    Golden.assertMatches("executor/pbs/array-pbspro.pbs", script(jobs.get(0)));
  }

  @Test
  void torque_arrayAndResources() throws IOException {
    pbs.on("qsub", "9002[].torque01.example.org\n");
    List<GridJob> jobs = executor(PbsExecutor.Flavor.TORQUE).submit(new Submission("Sweep",
        List.of(spec("s0"), spec("s1")), TRAIN, 0));
    assertEquals("9002[1].torque01.example.org", jobs.get(1).jobId());
    Golden.assertMatches("executor/pbs/array-torque.pbs", script(jobs.get(0)));
  }

  @Test
  void qstatJson_statesAndWalltimeKills() throws IOException {
    Map<String, QueueStatus> q = PbsStates.parseJson(Golden.read("executor/pbs/qstat-pbspro.json"));
    assertEquals(Phase.RUNNING, q.get("7001").phase());
    assertEquals(Phase.ENDED, q.get("7002[0]").phase());
    assertEquals(Phase.RUNNING, q.get("7002[1]").phase());
    assertEquals(Phase.QUEUED, q.get("7002[2]").phase());
    assertEquals(Termination.TIME_LIMIT, q.get("7003").termination(), "used walltime at the limit");
    assertEquals(Termination.CANCELLED, q.get("7004").termination());
    assertEquals(Phase.STUCK, q.get("7005").phase());
  }

  @Test
  void qstatXml_statesAndWalltimeKills() throws IOException {
    Map<String, QueueStatus> q = PbsStates.parseXml(Golden.read("executor/pbs/qstat-torque.xml"));
    assertEquals(Phase.RUNNING, q.get("9001").phase());
    assertEquals(Phase.ENDED, q.get("9002[0]").phase());
    assertEquals(Phase.QUEUED, q.get("9002[1]").phase());
    assertEquals(Termination.TIME_LIMIT, q.get("9003").termination());
  }

  @Test
  void poll_matchesJobsWhateverTheServerSuffix_andTheExitFileDecides() throws IOException {
    PbsExecutor e = executor(PbsExecutor.Flavor.PBSPRO);
    GridJob bench = e.reattach("7003.pbs01.cluster.example.org", spec("Bench"), root.resolve("sub"));
    Files.createDirectories(root.resolve("exit"));
    Files.writeString(bench.spec().exitCodeFile(), "143\n");
    pbs.on("qstat", Golden.read("executor/pbs/qstat-pbspro.json"));
    JobStatus s = e.poll(List.of(bench)).get(bench);
    assertEquals(JobState.FAILED, s.state());
    assertEquals(143, s.exitCode());
    assertEquals(Termination.TIME_LIMIT, s.termination());
    assertEquals(List.of("qstat", "-f", "-F", "json", "-x", "-t"), pbs.calls("qstat").get(0));
  }

  /** Through the stand-ins: array elements read their own entries; a walltime kill is reported. */
  @Test
  @Timeout(60)
  void standIn_arrayElementsAndWalltimeKill() throws Exception {
    for (PbsExecutor.Flavor flavor : PbsExecutor.Flavor.values()) {
      Path bin = StandIns.install(root.resolve("bin-" + flavor), "fake-pbs", List.of("qsub", "qstat", "qdel"));
      PbsExecutor real = new PbsExecutor(GridOptions.of(root.resolve(".pipeline"),
          new ProcessCommandRunner(Duration.ofMinutes(1), bin)), flavor);
      List<JobSpec> specs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        specs.add(new JobSpec("e" + i, List.of("bash", "-c", "echo element " + i + "; exit " + i),
            Map.of(), root, root.resolve("logs/" + flavor + i + ".log"), root.resolve("exit/" + flavor + i), null));
      }
      List<GridJob> array = real.submit(new Submission("Arr", specs, JobResources.DEFAULT, 0));
      JobSpec slow = new JobSpec("slow", List.of("sleep", "300"), Map.of(), root,
          root.resolve("logs/slow" + flavor + ".log"), root.resolve("exit/slow" + flavor), null);
      GridJob limited = real.submit(new Submission("Slow", List.of(slow),
          new JobResources(0, 0, 0, Duration.ofSeconds(2), 0, null, null, List.of()), 0)).get(0);
      List<JobHandle> all = new ArrayList<>(array);
      all.add(limited);
      Map<JobHandle, JobStatus> s;
      while (!(s = real.poll(all)).values().stream().allMatch(x -> x.state().isFinal())) {
        Thread.sleep(100);
      }
      for (int i = 0; i < 3; i++) {
        assertEquals(i, s.get(array.get(i)).exitCode(), flavor + " element " + i);
        assertTrue(Files.readString(specs.get(i).logFile()).contains("element " + i));
      }
      assertEquals(Termination.TIME_LIMIT, s.get(limited).termination(), flavor + ": " + s.get(limited));
    }
  }
}
