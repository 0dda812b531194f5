package dev.pipeline.engine.executor.lsf;

import dev.pipeline.engine.executor.Executor;
import dev.pipeline.engine.executor.ExecutorContractTest;
import dev.pipeline.engine.executor.JobHandle;
import dev.pipeline.engine.executor.grid.GridOptions;
import dev.pipeline.engine.executor.grid.ProcessCommandRunner;
import dev.pipeline.engine.executor.grid.StandIns;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The executor contract for LSF, which cannot be installed here: the executor drives stand-ins
 * for bsub, bjobs and bkill (test resources {@code fake-lsf/}) that really run each job, as its own
 * process group on this machine, and report it in bjobs' JSON. Everything on the executor's side
 * is real: the bsub command line, the job script and wrapper, the exit-code files.
 */
class LsfExecutorContractTest extends ExecutorContractTest {
  private Path bin;

  @Override
  protected Executor newExecutor(Path stateDirectory) throws Exception {
    bin = StandIns.install(dir.resolve("lsf-bin"), "fake-lsf", List.of("bsub", "bjobs", "bkill"));
    return new LsfExecutor(GridOptions.of(stateDirectory,
            new ProcessCommandRunner(Duration.ofMinutes(1), bin))
        .withPollInterval(Duration.ofMillis(100)).withExitGrace(Duration.ofSeconds(2)),
        System.getProperty("user.name"), true);
  }

  /** The job's whole process group SIGKILLed: nothing records an exit code, as on a lost node. */
  @Override
  protected void killWrapperHard(JobHandle job) throws Exception {
    String id = job.jobId();
    StandIns.killGroup(bin, id.contains("[") ? id.replace("[", ".").replace("]", "") : id + ".0");
  }
}
