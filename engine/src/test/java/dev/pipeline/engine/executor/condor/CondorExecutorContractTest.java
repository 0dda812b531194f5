package dev.pipeline.engine.executor.condor;

import dev.pipeline.engine.executor.Executor;
import dev.pipeline.engine.executor.ExecutorContractTest;
import dev.pipeline.engine.executor.JobHandle;
import dev.pipeline.engine.executor.grid.GridOptions;
import dev.pipeline.engine.executor.grid.ProcessCommandRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The executor contract for HTCondor, which cannot be installed here: the executor drives
 * stand-ins for condor_submit, condor_q, condor_history and condor_rm (test resources
 * {@code fake-condor/}) that really run each job, as its own process group on this machine, and
 * report it as a schedd would. So everything on the executor's side is real: the submit
 * description, the job script and wrapper, the JSON ClassAds, the exit-code files.
 */
class CondorExecutorContractTest extends ExecutorContractTest {
  private Path bin;

  @Override
  protected Executor newExecutor(Path stateDirectory) throws Exception {
    bin = Files.createDirectories(dir.resolve("condor-bin"));
    for (String tool : List.of("condor_submit", "condor_q", "condor_history", "condor_rm")) {
      try (InputStream in = getClass().getResourceAsStream("/fake-condor/" + tool)) {
        Path file = bin.resolve(tool);
        Files.copy(in, file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
    return new CondorExecutor(GridOptions.of(stateDirectory,
            new ProcessCommandRunner(Duration.ofMinutes(1), bin))
        .withPollInterval(Duration.ofMillis(100)).withExitGrace(Duration.ofSeconds(2)),
        Map.of(), 0);
  }

  /** The job's whole process group SIGKILLed: nothing records an exit code, as on a lost node. */
  @Override
  protected void killWrapperHard(JobHandle job) throws IOException, InterruptedException {
    String pgid = Files.readString(bin.resolve("state").resolve(job.jobId() + ".pid")).strip();
    new ProcessBuilder("kill", "-KILL", "--", "-" + pgid).start().waitFor(10, TimeUnit.SECONDS);
  }
}
