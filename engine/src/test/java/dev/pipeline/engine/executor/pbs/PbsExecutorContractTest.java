package dev.pipeline.engine.executor.pbs;

import dev.pipeline.engine.executor.Executor;
import dev.pipeline.engine.executor.ExecutorContractTest;
import dev.pipeline.engine.executor.JobHandle;
import dev.pipeline.engine.executor.grid.GridOptions;
import dev.pipeline.engine.executor.grid.ProcessCommandRunner;
import dev.pipeline.engine.executor.grid.StandIns;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The executor contract for PBS Pro, which cannot be installed here: the executor drives
 * stand-ins for qsub, qstat and qdel (test resources {@code fake-pbs/}) that really run each job,
 * as its own process group on this machine, and report it in {@code qstat -f -F json -x}'s format.
 * {@link Torque} runs the same contract with Torque's array variable and XML.
 */
class PbsExecutorContractTest extends ExecutorContractTest {
  private static final Pattern ID = Pattern.compile("(\\d+)(?:\\[(\\d+)])?\\..*");
  private Path bin;

  protected PbsExecutor.Flavor flavor() {
    return PbsExecutor.Flavor.PBSPRO;
  }

  @Override
  protected Executor newExecutor(Path stateDirectory) throws Exception {
    bin = StandIns.install(dir.resolve("pbs-bin"), "fake-pbs", List.of("qsub", "qstat", "qdel"));
    return new PbsExecutor(GridOptions.of(stateDirectory,
            new ProcessCommandRunner(Duration.ofMinutes(1), bin))
        .withPollInterval(Duration.ofMillis(100)).withExitGrace(Duration.ofSeconds(2)), flavor());
  }

  /** The job's whole process group SIGKILLed: nothing records an exit code, as on a lost node. */
  @Override
  protected void killWrapperHard(JobHandle job) throws Exception {
    Matcher m = ID.matcher(job.jobId());
    if (!m.matches()) {
      throw new AssertionError("unexpected job id " + job.jobId());
    }
    StandIns.killGroup(bin, m.group(1) + "." + (m.group(2) == null ? "0" : m.group(2)));
  }

  /** The same contract against Torque's qsub -t and qstat -x (XML). */
  static class Torque extends PbsExecutorContractTest {
    @Override
    protected PbsExecutor.Flavor flavor() {
      return PbsExecutor.Flavor.TORQUE;
    }
  }
}
