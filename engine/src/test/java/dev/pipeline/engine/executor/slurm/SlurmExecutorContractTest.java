package dev.pipeline.engine.executor.slurm;

import dev.pipeline.engine.executor.Executor;
import dev.pipeline.engine.executor.ExecutorContractTest;
import dev.pipeline.engine.executor.JobHandle;
import dev.pipeline.engine.executor.grid.GridOptions;
import dev.pipeline.engine.executor.grid.ProcessCommandRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * The executor contract against a real SLURM ({@code scripts/slurm-test-cluster.sh}, run by
 * {@code .ci/run}; {@code mvn test -Pcluster}): each job goes through sbatch, the job-side
 * wrapper and squeue, as on a cluster.
 */
@Tag("cluster")
@Timeout(180)
class SlurmExecutorContractTest extends ExecutorContractTest {
  @BeforeAll
  static void slurmAnswers() throws Exception {
    Assumptions.assumeTrue(run("scontrol", "ping").contains("UP"),
        "no SLURM controller answers here (scripts/slurm-test-cluster.sh start)");
  }

  @Override
  protected Executor newExecutor(Path stateDirectory) throws Exception {
    return new SlurmExecutor(GridOptions.of(stateDirectory,
            new ProcessCommandRunner(Duration.ofMinutes(1), null))
        .withPollInterval(Duration.ofMillis(200)).withExitGrace(Duration.ofSeconds(3)),
        System.getProperty("user.name"), SlurmExecutor.Accounting.AUTO);
  }

  /** Every process of the job SIGKILLed on its node: what a node that dies does to the wrapper. */
  @Override
  protected void killWrapperHard(JobHandle job) throws Exception {
    String pids = run("scontrol", "listpids", job.jobId());
    for (String line : pids.lines().skip(1).toList()) {
      String pid = line.strip().split("\\s+")[0];
      if (pid.matches("\\d+")) {
        new ProcessBuilder("kill", "-9", pid).start().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static String run(String... argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }
}
